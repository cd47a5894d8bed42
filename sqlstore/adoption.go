package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
)

var _ accord.AdoptionService = (*DB)(nil)

// adoptionFacts are what opening a procedure needs of the document's
// meeting and organization: read before the transaction, like a signing's,
// because none of them is changed by adoption and the transaction locks
// the document.
type adoptionFacts struct {
	doc       *accord.Document
	meeting   *accord.Meeting
	authentic []string
	members   []string
}

func (db *DB) adoptionFacts(ctx context.Context, documentID int64) (*adoptionFacts, error) {
	d, m, org, err := db.documentMeeting(ctx, documentID)
	if err != nil {
		return nil, err
	}
	f := &adoptionFacts{doc: d, meeting: m, authentic: org.AuthenticLanguages()}
	ms, err := db.MembersOn(ctx, org.Code, m.Start, accord.Member)
	if err != nil {
		return nil, err
	}
	for _, s := range ms {
		f.members = append(f.members, s.State)
	}
	return f, nil
}

// OpenAdoption opens a procedure on the revision req.Draft describes. The
// rules run inside the transaction, on the document's procedures as they
// stand, and two unique indexes keep a second open procedure out even when
// two instances race.
func (db *DB) OpenAdoption(ctx context.Context, req *accord.AdoptionRequest) (*accord.Adoption, error) {
	f, err := db.adoptionFacts(ctx, req.DocumentID)
	if err != nil {
		return nil, accord.Wrap("open adoption", err)
	}
	var a *accord.Adoption
	err = db.write(ctx, "open adoption", func(t *txn) error {
		if _, err := t.lockDocument(req.DocumentID); err != nil {
			return err
		}
		existing, err := t.adoptions(req.DocumentID)
		if err != nil {
			return err
		}
		now := stamp(t.db.now())
		for _, e := range existing {
			if err := t.settle(e, now); err != nil {
				return err
			}
		}
		a, err = drafting.DefaultAdoptionRules.OpenAdoption(req, req.Draft, f.authentic, f.members, existing, now)
		if err != nil {
			return err
		}
		if a.Method == accord.AdoptSilence {
			a.Deadline = stamp(a.Deadline)
		}
		for _, l := range f.authentic {
			if !slices.ContainsFunc(req.Texts, func(x accord.AdoptedText) bool { return x.Lang == l }) {
				return accord.Invalid("texts."+l, "the revision has no %s text", l)
			}
		}
		a.MeetingID = f.meeting.ID
		var deadline any
		if !a.Deadline.IsZero() {
			deadline = timeArg(a.Deadline)
		}
		a.ID, err = t.insert(`INSERT INTO adoptions (document_id, meeting_id, method, revision, revision_sha256, members, texts, opened_at, deadline)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.DocumentID, a.MeetingID, a.Method, a.Revision, a.RevisionSHA256,
			jsonArg(a.Members), jsonArg(req.Texts), timeArg(a.OpenedAt), deadline)
		if err := conflict(err, "an adoption procedure is open already"); err != nil {
			return err
		}
		return t.audit("adoption.open", adoptionResource(a.DocumentID), nil, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func adoptionResource(documentID int64) string {
	return fmt.Sprintf("document/%d/adoption", documentID)
}

const selectAdoption = `SELECT id, document_id, meeting_id, method, revision, revision_sha256, members, opened_at, deadline,
	result, closed_at, broken_by, note FROM adoptions`

func scanAdoption(r scanner) (*accord.Adoption, error) {
	a := accord.Adoption{Positions: []accord.AdoptionPosition{}}
	err := r.Scan(&a.ID, &a.DocumentID, &a.MeetingID, &a.Method, &a.Revision, &a.RevisionSHA256, col(&a.Members), col(&a.OpenedAt),
		col(&a.Deadline), &a.Result, col(&a.ClosedAt), &a.BrokenBy, &a.Note)
	return &a, err
}

func scanPosition(r scanner) (*accord.AdoptionPosition, error) {
	var p accord.AdoptionPosition
	return &p, r.Scan(&p.State, &p.Kind, &p.Text, &p.Lang, col(&p.RecordedAt), &p.UserID)
}

// adoptions returns a document's procedures with their positions, oldest
// first.
func (t *txn) adoptions(documentID int64) ([]*accord.Adoption, error) {
	as, err := all(t, scanAdoption, selectAdoption+` WHERE document_id = $1 ORDER BY id`, documentID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		ps, err := all(t, scanPosition, `SELECT state, kind, text, lang, recorded_at, COALESCE(user_id, 0)
			FROM adoption_positions WHERE adoption_id = $1 ORDER BY state`, a.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			a.Positions = append(a.Positions, *p)
		}
	}
	return as, nil
}

// currentAdoption returns the document's latest procedure, after locking the
// document so that changes to it queue.
func (t *txn) currentAdoption(documentID int64) (*accord.Adoption, error) {
	if _, err := t.lockDocument(documentID); err != nil {
		return nil, err
	}
	as, err := t.adoptions(documentID)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, accord.NotFound("adoption procedure of document", documentID)
	}
	return as[len(as)-1], nil
}

// settle stores the result of a silence whose deadline has passed, with the
// frozen text; it does nothing to any other procedure.
func (t *txn) settle(a *accord.Adoption, now time.Time) error {
	before := *a
	if drafting.SettleAdoption(a, now) {
		return t.storeResult(a, before)
	}
	return nil
}

// storeResult writes a closed procedure's result and, when adopted, freezes
// the revision's texts as the document's next versions, each logged as
// every version is.
func (t *txn) storeResult(a *accord.Adoption, before any) error {
	if err := t.exec(`UPDATE adoptions SET result = $1, closed_at = $2, broken_by = $3, note = $4 WHERE id = $5`,
		a.Result, timeArg(a.ClosedAt), a.BrokenBy, a.Note, a.ID); err != nil {
		return err
	}
	if a.Result == accord.Adopted {
		var texts []accord.AdoptedText
		if err := t.tx.QueryRowContext(t.ctx, `SELECT texts FROM adoptions WHERE id = $1`, a.ID).Scan(col(&texts)); err != nil {
			return err
		}
		names := map[string]accord.Text{}
		states, err := all(t, scanState, `SELECT code, names, time_zone FROM states`)
		if err != nil {
			return err
		}
		for _, s := range states {
			names[s.Code] = s.Names
		}
		vs, err := drafting.FreezeAdopted(a, texts, names)
		if err != nil {
			return err
		}
		for i := range vs {
			if err := t.storeNextVersion(&vs[i]); err != nil {
				return err
			}
		}
	}
	return t.audit("adoption.close", adoptionResource(a.DocumentID), before, a)
}

// RecordPosition records a member's position in the document's open
// procedure, replacing the state's earlier one.
func (db *DB) RecordPosition(ctx context.Context, documentID int64, p *accord.AdoptionPosition) (*accord.Adoption, error) {
	var a *accord.Adoption
	err := db.write(ctx, "record position", func(t *txn) error {
		var err error
		if a, err = t.currentAdoption(documentID); err != nil {
			return err
		}
		before := *a
		before.Positions = slices.Clone(a.Positions)
		if err := drafting.RecordPosition(a, *p, stamp(t.db.now())); err != nil {
			return err
		}
		q := a.PositionOf(p.State)
		var user any
		if q.UserID != 0 {
			user = q.UserID
		}
		if err := t.exec(`DELETE FROM adoption_positions WHERE adoption_id = $1 AND state = $2`, a.ID, q.State); err != nil {
			return err
		}
		if err := t.exec(`INSERT INTO adoption_positions (adoption_id, state, kind, text, lang, recorded_at, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			a.ID, q.State, q.Kind, q.Text, q.Lang, timeArg(q.RecordedAt), user); err != nil {
			return err
		}
		if err := t.audit("adoption.position", adoptionResource(documentID)+"/"+q.State, before.PositionOf(q.State), q); err != nil {
			return err
		}
		if !a.Open() {
			return t.storeResult(a, before)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// CloseAdoption records the result the chair declares.
func (db *DB) CloseAdoption(ctx context.Context, c *accord.AdoptionClose) (*accord.Adoption, error) {
	var a *accord.Adoption
	err := db.write(ctx, "close adoption", func(t *txn) error {
		var err error
		if a, err = t.currentAdoption(c.DocumentID); err != nil {
			return err
		}
		before := *a
		if err := drafting.CloseAdoption(a, *c, stamp(t.db.now())); err != nil {
			return err
		}
		return t.storeResult(a, before)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// FindAdoption returns the document's latest procedure. A silence whose
// deadline has passed is settled first, in a transaction of its own, so
// that what is read is what is stored.
func (db *DB) FindAdoption(ctx context.Context, documentID int64) (*accord.Adoption, error) {
	as, err := db.ListAdoptions(ctx, documentID)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, accord.Wrap("find adoption", accord.NotFound("adoption procedure of document", documentID))
	}
	return as[len(as)-1], nil
}

// ListAdoptions returns a document's procedures, oldest first, settling a
// silence whose deadline has passed.
func (db *DB) ListAdoptions(ctx context.Context, documentID int64) ([]*accord.Adoption, error) {
	as, err := fetch(ctx, db, "list adoptions", func(t *txn) ([]*accord.Adoption, error) {
		if err := t.found("document", documentID, `SELECT 1 FROM documents WHERE id = $1`, documentID); err != nil {
			return nil, err
		}
		return t.adoptions(documentID)
	})
	if err != nil || len(as) == 0 {
		return as, err
	}
	last := *as[len(as)-1]
	if !drafting.SettleAdoption(&last, db.now()) {
		return as, nil
	}
	err = db.write(ctx, "settle adoption", func(t *txn) error {
		a, err := t.currentAdoption(documentID)
		if err != nil {
			return err
		}
		before := *a
		if drafting.SettleAdoption(a, stamp(t.db.now())) {
			return t.storeResult(a, before)
		}
		// Another instance settled it first.
		t.audited = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return fetch(ctx, db, "list adoptions", func(t *txn) ([]*accord.Adoption, error) { return t.adoptions(documentID) })
}
