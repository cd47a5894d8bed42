// Package translog is Accord's transparency log: the canonical entries that
// go into an append-only Merkle tree with RFC 6962 hashing
// (golang.org/x/mod/sumdb/tlog), checkpoints in the C2SP tlog-checkpoint
// format signed as notes, witness cosignatures (C2SP tlog-cosignature and
// tlog-witness), the C2SP tlog-tiles layout, signing keys held by their
// signers, the canonical signing statement, and the bundle that lets anyone
// check a signed document offline.
//
// The package holds no storage: sqlstore keeps the leaves and the tree's
// hashes, and calls the encoders here so that the bytes it logs are the
// bytes a verifier recomputes.
package translog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/accord-org/accord"
)

// Entry kinds. Each names what the entry's ref is the id of.
const (
	KindDocumentVersion  = "document_version"  // ref: document_versions.id
	KindKeyEnrolment     = "key_enrolment"     // ref: signing_keys.id
	KindKeyRevocation    = "key_revocation"    // ref: signing_keys.id
	KindSigningStatement = "signing_statement" // ref: signings.id
	KindSignature        = "signature"         // ref: signatures.id
	KindSigningComplete  = "signing_complete"  // ref: signings.id
	KindAuditBatch       = "audit_batch"       // ref: the last audit_log.id of the batch
)

// MaxEntrySize is the largest entry the log takes: C2SP tlog-tiles entry
// bundles prefix each entry with a 16-bit length.
const MaxEntrySize = 1<<16 - 1

// Entry is one leaf of the log with what it records.
type Entry struct {
	Index int64
	Kind  string
	Ref   int64
	Data  []byte
}

const timeFormat = "2006-01-02T15:04:05.000000Z"

// Time formats a timestamp as entries carry it: fixed-width UTC with
// microseconds, as storage keeps it.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Microsecond).Format(timeFormat)
}

// marshal encodes an entry. Struct fields marshal in declaration order, so
// the bytes depend only on the values, which is what makes an entry
// recomputable from the rows it records.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // entries are structs of strings and numbers
	}
	return b
}

// VersionDetails is what a document version's entry commits to.
type VersionDetails struct {
	Type           string `json:"type"`
	VersionID      int64  `json:"version_id"`
	DocumentID     int64  `json:"document_id"`
	Reference      string `json:"reference"`
	Classification string `json:"classification"`
	Lang           string `json:"lang"`
	Revision       int    `json:"revision"`
	// SHA256 is the hex SHA-256 of the version's canonical bytes, computed
	// again from the text, never copied from the stored column.
	SHA256    string `json:"sha256"`
	CreatedAt string `json:"created_at"`
}

// NewVersionDetails describes version v of document d.
func NewVersionDetails(d *accord.Document, v *accord.DocumentVersion) VersionDetails {
	return VersionDetails{Type: KindDocumentVersion, VersionID: v.ID, DocumentID: d.ID, Reference: d.Reference,
		Classification: string(d.Classification), Lang: v.Lang, Revision: v.Revision, SHA256: v.ComputeSHA256(), CreatedAt: Time(v.CreatedAt)}
}

// Details is the JSON the entry of a version commits to.
func (d VersionDetails) Details() []byte { return marshal(d) }

// Entry returns the log entry of the version: sealed with salt when there
// is one; else, as versions were logged before salts, the details
// themselves for a public document and their plain SHA-256 otherwise.
func (d VersionDetails) Entry(salt []byte) []byte {
	switch {
	case salt != nil:
		return seal(KindDocumentVersion, d.VersionID, d.Details(), salt)
	case d.Classification == string(accord.Public):
		return d.Details()
	}
	return marshal(sealedV1{Type: KindDocumentVersion, VersionID: d.VersionID, Commitment: commit(d.Details(), nil)})
}

// KeyEnrolmentEntry is the entry of an enrolled key.
type KeyEnrolmentEntry struct {
	Type         string `json:"type"`
	KeyID        int64  `json:"key_id"`
	VKey         string `json:"vkey"`
	Fingerprint  string `json:"fingerprint"`
	Organization string `json:"organization"`
	State        string `json:"state"`
	Role         string `json:"role"`
	Person       string `json:"person"`
	ValidFrom    string `json:"valid_from"`
	ValidUntil   string `json:"valid_until,omitempty"`
	EnrolledAt   string `json:"enrolled_at"`
}

// NewKeyEnrolment is the entry that enrols k.
func NewKeyEnrolment(k *accord.SigningKey) KeyEnrolmentEntry {
	e := KeyEnrolmentEntry{Type: KindKeyEnrolment, KeyID: k.ID, VKey: k.VKey, Fingerprint: k.Fingerprint, Organization: k.Organization,
		State: k.State, Role: string(k.Role), Person: k.Person, ValidFrom: k.ValidFrom.String(), EnrolledAt: Time(k.EnrolledAt)}
	if !k.ValidUntil.IsZero() {
		e.ValidUntil = k.ValidUntil.String()
	}
	return e
}

// Bytes encodes the entry.
func (e KeyEnrolmentEntry) Bytes() []byte { return marshal(e) }

// KeyRevocationEntry is the entry of a revoked key.
type KeyRevocationEntry struct {
	Type      string `json:"type"`
	KeyID     int64  `json:"key_id"`
	VKey      string `json:"vkey"`
	Reason    string `json:"reason"`
	RevokedAt string `json:"revoked_at"`
}

// NewKeyRevocation is the entry that revokes k.
func NewKeyRevocation(k *accord.SigningKey) KeyRevocationEntry {
	return KeyRevocationEntry{Type: KindKeyRevocation, KeyID: k.ID, VKey: k.VKey, Reason: k.RevocationReason, RevokedAt: Time(k.RevokedAt)}
}

// Bytes encodes the entry.
func (e KeyRevocationEntry) Bytes() []byte { return marshal(e) }

// StatementEntry is the entry of a signing statement: its hash, since the
// statement of a document the public may not read must not be public. The
// entry of such a document is sealed (Entry), since even its document id
// would tell the public which document is being signed.
type StatementEntry struct {
	Type            string `json:"type"`
	SigningID       int64  `json:"signing_id"`
	DocumentID      int64  `json:"document_id"`
	StatementSHA256 string `json:"statement_sha256"`
	OpenedAt        string `json:"opened_at"`
}

// NewStatementEntry is the entry that opens s for signature.
func NewStatementEntry(s *accord.Signing) StatementEntry {
	return StatementEntry{Type: KindSigningStatement, SigningID: s.ID, DocumentID: s.DocumentID,
		StatementSHA256: SHA256Hex([]byte(s.Statement)), OpenedAt: Time(s.OpenedAt)}
}

// Bytes encodes the entry in the clear.
func (e StatementEntry) Bytes() []byte { return marshal(e) }

// Entry is the log entry: sealed with salt, in the clear without one.
func (e StatementEntry) Entry(salt []byte) []byte {
	return sealOr(KindSigningStatement, e.SigningID, e.Bytes(), salt)
}

// SignatureEntry is the entry of a signature: the signed note in full,
// which says nothing the statement's hash does not already commit to.
type SignatureEntry struct {
	Type            string `json:"type"`
	SignatureID     int64  `json:"signature_id"`
	SigningID       int64  `json:"signing_id"`
	StatementSHA256 string `json:"statement_sha256"`
	State           string `json:"state"`
	KeyID           int64  `json:"key_id"`
	// Signature is the note's signature line(s), without the statement.
	Signature string `json:"signature"`
	SignedAt  string `json:"signed_at"`
}

// NewSignatureEntry is the entry of sig over the statement of s.
func NewSignatureEntry(s *accord.Signing, sig *accord.Signature) SignatureEntry {
	return SignatureEntry{Type: KindSignature, SignatureID: sig.ID, SigningID: s.ID, StatementSHA256: SHA256Hex([]byte(s.Statement)),
		State: sig.State, KeyID: sig.KeyID, Signature: SignatureLines([]byte(sig.Note), s.Statement), SignedAt: Time(sig.SignedAt)}
}

// Bytes encodes the entry in the clear.
func (e SignatureEntry) Bytes() []byte { return marshal(e) }

// Entry is the log entry: sealed with salt, in the clear without one.
func (e SignatureEntry) Entry(salt []byte) []byte {
	return sealOr(KindSignature, e.SignatureID, e.Bytes(), salt)
}

// CompleteEntry records that every required signatory has signed.
type CompleteEntry struct {
	Type            string           `json:"type"`
	SigningID       int64            `json:"signing_id"`
	StatementSHA256 string           `json:"statement_sha256"`
	Signatures      []CompleteSigner `json:"signatures"`
	CompletedAt     string           `json:"completed_at"`
}

// CompleteSigner is one signature that completed a signing.
type CompleteSigner struct {
	State       string `json:"state"`
	SignatureID int64  `json:"signature_id"`
	LogIndex    int64  `json:"log_index"`
}

// NewCompleteEntry is the entry that closes s: signed by all.
func NewCompleteEntry(s *accord.Signing) CompleteEntry {
	e := CompleteEntry{Type: KindSigningComplete, SigningID: s.ID, StatementSHA256: SHA256Hex([]byte(s.Statement)),
		Signatures: []CompleteSigner{}, CompletedAt: Time(s.CompletedAt)}
	for _, sig := range s.Signatures {
		e.Signatures = append(e.Signatures, CompleteSigner{State: sig.State, SignatureID: sig.ID, LogIndex: sig.LogIndex})
	}
	return e
}

// Bytes encodes the entry in the clear.
func (e CompleteEntry) Bytes() []byte { return marshal(e) }

// Entry is the log entry: sealed with salt, in the clear without one.
func (e CompleteEntry) Entry(salt []byte) []byte {
	return sealOr(KindSigningComplete, e.SigningID, e.Bytes(), salt)
}

// AuditBatchEntry links a run of audit-trail records into the log: the
// SHA-256 of each record's canonical JSON, byte for byte as stored.
type AuditBatchEntry struct {
	Type    string        `json:"type"`
	FirstID int64         `json:"first_id"`
	LastID  int64         `json:"last_id"`
	Records []AuditRecord `json:"records"`
}

// AuditRecord is one audit record's id and hash.
type AuditRecord struct {
	ID     int64  `json:"id"`
	SHA256 string `json:"sha256"`
}

// MaxAuditBatch bounds a batch so that its entry stays within MaxEntrySize.
const MaxAuditBatch = 400

// Bytes encodes the entry.
func (e AuditBatchEntry) Bytes() []byte { return marshal(e) }

// SHA256Hex is the hex SHA-256 of b.
func SHA256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// EntryType reads the type of an encoded entry.
func EntryType(data []byte) (string, error) {
	var t struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return "", fmt.Errorf("log entry is not JSON: %w", err)
	}
	return t.Type, nil
}

// KindChairHandover is the entry of a chair handed over; ref: the id of the
// term it opened.
const KindChairHandover = "chair_handover"

// HandoverEntry records a chairmanship passing from one state to the next.
type HandoverEntry struct {
	Type         string `json:"type"`
	Organization string `json:"organization"`
	Body         string `json:"body"`
	ClosedTermID int64  `json:"closed_term_id"`
	From         string `json:"from"`
	OpenedTermID int64  `json:"opened_term_id"`
	To           string `json:"to"`
	Date         string `json:"date"`
	Basis        string `json:"basis"`
	Note         string `json:"note,omitempty"`
	MeetingID    int64  `json:"meeting_id,omitempty"`
}

// NewHandoverEntry is the entry of the handover that closed one term and
// opened the next.
func NewHandoverEntry(closed, opened *accord.ChairTerm) HandoverEntry {
	return HandoverEntry{Type: KindChairHandover, Organization: opened.Organization, Body: opened.Body,
		ClosedTermID: closed.ID, From: closed.State, OpenedTermID: opened.ID, To: opened.State, Date: opened.From.String(),
		Basis: string(opened.Basis), Note: opened.Note, MeetingID: opened.FromMeetingID}
}

// Bytes encodes the entry.
func (e HandoverEntry) Bytes() []byte { return marshal(e) }
