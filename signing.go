package accord

import (
	"cmp"
	"context"
	"regexp"
	"strings"
	"time"
)

// SigningKey is a public key that the secretariat has enrolled for a person
// who signs for a state in a role, after confirming its fingerprint with the
// holder out of band. The private key never reaches Accord.
type SigningKey struct {
	ID           int64  `json:"id"`
	Organization string `json:"organization"`
	State        string `json:"state"`
	Role         Role   `json:"role"`
	// Person names the holder as the protocol names them: "Prosecutor
	// General of the Kyrgyz Republic".
	Person string `json:"person"`
	// UserID is the account of the holder, when they have one.
	UserID int64 `json:"user_id,omitempty"`
	// VKey is the key in signed-note verifier form: name+hash+base64.
	VKey string `json:"vkey"`
	// Fingerprint is what the holder reads aloud to confirm the key.
	Fingerprint string    `json:"fingerprint"`
	ValidFrom   Date      `json:"valid_from"`
	ValidUntil  Date      `json:"valid_until"`
	EnrolledAt  time.Time `json:"enrolled_at"`
	RevokedAt   time.Time `json:"revoked_at,omitzero"`
	// RevocationReason is why the key was revoked.
	RevocationReason string `json:"revocation_reason,omitempty"`
	// LogIndex is the index of the enrolment in the transparency log; -1
	// when not read.
	LogIndex int64 `json:"log_index"`
	// RevocationLogIndex is the index of the revocation, 0 when none.
	RevocationLogIndex int64 `json:"revocation_log_index,omitempty"`
}

// keyName is what a signed-note key name may be in Accord: printable, no
// space or plus sign (the note format's separators).
var keyName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$`)

// ValidateKeyName checks the name part of a signed-note key.
func ValidateKeyName(field, name string) error {
	if !keyName.MatchString(name) {
		return Invalid(field, "%q is not a key name: use letters, digits and . _ : / -, without spaces", name)
	}
	return nil
}

// Validate checks an enrolment before it is stored. The key itself is
// parsed by the storage, which needs the note package to do it.
func (k *SigningKey) Validate() error {
	if err := ValidateCode("organization", k.Organization); err != nil {
		return err
	}
	if err := ValidateStateCode("state", k.State); err != nil {
		return err
	}
	if k.Role != RoleHeadOfDelegation && k.Role != RoleChairOfficer && k.Role != RoleDelegationOfficer {
		return Invalid("role", "%q is not a role that signs: use head_of_delegation, chair_officer or delegation_officer", k.Role)
	}
	if strings.TrimSpace(k.Person) == "" || strings.TrimSpace(k.Person) != k.Person || strings.ContainsAny(k.Person, "\n\r\t") {
		return Invalid("person", "is required, on one line, without leading or trailing spaces")
	}
	if strings.TrimSpace(k.VKey) == "" {
		return Invalid("vkey", "is required: paste the key that 'accord key new' printed")
	}
	if k.ValidFrom.IsZero() {
		return Invalid("valid_from", "is required")
	}
	if err := cmp.Or(ValidateExact("valid_from", k.ValidFrom), ValidateExact("valid_until", k.ValidUntil)); err != nil {
		return err
	}
	if !k.ValidUntil.IsZero() && k.ValidUntil.Before(k.ValidFrom) {
		return Invalid("valid_until", "%s is before valid_from (%s)", k.ValidUntil, k.ValidFrom)
	}
	return nil
}

// ValidOn reports whether the key may sign on day d: within its validity
// and not revoked by then.
func (k *SigningKey) ValidOn(d Date, at time.Time) bool {
	if d.Before(k.ValidFrom) || (!k.ValidUntil.IsZero() && k.ValidUntil.Before(d)) {
		return false
	}
	return k.RevokedAt.IsZero() || at.Before(k.RevokedAt)
}

// SigningVersion is one language version frozen for signature.
type SigningVersion struct {
	VersionID int64  `json:"version_id"`
	Lang      string `json:"lang"`
	Revision  int    `json:"revision"`
	SHA256    string `json:"sha256"`
	// Authentic versions are equally binding; the others are translations.
	Authentic bool `json:"authentic"`
}

// Signatory is a state whose head of delegation must sign.
type Signatory struct {
	State string `json:"state"`
	Names Text   `json:"names"`
	// Head is how the delegation's head is named, when the delegation is
	// recorded.
	Head string `json:"head,omitempty"`
	// Heads name the head in each language the record has a title or a
	// name in, for the pages; Head, in English, is what older signings
	// kept. Neither is part of the signed statement.
	Heads Text `json:"heads,omitempty"`
}

// HeadIn is how a page in lang names the head.
func (s Signatory) HeadIn(lang string) string {
	if h := s.Heads.Get(lang); h != "" {
		return h
	}
	return s.Head
}

// HeadLabels are p's labels in every language its record has, and in
// English, for a signatory.
func HeadLabels(p *Person) Text {
	t := Text{"en": p.Label("en")}
	for _, l := range append(p.Title.Languages(), p.Names.Languages()...) {
		t[l] = p.Label(l)
	}
	return t
}

// Signing is a document opened for signature: the versions it froze, the
// canonical statement that signatories sign, who must sign, and the
// signatures received.
type Signing struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Reference  string `json:"reference"`
	MeetingID  int64  `json:"meeting_id"`
	// Statement is the canonical text each signatory signs as a signed
	// note; StatementSHA256 is its hex SHA-256.
	Statement       string           `json:"statement"`
	StatementSHA256 string           `json:"statement_sha256"`
	Versions        []SigningVersion `json:"versions"`
	Required        []Signatory      `json:"required"`
	Signatures      []*Signature     `json:"signatures"`
	OpenedAt        time.Time        `json:"opened_at"`
	// CompletedAt is when the last required signature arrived: the
	// document is then "signed by all".
	CompletedAt time.Time `json:"completed_at,omitzero"`
	LogIndex    int64     `json:"log_index"`
	// CompletionLogIndex is the index of the completion entry, 0 until then.
	CompletionLogIndex int64 `json:"completion_log_index,omitempty"`
}

// SignedByAll reports whether every required state has signed.
func (s *Signing) SignedByAll() bool { return !s.CompletedAt.IsZero() }

// SignatureOf returns the signature of state, or nil.
func (s *Signing) SignatureOf(state string) *Signature {
	for _, sig := range s.Signatures {
		if sig.State == state {
			return sig
		}
	}
	return nil
}

// Signature is one signatory's signed note over a signing statement.
type Signature struct {
	ID        int64  `json:"id"`
	SigningID int64  `json:"signing_id"`
	State     string `json:"state"`
	KeyID     int64  `json:"key_id"`
	// Note is the signed note as uploaded: the statement and the
	// signature line.
	Note     string    `json:"note"`
	SignedAt time.Time `json:"signed_at"`
	LogIndex int64     `json:"log_index"`
}

// SigningService keeps signing keys, signings and signatures. Each change
// is appended to the transparency log in the transaction that makes it.
type SigningService interface {
	// EnrolKey stores a public key for a person, a state and a role.
	EnrolKey(ctx context.Context, k *SigningKey) error
	// RevokeKey revokes a key with a reason; a revoked key signs no more.
	RevokeKey(ctx context.Context, id int64, reason string) error
	FindSigningKey(ctx context.Context, id int64) (*SigningKey, error)
	// ListSigningKeys lists the keys of an organization ("" for all).
	ListSigningKeys(ctx context.Context, org string) ([]*SigningKey, error)
	// OpenSigning freezes the document's latest versions and fixes the
	// required signatories: the member states of the meeting's
	// organization on the meeting's first day.
	OpenSigning(ctx context.Context, documentID int64) (*Signing, error)
	// PreviewSigning is the signing OpenSigning would open now, stored
	// nowhere: what the person opening it confirms.
	PreviewSigning(ctx context.Context, documentID int64) (*Signing, error)
	// FindSigning returns the signing of a document, with its signatures.
	FindSigning(ctx context.Context, documentID int64) (*Signing, error)
	// AddSignature checks a signed note from state against the keys
	// enrolled for it and stores it.
	AddSignature(ctx context.Context, documentID int64, state string, note []byte) (*Signature, error)
}
