package http_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/filestore"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/pquerna/otp/totp"
)

// clock is a test clock that tests move forward.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: fixedNow()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// cheapPasswords keeps argon2id fast in tests; the production cost is
// measured by the benchmark in package auth.
var cheapPasswords = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// The roles of the authorization matrix.
const (
	rolePublic      = "public"
	rolePress       = "press"
	roleObserver    = "observer"
	roleDelegation  = "delegation officer (SCO member)"
	roleOtherOrg    = "delegation officer (OTS member)"
	roleHead        = "head of delegation"
	roleChair       = "chair officer"
	roleSecretariat = "secretariat"
	roleAdmin       = "administrator"
)

var matrixRoles = []string{rolePublic, rolePress, roleObserver, roleDelegation, roleOtherOrg, roleHead, roleChair, roleSecretariat, roleAdmin}

var roleGrants = map[string]accord.Grant{
	rolePress:       {Role: accord.RolePress},
	roleObserver:    {Role: accord.RoleObserver, Organization: "SCO"},
	roleDelegation:  {Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"},
	roleOtherOrg:    {Role: accord.RoleDelegationOfficer, Organization: "OTS", State: "AZ"},
	roleHead:        {Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "PK"},
	roleChair:       {Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"},
	roleSecretariat: {Role: accord.RoleSecretariat, Organization: "SCO"},
	roleAdmin:       {Role: accord.RoleAdministrator},
}

// fixture is a server over the demo data with one user per role and a
// confidential document written by India's delegation for Pakistan.
type fixture struct {
	srv   *httptest.Server
	db    *sqlstore.DB
	auth  *auth.Service
	clock *clock
	users map[string]*accord.User
	// documents by reference
	docs map[string]int64
	// logKey is the verifier key of the server's transparency log.
	logKey string
	// files keeps attachments; atts are the first attachment of a
	// document, by its reference.
	files *filestore.Dir
	atts  map[string]int64
}

const testPassword = "correct horse battery staple"

func newFixture(t *testing.T, db *sqlstore.DB, clk *clock) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, accord.DateOf(clk.Now())); err != nil {
		t.Fatal(err)
	}

	a := auth.New(db, clk.Now)
	a.Password = cheapPasswords
	f := &fixture{db: db, auth: a, clock: clk, users: map[string]*accord.User{}, docs: map[string]int64{}}
	hash, err := auth.HashPassword(testPassword, cheapPasswords)
	if err != nil {
		t.Fatal(err)
	}
	for i, role := range matrixRoles[1:] {
		u := &accord.User{Name: role, Email: "user" + strconv.Itoa(i) + "@example.org", Grants: []accord.Grant{roleGrants[role]}}
		if err := db.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
	}
	m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := db.ListDelegations(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var india int64
	for _, d := range ds {
		if d.State == "IN" {
			india = d.ID
		}
	}
	conf := &accord.Document{Reference: "SCO/PGM/22/IN/CONFIDENTIAL", Kind: accord.DocOther, Classification: accord.Confidential,
		AuthorKind: accord.AuthorDelegation, AuthorDelegationID: india, Recipients: []string{"PK"},
		Links:    []accord.DocumentLink{{MeetingID: m.ID}},
		Versions: []accord.DocumentVersion{{Lang: "en", Title: "Confidential note of India for Pakistan", Body: "Not for others."}}}
	if err := db.CreateDocument(ctx, conf); err != nil {
		t.Fatal(err)
	}
	docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		f.docs[d.Reference] = d.ID
	}
	lg := signingLog(t, db)
	f.logKey = lg.Signer.VKey()
	f.attachFixtureFiles(t)
	h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: a, Now: clk.Now, Log: lg, Files: f.files, PDF: fixturePDF(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// session returns the cookie value of a fresh, fully signed-in session for
// role, or "" for the public.
func (f *fixture) session(t *testing.T, role string) string {
	t.Helper()
	if role == rolePublic {
		return ""
	}
	token, _, err := f.auth.StartSession(context.Background(), f.users[role], true, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

type request struct {
	method string
	path   string
	body   string // JSON
	header map[string]string
	cookie string
	// from is the client's address, a loopback one such as 127.0.0.2;
	// empty is 127.0.0.1.
	from string
}

func (f *fixture) do(t *testing.T, req request) response {
	t.Helper()
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	r, err := http.NewRequest(cmpOr(req.method, "GET"), f.srv.URL+req.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if req.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	if req.cookie != "" {
		r.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: req.cookie})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if req.from != "" {
		dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(req.from)}}
		client.Transport = &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true}
	}
	res, err := client.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// matrixCase is one request of the authorization matrix with the status
// each role must get.
type matrixCase struct {
	method, path, body string
	want               map[string]int
}

// every gives all roles one status; except overrides some.
func every(status int, except ...any) map[string]int {
	m := map[string]int{}
	for _, r := range matrixRoles {
		m[r] = status
	}
	for i := 0; i+1 < len(except); i += 2 {
		m[except[i].(string)] = except[i+1].(int)
	}
	return m
}

// matrix lists, per route name, the requests that exercise it. Paths use
// {doc:REF} for a document id. Views are checked under the API prefix and as
// pages; actions as API calls.
func matrix() map[string][]matrixCase {
	signedIn := func(status int) map[string]int { return every(status, rolePublic, 401) }
	return map[string][]matrixCase{
		"home":          {{path: "/", want: every(200)}},
		"desk":          {{path: "/desk", want: signedIn(200)}},
		"organizations": {{path: "/organizations", want: every(200)}},
		"organization":  {{path: "/organizations/SCO", want: every(200)}},
		"members":       {{path: "/organizations/SCO/members?on=2024-07-25", want: every(200)}},
		"bodies":        {{path: "/organizations/SCO/bodies", want: every(200)}},
		"body":          {{path: "/organizations/SCO/bodies/PGM", want: every(200)}},
		"meetings":      {{path: "/organizations/SCO/bodies/PGM/meetings", want: every(200)}},
		"meeting":       {{path: "/organizations/SCO/bodies/PGM/meetings/22", want: every(200)}},
		"document": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}", want: every(200)},
			{path: "/documents/{doc:SCO/PGM/22/MEASURES-DRAFT}", want: every(404, roleDelegation, 200, roleHead, 200, roleChair, 200, roleSecretariat, 200)},
			{path: "/documents/{doc:OTS/CGP/3/REPORT/SEC}", want: every(404, roleOtherOrg, 200)},
			{path: "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}", want: every(404, roleDelegation, 200, roleHead, 200)},
		},
		"login_form":        {{path: "/login", want: every(200)}},
		"login":             {{method: "POST", path: "/login", body: `{"email":"nobody@example.org","password":"wrong password"}`, want: every(401)}},
		"totp_form":         {{path: "/login/totp", want: every(401)}},
		"totp":              {{method: "POST", path: "/login/totp", body: `{"code":"123456"}`, want: every(401)}},
		"logout":            {{method: "POST", path: "/logout", want: signedIn(200)}},
		"logout_everywhere": {{method: "POST", path: "/logout/everywhere", want: signedIn(200)}},
		"account":           {{path: "/account", want: signedIn(200)}},
		"totp_setup_form":   {{path: "/account/totp", want: signedIn(200)}},
		"totp_setup":        {{method: "POST", path: "/account/totp", body: `{"secret":"JBSWY3DPEHPK3PXPJBSWY3DP","code":"000000"}`, want: signedIn(400)}},
		"token_create":      {{method: "POST", path: "/account/tokens", body: `{"name":"script","scope":"read"}`, want: signedIn(201)}},
		"token_revoke":      {{method: "POST", path: "/account/tokens/999999/revoke", want: signedIn(404)}},
		"language":          {{method: "POST", path: "/account/language", body: `{"lang":"ru"}`, want: every(200)}},
		"password":          {{method: "POST", path: "/account/password", body: `{"current_password":"wrong","new_password":"long enough new password"}`, want: signedIn(400)}},
		"audit":             {{path: "/audit", want: every(403, rolePublic, 401, roleSecretariat, 200)}},
		"chairs":            {{path: "/organizations/SCO/bodies/PGM/chairs", want: every(200)}},
		"chairs_forecast":   {{path: "/organizations/SCO/bodies/PGM/chairs/forecast?n=10", want: every(200)}},
		"chair_handover":    {{method: "POST", path: "/organizations/SCO/bodies/PGM/chairs/handover", body: `{"to":"PK"}`, want: every(403, rolePublic, 401, roleChair, 400, roleSecretariat, 400)}},
		"healthz":           {{path: "/healthz", want: every(200)}},
		"readyz":            {{path: "/readyz", want: every(200)}},
		"openapi":           {{path: "/api/openapi.json", want: every(200)}},

		// Setup: the administrator and any secretariat register states;
		// the administrator makes any account, a secretariat those of its
		// organization (a bad body reaches validation: 400).
		"state_new":    {{path: "/states/new?code=KG", want: every(403, rolePublic, 401, roleSecretariat, 200, roleAdmin, 200)}},
		"state":        {{path: "/states/KG", want: every(200)}, {path: "/states/ZZ", want: every(404)}},
		"state_create": {{method: "POST", path: "/states", body: `{"code":"XX"}`, want: every(403, rolePublic, 401, roleSecretariat, 400, roleAdmin, 400)}},
		"user_create": {
			{method: "POST", path: "/users", body: `{"name":"","email":"new@example.org","role":"secretariat","organization":"SCO"}`, want: every(403, rolePublic, 401, roleSecretariat, 400, roleAdmin, 400)},
			{method: "POST", path: "/users", body: `{"name":"","email":"new@example.org","role":"secretariat","organization":"OTS"}`, want: every(403, rolePublic, 401, roleAdmin, 400)},
			{method: "POST", path: "/users", body: `{"name":"","email":"new@example.org","role":"administrator"}`, want: every(403, rolePublic, 401, roleAdmin, 400)},
		},

		// Passkeys: anyone may begin a sign-in; finishing one without a
		// ceremony is the one refusal. Registration is for signed-in users;
		// finishing it without a ceremony is bad input.
		"passkey_login_begin":  {{method: "POST", path: "/login/passkey/begin", want: every(200)}},
		"passkey_login_finish": {{method: "POST", path: "/login/passkey/finish", body: `{"credential":"{}"}`, want: every(401)}},
		"passkey_begin":        {{method: "POST", path: "/account/passkeys/begin", want: signedIn(200)}},
		"passkey_finish":       {{method: "POST", path: "/account/passkeys/finish", body: `{"credential":"{}"}`, want: signedIn(400)}},
		"passkey_delete":       {{method: "POST", path: "/account/passkeys/999999/delete", want: signedIn(404)}},
	}
}

// TestAuthorizationMatrix checks every route for every role, on both
// engines. A route without an entry fails the test, so no route can be
// added without saying who may use it.
func TestAuthorizationMatrix(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		// The matrix signs in wrongly on purpose, many times.
		f.auth.Policy.MaxAddressFailures, f.auth.Policy.MaxAccountFailures = 1000, 1000
		h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: f.auth})
		if err != nil {
			t.Fatal(err)
		}
		m := matrix()
		maps.Copy(m, signingMatrix())
		maps.Copy(m, adoptionMatrix())
		maps.Copy(m, documentsMatrix())
		maps.Copy(m, workspaceMatrix())
		maps.Copy(m, delegationBulkMatrix())
		maps.Copy(m, accountsMatrix())
		maps.Copy(m, draftingMatrix())
		maps.Copy(m, chairsMatrix())
		maps.Copy(m, sittingMatrix())
		maps.Copy(m, followUpMatrix())
		maps.Copy(m, searchMatrix())
		maps.Copy(m, feedsMatrix())
		maps.Copy(m, documentPDFMatrix())
		maps.Copy(m, photosMatrix())
		for _, rt := range h.Routes() {
			cases, ok := m[rt.Name]
			if !ok {
				t.Errorf("route %s (%s %s) has no entry in the authorization matrix", rt.Name, rt.Method, rt.Pattern)
				continue
			}
			for _, c := range cases {
				if cmpOr(c.method, "GET") != rt.Method {
					t.Errorf("matrix entry %s %s does not match route %s %s", c.method, c.path, rt.Method, rt.Pattern)
				}
				path, body := f.expandWorkspace(t, f.expand(t, c.path)), f.expand(t, c.body)
				prefixes := []string{"/api/v1"}
				if rt.Method == "GET" && rt.Template != "" {
					prefixes = append(prefixes, "")
				}
				if rt.Template == "" {
					prefixes = []string{""}
				}
				for _, role := range matrixRoles {
					for _, prefix := range prefixes {
						res := f.do(t, request{method: rt.Method, path: prefix + path, body: body, cookie: f.session(t, role)})
						if res.status != c.want[role] {
							t.Errorf("%s %s%s as %s: %d, want %d\n%.300s", rt.Method, prefix, path, role, res.status, c.want[role], res.body)
						}
					}
				}
			}
		}
	})
}

// TestConfidentialNeverListed checks that a confidential document appears
// in no list or count for a reader who may not read it.
func TestConfidentialNeverListed(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, role := range matrixRoles {
			allowed := role == roleDelegation || role == roleHead
			cookie := f.session(t, role)
			for _, path := range []string{"/api/v1/organizations/SCO/bodies/PGM/meetings/22", "/organizations/SCO/bodies/PGM/meetings/22", "/"} {
				res := f.do(t, request{path: path, cookie: cookie})
				if got := strings.Contains(res.body, "Confidential note of India") || strings.Contains(res.body, "IN/CONFIDENTIAL"); got != allowed {
					t.Errorf("%s as %s: lists the confidential document: %v, want %v", path, role, got, allowed)
				}
			}
			var v struct{ Documents []json.RawMessage }
			res := f.do(t, request{path: "/api/v1/organizations/SCO/bodies/PGM/meetings/22", cookie: cookie})
			if err := json.Unmarshal([]byte(res.body), &v); err != nil {
				t.Fatal(err)
			}
			want := 4 // protocol, statement, video message, press release
			switch role {
			case roleDelegation, roleHead:
				want = 6 // and the restricted draft, and the confidential note
			case roleChair, roleSecretariat:
				want = 5 // and the restricted draft
			}
			if len(v.Documents) != want {
				t.Errorf("meeting XXII as %s counts %d documents, want %d", role, len(v.Documents), want)
			}
		}
	})
}

// login signs in with the password form and returns the session cookie
// and the response.
func (f *fixture) login(t *testing.T, email, password string) (string, response) {
	t.Helper()
	res := f.do(t, request{method: "POST", path: "/api/v1/login", body: `{"email":` + strconv.Quote(email) + `,"password":` + strconv.Quote(password) + `}`})
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == auth.SessionCookie {
			return c.Value, res
		}
	}
	return "", res
}

// enrolTOTP gives role's user a TOTP secret and returns it.
func (f *fixture) enrolTOTP(t *testing.T, role string) string {
	t.Helper()
	u := f.users[role]
	e, err := f.auth.BeginTOTP(u)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(e.Secret, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.auth.ConfirmTOTP(context.Background(), u, e.Secret, code); err != nil {
		t.Fatal(err)
	}
	f.users[role], err = f.db.FindUser(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(30 * time.Second) // the code that confirmed is spent
	return e.Secret
}

func (f *fixture) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLoginFlow walks the password and TOTP steps and checks session
// fixation, code replay, and that a pending session opens nothing.
func TestLoginFlow(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		secret := f.enrolTOTP(t, roleSecretariat)
		email := f.users[roleSecretariat].Email

		// A session id planted before sign-in is not the one after it.
		planted := "s_planted"
		pendingToken, res := f.login(t, email, testPassword)
		if res.status != 200 || !strings.Contains(res.body, `"totp_required"`) || pendingToken == "" || pendingToken == planted {
			t.Fatalf("password step: %d %s", res.status, res.body)
		}
		// The password alone opens nothing a secretariat can read.
		if res := f.do(t, request{path: "/api/v1/audit", cookie: pendingToken}); res.status != 401 {
			t.Errorf("audit with the password alone: %d", res.status)
		}
		if res := f.do(t, request{path: "/api/v1/account", cookie: pendingToken}); res.status != 401 {
			t.Errorf("account with the password alone: %d", res.status)
		}
		code := f.code(t, secret)
		res = f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + code + `"}`, cookie: pendingToken})
		full := cookieOf(res)
		if res.status != 200 || full == "" || full == pendingToken {
			t.Fatalf("TOTP step: %d %s (cookie rotated: %v)", res.status, res.body, full != pendingToken)
		}
		if res := f.do(t, request{path: "/api/v1/audit", cookie: full}); res.status != 200 {
			t.Errorf("audit after both factors: %d", res.status)
		}
		// The pending session is gone: its id cannot be reused.
		if res := f.do(t, request{path: "/api/v1/login/totp", cookie: pendingToken}); res.status != 401 {
			t.Errorf("the pre-TOTP session still works: %d", res.status)
		}
		// The same code does not work twice, even in a new sign-in.
		pending2, _ := f.login(t, email, testPassword)
		res = f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + code + `"}`, cookie: pending2})
		if res.status != 401 || cookieOf(res) != "" || !strings.Contains(res.body, "wait for the next code") {
			t.Errorf("replayed TOTP code: %d %s", res.status, res.body)
		}
		// A wrong code says so, and the page says a used one in Russian.
		if res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"000000"}`, cookie: pending2}); res.status != 401 || strings.Contains(res.body, "wait for the next code") {
			t.Errorf("a wrong code: %d %s", res.status, res.body)
		}
		if res := f.postForm(t, pending2, "/login/totp?lang=ru", url.Values{"code": {code}}); res.status != 401 || !strings.Contains(res.body, "дождитесь следующего кода") {
			t.Errorf("a used code on the Russian page: %d %s", res.status, res.body)
		}
		// A recovery code works once.
		codes, err := f.auth.ConfirmTOTP(context.Background(), f.users[roleSecretariat], secret, f.code(t, secret))
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []int{200, 401} {
			p, _ := f.login(t, email, testPassword)
			res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + codes[0] + `"}`, cookie: p})
			if res.status != want {
				t.Errorf("recovery code, use %d: %d, want %d", i+1, res.status, want)
			}
		}
	})
}

func cookieOf(res response) string {
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == auth.SessionCookie && c.MaxAge >= 0 {
			return c.Value
		}
	}
	return ""
}

// TestEnrollmentRequired checks that a privileged user without TOTP must
// set it up before the session opens anything.
func TestEnrollmentRequired(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		pending, res := f.login(t, f.users[roleHead].Email, testPassword)
		if !strings.Contains(res.body, "totp_setup_required") {
			t.Fatalf("login without TOTP: %s", res.body)
		}
		res = f.do(t, request{path: "/api/v1/account/totp", cookie: pending})
		var setup struct{ Secret string }
		if err := json.Unmarshal([]byte(res.body), &setup); err != nil || setup.Secret == "" {
			t.Fatalf("setup: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{path: "/api/v1/documents/" + strconv.FormatInt(f.docs["SCO/PGM/22/MEASURES-DRAFT"], 10), cookie: pending}); res.status != 404 {
			t.Errorf("restricted document before setup: %d", res.status)
		}
		res = f.do(t, request{method: "POST", path: "/api/v1/account/totp", body: `{"secret":"` + setup.Secret + `","code":"` + f.code(t, setup.Secret) + `"}`, cookie: pending})
		full := cookieOf(res)
		if res.status != 200 || full == "" || full == pending || !strings.Contains(res.body, "recovery_codes") {
			t.Fatalf("confirm setup: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{path: "/api/v1/documents/" + strconv.FormatInt(f.docs["SCO/PGM/22/MEASURES-DRAFT"], 10), cookie: full}); res.status != 200 {
			t.Errorf("restricted document after setup: %d", res.status)
		}
	})
}

// TestSessionLifetime checks the idle and absolute timeouts, sign-out and
// signing out everywhere.
func TestSessionLifetime(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		account := func(cookie string) int { return f.do(t, request{path: "/api/v1/account", cookie: cookie}).status }

		idle := f.session(t, rolePress)
		clk.Advance(29 * time.Minute)
		if s := account(idle); s != 200 {
			t.Fatalf("after 29 idle minutes: %d", s)
		}
		clk.Advance(31 * time.Minute)
		if s := account(idle); s != 401 {
			t.Errorf("after 31 idle minutes: %d, want 401", s)
		}

		busy := f.session(t, rolePress)
		for range 12*3 + 1 {
			clk.Advance(20 * time.Minute)
			if account(busy) != 200 {
				break
			}
		}
		if s := account(busy); s != 401 {
			t.Errorf("a session used every 20 minutes for 12 hours still works: %d", s)
		}

		out := f.session(t, rolePress)
		if res := f.do(t, request{method: "POST", path: "/api/v1/logout", cookie: out}); res.status != 200 {
			t.Fatalf("logout: %d", res.status)
		}
		if s := account(out); s != 401 {
			t.Errorf("after logout: %d", s)
		}

		a, b := f.session(t, rolePress), f.session(t, rolePress)
		if res := f.do(t, request{method: "POST", path: "/api/v1/logout/everywhere", cookie: a}); res.status != 200 {
			t.Fatalf("logout everywhere: %d", res.status)
		}
		if account(a) != 401 || account(b) != 401 {
			t.Errorf("sessions survive logging out everywhere")
		}
	})
}

// TestCSRF checks that a cross-origin form post is refused and changes
// nothing, while a same-origin one works.
func TestCSRF(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		cookie := f.session(t, rolePress)
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Origin": "https://evil.example"},
		} {
			res := f.do(t, request{method: "POST", path: "/logout", cookie: cookie, header: h})
			if res.status != 403 {
				t.Errorf("cross-origin logout %v: %d, want 403", h, res.status)
			}
		}
		if res := f.do(t, request{path: "/api/v1/account", cookie: cookie}); res.status != 200 {
			t.Fatalf("a refused cross-origin request ended the session: %d", res.status)
		}
		res := f.do(t, request{method: "POST", path: "/logout", cookie: cookie, header: map[string]string{"Sec-Fetch-Site": "same-origin"}})
		if res.status != 303 {
			t.Errorf("same-origin logout: %d", res.status)
		}
	})
}

// TestLoginRateLimit checks the per-account and per-address limits, and
// that neither reveals whether an account exists.
func TestLoginRateLimit(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		for _, email := range []string{f.users[rolePress].Email, "nobody@example.org"} {
			var bodies []string
			for i := range f.auth.Policy.MaxAccountFailures {
				_, res := f.login(t, email, "wrong password "+strconv.Itoa(i))
				if res.status != 401 {
					t.Fatalf("failure %d for %s: %d", i+1, email, res.status)
				}
				bodies = append(bodies, res.body)
			}
			_, res := f.login(t, email, testPassword)
			if res.status != 429 {
				t.Errorf("%s after %d failures, right password: %d, want 429", email, f.auth.Policy.MaxAccountFailures, res.status)
			}
			if bodies[0] != `{
  "error": {
    "code": "unauthorized",
    "message": "The e-mail address or the password is wrong.",
    "localized_message": "The e-mail address or the password is wrong."
  }
}
` {
				t.Errorf("refusal for %s: %s", email, bodies[0])
			}
		}
		clk.Advance(16 * time.Minute)
		if token, res := f.login(t, f.users[rolePress].Email, testPassword); res.status != 200 || token == "" {
			t.Errorf("after the window: %d %s", res.status, res.body)
		}
		// The address limit stops guessing across many accounts.
		f.auth.Policy.MaxAddressFailures = 3
		for i := range 3 {
			f.login(t, "someone"+strconv.Itoa(i)+"@example.org", "wrong password")
		}
		if _, res := f.login(t, f.users[roleObserver].Email, testPassword); res.status != 429 {
			t.Errorf("address limit: %d, want 429", res.status)
		}
	})
}

// TestTokens checks personal access tokens: they work as their user,
// within their scope, until revoked; and bad tokens are refused.
func TestTokens(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		f.enrolTOTP(t, roleSecretariat)
		cookie := f.session(t, roleSecretariat)
		create := func(scope string) (string, int64) {
			res := f.do(t, request{method: "POST", path: "/api/v1/account/tokens", body: `{"name":"script","scope":"` + scope + `","expires_in_days":"30"}`, cookie: cookie})
			var v struct {
				Token  string
				Tokens []accord.Token
			}
			if err := json.Unmarshal([]byte(res.body), &v); err != nil || res.status != 201 || !strings.HasPrefix(v.Token, auth.TokenPrefix) {
				t.Fatalf("create token: %d %s", res.status, res.body)
			}
			return v.Token, v.Tokens[0].ID
		}
		read, readID := create("read")
		bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
		if res := f.do(t, request{path: "/api/v1/audit", header: bearer(read)}); res.status != 200 {
			t.Errorf("read token reads the audit trail: %d", res.status)
		}
		if res := f.do(t, request{method: "POST", path: "/api/v1/account/tokens", body: `{"name":"x"}`, header: bearer(read)}); res.status != 403 {
			t.Errorf("read token makes a token: %d, want 403", res.status)
		}
		res := f.do(t, request{method: "POST", path: "/api/v1/account/tokens/" + strconv.FormatInt(readID, 10) + "/revoke", cookie: cookie})
		if res.status != 200 {
			t.Fatalf("revoke: %d %s", res.status, res.body)
		}
		for name, h := range map[string]map[string]string{
			"revoked":   bearer(read),
			"garbage":   bearer("accord_pat_nonsense"),
			"no prefix": bearer("abc"),
			"basic":     {"Authorization": "Basic dXNlcjpwYXNz"},
		} {
			if res := f.do(t, request{path: "/api/v1/organizations", header: h}); res.status != 401 || !strings.Contains(res.body, `"unauthorized"`) {
				t.Errorf("%s token: %d %s", name, res.status, res.body)
			}
		}
		expiring, _ := create("read")
		clk.Advance(31 * 24 * time.Hour)
		if res := f.do(t, request{path: "/api/v1/organizations", header: bearer(expiring)}); res.status != 401 {
			t.Errorf("expired token: %d", res.status)
		}
	})
}

// TestBadAuthInput checks that malformed and oversized input gets a clear
// 4xx and changes nothing.
func TestBadAuthInput(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		count := func() int {
			_, n, err := db.ListAudit(context.Background(), accord.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		cases := []struct {
			body   string
			status int
			field  string
		}{
			{`{"email":"","password":""}`, 400, "credentials"},
			{`{"email":"a@b.c"}`, 400, "credentials"},
			{`not json`, 400, "body"},
			{`{"email":["x"],"password":"y"}`, 400, "email"},
			{`{"email":"a@b.c","password":"` + strings.Repeat("x", 70<<10) + `"}`, 400, "body"},
		}
		for _, c := range cases {
			res := f.do(t, request{method: "POST", path: "/api/v1/login", body: c.body})
			if res.status != c.status || !strings.Contains(res.body, `"field": "`+c.field+`"`) {
				t.Errorf("login %.40s: %d %s", c.body, res.status, res.body)
			}
		}
		if after := count(); after != before {
			t.Errorf("bad input wrote %d audit records", after-before)
		}
		form := url.Values{"email": {"x@example.org"}, "password": {"nope"}}
		r, _ := http.NewRequest("POST", f.srv.URL+"/login", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 401 || !strings.Contains(string(b), `value="x@example.org"`) || !strings.Contains(string(b), "The e-mail address or the password is wrong.") {
			t.Errorf("refused login form is not shown again, filled in: %d\n%s", res.StatusCode, b)
		}
	})
}

// TestAuditTrail checks that sign-ins and changes are recorded with who,
// what, when and from where, and that the secretariat can filter them.
func TestAuditTrail(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		// The observer holds a grant in the SCO: the SCO's secretariat sees
		// the personal data of the account's records.
		f.login(t, f.users[roleObserver].Email, testPassword)
		f.login(t, f.users[roleObserver].Email, "wrong password")
		cookie := f.session(t, roleSecretariat)
		res := f.do(t, request{path: "/api/v1/audit?action=session.", cookie: cookie})
		var v struct {
			Total   int
			Records []accord.AuditRecord
		}
		if err := json.Unmarshal([]byte(res.body), &v); err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range v.Records {
			actions = append(actions, r.Action+" "+r.Actor+" "+r.IP)
		}
		joined := strings.Join(actions, "\n")
		for _, want := range []string{"session.signin user:", "session.refused public 127.0.0.1"} {
			if !strings.Contains(joined, want) {
				t.Errorf("audit lacks %q:\n%s", want, joined)
			}
		}
		res = f.do(t, request{path: "/api/v1/audit?resource=document/", cookie: cookie})
		if !strings.Contains(res.body, `"document.create"`) || strings.Contains(res.body, `"session.`) {
			t.Errorf("resource filter: %.500s", res.body)
		}
		if res := f.do(t, request{path: "/api/v1/audit?from=2024-13-01", cookie: cookie}); res.status != 400 {
			t.Errorf("bad date filter: %d", res.status)
		}
		if res := f.do(t, request{path: "/audit?action=document.", cookie: cookie}); res.status != 200 || !strings.Contains(res.body, "document.create") {
			t.Errorf("audit page: %d", res.status)
		}
	})
}

// TestChangePassword checks that a new password replaces the old one and
// ends the other sessions.
func TestChangePassword(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		email := f.users[rolePress].Email
		other, this := f.session(t, rolePress), f.session(t, rolePress)
		change := func(current, next string) response {
			return f.do(t, request{method: "POST", path: "/api/v1/account/password", cookie: this,
				body: `{"current_password":` + strconv.Quote(current) + `,"new_password":` + strconv.Quote(next) + `}`})
		}
		if res := change("wrong password", "a brand new passphrase"); res.status != 400 || !strings.Contains(res.body, `"current_password"`) {
			t.Errorf("wrong current password: %d %s", res.status, res.body)
		}
		if res := change(testPassword, "short"); res.status != 400 || !strings.Contains(res.body, `"new_password"`) {
			t.Errorf("short new password: %d %s", res.status, res.body)
		}
		res := change(testPassword, "a brand new passphrase")
		if res.status != 200 || cookieOf(res) == "" {
			t.Fatalf("change: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{path: "/api/v1/account", cookie: other}); res.status != 401 {
			t.Errorf("another session survives the change: %d", res.status)
		}
		if _, res := f.login(t, email, testPassword); res.status != 401 {
			t.Errorf("old password: %d", res.status)
		}
		if _, res := f.login(t, email, "a brand new passphrase"); res.status != 200 {
			t.Errorf("new password: %d", res.status)
		}
	})
}

// TestHandoverMovesChairRights checks the handover through the API: the
// chair officer of the state in office hands over by the rule, and from then
// on the chair officer's rights are the incoming state's, not theirs.
func TestHandoverMovesChairRights(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		ctx := context.Background()
		hash, _ := auth.HashPassword(testPassword, cheapPasswords)
		russia := &accord.User{Name: "Chair officer, Russia", Email: "chair-ru@example.org",
			Grants: []accord.Grant{{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "RU"}}}
		if err := db.CreateUser(ctx, russia, hash); err != nil {
			t.Fatal(err)
		}
		ruToken, _, err := f.auth.StartSession(ctx, russia, true, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/organizations/SCO/bodies/PGM/chairs/handover"
		if res := f.do(t, request{method: "POST", path: path, body: `{"date":"2025-03-01"}`, cookie: ruToken}); res.status != 403 {
			t.Errorf("Russia's chair officer hands over Pakistan's chair: %d", res.status)
		}
		before, _ := db.ListChairTerms(ctx, "SCO", "PGM")
		if res := f.do(t, request{method: "POST", path: path, body: `{"to":"KZ","date":"2025-03-01"}`, cookie: f.session(t, roleChair)}); res.status != 400 || !strings.Contains(res.body, `"reason"`) {
			t.Errorf("a handover against the rule without a reason: %d %s", res.status, res.body)
		}
		if after, _ := db.ListChairTerms(ctx, "SCO", "PGM"); len(after) != len(before) {
			t.Fatalf("a refused handover changed the terms")
		}
		res := f.do(t, request{method: "POST", path: path, body: `{"date":"2025-03-01"}`, cookie: f.session(t, roleChair)})
		if res.status != 200 || !strings.Contains(res.body, `"state": "RU"`) {
			t.Fatalf("handover by the rule: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{method: "POST", path: path, body: `{"date":"2025-03-01"}`, cookie: f.session(t, roleChair)}); res.status != 403 {
			t.Errorf("Pakistan's chair officer still hands over after the handover: %d", res.status)
		}
		var v struct {
			CanHandOver bool `json:"can_hand_over"`
		}
		res = f.do(t, request{path: "/api/v1/organizations/SCO/bodies/PGM/chairs", cookie: ruToken})
		if err := json.Unmarshal([]byte(res.body), &v); err != nil || !v.CanHandOver {
			t.Errorf("Russia's chair officer may not hand over after taking the chair: %v %s", err, res.body)
		}
		_, n, err := db.ListAudit(ctx, accord.AuditFilter{Action: "chair.handover"})
		if err != nil || n != 1 {
			t.Errorf("audit records of the handover: %d, %v", n, err)
		}
	})
}

// TestSetupCodeSpent checks that the code which confirmed the authenticator
// app cannot sign in afterwards, even when it was the next step's code
// that clock drift lets through.
func TestSetupCodeSpent(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		u := f.users[rolePress]
		e, err := f.auth.BeginTOTP(u)
		if err != nil {
			t.Fatal(err)
		}
		next, err := totp.GenerateCode(e.Secret, clk.Now().Add(30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.auth.ConfirmTOTP(context.Background(), u, e.Secret, next); err != nil {
			t.Fatalf("a code of the next step does not confirm the setup: %v", err)
		}
		pending, _ := f.login(t, u.Email, testPassword)
		res := f.do(t, request{method: "POST", path: "/api/v1/login/totp", body: `{"code":"` + next + `"}`, cookie: pending})
		if res.status != 401 {
			t.Errorf("the code that confirmed the setup signs in again: %d %s", res.status, res.body)
		}
	})
}
