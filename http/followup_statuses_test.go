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
			return fmt.Sprint(l.Statuses, l.Labels)
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

		const review = `"labels":{"under_review":{"en":"under review","ru":"на рассмотрении","zh":"审议中"}}`
		set := ok("PUT", sec, api+page, `{"statuses":["not_started","in_progress","under_review","implemented"],`+review+`}`, 200)
		if !strings.Contains(set.body, `"under_review"`) || !strings.Contains(set.body, `"ru": "на рассмотрении"`) {
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
			{"removing a status in use", "PUT", sec, api + page, `{"statuses":["not_started","under_review"],` + review + `}`, "statuses", "in_progress", 409},
			{"a malformed name", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","Under Review"]}`, "statuses[2]", "", 400},
			{"without not_started", "PUT", sec, api + page, `{"statuses":["in_progress","implemented"]}`, "statuses", "", 400},
			{"a name twice", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","in_progress"]}`, "statuses[2]", "", 400},
			{"an empty list", "PUT", sec, api + page, `{"statuses":[]}`, "statuses", "", 400},
			{"a status of its own without labels", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","under_review","implemented","deferred"],` + review + `}`, "labels.deferred.en", "deferred", 400},
			{"a label missing in Chinese", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","under_review","implemented"],"labels":{"under_review":{"en":"under review","ru":"на рассмотрении"}}}`, "labels.under_review.zh", "under_review", 400},
			{"a label too long", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","under_review","implemented"],"labels":{"under_review":{"en":"under review","ru":"на рассмотрении","zh":"` + strings.Repeat("审", 61) + `"}}}`, "labels.under_review.zh", "60 characters", 400},
			{"a label on a built-in status", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","under_review","implemented"],"labels":{"under_review":{"en":"under review","ru":"на рассмотрении","zh":"审议中"},"implemented":{"en":"done"}}}`, "labels.implemented", "built-in", 400},
			{"a label not by language", "PUT", sec, api + page, `{"statuses":["not_started","in_progress","under_review","implemented"],"labels":{"under_review":"under review"}}`, "labels.under_review", "", 400},
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

		// The council's words wherever the status appears, in the reader's
		// language: the matrix, the state's page, the timeline, the CSV.
		measure := "/measures/" + itoa(f.followUpID(t, "measure", "1"))
		for lang, want := range map[string]string{"en": "under review", "ru": "на рассмотрении", "zh": "审议中"} {
			for _, path := range []string{"/organizations/SCO/bodies/PGM/meetings/22/follow-up", "/organizations/SCO/bodies/PGM/meetings/22/follow-up/states/IN", measure} {
				p := f.do(t, request{path: path + "?lang=" + lang})
				if p.status != 200 || !strings.Contains(p.body, `class="st st-own`) || !strings.Contains(p.body, ">"+want+"</span>") {
					t.Errorf("%s in %s does not show the council's label %q: %d", path, lang, want, p.status)
				}
			}
			csv := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/22/follow-up?format=csv&lang=" + lang})
			if !strings.Contains(csv.body, ",IN,under_review,"+want+",") {
				t.Errorf("the CSV in %s has no label beside the code: %s", lang, csv.body)
			}
		}

		// The page, and its form as a browser without JavaScript sends it.
		for _, lang := range []string{"en", "ru", "zh"} {
			p := f.do(t, request{path: page + "?lang=" + lang, cookie: sec})
			if p.status != 200 || !strings.Contains(p.body, `<code>under_review</code>`) || !strings.Contains(p.body, `name="statuses" value="under_review"`) ||
				!strings.Contains(p.body, `name="label.ru" lang="ru" value="на рассмотрении"`) {
				t.Errorf("the page in %s: %d", lang, p.status)
			}
		}
		if p := f.do(t, request{path: page, cookie: deleg}); p.status != 200 || strings.Contains(p.body, `name="statuses"`) {
			t.Errorf("a delegation is offered the form: %d", p.status)
		}
		// The form as a browser sends it: one line a status, its labels
		// beside it, empty for a built-in status and for a blank line.
		rows := func(lines ...[4]string) url.Values {
			v := url.Values{}
			for _, l := range lines {
				v.Add("statuses", l[0])
				v.Add("label.en", l[1])
				v.Add("label.ru", l[2])
				v.Add("label.zh", l[3])
			}
			return v
		}
		for _, c := range []struct {
			name   string
			form   url.Values
			status int
			shows  []string // in the page that answers
		}{
			{"removing statuses in use", rows([4]string{"not_started"}, [4]string{"implemented"}), 409, []string{"under_review", `name="statuses" value="implemented"`}},
			{"a new status without its Russian label", rows([4]string{"not_started"}, [4]string{"in_progress"}, [4]string{"under_review", "under review", "на рассмотрении", "审议中"},
				[4]string{"deferred", "deferred", "", "推迟"}), 400, []string{`name="label.ru" lang="ru" value="" maxlength="60" size="18" aria-label="Label in ru, line 4" aria-invalid="true"`, "deferred is the council&#39;s own status: give its label in ru"}},
			{"the same in Russian", rows([4]string{"not_started"}, [4]string{"in_progress"}, [4]string{"under_review", "under review", "на рассмотрении", "审议中"},
				[4]string{"deferred", "deferred", "", "推迟"}), 400, []string{"deferred — собственный статус совета: укажите его название на языке ru"}},
		} {
			before := list()
			path := page
			if c.name == "the same in Russian" {
				path += "?lang=ru"
			}
			r := f.postForm(t, sec, path, c.form)
			if r.status != c.status {
				t.Errorf("the form, %s: %d, want %d", c.name, r.status, c.status)
			}
			for _, want := range c.shows {
				if !strings.Contains(r.body, want) {
					t.Errorf("the form, %s: the answer does not show %s", c.name, want)
				}
			}
			if got := list(); got != before {
				t.Errorf("the form, %s, changed the list: %s, was %s", c.name, got, before)
			}
		}
		if r := f.postForm(t, sec, page, rows([4]string{"not_started"}, [4]string{"in_progress"}, [4]string{"under_review", "under review", "на рассмотрении", "审议中"},
			[4]string{""}, [4]string{"deferred", " deferred ", "отложено", "推迟"}, [4]string{""})); r.status != 303 {
			t.Fatalf("the form: %d %.300s", r.status, r.body)
		}
		if got := list(); got != "[not_started in_progress under_review deferred] map[deferred:map[en:deferred ru:отложено zh:推迟] under_review:map[en:under review ru:на рассмотрении zh:审议中]]" {
			t.Errorf("the list after the form: %s", got)
		}
		if p := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/22/follow-up?lang=zh"}); !strings.Contains(p.body, page) {
			t.Errorf("the matrix does not link the council's statuses")
		}
	})
}
