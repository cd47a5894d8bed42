package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// Every attempt at a password or a code is counted before it is checked,
// in the database (accord.SessionService.ClaimAttempt), so that parallel
// attempts see each other and every instance counts the same. The count is
// taken back when the attempt succeeds, or when something other than a
// wrong answer stopped it from being checked; what remains are failures.

func (s *Service) limit(key string, n int) accord.AttemptKey {
	return accord.AttemptKey{Key: key, Limit: n, Since: s.expired()}
}

// expired is when the attempts that no limit counts any more end: every
// limit counts over the one FailureWindow, so nothing older matters.
func (s *Service) expired() time.Time { return s.Now().Add(-s.Policy.FailureWindow) }

// claim counts an attempt under keys, pruning the expired ones.
func (s *Service) claim(ctx context.Context, keys ...accord.AttemptKey) (*accord.Attempt, error) {
	return s.Store.ClaimAttempt(ctx, keys, s.Now(), s.expired())
}

// unclaim takes back the count of an attempt. It runs even when the
// request was cancelled, or an attempt never checked would stay a failure.
func (s *Service) unclaim(ctx context.Context, a *accord.Attempt) error {
	return s.Store.ClearAttempt(context.WithoutCancel(ctx), a)
}

// uncheck takes back the count of an attempt that err kept from being
// checked, and returns err.
func (s *Service) uncheck(ctx context.Context, a *accord.Attempt, err error) error {
	if cerr := s.unclaim(ctx, a); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}

// refuse audits a wrong answer, whose count stays, and returns what the
// user is shown.
func (s *Service) refuse(ctx context.Context, action, resource, ip string, shown error) error {
	actx := accord.WithActor(ctx, &accord.Actor{Label: "public", IP: ip})
	if err := s.Store.Audit(actx, action, resource, nil, nil); err != nil {
		return err
	}
	return shown
}

// claimPassword counts a password attempt at email from ip. The account at
// that address and the address are refused past their limits; the account
// from every address is only slowed down, so that whoever knows no more
// than an e-mail address cannot keep its owner out from elsewhere.
func (s *Service) claimPassword(ctx context.Context, email, ip string) (*accord.Attempt, error) {
	a, err := s.claim(ctx,
		s.limit("ip:"+ip, s.Policy.MaxAddressFailures),
		s.limit("account:"+email+" ip:"+ip, s.Policy.MaxAccountFailures),
		s.limit("account:"+email, 0))
	if err != nil {
		return nil, err
	}
	if a.Refused != "" {
		return nil, errTooMany
	}
	if d := s.slowdown(a.Counts[2]); d > 0 {
		if err := s.Sleep(ctx, d); err != nil {
			return nil, s.uncheck(ctx, a, err)
		}
	}
	return a, nil
}

// slowdown is how long an attempt at an account with this many recent
// failures waits before its password is checked.
func (s *Service) slowdown(failures int) time.Duration {
	over := failures - s.Policy.MaxAccountFailures
	if over < 0 || s.Policy.Slowdown <= 0 {
		return 0
	}
	d := s.Policy.Slowdown
	for ; over > 0 && d < s.Policy.SlowdownMax; over-- {
		d *= 2
	}
	return min(d, s.Policy.SlowdownMax)
}

// confirmPassword checks the password of a signed-in user before a change
// that needs it, counted like a sign-in.
func (s *Service) confirmPassword(ctx context.Context, u *accord.User, password, ip string) error {
	if password == "" || len(password) > 1024 {
		return accord.Invalid("current_password", "give your current password")
	}
	att, err := s.claimPassword(ctx, u.Email, ip)
	if err != nil {
		return err
	}
	hash, err := s.Store.PasswordHash(ctx, u.ID)
	if err != nil {
		return s.uncheck(ctx, att, err)
	}
	ok, err := s.checkPassword(ctx, password, hash)
	if err != nil {
		return s.uncheck(ctx, att, accord.Wrap("check password", err))
	}
	if !ok {
		return accord.Invalid("current_password", "the current password is wrong")
	}
	return s.unclaim(ctx, att)
}

// verifyCode checks a code of u's authenticator app, or a recovery code,
// counted under the address, the user and the extra keys. The attempt is
// returned with the error, so that the caller can tell which limit it met.
func (s *Service) verifyCode(ctx context.Context, u *accord.User, code, ip string, extra ...accord.AttemptKey) (*accord.Attempt, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if code == "" || len(code) > 32 {
		return nil, accord.Invalid("code", "give the 6-digit code from your authenticator app, or a recovery code")
	}
	keys := append([]accord.AttemptKey{
		s.limit("ip:"+ip, s.Policy.MaxAddressFailures),
		s.limit(fmt.Sprintf("totp:%d", u.ID), s.Policy.MaxUserCodeFailures),
	}, extra...)
	att, err := s.claim(ctx, keys...)
	if err != nil {
		return nil, err
	}
	if att.Refused != "" {
		return att, errTooMany
	}
	secret, err := s.Store.TOTPSecret(ctx, u.ID)
	if err == nil && secret == "" {
		err = accord.Errorf(accord.EINVALID, "Set up the authenticator app first.")
	}
	if err != nil {
		return att, s.uncheck(ctx, att, err)
	}
	if err := s.checkCode(ctx, u.ID, secret, code); err != nil {
		if accord.ErrorCode(err) == accord.EUNAUTHORIZED {
			return att, s.refuse(ctx, "session.code_refused", "account:"+u.Email, ip, err)
		}
		return att, s.uncheck(ctx, att, err)
	}
	return att, s.unclaim(ctx, att)
}

// checkPassword checks a password within the hashing budget, at the cost
// the hash records.
func (s *Service) checkPassword(ctx context.Context, password, hash string) (bool, error) {
	p, _, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	release, err := s.Hashing.Acquire(ctx, uint64(p.Memory))
	if err != nil {
		return false, err
	}
	defer release()
	return CheckPassword(password, hash)
}

// hashPassword hashes a new password within the hashing budget.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	release, err := s.Hashing.Acquire(ctx, uint64(s.Password.Memory))
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(password, s.Password)
}

// RetryAfter is how long a client refused with err should wait before it
// tries again, or 0 when err says nothing of the kind. A sign-in limit is
// a count over the failure window, so after the whole window none of the
// failures that refused it counts any more: the wait is an upper bound,
// which spares a query for the oldest failure on every refusal.
func (s *Service) RetryAfter(err error) time.Duration {
	switch {
	case errors.Is(err, ErrBusy):
		return s.Hashing.RetryAfter()
	case accord.ErrorCode(err) == accord.ERATELIMIT:
		return s.Policy.FailureWindow
	}
	return 0
}

// HashingStats tells what the password hashing budget is doing, for
// metrics: hashes running and waiting, and refusals so far.
func (s *Service) HashingStats() BudgetStats { return s.Hashing.Stats() }

// Argon2Stats is HashingStats in the shape the metrics adapter asks for.
func (s *Service) Argon2Stats() (running, waiting int) {
	st := s.Hashing.Stats()
	return st.Running, st.Waiting
}
