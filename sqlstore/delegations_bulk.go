package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
)

// CreateDelegations registers the delegations of several states at one
// meeting in one transaction: either all are stored, or, when a state is
// not on the organization's roll on the meeting's first day or has a
// delegation there already, none is. The meeting's row is locked first,
// so that two officers registering at once cannot both pass the check.
func (db *DB) CreateDelegations(ctx context.Context, meetingID int64, ds []*accord.Delegation) error {
	if len(ds) == 0 {
		return accord.Invalid("states", "choose at least one state")
	}
	if len(ds) > accord.MaxBulkDelegations {
		return accord.Invalid("states", "choose at most %d states at once", accord.MaxBulkDelegations)
	}
	for _, d := range ds {
		if d.MeetingID != meetingID || d.State == "" {
			return accord.Invalid("states", "a bulk registration is of states' delegations to one meeting")
		}
		if err := d.Validate(); err != nil {
			return accord.Wrap("create delegations", err)
		}
	}
	return db.write(ctx, "create delegations", func(t *txn) error {
		type meeting struct {
			org    string
			number int
			start  string
		}
		m, err := one(t, func(r scanner) (m meeting, err error) { return m, r.Scan(&m.org, &m.number, &m.start) },
			accord.NotFound("meeting", meetingID), t.forUpdate(`SELECT organization, number, start_date FROM meetings WHERE id = $1`), meetingID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, d := range ds {
			if seen[d.State] {
				return accord.Invalid("states", "%s is named twice", d.State)
			}
			seen[d.State] = true
			names, err := one(t, func(r scanner) (n accord.Text, err error) { return n, r.Scan(col(&n)) },
				accord.Invalid("states", "state %s does not exist", d.State), `SELECT names FROM states WHERE code = $1`, d.State)
			if err != nil {
				return err
			}
			name := names.Get("en")
			onRoll, err := t.exists(`SELECT 1 FROM memberships WHERE organization = $1 AND state = $2
				AND from_date <= $3 AND (until_date IS NULL OR until_date >= $3)`, m.org, d.State, m.start)
			if err != nil {
				return err
			}
			if !onRoll {
				return accord.Invalid("states", "%s is not a member, observer or partner of the organization on the meeting's date", name)
			}
			registered, err := t.exists(`SELECT 1 FROM delegations WHERE meeting_id = $1 AND state = $2`, meetingID, d.State)
			if err != nil {
				return err
			}
			if registered {
				return accord.Conflict("states", "%s already has a delegation at meeting %s", name, accord.Roman(m.number))
			}
			d.Invitation = accord.InvitationSent
			if err := t.createDelegation(d); err != nil {
				return err
			}
		}
		return nil
	})
}

// AnswerDelegation records a delegation officer's answer to the invitation:
// the head's name and title, and the members, added after those listed,
// in one transaction, so that a refused member leaves the head unnamed.
func (db *DB) AnswerDelegation(ctx context.Context, delegationID int64, a *accord.DelegationAnswer) error {
	if err := a.Validate(); err != nil {
		return accord.Wrap("answer delegation", err)
	}
	return db.write(ctx, "answer delegation", func(t *txn) error {
		party, head, err := t.lockDelegation(delegationID)
		if err != nil {
			return err
		}
		if _, err := t.answerable(delegationID, accord.InvitationAccepted); err != nil {
			return err
		}
		before, err := t.person(head)
		if err != nil {
			return err
		}
		a.Head.ID, a.Head.Affiliation = head, before.Affiliation
		if err := t.exec(`UPDATE persons SET name = $2, title = $3, names = $4 WHERE id = $1`, head, a.Head.Name, jsonArg(text(a.Head.Title)), jsonArg(text(a.Head.Names))); err != nil {
			return err
		}
		for i := range a.Members {
			p := &a.Members[i]
			p.Affiliation = party
			if err := t.appendMember(delegationID, p); err != nil {
				return err
			}
		}
		return t.audit("delegation.answer", fmt.Sprintf("delegation/%d", delegationID), before, a)
	})
}

// DeclineDelegation records that a state sends no delegation to the
// meeting it was invited to: the delegation stays listed, as declined, so
// that the secretariat sees the answer; accepting later is still open.
func (db *DB) DeclineDelegation(ctx context.Context, delegationID int64) error {
	return db.write(ctx, "decline delegation", func(t *txn) error {
		if _, _, err := t.lockDelegation(delegationID); err != nil {
			return err
		}
		was, err := t.answerable(delegationID, accord.InvitationDeclined)
		if err != nil {
			return err
		}
		return t.audit("delegation.decline", fmt.Sprintf("delegation/%d", delegationID),
			map[string]string{"invitation": string(was)}, map[string]string{"invitation": string(accord.InvitationDeclined)})
	})
}

// answerable checks that the delegation, whose row the caller has locked,
// was an invitation, and records the answer given; it returns where the
// invitation stood before.
func (t *txn) answerable(delegationID int64, answer accord.InvitationState) (accord.InvitationState, error) {
	d, err := one(t, func(r scanner) (d accord.Delegation, err error) {
		return d, r.Scan(&d.State, &d.Organ, col(&d.PartyNames), &d.Invitation)
	}, accord.NotFound("delegation", delegationID), `SELECT COALESCE(d.state, ''), COALESCE(d.organ, ''), COALESCE(s.names, '{}'), d.invitation
		FROM delegations d LEFT JOIN states s ON s.code = d.state WHERE d.id = $1`, delegationID)
	if err != nil {
		return "", err
	}
	if err := accord.CheckAnswerable(&d); err != nil {
		return "", err
	}
	return d.Invitation, t.exec(`UPDATE delegations SET invitation = $2 WHERE id = $1`, delegationID, string(answer))
}
