package http_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// chairsState is what a refused chairs request must leave as it was: the
// workspace's records and audit trail, and every body's terms and rule
// versions.
func chairsState(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	ctx := t.Context()
	state := []any{counts(t, db)}
	for _, b := range [][2]string{{"SCO", "PGM"}, {"OTS", "CGP"}} {
		terms, err := db.ListChairTerms(ctx, b[0], b[1])
		if err != nil {
			t.Fatal(err)
		}
		rules, err := db.ListRotationRules(ctx, b[0], b[1])
		if err != nil {
			t.Fatal(err)
		}
		state = append(state, terms, rules)
	}
	out, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestChairsBadInput sends the rule, term and import requests a
// secretariat may get wrong, on the demo data (Pakistan in office since
// 2024-07-25, today 2025-03-01): each is refused naming the field (and the
// line, for CSV), and nothing is stored.
func TestChairsBadInput(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/api/v1/organizations/SCO/bodies/PGM"
		// A planned meeting XXIII, for a handover dated before it.
		if res := f.do(t, request{method: "POST", path: pgm + "/meetings", body: `{"number":23,"host":"PK","start":"2025-09-10","end":"2025-09-11"}`, cookie: sec}); res.status != 201 {
			t.Fatalf("meeting XXIII: %d %s", res.status, res.body)
		}
		before := chairsState(t, db)
		csv := map[string]string{"Content-Type": "text/csv"}
		for _, c := range []struct {
			name, method, path, body string
			header                   map[string]string
			status                   int
			field, message           string
		}{
			{"an unknown state in the order", "PUT", "/rule", `{"kind":"order","order":["RU","FR"],"effective_from":"2025-01-01"}`, nil, 400, "order[1]", "FR is not a member"},
			{"a number in the order", "PUT", "/rule", `{"kind":"order","order":["RU",5],"effective_from":"2025-01-01"}`, nil, 400, "order[1]", ""},
			{"a change dated before the last term", "PUT", "/rule", `{"kind":"order","order":["RU","CN"],"effective_from":"2024-01-01"}`, nil, 409, "effective_from", "2024-07-25"},
			{"a change dated the day the last term began", "PUT", "/rule", `{"kind":"alphabetical","lang":"en","effective_from":"2024-07-25"}`, nil, 409, "effective_from", ""},
			{"an undated change once terms are recorded", "PUT", "/rule", `{"kind":"alphabetical","lang":"en"}`, nil, 409, "effective_from", ""},
			{"a rule naming another organization", "PUT", "/rule", `{"organization":"OTS","kind":"decision"}`, nil, 400, "organization", ""},
			{"a rule without a kind", "PUT", "/rule", `{"lang":"ru"}`, nil, 400, "kind", ""},
			{"a term overlapping another", "POST", "/chairs", `{"state":"KZ","from":"2024-01-01","until":"2024-06-01","basis":"decision","reason":"host"}`, nil, 409, "from", "overlaps"},
			{"a term after the open one", "POST", "/chairs", `{"state":"RU","from":"2025-01-01","basis":"decision","reason":"host"}`, nil, 409, "from", "hand it over"},
			{"an extension of a term that is not the last", "POST", "/chairs", `{"state":"KG","from":"2024-07-25","basis":"decision","reason":"once more"}`, nil, 409, "from", "only the last term can be extended"},
			{"an extension by rule", "POST", "/chairs", `{"state":"KG","from":"2024-07-25","basis":"rule"}`, nil, 400, "basis", ""},
			{"a decision without its reason", "POST", "/chairs", `{"state":"KZ","from":"2001-07-01","until":"2001-08-01","basis":"decision"}`, nil, 400, "reason", ""},
			{"a term of an unknown meeting", "POST", "/chairs", `{"state":"KZ","from":"2001-07-01","until":"2001-08-01","meeting":"99","basis":"rule"}`, nil, 400, "meeting", ""},
			{"a term starting before its meeting", "POST", "/chairs", `{"state":"KZ","from":"2024-01-01","until":"2024-02-01","meeting":"XXII","basis":"rule"}`, nil, 400, "from", "before meeting XXII"},
			{"a term of a non-member", "POST", "/chairs", `{"state":"TR","from":"2001-07-01","until":"2001-08-01","basis":"rule"}`, nil, 400, "state", ""},
			{"a handover dated before its meeting", "POST", "/chairs/handover", `{"meeting":"23","date":"2025-09-09"}`, nil, 400, "date", "before meeting XXIII"},
			{"an extension without a reason", "POST", "/chairs/handover", `{"to":"PK","meeting":"23"}`, nil, 400, "reason", "extension"},
			{"bad lines of a CSV", "POST", "/chairs/import", `{"csv":"state,from,until,meeting,basis,reason\nKZ,2001-07-01,2001-08-01,,decision,host\nFR-X,2001-08-01,2001-09-01,,decision,host\nKZ,2001-13-01,,,rule,\nKZ,2001-10-01,2001-11-01,,lottery,\n"}`, nil,
				400, "line[3].state", "line 4, from"},
			{"a CSV line with too few columns", "POST", "/chairs/import", "KZ,2001-07-01,2001-08-01\n", csv, 400, "line[1].csv", "columns"},
			{"a CSV whose second term overlaps", "POST", "/chairs/import", "CN,2002-01-01,2002-06-01,,decision,founding meeting\nKZ,2024-01-01,2024-06-01,,decision,host\n", csv, 409, "line[2].from", "line 2, from"},
			{"a CSV whose terms overlap each other", "POST", "/chairs/import", "CN,2002-01-01,2002-06-01,,decision,founding meeting\nKZ,2002-03-01,2002-04-01,,decision,host\n", csv, 409, "line[2].from", ""},
			{"an empty CSV", "POST", "/chairs/import", "", csv, 400, "csv", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := f.do(t, request{method: c.method, path: pgm + c.path, body: c.body, header: c.header, cookie: sec})
				var e struct {
					Error struct{ Field, Message string }
				}
				json.Unmarshal([]byte(res.body), &e)
				if res.status != c.status || e.Error.Field != c.field || !strings.Contains(e.Error.Message, c.message) {
					t.Errorf("%d field %q, want %d field %q (%q)\n%s", res.status, e.Error.Field, c.status, c.field, c.message, res.body)
				}
				if after := chairsState(t, db); after != before {
					t.Errorf("the database changed:\n%s\n%s", before, after)
				}
			})
		}
	})
}

// TestRuleSetAgain: on the demo data, setting each body's rule again, as
// its page shows it, changes nothing in its history or its forecast.
func TestRuleSetAgain(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		// The demo's secretariat is the SCO's.
		for _, body := range []string{"/organizations/SCO/bodies/PGM"} {
			page := func() (history, forecast, rule string) {
				t.Helper()
				h := f.do(t, request{path: "/api/v1" + body + "/chairs"})
				fc := f.do(t, request{path: "/api/v1" + body})
				var v struct {
					Rule     json.RawMessage
					Forecast json.RawMessage
				}
				if h.status != 200 || fc.status != 200 || json.Unmarshal([]byte(fc.body), &v) != nil {
					t.Fatalf("%s: %d %d", body, h.status, fc.status)
				}
				return h.body, string(v.Forecast), string(v.Rule)
			}
			history, forecast, rule := page()
			res := f.do(t, request{method: "PUT", path: "/api/v1" + body + "/rule", body: rule, cookie: sec})
			if res.status != 200 || !strings.Contains(res.body, `"changed": false`) {
				t.Fatalf("PUT %s/rule %s: %d\n%s", body, rule, res.status, res.body)
			}
			h2, f2, r2 := page()
			if h2 != history || f2 != forecast || r2 != rule {
				t.Errorf("%s changed:\n%s\n%s\n%s\n%s", body, history, h2, forecast, f2)
			}
		}
		// A change, by contrast, is stored as a version of its own, and
		// the handovers before it are judged as they were.
		pgm := "/api/v1/organizations/SCO/bodies/PGM"
		terms := func() string {
			var v struct{ Terms json.RawMessage }
			if err := json.Unmarshal([]byte(f.do(t, request{path: pgm + "/chairs"}).body), &v); err != nil {
				t.Fatal(err)
			}
			return string(v.Terms)
		}
		before := terms()
		res := f.do(t, request{method: "PUT", path: pgm + "/rule", cookie: sec,
			body: `{"kind":"order","order":["PK","UZ","RU"],"eligibility":"members_day_before","term":"meeting","term_months":12,"wait_days":0,"effective_from":"2025-01-01"}`})
		if res.status != 200 || !strings.Contains(res.body, `"changed": true`) || !strings.Contains(res.body, `"effective_from": "2025-01-01"`) {
			t.Fatalf("a change: %d\n%s", res.status, res.body)
		}
		if after := terms(); after != before {
			t.Errorf("the terms and their verdicts changed with a rule change after them:\n%s\n%s", before, after)
		}
		fc := f.do(t, request{path: pgm + "/chairs/forecast?n=3"})
		if !strings.Contains(fc.body, `"state": "UZ"`) {
			t.Errorf("the forecast does not follow the new order: %s", fc.body)
		}
	})
}

// TestHandoverPreviewAndExtension previews handovers, then extends the
// SCO PGM chair by a handover to itself, which the history shows as an
// extension.
func TestHandoverPreviewAndExtension(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		type preview struct {
			Outgoing     string
			RuleGives    string `json:"rule_gives"`
			Why          string
			ReasonNeeded bool `json:"reason_needed"`
		}
		for _, c := range []struct {
			path string
			want preview
		}{
			{"/organizations/SCO/bodies/PGM/chairs/handover/preview?date=2025-07-25", preview{"PK", "RU", "", false}},
			{"/organizations/OTS/bodies/CGP/chairs/handover/preview?date=2025-09-25", preview{"KG", "", "decision", true}},
		} {
			res := f.do(t, request{path: "/api/v1" + c.path})
			var got preview
			if err := json.Unmarshal([]byte(res.body), &got); err != nil || got != c.want {
				t.Errorf("%s: %+v, want %+v\n%s", c.path, got, c.want, res.body)
			}
		}
		// The page is the handover form: the states as a list, the
		// rule's choice selected.
		page := f.do(t, request{path: "/organizations/SCO/bodies/PGM/chairs/handover/preview?date=2025-07-25", cookie: sec})
		if !strings.Contains(page.body, `<select id=`) || !strings.Contains(page.body, `<option value="RU" selected>`) {
			t.Errorf("the preview page offers no list of states:\n%.3000s", page.body)
		}
		cgp := "/api/v1/organizations/SCO/bodies/PGM"
		res := f.do(t, request{method: "POST", path: cgp + "/chairs/handover", cookie: sec,
			body: `{"to":"PK","reason":"Pakistan chairs the next meeting too","date":"2025-07-25"}`})
		if res.status != 200 {
			t.Fatalf("extension: %d %s", res.status, res.body)
		}
		history := f.do(t, request{path: cgp + "/chairs"})
		if !strings.Contains(history.body, `"verdict": "extension"`) || !strings.Contains(history.body, `"reason": "Pakistan chairs the next meeting too"`) {
			t.Errorf("the extension is not shown as one:\n%s", history.body)
		}
		// A refused form comes back filled in, with the error.
		form := f.postForm(t, sec, "/organizations/SCO/bodies/PGM/rule", url.Values{"kind": {"order"}, "order": {"RU FR"}, "eligibility": {"members_day_before"},
			"term": {"meeting"}, "term_months": {"12"}, "wait_days": {"0"}, "effective_from": {"2025-01-01"}})
		if form.status != 400 || !strings.Contains(form.body, "FR is not a member") || !strings.Contains(form.body, `value="RU FR"`) {
			t.Errorf("refused rule form: %d\n%.2000s", form.status, form.body)
		}
		_ = accord.RotateOrder
	})
}
