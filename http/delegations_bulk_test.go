package http_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// delegationBulkMatrix says who may register delegations in bulk and
// answer an invitation. Writes carry input that fails validation after
// the policy.
func delegationBulkMatrix() map[string][]matrixCase {
	const (
		xxii  = "/organizations/SCO/bodies/PGM/meetings/22"
		india = xxii + "/delegations/{delegation:SCO/PGM/22/IN}"
	)
	inviters := func(status int) map[string]int {
		return every(403, rolePublic, 401, roleDelegation, status, roleSecretariat, status)
	}
	return map[string][]matrixCase{
		"delegations_bulk":        {{path: xxii + "/delegations/invite", want: inviters(200)}},
		"delegations_bulk_create": {{method: "POST", path: xxii + "/delegations/invite", body: `{"states":[]}`, want: inviters(400)}},
		"delegation_answer_edit":  {{path: india + "/answer", want: inviters(200)}},
		"delegation_answer":       {{method: "POST", path: india + "/answer", body: `{"head":{"name":""}}`, want: inviters(400)}},
		// India's delegation at XXII was registered by hand: no invitation
		// to decline, which only those the policy allows learn.
		"delegation_decline": {{method: "POST", path: india + "/decline", body: `{}`, want: inviters(409)}},
	}
}

// TestDelegationsInBulk registers the delegations of meeting XXIII from
// the roll in one step, shows each refusal naming the state and changing
// nothing, and has a delegation officer answer the invitation.
func TestDelegationsInBulk(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		ctx := context.Background()
		pgm := "/organizations/SCO/bodies/PGM"
		f.do(t, request{method: "POST", path: "/api/v1" + pgm + "/meetings", cookie: sec,
			body: `{"number":23,"host":"PK","start":"2025-09-10","end":"2025-09-11","city":{"en":"Islamabad (demo)"}}`})
		xxiii := pgm + "/meetings/23"
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		if err != nil {
			t.Fatal(err)
		}
		roll, err := db.MembersOn(ctx, "SCO", m.Start)
		if err != nil {
			t.Fatal(err)
		}
		var members []string
		for _, ms := range roll {
			if ms.Status == accord.Member {
				members = append(members, ms.State)
			}
		}

		// Item 5: before any delegation, the agenda form says why no
		// speaker can be picked, and links to the delegations.
		agenda := f.do(t, request{path: xxiii + "/agenda", cookie: sec})
		for _, want := range []string{"None yet: register the delegations first", `<a href="` + xxiii + `/delegations">Register the delegations first</a>`} {
			if !strings.Contains(agenda.body, want) {
				t.Errorf("the agenda form without delegations lacks %q", want)
			}
		}

		// The form offers the roll on the meeting's date, full members
		// ticked, and no state of the table that is not on it.
		page := f.do(t, request{path: xxiii + "/delegations/invite", cookie: sec})
		for _, st := range members {
			if want := `name="states" value="` + st + `" checked`; !strings.Contains(page.body, want) {
				t.Errorf("the form does not tick member %s", st)
			}
		}
		if strings.Contains(page.body, `value="TR"`) || strings.Contains(page.body, `value="HU"`) {
			t.Errorf("the form offers states that are not on the SCO's roll")
		}
		if n := strings.Count(page.body, `name="states"`); n != len(roll) {
			t.Errorf("the form offers %d states, the roll has %d", n, len(roll))
		}

		api := "/api/v1" + xxiii + "/delegations/invite"
		before := counts(t, db)
		for _, c := range []struct {
			name, body string
			status     int
			inMessage  string
		}{
			{"no state", `{"states":[]}`, 400, "choose at least one state"},
			{"a state not on the roll", `{"states":["IN","TR"]}`, 400, "Türkiye is not a member"},
			{"a code that is not one", `{"states":["india"]}`, 400, "not a state code"},
			{"a list of numbers", `{"states":[1]}`, 400, "must be a string"},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := f.do(t, request{method: "POST", path: api, body: c.body, cookie: sec})
				if res.status != c.status || !strings.Contains(res.body, c.inMessage) || !strings.Contains(res.body, `"field": "states`) {
					t.Errorf("%d %s, want %d with %q", res.status, res.body, c.status, c.inMessage)
				}
				if after := counts(t, db); after != before {
					t.Errorf("the database changed")
				}
			})
		}

		body := `{"states":["` + strings.Join(members, `","`) + `"]}`
		res := f.do(t, request{method: "POST", path: api, body: body, cookie: sec})
		ds := decode[[]accord.Delegation](t, res)
		if res.status != 201 || len(ds) != len(members) {
			t.Fatalf("bulk registration: %d %s", res.status, res.body)
		}
		if agenda := f.do(t, request{path: xxiii + "/agenda", cookie: sec}); strings.Contains(agenda.body, "register the delegations first") || !strings.Contains(agenda.body, "Head of delegation (") {
			t.Errorf("the agenda form does not offer the registered heads as speakers")
		}
		// Again, one state registered now: refused by name, nothing stored.
		before = counts(t, db)
		res = f.do(t, request{method: "POST", path: api, body: `{"states":["` + members[0] + `"]}`, cookie: sec})
		name := roll[slices.IndexFunc(roll, func(ms *accord.MemberState) bool { return ms.State == members[0] })].Names.Get("en")
		if res.status != 409 || !strings.Contains(res.body, name+" has a delegation at this meeting already") {
			t.Errorf("a registered state: %d %s", res.status, res.body)
		}
		if after := counts(t, db); after != before {
			t.Errorf("the database changed")
		}
		// The same refusal on the page, in Russian, with the ticks kept.
		form := url.Values{"states": {members[0], members[1]}}
		res = f.do(t, request{method: "POST", path: xxiii + "/delegations/invite?lang=ru", cookie: sec, body: form.Encode(),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
		if res.status != 409 || !strings.Contains(res.body, "делегация на этом совещании уже зарегистрирована") {
			t.Errorf("the page's refusal: %d %s", res.status, res.body)
		}
		page = f.do(t, request{path: xxiii + "/delegations/invite", cookie: sec})
		if strings.Contains(page.body, `name="states"`) != (len(roll) > len(members)) {
			t.Errorf("the form still offers registered states")
		}

		// India's delegation officer answers India's invitation.
		var india accord.Delegation
		for _, d := range ds {
			if d.State == "IN" {
				india = d
			}
		}
		if india.ID == 0 {
			t.Fatalf("India is not among %v", members)
		}
		officer := f.session(t, roleDelegation)
		answer := fmt.Sprintf("%s/delegations/%d/answer", xxiii, india.ID)
		// The invitation waits on India's officer's desk, not on the
		// secretariat's, which sent it.
		if desk := f.do(t, request{path: "/desk", cookie: officer}); !strings.Contains(desk.body, `<a href="`+answer+`">Answer the invitation of India</a>`) ||
			!strings.Contains(desk.body, "Meeting XXIII: accept and name the head and the members, or decline.") {
			t.Errorf("India's officer's desk does not list the invitation:\n%s", desk.body)
		}
		if desk := f.do(t, request{path: "/desk?lang=zh", cookie: officer}); !strings.Contains(desk.body, "第二十三次会议") {
			t.Errorf("the desk in Chinese does not number the meeting in Chinese")
		}
		if desk := f.do(t, request{path: "/desk", cookie: sec}); strings.Contains(desk.body, "/answer") {
			t.Errorf("the secretariat's desk lists invitations to answer")
		}
		if p := f.do(t, request{path: answer, cookie: officer}); p.status != 200 || !strings.Contains(p.body, `name="head.name"`) {
			t.Errorf("the answer form: %d", p.status)
		}
		before = counts(t, db)
		res = f.do(t, request{method: "POST", path: "/api/v1" + answer, cookie: officer, body: `{"head":{"name":"","title":{"en":"Attorney General"}},"members":["A. Adviser, Adviser"]}`})
		if res.status != 400 || !strings.Contains(res.body, `"field": "head.name"`) || counts(t, db) != before {
			t.Errorf("an answer without the head's name: %d %s", res.status, res.body)
		}
		// A field the answer has no place for is refused, with the reason on
		// the page, and nothing changes.
		res = f.do(t, request{method: "POST", path: answer, cookie: officer, body: url.Values{"head.name": {"X"}, "head.age": {"40"}}.Encode(),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
		if res.status != 400 || !strings.Contains(res.body, `id="answer-error"`) || counts(t, db) != before {
			t.Errorf("an answer with an unknown field: %d, says why: %v", res.status, strings.Contains(res.body, `id="answer-error"`))
		}
		form = url.Values{"head.name": {"Example Name (demo)"}, "head.title.en": {"Attorney General (demo)"}, "head.names.ru": {"Пример Имени (демо)"},
			"members": {"A. Adviser, Adviser\r\n\r\n, Interpreter\r\n"}}
		res = f.do(t, request{method: "POST", path: answer, cookie: officer, body: form.Encode(),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
		if res.status != 303 || res.header.Get("Location") != fmt.Sprintf("%s/delegations/%d", xxiii, india.ID) {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
		d, err := db.FindDelegation(ctx, india.ID)
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, p := range d.Members {
			labels = append(labels, p.Label("en"))
		}
		if d.Head.Label("en") != "Example Name (demo), Attorney General (demo)" || strings.Join(labels, "; ") != "A. Adviser, Adviser; Interpreter" {
			t.Errorf("answered: %s; %v", d.Head.Label("en"), labels)
		}
		if d.Invitation != accord.InvitationAccepted {
			t.Errorf("India's invitation after the answer: %q, want accepted", d.Invitation)
		}
		if d.Head.Label("ru") != "Пример Имени (демо), Attorney General (demo)" {
			t.Errorf("the head's name in Russian: %q", d.Head.Label("ru"))
		}
		if desk := f.do(t, request{path: "/desk", cookie: officer}); strings.Contains(desk.body, answer) {
			t.Errorf("the answered invitation stays on the desk")
		}
		// Every bulk delegation starts as an invitation sent; one registered
		// by hand is none.
		for _, dd := range ds {
			if dd.Invitation != accord.InvitationSent {
				t.Errorf("%s registered in bulk: invitation %q, want sent", dd.State, dd.Invitation)
			}
		}

		// Declining: Pakistan's officer would; here the secretariat answers
		// for Pakistan from the page, and the meeting's delegations step
		// shows each invitation's state and the counts.
		var pk accord.Delegation
		for _, dd := range ds {
			if dd.State == "PK" {
				pk = dd
			}
		}
		decline := fmt.Sprintf("%s/delegations/%d/decline", xxiii, pk.ID)
		if r := f.do(t, request{method: "POST", path: "/api/v1" + decline, cookie: officer, body: `{}`}); r.status != 403 {
			t.Errorf("India's officer declined for Pakistan: %d", r.status)
		}
		if p := f.do(t, request{path: fmt.Sprintf("%s/delegations/%d/answer", xxiii, pk.ID), cookie: sec}); !strings.Contains(p.body, `action="`+decline+`"`) || !strings.Contains(p.body, "Invitation: <strong>sent, no answer yet</strong>") {
			t.Errorf("the answer page offers no decline:\n%s", p.body)
		}
		res = f.postForm(t, sec, decline, url.Values{})
		if res.status != 303 || res.header.Get("Location") != xxiii+"/delegations" {
			t.Fatalf("decline: %d %s", res.status, res.header.Get("Location"))
		}
		if d, err := db.FindDelegation(ctx, pk.ID); err != nil || d.Invitation != accord.InvitationDeclined {
			t.Errorf("Pakistan after declining: %v %q", err, d.Invitation)
		}
		step := f.do(t, request{path: xxiii + "/delegations?lang=ru", cookie: sec, header: map[string]string{"Cookie": "accord_flash=delegation_decline"}})
		for _, want := range []string{
			"Ваш ответ записан: приглашение отклонено.",
			"<dt>Ждут ответа</dt><dd>" + itoa(int64(len(ds)-2)) + "</dd>", "<dt>Приняли</dt><dd>1</dd>", "<dt>Отклонили</dt><dd>1</dd>",
			"<td>отклонено</td>", "<td>принято</td>", "<td>отправлено, ответа пока нет</td>",
		} {
			if !strings.Contains(step.body, want) {
				t.Errorf("the delegations step lacks %q", want)
			}
		}
		// Accepting after declining is still open.
		res = f.do(t, request{method: "POST", path: "/api/v1" + fmt.Sprintf("%s/delegations/%d/answer", xxiii, pk.ID), cookie: sec, body: `{"head":{"name":"Example Name (demo)"}}`})
		if d, err := db.FindDelegation(ctx, pk.ID); res.status != 200 || err != nil || d.Invitation != accord.InvitationAccepted {
			t.Errorf("accepting after declining: %d %q", res.status, d.Invitation)
		}
		// A delegation registered by hand has no invitation to answer, and
		// nothing changes.
		xxii := f.expand(t, "/organizations/SCO/bodies/PGM/meetings/22/delegations/{delegation:SCO/PGM/22/IN}")
		before = counts(t, db)
		for _, path := range []string{xxii + "/decline", xxii + "/answer"} {
			body := `{}`
			if strings.HasSuffix(path, "answer") {
				body = `{"head":{"name":"X"}}`
			}
			if r := f.do(t, request{method: "POST", path: "/api/v1" + path, cookie: sec, body: body}); r.status != 409 || !strings.Contains(r.body, "registered without an invitation") {
				t.Errorf("%s of a delegation registered by hand: %d %s", path, r.status, r.body)
			}
		}
		if counts(t, db) != before {
			t.Errorf("answering a delegation registered by hand changed the database")
		}
		// Pakistan's invitation is not India's officer's to answer.
		for _, dd := range ds {
			if dd.State == "PK" {
				if r := f.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1%s/delegations/%d/answer", xxiii, dd.ID), cookie: officer, body: `{"head":{"name":"X"}}`}); r.status != 403 {
					t.Errorf("India's officer answered for Pakistan: %d", r.status)
				}
			}
		}
	})
}

// walkDelegationsBulk checks the bulk registration's answers against the
// OpenAPI document, at meeting XXIV that the walk creates with India's
// delegation.
func walkDelegationsBulk(w *walker, cookie, meeting string) {
	w.send("delegations_bulk", cookie, meeting+"/delegations/invite", "", 200)
	res := w.send("delegations_bulk_create", cookie, meeting+"/delegations/invite", `{"states":["CN","PK"]}`, 201)
	ds := decode[[]accord.Delegation](w.t, res)
	if len(ds) != 2 {
		w.t.Fatalf("bulk registration: %s", res.body)
	}
	answer := fmt.Sprintf("%s/delegations/%d/answer", meeting, ds[0].ID)
	w.send("delegation_answer_edit", cookie, answer, "", 200)
	w.send("delegation_answer", cookie, answer, `{"head":{"name":"Example Name (demo)"},"members":["A. Adviser, Adviser"]}`, 200)
	w.send("delegation_decline", cookie, fmt.Sprintf("%s/delegations/%d/decline", meeting, ds[1].ID), `{}`, 200)
}
