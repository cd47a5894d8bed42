package translog

import "github.com/accord-org/accord"

// KindDraftRevision is the entry of a circulated revision of a draft; ref:
// draft_revisions.id.
const KindDraftRevision = "draft_revision"

// RevisionDetails is what a circulated revision's entry commits to, so that
// later nobody can claim a delegation saw another text.
type RevisionDetails struct {
	Type       string `json:"type"`
	RevisionID int64  `json:"revision_id"`
	DocumentID int64  `json:"document_id"`
	Reference  string `json:"reference"`
	Number     int    `json:"number"`
	// SHA256 is recomputed from the revision's segments, never copied from
	// the stored column.
	SHA256       string `json:"sha256"`
	CirculatedAt string `json:"circulated_at"`
}

// NewRevisionDetails describes revision r.
func NewRevisionDetails(r *accord.DraftRevision) RevisionDetails {
	return RevisionDetails{Type: KindDraftRevision, RevisionID: r.ID, DocumentID: r.DocumentID, Reference: r.Reference,
		Number: r.Number, SHA256: r.ComputeSHA256(), CirculatedAt: Time(r.CirculatedAt)}
}

// Details is the JSON the entry commits to.
func (d RevisionDetails) Details() []byte { return marshal(d) }

// Entry returns the log entry: sealed with salt (a commitment) while the
// draft is not public, the details themselves otherwise.
func (d RevisionDetails) Entry(salt []byte) []byte {
	return sealOr(KindDraftRevision, d.RevisionID, d.Details(), salt)
}
