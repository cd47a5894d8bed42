package http_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPasskeyLimitRace sends 20 refused passkey sign-ins from one address
// at once under a limit of 5: each is counted before it is checked, so
// exactly 5 are checked and refused (401, audited) and the rest are
// throttled (429), as with passwords.
func TestPasskeyLimitRace(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		const limit = 5
		f.auth.Policy.MaxAddressFailures = limit
		got := f.parallel(t, 20, func(i int) request {
			return request{method: "POST", path: "/api/v1/login/passkey/finish", body: `{"credential":"{}"}`,
				header: map[string]string{"Cookie": "accord_passkey_login=no-such-ceremony-" + strconv.Itoa(i)}}
		})
		if got[401] != limit || got[429] != 20-limit {
			t.Errorf("20 parallel refused passkeys: %v, want %d checked (401) and the rest refused (429)", got, limit)
		}
		if n := f.audited(t, "session.passkey_refused"); n != limit {
			t.Errorf("%d refused passkeys checked, want %d", n, limit)
		}
		if res := f.browser("").post(t, "/api/v1/login/passkey/begin", ""); res.status != 429 {
			t.Errorf("begin after the limit: %d, want 429", res.status)
		}
	})
}

// TestRateLimitRetryAfter checks that every kind of sign-in limit answers
// 429 with Retry-After in seconds, in JSON and in HTML: the failure
// window, after which none of the failures that refused counts.
func TestRateLimitRetryAfter(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		window := strconv.Itoa(int(f.auth.Policy.FailureWindow.Seconds()))
		email := f.users[rolePress].Email
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		for i := range f.auth.Policy.MaxAccountFailures {
			if res := f.do(t, request{method: "POST", path: "/api/v1/login", body: loginBody(email, "wrong password "+strconv.Itoa(i))}); res.status != 401 {
				t.Fatalf("wrong password %d: %d", i, res.status)
			}
		}
		// Passkey failures count under their own key, which the limit
		// of addresses then refuses too.
		for range f.auth.Policy.MaxAccountFailures {
			if res := f.do(t, request{method: "POST", path: "/api/v1/login/passkey/finish", body: `{"credential":"{}"}`,
				header: map[string]string{"Cookie": "accord_passkey_login=none"}}); res.status != 401 {
				t.Fatalf("refused passkey: %d", res.status)
			}
		}
		f.auth.Policy.MaxAddressFailures = f.auth.Policy.MaxAccountFailures
		cases := []struct {
			name string
			req  request
		}{
			{"password, JSON", request{method: "POST", path: "/api/v1/login", body: loginBody(email, testPassword)}},
			{"password, form", request{method: "POST", path: "/login", header: form,
				body: url.Values{"email": {email}, "password": {testPassword}}.Encode()}},
			{"passkey begin", request{method: "POST", path: "/api/v1/login/passkey/begin", body: "{}"}},
			{"passkey finish", request{method: "POST", path: "/api/v1/login/passkey/finish", body: `{"credential":"{}"}`,
				header: map[string]string{"Cookie": "accord_passkey_login=none"}}},
		}
		for _, c := range cases {
			res := f.do(t, c.req)
			if res.status != 429 || res.header.Get("Retry-After") != window {
				t.Errorf("%s: %d Retry-After %q, want 429 and %s seconds", c.name, res.status, res.header.Get("Retry-After"), window)
			}
		}
	})
}
