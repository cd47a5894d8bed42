package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// CreateDocument stores a document with its links and first versions. Each
// version gets revision 1 and the hash of its canonical bytes.
func (db *DB) CreateDocument(ctx context.Context, d *accord.Document) error {
	if err := d.Validate(); err != nil {
		return accord.Wrap("create document", err)
	}
	return db.write(ctx, "create document", func(t *txn) error { return t.createDocument(d) })
}

// createDocument stores a validated document in t: what CreateDocument
// and the summing-up of follow-up share.
func (t *txn) createDocument(d *accord.Document) error {
	meetings, err := t.linkedMeetings(d)
	if err != nil {
		return err
	}
	var author any
	d.AuthorState = ""
	switch d.AuthorKind {
	case accord.AuthorDelegation:
		// The author delegation's state wrote the document.
		d.AuthorState, err = one(t, func(r scanner) (s string, err error) { return s, r.Scan(&s) },
			accord.Invalid("author_delegation_id", "the delegation chosen as author does not exist any more: choose the author again"),
			`SELECT COALESCE(state, '') FROM delegations WHERE id = $1`, d.AuthorDelegationID)
		if err != nil {
			return err
		}
		author = d.AuthorDelegationID
	case accord.AuthorChair:
		// The state that chairs the meeting the document is written
		// for (its first link) now. Read later from meetings.chair,
		// which the workspace edits, it would let a later chair take
		// the document over.
		d.AuthorState = meetings[d.Links[0].MeetingID].chair
	}
	for i, l := range d.Links {
		if l.AgendaItemID == 0 {
			continue
		}
		ok, err := t.exists(`SELECT 1 FROM agenda_items WHERE id = $1 AND meeting_id = $2`, l.AgendaItemID, l.MeetingID)
		if err != nil {
			return err
		}
		if !ok {
			// The reader knows the meeting by its number, not its id.
			return accord.Invalid("links["+strconv.Itoa(i)+"].agenda_item_id", "the agenda item chosen is not on the agenda of meeting %s", accord.Roman(meetings[l.MeetingID].number))
		}
	}
	orgs := organizationsOf(meetings)
	for i, v := range d.Versions {
		if err := accord.ValidateDocumentLanguage("versions["+strconv.Itoa(i)+"].lang", v.Lang, orgs); err != nil {
			return err
		}
	}
	if err := accord.ValidateEmbargo(d, nil, t.at()); err != nil {
		return err
	}
	d.CreatedAt = stamp(t.db.now())
	if !d.EmbargoUntil.IsZero() {
		d.EmbargoUntil = stamp(d.EmbargoUntil)
	}
	if d.Recipients == nil {
		d.Recipients = []string{} // as a read returns it
	}
	d.Attachments = []accord.Attachment{} // files come once it exists
	for i := range d.Versions {
		v := &d.Versions[i]
		v.Revision, v.CreatedAt, v.SHA256 = 1, d.CreatedAt, v.ComputeSHA256()
	}
	if err := t.insertDocument(d, meetings, author); err != nil {
		return err
	}
	// Only a scheduled release has one: both engines' inserts stay as
	// they were for every other document.
	if !d.EmbargoUntil.IsZero() {
		if err := t.exec(`UPDATE documents SET embargo_until = $1 WHERE id = $2`, timeArg(d.EmbargoUntil), d.ID); err != nil {
			return err
		}
	}
	// Once for all its versions, whichever way the engine stored them.
	if len(d.Versions) > 0 {
		if err := t.reindex(accord.SearchDocument, d.ID); err != nil {
			return err
		}
	}
	asRead(d)
	// The versions' entries go in when the transaction ends (flush).
	entries := make([]*translog.Entry, len(d.Versions))
	for i := range d.Versions {
		if entries[i], err = t.versionEntry(d, &d.Versions[i]); err != nil {
			return err
		}
	}
	t.logLater(entries...)
	t.touchNewDocument(d, meetings)
	return t.audit("document.create", documentResource(d.ID), nil, documentOf(d))
}

// AddDocumentVersion stores the next revision of a document in a language:
// the first one if the document has none in that language yet. Earlier
// revisions stay as they were.
func (db *DB) AddDocumentVersion(ctx context.Context, v *accord.DocumentVersion) error {
	if err := v.Validate(); err != nil {
		return accord.Wrap("add document version", err)
	}
	return db.write(ctx, "add document version", func(t *txn) error { return t.addDocumentVersion(v) })
}

// addDocumentVersion stores a validated version in t.
func (t *txn) addDocumentVersion(v *accord.DocumentVersion) error {
	// The lock makes concurrent revisions queue for the next number
	// instead of colliding on it.
	if err := t.ref("document_id", fmt.Sprint("document ", v.DocumentID), t.forUpdate(`SELECT 1 FROM documents WHERE id = $1`), v.DocumentID); err != nil {
		return err
	}
	if err := t.checkDocumentLanguage(v.DocumentID, "lang", v.Lang); err != nil {
		return err
	}
	return t.storeNextVersion(v)
}

// storeNextVersion stores v as the next revision in its language, logged
// and audited as every version is.
func (t *txn) storeNextVersion(v *accord.DocumentVersion) error {
	err := t.tx.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(revision), 0) + 1 FROM document_versions WHERE document_id = $1 AND lang = $2`,
		v.DocumentID, v.Lang).Scan(&v.Revision)
	if err != nil {
		return err
	}
	v.CreatedAt = stamp(t.db.now())
	if err := t.insertVersion(v); err != nil {
		return err
	}
	if err := t.reindex(accord.SearchDocument, v.DocumentID); err != nil {
		return err
	}
	if err := t.logVersion(v); err != nil {
		return err
	}
	return t.audit("document_version.create", fmt.Sprintf("document/%d/version/%d", v.DocumentID, v.ID), nil, versionOf(v))
}

func (t *txn) insertVersion(v *accord.DocumentVersion) (err error) {
	v.SHA256 = v.ComputeSHA256()
	v.ID, err = t.insert(`INSERT INTO document_versions (document_id, lang, revision, title, body, sha256, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		v.DocumentID, v.Lang, v.Revision, v.Title, v.Body, v.SHA256, v.CreatedAt.Format(timeFormat))
	// Versions never change, so logging each as it is stored (the
	// callers append its entry) makes the whole archive tamper-evident,
	// not only what is signed.
	return conflict(err, "revision %d of document %d in %s already exists", v.Revision, v.DocumentID, v.Lang)
}

// FindDocument returns a document with its links and every version, by
// language and revision.
func (db *DB) FindDocument(ctx context.Context, id int64) (*accord.Document, error) {
	return fetch(ctx, db, "find document", func(t *txn) (*accord.Document, error) {
		ds, err := t.documents(`d.id = $1`, id)
		if err == nil && len(ds) == 0 {
			err = accord.NotFound("document", id)
		}
		if err != nil {
			return nil, err
		}
		return ds[0], nil
	})
}

// ListDocuments returns the documents that match f, by id, with their links
// and versions. No classifications means every classification.
func (db *DB) ListDocuments(ctx context.Context, f accord.DocumentFilter) ([]*accord.Document, error) {
	return fetch(ctx, db, "list documents", func(t *txn) ([]*accord.Document, error) {
		where, args := `1 = 1`, []any{}
		if f.MeetingID != 0 {
			where += ` AND d.id IN (SELECT document_id FROM document_meetings WHERE meeting_id = ` + placeholders(&args, []int64{f.MeetingID}) + `)`
		}
		if len(f.Classifications) > 0 {
			where += ` AND d.classification IN (` + placeholders(&args, f.Classifications) + `)`
		}
		where, args = documentFilter(f, where, args)
		return t.documents(where, args...)
	})
}

// documents loads the documents that where selects, from documents d, and
// then their links and versions with the same condition: three queries
// however many documents match.
func (t *txn) documents(where string, args ...any) ([]*accord.Document, error) {
	ds, err := all(t, func(r scanner) (*accord.Document, error) {
		d := accord.Document{Links: []accord.DocumentLink{}, Recipients: []string{}, Versions: []accord.DocumentVersion{}, Attachments: []accord.Attachment{}}
		return &d, r.Scan(&d.ID, &d.Reference, &d.Kind, &d.Classification, &d.AuthorKind, &d.AuthorDelegationID, &d.AuthorState, col(&d.CreatedAt),
			col(&d.WithdrawnAt), &d.WithdrawalReason, col(&d.EmbargoUntil))
	}, `SELECT d.id, d.reference, d.kind, d.classification, d.author_kind, COALESCE(d.author_delegation_id, 0), d.author_state, d.created_at,
		d.withdrawn_at, d.withdrawal_reason, d.embargo_until
		FROM documents d WHERE `+where+` ORDER BY d.id`, args...)
	if err != nil || len(ds) == 0 {
		return ds, err
	}
	selected := `SELECT d.id FROM documents d WHERE ` + where
	type link struct {
		document int64
		accord.DocumentLink
	}
	links, err := all(t, func(r scanner) (l link, err error) {
		return l, r.Scan(&l.document, &l.MeetingID, &l.AgendaItemID)
	}, `SELECT document_id, meeting_id, COALESCE(agenda_item_id, 0) FROM document_meetings
		WHERE document_id IN (`+selected+`) ORDER BY document_id, meeting_id`, args...)
	if err != nil {
		return nil, err
	}
	versions, err := all(t, func(r scanner) (v accord.DocumentVersion, err error) {
		return v, r.Scan(&v.ID, &v.DocumentID, &v.Lang, &v.Revision, &v.Title, &v.Body, &v.SHA256, col(&v.CreatedAt))
	}, `SELECT id, document_id, lang, revision, title, body, sha256, created_at FROM document_versions
		WHERE document_id IN (`+selected+`) ORDER BY document_id, lang, revision`, args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*accord.Document{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	for _, l := range links {
		withParent(byID, l.document, func(d *accord.Document) { d.Links = append(d.Links, l.DocumentLink) })
	}
	for _, v := range versions {
		withParent(byID, v.DocumentID, func(d *accord.Document) { d.Versions = append(d.Versions, v) })
	}
	type recipient struct {
		document int64
		state    string
	}
	recipients, err := all(t, func(r scanner) (rc recipient, err error) {
		return rc, r.Scan(&rc.document, &rc.state)
	}, `SELECT document_id, state FROM document_recipients WHERE document_id IN (`+selected+`) ORDER BY document_id, state`, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range recipients {
		withParent(byID, r.document, func(d *accord.Document) { d.Recipients = append(d.Recipients, r.state) })
	}
	if err := t.attachments(byID, selected, args); err != nil {
		return nil, err
	}
	return ds, nil
}
