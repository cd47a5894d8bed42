package http_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

// walker sends requests that succeed, and checks each answer against the
// operation of the route that served it.
type walker struct {
	t      *testing.T
	f      *fixture
	doc    openAPIDoc
	routes map[string]accordhttp.Route
	seen   map[string]bool
}

// send makes a request to route name, which must answer want, and checks
// the answer against the document.
func (w *walker) send(name, cookie, path, body string, want int, header ...string) response {
	w.t.Helper()
	rt, ok := w.routes[name]
	if !ok {
		w.t.Fatalf("no route %s", name)
	}
	req := request{method: rt.Method, path: path, body: body, cookie: cookie, header: map[string]string{}}
	for i := 0; i+1 < len(header); i += 2 {
		req.header[header[i]] = header[i+1]
	}
	res := w.f.do(w.t, req)
	if res.status != want {
		w.t.Fatalf("%s %s %s: %d, want %d\n%.500s", name, rt.Method, path, res.status, want, res.body)
	}
	w.check(name, path, res)
	return res
}

func (w *walker) check(name, path string, res response) {
	w.t.Helper()
	rt := w.routes[name]
	op := w.doc.operation(rt.Method, docPath(servedPattern(rt)))
	if op == nil {
		w.t.Errorf("no operation for %s", name)
		return
	}
	checkAnswer(w.t, w.doc.raw, name+" "+path, op["responses"].(map[string]any), res)
	w.seen[name] = true
}

func jsonField[T any](t *testing.T, res response, name string) T {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(res.body), &m); err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(m[name], &v); err != nil {
		t.Fatalf("%s: %v in %s", name, err, res.body)
	}
	return v
}

// TestOpenAPIWalk runs every write and account route through to success,
// as the workspace, the documents and the sign-in flows use them, and
// checks each answer against the document: the authorization matrix,
// which TestOpenAPIAnswersAsDescribed follows, mostly stops writes at
// their refusals, so their successes are checked here.
func TestOpenAPIWalk(t *testing.T) {
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	f := newFixture(t, db, newClock())
	w := &walker{t: t, f: f, doc: fetchOpenAPI(t, f.srv.URL), routes: map[string]accordhttp.Route{}, seen: map[string]bool{}}
	h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: f.auth})
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range h.Routes() {
		w.routes[rt.Name] = rt
	}
	const api = "/api/v1"
	sec, head := f.session(t, roleSecretariat), f.session(t, roleHead)

	// Setup: a state with a council's own Russian name, and an account
	// made by the administrator.
	admin := f.session(t, roleAdmin)
	w.send("state_create", admin, api+"/states", `{"code":"GE","names":{"ru":"Грузия"}}`, 201)
	w.send("user_create", admin, api+"/users", `{"name":"New Secretary","email":"new.secretary@example.org","role":"secretariat","organization":"OTS"}`, 201)

	// Organizations, memberships and bodies.
	w.send("organization_create", sec, api+"/organizations", `{"code":"CIS","names":{"en":"Commonwealth of Independent States"},"official_languages":"ru"}`, 201)
	w.send("organization_update", sec, api+"/organizations/SCO", `{"working_languages":"en","translation_languages":""}`, 200)
	ms := w.send("membership_create", sec, api+"/organizations/SCO/memberships", `{"state":"TR","status":"partner","from":"2030-01-01"}`, 201)
	membership := api + "/organizations/SCO/memberships/" + itoa(jsonField[int64](t, ms, "id"))
	w.send("membership_update", sec, membership, `{"from":"2030-02-01"}`, 200)
	w.send("membership_end", sec, membership+"/end", `{"until":"2031-01-01"}`, 200)
	w.send("body_create", sec, api+"/organizations/SCO/bodies", `{"code":"MJ","names":{"en":"Meeting of the Ministers of Justice"}}`, 201)
	w.send("body_update", sec, api+"/organizations/SCO/bodies/MJ", `{"names":{"en":"Meeting of Ministers of Justice"}}`, 200)

	// A meeting, its agenda and a delegation.
	pgm := api + "/organizations/SCO/bodies/PGM"
	w.send("meeting_create", sec, pgm+"/meetings", `{"number":"24","host":"PK","start":"2025-09-10","end":"2025-09-11","theme":{"en":"Cooperation"}}`, 201)
	xxiii := pgm + "/meetings/XXIV"
	w.send("meeting_update", sec, xxiii, `{"venue":{"en":"Jinnah Convention Centre"}}`, 200)
	var items []int64
	for _, title := range []string{"Opening", "Closing"} {
		items = append(items, jsonField[int64](t, w.send("agenda_item_create", sec, xxiii+"/agenda", `{"kind":"other","title":{"en":"`+title+`"}}`, 201), "id"))
	}
	w.send("agenda_item_update", sec, xxiii+"/agenda/"+itoa(items[0]), `{"kind":"opening"}`, 200)
	w.send("agenda_item_move", sec, xxiii+"/agenda/"+itoa(items[1])+"/move", `{"direction":"up"}`, 200)
	w.send("agenda_item_delete", sec, xxiii+"/agenda/"+itoa(items[1])+"/delete", "", 200)
	w.send("agenda_items_create", sec, xxiii+"/agenda/several", `{"kind":"other","titles":"Any other business\nClosing"}`, 201)
	del := w.send("delegation_create", sec, xxiii+"/delegations", `{"state":"IN","head":{"title":{"en":"Attorney General of India"}}}`, 201)
	delegation := xxiii + "/delegations/" + itoa(jsonField[int64](t, del, "id"))
	member := w.send("participant_add", sec, delegation+"/participants", `{"name":"A. Adviser"}`, 201)
	participant := delegation + "/participants/" + itoa(jsonField[int64](t, member, "id"))
	w.send("participant_update", sec, participant, `{"title":{"en":"Adviser"}}`, 200)
	w.send("participant_remove", sec, participant+"/delete", "", 200)
	walkDelegationsBulk(w, sec, xxiii)
	w.send("meeting_cancel", sec, xxiii+"/cancel", `{"reason":"Postponed at the host's request"}`, 200)
	w.send("meeting_reinstate", sec, xxiii+"/reinstate", "", 200)
	w.send("chair_handover", sec, pgm+"/chairs/handover", `{"to":"TJ","reason":"Decided by the meeting","date":"2025-03-01"}`, 200)
	w.send("chair_handover_preview", sec, pgm+"/chairs/handover/preview?meeting=24", "", 200)
	w.send("chair_rule", sec, pgm+"/rule", "", 200)
	rule := `{"kind":"alphabetical","lang":"ru","eligibility":"members_day_before","term":"meeting","term_months":12,"wait_days":0,"effective_from":null}`
	w.send("chair_rule_set", sec, pgm+"/rule", rule, 200)
	w.send("chair_rule_form", sec, pgm+"/rule", rule, 200)
	mj := api + "/organizations/SCO/bodies/MJ"
	w.send("chair_term_create", sec, mj+"/chairs", `{"state":"KZ","from":"2020-01-01","until":"2021-01-01","basis":"decision","reason":"founding meeting"}`, 201)
	w.send("chair_terms_import", sec, mj+"/chairs/import", `{"csv":"state,from,until,meeting,basis,reason\nCN,2021-01-01,2022-01-01,,decision,host\n"}`, 201)

	// A document, its versions, links and files.
	xxii, err := db.FindMeeting(t.Context(), "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	m23, err := db.FindMeeting(t.Context(), "SCO", "PGM", 24)
	if err != nil {
		t.Fatal(err)
	}
	created := w.send("document_create", sec, api+"/documents", `{"meeting_id":`+itoa(xxii.ID)+`,"author":"secretariat","reference":"SCO/PGM/22/DECISION",`+
		`"kind":"declaration","classification":"public","lang":"ru","title":"Решение","body":"Текст."}`, 201)
	doc := api + "/documents/" + itoa(jsonField[accord.Document](t, created, "document").ID)
	w.send("document_update", sec, doc, `{"kind":"other"}`, 200)
	w.send("document_version_add", sec, doc+"/versions", `{"lang":"zh","title":"决定","body":"文本。"}`, 201)
	w.send("document_link", sec, doc+"/links", `{"meeting_id":"`+itoa(m23.ID)+`"}`, 200)
	w.send("document_unlink", sec, doc+"/links/"+itoa(m23.ID)+"/delete", "", 200)
	body, hdr := upload(t, map[string]string{"lang": "ru"}, "decision.pdf", samplePDF)
	up := w.send("attachment_upload", sec, doc+"/attachments", body, 201, "Content-Type", hdr["Content-Type"])
	att := jsonField[accord.Attachment](t, up, "attachment")
	file := "/documents/" + itoa(att.DocumentID) + "/attachments/" + itoa(att.ID)
	w.send("attachment", "", file, "", 206, "Range", "bytes=0-3")
	w.send("attachment", "", file, "", 304, "If-None-Match", `"`+att.SHA256+`"`)
	w.send("attachment", "", file, "", 416, "Range", "bytes=100000-")
	body, hdr = upload(t, map[string]string{"alt.en": "The prosecutors in Bishkek"}, "bishkek.png", samplePNG(t, 8, 6))
	w.send("photo_upload", sec, api+"/documents/"+itoa(f.docs["KABAR/2024-07-25"])+"/photos", body, 201, "Content-Type", hdr["Content-Type"])

	// The same document signed: a key enrolled, the document opened for
	// signature, signed by Pakistan's head of delegation.
	skey, vkey, err := translog.NewKey("pk-head")
	if err != nil {
		t.Fatal(err)
	}
	key := w.send("signing_key_enrol", sec, api+"/organizations/SCO/signing-keys",
		`{"vkey":"`+vkey+`","state":"PK","person":"Attorney General for Pakistan","valid_from":"2025-01-01"}`, 201)
	w.send("signing_open", sec, doc+"/signing", "", 201)
	stmt := w.send("signing_statement", head, strings.TrimPrefix(doc, api)+"/statement", "", 200)
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := translog.SignStatement([]byte(stmt.body), signer)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := json.Marshal(map[string]string{"signature": string(signed)})
	w.send("signature_add", head, doc+"/signatures", string(sig), 201)
	w.send("signing_key_revoke", sec, api+"/organizations/SCO/signing-keys/"+itoa(jsonField[accord.SigningKey](t, key, "key").ID)+"/revoke", `{"reason":"lost"}`, 200)
	// The demo's XXIII draft: its silence withdrawn, the Chinese text
	// reviewed and a third revision circulated, then adopted in session.
	draftID := loadDemoDraft(t, f)
	adoption := api + "/documents/" + itoa(draftID) + "/adoption"
	w.send("adoption_close", sec, adoption+"/close", `{"result":"withdrawn","note":"Demo: withdrawn."}`, 200)
	finalizeDemoDraft(t, db, draftID)
	w.send("adoption_open", sec, adoption, `{"method":"in_session"}`, 201)
	w.send("adoption_position", head, adoption+"/positions", `{"kind":"reservation","text":"Demo: an invented reservation."}`, 200)
	w.send("adoption_close", sec, adoption+"/close", `{"result":"adopted"}`, 200)
	w.send("attachment_withdraw", sec, doc+"/attachments/"+itoa(att.ID)+"/withdraw", `{"reason":"superseded"}`, 200)
	w.send("document_withdraw", sec, doc+"/withdraw", `{"reason":"superseded"}`, 200)

	// Signing in: the password, the second factor, its setup.
	secret := f.enrolTOTP(t, roleSecretariat)
	login := w.send("login", "", api+"/login", `{"email":"`+f.users[roleSecretariat].Email+`","password":"`+testPassword+`"}`, 200)
	pending := cookieOf(login)
	w.send("totp_form", pending, api+"/login/totp", "", 200)
	w.send("totp", pending, api+"/login/totp", `{"code":"`+f.code(t, secret)+`"}`, 200)
	enrolling := cookieOf(w.send("login", "", api+"/login", `{"email":"`+f.users[roleHead].Email+`","password":"`+testPassword+`"}`, 200))
	setup := w.send("totp_setup_form", enrolling, api+"/account/totp", "", 200)
	s := jsonField[string](t, setup, "secret")
	w.send("totp_setup", enrolling, api+"/account/totp", `{"code":"`+f.code(t, s)+`"}`, 200)

	// The account: tokens, passkeys, the password.
	press := f.session(t, rolePress)
	tok := w.send("token_create", press, api+"/account/tokens", `{"name":"script","scope":"write","expires_in_days":"30"}`, 201)
	tokens := jsonField[[]accord.Token](t, tok, "tokens")
	w.send("token_revoke", press, api+"/account/tokens/"+itoa(tokens[0].ID)+"/revoke", "", 200)
	a := newAuthenticator(t)
	b := f.browser(press)
	begin := b.post(t, api+"/account/passkeys/begin", "")
	w.check("passkey_begin", "", begin)
	finish := b.post(t, api+"/account/passkeys/finish", a.register(t, begin))
	if finish.status != 201 {
		t.Fatalf("passkey_finish: %d %s", finish.status, finish.body)
	}
	w.check("passkey_finish", "", finish)
	signedIn := signIn(t, f.browser(""), a, answer{})
	if signedIn.status != 200 {
		t.Fatalf("passkey_login_finish: %d %s", signedIn.status, signedIn.body)
	}
	w.check("passkey_login_finish", "", signedIn)
	w.send("passkey_delete", press, api+"/account/passkeys/"+itoa(jsonField[accord.Passkey](t, finish, "passkey").ID)+"/delete", "", 200)
	w.send("password", press, api+"/account/password", `{"current_password":"`+testPassword+`","new_password":"another long enough password"}`, 200)

	walkAccounts(t, w)
	walkDrafting(w)
	walkSitting(w, sec)
	walkFollowUp(w)

	for name := range w.routes {
		if !w.seen[name] && !matrixSucceeds(name) {
			t.Errorf("route %s: no successful answer is checked against the document, here or in the authorization matrix", name)
		}
	}
}

// matrixSucceeds tells whether the authorization matrix has a role that
// succeeds on the route, so that TestOpenAPIAnswersAsDescribed checks its
// answer.
func matrixSucceeds(name string) bool {
	for _, m := range []map[string][]matrixCase{matrix(), signingMatrix(), documentsMatrix(), workspaceMatrix(), draftingMatrix(), adoptionMatrix(), searchMatrix(), feedsMatrix(), documentPDFMatrix()} {
		for _, c := range m[name] {
			for _, status := range c.want {
				if status < 300 {
					return true
				}
			}
		}
	}
	return false
}
