package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
)

// AddChairTerm stores a term of a body's chairmanship. The state must be a
// member of the organization on the term's first day, and the term must not
// overlap another term of the same body beyond a handover day: a body has one
// chair at a time.
func (db *DB) AddChairTerm(ctx context.Context, c *accord.ChairTerm) error {
	if err := c.Validate(); err != nil {
		return accord.Wrap("add chair term", err)
	}
	return db.write(ctx, "add chair term", func(t *txn) error {
		if err := t.ref("organization", "organization "+c.Organization, refOrganization, c.Organization); err != nil {
			return err
		}
		if err := t.ref("body", fmt.Sprintf("body %s of %s", c.Body, c.Organization), t.forUpdate(refBody), c.Organization, c.Body); err != nil {
			return err
		}
		if err := t.ref("state", "state "+c.State, refState, c.State); err != nil {
			return err
		}
		member, err := t.memberOn(c.Organization, c.State, c.From)
		if err != nil {
			return err
		}
		if !member {
			return accord.Invalid("state", "%s was not a member of %s on %s", c.State, c.Organization, c.From)
		}
		var fromMeeting any
		if c.FromMeetingID != 0 {
			if err := t.ref("from_meeting_id", fmt.Sprintf("meeting %d of %s %s", c.FromMeetingID, c.Organization, c.Body),
				`SELECT 1 FROM meetings WHERE id = $1 AND organization = $2 AND body = $3`, c.FromMeetingID, c.Organization, c.Body); err != nil {
				return err
			}
			fromMeeting = c.FromMeetingID
		}
		source, err := t.sourceDocument(c.SourceDocumentID)
		if err != nil {
			return err
		}
		terms, err := all(t, scanChairTerm, selectChairTerm, c.Organization, c.Body)
		if err != nil {
			return err
		}
		for _, o := range terms {
			if c.Overlaps(o) {
				return accord.Errorf(accord.ECONFLICT, "%s held the chair of %s %s %s, which overlaps", o.State, c.Organization, c.Body, period(o.From, o.Until))
			}
		}
		c.ID, err = t.insertChairTerm(c, fromMeeting, source)
		return t.created(err, "chair_term.create", fmt.Sprintf("chair_term/%d", c.ID), c)
	})
}

// chairTermColumns are what scanChairTerm reads, in its order.
const chairTermColumns = `SELECT id, organization, body, state, COALESCE(from_meeting_id, 0), from_date, until_date, basis, note,
	COALESCE(source_document_id, 0) FROM chair_terms`

const selectChairTerm = chairTermColumns + ` WHERE organization = $1 AND body = $2 ORDER BY from_date, COALESCE(until_date, '9999-12-31'), id`

// memberOn reports whether state was a member (proper) of org on day d.
func (t *txn) memberOn(org, state string, d accord.Date) (bool, error) {
	return t.exists(`SELECT 1 FROM memberships WHERE organization = $1 AND state = $2 AND status = 'member'
		AND from_date <= $3 AND (until_date IS NULL OR until_date >= $3)`, org, state, d.String())
}

func scanChairTerm(r scanner) (*accord.ChairTerm, error) {
	var c accord.ChairTerm
	return &c, r.Scan(&c.ID, &c.Organization, &c.Body, &c.State, &c.FromMeetingID, col(&c.From), col(&c.Until), &c.Basis, &c.Note, &c.SourceDocumentID)
}

// ListChairTerms returns a body's chair terms in order.
func (db *DB) ListChairTerms(ctx context.Context, org, body string) ([]*accord.ChairTerm, error) {
	return fetch(ctx, db, "list chair terms", func(t *txn) ([]*accord.ChairTerm, error) {
		if err := t.found("body", org+" "+body, refBody, org, body); err != nil {
			return nil, err
		}
		return all(t, scanChairTerm, selectChairTerm, org, body)
	})
}
