package auth

import (
	"context"
	"encoding/base32"
	"strings"

	"github.com/accord-org/accord"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// OfferTOTP returns the secret that sess offers u for an authenticator app:
// the one kept with the session, or a new one, kept there. The secret is
// the server's, never the browser's, so that no link can make a user
// confirm a secret someone else knows.
func (s *Service) OfferTOTP(ctx context.Context, sess *accord.Session, u *accord.User) (*Enrollment, error) {
	if sess == nil {
		return nil, accord.Errorf(accord.EFORBIDDEN, "Set up the authenticator app from a signed-in browser.")
	}
	if sess.TOTPSetup != "" {
		return enrollment(u, sess.TOTPSetup)
	}
	e, err := s.BeginTOTP(u)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetSessionTOTPSetup(ctx, sess.ID, e.Secret); err != nil {
		return nil, err
	}
	sess.TOTPSetup = e.Secret
	return e, nil
}

// enrollment rebuilds the offer of a kept secret.
func enrollment(u *accord.User, secret string) (*Enrollment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil {
		return nil, accord.Wrap("totp offer", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Accord", AccountName: u.Email, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return nil, accord.Wrap("totp offer", err)
	}
	return &Enrollment{Secret: key.Secret(), URL: key.URL()}, nil
}

// TOTPChange is a confirmed setup: the code the app shows for the offered
// secret and, when it replaces a second factor, the password and a code
// of the current app, or a recovery code.
type TOTPChange struct {
	Code, Password, Current string
}

func offered(sess *accord.Session) (string, error) {
	if sess == nil || sess.TOTPSetup == "" {
		return "", accord.Invalid("code", "no setup is under way; start the setup again")
	}
	return sess.TOTPSetup, nil
}

// SetupTOTP enables the secret sess offered for u, who is fully signed in.
// Replacing a second factor takes the password and a current code as
// well, so that a session left open, or stolen, cannot make its holder the
// owner of the account's second factor.
func (s *Service) SetupTOTP(ctx context.Context, sess *accord.Session, u *accord.User, in TOTPChange, ip string) ([]string, error) {
	secret, err := offered(sess)
	if err != nil {
		return nil, err
	}
	// The new code is matched first, and once, so that a typo in it
	// spends neither a password attempt nor the current code.
	step, err := s.matchSetup(secret, in.Code)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		if err := s.confirmPassword(ctx, u, in.Password, ip); err != nil {
			return nil, err
		}
		if in.Current == "" {
			return nil, accord.Invalid("current_code", "give a code of your current authenticator app, or a recovery code")
		}
		if _, err := s.verifyCode(ctx, u, in.Current, ip); err != nil {
			if accord.ErrorCode(err) == accord.EUNAUTHORIZED {
				return nil, accord.Invalid("current_code", "the code of your current authenticator app, or the recovery code, is wrong")
			}
			return nil, err
		}
	}
	return s.enableMatched(ctx, u, secret, step)
}

// matchSetup checks a setup's secret and the code for it, spending nothing.
func (s *Service) matchSetup(secret, code string) (int64, error) {
	if _, err := totp.GenerateCodeCustom(secret, s.Now(), totpOpts); err != nil || len(secret) < 16 || len(secret) > 64 {
		return 0, accord.Invalid("secret", "the setup secret is malformed; start the setup again")
	}
	step, err := s.matchTOTP(secret, strings.TrimSpace(code))
	if accord.ErrorCode(err) == accord.EUNAUTHORIZED {
		return 0, accord.Invalid("code", "the code does not match; check the app's clock and try again")
	}
	return step, err
}
