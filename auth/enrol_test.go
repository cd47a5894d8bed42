package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/pquerna/otp/totp"
)

var cheap = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// crashingStore dies where the second factor would be stored apart from
// the account: a separate EnableTOTP is the moment a crash between the two
// would strike.
type crashingStore struct{ *sqlstore.DB }

var errCrash = errors.New("crashed")

func (crashingStore) EnableTOTP(context.Context, int64, string, []string) error { return errCrash }

// TestEnrolAtomic enrols an account with a role over a store that fails
// any second transaction for its factor: the account and its factor are
// stored in one, so the account exists with its factor, never without.
func TestEnrolAtomic(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
		s := auth.New(crashingStore{db}, sqltest.Now)
		s.Password = cheap
		u := &accord.User{Name: "Press", Email: "press@example.org", Grants: []accord.Grant{{Role: accord.RolePress}}}
		e, err := s.Enrol(ctx, u, nil)
		got, ferr := db.FindUserByEmail(ctx, u.Email)
		switch {
		case err != nil && ferr == nil:
			t.Fatalf("enrolment failed (%v) and left the account %d behind", err, got.ID)
		case err != nil:
			t.Fatalf("enrolment failed: %v", err)
		}
		secret, err := db.TOTPSecret(ctx, got.ID)
		if err != nil || secret == "" || secret != e.TOTPSecret || !got.TOTPEnabled || !u.TOTPEnabled || len(e.RecoveryCodes) != auth.RecoveryCodeCount {
			t.Errorf("the account was stored without its factor: secret %q (%v), enabled %v/%v, %d codes", secret, err, got.TOTPEnabled, u.TOTPEnabled, len(e.RecoveryCodes))
		}
		// A failure inside the one transaction leaves nothing: the e-mail
		// address taken, the second account is refused whole.
		before, _, err := db.ListAudit(ctx, accord.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Enrol(ctx, &accord.User{Name: "Again", Email: u.Email, Grants: u.Grants}, nil); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("second enrolment at one address: %v", err)
		}
		if after, _, err := db.ListAudit(ctx, accord.AuditFilter{}); err != nil || len(after) != len(before) {
			t.Errorf("the refused enrolment wrote %d audit records (%v)", len(after)-len(before), err)
		}
	})
}

// slowHashStore makes the password check of a replacement outlast the new
// code's window, as a queue at the hashing budget can.
type slowHashStore struct {
	*sqlstore.DB
	advance func()
}

func (s slowHashStore) PasswordHash(ctx context.Context, id int64) (string, error) {
	s.advance()
	return s.DB.PasswordHash(ctx, id)
}

// TestReplaceTOTPMatchesOnce replaces a second factor while the password
// check takes two minutes: the new code was matched once, before the
// check, so the replacement completes instead of refusing a code it has
// accepted.
func TestReplaceTOTPMatchesOnce(t *testing.T) {
	var mu sync.Mutex
	now := sqltest.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sqltest.RunWithClock(t, clock, func(t *testing.T, db *sqlstore.DB) {
		ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
		slow := slowHashStore{DB: db}
		s := auth.New(&slow, clock)
		s.Password = cheap
		u := &accord.User{Name: "Press", Email: "press" + time.Now().Format("150405.000000000") + "@example.org", Grants: []accord.Grant{{Role: accord.RolePress}}}
		e, err := s.Enrol(ctx, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, sess, err := s.StartSession(ctx, u, true, "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		offer, err := s.OfferTOTP(ctx, sess, u)
		if err != nil {
			t.Fatal(err)
		}
		newCode, err := totp.GenerateCode(offer.Secret, clock())
		if err != nil {
			t.Fatal(err)
		}
		// A recovery code, which no clock ends, stands for the current
		// app.
		current := e.RecoveryCodes[0]
		slow.advance = func() { mu.Lock(); now = now.Add(2 * time.Minute); mu.Unlock() }
		if _, err := s.SetupTOTP(ctx, sess, u, auth.TOTPChange{Code: newCode, Password: e.Password, Current: current}, "192.0.2.1"); err != nil {
			t.Fatalf("replacement: %v", err)
		}
		if secret, err := db.TOTPSecret(ctx, u.ID); err != nil || secret != offer.Secret {
			t.Errorf("the factor was not replaced: %v", err)
		}
	})
}
