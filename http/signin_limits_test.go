package http_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/pquerna/otp/totp"
)

// parallel sends n copies of req at once and returns the statuses.
func (f *fixture) parallel(t *testing.T, n int, req func(i int) request) map[int]int {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	statuses := map[int]int{}
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			res := f.do(t, req(i))
			mu.Lock()
			statuses[res.status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return statuses
}

func (f *fixture) audited(t *testing.T, action string) int {
	t.Helper()
	_, n, err := f.db.ListAudit(context.Background(), accord.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func loginBody(email, password string) string {
	return `{"email":` + strconv.Quote(email) + `,"password":` + strconv.Quote(password) + `}`
}

// slowPassword gives role's user a hash costly enough that parallel
// attempts overlap while it is checked, as they do at the production cost.
func (f *fixture) slowPassword(t *testing.T, role string) {
	t.Helper()
	hash, err := auth.HashPassword(testPassword, auth.Argon2Params{Memory: 4096, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetPasswordHash(context.Background(), f.users[role].ID, hash); err != nil {
		t.Fatal(err)
	}
}

// wrongCode is a code of none of the steps the server accepts now.
func (f *fixture) wrongCode(t *testing.T, secret string) string {
	t.Helper()
	taken := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		c, err := totp.GenerateCode(secret, f.clock.Now().Add(d))
		if err != nil {
			t.Fatal(err)
		}
		taken[c] = true
	}
	for i := 0; ; i++ {
		if c := fmt.Sprintf("%06d", i); !taken[c] {
			return c
		}
	}
}

// TestPasswordLimitRace sends 20 wrong passwords for one account at once:
// only as many are checked as the limit allows, because each attempt is
// counted before its hash is.
func TestPasswordLimitRace(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		f.slowPassword(t, rolePress)
		email := f.users[rolePress].Email
		got := f.parallel(t, 20, func(i int) request {
			return request{method: "POST", path: "/api/v1/login", body: loginBody(email, "wrong password "+strconv.Itoa(i))}
		})
		limit := f.auth.Policy.MaxAccountFailures
		if got[401] != limit || got[429] != 20-limit {
			t.Errorf("20 parallel wrong passwords: %v, want %d checked (401) and the rest refused (429)", got, limit)
		}
		if n := f.audited(t, "session.refused"); n != limit {
			t.Errorf("%d wrong passwords checked, want %d", n, limit)
		}
		if _, res := f.login(t, email, testPassword); res.status != 429 {
			t.Errorf("the right password from the same address after the limit: %d, want 429", res.status)
		}
	})
}

// TestCodeLimitRace sends 20 wrong codes on one pending session at once:
// only 5 are checked, and the session is ended.
func TestCodeLimitRace(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		secret := f.enrolTOTP(t, roleSecretariat)
		email := f.users[roleSecretariat].Email
		pending, res := f.login(t, email, testPassword)
		if res.status != 200 || pending == "" {
			t.Fatalf("password step: %d %s", res.status, res.body)
		}
		wrong := f.wrongCode(t, secret)
		got := f.parallel(t, 20, func(int) request {
			return request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + wrong + `"}`, cookie: pending}
		})
		limit := f.auth.Policy.MaxSessionCodeFailures
		if n := f.audited(t, "session.code_refused"); n != limit {
			t.Errorf("20 parallel wrong codes on one session (%v): %d checked, want %d", got, n, limit)
		}
		if got[200] != 0 {
			t.Errorf("a wrong code signed in: %v", got)
		}
		if res := f.do(t, request{path: "/api/v1/login/totp", cookie: pending}); res.status != 401 {
			t.Errorf("the session that gave %d wrong codes still waits for a code: %d", limit, res.status)
		}
		res = f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.code(t, secret) + `"}`, cookie: pending})
		if res.status != 401 || cookieOf(res) != "" {
			t.Errorf("the right code on the ended session: %d %s", res.status, res.body)
		}
		// One at a time, the fifth wrong code ends the session too.
		clk.Advance(16 * time.Minute)
		pending, _ = f.login(t, email, testPassword)
		for i := range limit {
			res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.wrongCode(t, secret) + `"}`, cookie: pending})
			if res.status != 401 {
				t.Fatalf("wrong code %d: %d %s", i+1, res.status, res.body)
			}
		}
		if res := f.do(t, request{path: "/api/v1/login/totp", cookie: pending}); res.status != 401 {
			t.Errorf("the session survives %d wrong codes in a row: %d", limit, res.status)
		}
		// A new sign-in still works: the session's limit is not the user's.
		pending, _ = f.login(t, email, testPassword)
		if res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.code(t, secret) + `"}`, cookie: pending}); res.status != 200 {
			t.Errorf("a new session with the right code: %d %s", res.status, res.body)
		}
	})
}

// TestCodeLimitPerUser checks that wrong codes count against their user,
// across sessions and addresses, under a limit of its own rather than the
// address's.
func TestCodeLimitPerUser(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		secret := f.enrolTOTP(t, roleSecretariat)
		email := f.users[roleSecretariat].Email
		limit := f.auth.Policy.MaxUserCodeFailures
		for i := range limit {
			pending, _ := f.login(t, email, testPassword)
			res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.wrongCode(t, secret) + `"}`, cookie: pending})
			if res.status != 401 {
				t.Fatalf("wrong code %d: %d %s", i+1, res.status, res.body)
			}
		}
		clk.Advance(30 * time.Second)
		for _, from := range []string{"", "127.0.0.3"} {
			res := f.do(t, request{method: "POST", path: "/api/v1/login", body: loginBody(email, testPassword), from: from})
			pending := cookieOf(res)
			if res.status != 200 || pending == "" {
				t.Fatalf("password step from %q: %d %s", from, res.status, res.body)
			}
			res = f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.code(t, secret) + `"}`, cookie: pending, from: from})
			if res.status != 429 {
				t.Errorf("the right code from %q after %d wrong ones for the user: %d, want 429", from, limit, res.status)
			}
		}
		clk.Advance(16 * time.Minute)
		pending, _ := f.login(t, email, testPassword)
		if res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.code(t, secret) + `"}`, cookie: pending}); res.status != 200 {
			t.Errorf("after the window: %d %s", res.status, res.body)
		}
	})
}

// TestOwnerNotLockedOut checks that wrong passwords from elsewhere, by
// someone who knows only the e-mail address, refuse that someone but only
// slow its owner down, and never refuse a passkey.
func TestOwnerNotLockedOut(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		var mu sync.Mutex
		var waits []time.Duration
		f.auth.Sleep = func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			waits = append(waits, d)
			return nil
		}
		secret := f.enrolTOTP(t, roleSecretariat)
		email := f.users[roleSecretariat].Email
		limit := f.auth.Policy.MaxAccountFailures
		for _, attacker := range []string{"127.0.0.2", "127.0.0.4"} {
			for i := range limit + 3 {
				res := f.do(t, request{method: "POST", path: "/api/v1/login", body: loginBody(email, "guess "+strconv.Itoa(i)), from: attacker})
				if want := map[bool]int{true: 401, false: 429}[i < limit]; res.status != want {
					t.Fatalf("guess %d from %s: %d, want %d", i+1, attacker, res.status, want)
				}
			}
		}
		if len(waits) != limit {
			t.Errorf("the second attacker's guesses past the account's %d failures waited %v, want %d slowdowns", limit, waits, limit)
		}
		waits = nil
		res := f.do(t, request{method: "POST", path: "/api/v1/login", body: loginBody(email, testPassword)})
		pending := cookieOf(res)
		if res.status != 200 || pending == "" {
			t.Fatalf("the owner, from another address, after %d wrong guesses at the account: %d %s", 2*limit, res.status, res.body)
		}
		if len(waits) != 1 || waits[0] != f.auth.Policy.SlowdownMax {
			t.Errorf("the owner's sign-in waited %v, want one slowdown of %v", waits, f.auth.Policy.SlowdownMax)
		}
		res = f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + f.code(t, secret) + `"}`, cookie: pending})
		if res.status != 200 || !strings.Contains(res.body, `"signed_in"`) {
			t.Errorf("the owner's second factor: %d %s", res.status, res.body)
		}
		// The attacker's address stays refused, even with the right password.
		if res := f.do(t, request{method: "POST", path: "/api/v1/login", body: loginBody(email, testPassword), from: "127.0.0.2"}); res.status != 429 {
			t.Errorf("the right password from the attacker's address: %d, want 429", res.status)
		}
	})
}

// TestPasskeyNotLockedByPasswords checks that an address that used up its
// password attempts still signs in with a passkey.
func TestPasskeyNotLockedByPasswords(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		a := registerPasskey(t, f, rolePress)
		for i := range f.auth.Policy.MaxAddressFailures {
			f.login(t, "someone"+strconv.Itoa(i)+"@example.org", "wrong password")
		}
		if _, res := f.login(t, f.users[rolePress].Email, testPassword); res.status != 429 {
			t.Fatalf("the address limit: %d, want 429", res.status)
		}
		if res := signIn(t, f.browser(""), a, answer{}); res.status != 200 {
			t.Errorf("a passkey from an address refused for passwords: %d %s", res.status, res.body)
		}
	})
}

// TestHashingBudget checks that a sign-in that finds the hashing budget
// spent waits briefly, then is refused with 503 and Retry-After, counts
// nothing against the account, and that the refusal shows in the stats.
func TestHashingBudget(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		f.auth.Hashing = auth.NewBudget(uint64(cheapPasswords.Memory), 50*time.Millisecond, 4)
		release, err := f.auth.Hashing.Acquire(context.Background(), uint64(cheapPasswords.Memory))
		if err != nil {
			t.Fatal(err)
		}
		email := f.users[rolePress].Email
		res := f.do(t, request{method: "POST", path: "/api/v1/login", body: loginBody(email, testPassword)})
		if res.status != 503 || res.header.Get("Retry-After") != "1" || !strings.Contains(res.body, `"unavailable"`) {
			t.Errorf("sign-in with the budget spent: %d Retry-After %q %s", res.status, res.header.Get("Retry-After"), res.body)
		}
		form := url.Values{"email": {email}, "password": {testPassword}}.Encode()
		res = f.do(t, request{method: "POST", path: "/login", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: form})
		if res.status != 503 || res.header.Get("Retry-After") == "" {
			t.Errorf("sign-in form with the budget spent: %d Retry-After %q", res.status, res.header.Get("Retry-After"))
		}
		if st := f.auth.HashingStats(); st.Refused != 2 || st.Running != 1 || st.Waiting != 0 {
			t.Errorf("stats: %+v", st)
		}
		n, err := db.CountLoginFailures(context.Background(), "account:"+email, clk.Now().Add(-time.Hour))
		if err != nil || n != 0 {
			t.Errorf("refused sign-ins that were never checked count as %d failures (%v)", n, err)
		}
		release()
		if _, res := f.login(t, email, testPassword); res.status != 200 {
			t.Errorf("sign-in once the budget is free: %d %s", res.status, res.body)
		}
	})
}
