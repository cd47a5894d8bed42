package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
	"github.com/accord-org/accord/translog"
)

// Drafts are read whole, changed by the drafting package and written back
// in the transaction that read them, with the draft's row locked first so
// that two edits of one draft are serialized.

// draftDoc is what drafting needs of the document a draft is of.
type draftDoc struct {
	reference      string
	classification accord.Classification
	withdrawn      bool
	langs          []string // the languages of its organizations
}

func (t *txn) draftDocument(id int64) (*draftDoc, error) {
	d := &draftDoc{}
	var withdrawn sql.NullString
	err := t.queryRow(`SELECT reference, classification, withdrawn_at FROM documents WHERE id = $1`, id).Scan(&d.reference, &d.classification, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, accord.NotFound("document", id)
	}
	if err != nil {
		return nil, err
	}
	d.withdrawn = withdrawn.Valid
	type langs struct{ official, working []string }
	ls, err := all(t, func(s scanner) (l langs, err error) { return l, s.Scan(col(&l.official), col(&l.working)) },
		`SELECT o.official_languages, o.working_languages FROM document_meetings dm JOIN meetings m ON m.id = dm.meeting_id
		JOIN organizations o ON o.code = m.organization WHERE dm.document_id = $1`, id)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		for _, x := range append(l.official, l.working...) {
			if !slices.Contains(d.langs, x) {
				d.langs = append(d.langs, x)
			}
		}
	}
	return d, nil
}

// loadDraft reads a draft, locking its row when the transaction writes.
func (t *txn) loadDraft(documentID int64, lock bool) (*accord.Draft, error) {
	q := `SELECT document_id, drafting_lang, languages, revision, next_segment, created_at, updated_at FROM drafts WHERE document_id = $1`
	if lock {
		q = t.forUpdate(q)
	}
	d := &accord.Draft{}
	err := t.queryRow(q, documentID).Scan(&d.DocumentID, &d.DraftingLang, col(&d.Languages), &d.Revision, &d.NextSegment, col(&d.CreatedAt), col(&d.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, accord.NotFound("draft of document", documentID)
	}
	if err != nil {
		return nil, err
	}
	d.Segments, err = all(t, func(s scanner) (*accord.Segment, error) {
		seg := &accord.Segment{}
		return seg, s.Scan(&seg.ID, &seg.Kind, &seg.Version, col(&seg.Texts), &seg.Deleted)
	}, `SELECT id, kind, version, texts, deleted FROM draft_segments WHERE document_id = $1 ORDER BY position`, documentID)
	if err != nil {
		return nil, err
	}
	drafting.Mark(d)
	return d, nil
}

// saveDraft writes the draft's row and its segments, in their order.
func (t *txn) saveDraft(d *accord.Draft, insert bool) error {
	var err error
	if insert {
		err = t.exec(`INSERT INTO drafts (document_id, drafting_lang, languages, revision, next_segment, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.DocumentID, d.DraftingLang, jsonArg(d.Languages), d.Revision, d.NextSegment, timeArg(d.CreatedAt), timeArg(d.UpdatedAt))
	} else {
		err = t.exec(`UPDATE drafts SET revision = $2, next_segment = $3, updated_at = $4 WHERE document_id = $1`,
			d.DocumentID, d.Revision, d.NextSegment, timeArg(d.UpdatedAt))
	}
	if err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM draft_segments WHERE document_id = $1`, d.DocumentID); err != nil {
		return err
	}
	rows := make([][]any, len(d.Segments))
	for i, s := range d.Segments {
		texts := map[string]accord.SegmentText{}
		for l, x := range s.Texts {
			x.NeedsReview = false // derived on read
			texts[l] = *x
		}
		rows[i] = []any{d.DocumentID, s.ID, i + 1, string(s.Kind), s.Version, jsonArg(texts), s.Deleted}
	}
	return t.insertRows(`INSERT INTO draft_segments (document_id, id, position, kind, version, texts, deleted) VALUES `, rows)
}

// CreateDraft starts drafting a document.
func (db *DB) CreateDraft(ctx context.Context, d *accord.Draft) error {
	return db.write(ctx, "create draft", func(t *txn) error {
		doc, err := t.draftDocument(d.DocumentID)
		if err != nil {
			return err
		}
		if doc.withdrawn {
			return accord.Invalid("document", "document %s was withdrawn", doc.reference)
		}
		if ok, err := t.exists(`SELECT 1 FROM drafts WHERE document_id = $1`, d.DocumentID); err != nil || ok {
			if err == nil {
				err = accord.Errorf(accord.ECONFLICT, "Document %s is being drafted already.", doc.reference)
			}
			return err
		}
		now := t.db.now()
		nd, err := drafting.New(d.DocumentID, d.DraftingLang, d.Languages, doc.langs, stamp(now))
		if err != nil {
			return err
		}
		var after int64
		for i, s := range d.Segments {
			texts := map[string]string{}
			for l, x := range s.Texts {
				texts[l] = x.Text
			}
			ns, err := drafting.AddSegment(nd, after, s.Kind, texts, stamp(now))
			if err != nil {
				return prefixed(fmt.Sprintf("segments[%d].", i), err)
			}
			after = ns.ID
		}
		if err := t.saveDraft(nd, true); err != nil {
			return err
		}
		*d = *nd
		return t.audit("draft.create", draftResource(d.DocumentID), nil, d)
	})
}

// prefixed puts prefix before the field an error names.
func prefixed(prefix string, err error) error {
	var e *accord.Error
	if errors.As(err, &e) && e.Field != "" {
		c := *e
		c.Field = prefix + e.Field
		return &c
	}
	return err
}

func draftResource(documentID int64) string { return fmt.Sprintf("document/%d/draft", documentID) }

// FindDraft returns a draft's working text.
func (db *DB) FindDraft(ctx context.Context, documentID int64) (*accord.Draft, error) {
	return fetch(ctx, db, "find draft", func(t *txn) (*accord.Draft, error) { return t.loadDraft(documentID, false) })
}

// editDraft runs fn on the locked draft and writes it back, audited.
func (db *DB) editDraft(ctx context.Context, op, action string, documentID int64, fn func(t *txn, d *accord.Draft) (any, error)) error {
	return db.write(ctx, op, func(t *txn) error {
		d, err := t.loadDraft(documentID, true)
		if err != nil {
			return err
		}
		after, err := fn(t, d)
		if err != nil {
			return err
		}
		if err := t.saveDraft(d, false); err != nil {
			return err
		}
		return t.audit(action, draftResource(documentID), nil, after)
	})
}

// AddSegment adds a segment to a draft.
func (db *DB) AddSegment(ctx context.Context, documentID int64, e accord.DraftEdit) (*accord.Segment, error) {
	var s *accord.Segment
	err := db.editDraft(ctx, "add segment", "draft.segment.create", documentID, func(t *txn, d *accord.Draft) (_ any, err error) {
		s, err = drafting.AddSegment(d, e.After, e.Kind, e.Texts, stamp(t.db.now()))
		return s, err
	})
	return s, err
}

// UpdateSegment changes a segment of a draft.
func (db *DB) UpdateSegment(ctx context.Context, documentID int64, e accord.DraftEdit) (*accord.Segment, error) {
	var s *accord.Segment
	err := db.editDraft(ctx, "update segment", "draft.segment.update", documentID, func(t *txn, d *accord.Draft) (_ any, err error) {
		s, err = drafting.EditSegment(d, e, stamp(t.db.now()))
		return s, err
	})
	return s, err
}

// SetSegmentText sets one language's text of a segment.
func (db *DB) SetSegmentText(ctx context.Context, documentID, segmentID int64, lang string, x accord.SegmentText) (*accord.Segment, error) {
	var s *accord.Segment
	err := db.editDraft(ctx, "set segment text", "draft.text.update", documentID, func(t *txn, d *accord.Draft) (_ any, err error) {
		s, err = drafting.SetText(d, segmentID, lang, x, stamp(t.db.now()))
		return s, err
	})
	return s, err
}

const selectRevision = `SELECT id, document_id, number, content, sha256, circulated_at, circulated_by FROM draft_revisions`

func scanRevision(s scanner) (*accord.DraftRevision, error) {
	var (
		id, doc int64
		n       int
		content string
		sum     string
		at      accord.DraftRevision
		by      sql.NullInt64
	)
	if err := s.Scan(&id, &doc, &n, &content, &sum, col(&at.CirculatedAt), &by); err != nil {
		return nil, err
	}
	r := &accord.DraftRevision{}
	// The content is the revision's canonical JSON, whose fields are the
	// revision's own.
	if err := json.Unmarshal([]byte(content), r); err != nil {
		return nil, fmt.Errorf("draft revision %d: %w", id, err)
	}
	r.ID, r.DocumentID, r.Number, r.SHA256, r.CirculatedAt, r.CirculatedBy, r.LogIndex = id, doc, n, sum, at.CirculatedAt, by.Int64, -1
	return r, nil
}

func (t *txn) revision(documentID int64, number int) (*accord.DraftRevision, error) {
	r, err := one(t, scanRevision, accord.NotFound("revision", number), selectRevision+` WHERE document_id = $1 AND number = $2`, documentID, number)
	if err != nil {
		return nil, err
	}
	if e, err := t.logEntryFor(translog.KindDraftRevision, r.ID); err == nil {
		r.LogIndex = e.Index
	}
	return r, nil
}

// CirculateRevision freezes the working text as the next revision.
func (db *DB) CirculateRevision(ctx context.Context, documentID, by int64) (*accord.DraftRevision, error) {
	var rev *accord.DraftRevision
	err := db.write(ctx, "circulate revision", func(t *txn) error {
		d, err := t.loadDraft(documentID, true)
		if err != nil {
			return err
		}
		doc, err := t.draftDocument(documentID)
		if err != nil {
			return err
		}
		var prev *accord.DraftRevision
		if d.Revision > 0 {
			if prev, err = t.revision(documentID, d.Revision); err != nil {
				return err
			}
		}
		amendments, err := t.amendments(documentID)
		if err != nil {
			return err
		}
		var changed []*accord.Amendment
		rev, changed, err = drafting.Circulate(d, prev, doc.reference, amendments, stamp(t.db.now()))
		if err != nil {
			return err
		}
		rev.CirculatedBy = by
		var byArg any
		if by != 0 {
			byArg = by
		}
		if rev.ID, err = t.insert(`INSERT INTO draft_revisions (document_id, number, content, sha256, circulated_at, circulated_by) VALUES ($1, $2, $3, $4, $5, $6)`,
			documentID, rev.Number, string(rev.CanonicalBytes()), rev.SHA256, timeArg(rev.CirculatedAt), byArg); err != nil {
			return err
		}
		salt, err := t.saltIf(doc.classification != accord.Public, translog.KindDraftRevision, rev.ID)
		if err != nil {
			return err
		}
		e := &translog.Entry{Kind: translog.KindDraftRevision, Ref: rev.ID, Data: translog.NewRevisionDetails(rev).Entry(salt)}
		if err := t.appendLog(e); err != nil {
			return err
		}
		rev.LogIndex = e.Index
		for _, a := range changed {
			if err := t.saveAmendment(a, false); err != nil {
				return err
			}
		}
		if err := t.saveDraft(d, false); err != nil {
			return err
		}
		return t.audit("draft.revision.circulate", fmt.Sprintf("document/%d/draft/revisions/%d", documentID, rev.Number), nil,
			map[string]any{"number": rev.Number, "sha256": rev.SHA256, "log_index": rev.LogIndex})
	})
	return rev, err
}

// FindRevision returns a circulated revision.
func (db *DB) FindRevision(ctx context.Context, documentID int64, number int) (*accord.DraftRevision, error) {
	return fetch(ctx, db, "find revision", func(t *txn) (*accord.DraftRevision, error) {
		if err := t.found("draft of document", documentID, `SELECT 1 FROM drafts WHERE document_id = $1`, documentID); err != nil {
			return nil, err
		}
		return t.revision(documentID, number)
	})
}

// ListRevisions returns a draft's revisions without their segments.
func (db *DB) ListRevisions(ctx context.Context, documentID int64) ([]*accord.DraftRevision, error) {
	return fetch(ctx, db, "list revisions", func(t *txn) ([]*accord.DraftRevision, error) {
		if err := t.found("draft of document", documentID, `SELECT 1 FROM drafts WHERE document_id = $1`, documentID); err != nil {
			return nil, err
		}
		rs, err := all(t, scanRevision, selectRevision+` WHERE document_id = $1 ORDER BY number`, documentID)
		for _, r := range rs {
			r.Segments = nil
		}
		return rs, err
	})
}

const selectAmendment = `SELECT document_id, number, segment_id, op, kind, texts, justification, author_state, author_user_id,
	revision, segment_version, carried_to, flagged, status, decision, created_at FROM amendments`

func scanAmendment(s scanner) (*accord.Amendment, error) {
	a := &accord.Amendment{Supports: []accord.AmendmentVote{}, Objections: []accord.AmendmentVote{}}
	var user sql.NullInt64
	var decision sql.NullString
	if err := s.Scan(&a.DocumentID, &a.Number, &a.SegmentID, &a.Op, &a.Kind, col(&a.Texts), &a.Justification, &a.AuthorState, &user,
		&a.Revision, &a.SegmentVersion, &a.CarriedTo, &a.Flagged, &a.Status, &decision, col(&a.CreatedAt)); err != nil {
		return nil, err
	}
	a.AuthorUserID = user.Int64
	if decision.Valid {
		a.Decision = &accord.AmendmentDecision{}
		if err := json.Unmarshal([]byte(decision.String), a.Decision); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// amendments reads every amendment of a draft with its votes, by number.
func (t *txn) amendments(documentID int64) ([]*accord.Amendment, error) {
	as, err := all(t, scanAmendment, selectAmendment+` WHERE document_id = $1 ORDER BY number`, documentID)
	if err != nil {
		return nil, err
	}
	byNumber := map[int]*accord.Amendment{}
	for _, a := range as {
		byNumber[a.Number] = a
	}
	type vote struct {
		number    int
		objection bool
		v         accord.AmendmentVote
	}
	votes, err := all(t, func(s scanner) (v vote, err error) {
		var user sql.NullInt64
		err = s.Scan(&v.number, &v.objection, &v.v.State, &v.v.Text, &user, col(&v.v.At))
		v.v.UserID = user.Int64
		return v, err
	}, `SELECT number, objection, state, text, user_id, at FROM amendment_votes WHERE document_id = $1 ORDER BY at, state`, documentID)
	if err != nil {
		return nil, err
	}
	for _, v := range votes {
		if a := byNumber[v.number]; a != nil {
			if v.objection {
				a.Objections = append(a.Objections, v.v)
			} else {
				a.Supports = append(a.Supports, v.v)
			}
		}
	}
	return as, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// saveAmendment writes an amendment and its votes.
func (t *txn) saveAmendment(a *accord.Amendment, insert bool) error {
	var decision any
	if a.Decision != nil {
		decision = jsonArg(a.Decision)
	}
	var err error
	if insert {
		err = t.exec(`INSERT INTO amendments (document_id, number, segment_id, op, kind, texts, justification, author_state, author_user_id,
			revision, segment_version, carried_to, flagged, status, decision, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			a.DocumentID, a.Number, a.SegmentID, string(a.Op), string(a.Kind), jsonArg(a.Texts), a.Justification, a.AuthorState, nullID(a.AuthorUserID),
			a.Revision, a.SegmentVersion, a.CarriedTo, a.Flagged, string(a.Status), decision, timeArg(a.CreatedAt))
	} else {
		err = t.exec(`UPDATE amendments SET carried_to = $3, flagged = $4, status = $5, decision = $6 WHERE document_id = $1 AND number = $2`,
			a.DocumentID, a.Number, a.CarriedTo, a.Flagged, string(a.Status), decision)
	}
	if err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM amendment_votes WHERE document_id = $1 AND number = $2`, a.DocumentID, a.Number); err != nil {
		return err
	}
	var rows [][]any
	for _, vs := range []struct {
		objection bool
		votes     []accord.AmendmentVote
	}{{false, a.Supports}, {true, a.Objections}} {
		for _, v := range vs.votes {
			rows = append(rows, []any{a.DocumentID, a.Number, v.State, vs.objection, v.Text, nullID(v.UserID), timeArg(v.At)})
		}
	}
	return t.insertRows(`INSERT INTO amendment_votes (document_id, number, state, objection, text, user_id, at) VALUES `, rows)
}

func amendmentResource(documentID int64, number int) string {
	return fmt.Sprintf("document/%d/amendments/%d", documentID, number)
}

// ProposeAmendment stores a new amendment.
func (db *DB) ProposeAmendment(ctx context.Context, a *accord.Amendment) error {
	return db.write(ctx, "propose amendment", func(t *txn) error {
		d, err := t.loadDraft(a.DocumentID, true)
		if err != nil {
			return err
		}
		var rev, latest *accord.DraftRevision
		if a.Revision > 0 && a.Revision <= d.Revision {
			if rev, err = t.revision(a.DocumentID, a.Revision); err != nil {
				return err
			}
		}
		if d.Revision > 0 {
			if latest, err = t.revision(a.DocumentID, d.Revision); err != nil {
				return err
			}
		}
		var count int
		if err := t.queryRow(`SELECT COUNT(*) FROM amendments WHERE document_id = $1`, a.DocumentID).Scan(&count); err != nil {
			return err
		}
		if err := t.ref("state", "state "+a.AuthorState, refState, a.AuthorState); err != nil {
			return err
		}
		if err := drafting.Propose(d, rev, latest, a, count, stamp(t.db.now())); err != nil {
			return err
		}
		return t.created(t.saveAmendment(a, true), "amendment.create", amendmentResource(a.DocumentID, a.Number), a)
	})
}

// FindAmendment returns one amendment of a draft.
func (db *DB) FindAmendment(ctx context.Context, documentID int64, number int) (*accord.Amendment, error) {
	return fetch(ctx, db, "find amendment", func(t *txn) (*accord.Amendment, error) { return t.amendment(documentID, number) })
}

func (t *txn) amendment(documentID int64, number int) (*accord.Amendment, error) {
	as, err := t.amendments(documentID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.Number == number {
			return a, nil
		}
	}
	return nil, accord.NotFound("amendment", number)
}

// ListAmendments returns every amendment of a draft, by number.
func (db *DB) ListAmendments(ctx context.Context, documentID int64) ([]*accord.Amendment, error) {
	return fetch(ctx, db, "list amendments", func(t *txn) ([]*accord.Amendment, error) {
		if err := t.found("draft of document", documentID, `SELECT 1 FROM drafts WHERE document_id = $1`, documentID); err != nil {
			return nil, err
		}
		return t.amendments(documentID)
	})
}

// VoteAmendment records a state's support of or objection to an amendment.
func (db *DB) VoteAmendment(ctx context.Context, documentID int64, number int, v accord.AmendmentVote, objection bool) (*accord.Amendment, error) {
	var a *accord.Amendment
	err := db.write(ctx, "vote amendment", func(t *txn) error {
		if _, err := t.loadDraft(documentID, true); err != nil {
			return err
		}
		var err error
		if a, err = t.amendment(documentID, number); err != nil {
			return err
		}
		if err := t.ref("state", "state "+v.State, refState, v.State); err != nil {
			return err
		}
		v.At = stamp(t.db.now())
		if err := drafting.Vote(a, v, objection); err != nil {
			return err
		}
		if err := t.saveAmendment(a, false); err != nil {
			return err
		}
		action := "amendment.support"
		if objection {
			action = "amendment.objection"
		}
		return t.audit(action, amendmentResource(documentID, number), nil, v)
	})
	return a, err
}

// DecideAmendment records the chair's decision on an amendment.
func (db *DB) DecideAmendment(ctx context.Context, documentID int64, number int, dec accord.AmendmentDecision) (*accord.Amendment, error) {
	var a *accord.Amendment
	err := db.editDraft(ctx, "decide amendment", "amendment.decision", documentID, func(t *txn, d *accord.Draft) (any, error) {
		all, err := t.amendments(documentID)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(all, func(x *accord.Amendment) bool { return x.Number == number })
		if i < 0 {
			return nil, accord.NotFound("amendment", number)
		}
		a = all[i]
		changed, err := drafting.Decide(d, a, all, dec, stamp(t.db.now()))
		if err != nil {
			return nil, err
		}
		for _, c := range changed {
			if err := t.saveAmendment(c, false); err != nil {
				return nil, err
			}
		}
		return map[string]any{"number": number, "decision": a.Decision}, nil
	})
	return a, err
}
