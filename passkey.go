package accord

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Passkey is a WebAuthn credential a user signs in with instead of a
// password. The store keeps only public material: the authenticator keeps
// the private key.
type Passkey struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	// CredentialID is the authenticator's id for the credential, unique
	// across all users.
	CredentialID []byte `json:"-"`
	// PublicKey is the credential's COSE-encoded public key.
	PublicKey []byte `json:"-"`
	// UserHandle is the opaque, random id the authenticator stores with a
	// discoverable credential and returns at sign-in. It is the same for
	// all passkeys of a user, and is not the user's id, so that an
	// authenticator learns nothing about the account.
	UserHandle []byte `json:"-"`
	// SignCount is the authenticator's signature counter; a value that does
	// not grow (other than a constant 0) betrays a cloned authenticator.
	SignCount uint32 `json:"-"`
	// AAGUID names the authenticator model, as it reported it.
	AAGUID     []byte   `json:"-"`
	Transports []string `json:"transports"`
	// BackupEligible and BackupState tell whether the credential may be,
	// and is, synced to other devices (a password manager or a platform
	// keychain) rather than bound to one device.
	BackupEligible bool      `json:"backup_eligible"`
	BackupState    bool      `json:"backup_state"`
	CreatedAt      time.Time `json:"created_at"`
	LastUsedAt     time.Time `json:"last_used_at,omitzero"`
}

// Limits on what a client may send for a passkey, so that a credential
// cannot bloat the database.
const (
	maxPasskeyName       = 100
	maxCredentialIDBytes = 1023 // WebAuthn Level 3, §6.1: at most 1023 bytes
	maxPublicKeyBytes    = 2048
	maxUserHandleBytes   = 64 // WebAuthn §5.4.3
)

// Validate checks a passkey before it is stored. A blank name becomes
// "Passkey", since naming it is a courtesy, not a requirement.
func (p *Passkey) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		p.Name = "Passkey"
	}
	if !utf8.ValidString(p.Name) || utf8.RuneCountInString(p.Name) > maxPasskeyName {
		return Invalid("name", "is at most %d characters", maxPasskeyName)
	}
	switch {
	case p.UserID <= 0:
		return Invalid("user_id", "is required")
	case len(p.CredentialID) == 0 || len(p.CredentialID) > maxCredentialIDBytes:
		return Invalid("credential", "the credential id is missing or too long")
	case len(p.PublicKey) == 0 || len(p.PublicKey) > maxPublicKeyBytes:
		return Invalid("credential", "the public key is missing or too long")
	case len(p.UserHandle) == 0 || len(p.UserHandle) > maxUserHandleBytes:
		return Invalid("credential", "the user handle is missing or too long")
	case len(p.Transports) > 10:
		return Invalid("credential", "too many transports")
	}
	return nil
}

// CeremonyKind tells which WebAuthn ceremony a challenge was issued for, so
// that a challenge issued for one cannot finish the other.
type CeremonyKind string

const (
	CeremonyRegister CeremonyKind = "register"
	CeremonyLogin    CeremonyKind = "login"
)

// Ceremony is the server's half of a WebAuthn ceremony between its begin
// and finish requests: the challenge and the options it was issued with.
// It is kept in the database, not in process memory, so that the finish
// request may reach another instance than the begin request did.
type Ceremony struct {
	// KeyHash is the SHA-256 of the random key the browser holds; like a
	// session's, the key itself is not stored.
	KeyHash []byte
	Kind    CeremonyKind
	// UserID is the user a registration is for; 0 for a sign-in, where
	// nobody is known until the authenticator answers.
	UserID int64
	// Data is the relying party library's session data, opaque here.
	Data      []byte
	ExpiresAt time.Time
}

// PasskeyService stores passkeys and the state of WebAuthn ceremonies.
type PasskeyService interface {
	// CreatePasskey stores a passkey; a credential id stored already (for
	// any user) is ECONFLICT.
	CreatePasskey(ctx context.Context, p *Passkey) error
	// FindPasskey returns the passkey with a credential id, or ENOTFOUND.
	FindPasskey(ctx context.Context, credentialID []byte) (*Passkey, error)
	// ListPasskeys returns a user's passkeys, oldest first.
	ListPasskeys(ctx context.Context, userID int64) ([]*Passkey, error)
	// UsePasskey records a sign-in: the new signature counter, backup state
	// and time. A counter that does not grow (unless it stays 0, as it does
	// for authenticators without one) is ECONFLICT, checked in the same
	// statement as the write, so that two sign-ins with one assertion
	// cannot both pass.
	UsePasskey(ctx context.Context, id int64, signCount uint32, backupState bool, at time.Time) error
	// DeletePasskey removes one of a user's passkeys; another user's is
	// ENOTFOUND, as if it did not exist.
	DeletePasskey(ctx context.Context, userID, id int64) error

	// SaveCeremony stores the state of a ceremony that has begun, and
	// drops ceremonies that have expired.
	SaveCeremony(ctx context.Context, c *Ceremony) error
	// TakeCeremony returns a ceremony of kind and deletes it, in one
	// statement, so that a challenge is answered once. An unknown or spent
	// ceremony is ENOTFOUND. Whether it has expired is the caller's to
	// judge, as with a session's timeouts; an expired one is spent all the
	// same.
	TakeCeremony(ctx context.Context, keyHash []byte, kind CeremonyKind) (*Ceremony, error)
}
