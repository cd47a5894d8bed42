package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// nextCases are "next" values and where a redirect to them must go.
var nextCases = []struct{ next, want string }{
	{"/documents/7?lang=ru", "/documents/7?lang=ru"},
	{"/", "/"},
	{"/\t/evil.example", "/"},
	{"/%09/evil.example", "/"},
	{"/%2F/evil.example", "/"},
	{"/%5Cevil.example", "/"},
	{"//evil.example", "/"},
	{"/\\evil.example", "/"},
	{"/\r\n/evil.example", "/"},
	{"/a%7Fb", "/"}, // a raw DEL is refused (400) as every control character in a field is
	{"/a%00b", "/"},
	{"/%zz", "/"},
	{"https://evil.example/", "/"},
	{"evil.example", "/"},
	{"", "/"},
}

// TestNextStaysOnSite sends each "next" through every step that redirects
// to one: the password step, the second factor and the language switch,
// which needs no sign-in.
func TestNextStaysOnSite(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		secret := f.enrolTOTP(t, roleSecretariat)
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		post := func(path, cookie string, v url.Values) response {
			return f.do(t, request{method: "POST", path: path, body: v.Encode(), header: form, cookie: cookie})
		}
		for _, c := range nextCases {
			check := func(step string, res response, want string) {
				t.Helper()
				if res.status != 303 || res.header.Get("Location") != want {
					t.Errorf("%s, next=%q: %d Location %q, want 303 %q", step, c.next, res.status, res.header.Get("Location"), want)
				}
			}
			check("language", post("/account/language", "", url.Values{"lang": {"ru"}, "next": {c.next}}), c.want)

			// Signing in leads to the desk where another page would lead home.
			signedIn := c.want
			if signedIn == "/" {
				signedIn = "/desk"
			}
			res := post("/login", "", url.Values{"email": {f.users[roleSecretariat].Email}, "password": {testPassword}, "next": {c.next}})
			check("password before the second factor", res, "/login/totp?next="+url.QueryEscape(signedIn))
			check("second factor", post("/login/totp", cookieOf(res), url.Values{"code": {f.code(t, secret)}, "next": {c.next}}), signedIn)
			clk.Advance(30e9) // a code is spent once

			// The form that carries next on shows only a safe one.
			page := f.do(t, request{path: "/login?next=" + url.QueryEscape(c.next)})
			if c.want == "/" && c.next != "/" && c.next != "" && strings.Contains(page.body, `name="next" value="`+c.next) {
				t.Errorf("sign-in form carries next=%q", c.next)
			}
		}
	})
}
