package accord

import (
	"context"
	"time"
)

// ArchiveExport records one bag of the archive that a secretariat exported
// (issue 16): what it holds, for whom, and the tag manifest its key signed.
// The transparency log holds its entry, so that the receiving chair can
// show later that the bag it got is the bag that was handed over.
type ArchiveExport struct {
	Organization string `json:"organization"`
	// Body and MeetingNumber narrow the bag; empty and 0 for the whole
	// organization.
	Body          string `json:"body,omitempty"`
	MeetingNumber int    `json:"meeting_number,omitempty"`
	// PreparedFor is the party whose reading rights filtered the bag:
	// "secretariat", or "chair KZ" for an incoming chair.
	PreparedFor string `json:"prepared_for"`
	// TagManifestSHA256 is the hex SHA-256 of tagmanifest-sha512.txt.
	TagManifestSHA256 string `json:"tag_manifest_sha256"`
	// Signer is the verifier key that signed the tag manifest; Signature
	// the note's signature lines.
	Signer     string    `json:"signer"`
	Signature  string    `json:"signature"`
	ExportedAt time.Time `json:"exported_at"`
	LogIndex   int64     `json:"log_index"`
}

// Validate checks an export before it is recorded.
func (e *ArchiveExport) Validate() error {
	switch {
	case e.Organization == "":
		return Invalid("org", "is required")
	case e.MeetingNumber < 0:
		return Invalid("meeting", "must be a meeting's number")
	case e.MeetingNumber > 0 && e.Body == "":
		return Invalid("body", "is required with a meeting")
	case !ValidSHA256(e.TagManifestSHA256):
		return Invalid("tag_manifest_sha256", "is not a hex SHA-256")
	case e.Signer == "" || e.Signature == "":
		return Invalid("key", "the tag manifest must be signed")
	case e.PreparedFor == "":
		return Invalid("for", "is required")
	}
	return nil
}

// ArchiveService records exported bags.
type ArchiveService interface {
	// RecordArchiveExport stores e and enters it in the transparency log in
	// one transaction; it sets e.ExportedAt and e.LogIndex.
	RecordArchiveExport(ctx context.Context, e *ArchiveExport) error
}
