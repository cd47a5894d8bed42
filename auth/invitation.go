package auth

import (
	"context"
	"strings"

	"github.com/accord-org/accord"
)

// InvitationPrefix starts every invitation token, so that scanners can tell
// a leaked link.
const InvitationPrefix = "inv_"

// Invite stores inv with a new one-time token and returns the token, which
// the secretariat copies into the link it gives the person: it is shown
// once and never stored.
func (s *Service) Invite(ctx context.Context, inv *accord.Invitation) (string, error) {
	token := newSecret(InvitationPrefix, 32)
	inv.TokenHash = hashSecret(token)
	if err := s.Store.CreateInvitation(ctx, inv); err != nil {
		return "", err
	}
	return token, nil
}

// invitation returns the usable invitation of a token.
func (s *Service) invitation(ctx context.Context, token string) (*accord.Invitation, error) {
	if !strings.HasPrefix(token, InvitationPrefix) || len(token) > 200 {
		return nil, accord.Errorf(accord.ENOTFOUND, "There is no such invitation. Check the link, or ask the secretariat for a new one.")
	}
	inv, err := s.Store.FindInvitation(ctx, hashSecret(token))
	if err != nil {
		return nil, err
	}
	return inv, inv.Usable(s.Now())
}

// OfferInvitation returns the invitation of a token with a new
// authenticator secret for the person to add to their app, kept with the
// invitation. Each visit offers a new one, so that whoever opened the link
// before the person (the secretariat copying it) does not know the secret
// the person confirms. Without fresh, the secret offered last is shown
// again: a refused form keeps the one the person's app has.
func (s *Service) OfferInvitation(ctx context.Context, token string, fresh bool) (*accord.Invitation, *Enrollment, error) {
	inv, err := s.invitation(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if !fresh && inv.TOTPSetup != "" {
		e, err := enrollment(&accord.User{Email: inv.Email}, inv.TOTPSetup)
		return inv, e, err
	}
	e, err := s.BeginTOTP(&accord.User{Email: inv.Email})
	if err != nil {
		return nil, nil, err
	}
	if err := s.Store.OfferInvitationTOTP(ctx, inv.ID, e.Secret); err != nil {
		return nil, nil, err
	}
	return inv, e, nil
}

// Accepted is an account made through an invitation, signed in.
type Accepted struct {
	User          *accord.User
	RecoveryCodes []string
	// Token is the new session's value, for the cookie.
	Token   string
	Session *accord.Session
}

// AcceptInvitation makes the invited account with password and the
// second factor the link offered, confirmed by code, and signs it in. The
// code is checked before the password is hashed, so that a typo costs no
// hashing.
func (s *Service) AcceptInvitation(ctx context.Context, token, password, code, ip, userAgent string) (*Accepted, error) {
	if len(password) < MinPasswordLength || len(password) > 1024 {
		return nil, accord.Invalid("password", "must be at least %d characters long", MinPasswordLength)
	}
	inv, err := s.invitation(ctx, token)
	if err != nil {
		return nil, err
	}
	if inv.TOTPSetup == "" {
		return nil, accord.Invalid("code", "no authenticator key was offered; open the invitation link again")
	}
	step, err := s.matchSetup(inv.TOTPSetup, code)
	if err != nil {
		return nil, err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return nil, accord.Wrap("accept invitation", err)
	}
	codes, hashes := newRecoveryCodes()
	u, err := s.Store.AcceptInvitation(ctx, hashSecret(token), &accord.Acceptance{PasswordHash: hash, TOTPSecret: inv.TOTPSetup, RecoveryHashes: hashes, TOTPStep: step})
	if err != nil {
		return nil, err
	}
	a := &Accepted{User: u, RecoveryCodes: codes}
	a.Token, a.Session, err = s.StartSession(ctx, u, true, ip, userAgent)
	return a, err
}
