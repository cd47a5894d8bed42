package http_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// documentsState is what a refused change to documents must leave as it
// was: every document with its versions and files, and the audit trail.
func documentsState(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	ctx := context.Background()
	docs, err := db.ListDocuments(ctx, accord.DocumentFilter{IncludeWithdrawn: true})
	if err != nil {
		t.Fatal(err)
	}
	_, n, err := db.ListAudit(ctx, accord.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal([]any{n, docs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// embargoWord is in the scheduled release's title and nowhere else, so
// that search finds it only where the release is shown.
const embargoWord = "Quokkaphrase"

func releaseBody(meeting, until string) string {
	return `{"meeting_id":` + meeting + `,"author":"secretariat","reference":"SCO/PRESS/2025/EMBARGO","kind":"press_release","classification":"public",` +
		`"lang":"en","title":"` + embargoWord + ` communiqué","body":"Held until its time.","embargo_until":"` + until + `"}`
}

// TestPressEmbargo schedules a release through the real router and reads
// every public face of it, as each reader, before and after its time: the
// press room (page and JSON), the release's page and PDF, the documents
// list and its count, the meeting's page, the Atom feed and search. The
// public's cached pages must follow the embargo's end with no write.
func TestPressEmbargo(t *testing.T) {
	// One clock for the server and the database, so that sessions
	// outlive its advance.
	clk := newClock()
	sqltest.RunWithClock(t, func() time.Time { return clk.Now() }, func(t *testing.T, db *sqlstore.DB) {
		clk = newClock()
		f := newFixture(t, db, clk)
		sec := f.session(t, roleSecretariat)
		meeting := f.expand(t, "{meeting:SCO/PGM/22}")
		until := clk.Now().Add(2 * time.Hour)

		// A delegation may not schedule a release: it would not see it.
		if res := f.do(t, request{method: "POST", path: "/api/v1/documents", cookie: f.session(t, roleDelegation),
			body: strings.Replace(releaseBody(meeting, until.Format(time.RFC3339)), `"secretariat"`, `"delegation:`+f.expand(t, "{delegation:SCO/PGM/22/IN}")+`"`, 1)}); res.status != 403 {
			t.Errorf("a delegation schedules a release: %d %.300s", res.status, res.body)
		}

		res := f.do(t, request{method: "POST", path: "/api/v1/documents", body: releaseBody(meeting, until.Format(time.RFC3339)), cookie: sec})
		if res.status != 201 {
			t.Fatalf("schedule the release: %d %s", res.status, res.body)
		}
		var created struct{ Document accord.Document }
		if err := json.Unmarshal([]byte(res.body), &created); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(created.Document.ID, 10)
		if !created.Document.EmbargoUntil.Equal(until) {
			t.Errorf("embargo_until answered as %v, want %v", created.Document.EmbargoUntil, until)
		}
		// The secretariat's pages of it say that it waits.
		for _, path := range []string{"/documents/" + id, "/organizations/SCO/press"} {
			if res := f.do(t, request{path: path, cookie: sec}); res.status != 200 || !strings.Contains(res.body, "Under embargo until") {
				t.Errorf("%s as the secretariat: %d, no embargo notice", path, res.status)
			}
		}
		if res := f.do(t, request{path: "/documents/" + id + "/edit", cookie: sec}); !strings.Contains(res.body, `name="embargo_until" value="`+until.UTC().Format("2006-01-02T15:04")+`"`) {
			t.Errorf("the edit page does not offer the embargo: %.300s", res.body)
		}

		roles := []string{rolePublic, rolePress, roleDelegation, roleOtherOrg, roleSecretariat}
		sessions := func() map[string]string {
			cookies := map[string]string{}
			for _, role := range roles {
				cookies[role] = f.session(t, role)
			}
			return cookies
		}
		check := func(phase string, ended bool, cookies map[string]string) {
			t.Helper()
			for _, role := range roles {
				cookie := cookies[role]
				sees := ended || role == roleSecretariat
				status := 404
				if sees {
					status = 200
				}
				for _, path := range []string{"/documents/" + id, "/api/v1/documents/" + id, "/documents/" + id + "/pdf"} {
					if res := f.do(t, request{path: path, cookie: cookie}); res.status != status {
						t.Errorf("%s, %s as %s: %d, want %d", phase, path, role, res.status, status)
					}
				}
				for _, path := range []string{"/organizations/SCO/press", "/api/v1/organizations/SCO/press", "/organizations/SCO/press/atom/en",
					"/documents?kind=press_release", "/api/v1/documents?q=" + embargoWord, "/organizations/SCO/bodies/PGM/meetings/22",
					"/search?q=" + embargoWord, "/api/v1/search?q=" + url.QueryEscape(strings.ToLower(embargoWord)), "/", "/api/v1/"} {
					res := f.do(t, request{path: path, cookie: cookie})
					if res.status != 200 {
						t.Errorf("%s, %s as %s: %d", phase, path, role, res.status)
					}
					// The query is echoed; the rest of the title and the
					// reference are not.
					if got := strings.Contains(res.body, "communiqué") || strings.Contains(res.body, "SCO/PRESS/2025/EMBARGO"); got != sees {
						t.Errorf("%s, %s as %s: shows the release %v, want %v", phase, path, role, got, sees)
					}
				}
				var list struct{ Total int }
				res := f.do(t, request{path: "/api/v1/documents?kind=press_release&organization=SCO", cookie: cookie})
				if err := json.Unmarshal([]byte(res.body), &list); err != nil {
					t.Fatal(err)
				}
				want := 1 // the demo's Kabar release
				if sees {
					want = 2
				}
				if list.Total != want {
					t.Errorf("%s, press releases as %s: total %d, want %d", phase, role, list.Total, want)
				}
			}
		}
		check("before its time", false, sessions())
		clk.Advance(2*time.Hour - time.Second)
		// Sessions first: starting one is a write, which would empty
		// the public's cache.
		cookies := sessions()
		check("a second before its time", false, cookies)
		// No write happens: the public's cached pages must still follow.
		clk.Advance(time.Second)
		check("at its time", true, cookies)

		// Published, the embargo is history.
		sec = f.session(t, roleSecretariat)
		before := documentsState(t, db)
		if res := f.do(t, request{method: "POST", path: "/api/v1/documents/" + id, cookie: sec, body: `{"embargo_until":"` + clk.Now().Add(time.Hour).Format(time.RFC3339) + `"}`}); res.status != 400 || !strings.Contains(res.body, `"embargo_until"`) {
			t.Errorf("re-scheduling a published release: %d %.300s", res.status, res.body)
		}
		if after := documentsState(t, db); after != before {
			t.Errorf("a refused re-scheduling changed the database")
		}
	})
}

// TestPressEmbargoRefused sends each bad embargo, by the API and by the
// form: a 400 that names the field, and the database unchanged.
func TestPressEmbargoRefused(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		clk := newClock()
		f := newFixture(t, db, clk)
		sec := f.session(t, roleSecretariat)
		meeting := f.expand(t, "{meeting:SCO/PGM/22}")
		now := clk.Now()
		before := documentsState(t, db)
		for name, until := range map[string]string{
			"in the past":   now.Add(-time.Minute).Format(time.RFC3339),
			"now":           now.Format("2006-01-02T15:04"),
			"not a time":    "next Tuesday",
			"too far ahead": now.AddDate(accord.MaxEmbargoYears+1, 0, 0).Format(time.RFC3339),
		} {
			res := f.do(t, request{method: "POST", path: "/api/v1/documents", body: releaseBody(meeting, until), cookie: sec})
			if res.status != 400 || !strings.Contains(res.body, `"field": "embargo_until"`) {
				t.Errorf("%s by the API: %d %.300s", name, res.status, res.body)
			}
			form := url.Values{"meeting_id": {meeting}, "author": {"secretariat"}, "reference": {"SCO/PRESS/2025/FORM"}, "kind": {"press_release"},
				"classification": {"public"}, "lang": {"ru"}, "title": {"Релиз"}, "body": {"Текст"}, "embargo_until": {until}}
			res = f.postForm(t, sec, "/documents?lang=ru", form)
			if res.status != 400 || !strings.Contains(res.body, `id="embargo-error"`) || !strings.Contains(res.body, `value="`+until+`"`) {
				t.Errorf("%s by the form: %d, no error next to the field %.200s", name, res.status, res.body)
			}
			if name == "in the past" && !strings.Contains(res.body, "уже в прошлом") {
				t.Errorf("the refusal is not in Russian")
			}
		}
		if after := documentsState(t, db); after != before {
			t.Errorf("refused embargoes changed the database")
		}
	})
}
