package sqlstore

import (
	"context"

	"github.com/accord-org/accord"
)

// ImportAdoption is an adoption procedure as a bag holds it: with its
// positions, and the texts that were put to adoption, which the store
// keeps with the procedure so that it can freeze them when they are
// adopted.
type ImportAdoption struct {
	*accord.Adoption
	Texts []accord.AdoptedText `json:"texts"`
}

// ArchiveAdoptions returns a document's adoption procedures, oldest first,
// with their texts, for an archive. A silence whose deadline has passed is
// settled first (ListAdoptions), so that the bag holds its result.
func (db *DB) ArchiveAdoptions(ctx context.Context, documentID int64) ([]ImportAdoption, error) {
	as, err := db.ListAdoptions(ctx, documentID)
	if err != nil {
		return nil, err
	}
	return fetch(ctx, db, "archive adoptions", func(t *txn) ([]ImportAdoption, error) {
		out := make([]ImportAdoption, 0, len(as))
		for _, a := range as {
			x := ImportAdoption{Adoption: a}
			if err := t.queryRow(`SELECT texts FROM adoptions WHERE id = $1`, a.ID).Scan(col(&x.Texts)); err != nil {
				return nil, err
			}
			// The sender's accounts do not travel.
			for i := range a.Positions {
				a.Positions[i].UserID = 0
			}
			out = append(out, x)
		}
		return out, nil
	})
}

// adoptions stores a document's adoption procedures with their positions,
// as the sender recorded them, without the sender's accounts.
func (im *importer) adoptions(x *ImportDocument, docID int64) error {
	ref := x.Document.Reference
	for _, a := range x.Adoptions {
		if a.Adoption == nil {
			return accord.Invalid("bag", "an adoption procedure of %s is empty", ref)
		}
		meeting, ok := im.meetings[a.MeetingID]
		if !ok {
			return accord.Invalid("bag", "the adoption of %s is of a meeting the bag does not hold", ref)
		}
		id, err := im.rowID("adoption procedures", "adoptions", "document_id*, meeting_id, method, revision, revision_sha256, members, texts, opened_at*, deadline, result, closed_at, broken_by, note",
			docID, meeting, a.Method, a.Revision, a.RevisionSHA256, jsonArg(a.Members), jsonArg(a.Texts), timeArg(a.OpenedAt),
			timeArg(a.Deadline), a.Result, timeArg(a.ClosedAt), a.BrokenBy, a.Note)
		if err != nil {
			return err
		}
		for _, p := range a.Positions {
			if err := im.row("adoption positions", "adoption_positions", "adoption_id*, state*, kind, text, lang, recorded_at, user_id",
				id, p.State, p.Kind, p.Text, p.Lang, timeArg(p.RecordedAt), nil); err != nil {
				return err
			}
		}
	}
	return nil
}
