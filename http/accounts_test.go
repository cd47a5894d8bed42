package http_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"golang.org/x/mod/sumdb/note"
)

// accountsMatrix says who may administer an organization's accounts, open
// an invitation, and submit and confirm a head's key. Ids that exist
// nowhere (999999) and bad bodies show who passed the policy without
// changing anything.
func accountsMatrix() map[string][]matrixCase {
	manage := func(status int) map[string]int {
		return every(403, rolePublic, 401, roleSecretariat, status, roleAdmin, status)
	}
	const head = "/organizations/SCO/accounts/{user:" + roleHead + "}"
	return map[string][]matrixCase{
		"org_accounts":      {{path: "/organizations/SCO/accounts", want: every(404, roleSecretariat, 200, roleAdmin, 200)}},
		"invitation_create": {{method: "POST", path: "/organizations/SCO/invitations", body: `{"name":"","email":"new@example.org"}`, want: manage(400)}},
		"org_account": {
			{path: head, want: every(404, roleSecretariat, 200, roleAdmin, 200)},
			// An account of another organization is not found, even to a
			// secretariat.
			{path: "/organizations/SCO/accounts/{user:" + roleOtherOrg + "}", want: every(404)},
		},
		"grant_create": {
			{method: "POST", path: head + "/grants", body: `{"role":"nope"}`, want: manage(400)},
			// A grant in another organization is outside the SCO
			// secretariat's.
			{method: "POST", path: "/organizations/OTS/accounts/{user:" + roleOtherOrg + "}/grants", body: `{"role":"nope"}`, want: every(403, rolePublic, 401, roleAdmin, 400)},
		},
		"grant_revoke":        {{method: "POST", path: head + "/grants/999999/revoke", want: manage(404)}},
		"account_disable":     {{method: "POST", path: "/organizations/SCO/accounts/999999/disable", want: manage(404)}},
		"account_totp_reset":  {{method: "POST", path: "/organizations/SCO/accounts/999999/totp/reset", want: manage(404)}},
		"invitation":          {{path: "/invitations/inv_nothing", want: every(404)}},
		"invitation_accept":   {{method: "POST", path: "/invitations/inv_nothing", body: `{"password":"long enough password","code":"123456"}`, want: every(404)}},
		"signing_key_submit":  {{method: "POST", path: "/account/signing-keys", body: `{"vkey":""}`, want: every(403, rolePublic, 401, roleHead, 400)}},
		"signing_key_confirm": {{method: "POST", path: "/organizations/SCO/signing-keys/submissions/999999/confirm", body: `{"fingerprint":"X"}`, want: every(403, rolePublic, 401, roleSecretariat, 404)}},
	}
}

// invite makes an invitation as cookie and returns its token.
func (f *fixture) invite(t *testing.T, cookie, org, body string) string {
	t.Helper()
	res := f.do(t, request{method: "POST", path: "/api/v1/organizations/" + org + "/invitations", body: body, cookie: cookie})
	if res.status != 201 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	link := jsonOf[string](t, res, "link")
	_, token, ok := strings.Cut(link, "/invitations/")
	if !ok || !strings.HasPrefix(link, "http") {
		t.Fatalf("link %q", link)
	}
	return token
}

func jsonOf[T any](t *testing.T, res response, name string) T {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(res.body), &m); err != nil {
		t.Fatalf("%v in %s", err, res.body)
	}
	var v T
	if err := json.Unmarshal(m[name], &v); err != nil {
		t.Fatalf("%s: %v in %s", name, err, res.body)
	}
	return v
}

// accept opens an invitation and accepts it with a code of the offered key.
func (f *fixture) accept(t *testing.T, token string) (response, string) {
	t.Helper()
	offer := f.do(t, request{path: "/api/v1/invitations/" + token})
	if offer.status != 200 {
		t.Fatalf("invitation: %d %s", offer.status, offer.body)
	}
	secret := jsonOf[string](t, offer, "authenticator_key")
	return f.do(t, request{method: "POST", path: "/api/v1/invitations/" + token,
		body: `{"password":"a long enough password","code":"` + f.code(t, secret) + `"}`}), secret
}

// state is what the tests compare before and after a refusal: every write
// is audited, so the audit trail's size stands for all of them, and the
// records the routes make are counted too.
type state struct {
	audit, users, invitations, submissions, keys int
}

func (f *fixture) state(t *testing.T) state {
	t.Helper()
	ctx := context.Background()
	_, audit, err := f.db.ListAudit(ctx, accord.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	users, err := f.db.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var invs int
	for _, org := range []string{"SCO", "OTS"} {
		is, err := f.db.ListInvitations(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		invs += len(is)
	}
	subs, err := f.db.ListKeySubmissions(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := f.db.ListSigningKeys(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	return state{audit, len(users), invs, len(subs), len(keys)}
}

// TestAccountAdministration walks an invitation to an account with a
// role, a key submitted and confirmed, a second-factor reset and a
// disable, on both engines.
func TestAccountAdministration(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		ctx := context.Background()
		sec := f.session(t, roleSecretariat)
		token := f.invite(t, sec, "SCO", `{"name":"Aigerim Example","email":"Aigerim@Example.org","lang":"ru"}`)
		res, _ := f.accept(t, token)
		if res.status != 201 {
			t.Fatalf("accept: %d %s", res.status, res.body)
		}
		u := jsonOf[accord.User](t, res, "user")
		if u.Email != "aigerim@example.org" || !u.TOTPEnabled || u.Lang != "ru" || len(jsonOf[[]string](t, res, "recovery_codes")) != 10 {
			t.Fatalf("accepted %+v", u)
		}
		person := cookieOf(res)
		if got := f.do(t, request{path: "/api/v1/account", cookie: person}); got.status != 200 {
			t.Fatalf("the new account is not signed in: %d", got.status)
		}
		// The link works once.
		if again := f.do(t, request{path: "/api/v1/invitations/" + token}); again.status != 409 {
			t.Errorf("the used link opens again: %d, want 409", again.status)
		}

		base := "/api/v1/organizations/SCO/accounts/" + itoa(u.ID)
		g := f.do(t, request{method: "POST", path: base + "/grants", body: `{"role":"head_of_delegation","state":"KZ"}`, cookie: sec})
		if g.status != 201 {
			t.Fatalf("grant: %d %s", g.status, g.body)
		}
		grants := jsonOf[accord.User](t, g, "user").Grants
		if len(grants) != 1 || grants[0].Role != accord.RoleHeadOfDelegation || grants[0].Organization != "SCO" {
			t.Fatalf("grants %+v", grants)
		}

		// The head submits a key; a wrong fingerprint enrols nothing, the
		// right one does.
		_, vkey, err := note.GenerateKey(rand.Reader, "sco-kz-head")
		if err != nil {
			t.Fatal(err)
		}
		sub := f.do(t, request{method: "POST", path: "/api/v1/account/signing-keys", body: `{"vkey":"` + vkey + `"}`, cookie: person})
		if sub.status != 201 {
			t.Fatalf("submit: %d %s", sub.status, sub.body)
		}
		ks := jsonOf[accord.KeySubmission](t, sub, "submission")
		if ks.State != "KZ" || ks.Person != "Aigerim Example" || ks.Fingerprint == "" {
			t.Fatalf("submission %+v", ks)
		}
		keys := f.do(t, request{path: "/organizations/SCO/signing-keys", cookie: sec})
		if !strings.Contains(keys.body, "Aigerim Example · KZ") {
			t.Errorf("the signing-keys page does not list the pending key")
		}
		confirm := "/api/v1/organizations/SCO/signing-keys/submissions/" + itoa(ks.ID) + "/confirm"
		before := f.state(t)
		wrong := f.do(t, request{method: "POST", path: confirm, body: `{"fingerprint":"AAAA-BBBB"}`, cookie: sec})
		if wrong.status != 400 || !strings.Contains(wrong.body, `"field": "fingerprint"`) {
			t.Errorf("wrong fingerprint: %d %s", wrong.status, wrong.body)
		}
		if after := f.state(t); after != before {
			t.Errorf("a wrong fingerprint changed the database: %+v, then %+v", before, after)
		}
		ok := f.do(t, request{method: "POST", path: confirm, body: `{"fingerprint":"` + strings.ToLower(strings.ReplaceAll(ks.Fingerprint, "-", " ")) + `"}`, cookie: sec})
		if ok.status != 201 {
			t.Fatalf("confirm: %d %s", ok.status, ok.body)
		}
		k := jsonOf[accord.SigningKey](t, ok, "key")
		if k.UserID != u.ID || k.State != "KZ" || k.Fingerprint != ks.Fingerprint || k.LogIndex < 0 {
			t.Errorf("enrolled %+v", k)
		}
		if twice := f.do(t, request{method: "POST", path: confirm, body: `{"fingerprint":"` + ks.Fingerprint + `"}`, cookie: sec}); twice.status != 409 {
			t.Errorf("second confirmation: %d, want 409", twice.status)
		}

		// The secretariat sees the account's sessions.
		page := f.do(t, request{path: base, cookie: sec})
		if n := len(jsonOf[[]json.RawMessage](t, page, "sessions")); n != 1 {
			t.Errorf("%d sessions, want 1", n)
		}

		// A reset ends the sessions; the next sign-in must set up a new
		// factor.
		if r := f.do(t, request{method: "POST", path: base + "/totp/reset", cookie: sec}); r.status != 200 {
			t.Fatalf("reset: %d %s", r.status, r.body)
		}
		if got := f.do(t, request{path: "/api/v1/account", cookie: person}); got.status != 401 {
			t.Errorf("a session outlived the reset: %d", got.status)
		}
		login := f.do(t, request{method: "POST", path: "/api/v1/login", body: `{"email":"aigerim@example.org","password":"a long enough password"}`})
		if !strings.Contains(login.body, "totp_setup_required") {
			t.Errorf("after a reset the sign-in does not ask for a new factor: %s", login.body)
		}

		// Disabling ends sessions and tokens at once, and no new one opens.
		e, err := f.auth.BeginTOTP(&u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.auth.ConfirmTOTP(ctx, &u, e.Secret, f.code(t, e.Secret)); err != nil {
			t.Fatal(err)
		}
		fresh, err := f.db.FindUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		cookie, _, err := f.auth.StartSession(ctx, fresh, true, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := f.auth.CreateToken(ctx, fresh, "script", accord.ScopeRead, 30)
		if err != nil {
			t.Fatal(err)
		}
		if r := f.do(t, request{method: "POST", path: base + "/disable", cookie: sec}); r.status != 200 {
			t.Fatalf("disable: %d %s", r.status, r.body)
		}
		if got := f.do(t, request{path: "/api/v1/account", cookie: cookie}); got.status != 401 {
			t.Errorf("a session outlived the disable: %d", got.status)
		}
		if got := f.do(t, request{path: "/api/v1/account", header: map[string]string{"Authorization": "Bearer " + tok}}); got.status != 401 {
			t.Errorf("a token outlived the disable: %d", got.status)
		}
		if _, _, err := f.auth.StartSession(ctx, fresh, true, "127.0.0.1", "test"); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("a disabled account opened a session: %v", err)
		}

		// Every step is in the audit trail.
		records, _, err := f.db.ListAudit(ctx, accord.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range records {
			seen[r.Action] = true
		}
		for _, a := range []string{"invitation.create", "invitation.accept", "grant.create", "key_submission.create", "signing_key.enrol",
			"key_submission.confirm", "user.totp_reset", "user.disable", "session.revoke_all"} {
			if !seen[a] {
				t.Errorf("no audit record %s", a)
			}
		}
	})
}

// TestAccountAdministrationRefusals checks each bad input of the issue:
// every one is refused with its status and field, and the database is
// unchanged after it.
func TestAccountAdministrationRefusals(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		sec := f.session(t, roleSecretariat)
		used := f.invite(t, sec, "SCO", `{"name":"Used Invitation","email":"used@example.org"}`)
		if res, _ := f.accept(t, used); res.status != 201 {
			t.Fatalf("accept: %d %s", res.status, res.body)
		}
		expired := f.invite(t, sec, "SCO", `{"name":"Late Person","email":"late@example.org"}`)
		offer := f.do(t, request{path: "/api/v1/invitations/" + expired})
		secret := jsonOf[string](t, offer, "authenticator_key")
		taken := f.invite(t, sec, "SCO", `{"name":"Taken Address","email":"taken@example.org"}`)
		tokenOffer := f.do(t, request{path: "/api/v1/invitations/" + taken})
		takenSecret := jsonOf[string](t, tokenOffer, "authenticator_key")
		// The address gets an account another way before the link is used.
		if _, err := f.auth.Enrol(context.Background(), &accord.User{Name: "Taken Address", Email: "taken@example.org"}, nil); err != nil {
			t.Fatal(err)
		}
		head := "/api/v1/organizations/SCO/accounts/" + itoa(f.users[roleHead].ID)
		clk.Advance(accord.InvitationDays*24*time.Hour + time.Second)
		// Sessions opened after the week, which ended the older ones.
		sec = f.session(t, roleSecretariat)
		headCookie := f.session(t, roleHead)
		cases := []struct {
			name   string
			req    request
			status int
			field  string
		}{
			{"an invitation for an e-mail that has an account", request{method: "POST", path: "/api/v1/organizations/SCO/invitations",
				body: `{"name":"Someone","email":"` + strings.ToUpper(f.users[roleHead].Email) + `"}`, cookie: sec}, 409, "email"},
			{"an invitation with a malformed e-mail", request{method: "POST", path: "/api/v1/organizations/SCO/invitations",
				body: `{"name":"Someone","email":"not an address"}`, cookie: sec}, 400, "email"},
			{"an invitation to another organization", request{method: "POST", path: "/api/v1/organizations/OTS/invitations",
				body: `{"name":"Someone","email":"someone@example.org"}`, cookie: sec}, 403, ""},
			{"a grant outside the granter's organization", request{method: "POST", path: "/api/v1/organizations/OTS/accounts/" + itoa(f.users[roleOtherOrg].ID) + "/grants",
				body: `{"role":"observer"}`, cookie: sec}, 403, ""},
			{"a grant naming another organization", request{method: "POST", path: head + "/grants",
				body: `{"role":"observer","organization":"OTS"}`, cookie: sec}, 403, "organization"},
			{"an unknown role", request{method: "POST", path: head + "/grants", body: `{"role":"emperor"}`, cookie: sec}, 400, "role"},
			{"the administrator role", request{method: "POST", path: head + "/grants", body: `{"role":"administrator"}`, cookie: sec}, 400, "role"},
			{"an unknown state", request{method: "POST", path: head + "/grants", body: `{"role":"head_of_delegation","state":"QQ"}`, cookie: sec}, 400, "state"},
			{"a malformed state", request{method: "POST", path: head + "/grants", body: `{"role":"head_of_delegation","state":"kz"}`, cookie: sec}, 400, "state"},
			{"an unknown body", request{method: "POST", path: head + "/grants", body: `{"role":"chair_officer","state":"KZ","body":"NOPE"}`, cookie: sec}, 400, "body"},
			{"a role without its state", request{method: "POST", path: head + "/grants", body: `{"role":"delegation_officer"}`, cookie: sec}, 400, "state"},
			{"a used invitation", request{method: "POST", path: "/api/v1/invitations/" + used,
				body: `{"password":"a long enough password","code":"123456"}`}, 409, ""},
			{"an expired invitation", request{method: "POST", path: "/api/v1/invitations/" + expired,
				body: `{"password":"a long enough password","code":"` + f.code(t, secret) + `"}`}, 409, ""},
			{"an expired invitation's link", request{path: "/api/v1/invitations/" + expired}, 409, ""},
			{"an invitation whose address has an account now", request{method: "POST", path: "/api/v1/invitations/" + taken,
				body: `{"password":"a long enough password","code":"` + f.code(t, takenSecret) + `"}`}, 409, ""},
			{"an unknown invitation", request{method: "POST", path: "/api/v1/invitations/inv_unknown",
				body: `{"password":"a long enough password","code":"123456"}`}, 404, ""},
			{"a malformed key", request{method: "POST", path: "/api/v1/account/signing-keys", body: `{"vkey":"not a key"}`, cookie: headCookie}, 400, "vkey"},
		}
		for _, c := range cases {
			before := f.state(t)
			res := f.do(t, c.req)
			if res.status != c.status {
				t.Errorf("%s: %d, want %d\n%.300s", c.name, res.status, c.status, res.body)
			}
			if c.field != "" && !strings.Contains(res.body, `"field": "`+c.field+`"`) {
				t.Errorf("%s: the answer does not name %s: %s", c.name, c.field, res.body)
			}
			if after := f.state(t); after != before {
				t.Errorf("%s changed the database: %+v, then %+v", c.name, before, after)
			}
		}
	})
}

// walkAccounts takes the account routes through to success for
// TestOpenAPIWalk, which checks each answer against the document.
func walkAccounts(t *testing.T, w *walker) {
	const api = "/api/v1"
	f := w.f
	sec := f.session(t, roleSecretariat)
	res := w.send("invitation_create", sec, api+"/organizations/SCO/invitations", `{"name":"Walk Person","email":"walk@example.org"}`, 201)
	_, token, _ := strings.Cut(jsonOf[string](t, res, "link"), "/invitations/")
	w.send("org_accounts", sec, api+"/organizations/SCO/accounts", "", 200)
	offer := w.send("invitation", "", api+"/invitations/"+token, "", 200)
	acc := w.send("invitation_accept", "", api+"/invitations/"+token,
		`{"password":"a long enough password","code":"`+f.code(t, jsonOf[string](t, offer, "authenticator_key"))+`"}`, 201)
	person := cookieOf(acc)
	base := api + "/organizations/SCO/accounts/" + itoa(jsonOf[accord.User](t, acc, "user").ID)
	w.send("org_account", sec, base, "", 200)
	g := w.send("grant_create", sec, base+"/grants", `{"role":"head_of_delegation","state":"KG"}`, 201)
	_, vkey, err := note.GenerateKey(rand.Reader, "walk-head")
	if err != nil {
		t.Fatal(err)
	}
	sub := w.send("signing_key_submit", person, api+"/account/signing-keys", `{"vkey":"`+vkey+`"}`, 201)
	ks := jsonOf[accord.KeySubmission](t, sub, "submission")
	w.send("signing_key_confirm", sec, api+"/organizations/SCO/signing-keys/submissions/"+itoa(ks.ID)+"/confirm", `{"fingerprint":"`+ks.Fingerprint+`"}`, 201)
	w.send("signing_keys", sec, api+"/organizations/SCO/signing-keys", "", 200)
	w.send("grant_revoke", sec, base+"/grants/"+strconv.FormatInt(jsonOf[accord.User](t, g, "user").Grants[0].ID, 10)+"/revoke", "", 200)
	w.send("account_totp_reset", sec, base+"/totp/reset", "", 200)
	w.send("account_disable", sec, base+"/disable", "", 200)
}
