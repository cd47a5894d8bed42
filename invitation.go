package accord

import (
	"context"
	"time"
)

// InvitationDays is how long an invitation link holds.
const InvitationDays = 7

// Invitation is a one-time link that an organization's secretariat gives a
// person, who sets their password and second factor through it. The store
// keeps only the hash of its token, so a copy of the database accepts no
// invitation.
type Invitation struct {
	ID           int64     `json:"id"`
	Organization string    `json:"organization"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Lang         string    `json:"lang"`
	TokenHash    []byte    `json:"-"`
	InvitedBy    int64     `json:"invited_by,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	ExpiresAt    time.Time `json:"expires_at"`
	// UsedAt and UserID are set once the person accepted it.
	UsedAt time.Time `json:"used_at,omitzero"`
	UserID int64     `json:"user_id,omitempty"`
	// TOTPSetup is the authenticator secret last offered through the link,
	// until the invitation is accepted; never shown in lists.
	TOTPSetup string `json:"-"`
}

// Validate checks an invitation before it is stored.
func (i *Invitation) Validate() error {
	if err := ValidateCode("organization", i.Organization); err != nil {
		return err
	}
	i.Email = NormalizeEmail(i.Email)
	u := User{Name: i.Name, Email: i.Email, Lang: i.Lang}
	if err := u.Validate(); err != nil {
		return err
	}
	i.Lang = u.Lang
	return nil
}

// Usable reports whether the invitation may still be accepted at now.
func (i *Invitation) Usable(now time.Time) error {
	if !i.UsedAt.IsZero() {
		return Errorf(ECONFLICT, "This invitation was used already. Sign in, or ask the secretariat for a new one.")
	}
	if !now.Before(i.ExpiresAt) {
		return Errorf(ECONFLICT, "This invitation has expired. Ask the secretariat for a new one.")
	}
	return nil
}

// Acceptance is what a person gives through an invitation: their password
// and a confirmed second factor, all stored with the account in one
// transaction, so that no account exists half set up.
type Acceptance struct {
	PasswordHash   string
	TOTPSecret     string
	RecoveryHashes []string
	// TOTPStep is the step of the code that confirmed the secret; it is
	// spent with the acceptance.
	TOTPStep int64
}

// KeySubmission is a public key that a head of delegation submitted from
// their account, waiting for the secretariat to confirm its fingerprint
// with them and enrol it.
type KeySubmission struct {
	ID           int64     `json:"id"`
	Organization string    `json:"organization"`
	State        string    `json:"state"`
	UserID       int64     `json:"user_id"`
	Person       string    `json:"person"`
	VKey         string    `json:"vkey"`
	Fingerprint  string    `json:"fingerprint"`
	SubmittedAt  time.Time `json:"submitted_at"`
	ConfirmedAt  time.Time `json:"confirmed_at,omitzero"`
	// KeyID is the enrolled key, once confirmed.
	KeyID int64 `json:"key_id,omitempty"`
}

// AdminService is what an organization's secretariat does to accounts:
// invitations, grants, disabling and second-factor resets. Every change is
// audited in its transaction.
type AdminService interface {
	// CreateInvitation stores an invitation; an e-mail address that has an
	// account already is ECONFLICT naming "email".
	CreateInvitation(ctx context.Context, inv *Invitation) error
	// FindInvitation returns the invitation whose token hashes to
	// tokenHash, used or not.
	FindInvitation(ctx context.Context, tokenHash []byte) (*Invitation, error)
	// ListInvitations lists an organization's invitations, newest first.
	ListInvitations(ctx context.Context, org string) ([]*Invitation, error)
	// OfferInvitationTOTP keeps the authenticator secret a link offered.
	OfferInvitationTOTP(ctx context.Context, id int64, secret string) error
	// AcceptInvitation makes the account of an unused, unexpired
	// invitation, with its password and second factor, and marks the
	// invitation used, in one transaction.
	AcceptInvitation(ctx context.Context, tokenHash []byte, a *Acceptance) (*User, error)

	// ListOrganizationUsers lists the accounts that hold a grant in org or
	// were invited to it, by id.
	ListOrganizationUsers(ctx context.Context, org string) ([]*User, error)
	// UserOrganizations names the organizations an account belongs to:
	// those of its grants and of the invitation it was made from.
	UserOrganizations(ctx context.Context, userID int64) ([]string, error)
	// RevokeGrant takes a grant from a user.
	RevokeGrant(ctx context.Context, userID, grantID int64) error
	// DisableUser disables an account and, in the same transaction, ends
	// its sessions and personal access tokens; no new ones open.
	DisableUser(ctx context.Context, userID int64) error
	// ResetTOTP removes a user's second factor and recovery codes and ends
	// their sessions: they set up a new factor at their next sign-in.
	ResetTOTP(ctx context.Context, userID int64) error

	// SubmitKey stores a head's public key, pending confirmation.
	SubmitKey(ctx context.Context, k *KeySubmission) error
	// ListKeySubmissions lists the submissions of an organization ("" for
	// any) or of a user (0 for any), newest first.
	ListKeySubmissions(ctx context.Context, org string, userID int64) ([]*KeySubmission, error)
	FindKeySubmission(ctx context.Context, id int64) (*KeySubmission, error)
	// ConfirmKeySubmission enrols a pending submission as k (its validity
	// filled in by the caller) and marks it confirmed, in one transaction.
	ConfirmKeySubmission(ctx context.Context, id int64, k *SigningKey) error
}
