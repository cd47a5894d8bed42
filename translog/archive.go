package translog

import "github.com/accord-org/accord"

// KindArchiveExport is the entry of an exported bag. No row backs it (ref
// 0): the entry is the record of the export, found by its index.
const KindArchiveExport = "archive_export"

// ArchiveEntry commits to a bag's tag manifest, which lists the SHA-512 of
// every other tag file, whose payload manifest lists that of every payload
// file: one hash covers the whole bag.
type ArchiveEntry struct {
	Type              string `json:"type"`
	Organization      string `json:"organization"`
	Body              string `json:"body,omitempty"`
	MeetingNumber     int    `json:"meeting_number,omitempty"`
	PreparedFor       string `json:"prepared_for"`
	TagManifestSHA256 string `json:"tag_manifest_sha256"`
	Signer            string `json:"signer"`
	Signature         string `json:"signature"`
	ExportedAt        string `json:"exported_at"`
}

// NewArchiveEntry is the entry of e.
func NewArchiveEntry(e *accord.ArchiveExport) ArchiveEntry {
	return ArchiveEntry{Type: KindArchiveExport, Organization: e.Organization, Body: e.Body, MeetingNumber: e.MeetingNumber,
		PreparedFor: e.PreparedFor, TagManifestSHA256: e.TagManifestSHA256, Signer: e.Signer, Signature: e.Signature, ExportedAt: Time(e.ExportedAt)}
}

// Bytes encodes the entry.
func (e ArchiveEntry) Bytes() []byte { return marshal(e) }

// OpenEntry returns the record a proved entry holds: the entry itself in
// the clear, else its details once they open the entry's commitment.
func OpenEntry(e BundleEntry) ([]byte, error) {
	rec, _, err := openEntry([]byte(e.Data), e.Details, e.Salt)
	return rec, err
}

// KindArchiveImport is the entry of a bag imported from another instance;
// ref is its archive_imports row.
const KindArchiveImport = "archive_import"

// ImportEntry names the bag a receiver imported, by the SHA-256 of its tag
// manifest, which the sender's log holds: the two logs then agree on one
// hash for the handover.
type ImportEntry struct {
	Type              string         `json:"type"`
	ImportID          int64          `json:"import_id"`
	Organization      string         `json:"organization"`
	TagManifestSHA256 string         `json:"tag_manifest_sha256"`
	Signer            string         `json:"signer"`
	SourceLogIndex    int64          `json:"source_log_index"`
	Added             map[string]int `json:"added"`
	ImportedAt        string         `json:"imported_at"`
}

// Bytes encodes the entry.
func (e ImportEntry) Bytes() []byte { return marshal(e) }
