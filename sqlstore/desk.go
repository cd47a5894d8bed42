package sqlstore

import (
	"context"

	"github.com/accord-org/accord"
)

// ListOpenWork reads, organization by organization, the documents where
// work waits; the desk asks the policy which of them are the reader's.
func (db *DB) ListOpenWork(ctx context.Context, orgs []string) (*accord.OpenWork, error) {
	return fetch(ctx, db, "list open work", func(t *txn) (*accord.OpenWork, error) {
		w := &accord.OpenWork{Signing: []int64{}, Amendments: []int64{}, Adoption: []int64{}, Invitations: []int64{}}
		today := accord.DateOf(t.db.now().UTC()).String()
		for _, org := range orgs {
			signing, err := all(t, scanID, `SELECT s.document_id FROM signings s JOIN meetings m ON m.id = s.meeting_id
				WHERE s.completed_at IS NULL AND m.organization = $1 ORDER BY s.opened_at DESC, s.document_id DESC LIMIT $2`, org, accord.WorkLimit)
			if err != nil {
				return nil, err
			}
			amendments, err := all(t, scanID, `SELECT a.document_id FROM amendments a
				WHERE a.status = $1 AND EXISTS (SELECT 1 FROM document_meetings dm WHERE dm.document_id = a.document_id AND dm.organization = $2)
				GROUP BY a.document_id ORDER BY MAX(a.created_at) DESC, a.document_id DESC LIMIT $3`, accord.AmendmentOpen, org, accord.WorkLimit)
			if err != nil {
				return nil, err
			}
			adoption, err := all(t, scanID, `SELECT a.document_id FROM adoptions a JOIN meetings m ON m.id = a.meeting_id
				WHERE a.result = '' AND m.organization = $1 ORDER BY a.opened_at DESC, a.document_id DESC LIMIT $2`, org, accord.WorkLimit)
			if err != nil {
				return nil, err
			}
			invitations, err := all(t, scanID, `SELECT d.id FROM delegations d JOIN meetings m ON m.id = d.meeting_id
				WHERE d.organization = $1 AND d.invitation = $2 AND m.start_date >= $3 ORDER BY m.start_date, d.id LIMIT $4`,
				org, string(accord.InvitationSent), today, accord.WorkLimit)
			if err != nil {
				return nil, err
			}
			w.Invitations = append(w.Invitations, invitations...)
			w.Signing = append(w.Signing, signing...)
			w.Amendments = append(w.Amendments, amendments...)
			w.Adoption = append(w.Adoption, adoption...)
		}
		return w, nil
	})
}
