package http_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/pquerna/otp/totp"
)

// TestTokenLifetime checks that a token lives at most a year: a longer or
// overflowing lifetime is a 400 naming the field, and stores nothing.
func TestTokenLifetime(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		cookie := f.session(t, rolePress)
		create := func(days string) response {
			return f.do(t, request{method: "POST", path: "/api/v1/account/tokens", cookie: cookie,
				body: `{"name":"script","scope":"read","expires_in_days":"` + days + `"}`})
		}
		for _, days := range []string{"213504", "366", "0", "-1", "99999999999999999999", "1e3", "thirty"} {
			res := create(days)
			if res.status != 400 || !strings.Contains(res.body, `"field": "expires_in_days"`) {
				t.Errorf("expires_in_days=%s: %d %s", days, res.status, res.body)
			}
		}
		if ts, err := db.ListTokens(context.Background(), f.users[rolePress].ID); err != nil || len(ts) != 0 {
			t.Fatalf("refused lifetimes stored %d tokens (%v)", len(ts), err)
		}
		res := create("365")
		var v struct {
			Tokens []struct {
				ExpiresAt time.Time `json:"expires_at"`
			}
		}
		if err := json.Unmarshal([]byte(res.body), &v); err != nil || res.status != 201 || len(v.Tokens) != 1 {
			t.Fatalf("a year: %d %s", res.status, res.body)
		}
		if want := clk.Now().AddDate(0, 0, 365); !v.Tokens[0].ExpiresAt.Equal(want) {
			t.Errorf("a year's token expires at %v, want %v", v.Tokens[0].ExpiresAt, want)
		}
	})
}

// TestSignOutEverywhere checks that signing out everywhere ends every
// session and revokes the personal access tokens, and that the account
// page says it will.
func TestSignOutEverywhere(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		f.enrolTOTP(t, rolePress) // a token of a privileged user needs it
		cookie, other := f.session(t, rolePress), f.session(t, rolePress)
		res := f.do(t, request{method: "POST", path: "/api/v1/account/tokens", cookie: cookie, body: `{"name":"script","scope":"read"}`})
		var v struct{ Token string }
		if err := json.Unmarshal([]byte(res.body), &v); err != nil || v.Token == "" {
			t.Fatalf("create token: %d %s", res.status, res.body)
		}
		bearer := map[string]string{"Authorization": "Bearer " + v.Token}
		if res := f.do(t, request{path: "/api/v1/account", header: bearer}); res.status != 200 {
			t.Fatalf("the token before: %d", res.status)
		}
		for lang, want := range map[string]string{
			"en": "revokes your personal access tokens",
			"ru": "отзывает ваши персональные токены доступа",
			"zh": "吊销您的个人访问令牌",
		} {
			if res := f.do(t, request{path: "/account?lang=" + lang, cookie: cookie}); !strings.Contains(res.body, want) {
				t.Errorf("the account page in %s does not say that signing out everywhere revokes tokens", lang)
			}
		}
		if res := f.do(t, request{method: "POST", path: "/api/v1/logout/everywhere", cookie: cookie}); res.status != 200 {
			t.Fatalf("sign out everywhere: %d %s", res.status, res.body)
		}
		for name, req := range map[string]request{
			"the token":         {path: "/api/v1/account", header: bearer},
			"this session":      {path: "/api/v1/account", cookie: cookie},
			"the other session": {path: "/api/v1/account", cookie: other},
		} {
			if res := f.do(t, req); res.status != 401 {
				t.Errorf("%s after signing out everywhere: %d", name, res.status)
			}
		}
	})
}

// TestPasswordChangeEndsSessions checks that a password change ends every
// other session, pending ones too, and keeps the one that made it.
func TestPasswordChangeEndsSessions(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		f.enrolTOTP(t, roleSecretariat)
		email := f.users[roleSecretariat].Email
		pending, _ := f.login(t, email, testPassword)
		other, this := f.session(t, roleSecretariat), f.session(t, roleSecretariat)
		res := f.do(t, request{method: "POST", path: "/api/v1/account/password", cookie: this,
			body: `{"current_password":"` + testPassword + `","new_password":"a brand new passphrase"}`})
		next := cookieOf(res)
		if res.status != 200 || next == "" {
			t.Fatalf("change: %d %s", res.status, res.body)
		}
		for name, cookie := range map[string]string{"another session": other, "the old cookie": this} {
			if res := f.do(t, request{path: "/api/v1/account", cookie: cookie}); res.status != 401 {
				t.Errorf("%s after the change: %d", name, res.status)
			}
		}
		if res := f.do(t, request{path: "/api/v1/login/totp", cookie: pending}); res.status != 401 {
			t.Errorf("a session waiting for its second factor survives the change: %d", res.status)
		}
		if res := f.do(t, request{path: "/api/v1/account", cookie: next}); res.status != 200 {
			t.Errorf("the session that made the change: %d", res.status)
		}
	})
}

// TestTOTPSetupSecret checks that the server, not the URL or the form,
// chooses the secret an authenticator app is set up with; that replacing
// a second factor takes the password and a current code; and that a
// password alone cannot set up a second factor in place of the one owed.
func TestTOTPSetupSecret(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		ctx := context.Background()
		const chosen = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
		press := f.session(t, rolePress)
		offer := func(cookie string) string {
			t.Helper()
			res := f.do(t, request{path: "/api/v1/account/totp?secret=" + chosen, cookie: cookie})
			var v struct{ Secret string }
			if err := json.Unmarshal([]byte(res.body), &v); err != nil || res.status != 200 {
				t.Fatalf("setup page: %d %s", res.status, res.body)
			}
			return v.Secret
		}
		secret := offer(press)
		if secret == chosen {
			t.Fatalf("the URL chose the secret")
		}
		if page := f.do(t, request{path: "/account/totp?secret=" + chosen, cookie: press}); strings.Contains(page.body, chosen) || !strings.Contains(page.body, secret) {
			t.Errorf("the setup page shows the URL's secret, or not the one offered")
		}
		if again := offer(press); again != secret {
			t.Errorf("the session offers another secret when asked again")
		}
		code := func(s string) string {
			c, err := totp.GenerateCode(s, clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		confirm := func(cookie, body string) response {
			return f.do(t, request{method: "POST", path: "/api/v1/account/totp", cookie: cookie, body: body})
		}
		stored := func(role string) string {
			s, err := db.TOTPSecret(ctx, f.users[role].ID)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		// A form's secret is not the one set up.
		if res := confirm(press, `{"secret":"`+chosen+`","code":"`+code(chosen)+`"}`); res.status != 400 || stored(rolePress) != "" {
			t.Errorf("a secret chosen by the form was set up: %d %s", res.status, res.body)
		}
		if res := confirm(press, `{"code":"`+code(secret)+`"}`); res.status != 200 || stored(rolePress) != secret {
			t.Fatalf("first setup with the offered secret: %d %s", res.status, res.body)
		}
		var first struct {
			Codes []string `json:"recovery_codes"`
		}
		clk.Advance(30 * time.Second)

		// Replacing needs the password and a current code.
		replacement := offer(press)
		if replacement == secret {
			t.Fatalf("a confirmed secret is offered again")
		}
		cases := []struct{ name, body, field string }{
			{"code only", `{"code":"` + code(replacement) + `"}`, "current_password"},
			{"wrong password", `{"code":"` + code(replacement) + `","current_password":"wrong password","current_code":"` + code(secret) + `"}`, "current_password"},
			{"no current code", `{"code":"` + code(replacement) + `","current_password":"` + testPassword + `"}`, "current_code"},
			{"wrong current code", `{"code":"` + code(replacement) + `","current_password":"` + testPassword + `","current_code":"` + f.wrongCode(t, secret) + `"}`, "current_code"},
		}
		for _, c := range cases {
			if res := confirm(press, c.body); res.status != 400 || !strings.Contains(res.body, `"field": "`+c.field+`"`) {
				t.Errorf("replace, %s: %d %s", c.name, res.status, res.body)
			}
			if stored(rolePress) != secret {
				t.Fatalf("replace, %s: the second factor changed", c.name)
			}
		}
		res := confirm(press, `{"code":"`+code(replacement)+`","current_password":"`+testPassword+`","current_code":"`+code(secret)+`"}`)
		if err := json.Unmarshal([]byte(res.body), &first); err != nil || res.status != 200 || stored(rolePress) != replacement {
			t.Fatalf("replace with the password and a current code: %d %s", res.status, res.body)
		}
		clk.Advance(30 * time.Second)
		// A recovery code does as a current code.
		third := offer(press)
		res = confirm(press, `{"code":"`+code(third)+`","current_password":"`+testPassword+`","current_code":"`+first.Codes[0]+`"}`)
		if res.status != 200 || stored(rolePress) != third {
			t.Errorf("replace with a recovery code: %d %s", res.status, res.body)
		}

		// The password alone, for a user who has a second factor, sets up
		// no other one.
		f.enrolTOTP(t, roleSecretariat)
		before := stored(roleSecretariat)
		pending, _ := f.login(t, f.users[roleSecretariat].Email, testPassword)
		if res := f.do(t, request{path: "/api/v1/account/totp", cookie: pending}); res.status != 401 {
			t.Errorf("setup page for a session owing its second factor: %d", res.status)
		}
		if res := confirm(pending, `{"secret":"`+chosen+`","code":"`+code(chosen)+`"}`); res.status != 401 || stored(roleSecretariat) != before {
			t.Errorf("a session owing its second factor set up another: %d %s", res.status, res.body)
		}
	})
}
