package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/accord-org/accord"
)

// documentFilter adds the conditions of f beyond a meeting and
// classifications to where.
func documentFilter(f accord.DocumentFilter, where string, args []any) (string, []any) {
	if f.Organization != "" {
		// EXISTS rather than IN: SQLite turns two IN lists on the id into
		// a probe for every pair of their values. The link carries its
		// meeting's organization (migration 0015).
		where += ` AND EXISTS (SELECT 1 FROM document_meetings dm WHERE dm.document_id = d.id AND dm.organization = ` + placeholders(&args, []string{f.Organization}) + `)`
	}
	if f.Kind != "" {
		where += ` AND d.kind = ` + placeholders(&args, []accord.DocumentKind{f.Kind})
	}
	if f.Lang != "" {
		where += ` AND EXISTS (SELECT 1 FROM document_versions dv WHERE dv.document_id = d.id AND dv.lang = ` + placeholders(&args, []string{f.Lang}) + `)`
	}
	if !f.IncludeWithdrawn {
		where += ` AND d.withdrawn_at IS NULL`
	}
	if f.Limit > 0 {
		// The subquery keeps the same placeholders, so args stay as they are.
		where = fmt.Sprintf(`d.id IN (SELECT d.id FROM documents d WHERE %s ORDER BY d.id DESC LIMIT %d OFFSET %d)`, where, f.Limit, max(f.Offset, 0))
	}
	return where, args
}

// attachments fills in the attachments of the documents selected.
func (t *txn) attachments(byID map[int64]*accord.Document, selected string, args []any) error {
	as, err := all(t, func(r scanner) (a accord.Attachment, err error) {
		err = r.Scan(&a.ID, &a.DocumentID, &a.Lang, &a.Name, &a.MediaType, &a.Size, &a.SHA256, col(&a.CreatedAt), col(&a.WithdrawnAt), &a.WithdrawalReason,
			col(&a.Alt), &a.Width, &a.Height)
		if len(a.Alt) == 0 {
			a.Alt = nil // a plain file's '{}', as it was given
		}
		return a, err
	}, `SELECT id, document_id, lang, name, media_type, size, sha256, created_at, withdrawn_at, withdrawal_reason, alt, width, height
		FROM document_attachments WHERE document_id IN (`+selected+`) ORDER BY document_id, id`, args...)
	if err != nil {
		return err
	}
	for _, a := range as {
		withParent(byID, a.DocumentID, func(d *accord.Document) { d.Attachments = append(d.Attachments, a) })
	}
	return nil
}

// ListAttachments reads the standing attachments of the documents ids in
// one query, however many they are.
func (db *DB) ListAttachments(ctx context.Context, ids []int64) ([]accord.Attachment, error) {
	return fetch(ctx, db, "list attachments", func(t *txn) ([]accord.Attachment, error) {
		if len(ids) == 0 {
			return []accord.Attachment{}, nil
		}
		list, arg := t.idSet(ids)
		byID := map[int64]*accord.Document{}
		for _, id := range ids {
			byID[id] = &accord.Document{ID: id}
		}
		if err := t.attachments(byID, list, []any{arg}); err != nil {
			return nil, err
		}
		out := []accord.Attachment{}
		for _, id := range slices.Sorted(maps.Keys(byID)) {
			for _, a := range byID[id].Attachments {
				if !a.Withdrawn() {
					out = append(out, a)
				}
			}
		}
		return out, nil
	})
}

// lockDocument locks a document's row until the transaction ends, so that
// changes to one document queue, and returns it. A withdrawn document is
// ECONFLICT: it no longer changes, except to be read.
func (t *txn) lockDocument(id int64) (*accord.Document, error) {
	if err := t.found("document", id, t.forUpdate(`SELECT 1 FROM documents WHERE id = $1`), id); err != nil {
		return nil, err
	}
	ds, err := t.documents(`d.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if ds[0].Withdrawn() {
		return nil, accord.Errorf(accord.ECONFLICT, "document %s is withdrawn and no longer changes", ds[0].Reference)
	}
	return ds[0], nil
}

func documentResource(id int64) string { return fmt.Sprintf("document/%d", id) }

// documentMetadata is what the audit trail records of an edit.
type documentMetadata struct {
	Reference      string                `json:"reference"`
	Kind           accord.DocumentKind   `json:"kind"`
	Classification accord.Classification `json:"classification"`
	Recipients     []string              `json:"recipients"`
	EmbargoUntil   time.Time             `json:"embargo_until,omitzero"`
}

func metadataOf(d *accord.Document) documentMetadata {
	return documentMetadata{d.Reference, d.Kind, d.Classification, texts(d.Recipients), d.EmbargoUntil}
}

// UpdateDocument changes a document's reference, kind, classification and
// recipients, recording them before and after.
func (db *DB) UpdateDocument(ctx context.Context, d *accord.Document) error {
	if err := d.ValidateMetadata(); err != nil {
		return accord.Wrap("update document", err)
	}
	return db.write(ctx, "update document", func(t *txn) error {
		before, err := t.lockDocument(d.ID)
		if err != nil {
			return err
		}
		// Who wrote a document decides who may read and change it, so it
		// is not an edit: a new author is a new document.
		if before.AuthorKind != d.AuthorKind || before.AuthorDelegationID != d.AuthorDelegationID {
			return accord.Invalid("author_kind", "the author of a document does not change")
		}
		if !d.EmbargoUntil.IsZero() {
			d.EmbargoUntil = stamp(d.EmbargoUntil)
		}
		if err := accord.ValidateEmbargo(d, before, t.at()); err != nil {
			return err
		}
		err = t.exec(`UPDATE documents SET reference = $1, kind = $2, classification = $3, embargo_until = $4 WHERE id = $5`,
			d.Reference, d.Kind, d.Classification, timeArg(d.EmbargoUntil), d.ID)
		if err := conflict(err, "document %s already exists", d.Reference); err != nil {
			return err
		}
		if err := t.exec(`DELETE FROM document_recipients WHERE document_id = $1`, d.ID); err != nil {
			return err
		}
		for i, state := range d.Recipients {
			if err := t.ref(fmt.Sprintf("recipients[%d]", i), "state "+state, refState, state); err != nil {
				return err
			}
			if err := t.exec(`INSERT INTO document_recipients (document_id, state) VALUES ($1, $2)`, d.ID, state); err != nil {
				return conflict(err, "state %s is named twice as a recipient", state)
			}
		}
		return t.audit("document.update", documentResource(d.ID), metadataOf(before), metadataOf(d))
	})
}

// LinkDocument links a document to a meeting, or, when it is linked
// already, moves the link to another agenda item (0: none).
func (db *DB) LinkDocument(ctx context.Context, documentID int64, l accord.DocumentLink) error {
	if l.MeetingID <= 0 {
		return accord.Wrap("link document", accord.Invalid("meeting_id", "is required"))
	}
	return db.write(ctx, "link document", func(t *txn) error {
		d, err := t.lockDocument(documentID)
		if err != nil {
			return err
		}
		if err := t.ref("meeting_id", fmt.Sprint("meeting ", l.MeetingID), refMeeting, l.MeetingID); err != nil {
			return err
		}
		var item any
		if l.AgendaItemID != 0 {
			ok, err := t.exists(`SELECT 1 FROM agenda_items WHERE id = $1 AND meeting_id = $2`, l.AgendaItemID, l.MeetingID)
			if err != nil {
				return err
			}
			if !ok {
				// The reader knows the meeting by its number, not its id.
				var number int
				if err := t.queryRow(`SELECT number FROM meetings WHERE id = $1`, l.MeetingID).Scan(&number); err != nil {
					return err
				}
				return accord.Invalid("agenda_item_id", "the agenda item chosen is not on the agenda of meeting %s", accord.Roman(number))
			}
			item = l.AgendaItemID
		}
		if err := t.checkLinkLanguages(d, l.MeetingID); err != nil {
			return err
		}
		resource := fmt.Sprintf("document/%d/meeting/%d", documentID, l.MeetingID)
		for _, old := range d.Links {
			if old.MeetingID == l.MeetingID {
				if err := t.exec(`UPDATE document_meetings SET agenda_item_id = $1 WHERE document_id = $2 AND meeting_id = $3`, item, documentID, l.MeetingID); err != nil {
					return err
				}
				return t.audit("document.link", resource, old, l)
			}
		}
		err = t.exec(linkInsert, documentID, l.MeetingID, item)
		return t.created(err, "document.link", resource, l)
	})
}

// UnlinkDocument removes a document's link to a meeting.
func (db *DB) UnlinkDocument(ctx context.Context, documentID, meetingID int64) error {
	return db.write(ctx, "unlink document", func(t *txn) error {
		d, err := t.lockDocument(documentID)
		if err != nil {
			return err
		}
		i := -1
		for k, l := range d.Links {
			if l.MeetingID == meetingID {
				i = k
			}
		}
		switch {
		case i < 0:
			return accord.NotFound("link to meeting", meetingID)
		case len(d.Links) == 1:
			return accord.Invalid("meeting_id", "a document belongs to at least one meeting: link it to another first")
		}
		if d.AuthorKind == accord.AuthorDelegation {
			ok, err := t.exists(`SELECT 1 FROM delegations WHERE id = $1 AND meeting_id = $2`, d.AuthorDelegationID, meetingID)
			if err != nil {
				return err
			}
			if ok {
				return accord.Invalid("meeting_id", "the author delegation attended this meeting, which says who wrote the document: it stays linked")
			}
		}
		if err := t.exec(`DELETE FROM document_meetings WHERE document_id = $1 AND meeting_id = $2`, documentID, meetingID); err != nil {
			return err
		}
		return t.audit("document.unlink", fmt.Sprintf("document/%d/meeting/%d", documentID, meetingID), d.Links[i], nil)
	})
}

// withdrawal is what the audit trail records of a withdrawal.
type withdrawal struct {
	WithdrawnAt string `json:"withdrawn_at"`
	Reason      string `json:"reason"`
}

// WithdrawDocument marks a document withdrawn, with the time and the
// reason; its versions, links and files stay.
func (db *DB) WithdrawDocument(ctx context.Context, id int64, reason string) error {
	if err := accord.ValidateWithdrawal(reason); err != nil {
		return accord.Wrap("withdraw document", err)
	}
	return db.write(ctx, "withdraw document", func(t *txn) error {
		if _, err := t.lockDocument(id); err != nil {
			return err
		}
		w := withdrawal{stamp(t.db.now()).Format(timeFormat), reason}
		if err := t.exec(`UPDATE documents SET withdrawn_at = $1, withdrawal_reason = $2 WHERE id = $3`, w.WithdrawnAt, w.Reason, id); err != nil {
			return err
		}
		return t.audit("document.withdraw", documentResource(id), nil, w)
	})
}

// AddAttachment stores an attachment's record, then keeps its file, in one
// transaction.
func (db *DB) AddAttachment(ctx context.Context, a *accord.Attachment, file accord.StagedFile) error {
	if err := a.Validate(); err != nil {
		return accord.Wrap("add attachment", err)
	}
	return db.write(ctx, "add attachment", func(t *txn) error {
		d, err := t.lockDocument(a.DocumentID)
		if err != nil {
			return err
		}
		if err := accord.ValidatePhotoOf(d, a); err != nil {
			return err
		}
		if a.Lang != "" {
			if err := t.checkDocumentLanguage(a.DocumentID, "lang", a.Lang); err != nil {
				return err
			}
		}
		a.CreatedAt, a.WithdrawnAt, a.WithdrawalReason = stamp(t.db.now()), time.Time{}, ""
		a.ID, err = t.insert(`INSERT INTO document_attachments (document_id, lang, name, media_type, size, sha256, created_at, withdrawal_reason, alt, width, height)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10)`, a.DocumentID, a.Lang, a.Name, a.MediaType, a.Size, a.SHA256, a.CreatedAt.Format(timeFormat),
			jsonArg(text(a.Alt)), a.Width, a.Height)
		if err := t.created(err, "attachment.create", fmt.Sprintf("document/%d/attachment/%d", a.DocumentID, a.ID), a); err != nil {
			return err
		}
		if file != nil {
			return t.keepStaged(file)
		}
		return nil
	})
}

// WithdrawAttachment marks an attachment withdrawn; its record and file
// stay.
func (db *DB) WithdrawAttachment(ctx context.Context, documentID, id int64, reason string) error {
	if err := accord.ValidateWithdrawal(reason); err != nil {
		return accord.Wrap("withdraw attachment", err)
	}
	return db.write(ctx, "withdraw attachment", func(t *txn) error {
		if _, err := t.lockDocument(documentID); err != nil {
			return err
		}
		type state struct{ withdrawn, name string }
		st, err := one(t, func(r scanner) (s state, err error) { return s, r.Scan(&s.withdrawn, &s.name) }, accord.NotFound("attachment", id),
			`SELECT COALESCE(withdrawn_at, ''), name FROM document_attachments WHERE id = $1 AND document_id = $2`, id, documentID)
		if err != nil {
			return err
		}
		if st.withdrawn != "" {
			// Named as the edit page lists it, by its file name.
			return accord.Errorf(accord.ECONFLICT, "the file %s is withdrawn already", st.name)
		}
		w := withdrawal{stamp(t.db.now()).Format(timeFormat), reason}
		if err := t.exec(`UPDATE document_attachments SET withdrawn_at = $1, withdrawal_reason = $2 WHERE id = $3`, w.WithdrawnAt, w.Reason, id); err != nil {
			return err
		}
		return t.audit("attachment.withdraw", fmt.Sprintf("document/%d/attachment/%d", documentID, id), nil, w)
	})
}
