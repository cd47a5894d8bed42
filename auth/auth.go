package auth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/accord-org/accord"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Policy holds the timeouts and limits of authentication, in one place.
type Policy struct {
	// SessionIdle ends a session nobody used for this long.
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in, used or not.
	SessionMax time.Duration
	// PendingMax is how long a password-only session of a user who owes a
	// second factor lasts.
	PendingMax time.Duration
	// FailureWindow is the sliding window over which the limits below
	// count failures.
	FailureWindow time.Duration
	// MaxAccountFailures refuses password attempts at one account from one
	// address; MaxAddressFailures refuses an address whatever it tries.
	// Failures at an account from every address together never refuse
	// its owner, who may be elsewhere: past MaxAccountFailures they slow
	// each attempt at it down, by Slowdown, doubled with every further
	// failure, up to SlowdownMax.
	MaxAccountFailures int
	MaxAddressFailures int
	Slowdown           time.Duration
	SlowdownMax        time.Duration
	// MaxSessionCodeFailures wrong second-factor codes end the pending
	// session that gave them; MaxUserCodeFailures refuse codes for the
	// user from any session.
	MaxSessionCodeFailures int
	MaxUserCodeFailures    int
	// TokenMaxDays caps the life of a personal access token.
	TokenMaxDays int
}

// DefaultPolicy is what Accord runs with.
var DefaultPolicy = Policy{
	SessionIdle:            30 * time.Minute,
	SessionMax:             12 * time.Hour,
	PendingMax:             10 * time.Minute,
	FailureWindow:          15 * time.Minute,
	MaxAccountFailures:     5,
	MaxAddressFailures:     30,
	Slowdown:               500 * time.Millisecond,
	SlowdownMax:            5 * time.Second,
	MaxSessionCodeFailures: 5,
	MaxUserCodeFailures:    10,
	TokenMaxDays:           365,
}

// Service authenticates against a store.
type Service struct {
	Store  accord.Store
	Now    accord.Clock
	Policy Policy
	// Password is the argon2id cost for new hashes.
	Password Argon2Params
	// Hashing bounds the memory that password hashes hold at once.
	Hashing *Budget
	// Sleep waits, for the slowdown of a much-failed account; tests
	// replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// dummyHash is checked against when the account does not exist, so that
	// the time a refusal takes does not tell whether it does. It is made on
	// first use, with the cost in force then.
	dummyOnce sync.Once
	dummyHash string
}

// New returns a Service with the default policy.
func New(store accord.Store, now accord.Clock) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{Store: store, Now: now, Policy: DefaultPolicy, Password: PasswordParams,
		Hashing: NewBudget(DefaultHashMemory, HashWait, HashQueue), Sleep: sleep}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Errors a user sees. They never say whether an account exists.
var (
	errBadCredentials = accord.Errorf(accord.EUNAUTHORIZED, "The e-mail address or the password is wrong.")
	errBadCode        = accord.Errorf(accord.EUNAUTHORIZED, "The code is wrong or was used already.")
	// errCodeUsed is a right code given twice, as when signing in again
	// within its 30 seconds. Saying so tells only someone who had the code
	// that it was right.
	errCodeUsed   = accord.Errorf(accord.EUNAUTHORIZED, "This code was used already: wait for the next code of your authenticator app, which comes within 30 seconds.")
	errTooMany    = accord.Errorf(accord.ERATELIMIT, "Too many failed sign-ins. Wait a few minutes, then try again.")
	errCodesSpent = accord.Errorf(accord.EUNAUTHORIZED, "Too many wrong codes. Sign in again with your password.")
	errNoSession  = accord.Errorf(accord.EUNAUTHORIZED, "Sign in first.")
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "accord_session"

// Login is the outcome of a password sign-in.
type Login struct {
	// Token is the new session's value, for the cookie.
	Token   string
	Session *accord.Session
	User    *accord.User
	// NeedsTOTP: the user must give a code before the session opens
	// anything. NeedsEnrollment: the user must first set up TOTP.
	NeedsTOTP       bool
	NeedsEnrollment bool
}

// Login checks an e-mail and password and opens a session. Every failure
// looks the same to the caller and counts against the account and the
// address, before the slow check, so that parallel attempts see each other.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent string) (*Login, error) {
	email = accord.NormalizeEmail(email)
	if email == "" || password == "" || len(email) > 320 || len(password) > 1024 {
		return nil, accord.Invalid("credentials", "give an e-mail address and a password")
	}
	att, err := s.claimPassword(ctx, email, ip)
	if err != nil {
		return nil, err
	}
	s.dummyOnce.Do(func() { s.dummyHash, _ = HashPassword("accord-dummy-password", s.Password) })
	u, err := s.Store.FindUserByEmail(ctx, email)
	hash := s.dummyHash
	switch accord.ErrorCode(err) {
	case "":
		if hash, err = s.Store.PasswordHash(ctx, u.ID); err != nil {
			return nil, s.uncheck(ctx, att, err)
		}
	case accord.ENOTFOUND:
		u = nil
	default:
		return nil, s.uncheck(ctx, att, err)
	}
	ok, err := s.checkPassword(ctx, password, hash)
	if err != nil {
		return nil, s.uncheck(ctx, att, accord.Wrap("login", err))
	}
	if !ok || u == nil {
		return nil, s.refuse(ctx, "session.refused", "account:"+email, ip, errBadCredentials)
	}
	if err := s.unclaim(ctx, att); err != nil {
		return nil, err
	}
	login := &Login{User: u, NeedsTOTP: u.TOTPEnabled, NeedsEnrollment: u.Privileged() && !u.TOTPEnabled}
	login.Token, login.Session, err = s.StartSession(ctx, u, !login.NeedsTOTP && !login.NeedsEnrollment, ip, userAgent)
	return login, err
}

// StartSession opens a session for u and returns its token. mfa says
// whether the second factor was given (or is not needed).
func (s *Service) StartSession(ctx context.Context, u *accord.User, mfa bool, ip, userAgent string) (string, *accord.Session, error) {
	token := newSecret("s_", 32)
	sess := &accord.Session{TokenHash: hashSecret(token), UserID: u.ID, MFA: mfa, IP: ip, UserAgent: truncate(userAgent, 300)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Session returns the live session of a cookie value, with its user. An
// expired or revoked session is EUNAUTHORIZED, like a missing one. A
// non-nil v is answered by the same read (accord.VersionQuery).
func (s *Service) Session(ctx context.Context, token string, v *accord.VersionQuery) (*accord.Session, *accord.User, error) {
	if token == "" || len(token) > 200 {
		return nil, nil, errNoSession
	}
	sess, u, err := s.Store.FindSessionUser(ctx, hashSecret(token), v)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil, nil, errNoSession
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	max := s.Policy.SessionMax
	if !sess.MFA {
		max = s.Policy.PendingMax
	}
	if !sess.RevokedAt.IsZero() || now.Sub(sess.LastSeenAt) > s.Policy.SessionIdle || now.Sub(sess.CreatedAt) > max {
		return nil, nil, errNoSession
	}
	// Writing on every request would make every read a write; a minute's
	// precision is plenty for a 30-minute idle timeout.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.Store.TouchSession(ctx, sess.ID, now); err != nil {
			return nil, nil, err
		}
	}
	return sess, u, nil
}

// Actor returns who acts through a session: nobody (the public) while a
// privileged user still owes the second factor.
func (s *Service) Actor(sess *accord.Session, u *accord.User, ip string) *accord.Actor {
	if sess == nil || (!sess.MFA && (u.Privileged() || u.TOTPEnabled)) {
		return &accord.Actor{Label: "public", IP: ip}
	}
	return &accord.Actor{User: u, IP: ip}
}

// SecondFactor checks a TOTP or recovery code for a pending session and, on
// success, replaces the session with a new one that has passed: the id
// changes at every step up, so a planted id is worth nothing. A session
// that gave MaxSessionCodeFailures wrong codes is ended.
func (s *Service) SecondFactor(ctx context.Context, sess *accord.Session, u *accord.User, code, ip, userAgent string) (string, *accord.Session, error) {
	key := fmt.Sprintf("session:%d", sess.ID)
	att, err := s.verifyCode(ctx, u, code, ip, s.limit(key, s.Policy.MaxSessionCodeFailures))
	if err != nil {
		if att != nil && (att.Refused == key || (accord.ErrorCode(err) == accord.EUNAUTHORIZED && att.Counts[2]+1 >= s.Policy.MaxSessionCodeFailures)) {
			actx := accord.WithActor(ctx, &accord.Actor{User: u, IP: ip})
			if err := s.Store.RevokeSession(actx, sess.ID); err != nil {
				return "", nil, err
			}
			return "", nil, errCodesSpent
		}
		return "", nil, err
	}
	return s.stepUp(ctx, sess, u, ip, userAgent)
}

func (s *Service) stepUp(ctx context.Context, sess *accord.Session, u *accord.User, ip, userAgent string) (string, *accord.Session, error) {
	actx := accord.WithActor(ctx, &accord.Actor{User: u, IP: ip})
	if err := s.Store.RevokeSession(actx, sess.ID); err != nil {
		return "", nil, err
	}
	return s.StartSession(ctx, u, true, ip, userAgent)
}

// checkCode accepts a TOTP code of the current step or its neighbours (for
// clock drift), once; or else an unused recovery code.
func (s *Service) checkCode(ctx context.Context, userID int64, secret, code string) error {
	actx := accord.WithActor(ctx, &accord.Actor{Label: fmt.Sprintf("user:%d", userID)})
	if len(code) == 6 && isDigits(code) {
		step, err := s.matchTOTP(secret, code)
		if err != nil {
			return err
		}
		err = s.Store.UseTOTPStep(actx, userID, step)
		if accord.ErrorCode(err) == accord.ECONFLICT {
			return errCodeUsed
		}
		return err
	}
	err := s.Store.UseRecoveryCode(actx, userID, hashSecretHex(normalizeRecoveryCode(code)))
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return errBadCode
	}
	return err
}

// matchTOTP returns the time step whose code is code: the current step or
// a neighbour, for clock drift. No match is errBadCode.
func (s *Service) matchTOTP(secret, code string) (int64, error) {
	now := s.Now()
	for _, skew := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(skew*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err != nil {
			return 0, accord.Wrap("totp", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / totpPeriod, nil
		}
	}
	return 0, errBadCode
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrollment is a TOTP secret offered to a user, not yet confirmed.
type Enrollment struct {
	Secret string
	URL    string
}

// BeginTOTP makes a new secret for u to add to an authenticator app.
func (s *Service) BeginTOTP(u *accord.User) (*Enrollment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Accord", AccountName: u.Email, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, accord.Wrap("begin totp", err)
	}
	return &Enrollment{Secret: key.Secret(), URL: key.URL()}, nil
}

// RecoveryCodeCount is how many recovery codes a user gets.
const RecoveryCodeCount = 10

// NewSecondFactor makes a TOTP secret and recovery codes for an account
// made on the command line or by the demo, whose secret is handed over with
// the password, and needs no code from an app. It returns the secret, the
// codes, and what the store keeps of them, to be stored with the account.
func (s *Service) NewSecondFactor(u *accord.User) (string, []string, accord.SecondFactor, error) {
	e, err := s.BeginTOTP(u)
	if err != nil {
		return "", nil, accord.SecondFactor{}, err
	}
	codes, hashes := newRecoveryCodes()
	return e.Secret, codes, accord.SecondFactor{Secret: e.Secret, RecoveryHashes: hashes}, nil
}

func newRecoveryCodes() (codes, hashes []string) {
	codes = make([]string, RecoveryCodeCount)
	hashes = make([]string, RecoveryCodeCount)
	for i := range codes {
		raw := newSecret("", 10)[:10]
		codes[i] = raw[:5] + "-" + raw[5:]
		hashes[i] = hashSecretHex(normalizeRecoveryCode(codes[i]))
	}
	return codes, hashes
}

// ConfirmTOTP enables secret for u once code proves the app has it, and
// returns fresh recovery codes, to be shown once. A pending session, if
// given, steps up to a full one.
func (s *Service) ConfirmTOTP(ctx context.Context, u *accord.User, secret, code string) ([]string, error) {
	step, err := s.matchSetup(secret, code)
	if err != nil {
		return nil, err
	}
	return s.enableMatched(ctx, u, secret, step)
}

// enableMatched enables secret, whose code matched at step.
func (s *Service) enableMatched(ctx context.Context, u *accord.User, secret string, step int64) ([]string, error) {
	codes, hashes := newRecoveryCodes()
	if err := s.Store.EnableTOTP(ctx, u.ID, secret, hashes); err != nil {
		return nil, err
	}
	// The code that confirmed the setup is spent, like any other: the step
	// it matched, not the current one, which may be its neighbour.
	if err := s.Store.UseTOTPStep(ctx, u.ID, step); err != nil {
		return nil, err
	}
	return codes, nil
}

// CompleteEnrollment confirms the secret a pending session offered its
// user, who has no second factor yet, then steps the session up.
func (s *Service) CompleteEnrollment(ctx context.Context, sess *accord.Session, u *accord.User, code, ip, userAgent string) ([]string, string, *accord.Session, error) {
	if u.TOTPEnabled {
		return nil, "", nil, accord.Errorf(accord.EUNAUTHORIZED, "Give the code of your authenticator app first.")
	}
	secret, err := offered(sess)
	if err != nil {
		return nil, "", nil, err
	}
	actx := accord.WithActor(ctx, &accord.Actor{User: u, IP: ip})
	codes, err := s.ConfirmTOTP(actx, u, secret, code)
	if err != nil {
		return nil, "", nil, err
	}
	token, next, err := s.stepUp(ctx, sess, u, ip, userAgent)
	return codes, token, next, err
}

func normalizeRecoveryCode(c string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(c), "-", ""))
}

// ChangePassword replaces u's password after checking the current one, and
// ends the user's sessions, which may belong to whoever knew the old
// password.
func (s *Service) ChangePassword(ctx context.Context, u *accord.User, current, next, ip string) error {
	if len(next) < MinPasswordLength || len(next) > 1024 {
		return accord.Invalid("new_password", "must be at least %d characters long", MinPasswordLength)
	}
	if err := s.confirmPassword(ctx, u, current, ip); err != nil {
		return err
	}
	hash, err := s.hashPassword(ctx, next)
	if err != nil {
		return accord.Wrap("change password", err)
	}
	return s.Store.SetPasswordHash(ctx, u.ID, hash)
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, sess *accord.Session) error {
	return s.Store.RevokeSession(ctx, sess.ID)
}

// TokenPrefix starts every personal access token, so that scanners can find
// leaked ones.
const TokenPrefix = "accord_pat_"

// CreateToken makes a personal access token for the actor's user and
// returns its value, which is shown once and never stored.
// The lifetime is checked in days, before it becomes a duration, so that a
// huge number cannot overflow into a short one.
func (s *Service) CreateToken(ctx context.Context, u *accord.User, name string, scope accord.TokenScope, days int) (string, *accord.Token, error) {
	if days < 1 || days > s.Policy.TokenMaxDays {
		return "", nil, accord.Invalid("expires_in_days", "must be between 1 and %d days", s.Policy.TokenMaxDays)
	}
	value := newSecret(TokenPrefix, 32)
	t := &accord.Token{UserID: u.ID, Name: strings.TrimSpace(name), TokenHash: hashSecret(value), Scope: scope, ExpiresAt: s.Now().AddDate(0, 0, days)}
	if err := s.Store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return value, t, nil
}

// TokenActor returns who acts through a bearer token. A revoked, expired or
// unknown token is EUNAUTHORIZED; so is a token of a privileged user without
// a second factor, who could otherwise bypass it.
func (s *Service) TokenActor(ctx context.Context, value, ip string) (*accord.Actor, error) {
	bad := accord.Errorf(accord.EUNAUTHORIZED, "The access token is invalid, expired or revoked.")
	if !strings.HasPrefix(value, TokenPrefix) || len(value) > 200 {
		return nil, bad
	}
	t, err := s.Store.FindToken(ctx, hashSecret(value))
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if !t.RevokedAt.IsZero() || now.After(t.ExpiresAt) {
		return nil, bad
	}
	u, err := s.Store.FindUser(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Privileged() && !u.TOTPEnabled {
		return nil, bad
	}
	if now.Sub(t.LastUsedAt) > time.Minute {
		if err := s.Store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return &accord.Actor{User: u, Scope: t.Scope, IP: ip}, nil
}
