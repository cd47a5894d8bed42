package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDeclinedDelegationNotCounted: once India declines its invitation to
// meeting XXIII, the meeting's lists leave it out (the meeting page, the
// speakers, the authors and recipients of a new document, the signatories,
// the floor), while the delegations step still shows its answer; Pakistan,
// whose invitation waits for an answer, still counts.
func TestDeclinedDelegationNotCounted(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/organizations/SCO/bodies/PGM"
		xxiii := pgm + "/meetings/23"
		if r := f.do(t, request{method: "POST", path: "/api/v1" + pgm + "/meetings", cookie: sec,
			body: `{"number":23,"host":"PK","start":"2025-09-10","end":"2025-09-11","city":{"en":"Islamabad (demo)"}}`}); r.status != 201 {
			t.Fatalf("meeting: %d %s", r.status, r.body)
		}
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		if err != nil {
			t.Fatal(err)
		}
		res := f.do(t, request{method: "POST", path: "/api/v1" + xxiii + "/delegations/invite", cookie: sec, body: `{"states":["IN","PK","KZ"]}`})
		ds := decode[[]accord.Delegation](t, res)
		if res.status != 201 || len(ds) != 3 {
			t.Fatalf("invitations: %d %s", res.status, res.body)
		}
		id := map[string]int64{}
		for _, d := range ds {
			id[d.State] = d.ID
		}
		// Kazakhstan accepts; India declines; Pakistan does not answer.
		if r := f.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1%s/delegations/%d/answer", xxiii, id["KZ"]), cookie: sec,
			body: `{"head":{"name":"Berik Asylov"}}`}); r.status != 200 {
			t.Fatalf("answer: %d %s", r.status, r.body)
		}
		if r := f.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1%s/delegations/%d/decline", xxiii, id["IN"]), cookie: sec, body: `{}`}); r.status != 200 {
			t.Fatalf("decline: %d %s", r.status, r.body)
		}
		item := &accord.AgendaItem{MeetingID: m.ID, Position: 1, Kind: accord.AgendaStatement, Title: accord.Text{"en": "Statements"}}
		if err := db.AddAgendaItem(ctx, item); err != nil {
			t.Fatal(err)
		}
		doc := &accord.Document{Reference: "SCO/PGM/23/PROTOCOL", Kind: accord.DocProtocol, Classification: accord.Public, AuthorKind: accord.AuthorChair,
			Links: []accord.DocumentLink{{MeetingID: m.ID}}, Versions: []accord.DocumentVersion{
				{Lang: "ru", Title: "Протокол", Body: "Текст."}, {Lang: "zh", Title: "纪要", Body: "文本。"}}}
		if err := db.CreateDocument(ctx, doc); err != nil {
			t.Fatal(err)
		}

		lacksIndia := func(what, body string, others ...string) {
			t.Helper()
			if strings.Contains(body, "India") {
				t.Errorf("%s names India, which declined", what)
			}
			for _, o := range others {
				if !strings.Contains(body, o) {
					t.Errorf("%s lacks %q", what, o)
				}
			}
		}
		lacksIndia("the meeting page", f.do(t, request{path: xxiii}).body, "Pakistan", "Berik Asylov")
		lacksIndia("the agenda's speakers", f.do(t, request{path: xxiii + "/agenda", cookie: sec}).body, "Berik Asylov")
		newDoc := f.do(t, request{path: fmt.Sprintf("/documents/new?meeting=%d", m.ID), cookie: sec}).body
		lacksIndia("the new document's authors and recipients", newDoc, `name="recipients" value="PK"`, `name="recipients" value="KZ"`)
		signing := f.do(t, request{path: fmt.Sprintf("/documents/%d/signing", doc.ID), cookie: sec}).body
		// The signatories are the members on the meeting's first day less
		// India: ten then, so nine.
		lacksIndia("the signatories", signing, "Signatories: 9", "Pakistan")
		// The delegations step keeps India, with its answer.
		if step := f.do(t, request{path: xxiii + "/delegations", cookie: sec}).body; !strings.Contains(step, "India") {
			t.Errorf("the delegations step no longer shows India's declined invitation")
		}

		// India's delegation officer is refused the floor, and nothing
		// changes; Pakistan, not answered yet, asks.
		api := "/api/v1" + xxiii + "/sitting"
		for _, body := range []string{`{"kind":"session_opened"}`, fmt.Sprintf(`{"kind":"item_opened","item":%d}`, item.ID)} {
			if r := f.do(t, request{method: "POST", path: api, cookie: sec, body: body}); r.status != 200 {
				t.Fatalf("%s: %d %s", body, r.status, r.body)
			}
		}
		before := counts(t, db)
		if r := f.do(t, request{method: "POST", path: api, cookie: sec, body: `{"kind":"floor_requested","state":"IN"}`}); r.status != 400 || !strings.Contains(r.body, "has no delegation at the meeting") {
			t.Errorf("India asked for the floor: %d %s", r.status, r.body)
		}
		if after := counts(t, db); after != before {
			t.Errorf("a refused request changed the database")
		}
		if r := f.do(t, request{method: "POST", path: api, cookie: sec, body: `{"kind":"floor_requested","state":"PK"}`}); r.status != 200 {
			t.Errorf("Pakistan, not answered yet, was refused the floor: %d %s", r.status, r.body)
		}
	})
}
