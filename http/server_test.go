package http_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/internal/golden"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// fixedNow is the clock of every test, so that "today" and stored
// timestamps, and so the golden files, do not depend on when tests run.
func fixedNow() time.Time { return time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC) }

// newDemoServer returns the real router over a database holding the demo
// data.
func newDemoServer(t *testing.T, db *sqlstore.DB) *httptest.Server {
	t.Helper()
	if _, err := demo.Load(context.Background(), db, accord.DateOf(fixedNow())); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return newServer(t, db)
}

func newServer(t *testing.T, store accord.Store) *httptest.Server {
	t.Helper()
	h, err := accordhttp.New(accordhttp.Config{Store: store, Now: fixedNow, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, srv *httptest.Server, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

// TestRead checks what the read routes show, as JSON and as HTML, on both
// engines. TestAuthorizationMatrix makes sure every route is tested for
// every role.
func TestRead(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		srv := newDemoServer(t, db)
		for _, tc := range readCases {
			t.Run(strings.TrimPrefix(tc.path, "/"), func(t *testing.T) {
				res := get(t, srv, tc.path)
				if res.status != tc.status {
					t.Fatalf("GET %s: status %d, want %d\n%s", tc.path, res.status, tc.status, res.body)
				}
				for _, want := range tc.contains {
					if !strings.Contains(res.body, want) {
						t.Errorf("GET %s: body lacks %q", tc.path, want)
					}
				}
				for _, unwanted := range tc.lacks {
					if strings.Contains(res.body, unwanted) {
						t.Errorf("GET %s: body has %q", tc.path, unwanted)
					}
				}
				if tc.golden != "" {
					golden.Check(t, tc.golden, res.body)
				}
			})
		}
	})
}

type readCase struct {
	path     string
	status   int
	contains []string
	lacks    []string
	golden   string
}

var readCases = []readCase{
	{path: "/", status: 200, contains: []string{"Shanghai Cooperation Organisation", "Organization of Turkic States", "XXII Meeting of the Prosecutors General of the SCO Member States"}},
	{path: "/api/v1/", status: 200, contains: []string{`"latest_meetings"`}},
	{path: "/organizations", status: 200, contains: []string{`href="/organizations/SCO"`, `href="/organizations/OTS"`}},
	{path: "/api/v1/organizations", status: 200, contains: []string{`"code": "SCO"`, `"code": "OTS"`}},
	{path: "/organizations/SCO", status: 200, contains: []string{"<title>Shanghai Cooperation Organisation · Accord</title>", "Belarus", "Meeting of the Prosecutors General"}},
	{path: "/api/v1/organizations/OTS", status: 200, contains: []string{`"Organization of Turkic States"`, `"on": "2025-03-01"`}},
	{path: "/api/v1/organizations/SCO/members?on=2023-07-03", status: 200, golden: "members-sco-2023-07-03.json"},
	{path: "/api/v1/organizations/SCO/members?on=2024-07-25", status: 200, contains: []string{`"count": 10`, `"BY"`, `"IR"`}},
	{path: "/api/v1/organizations/SCO/members?on=2024-07-03", status: 200, contains: []string{`"count": 9`}, lacks: []string{`"BY"`}},
	{path: "/api/v1/organizations/SCO/members?on=2024-07-25&status=observer", status: 200, contains: []string{`"count": 1`, `"MN"`}},
	{path: "/api/v1/organizations/OTS/members?on=2024-07-25&status=all", status: 200, contains: []string{`"count": 8`, `"CY-N"`}},
	{path: "/organizations/SCO/members?on=2017-06-09&lang=ru", status: 200, contains: []string{`<html lang="ru">`, "Индия", "Пакистан", "Государств: 8"}},
	{path: "/api/v1/organizations/SCO/bodies", status: 200, contains: []string{`"code": "PGM"`}},
	{path: "/organizations/OTS/bodies", status: 200, contains: []string{"Council of the Prosecutors General of the Organization of Turkic States"}},
	{path: "/organizations/SCO/bodies/PGM", status: 200, contains: []string{`href="/organizations/SCO/bodies/PGM/meetings/22"`, "Xi&#39;an", "Next chairs", "Kyrgyzstan</span> <span class=\"code\">KG</span>, chairs meeting XXXII"}},
	{path: "/api/v1/organizations/SCO/bodies/PGM/meetings", status: 200, contains: []string{`"number": 1,`, `"state": "PK"`}},
	{path: "/api/v1/organizations/SCO/bodies/PGM/meetings/22", status: 200, golden: "meeting-sco-22.json"},
	{path: "/organizations/SCO/bodies/PGM/meetings/XXII", status: 200, contains: []string{
		"<title>XXII Meeting of the Prosecutors General of the SCO Member States, Bishkek, 25 July 2024 · Accord</title>",
		"Ala-Archa state residence", "Handover of the chairmanship to the Islamic Republic of Pakistan", "Attorney General for Pakistan"},
		lacks: []string{"Draft list of coordinated measures"}},
	{path: "/organizations/SCO/bodies/PGM/meetings/22?lang=ru", status: 200, contains: []string{
		"<title>XXII Совещание генеральных прокуроров государств-членов ШОС, Бишкек, 25 июля 2024 г. · Accord</title>", "Ала-Арча"}},
	{path: "/organizations/SCO/bodies/PGM/meetings/22?lang=zh", status: 200, contains: []string{
		"<title>上海合作组织成员国总检察长第二十二次会议，比什凯克，2024年7月25日 · Accord</title>"}},
	{path: "/organizations/OTS/bodies/CGP/meetings/3", status: 200, contains: []string{
		"<title>III meeting of the Council of the Prosecutors General of the Organization of Turkic States, Bishkek, 25 July 2024 · Accord</title>",
		"OTS Secretariat", "Bishkek Declaration"}, lacks: []string{"Report of the OTS Secretariat"}},
	{path: "/api/v1/organizations/SCO/bodies/PGM/chairs", status: 200, contains: []string{`"kind": "alphabetical"`, `"verdict": "deviates"`, `"rule_gave": "PK"`}},
	{path: "/organizations/SCO/bodies/PGM/chairs", status: 200, contains: []string{"<strong>deviates</strong>: the rule gave Pakistan; no reason recorded", "gap in the record"}},
	{path: "/organizations/OTS/bodies/CGP/chairs?lang=ru", status: 200, contains: []string{"Ротация: только по решению", "the chair passes to the host of the next summit"}, lacks: []string{"deviates", "by decision only"}},
	{path: "/api/v1/organizations/SCO/bodies/PGM/chairs/forecast?n=10", status: 200, golden: "forecast-sco-pgm.json"},
	{path: "/organizations/SCO/bodies/PGM/chairs/forecast?n=3", status: 200, contains: []string{"Pakistan", "in office since", "Tajikistan", "chairs meeting XXV"}, lacks: []string{"Uzbekistan"}},
	{path: "/organizations/OTS/bodies/CGP/chairs/forecast", status: 200, contains: []string{"later chairs cannot be forecast"}},
	{path: "/api/v1/documents/1", status: 200, golden: "document-1.json"},
	{path: "/documents/1?lang=zh", status: 200, contains: []string{`<article lang="zh">`, "上海合作组织成员国总检察长第二十二次会议纪要"}},
	{path: "/documents/5?lang=zh", status: 200, contains: []string{`class="fallback"`, `<article lang="en">`}},
	{path: "/healthz", status: 200, contains: []string{"ok"}},
	{path: "/readyz", status: 200, contains: []string{"ready"}},
}

// TestBadInput checks that every kind of bad input in a read gets a clear
// 4xx that names the parameter, in the JSON error shape.
func TestBadInput(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		srv := newDemoServer(t, db)
		cases := []struct {
			path   string
			status int
			code   string
			field  string
		}{
			{"/api/v1/organizations/XXX", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/sco", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/SCO/members?on=2024-13-45", 400, accord.EINVALID, "on"},
			{"/api/v1/organizations/SCO/members?on=2023-02-29", 400, accord.EINVALID, "on"},
			{"/api/v1/organizations/SCO/members?on=yesterday", 400, accord.EINVALID, "on"},
			{"/api/v1/organizations/SCO/members?status=friend", 400, accord.EINVALID, "status"},
			{"/api/v1/organizations/XXX/members?on=2024-01-01", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/SCO/bodies/XYZ/meetings", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/SCO/bodies/PGM/meetings/99", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/SCO/bodies/PGM/meetings/IIII", 400, accord.EINVALID, "number"},
			{"/api/v1/organizations/SCO/bodies/PGM/meetings/-3", 400, accord.EINVALID, "number"},
			{"/api/v1/documents/abc", 400, accord.EINVALID, "id"},
			{"/api/v1/documents/999", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/SCO/bodies/PGM/chairs/forecast?n=0", 400, accord.EINVALID, "n"},
			{"/api/v1/organizations/SCO/bodies/PGM/chairs/forecast?n=ten", 400, accord.EINVALID, "n"},
			{"/api/v1/organizations/SCO/bodies/PGM/chairs/forecast?n=101", 400, accord.EINVALID, "n"},
			{"/api/v1/organizations/SCO/bodies/XYZ/chairs", 404, accord.ENOTFOUND, ""},
			{"/api/v1/organizations/XXX/bodies/PGM/chairs/forecast", 404, accord.ENOTFOUND, ""},
			{"/api/v1/nothing-here", 404, accord.ENOTFOUND, ""},
		}
		for _, tc := range cases {
			res := get(t, srv, tc.path)
			if res.status != tc.status {
				t.Errorf("GET %s: status %d, want %d", tc.path, res.status, tc.status)
				continue
			}
			var body struct {
				Error struct{ Code, Message, Field string }
			}
			if err := json.Unmarshal([]byte(res.body), &body); err != nil {
				t.Errorf("GET %s: not a JSON error: %v\n%s", tc.path, err, res.body)
				continue
			}
			if body.Error.Code != tc.code || body.Error.Field != tc.field || body.Error.Message == "" {
				t.Errorf("GET %s: error %+v, want code %s field %q and a message", tc.path, body.Error, tc.code, tc.field)
			}
		}
		// The same errors as pages are HTML with the same status.
		res := get(t, srv, "/organizations/SCO/members?on=2024-13-45")
		if res.status != 400 || !strings.Contains(res.header.Get("Content-Type"), "text/html") || !strings.Contains(res.body, "<code>on</code>") {
			t.Errorf("HTML error page: status %d, type %s\n%s", res.status, res.header.Get("Content-Type"), res.body)
		}
	})
}

// TestNonPublicDocumentsHidden checks that the public cannot read a
// restricted document, and cannot tell that it exists: the answer is the
// same 404 as for a missing one.
func TestNonPublicDocumentsHidden(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		srv := newDemoServer(t, db)
		ctx := context.Background()
		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		restricted := 0
		for _, d := range docs {
			if d.Classification == accord.Public {
				continue
			}
			restricted++
			for _, path := range []string{"/api/v1/documents/", "/documents/"} {
				res := get(t, srv, path+itoa(d.ID))
				missing := get(t, srv, path+"999999")
				// Only the id differs, where the page names it (not inside
				// the hashed names of static files).
				id := func(body, n string) string {
					return regexp.MustCompile(`(/|%2f|document )`+n+`\b`).ReplaceAllString(withoutRequestID(body), "${1}X")
				}
				if res.status != 404 || id(res.body, itoa(d.ID)) != id(missing.body, "999999") {
					t.Errorf("%s%d (%s): status %d, body differs from a missing document's:\n%s", path, d.ID, d.Classification, res.status, res.body)
				}
			}
			title := d.Versions[0].Title
			for _, l := range d.Links {
				m, err := db.FindMeetingByID(ctx, l.MeetingID)
				if err != nil {
					t.Fatal(err)
				}
				for _, prefix := range []string{"/api/v1", ""} {
					res := get(t, srv, prefix+"/organizations/"+m.Organization+"/bodies/"+m.Body+"/meetings/"+itoa(int64(m.Number)))
					if strings.Contains(res.body, title) || strings.Contains(res.body, d.Reference) {
						t.Errorf("meeting page %s lists restricted document %s", prefix, d.Reference)
					}
				}
			}
		}
		if restricted == 0 {
			t.Fatal("the demo data has no restricted document to test with")
		}
	})
}

// TestEscaping checks that text is stored as given and escaped on output.
func TestEscaping(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		srv := newDemoServer(t, db)
		m := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK", Start: accord.MustDate("2025-06-01"), End: accord.MustDate("2025-06-01"),
			Format: accord.InPerson, Status: accord.Planned, City: accord.Text{"en": `Islamabad"><script>alert(1)</script>`}, Theme: accord.Text{"en": "<script>alert(2)</script>"}}
		if err := db.CreateMeeting(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		res := get(t, srv, "/organizations/SCO/bodies/PGM/meetings/23")
		if res.status != 200 || strings.Contains(res.body, "<script>") || !strings.Contains(res.body, "&lt;script&gt;alert(2)&lt;/script&gt;") {
			t.Errorf("theme not escaped:\n%s", res.body)
		}
		api := get(t, srv, "/api/v1/organizations/SCO/bodies/PGM/meetings/23")
		var v struct{ Meeting accord.Meeting }
		if err := json.Unmarshal([]byte(api.body), &v); err != nil || v.Meeting.Theme["en"] != "<script>alert(2)</script>" {
			t.Errorf("API does not return the theme as stored: %v %q", err, v.Meeting.Theme["en"])
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	srv := newServer(t, sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow))
	for _, path := range []string{"/", "/api/v1/organizations", "/nope", "/healthz", "/static/style.css"} {
		res := get(t, srv, path)
		for header, want := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": "frame-ancestors 'none'",
			"Referrer-Policy":         "strict-origin-when-cross-origin",
		} {
			if got := res.header.Get(header); !strings.Contains(got, want) {
				t.Errorf("GET %s: %s = %q, want %q", path, header, got, want)
			}
		}
		if strings.Contains(res.header.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("GET %s: CSP allows inline code", path)
		}
	}
}

// TestReadyzWithoutDatabase checks that a load balancer is told when the
// database is gone, while /healthz still says the process is alive.
func TestReadyzWithoutDatabase(t *testing.T) {
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	srv := newServer(t, db)
	db.Close()
	if res := get(t, srv, "/readyz"); res.status != http.StatusServiceUnavailable || strings.Contains(res.body, "sql") {
		t.Errorf("readyz on a closed database: %d %q", res.status, res.body)
	}
	if res := get(t, srv, "/healthz"); res.status != 200 {
		t.Errorf("healthz: %d", res.status)
	}
	if res := get(t, srv, "/api/v1/organizations"); res.status != 500 || !strings.Contains(res.body, "An internal error occurred.") || strings.Contains(res.body, "closed") {
		t.Errorf("internal error leaks detail or has the wrong status: %d %s", res.status, res.body)
	}
}

// TestLanguageNegotiation checks the order: ?lang=, cookie, Accept-Language.
func TestLanguageNegotiation(t *testing.T) {
	srv := newDemoServer(t, sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow))
	cases := []struct {
		path   string
		header []string
		want   string
	}{
		{"/organizations/SCO", nil, `<html lang="en">`},
		{"/organizations/SCO", []string{"Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"}, `<html lang="ru">`},
		{"/organizations/SCO", []string{"Accept-Language", "zh-CN"}, `<html lang="zh">`},
		{"/organizations/SCO", []string{"Accept-Language", "fr"}, `<html lang="en">`},
		{"/organizations/SCO?lang=zh", []string{"Accept-Language", "ru"}, `<html lang="zh">`},
		{"/organizations/SCO", []string{"Cookie", "lang=ru", "Accept-Language", "zh"}, `<html lang="ru">`},
		{"/organizations/SCO?lang=%3Cscript%3E", nil, `<html lang="en">`},
	}
	for _, tc := range cases {
		if res := get(t, srv, tc.path, tc.header...); !strings.Contains(res.body, tc.want) {
			t.Errorf("GET %s %v: want %s", tc.path, tc.header, tc.want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestPublicCacheFollowsChanges checks that a cached public page shows a
// change made after it was cached, and that a stale copy is never served.
func TestPublicCacheFollowsChanges(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		srv := newDemoServer(t, db)
		path := "/api/v1/organizations/SCO/bodies/PGM/meetings"
		first := get(t, srv, path)
		if again := get(t, srv, path); again.body != first.body || strings.Contains(first.body, `"number": 23`) {
			t.Fatalf("unchanged data gives a different page")
		}
		m := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK", Start: accord.MustDate("2025-06-01"), End: accord.MustDate("2025-06-01"),
			Format: accord.InPerson, Status: accord.Planned}
		if err := db.CreateMeeting(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		if after := get(t, srv, path); !strings.Contains(after.body, `"number": 23`) {
			t.Errorf("the cached page does not show meeting XXIII, created after it was cached")
		}
	})
}
