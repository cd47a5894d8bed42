package sqlstore

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/accord-org/accord"
)

// Audit records keep what changed, not copies of whole records: a
// version's text is in document_versions and its hash in the log, so the
// trail names the version by its metadata and that hash. A trail that held
// every text again grew with the archive (50 M characters for 10,000
// documents) and spread texts to every reader of the trail.

// versionRecord is what the audit trail records of a document version.
type versionRecord struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Lang       string    `json:"lang"`
	Revision   int       `json:"revision"`
	Title      string    `json:"title"`
	SHA256     string    `json:"sha256"`
	CreatedAt  time.Time `json:"created_at"`
}

func versionOf(v *accord.DocumentVersion) versionRecord {
	return versionRecord{v.ID, v.DocumentID, v.Lang, v.Revision, v.Title, v.SHA256, v.CreatedAt}
}

// documentRecord is what the audit trail records of a new document.
type documentRecord struct {
	ID                 int64                 `json:"id"`
	Reference          string                `json:"reference"`
	Kind               accord.DocumentKind   `json:"kind"`
	Classification     accord.Classification `json:"classification"`
	AuthorKind         accord.AuthorKind     `json:"author_kind"`
	AuthorDelegationID int64                 `json:"author_delegation_id,omitempty"`
	AuthorState        string                `json:"author_state,omitempty"`
	Links              []accord.DocumentLink `json:"links"`
	Recipients         []string              `json:"recipients"`
	Versions           []versionRecord       `json:"versions"`
	CreatedAt          time.Time             `json:"created_at"`
	EmbargoUntil       time.Time             `json:"embargo_until,omitzero"`
}

func documentOf(d *accord.Document) documentRecord {
	r := documentRecord{ID: d.ID, Reference: d.Reference, Kind: d.Kind, Classification: d.Classification, AuthorKind: d.AuthorKind,
		AuthorDelegationID: d.AuthorDelegationID, AuthorState: d.AuthorState, Links: d.Links, Recipients: d.Recipients,
		Versions: []versionRecord{}, CreatedAt: d.CreatedAt, EmbargoUntil: d.EmbargoUntil}
	for i := range d.Versions {
		r.Versions = append(r.Versions, versionOf(&d.Versions[i]))
	}
	return r
}

// changedFields cuts the before and after of an edit, when both are JSON
// objects, to the fields that differ, and the id that names the record.
func changedFields(before, after json.RawMessage) (json.RawMessage, json.RawMessage, error) {
	var b, a map[string]json.RawMessage
	if json.Unmarshal(before, &b) != nil || json.Unmarshal(after, &a) != nil || b == nil || a == nil {
		return before, after, nil
	}
	for k, v := range b {
		if w, ok := a[k]; ok && bytes.Equal(v, w) && k != "id" {
			delete(a, k)
			delete(b, k)
		}
	}
	nb, err := json.Marshal(b)
	if err != nil {
		return nil, nil, err
	}
	na, err := json.Marshal(a)
	return nb, na, err
}
