package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

var requestIDLine = regexp.MustCompile(`<code>[0-9a-f]{16}</code>`)

// withoutRequestID blanks the request id of an error page, which differs
// from request to request.
func withoutRequestID(body string) string {
	return requestIDLine.ReplaceAllString(body, "<code>ID</code>")
}

// syncBuffer is a log destination that requests write to concurrently.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newOpsServer(t *testing.T, cfg accordhttp.Config) *httptest.Server {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = fixedNow
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h, err := accordhttp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

var hexID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// Every answer has an id, the error page shows it, and every log line of
// the request carries it.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	srv := newOpsServer(t, accordhttp.Config{Store: db, Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})

	res := get(t, srv, "/documents/999999")
	id := res.header.Get("X-Request-Id")
	if res.status != 404 || !hexID.MatchString(id) || !strings.Contains(res.body, "<code>"+id+"</code>") {
		t.Fatalf("error page: %d, id %q\n%s", res.status, id, res.body)
	}
	if again := get(t, srv, "/healthz").header.Get("X-Request-Id"); !hexID.MatchString(again) || again == id {
		t.Errorf("second request's id %q (first %q)", again, id)
	}
	// The peer is not a trusted proxy: its id could be forged, so it is replaced.
	if got := get(t, srv, "/healthz", "X-Request-Id", "forged").header.Get("X-Request-Id"); got == "forged" || !hexID.MatchString(got) {
		t.Errorf("an untrusted peer's request id was kept: %q", got)
	}

	db.Close()
	res = get(t, srv, "/api/v1/organizations")
	id = res.header.Get("X-Request-Id")
	if res.status != 500 {
		t.Fatalf("closed database: %d", res.status)
	}
	found := false
	for line := range strings.Lines(logs.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "request failed" {
			found = true
			if rec["request_id"] != id {
				t.Errorf("log line of request %s carries request_id %v: %s", id, rec["request_id"], line)
			}
		}
	}
	if !found {
		t.Errorf("no request failed line in the logs:\n%s", logs.String())
	}
}

// A trusted proxy's X-Forwarded-For names the client, which the audit
// trail and the sign-in limits see; anyone else's is ignored.
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	local := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	both := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
	for _, tc := range []struct {
		name    string
		proxies []netip.Prefix
		xff     []string
		want    string
	}{
		{"no trusted proxies", nil, []string{"203.0.113.7"}, "127.0.0.1"},
		{"trusted peer", local, []string{"203.0.113.7"}, "203.0.113.7"},
		{"a client's own header is not believed", local, []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"a chain of trusted proxies", both, []string{"203.0.113.7, 10.0.0.2", "10.1.1.1"}, "203.0.113.7"},
		{"IPv6", local, []string{"2001:db8::1"}, "2001:db8::1"},
		{"garbage", local, []string{"not an address"}, "127.0.0.1"},
		{"no header", local, nil, "127.0.0.1"},
		{"untrusted peer", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, []string{"203.0.113.7"}, "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
			srv := newOpsServer(t, accordhttp.Config{Store: db, TrustedProxies: tc.proxies})
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/login", strings.NewReader(url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 401 && res.StatusCode != 400 {
				t.Fatalf("login: %d", res.StatusCode)
			}
			recs, _, err := db.ListAudit(t.Context(), accord.AuditFilter{Action: "session."})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1 || recs[0].IP != tc.want {
				t.Fatalf("audit records %+v, want one from %s", recs, tc.want)
			}
		})
	}
}

type seenRequest struct {
	route, method string
	status        int
}

type recordingObserver struct {
	mu   sync.Mutex
	seen []seenRequest
}

func (o *recordingObserver) ObserveRequest(route, method string, status int, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seen = append(o.seen, seenRequest{route, method, status})
}

// The metrics see a route's name, never the raw path, so that a crawler
// cannot grow the number of series.
func TestRequestObserver(t *testing.T) {
	t.Parallel()
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	o := &recordingObserver{}
	srv := newOpsServer(t, accordhttp.Config{Store: db, Observer: o})
	get(t, srv, "/healthz")
	get(t, srv, "/documents/12345")
	get(t, srv, "/no/such/page/12345")
	get(t, srv, "/api/v1/organizations")
	want := []seenRequest{{"healthz", "GET", 200}, {"document", "GET", 404}, {"not_found", "GET", 404}, {"organizations", "GET", 200}}
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.seen) != len(want) {
		t.Fatalf("observed %+v, want %+v", o.seen, want)
	}
	for i := range want {
		if o.seen[i] != want[i] {
			t.Errorf("request %d observed as %+v, want %+v", i, o.seen[i], want[i])
		}
	}
}

// /readyz lists its checks; each failing one fails it with a 503 and a
// Retry-After, and it recovers when the check holds again.
func TestReadyzChecks(t *testing.T) {
	t.Parallel()
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	var mu sync.Mutex
	var loadErr error = accord.Errorf(accord.EUNAVAILABLE, "still loading")
	check := func(context.Context) error { mu.Lock(); defer mu.Unlock(); return loadErr }
	srv := newOpsServer(t, accordhttp.Config{Store: db, Ready: []accordhttp.ReadyCheck{{Name: "loaded", Check: check}}})
	res := get(t, srv, "/readyz")
	if res.status != 503 || res.header.Get("Retry-After") == "" || !strings.Contains(res.body, "database: ok") ||
		!strings.Contains(res.body, "storage: ok") || !strings.Contains(res.body, "loaded: still loading") {
		t.Fatalf("readyz while loading: %d %v\n%s", res.status, res.header, res.body)
	}
	mu.Lock()
	loadErr = nil
	mu.Unlock()
	if res := get(t, srv, "/readyz"); res.status != 200 || !strings.HasPrefix(res.body, "ready\n") {
		t.Fatalf("readyz once loaded: %d\n%s", res.status, res.body)
	}
}

// The log's proofs answer JSON, and so do their errors; a client that asks
// for JSON gets its errors as JSON anywhere; the "as JSON" link of an error
// page only points at a JSON twin that exists.
func TestErrorsAsJSON(t *testing.T) {
	t.Parallel()
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	srv := newOpsServer(t, accordhttp.Config{Store: db})
	for _, tc := range []struct {
		path, accept string
		json         bool
	}{
		{"/log/proof/inclusion?index=x&size=1", "", true},
		{"/log/proof/consistency?old=1&size=2", "text/html", true},
		{"/documents/999999", "application/json", true},
		{"/documents/999999", "text/html,application/json;q=0.9", false},
		{"/documents/999999", "", false},
	} {
		res := get(t, srv, tc.path, "Accept", tc.accept)
		isJSON := strings.HasPrefix(res.header.Get("Content-Type"), "application/json")
		if isJSON != tc.json || res.status < 400 {
			t.Errorf("%s (Accept %q): %d %s, want JSON %v", tc.path, tc.accept, res.status, res.header.Get("Content-Type"), tc.json)
		}
		if isJSON && !strings.Contains(res.body, `"error"`) {
			t.Errorf("%s: JSON without an error: %s", tc.path, res.body)
		}
	}
	// An error page has no JSON twin to offer (issue 14): the API's
	// answer to the same path is the error, which Accept already gives.
	for _, path := range []string{"/log/checkpoint", "/no/such/page", "/documents/999999"} {
		if res := get(t, srv, path); strings.Contains(res.body, "This page as JSON") {
			t.Errorf("%s links a JSON twin that does not exist:\n%s", path, res.body)
		}
	}
}
