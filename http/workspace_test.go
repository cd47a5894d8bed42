package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

var workspacePlaceholder = regexp.MustCompile(`\{(membership|item|head):([^}]+)\}`)

// expandWorkspace replaces the workspace matrix's placeholders with ids:
// {membership:ORG/STATE} (the state's latest membership),
// {item:ORG/BODY/N/POSITION} (an agenda item) and
// {head:ORG/BODY/N/STATE} (the head of a state's delegation).
func (f *fixture) expandWorkspace(t *testing.T, s string) string {
	t.Helper()
	ctx := context.Background()
	return workspacePlaceholder.ReplaceAllStringFunc(s, func(m string) string {
		p := workspacePlaceholder.FindStringSubmatch(m)
		parts := strings.Split(p[2], "/")
		var id int64
		if p[1] == "membership" {
			ms, err := f.db.ListMemberships(ctx, parts[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, ms := range ms {
				if ms.State == parts[1] {
					id = ms.ID
				}
			}
		} else {
			n, _ := strconv.Atoi(parts[2])
			meeting, err := f.db.FindMeeting(ctx, parts[0], parts[1], n)
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			if p[1] == "item" {
				items, err := f.db.ListAgenda(ctx, meeting.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range items {
					if strconv.Itoa(a.Position) == parts[3] {
						id = a.ID
					}
				}
			} else {
				ds, err := f.db.ListDelegations(ctx, meeting.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range ds {
					if d.State == parts[3] {
						id = d.Head.ID
					}
				}
			}
		}
		if id == 0 {
			t.Fatalf("nothing is %s", m)
		}
		return strconv.FormatInt(id, 10)
	})
}

// workspaceMatrix says who may use the workspace's routes. Writes are sent
// with input that fails validation (400) or a rule (409) after the policy,
// so that a role that passes the policy shows it without changing anything.
func workspaceMatrix() map[string][]matrixCase {
	const (
		sco     = "/organizations/SCO"
		pgm     = sco + "/bodies/PGM"
		xxii    = pgm + "/meetings/22"
		india   = xxii + "/delegations/{delegation:SCO/PGM/22/IN}"
		indiaHd = india + "/participants/{head:SCO/PGM/22/IN}"
		first   = xxii + "/agenda/{item:SCO/PGM/22/1}"
	)
	secretariat := func(status int) map[string]int { return every(403, rolePublic, 401, roleSecretariat, status) }
	// XXII was held in Kyrgyzstan's term: Pakistan's chair officer, in
	// office since, does not edit it (TestChairEditsOnlyOwnTerm shows them
	// editing a meeting of their own term).
	meetingEditors := secretariat
	indiaEditors := func(status int) map[string]int {
		return every(403, rolePublic, 401, roleDelegation, status, roleSecretariat, status)
	}
	return map[string][]matrixCase{
		"organization_new":    {{path: "/organizations/new", want: every(403, rolePublic, 401, roleSecretariat, 200, roleAdmin, 200)}},
		"organization_create": {{method: "POST", path: "/organizations", body: `{"code":"CIS"}`, want: every(403, rolePublic, 401, roleSecretariat, 400, roleAdmin, 400)}},
		"organization_edit":   {{path: sco + "/edit", want: secretariat(200)}},
		"organization_update": {{method: "POST", path: sco, body: `{"names":{"en":""}}`, want: secretariat(400)}},

		"memberships": {
			{path: sco + "/memberships?status=member&standing=current", want: every(200)},
			{path: sco + "/memberships?standing=soon", want: every(400)},
		},
		"membership_create": {{method: "POST", path: sco + "/memberships", body: `{"state":"IN","status":"member"}`, want: secretariat(400)}},
		"membership_edit":   {{path: sco + "/memberships/{membership:SCO/IN}/edit", want: secretariat(200)}},
		"membership_update": {{method: "POST", path: sco + "/memberships/{membership:SCO/IN}", body: `{"from":""}`, want: secretariat(400)}},
		"membership_end":    {{method: "POST", path: sco + "/memberships/{membership:SCO/IN}/end", body: `{"until":"2001-01-01"}`, want: secretariat(400)}},

		"body_new":    {{path: sco + "/bodies/new", want: secretariat(200)}},
		"body_create": {{method: "POST", path: sco + "/bodies", body: `{"code":"PGM","names":{"en":"Again"}}`, want: secretariat(409)}},
		"body_edit":   {{path: pgm + "/edit", want: secretariat(200)}},
		"body_update": {{method: "POST", path: pgm, body: `{"names":{"en":""}}`, want: secretariat(400)}},

		"meeting_new":    {{path: pgm + "/meetings/new", want: secretariat(200)}},
		"meeting_create": {{method: "POST", path: pgm + "/meetings", body: `{"number":22,"host":"PK","start":"2025-07-01","end":"2025-07-01"}`, want: secretariat(409)}},
		"meeting_edit":   {{path: xxii + "/edit", want: meetingEditors(200)}},
		"meeting_update": {{method: "POST", path: xxii, body: `{"end":"2024-07-24"}`, want: meetingEditors(400)}},
		// Only the secretariat cancels: the chair officer who edits a
		// meeting of their term does not (TestMeetingCancellation).
		"meeting_cancellation": {{path: xxii + "/cancel", want: secretariat(200)}},
		"meeting_cancel":       {{method: "POST", path: xxii + "/cancel", body: `{"reason":"` + strings.Repeat("x", 501) + `"}`, want: secretariat(400)}},
		"meeting_reinstate":    {{method: "POST", path: xxii + "/reinstate", want: secretariat(409)}},

		"agenda":              {{path: xxii + "/agenda", want: every(200)}},
		"agenda_item_create":  {{method: "POST", path: xxii + "/agenda", body: `{"kind":"lunch","title":{"en":"Lunch"}}`, want: meetingEditors(400)}},
		"agenda_items_create": {{method: "POST", path: xxii + "/agenda/several", body: `{"kind":"statement","titles":"\n"}`, want: meetingEditors(400)}},
		"agenda_item_edit":    {{path: first + "/edit", want: meetingEditors(200)}},
		"agenda_item_update":  {{method: "POST", path: first, body: `{"title":{"en":""}}`, want: meetingEditors(400)}},
		// The opening has a statement attached, so it is not deleted.
		"agenda_item_delete": {{method: "POST", path: first + "/delete", want: meetingEditors(409)}},
		"agenda_item_move":   {{method: "POST", path: first + "/move", body: `{"direction":"up"}`, want: meetingEditors(400)}},

		"delegations":        {{path: xxii + "/delegations?party=state", want: every(200)}},
		"delegation_create":  {{method: "POST", path: xxii + "/delegations", body: `{"state":"IN"}`, want: indiaEditors(400)}},
		"delegation":         {{path: india, want: every(200)}},
		"participant_add":    {{method: "POST", path: india + "/participants", body: `{"name":""}`, want: indiaEditors(400)}},
		"participant_edit":   {{path: indiaHd + "/edit", want: indiaEditors(200)}},
		"participant_update": {{method: "POST", path: indiaHd, body: `{"name":"","title":{"en":""}}`, want: indiaEditors(400)}},
		"participant_remove": {{method: "POST", path: indiaHd + "/delete", want: indiaEditors(409)}},
	}
}

// counts is what a refused write must leave as it was: the length of the
// audit trail, which every change adds to, and the records the workspace
// edits.
func counts(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	ctx := context.Background()
	_, n, err := db.ListAudit(ctx, accord.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	orgs, _ := db.ListOrganizations(ctx)
	ms, _ := db.ListMemberships(ctx, "SCO")
	bodies, _ := db.ListBodies(ctx, "SCO")
	meetings, err := db.ListMeetings(ctx, accord.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	state := []any{n, orgs, ms, bodies, meetings}
	for _, m := range meetings {
		agenda, _ := db.ListAgenda(ctx, m.ID)
		ds, _ := db.ListDelegations(ctx, m.ID)
		state = append(state, agenda, ds)
	}
	b, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func decode[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(res.body), &v); err != nil {
		t.Fatalf("%d %s: %v", res.status, res.body, err)
	}
	return v
}

// TestWorkspaceMeetingXXIII walks the secretariat's job through the API: a
// new meeting of the SCO body hosted by Pakistan, an agenda of three items
// reordered, a delegation with a member; then the chair officer edits the
// meeting, and the public reads it all.
func TestWorkspaceMeetingXXIII(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec, chair, india := f.session(t, roleSecretariat), f.session(t, roleChair), f.session(t, roleDelegation)
		post := func(cookie, path, body string, want int) response {
			t.Helper()
			res := f.do(t, request{method: "POST", path: "/api/v1" + path, body: body, cookie: cookie})
			if res.status != want {
				t.Fatalf("POST %s: %d, want %d\n%s", path, res.status, want, res.body)
			}
			return res
		}
		pgm := "/organizations/SCO/bodies/PGM"
		m := decode[accord.Meeting](t, post(sec, pgm+"/meetings", `{"number":"23","host":"PK","city":{"en":"Islamabad","ru":"Исламабад"},
			"start":"2025-09-10","end":"2025-09-11","format":"in_person","theme":{"en":"<script>alert(1)</script>","zh":"合作"}}`, 201))
		if m.Number != 23 || m.Status != accord.Planned || m.Chair != "" || m.City["ru"] != "Исламабад" {
			t.Fatalf("meeting XXIII: %+v", m)
		}
		xxiii := pgm + "/meetings/XXIII"
		var items []accord.AgendaItem
		for _, title := range []string{"Opening", "Statements of the heads of delegation", "Signing of the protocol"} {
			items = append(items, decode[accord.AgendaItem](t, post(sec, xxiii+"/agenda", `{"kind":"other","title":{"en":"`+title+`"}}`, 201)))
		}
		for i, a := range items {
			if a.Position != i+1 {
				t.Errorf("item %d at %d", i+1, a.Position)
			}
		}
		// Signing moves up by the button, then to the top by a drop.
		post(chair, fmt.Sprintf("%s/agenda/%d/move", xxiii, items[2].ID), `{"direction":"up"}`, 200)
		agenda := decode[[]accord.AgendaItem](t, post(chair, fmt.Sprintf("%s/agenda/%d/move", xxiii, items[2].ID), `{"position":1}`, 200))
		var order []string
		for _, a := range agenda {
			order = append(order, fmt.Sprintf("%s@%d", a.Title["en"], a.Position))
		}
		if got := strings.Join(order, ", "); got != "Signing of the protocol@1, Opening@2, Statements of the heads of delegation@3" {
			t.Errorf("agenda after moves: %s", got)
		}
		post(chair, fmt.Sprintf("%s/agenda/%d/move", xxiii, items[2].ID), `{"direction":"up"}`, 400)

		d := decode[accord.Delegation](t, post(india, xxiii+"/delegations", `{"state":"IN","head":{"title":{"en":"Attorney General of India"}}}`, 201))
		post(f.session(t, roleOtherOrg), xxiii+"/delegations", `{"state":"AZ","head":{"name":"X"}}`, 403)
		post(india, xxiii+"/delegations", `{"state":"PK","head":{"name":"X"}}`, 403)
		post(india, fmt.Sprintf("%s/delegations/%d/participants", xxiii, d.ID), `{"name":"R. Venkataramani","title":{"en":"Adviser"}}`, 201)

		post(chair, xxiii, `{"venue":{"en":"Jinnah Convention Centre"},"status":"in_session"}`, 200)
		res := f.do(t, request{path: "/api/v1" + xxiii})
		v := decode[struct {
			Meeting     accord.Meeting
			Agenda      []accord.AgendaItem
			Delegations []accord.Delegation
		}](t, res)
		if v.Meeting.Venue["en"] != "Jinnah Convention Centre" || v.Meeting.Status != accord.InSession || v.Meeting.City["en"] != "Islamabad" ||
			len(v.Agenda) != 3 || len(v.Delegations) != 1 || len(v.Delegations[0].Members) != 1 {
			t.Errorf("the public's meeting XXIII: %s", res.body)
		}
		page := f.do(t, request{path: xxiii})
		if !strings.Contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(page.body, "<script>alert") {
			t.Errorf("the theme is not escaped on the page")
		}
		recs, _, err := db.ListAudit(context.Background(), accord.AuditFilter{Action: "agenda_item.move"})
		if err != nil || len(recs) != 2 || !strings.Contains(recs[0].Actor, f.users[roleChair].Email) {
			t.Errorf("audit of the moves: %v %+v", err, recs)
		}
	})
}

// TestWorkspaceBadInput sends bad writes through the API and checks the
// status, the field blamed, and that nothing changed.
func TestWorkspaceBadInput(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/organizations/SCO/bodies/PGM"
		meeting := `"host":"PK","start":"2025-09-10","end":"2025-09-11"`
		before := counts(t, db)
		for _, c := range []struct {
			name, path, body string
			status           int
			field            string
		}{
			{"dates out of order", pgm + "/meetings", `{"number":23,"host":"PK","start":"2025-09-10","end":"2025-09-09"}`, 400, "end"},
			{"date that does not exist", pgm + "/meetings", `{"number":23,"host":"PK","start":"2025-02-30","end":"2025-09-09"}`, 400, "start"},
			{"unknown language", pgm + "/meetings", `{"number":23,` + meeting + `,"theme":{"xx":"Theme"}}`, 400, "theme.xx"},
			{"malformed language", pgm + "/meetings", `{"number":23,` + meeting + `,"theme":{"EN":"Theme"}}`, 400, "theme.EN"},
			{"meeting number already used", pgm + "/meetings", `{"number":22,` + meeting + `}`, 409, "number"},
			{"number that is not a number", pgm + "/meetings", `{"number":"XXIII",` + meeting + `}`, 400, "number"},
			{"unknown host", pgm + "/meetings", `{"number":23,"host":"FR","start":"2025-09-10","end":"2025-09-11"}`, 400, "host"},
			{"unknown chair", pgm + "/meetings", `{"number":23,` + meeting + `,"chair":"FR"}`, 400, "chair"},
			{"unknown format", pgm + "/meetings", `{"number":23,` + meeting + `,"format":"letter"}`, 400, "format"},
			{"list where a text goes", pgm + "/meetings", `{"number":23,` + meeting + `,"theme":["x"]}`, 400, "theme"},
			{"edit into reversed dates", pgm + "/meetings/22", `{"start":"2024-07-26"}`, 400, "end"},
			{"edit into a used number", pgm + "/meetings/22", `{"number":21}`, 409, "number"},
			{"unknown speaker", pgm + "/meetings/22/agenda", `{"kind":"report","title":{"en":"Report"},"speaker_id":"999999"}`, 400, "speaker_id"},
			{"agenda item without title", pgm + "/meetings/22/agenda", `{"kind":"report"}`, 400, "title"},
			{"membership of unknown state", "/organizations/SCO/memberships", `{"state":"FR","status":"member","from":"2020-01-01"}`, 400, "state"},
			{"overlapping membership", "/organizations/SCO/memberships", `{"state":"IN","status":"observer","from":"2020-01-01"}`, 409, "from"},
			{"membership ending before it starts", "/organizations/SCO/memberships", `{"state":"FR","status":"partner","from":"2020-01-01","until":"2019-01-01"}`, 400, "until"},
			{"organization with an unknown language", "/organizations", `{"code":"CIS","names":{"en":"CIS"},"official_languages":"ru, xx"}`, 400, "official_languages"},
			{"duplicate organization", "/organizations", `{"code":"SCO","names":{"en":"SCO"}}`, 409, "code"},
			{"body with a bad code", "/organizations/SCO/bodies", `{"code":"pg m","names":{"en":"X"}}`, 400, "code"},
			{"delegation of a state with one already", pgm + "/meetings/22/delegations", `{"state":"IN","head":{"name":"X"}}`, 409, "state"},
			{"delegation of an unknown organ", pgm + "/meetings/22/delegations", `{"organ":"NOPE","head":{"name":"X"}}`, 400, "organ"},
			{"delegation without a head", pgm + "/meetings/22/delegations", `{"state":"BY"}`, 400, "head.title"},
			{"page that does not exist", pgm + "/meetings/22/agenda/999999/move", `{"position":1}`, 404, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := f.do(t, request{method: "POST", path: "/api/v1" + c.path, body: c.body, cookie: sec})
				var e struct{ Error struct{ Field string } }
				json.Unmarshal([]byte(res.body), &e)
				if res.status != c.status || e.Error.Field != c.field {
					t.Errorf("%d field %q, want %d field %q\n%s", res.status, e.Error.Field, c.status, c.field, res.body)
				}
				if after := counts(t, db); after != before {
					t.Errorf("the database changed:\n%s\n%s", before, after)
				}
			})
		}
		if res := f.do(t, request{path: "/api/v1" + pgm + "/meetings/22"}); !strings.Contains(res.body, `"number": 22`) || !strings.Contains(res.body, `"end": "2024-07-25"`) {
			t.Errorf("meeting XXII after refused edits: %.400s", res.body)
		}
	})
}

// postForm submits an HTML form as a browser does, without following the
// redirect.
func (f *fixture) postForm(t *testing.T, cookie, path string, form url.Values) response {
	t.Helper()
	r, err := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

// TestWorkspaceForms submits the pages' forms without JavaScript: a
// refused form comes back with what was typed and the error next to the
// field; an accepted one redirects to what it changed.
func TestWorkspaceForms(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/organizations/SCO/bodies/PGM"
		form := url.Values{"number": {"23"}, "host": {"PK"}, "city.en": {"Islamabad"}, "city.ru": {""}, "start": {"2025-09-10"}, "end": {"2025-09-01"},
			"format": {"hybrid"}, "theme.en": {"Justice <b>together</b>"}, "chair": {""}, "status": {"planned"}, "note": {""}}
		before := counts(t, db)
		res := f.postForm(t, sec, pgm+"/meetings", form)
		if res.status != 400 {
			t.Fatalf("refused form: %d", res.status)
		}
		for _, want := range []string{`value="Islamabad"`, `value="Justice &lt;b&gt;together&lt;/b&gt;"`, `<option value="hybrid" selected>`, `role="alert"`,
			`name="end" value="2025-09-01" required aria-invalid="true" aria-describedby="form-organizations-SCO-bodies-PGM-meetings-error form-organizations-SCO-bodies-PGM-meetings-end-hint"`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("refused form lacks %s\n%s", want, res.body)
			}
		}
		if after := counts(t, db); after != before {
			t.Errorf("a refused form changed the database")
		}
		form.Set("end", "2025-09-11")
		res = f.postForm(t, sec, pgm+"/meetings", form)
		if res.status != 303 || res.header.Get("Location") != pgm+"/meetings/23" {
			t.Fatalf("accepted form: %d %s", res.status, res.header.Get("Location"))
		}

		// The agenda, reordered by its buttons.
		agenda := pgm + "/meetings/23/agenda"
		for _, title := range []string{"First", "Second"} {
			if res := f.postForm(t, sec, agenda, url.Values{"kind": {"other"}, "title.en": {title}, "speaker_id": {""}}); res.status != 303 {
				t.Fatalf("add %s: %d %s", title, res.status, res.body)
			}
		}
		page := f.do(t, request{path: agenda, cookie: sec})
		second := regexp.MustCompile(`action="(`+regexp.QuoteMeta(agenda)+`/(\d+)/move)"`).FindAllStringSubmatch(page.body, -1)
		if len(second) != 2 || !strings.Contains(page.body, `<script src="/static/agenda.js" defer></script>`) {
			t.Fatalf("agenda page for the secretariat: %s", page.body)
		}
		res = f.postForm(t, sec, second[1][1], url.Values{"direction": {"up"}})
		if res.status != 303 || res.header.Get("Location") != agenda+"#item-"+second[1][2] {
			t.Fatalf("move up: %d %s", res.status, res.header.Get("Location"))
		}
		page = f.do(t, request{path: agenda, cookie: sec})
		if strings.Index(page.body, ">Second<") > strings.Index(page.body, ">First<") {
			t.Errorf("Second is not first after moving up")
		}
		res = f.postForm(t, sec, second[1][1], url.Values{"direction": {"up"}})
		if res.status != 400 || !strings.Contains(res.body, "The item is first already.") {
			t.Errorf("moving the first item up: %d", res.status)
		}
		// A refusal without a form of its own shows above the agenda.
		res = f.postForm(t, f.session(t, roleObserver), second[0][1], url.Values{"direction": {"down"}})
		if res.status != 403 || !strings.Contains(res.body, `<p class="error" role="alert">You may not do this.</p>`) {
			t.Errorf("an observer's move: %d", res.status)
		}
		public := f.do(t, request{path: agenda})
		if public.status != 200 || strings.Contains(public.body, "/move") || strings.Contains(public.body, "<script") {
			t.Errorf("the public's agenda offers changes or script")
		}
	})
}

// TestIdempotencyKey retries writes with an Idempotency-Key: the first
// answer comes back and nothing more changes.
func TestIdempotencyKey(t *testing.T) {
	// The database keeps time by the test's clock, which moves.
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		sec := f.session(t, roleSecretariat)
		path := "/api/v1/organizations/SCO/bodies/PGM/meetings/22/agenda"
		send := func(cookie, key, body string) response {
			return f.do(t, request{method: "POST", path: path, body: body, cookie: cookie, header: map[string]string{"Idempotency-Key": key}})
		}
		body := `{"kind":"closing","title":{"en":"Closing"}}`
		first := send(sec, "add-closing", body)
		before := counts(t, db)
		again := send(sec, "add-closing", body)
		if first.status != 201 || again.status != 201 || again.body != first.body || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry: %d %d %q\n%s\n%s", first.status, again.status, again.header.Get("Idempotent-Replayed"), first.body, again.body)
		}
		if counts(t, db) != before {
			t.Error("a retry changed the database")
		}
		if res := send(sec, "add-closing", `{"kind":"closing","title":{"en":"Other"}}`); res.status != 409 || !strings.Contains(res.body, `"Idempotency-Key"`) {
			t.Errorf("key reused for another request: %d %s", res.status, res.body)
		}
		// A refusal is an answer too, and is replayed.
		bad := send(sec, "bad", `{"kind":"lunch","title":{"en":"Lunch"}}`)
		if again := send(sec, "bad", `{"kind":"lunch","title":{"en":"Lunch"}}`); bad.status != 400 || again.status != 400 || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("refusal retried: %d %d", bad.status, again.status)
		}
		// The key is the user's: another secretariat officer's same key is
		// another.
		hash, _ := auth.HashPassword(testPassword, cheapPasswords)
		colleague := &accord.User{Name: "Another officer", Email: "colleague@example.org", Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "SCO"}}}
		if err := db.CreateUser(context.Background(), colleague, hash); err != nil {
			t.Fatal(err)
		}
		token, _, err := f.auth.StartSession(context.Background(), colleague, true, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if res := send(token, "add-closing", body); res.status != 201 || res.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("another user's key: %d %s", res.status, res.body)
		}
		if res := send(sec, strings.Repeat("k", 300), body); res.status != 400 {
			t.Errorf("overlong key: %d", res.status)
		}
		items, _ := db.ListAgenda(context.Background(), decode[accord.AgendaItem](t, first).MeetingID)
		closings := 0
		for _, a := range items {
			if a.Title["en"] == "Closing" {
				closings++
			}
		}
		if closings != 2 {
			t.Errorf("closing items: %d, want 2 (one per user)", closings)
		}
		clk.Advance(accord.IdempotencyTTL + time.Minute)
		if res := send(f.session(t, roleSecretariat), "add-closing", body); res.status != 201 || res.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("a key replayed after a day: %d %q %s", res.status, res.header.Get("Idempotent-Replayed"), res.body)
		}
	})
}

// TestWorkspaceLists filters and pages the workspace's lists.
func TestWorkspaceLists(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		type list struct {
			Page struct{ Page, Pages, Total int }
		}
		for _, c := range []struct {
			path    string
			status  int
			total   int
			lacks   string
			contain string
		}{
			{"/organizations/SCO/memberships?state=IN", 200, 1, `"state": "PK"`, `"state": "IN"`},
			{"/organizations/SCO/memberships?status=observer", 200, -1, `"status": "member"`, `"status": "observer"`},
			{"/organizations/SCO/memberships?page=99", 400, 0, "", `"field": "page"`},
			{"/organizations/SCO/bodies/PGM/meetings?year=2024", 200, 1, "", `"number": 22`},
			{"/organizations/SCO/bodies/PGM/meetings?year=2024&status=planned", 200, 0, `"number": 22`, ""},
			{"/organizations/SCO/bodies/PGM/meetings?host=KG&status=concluded", 200, -1, `"host": "PK"`, `"host": "KG"`},
			{"/organizations/SCO/bodies/PGM/meetings?year=MMXXIV", 400, 0, "", `"field": "year"`},
			{"/organizations/SCO/bodies/PGM/meetings?status=cancelled", 400, 0, "", `"field": "status"`},
			{"/organizations/SCO/bodies/PGM/meetings/22/delegations?state=IN", 200, 1, `"state": "PK"`, `"state": "IN"`},
			{"/organizations/SCO/bodies/PGM/meetings/22/delegations?party=organ", 200, 0, "", ""},
		} {
			res := f.do(t, request{path: "/api/v1" + c.path, cookie: sec})
			if res.status != c.status || (c.lacks != "" && strings.Contains(res.body, c.lacks)) || !strings.Contains(res.body, c.contain) {
				t.Errorf("%s: %d\n%.600s", c.path, res.status, res.body)
				continue
			}
			if c.status == 200 && c.total >= 0 {
				if got := decode[list](t, res).Page.Total; got != c.total {
					t.Errorf("%s: %d in all, want %d", c.path, got, c.total)
				}
			}
		}
		// 25 observers make two pages.
		ctx := context.Background()
		for i := range 25 {
			code := fmt.Sprintf("X%c", 'A'+i)
			if err := db.CreateState(ctx, &accord.State{Code: code, Names: accord.Text{"en": "State " + code}}); err != nil {
				t.Fatal(err)
			}
			if err := db.AddMembership(ctx, &accord.Membership{Organization: "SCO", State: code, Status: accord.Observer}); err != nil {
				t.Fatal(err)
			}
		}
		res := f.do(t, request{path: "/organizations/SCO/memberships?status=observer", cookie: sec})
		if !strings.Contains(res.body, `rel="next"`) || !strings.Contains(res.body, "page=2") || strings.Contains(res.body, `rel="prev"`) {
			t.Errorf("first page of observers lacks a link to the next:\n%s", res.body)
		}
		res = f.do(t, request{path: "/api/v1/organizations/SCO/memberships?status=observer&page=2"})
		if p := decode[list](t, res).Page; p.Page != 2 || p.Pages != 2 || p.Total < 25 {
			t.Errorf("second page: %+v", p)
		}
	})
}

// TestWorkspaceLinks checks that pages offer the workspace's forms to
// those who may use them, and to nobody else.
func TestWorkspaceLinks(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, c := range []struct {
			path, link string
			roles      []string
		}{
			{"/organizations", `href="/organizations/new"`, []string{roleSecretariat, roleAdmin}},
			{"/organizations/SCO", `href="/organizations/SCO/edit"`, []string{roleSecretariat}},
			{"/organizations/SCO/bodies", `href="/organizations/SCO/bodies/new"`, []string{roleSecretariat}},
			{"/organizations/SCO/bodies/PGM", `href="/organizations/SCO/bodies/PGM/meetings/new"`, []string{roleSecretariat}},
			{"/organizations/SCO/bodies/PGM/meetings/22", `href="/organizations/SCO/bodies/PGM/meetings/22/edit"`, []string{roleSecretariat}},
			// India's officer has no state left to register at XXII, where
			// India has its delegation, and is offered the form at XXI.
			{"/organizations/SCO/bodies/PGM/meetings/22/delegations", `method="post" action="/organizations/SCO/bodies/PGM/meetings/22/delegations"`, []string{roleSecretariat}},
			{"/organizations/SCO/bodies/PGM/meetings/21/delegations", `method="post" action="/organizations/SCO/bodies/PGM/meetings/21/delegations"`, []string{roleSecretariat, roleDelegation}},
			{"/organizations/SCO/memberships", `method="post" action="/organizations/SCO/memberships"`, []string{roleSecretariat}},
		} {
			for _, role := range matrixRoles {
				res := f.do(t, request{path: c.path, cookie: f.session(t, role)})
				want := false
				for _, r := range c.roles {
					want = want || r == role
				}
				if got := strings.Contains(res.body, c.link); got != want || res.status != 200 {
					t.Errorf("%s as %s: %d, offers %s: %v, want %v", c.path, role, res.status, c.link, got, want)
				}
			}
		}
		// A delegation officer registers only their own state.
		res := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/21/delegations", cookie: f.session(t, roleDelegation)})
		if !strings.Contains(res.body, `<option value="IN"`) || strings.Contains(res.body, `<option value="PK"`) || strings.Contains(res.body, `name="organ"`) {
			t.Errorf("the delegation officer's form offers other parties")
		}
		// The secretariat is not offered a state registered already.
		res = f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/22/delegations", cookie: f.session(t, roleSecretariat)})
		if strings.Contains(res.body, `<option value="IN"`) {
			t.Errorf("the registration form offers India, registered at XXII already")
		}
	})
}
