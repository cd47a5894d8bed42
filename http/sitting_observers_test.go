package http_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestObserversAskHTTP runs the body setting through the real router on both
// engines: with it off, Mongolia's delegation (an observer of the SCO) is
// offered no form, and its request is refused with a 403 that names the
// rule in en, ru and zh and leaves the speakers list as it was; once the
// secretariat turns it on through the body API, the form is offered and
// the request is queued.
func TestObserversAskHTTP(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		sittingServer(t, f)
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		agenda, err := db.ListAgenda(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := db.ListDelegations(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		hasMN := false
		for _, d := range ds {
			hasMN = hasMN || d.State == "MN"
		}
		if !hasMN {
			d := &accord.Delegation{MeetingID: m.ID, State: "MN", Head: accord.Person{Title: accord.Text{"en": "Head of the delegation (illustration)"}}, Members: []accord.Person{}}
			if err := db.CreateDelegation(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		hash, err := auth.HashPassword(testPassword, cheapPasswords)
		if err != nil {
			t.Fatal(err)
		}
		u := &accord.User{Name: "head of Mongolia's delegation (illustration)", Email: "observer-head@example.org",
			Grants: []accord.Grant{{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "MN"}}}
		if err := db.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
		mongolia, _, err := f.auth.StartSession(ctx, u, true, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		sec := f.session(t, roleSecretariat)
		api := "/api/v1" + xxiiSitting
		post := func(path, cookie, body string) response {
			t.Helper()
			return f.do(t, request{method: "POST", path: path, body: body, cookie: cookie})
		}
		for _, body := range []string{`{"kind":"session_opened"}`, `{"kind":"item_opened","item":` + strconv.FormatInt(agenda[0].ID, 10) + `}`} {
			if res := post(api+"/sitting", sec, body); res.status != 200 {
				t.Fatalf("%s: %d %.300s", body, res.status, res.body)
			}
		}
		list := func() []accord.FloorRequest {
			t.Helper()
			st, err := db.Sitting(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return st.Lists[st.Item]
		}
		askAs := func() []string {
			t.Helper()
			var v struct {
				AskAs []struct{ State string } `json:"ask_as"`
			}
			res := f.do(t, request{path: api + "/sitting", cookie: mongolia})
			if err := json.Unmarshal([]byte(res.body), &v); err != nil {
				t.Fatalf("%v: %.300s", err, res.body)
			}
			var out []string
			for _, a := range v.AskAs {
				out = append(out, a.State)
			}
			return out
		}
		const form = `name="state" value="MN"`

		// Off, the default.
		if got := askAs(); len(got) != 0 {
			t.Errorf("with the setting off Mongolia is offered to ask for %v", got)
		}
		if page := f.do(t, request{path: xxiiSitting + "/sitting", cookie: mongolia}); page.status != 200 || strings.Contains(page.body, form) {
			t.Errorf("with the setting off the page (%d) offers Mongolia the ask form", page.status)
		}
		for _, tc := range []struct{ lang, want string }{
			{"en", "Only member states ask for the floor: this body does not let observers and guests ask."},
			{"ru", "Слово просят только государства-члены: этот орган не разрешает наблюдателям и гостям просить слова."},
			{"zh", "只有成员国可以请求发言：本机构不允许观察员和来宾请求发言。"},
		} {
			t.Run("refused in "+tc.lang, func(t *testing.T) {
				before, state := list(), sittingState(t, db, m.ID)
				res := post(xxiiSitting+"/sitting?lang="+tc.lang, mongolia, `{"kind":"floor_requested"}`)
				if res.status != 403 || !strings.Contains(res.body, tc.want) {
					t.Errorf("page: %d, want 403 saying %q\n%s", res.status, tc.want, res.body[strings.Index(res.body, "<main"):])
				}
				if after := list(); len(after) != len(before) || sittingState(t, db, m.ID) != state {
					t.Errorf("the refused request changed the list: %v → %v", before, after)
				}
			})
		}
		before := list()
		res := post(api+"/sitting", mongolia, `{"kind":"floor_requested","state":"MN"}`)
		var e struct {
			Error struct{ Field, Message string }
		}
		_ = json.Unmarshal([]byte(res.body), &e)
		if res.status != 403 || e.Error.Field != "state" || !strings.Contains(e.Error.Message, "observers and guests") {
			t.Errorf("API: %d %s, want 403 naming the rule on state", res.status, res.body)
		}
		// The secretariat asking for Mongolia is refused too: the rule is the
		// state's.
		if res := post(api+"/sitting", sec, `{"kind":"floor_requested","state":"MN"}`); res.status != 403 {
			t.Errorf("the secretariat asking for Mongolia: %d, want 403", res.status)
		}
		if after := list(); len(after) != len(before) {
			t.Errorf("refused requests changed the list: %v → %v", before, after)
		}

		// The secretariat's form for the body offers the setting, off.
		if page := f.do(t, request{path: "/organizations/SCO/bodies/PGM/edit", cookie: sec}); page.status != 200 ||
			!strings.Contains(page.body, `name="observers_may_ask"`) || !strings.Contains(page.body, `<option value="false" selected`) {
			t.Errorf("the body's edit form (%d) does not offer the setting, off", page.status)
		}
		// A bad value of the setting is refused and changes nothing.
		body := "/api/v1/organizations/SCO/bodies/PGM"
		if res := post(body, sec, `{"observers_may_ask":"maybe"}`); res.status != 400 {
			t.Errorf("observers_may_ask maybe: %d, want 400 %.300s", res.status, res.body)
		}
		if b, err := db.FindBody(ctx, "SCO", "PGM"); err != nil || b.ObserversMayAsk {
			t.Fatalf("after a refused update: %+v %v", b, err)
		}
		// Only the secretariat sets it.
		if res := post(body, mongolia, `{"observers_may_ask":true}`); res.status != 403 {
			t.Errorf("Mongolia setting it: %d, want 403", res.status)
		}
		// On.
		if res := post(body, sec, `{"observers_may_ask":true}`); res.status != 200 || !strings.Contains(res.body, `"observers_may_ask": true`) {
			t.Fatalf("setting it on: %d %.300s", res.status, res.body)
		}
		if got := askAs(); len(got) != 1 || got[0] != "MN" {
			t.Errorf("with the setting on Mongolia is offered %v, want MN", got)
		}
		if page := f.do(t, request{path: xxiiSitting + "/sitting", cookie: mongolia}); !strings.Contains(page.body, form) {
			t.Error("with the setting on the page offers Mongolia no ask form")
		}
		if res := post(api+"/sitting", mongolia, `{"kind":"floor_requested"}`); res.status != 200 {
			t.Fatalf("with the setting on: %d %.300s", res.status, res.body)
		}
		after := list()
		if len(after) != len(before)+1 || after[len(after)-1].State != "MN" {
			t.Errorf("speakers list %v, want Mongolia's request queued last", after)
		}
	})
}
