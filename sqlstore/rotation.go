package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/rotation"
	"github.com/accord-org/accord/translog"
)

// SetRotationRule stores a version of a body's rule (see
// accord.RotationService). The rule engine checks it against the
// organization's memberships: a language must have a collation, an order
// may list members only.
func (db *DB) SetRotationRule(ctx context.Context, r *accord.RotationRule) error {
	if err := r.Validate(); err != nil {
		return accord.Wrap("set rotation rule", err)
	}
	return db.write(ctx, "set rotation rule", func(t *txn) error {
		if err := t.ref("body", fmt.Sprintf("body %s of %s", r.Body, r.Organization), t.forUpdate(refBody), r.Organization, r.Body); err != nil {
			return err
		}
		members, err := all(t, scanMemberState, selectMemberState+orderMemberState, r.Organization)
		if err != nil {
			return err
		}
		if _, err := rotation.New(r, members); err != nil {
			return err
		}
		versions, err := t.rotationRules(r.Organization, r.Body)
		if err != nil {
			return err
		}
		var before *accord.RotationRule
		for _, v := range versions {
			if v.EffectiveFrom.IsZero() || !r.EffectiveFrom.Before(v.EffectiveFrom) {
				before = v // the version in force on r's day
			}
		}
		if before != nil && before == versions[len(versions)-1] && before.SameRule(r) {
			// The rule in force set again changes nothing, so there
			// is nothing to audit either.
			t.audited = true
			return nil
		}
		if len(versions) > 0 {
			terms, err := all(t, scanChairTerm, selectChairTerm, r.Organization, r.Body)
			if err != nil {
				return err
			}
			if len(terms) > 0 {
				last := terms[len(terms)-1]
				if r.EffectiveFrom.IsZero() {
					return accord.Conflict("effective_from", "terms of the chair of %s %s are recorded: a change of its rule takes effect from a date after %s, when the last recorded term began", r.Organization, r.Body, last.From)
				}
				if !last.From.Before(r.EffectiveFrom) {
					return accord.Conflict("effective_from", "%s is not after %s, when the last recorded term of the chair of %s %s began: a change never rejudges a recorded handover", r.EffectiveFrom, last.From, r.Organization, r.Body)
				}
			}
		}
		if r.EffectiveFrom.IsZero() {
			// An undated version is the rule since the beginning: it
			// replaces every other.
			if err := t.exec(`DELETE FROM rotation_rule_versions WHERE organization = $1 AND body = $2`, r.Organization, r.Body); err != nil {
				return err
			}
		}
		err = t.exec(`INSERT INTO rotation_rule_versions (organization, body, effective_from, kind, lang, state_order, eligibility, term, term_months, wait_days, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (organization, body, effective_from) DO UPDATE SET kind = excluded.kind, lang = excluded.lang, state_order = excluded.state_order,
				eligibility = excluded.eligibility, term = excluded.term, term_months = excluded.term_months,
				wait_days = excluded.wait_days, note = excluded.note`,
			r.Organization, r.Body, r.EffectiveFrom.String(), r.Kind, r.Lang, jsonArg(texts(r.Order)), r.Eligibility, r.Term, r.TermMonths, r.WaitDays, r.Note)
		if err != nil {
			return err
		}
		return t.audit("rotation_rule.set", "body/"+r.Organization+"/"+r.Body+"/rotation_rule", before, r)
	})
}

func scanRotationRule(r scanner) (*accord.RotationRule, error) {
	var rule accord.RotationRule
	var from string
	if err := r.Scan(&rule.Organization, &rule.Body, &from, &rule.Kind, &rule.Lang, col(&rule.Order), &rule.Eligibility,
		&rule.Term, &rule.TermMonths, &rule.WaitDays, &rule.Note); err != nil {
		return nil, err
	}
	if len(rule.Order) == 0 {
		rule.Order = nil // stored as [], so that every row decodes alike
	}
	if from != "" {
		d, err := accord.ParseDate(from)
		if err != nil {
			return nil, err
		}
		rule.EffectiveFrom = d
	}
	return &rule, nil
}

// rotationRules are a body's rule versions, oldest first: ” sorts before
// every date.
func (t *txn) rotationRules(org, body string) ([]*accord.RotationRule, error) {
	return all(t, scanRotationRule, `SELECT organization, body, effective_from, kind, lang, state_order, eligibility, term, term_months, wait_days, note
		FROM rotation_rule_versions WHERE organization = $1 AND body = $2 ORDER BY effective_from`, org, body)
}

// rotationRule is the version in force on day.
func (t *txn) rotationRule(org, body string, day accord.Date) (*accord.RotationRule, error) {
	return one(t, scanRotationRule, accord.NotFound("rotation rule of", org+" "+body),
		`SELECT organization, body, effective_from, kind, lang, state_order, eligibility, term, term_months, wait_days, note
		FROM rotation_rule_versions WHERE organization = $1 AND body = $2 AND effective_from <= $3 ORDER BY effective_from DESC LIMIT 1`, org, body, day.String())
}

// FindRotationRule returns the version of a body's rule in force today; a
// body without one is ENOTFOUND, as is an unknown body.
func (db *DB) FindRotationRule(ctx context.Context, org, body string) (*accord.RotationRule, error) {
	return fetch(ctx, db, "find rotation rule", func(t *txn) (*accord.RotationRule, error) {
		if err := t.found("body", org+" "+body, refBody, org, body); err != nil {
			return nil, err
		}
		return t.rotationRule(org, body, accord.DateOf(t.db.now()))
	})
}

// ListRotationRules returns every version of a body's rule, oldest first.
func (db *DB) ListRotationRules(ctx context.Context, org, body string) ([]*accord.RotationRule, error) {
	return fetch(ctx, db, "list rotation rules", func(t *txn) ([]*accord.RotationRule, error) {
		if err := t.found("body", org+" "+body, refBody, org, body); err != nil {
			return nil, err
		}
		return t.rotationRules(org, body)
	})
}

// Handover closes the term in office and opens the next, in one transaction,
// recording it in the audit trail as the context's actor.
// With h.To empty the rule decides; otherwise h.To takes the chair, and a
// choice other than the rule's is a decision that must give its reason. The
// earlier terms are never rewritten: only the open term gets its end.
//
// Callers check the right to hand over against the chair in office and pass
// it as h.From, which the transaction confirms.
func (db *DB) Handover(ctx context.Context, h *accord.Handover) (*accord.HandoverResult, error) {
	if err := h.Validate(); err != nil {
		return nil, accord.Wrap("handover", err)
	}
	var res *accord.HandoverResult
	err := db.write(ctx, "handover", func(t *txn) (err error) {
		if res, err = t.handover(*h); err != nil {
			return err
		}
		if err := t.appendLog(&translog.Entry{Kind: translog.KindChairHandover, Ref: res.Opened.ID,
			Data: translog.NewHandoverEntry(res.Closed, res.Opened).Bytes()}); err != nil {
			return err
		}
		return t.audit("chair.handover", fmt.Sprintf("chair_term/%d", res.Opened.ID), nil, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (t *txn) handover(h accord.Handover) (*accord.HandoverResult, error) {
	name := h.Organization + " " + h.Body
	if err := t.ref("body", "body "+name, t.forUpdate(refBody), h.Organization, h.Body); err != nil {
		return nil, err
	}
	var meeting *accord.Meeting
	if h.MeetingID != 0 {
		m, err := one(t, scanMeeting, accord.Invalid("meeting_id", "the meeting chosen is not a meeting of %s", name),
			selectMeeting+` WHERE id = $1 AND organization = $2 AND body = $3`, h.MeetingID, h.Organization, h.Body)
		if err != nil {
			return nil, err
		}
		if h.Date.IsZero() {
			if !m.End.Exact() {
				// A term begins on a day; a meeting known by its month or
				// year does not say which.
				return nil, accord.Invalid("date", "meeting %s of %s ends in %s, not on a known day: give the handover's date", m.Numeral(), name, m.End)
			}
			h.Date = m.End
		}
		meeting = m
	}
	if h.Date.IsZero() {
		h.Date = accord.DateOf(t.db.now())
	}
	if meeting != nil && h.Date.Before(meeting.Start) {
		return nil, accord.Invalid("date", "%s is before meeting %s of %s began (%s): the chair is handed over at the meeting or after it", h.Date, meeting.Numeral(), name, meeting.Start)
	}
	open, err := one(t, scanChairTerm, accord.Conflict("body", "no chair of %s is in office to hand over: record the current chair's term first", name),
		chairTermColumns+` WHERE organization = $1 AND body = $2 AND until_date IS NULL`, h.Organization, h.Body)
	if err != nil {
		return nil, err
	}
	if h.From != "" && h.From != open.State {
		return nil, accord.Conflict("from", "%s holds the chair of %s, not %s", open.State, name, h.From)
	}
	if h.Date.Before(open.From) {
		return nil, accord.Invalid("date", "%s is before %s took the chair (%s)", h.Date, open.State, open.From)
	}
	res := &accord.HandoverResult{}
	rules, err := t.rules(h.Organization, h.Body)
	if err != nil {
		return nil, err
	}
	var why rotation.Why
	res.RuleGave, why = rules.Gives(open.State, h.Date)
	next := &accord.ChairTerm{Organization: h.Organization, Body: h.Body, State: h.To, FromMeetingID: h.MeetingID, From: h.Date,
		Basis: accord.ByDecision, Note: h.Reason, SourceDocumentID: h.SourceDocumentID}
	switch {
	case h.To == "" && res.RuleGave == "":
		return nil, accord.Invalid("to", "%s: name the incoming state and the decision's reason", givesNobody(name, why, h.Date))
	case h.To == "":
		next.State = res.RuleGave
		fallthrough
	case h.To == res.RuleGave && h.Reason == "":
		next.Basis = accord.ByRule
	case h.To == open.State && h.Reason == "":
		return nil, accord.Invalid("reason", "%s keeping the chair of %s is an extension of its term, a decision: give its reason", open.State, name)
	case h.Reason == "":
		why := givesNobody(name, why, h.Date)
		if res.RuleGave != "" {
			why = "the rule gives " + res.RuleGave + ", not " + h.To
		}
		return nil, accord.Invalid("reason", "%s: a handover to %s is a decision, so give its reason", why, h.To)
	}
	if err := t.ref("to", "state "+next.State, refState, next.State); err != nil {
		return nil, err
	}
	member, err := t.memberOn(h.Organization, next.State, h.Date)
	if err != nil {
		return nil, err
	}
	if !member {
		return nil, accord.Invalid("to", "%s is not a member of %s on %s", next.State, h.Organization, h.Date)
	}
	var fromMeeting any
	if h.MeetingID != 0 {
		fromMeeting = h.MeetingID
	}
	source, err := t.sourceDocument(h.SourceDocumentID)
	if err != nil {
		return nil, err
	}
	if err := next.Validate(); err != nil {
		return nil, err
	}
	if err := t.exec(`UPDATE chair_terms SET until_date = $1 WHERE id = $2`, h.Date.String(), open.ID); err != nil {
		return nil, err
	}
	open.Until = h.Date
	if next.ID, err = t.insertChairTerm(next, fromMeeting, source); err != nil {
		return nil, err
	}
	res.Closed, res.Opened = open, next
	return res, nil
}

// rules are a body's rule versions, nil when it has none.
func (t *txn) rules(org, body string) (*rotation.Rules, error) {
	versions, err := t.rotationRules(org, body)
	if err != nil || len(versions) == 0 {
		return nil, err
	}
	members, err := all(t, scanMemberState, selectMemberState+orderMemberState, org)
	if err != nil {
		return nil, err
	}
	return rotation.NewRules(versions, members)
}

// givesNobody says why the rule gives the chair of name to nobody on day.
func givesNobody(name string, why rotation.Why, day accord.Date) string {
	switch why {
	case rotation.ByDecisionRule:
		return "the chair of " + name + " passes by decision"
	case rotation.NoneEligible:
		return "no other state is eligible for the chair of " + name + " on " + day.String()
	}
	return "no rotation rule of " + name + " is in force on " + day.String()
}

// sourceDocument checks the document that records a decision, and returns
// it as a column value: NULL for none.
func (t *txn) sourceDocument(id int64) (any, error) {
	if id == 0 {
		return nil, nil
	}
	return id, t.ref("source_document_id", fmt.Sprintf("document %d", id), `SELECT 1 FROM documents WHERE id = $1`, id)
}

func (t *txn) insertChairTerm(c *accord.ChairTerm, fromMeeting, source any) (int64, error) {
	return t.insert(`INSERT INTO chair_terms (organization, body, state, from_meeting_id, from_date, until_date, basis, note, source_document_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.Organization, c.Body, c.State, fromMeeting, dateArg(c.From), dateArg(c.Until), c.Basis, c.Note, source)
}
