package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/accord-org/accord"
)

// AddChairTerm stores a term of a body's chairmanship (see
// accord.ChairService). The state must be a member of the organization on
// the term's first day, the term must start within or after the meeting
// that began it, and it must not overlap another term of the same body
// beyond a handover day: a body has one chair at a time.
func (db *DB) AddChairTerm(ctx context.Context, c *accord.ChairTerm) error {
	if err := c.Validate(); err != nil {
		return accord.Wrap("add chair term", err)
	}
	return db.write(ctx, "add chair term", func(t *txn) error { return t.addChairTerm(c) })
}

// MaxChairTerms bounds a batch of terms, as a CSV import sends them: more
// than any body's history.
const MaxChairTerms = 1000

// AddChairTerms stores terms in one transaction, in their order, so that
// each is checked against those before it; the error of a refused term
// names it as terms[i].
func (db *DB) AddChairTerms(ctx context.Context, cs []*accord.ChairTerm) error {
	if len(cs) > MaxChairTerms {
		return accord.Invalid("terms", "at most %d terms at once, got %d", MaxChairTerms, len(cs))
	}
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			return accord.Wrap("add chair terms", termField(i, err))
		}
	}
	return db.write(ctx, "add chair terms", func(t *txn) error {
		for i, c := range cs {
			if err := t.addChairTerm(c); err != nil {
				return termField(i, err)
			}
		}
		return nil
	})
}

// termField names the term of a batch an error is about.
func termField(i int, err error) error {
	var e *accord.Error
	if !errors.As(err, &e) || e.Code == accord.EINTERNAL {
		return err
	}
	c := *e
	c.Field = fmt.Sprintf("terms[%d]", i)
	if e.Field != "" {
		c.Field += "." + e.Field
	}
	return &c
}

func (t *txn) addChairTerm(c *accord.ChairTerm) error {
	name := c.Organization + " " + c.Body
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
		m, err := one(t, scanMeeting, accord.Invalid("from_meeting_id", "the meeting chosen is not a meeting of %s", name),
			selectMeeting+` WHERE id = $1 AND organization = $2 AND body = $3`, c.FromMeetingID, c.Organization, c.Body)
		if err != nil {
			return err
		}
		if c.From.Before(m.Start) {
			return accord.Invalid("from", "%s is before meeting %s of %s began (%s): a term starts at the meeting that began it or after it", c.From, m.Numeral(), name, m.Start)
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
	// The term that ends where c begins, or is open before it: c extends
	// it when c's state held it.
	var prev *accord.ChairTerm
	for _, o := range terms {
		if o.State == c.State && o.From == c.From {
			return accord.Conflict("from", "the term of %s from %s is recorded already", c.State, c.From)
		}
	}
	for _, o := range terms {
		if o.Until == c.From || (o.Until.IsZero() && o.From.Before(c.From)) {
			prev = o
		}
	}
	if prev != nil && prev.State == c.State {
		if c.Basis != accord.ByDecision {
			return accord.Invalid("basis", "%s keeping the chair of %s on %s extends its term: an extension is a decision, with its reason", c.State, name, c.From)
		}
		if last := terms[len(terms)-1]; last != prev {
			return accord.Conflict("from", "the term of %s %s is not the last one recorded (%s chaired from %s): only the last term can be extended", c.State, period(prev.From, prev.Until), last.State, last.From)
		}
		if prev.Until.IsZero() {
			// The open term ends where its extension begins, as a
			// handover would end it.
			if err := t.exec(`UPDATE chair_terms SET until_date = $1 WHERE id = $2`, c.From.String(), prev.ID); err != nil {
				return err
			}
			prev.Until = c.From
		}
	}
	for _, o := range terms {
		if !c.Overlaps(o) {
			continue
		}
		if o.Until.IsZero() && o.From.Before(c.From) {
			return accord.Conflict("from", "%s holds the chair of %s since %s: hand it over rather than record a term after it", o.State, name, o.From)
		}
		return accord.Conflict("from", "%s held the chair of %s %s, which overlaps", o.State, name, period(o.From, o.Until))
	}
	c.ID, err = t.insertChairTerm(c, fromMeeting, source)
	return t.created(err, "chair_term.create", fmt.Sprintf("chair_term/%d", c.ID), c)
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
