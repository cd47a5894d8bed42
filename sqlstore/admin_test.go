package sqlstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestInvitations checks, on both engines, that an invitation expires by
// the store's clock, is accepted once even by two acceptances at once,
// and that a disabled account opens no session or token.
func TestInvitations(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := sqltest.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	sqltest.RunWithClock(t, clock, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		ok(t, db.CreateOrganization(ctx, &accord.Organization{Code: "TST", Names: accord.Text{"en": "Test Council"}}))
		accept := &accord.Acceptance{PasswordHash: "$argon2id$not-checked-here", TOTPSecret: "JBSWY3DPEHPK3PXPJBSWY3DP", RecoveryHashes: []string{"h1", "h2"}, TOTPStep: 5}

		late := &accord.Invitation{Organization: "TST", Name: "Late Person", Email: "late@example.org", TokenHash: []byte("late-token-hash")}
		ok(t, db.CreateInvitation(ctx, late))
		if want := late.CreatedAt.AddDate(0, 0, accord.InvitationDays); !late.ExpiresAt.Equal(want) {
			t.Errorf("expires %v, want %v", late.ExpiresAt, want)
		}
		advance(accord.InvitationDays * 24 * time.Hour)
		if _, err := db.AcceptInvitation(ctx, late.TokenHash, accept); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("accepting an expired invitation: %v", err)
		}
		if _, err := db.FindUserByEmail(ctx, "late@example.org"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("an expired invitation made an account: %v", err)
		}

		inv := &accord.Invitation{Organization: "TST", Name: "New Person", Email: "New@Example.org", TokenHash: []byte("token-hash")}
		ok(t, db.CreateInvitation(ctx, inv))
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { _, errs[i] = db.AcceptInvitation(ctx, inv.TokenHash, accept) })
		}
		wg.Wait()
		accepted := 0
		for _, err := range errs {
			switch accord.ErrorCode(err) {
			case "":
				accepted++
			case accord.ECONFLICT:
			default:
				t.Errorf("acceptance: %v", err)
			}
		}
		if accepted != 1 {
			t.Fatalf("%d acceptances of one invitation, want 1", accepted)
		}
		u, err := db.FindUserByEmail(ctx, "new@example.org")
		ok(t, err)
		if !u.TOTPEnabled {
			t.Error("the accepted account has no second factor")
		}
		if err := db.UseTOTPStep(ctx, u.ID, 5); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("the step that confirmed the factor works again: %v", err)
		}
		orgs, err := db.UserOrganizations(ctx, u.ID)
		ok(t, err)
		if len(orgs) != 1 || orgs[0] != "TST" {
			t.Errorf("organizations %v, want [TST]", orgs)
		}
		again := &accord.Invitation{Organization: "TST", Name: "New Person", Email: "new@example.org", TokenHash: []byte("other-hash")}
		if err := db.CreateInvitation(ctx, again); accord.ErrorCode(err) != accord.ECONFLICT || accord.ErrorField(err) != "email" {
			t.Errorf("an invitation for an address with an account: %v", err)
		}

		s := &accord.Session{TokenHash: []byte("session"), UserID: u.ID, MFA: true}
		ok(t, db.CreateSession(ctx, s))
		tk := &accord.Token{UserID: u.ID, Name: "script", TokenHash: []byte("token"), Scope: accord.ScopeRead, ExpiresAt: clock().Add(time.Hour)}
		ok(t, db.CreateToken(ctx, tk))
		ok(t, db.DisableUser(ctx, u.ID))
		if err := db.DisableUser(ctx, u.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("disabling twice: %v", err)
		}
		got, err := db.FindSession(ctx, s.TokenHash)
		ok(t, err)
		gotToken, err := db.FindToken(ctx, tk.TokenHash)
		ok(t, err)
		if got.RevokedAt.IsZero() || gotToken.RevokedAt.IsZero() {
			t.Errorf("after disabling, session revoked %v, token revoked %v", got.RevokedAt, gotToken.RevokedAt)
		}
		if err := db.CreateSession(ctx, &accord.Session{TokenHash: []byte("later"), UserID: u.ID, MFA: true}); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("a disabled account opened a session: %v", err)
		}
		if err := db.CreateToken(ctx, &accord.Token{UserID: u.ID, Name: "later", TokenHash: []byte("later"), Scope: accord.ScopeRead, ExpiresAt: clock().Add(time.Hour)}); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("a disabled account made a token: %v", err)
		}
	})
}
