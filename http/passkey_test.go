package http_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
)

// authenticator is a software WebAuthn authenticator with one ECDSA P-256
// credential, which answers as a browser would on origin.
type authenticator struct {
	origin string
	rpID   string
	key    *ecdsa.PrivateKey
	credID []byte
	handle []byte // the user handle, learnt at registration
	count  uint32
}

var b64u = base64.RawURLEncoding

func newAuthenticator(t *testing.T) *authenticator {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 16)
	rand.Read(id)
	return &authenticator{origin: accordhttp.DefaultPublicURL, rpID: "localhost", key: key, credID: id}
}

// WebAuthn authenticator data flags (§6.1).
const (
	flagUP = 0x01
	flagUV = 0x04
	flagAT = 0x40
)

// answer is what a test may change in an authenticator's answer, to play a
// broken or hostile client.
type answer struct {
	origin     string // clientDataJSON's origin; default the authenticator's
	rpID       string // whose hash starts authenticatorData
	typ        string // clientDataJSON's type
	challenge  string // default the one in the options
	flags      byte   // default UP|UV
	count      *uint32
	userHandle []byte
	signWith   *ecdsa.PrivateKey
}

func (a *authenticator) clientData(t *testing.T, typ, challenge string, ans answer) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"type": cmpOr(ans.typ, typ), "challenge": cmpOr(ans.challenge, challenge),
		"origin": cmpOr(ans.origin, a.origin), "crossOrigin": false})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (a *authenticator) authData(ans answer, flags byte, count uint32) []byte {
	rpHash := sha256.Sum256([]byte(cmpOr(ans.rpID, a.rpID)))
	if ans.flags != 0 {
		flags = ans.flags
	}
	if ans.count != nil {
		count = *ans.count
	}
	d := append(rpHash[:], flags)
	return binary.BigEndian.AppendUint32(d, count)
}

// options decodes the publicKey options of a begin response.
func options(t *testing.T, res response) (challenge string, userID []byte) {
	t.Helper()
	var v struct {
		Options struct {
			PublicKey struct {
				Challenge              string `json:"challenge"`
				UserVerification       string `json:"userVerification"`
				AuthenticatorSelection struct {
					UserVerification string `json:"userVerification"`
					ResidentKey      string `json:"residentKey"`
				} `json:"authenticatorSelection"`
				User struct {
					ID string `json:"id"`
				} `json:"user"`
				RP struct {
					ID string `json:"id"`
				} `json:"rp"`
				RPID string `json:"rpId"`
			} `json:"publicKey"`
		} `json:"options"`
	}
	if err := json.Unmarshal([]byte(res.body), &v); err != nil || v.Options.PublicKey.Challenge == "" {
		t.Fatalf("begin: %d %s (%v)", res.status, res.body, err)
	}
	if rp := cmpOr(v.Options.PublicKey.RP.ID, v.Options.PublicKey.RPID); rp != "localhost" {
		t.Fatalf("options name relying party %q, want localhost", rp)
	}
	pk := v.Options.PublicKey
	if pk.User.ID == "" && pk.UserVerification != "required" {
		t.Errorf("sign-in options do not require user verification: %q", pk.UserVerification)
	}
	if pk.User.ID != "" {
		if sel := pk.AuthenticatorSelection; sel.UserVerification != "required" || sel.ResidentKey != "required" {
			t.Errorf("registration options do not require a discoverable credential with user verification: %+v", sel)
		}
		var err error
		if userID, err = b64u.DecodeString(v.Options.PublicKey.User.ID); err != nil {
			t.Fatal(err)
		}
	}
	return v.Options.PublicKey.Challenge, userID
}

// register answers navigator.credentials.create with "none" attestation.
func (a *authenticator) register(t *testing.T, begin response) string {
	t.Helper()
	challenge, userID := options(t, begin)
	a.handle = userID
	cose, err := webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: a.key.X.FillBytes(make([]byte, 32)), -3: a.key.Y.FillBytes(make([]byte, 32))})
	if err != nil {
		t.Fatal(err)
	}
	data := a.authData(answer{}, flagUP|flagUV|flagAT, a.count)
	data = append(data, make([]byte, 16)...) // AAGUID: none
	data = binary.BigEndian.AppendUint16(data, uint16(len(a.credID)))
	data = append(append(data, a.credID...), cose...)
	att, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": data})
	if err != nil {
		t.Fatal(err)
	}
	return a.credential(t, "Test key", map[string]any{
		"clientDataJSON":    b64u.EncodeToString(a.clientData(t, "webauthn.create", challenge, answer{})),
		"attestationObject": b64u.EncodeToString(att),
		"transports":        []string{"internal"},
	})
}

// assert answers navigator.credentials.get, signing authenticatorData ||
// SHA-256(clientDataJSON), and advances the counter as an authenticator
// does.
func (a *authenticator) assert(t *testing.T, begin response, ans answer) string {
	t.Helper()
	challenge, _ := options(t, begin)
	a.count++
	client := a.clientData(t, "webauthn.get", challenge, ans)
	data := a.authData(ans, flagUP|flagUV, a.count)
	sum := sha256.Sum256(client)
	digest := sha256.Sum256(append(append([]byte{}, data...), sum[:]...))
	key := a.key
	if ans.signWith != nil {
		key = ans.signWith
	}
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	handle := a.handle
	if ans.userHandle != nil {
		handle = ans.userHandle
	}
	return a.credential(t, "", map[string]any{
		"clientDataJSON":    b64u.EncodeToString(client),
		"authenticatorData": b64u.EncodeToString(data),
		"signature":         b64u.EncodeToString(sig),
		"userHandle":        b64u.EncodeToString(handle),
	})
}

// credential is the PublicKeyCredential as passkey.js sends it: JSON, in a
// string field.
// name is the passkey's, when registering; signing in sends none.
func (a *authenticator) credential(t *testing.T, name string, response map[string]any) string {
	t.Helper()
	id := b64u.EncodeToString(a.credID)
	cred, err := json.Marshal(map[string]any{"id": id, "rawId": id, "type": "public-key", "response": response, "clientExtensionResults": map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"credential": string(cred)}
	if name != "" {
		fields["name"] = name
	}
	body, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// browser holds cookies as a browser would, for the ceremony cookies.
type browser struct {
	f       *fixture
	cookies map[string]string
}

func (b *browser) post(t *testing.T, path, body string) response {
	t.Helper()
	var pairs []string
	for k, v := range b.cookies {
		pairs = append(pairs, k+"="+v)
	}
	res := b.f.do(t, request{method: "POST", path: path, body: cmpOr(body, "{}"), header: map[string]string{"Cookie": strings.Join(pairs, "; ")}})
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return res
}

func (f *fixture) browser(session string) *browser {
	b := &browser{f: f, cookies: map[string]string{}}
	if session != "" {
		b.cookies[auth.SessionCookie] = session
	}
	return b
}

func setCookie(res response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// registerPasskey adds a new authenticator's passkey to role's account.
func registerPasskey(t *testing.T, f *fixture, role string) *authenticator {
	t.Helper()
	a := newAuthenticator(t)
	b := f.browser(f.session(t, role))
	begin := b.post(t, "/api/v1/account/passkeys/begin", "")
	if begin.status != 200 {
		t.Fatalf("registration begin: %d %s", begin.status, begin.body)
	}
	if c := setCookie(begin, "accord_passkey_register"); c == nil || !c.HttpOnly || c.MaxAge <= 0 || c.MaxAge > 600 {
		t.Errorf("the ceremony cookie is not short-lived and HttpOnly: %+v", c)
	}
	if res := b.post(t, "/api/v1/account/passkeys/finish", a.register(t, begin)); res.status != 201 || !strings.Contains(res.body, `"name": "Test key"`) {
		t.Fatalf("registration finish: %d %s", res.status, res.body)
	}
	return a
}

// signIn runs a passkey sign-in, with the answer changed by ans.
func signIn(t *testing.T, b *browser, a *authenticator, ans answer) response {
	t.Helper()
	begin := b.post(t, "/api/v1/login/passkey/begin", "")
	if begin.status != 200 {
		t.Fatalf("sign-in begin: %d %s", begin.status, begin.body)
	}
	return b.post(t, "/api/v1/login/passkey/finish", a.assert(t, begin, ans))
}

const refusedPasskey = `{
  "error": {
    "code": "unauthorized",
    "message": "The passkey was not accepted. Start again, or sign in with your password.",
    "localized_message": "The passkey was not accepted. Start again, or sign in with your password."
  }
}
`

func refused(t *testing.T, what string, res response) {
	t.Helper()
	if res.status != 401 || res.body != refusedPasskey {
		t.Errorf("%s: %d %s, want the one 401 refusal", what, res.status, res.body)
	}
	if c := setCookie(res, auth.SessionCookie); c != nil && c.MaxAge >= 0 {
		t.Errorf("%s: a session cookie was set", what)
	}
}

// TestPasskeys registers a passkey and signs in with it: the sign-in opens
// a full session, rotating the session id, and is audited.
func TestPasskeys(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		a := registerPasskey(t, f, roleSecretariat)
		user := f.users[roleSecretariat]

		// The account page lists the passkey, in the API and the page.
		cookie := f.session(t, roleSecretariat)
		if res := f.do(t, request{path: "/api/v1/account", cookie: cookie}); !strings.Contains(res.body, `"name": "Test key"`) || strings.Contains(res.body, b64u.EncodeToString(a.credID)) {
			t.Errorf("account API: %s", res.body)
		}
		page := f.do(t, request{path: "/account", cookie: cookie})
		for _, want := range []string{"Test key", `action="/account/passkeys/`, `<script src="/static/passkey.js" defer></script>`, `data-passkey="register" hidden`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("account page lacks %s", want)
			}
		}

		// A session from before the sign-in (a planted one, say) ends with
		// it: the sign-in rotates the session id.
		pending, _, err := f.auth.StartSession(context.Background(), user, false, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		b := f.browser(pending)
		res := signIn(t, b, a, answer{})
		if res.status != 200 || !strings.Contains(res.body, `"status": "signed_in"`) {
			t.Fatalf("sign-in: %d %s", res.status, res.body)
		}
		full := cookieOf(res)
		if full == "" || full == pending {
			t.Fatalf("sign-in set no new session cookie")
		}
		if c := setCookie(res, "accord_passkey_login"); c == nil || c.MaxAge >= 0 {
			t.Errorf("the ceremony cookie was not cleared: %+v", c)
		}
		// A passkey with user verification is both factors: the session
		// opens what the secretariat may read.
		if res := f.do(t, request{path: "/api/v1/account", cookie: full}); res.status != 200 || !strings.Contains(res.body, user.Email) {
			t.Errorf("account with the passkey session: %d", res.status)
		}
		if res := f.do(t, request{path: "/api/v1/audit", cookie: full}); res.status != 200 {
			t.Errorf("audit with the passkey session: %d", res.status)
		}
		if res := f.do(t, request{path: "/api/v1/account", cookie: pending}); res.status != 401 {
			t.Errorf("the session from before the sign-in still works: %d", res.status)
		}
		// The counter advanced, and the sign-in is in the audit trail.
		ps, err := db.ListPasskeys(context.Background(), user.ID)
		if err != nil || len(ps) != 1 || ps[0].SignCount != a.count || !ps[0].LastUsedAt.Equal(clk.Now()) {
			t.Fatalf("passkey after sign-in: %+v %v", ps, err)
		}
		records, _, err := db.ListAudit(context.Background(), accord.AuditFilter{UserID: user.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range records[:3] {
			actions = append(actions, r.Action)
		}
		if got := strings.Join(actions, " "); got != "session.revoke session.signin passkey.use" {
			t.Errorf("audit trail of the sign-in: %s", got)
		}
		// A second sign-in works too: the ceremony is per sign-in.
		if res := signIn(t, f.browser(""), a, answer{}); res.status != 200 {
			t.Errorf("second sign-in: %d %s", res.status, res.body)
		}
	})
}

// TestPasskeyRefused checks that wrong-origin, replayed, cloned and unknown
// assertions are refused with one answer that tells nothing of which
// accounts or credentials exist, open no session, and count toward the
// sign-in throttle.
func TestPasskeyRefused(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		a := registerPasskey(t, f, roleDelegation)
		other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		stranger := newAuthenticator(t) // never registered
		stranger.handle = a.handle
		// A first sign-in sets the counter above 0, so that it can go back.
		if res := signIn(t, f.browser(""), a, answer{}); res.status != 200 {
			t.Fatalf("sign-in: %d %s", res.status, res.body)
		}
		zero, same := uint32(0), a.count
		cases := []struct {
			name string
			auth *authenticator
			ans  answer
		}{
			{"wrong origin", a, answer{origin: "https://accord.example.evil"}},
			{"wrong origin, same host, other port", a, answer{origin: "http://localhost:8081"}},
			{"wrong relying party id", a, answer{rpID: "example.evil"}},
			{"registration data as an assertion", a, answer{typ: "webauthn.create"}},
			{"another challenge", a, answer{challenge: b64u.EncodeToString(make([]byte, 32))}},
			{"no user verification", a, answer{flags: flagUP}},
			{"signed by another key", a, answer{signWith: other}},
			{"another user handle", a, answer{userHandle: []byte("someone else")}},
			{"counter gone back to 0", a, answer{count: &zero}},
			{"counter not advanced", a, answer{count: &same}},
			{"unknown credential", stranger, answer{}},
		}
		failures := func() int {
			n, err := db.CountLoginFailures(context.Background(), "passkey:ip:127.0.0.1", clk.Now().Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := failures()
		for _, tc := range cases {
			refused(t, tc.name, signIn(t, f.browser(""), tc.auth, tc.ans))
		}
		if got := failures() - before; got != len(cases) {
			t.Errorf("%d refusals counted as %d failures", len(cases), got)
		}
		refusals, _, err := db.ListAudit(context.Background(), accord.AuditFilter{Action: "session.passkey_refused"})
		if err != nil || len(refusals) != len(cases) {
			t.Errorf("%d refusals audited, want %d (%v)", len(refusals), len(cases), err)
		}

		// A replayed assertion is refused: with its own ceremony, whose
		// challenge is spent, and with a new one, whose challenge differs.
		b := f.browser("")
		begin := b.post(t, "/api/v1/login/passkey/begin", "")
		ceremony := b.cookies["accord_passkey_login"]
		assertion := a.assert(t, begin, answer{})
		if res := b.post(t, "/api/v1/login/passkey/finish", assertion); res.status != 200 {
			t.Fatalf("sign-in: %d %s", res.status, res.body)
		}
		b = f.browser("")
		b.cookies["accord_passkey_login"] = ceremony
		refused(t, "replay with the spent ceremony", b.post(t, "/api/v1/login/passkey/finish", assertion))
		b = f.browser("")
		b.post(t, "/api/v1/login/passkey/begin", "")
		refused(t, "replay with a new ceremony", b.post(t, "/api/v1/login/passkey/finish", assertion))
		refused(t, "no ceremony at all", f.browser("").post(t, "/api/v1/login/passkey/finish", assertion))

		// A ceremony expires.
		b = f.browser("")
		begin = b.post(t, "/api/v1/login/passkey/begin", "")
		clk.Advance(auth.CeremonyTTL + time.Second)
		refused(t, "expired ceremony", b.post(t, "/api/v1/login/passkey/finish", a.assert(t, begin, answer{})))

		// A registration's challenge does not sign anyone in.
		b = f.browser(f.session(t, roleDelegation))
		begin = b.post(t, "/api/v1/account/passkeys/begin", "")
		b.cookies["accord_passkey_login"] = b.cookies["accord_passkey_register"]
		delete(b.cookies, auth.SessionCookie)
		refused(t, "registration ceremony used to sign in", b.post(t, "/api/v1/login/passkey/finish", a.assert(t, begin, answer{})))

		// A malformed answer is a clear 400 that names the field.
		b = f.browser("")
		b.post(t, "/api/v1/login/passkey/begin", "")
		if res := b.post(t, "/api/v1/login/passkey/finish", `{"credential":"{not json"}`); res.status != 400 || !strings.Contains(res.body, `"field": "credential"`) {
			t.Errorf("malformed assertion: %d %s", res.status, res.body)
		}

		// Once the address has failed too often, even a good passkey waits.
		f.auth.Policy.MaxAddressFailures = failures()
		res := f.browser("").post(t, "/api/v1/login/passkey/begin", "")
		if res.status != 429 {
			t.Errorf("begin after too many failures: %d, want 429", res.status)
		}
	})
}

// TestPasskeyRegistration checks who may add and delete passkeys: only the
// owner, through a session that has passed its second factor.
func TestPasskeyRegistration(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		ctx := context.Background()
		f.enrolTOTP(t, roleHead) // a token of a privileged user without it opens nothing at all
		user := f.users[roleHead]
		pending, _, err := f.auth.StartSession(ctx, user, false, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := f.auth.CreateToken(ctx, user, "script", accord.ScopeWrite, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name    string
			session string
			header  map[string]string
			status  int
		}{
			{"the public", "", nil, 401},
			{"a session owing its second factor", pending, nil, 401},
			{"a write token", "", map[string]string{"Authorization": "Bearer " + token}, 403},
		} {
			for _, path := range []string{"/api/v1/account/passkeys/begin", "/api/v1/account/passkeys/finish", "/api/v1/account/passkeys/1/delete"} {
				if res := f.do(t, request{method: "POST", path: path, body: "{}", cookie: tc.session, header: tc.header}); res.status != tc.status {
					t.Errorf("%s, POST %s: %d, want %d", tc.name, path, res.status, tc.status)
				}
			}
		}

		a := registerPasskey(t, f, roleHead)
		ps, err := db.ListPasskeys(ctx, user.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("passkeys: %v %v", ps, err)
		}
		id := strconv.FormatInt(ps[0].ID, 10)

		// A ceremony is for the user who began it, and works once.
		b := f.browser(f.session(t, roleHead))
		begin := b.post(t, "/api/v1/account/passkeys/begin", "")
		second := newAuthenticator(t)
		body := second.register(t, begin)
		ceremony := b.cookies["accord_passkey_register"]
		thief := f.browser(f.session(t, roleChair))
		thief.cookies["accord_passkey_register"] = ceremony
		if res := thief.post(t, "/api/v1/account/passkeys/finish", body); res.status != 400 {
			t.Errorf("another user finishing the ceremony: %d %s", res.status, res.body)
		}
		if res := b.post(t, "/api/v1/account/passkeys/finish", body); res.status != 400 {
			t.Errorf("finishing a spent ceremony: %d %s", res.status, res.body)
		}
		// The same credential cannot be added twice.
		b = f.browser(f.session(t, roleHead))
		if res := b.post(t, "/api/v1/account/passkeys/finish", a.register(t, b.post(t, "/api/v1/account/passkeys/begin", ""))); res.status != 409 {
			t.Errorf("registering a credential twice: %d %s", res.status, res.body)
		}
		// An attestation for another origin is refused.
		b = f.browser(f.session(t, roleHead))
		third := newAuthenticator(t)
		third.origin = "https://accord.example.evil"
		if res := b.post(t, "/api/v1/account/passkeys/finish", third.register(t, b.post(t, "/api/v1/account/passkeys/begin", ""))); res.status != 400 {
			t.Errorf("registration from another origin: %d %s", res.status, res.body)
		}

		// Another user cannot delete it, nor tell it exists; its owner can,
		// and then it signs nobody in.
		if res := f.do(t, request{method: "POST", path: "/api/v1/account/passkeys/" + id + "/delete", cookie: f.session(t, roleChair)}); res.status != 404 {
			t.Errorf("another user's delete: %d", res.status)
		}
		if res := signIn(t, f.browser(""), a, answer{}); res.status != 200 {
			t.Fatalf("sign-in before delete: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{method: "POST", path: "/api/v1/account/passkeys/" + id + "/delete", cookie: f.session(t, roleHead)}); res.status != 200 {
			t.Errorf("delete: %d %s", res.status, res.body)
		}
		refused(t, "deleted passkey", signIn(t, f.browser(""), a, answer{}))
	})
}

// TestPasskeyPages checks the browser side: the script is a file the CSP
// allows, and the controls are hidden until it finds WebAuthn.
func TestPasskeyPages(t *testing.T) {
	f := newFixture(t, sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow), newClock())
	login := f.do(t, request{path: "/login"})
	for _, want := range []string{`data-passkey="login" hidden`, "Sign in with a passkey", `<script src="/static/passkey.js" defer></script>`} {
		if !strings.Contains(login.body, want) {
			t.Errorf("login page lacks %s", want)
		}
	}
	if csp := login.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP: %s", csp)
	}
	if strings.Contains(login.body, "<script>") {
		t.Error("login page has inline script")
	}
	js := f.do(t, request{path: "/static/passkey.js"})
	if js.status != 200 || !strings.Contains(js.header.Get("Content-Type"), "javascript") || !strings.Contains(js.body, "navigator.credentials.get") {
		t.Errorf("passkey.js: %d %s", js.status, js.header.Get("Content-Type"))
	}
	// Without script, a form post to begin goes back to the page.
	res := f.do(t, request{method: "POST", path: "/login/passkey/begin", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
	if res.status != 303 || res.header.Get("Location") != "/login" {
		t.Errorf("form post to begin: %d %s", res.status, res.header.Get("Location"))
	}
}

// TestPasskeysNeedADomain checks that a server whose public URL is an
// address, where browsers refuse passkeys, still serves, and says why the
// passkey routes do not work.
func TestPasskeysNeedADomain(t *testing.T) {
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	for _, tc := range []struct {
		url    string
		status int
	}{
		{"http://127.0.0.1:8080", 501},
		{"not a url", 501},
		{"https://accord.example.org", 200},
	} {
		h, err := accordhttp.New(accordhttp.Config{Store: db, Now: fixedNow, PublicURL: tc.url, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		f := &fixture{srv: httptest.NewServer(h)}
		t.Cleanup(f.srv.Close)
		if res := f.do(t, request{method: "POST", path: "/api/v1/login/passkey/begin", body: "{}"}); res.status != tc.status {
			t.Errorf("%s: begin %d, want %d: %s", tc.url, res.status, tc.status, res.body)
		}
	}
}
