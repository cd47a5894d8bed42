package http_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestFollowUpStatusesOverHTTP sets a council's statuses through the API
// and the page's form: a delegation, a bad list and the removal of a
// status in use (409 naming it) change nothing; a report then takes only
// the council's statuses.
func TestFollowUpStatusesOverHTTP(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		ctx := context.Background()
		sec, deleg := f.session(t, roleSecretariat), f.session(t, roleDelegation)
		const api = "/api/v1"
		const page = "/organizations/SCO/follow-up/statuses"
		list := func() string {
			l, err := db.FollowUpStatuses(ctx, "SCO")
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(l)
		}
		ok := func(method, cookie, path, body string, status int) response {
			t.Helper()
			r := f.do(t, request{method: method, path: path, body: body, cookie: cookie})
			if r.status != status {
				t.Fatalf("%s %s: %d %s, want %d", method, path, r.status, r.body, status)
			}
			return r
		}
		doc := api + "/documents/" + itoa(f.docs["SCO/PGM/22/PROTOCOL"])
		ok("POST", sec, doc+"/measures", `{"number":"1","paragraph":"3","states":["IN"]}`, 201)
		obl := api + "/obligations/" + itoa(f.followUpID(t, "obligation", "1/IN")) + "/reports"
		ok("POST", deleg, obl, `{"status":"in_progress","texts":{"en":"Demo report."}}`, 201)

		set := ok("PUT", sec, api+page, `{"statuses":["not_started","in_progress","under_review","implemented"]}`, 200)
		if !strings.Contains(set.body, `"under_review"`) {
			t.Errorf("the answer to PUT: %s", set.body)
		}
		for _, c := range []struct {
			name, method, cookie, path, body, field, names string
			status                                         int
		}{
			{"a delegation", "PUT", deleg, api + page, `{"statuses":["not_started"]}`, "", "", 403},
			{"signed out", "PUT", "", api + page, `{"statuses":["not_started"]}`, "", "", 401},
			{"another council's secretariat", "PUT", sec, api + "/organizations/OTS/follow-up/statuses", `{"statuses":["not_started"]}`, "", "", 403},
			{"an unknown council", "PUT", sec, api + "/organizations/XXX/follow-up/statuses", `{"statuses":["not_started"]}`, "", "", 404},
			{"removing a status in use", "PUT", sec, api + page, `{"statuses":["not_started","under_review"]}`, "statuses", "in_progress", 409},
			{"a malformed name", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","Under Review"]}`, "statuses[2]", "", 400},
			{"without not_started", "PUT", sec, api + page, `{"statuses":["in_progress","implemented"]}`, "statuses", "", 400},
			{"a name twice", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","in_progress"]}`, "statuses[2]", "", 400},
			{"an empty list", "PUT", sec, api + page, `{"statuses":[]}`, "statuses", "", 400},
		} {
			before := list()
			r := f.do(t, request{method: c.method, path: c.path, body: c.body, cookie: c.cookie})
			if r.status != c.status || c.field != "" && !strings.Contains(r.body, `"field": "`+c.field+`"`) || !strings.Contains(r.body, c.names) {
				t.Errorf("%s: %d %s, want %d naming %s %s", c.name, r.status, r.body, c.status, c.field, c.names)
			}
			if got := list(); got != before {
				t.Errorf("%s changed the list: %s, was %s", c.name, got, before)
			}
		}
		if r := f.do(t, request{method: "POST", path: obl, body: `{"status":"partially_implemented","texts":{"en":"Demo."}}`, cookie: deleg}); r.status != 400 {
			t.Errorf("a report with a status the council dropped: %d, want 400", r.status)
		}
		ok("POST", deleg, obl, `{"status":"under_review","texts":{"en":"Demo report."}}`, 201)

		// The page, and its form as a browser without JavaScript sends it.
		for _, lang := range []string{"en", "ru", "zh"} {
			p := f.do(t, request{path: page + "?lang=" + lang, cookie: sec})
			if p.status != 200 || !strings.Contains(p.body, `<code>under_review</code>`) || !strings.Contains(p.body, `name="statuses"`) {
				t.Errorf("the page in %s: %d", lang, p.status)
			}
		}
		if p := f.do(t, request{path: page, cookie: deleg}); p.status != 200 || strings.Contains(p.body, `name="statuses"`) {
			t.Errorf("a delegation is offered the form: %d", p.status)
		}
		before := list()
		refused := f.postForm(t, sec, page, url.Values{"statuses": {"not_started\nimplemented"}})
		if refused.status != 409 || !strings.Contains(refused.body, "under_review") || !strings.Contains(refused.body, "not_started\nimplemented</textarea>") {
			t.Errorf("the form removing statuses in use: %d %.300s", refused.status, refused.body)
		}
		if got := list(); got != before {
			t.Errorf("the refused form changed the list: %s, was %s", got, before)
		}
		if r := f.postForm(t, sec, page, url.Values{"statuses": {"not_started\r\nin_progress\r\nunder_review\r\ndeferred\r\n"}}); r.status != 303 {
			t.Fatalf("the form: %d %.300s", r.status, r.body)
		}
		if got := list(); got != "[not_started in_progress under_review deferred]" {
			t.Errorf("the list after the form: %s", got)
		}
		if p := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/22/follow-up?lang=zh"}); !strings.Contains(p.body, page) {
			t.Errorf("the matrix does not link the council's statuses")
		}
	})
}
