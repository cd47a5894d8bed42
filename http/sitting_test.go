package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

const xxiiSitting = "/organizations/SCO/bodies/PGM/meetings/22"

// sittingMatrix says who may use the routes of a meeting in session:
// anyone follows it; the chair officer of the state holding the chair and
// the secretariat run it (a command that does not fit a sitting not in
// session reaches the engine: 409); a state's delegation, and the
// secretariat, ask for the floor for it.
func sittingMatrix() map[string][]matrixCase {
	runners := every(403, rolePublic, 401, roleSecretariat, 409)
	askers := every(403, rolePublic, 401, roleSecretariat, 409, roleDelegation, 409)
	return map[string][]matrixCase{
		"sitting": {{path: xxiiSitting + "/sitting", want: every(200)}},
		"sitting_change": {
			{method: "POST", path: xxiiSitting + "/sitting", body: `{"kind":"floor_taken"}`, want: runners},
			{method: "POST", path: xxiiSitting + "/sitting", body: `{"kind":"floor_requested","state":"IN"}`, want: askers},
		},
		"sitting_screen": {{path: xxiiSitting + "/screen", want: every(200)}},
		"sitting_follow": {{path: xxiiSitting + "/follow", want: every(200)}},
		"sitting_stream": {
			{path: "/api/v1" + xxiiSitting + "/live?last_event_id=x", want: every(400)},
			{path: "/api/v1/organizations/SCO/bodies/PGM/meetings/999/live", want: every(404)},
		},
	}
}

// sittingServer replaces the fixture's server with one whose hub is fed
// from storage, as cmd/accord feeds it.
func sittingServer(t *testing.T, f *fixture) *accordhttp.Server {
	t.Helper()
	h, err := accordhttp.New(accordhttp.Config{Store: f.db, Auth: f.auth, Now: f.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// The server before may hold streams open: they end with it.
	f.srv.CloseClientConnections()
	f.srv.Close()
	f.srv = httptest.NewServer(h)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.db.FollowSittings(ctx, 0, h.Hub().Publish, func(err error) { t.Log(err) })
	}()
	t.Cleanup(func() {
		h.Hub().Close()
		f.srv.CloseClientConnections()
		f.srv.Close()
		stop()
		<-done
	})
	return h
}

// sse is a client of a stream: the events it read, in order.
type sse struct {
	res    *http.Response
	events chan accord.SittingEvent
	ids    chan int64
}

func openStream(t *testing.T, url string, header ...string) *sse {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		t.Fatalf("stream %s: %d %s %s", url, res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	s := &sse{res: res, events: make(chan accord.SittingEvent, 100)}
	t.Cleanup(func() { res.Body.Close() })
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(res.Body)
		var id int64
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				id, _ = strconv.ParseInt(line[4:], 10, 64)
			case strings.HasPrefix(line, "data: "):
				var e accord.SittingEvent
				if json.Unmarshal([]byte(line[6:]), &e) == nil && e.ID == id {
					s.events <- e
				}
			}
		}
	}()
	return s
}

// next is the next event of the stream; the test's own deadline bounds
// the wait.
func (s *sse) next(t *testing.T) accord.SittingEvent {
	t.Helper()
	e, ok := <-s.events
	if !ok {
		t.Fatal("the stream ended")
	}
	return e
}

// sittingState is what a refused command must leave unchanged: the
// sitting's version and the number of events of the outbox.
func sittingState(t *testing.T, db *sqlstore.DB, meeting int64) [2]int64 {
	t.Helper()
	s, err := db.Sitting(context.Background(), meeting)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := db.SittingEvents(context.Background(), 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return [2]int64{s.Version, int64(len(evs))}
}

// TestSittingHTTP runs a sitting through the API on both engines: each
// bad input of the issue is refused with a 4xx and changes nothing, and a
// stream opened before the commands receives every event in order.
func TestSittingHTTP(t *testing.T) {
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
		// A second meeting of the body, the same day, for the one-hall
		// rule.
		other := *m
		other.ID, other.Number = 0, 24
		if err := db.CreateMeeting(ctx, &other); err != nil {
			t.Fatal(err)
		}
		sec, india, pakistan := f.session(t, roleSecretariat), f.session(t, roleDelegation), f.session(t, roleHead)
		api := "/api/v1" + xxiiSitting
		cmd := func(cookie, body string, want int) response {
			t.Helper()
			res := f.do(t, request{method: "POST", path: api + "/sitting", body: body, cookie: cookie})
			if res.status != want {
				t.Fatalf("%s: %d, want %d\n%.400s", body, res.status, want, res.body)
			}
			return res
		}
		stream := openStream(t, f.srv.URL+api+"/live")

		refuse := func(name string, fn func() response, want int, field string) {
			t.Helper()
			before := sittingState(t, db, m.ID)
			res := fn()
			var e struct{ Error struct{ Field string } }
			_ = json.Unmarshal([]byte(res.body), &e)
			if res.status != want || e.Error.Field != field {
				t.Errorf("%s: %d %s, want %d naming %s", name, res.status, res.body, want, field)
			}
			if after := sittingState(t, db, m.ID); after != before {
				t.Errorf("%s changed the sitting: %v → %v", name, before, after)
			}
		}
		post := func(cookie, body string) func() response {
			return func() response {
				return f.do(t, request{method: "POST", path: api + "/sitting", body: body, cookie: cookie})
			}
		}
		refuse("the floor given while not in session", post(sec, `{"kind":"floor_given","request":1}`), 409, "kind")

		cmd(sec, `{"kind":"session_opened"}`, 200)
		cmd(sec, `{"kind":"item_opened","item":`+strconv.FormatInt(agenda[0].ID, 10)+`}`, 200)
		cmd(india, `{"kind":"floor_requested"}`, 200)
		cmd(pakistan, `{"kind":"floor_requested","request_kind":"point_of_order"}`, 200)

		for _, tc := range []struct {
			name  string
			fn    func() response
			want  int
			field string
		}{
			{"a request from a state with no delegation at the meeting", post(sec, `{"kind":"floor_requested","state":"TR"}`), 400, "state"},
			{"a request for another state's delegation", post(india, `{"kind":"floor_requested","state":"PK"}`), 403, ""},
			{"a second meeting of the body in session the same day", func() response {
				return f.do(t, request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM/meetings/24/sitting", body: `{"kind":"session_opened"}`, cookie: sec})
			}, 409, "kind"},
			{"a negative timer", post(sec, `{"kind":"floor_given","request":1,"limit":"-5"}`), 400, "limit"},
			{"an absurd timer", post(sec, `{"kind":"floor_given","request":1,"limit":"99999999999999999"}`), 400, "limit"},
			{"a timer over two hours", post(sec, `{"kind":"floor_given","request":1,"limit":"7201"}`), 400, "limit"},
			{"a field the kind does not read", post(sec, `{"kind":"session_closed","item":"3"}`), 400, "item"},
			{"an unknown kind", post(sec, `{"kind":"adjourn_forever"}`), 400, "kind"},
			{"a delegation running the sitting", post(india, `{"kind":"session_closed"}`), 403, ""},
			{"a malformed Last-Event-ID", func() response {
				return f.do(t, request{path: api + "/live", header: map[string]string{"Last-Event-ID": "abc"}})
			}, 400, "Last-Event-ID"},
			{"a negative Last-Event-ID", func() response {
				return f.do(t, request{path: api + "/live", header: map[string]string{"Last-Event-ID": "-1"}})
			}, 400, "Last-Event-ID"},
		} {
			t.Run(tc.name, func(t *testing.T) { refuse(tc.name, tc.fn, tc.want, tc.field) })
		}

		// The point of order goes first; the chair gives it the floor.
		var console struct {
			List []struct {
				ID    int64
				State string
			}
			AskAs []struct {
				State  string
				Places []int
			} `json:"ask_as"`
		}
		res := f.do(t, request{path: api + "/sitting", cookie: india})
		if err := json.Unmarshal([]byte(res.body), &console); err != nil {
			t.Fatal(err)
		}
		if len(console.List) != 2 || console.List[0].State != "PK" || console.List[1].State != "IN" {
			t.Fatalf("speakers list %+v", console.List)
		}
		if len(console.AskAs) != 1 || console.AskAs[0].State != "IN" || len(console.AskAs[0].Places) != 1 || console.AskAs[0].Places[0] != 2 {
			t.Errorf("India's delegation sees %+v, want its own request, second in line", console.AskAs)
		}
		cmd(sec, `{"kind":"floor_given","request":`+strconv.FormatInt(console.List[0].ID, 10)+`,"limit":"120"}`, 200)

		want := []accord.SittingChange{accord.SittingOpened, accord.ItemOpened, accord.FloorRequested, accord.FloorRequested, accord.FloorGiven}
		var last int64
		for i, kind := range want {
			e := stream.next(t)
			if e.Kind != kind || e.ID <= last || e.Version != int64(i+1) {
				t.Fatalf("event %d: %+v, want %s after id %d", i, e, kind, last)
			}
			last = e.ID
		}

		var screen struct {
			Floor     struct{ State string }
			Remaining int
			Next      []struct{ State string }
		}
		if err := json.Unmarshal([]byte(f.do(t, request{path: api + "/screen"}).body), &screen); err != nil {
			t.Fatal(err)
		}
		if screen.Floor.State != "PK" || screen.Remaining != 120 || len(screen.Next) != 1 || screen.Next[0].State != "IN" {
			t.Errorf("hall screen: %+v", screen)
		}
		page := f.do(t, request{path: xxiiSitting + "/follow?lang=ru"})
		if !strings.Contains(page.body, "Пакистан") || !strings.Contains(page.body, "слово предоставлено") {
			t.Errorf("the public page in Russian does not show the floor given:\n%.2000s", page.body)
		}
	})
}

// TestSittingReplay reconnects with Last-Event-ID: a client is given the
// events after it, from the hub's memory, and from the outbox when the
// server started after them (a new instance, whose hub knows none).
func TestSittingReplay(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		sittingServer(t, f)
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		sec := f.session(t, roleSecretariat)
		api := "/api/v1" + xxiiSitting
		follow := openStream(t, f.srv.URL+api+"/live")
		var ids []int64
		for i := range 4 {
			body := `{"kind":"session_opened"}`
			if i > 0 {
				body = `{"kind":"screen_set","message":"pause ` + strconv.Itoa(i) + `"}`
			}
			if res := f.do(t, request{method: "POST", path: api + "/sitting", body: body, cookie: sec}); res.status != 200 {
				t.Fatalf("%s: %d %s", body, res.status, res.body)
			}
			ids = append(ids, follow.next(t).ID)
		}
		replayed := func(s *sse, n int) []int64 {
			var got []int64
			for range n {
				got = append(got, s.next(t).ID)
			}
			return got
		}
		from := strconv.FormatInt(ids[1], 10)
		if got := replayed(openStream(t, f.srv.URL+api+"/live", "Last-Event-ID", from), 2); !equalIDs(got, ids[2:]) {
			t.Errorf("replay from the hub after %s: %v, want %v", from, got, ids[2:])
		}
		if got := replayed(openStream(t, f.srv.URL+api+"/live?last_event_id="+from), 2); !equalIDs(got, ids[2:]) {
			t.Errorf("replay by the query after %s: %v, want %v", from, got, ids[2:])
		}

		// A server started now knows none of them: the outbox serves the
		// replay, and what follows comes live, once.
		h := sittingServer(t, f)
		last, err := db.LastSittingEvent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		h.Hub().Resume(last)
		s := openStream(t, f.srv.URL+api+"/live", "Last-Event-ID", from)
		if got := replayed(s, 2); !equalIDs(got, ids[2:]) {
			t.Errorf("replay from the outbox after %s: %v, want %v", from, got, ids[2:])
		}
		if res := f.do(t, request{method: "POST", path: api + "/sitting", body: `{"kind":"session_closed"}`, cookie: sec}); res.status != 200 {
			t.Fatalf("close: %d %s", res.status, res.body)
		}
		if e := s.next(t); e.Kind != accord.SittingClosed || e.ID <= ids[3] || e.Meeting != m.ID {
			t.Errorf("after the replay: %+v", e)
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// walkSitting puts meeting XXII in session through the API and checks the
// answers of the console, the screen, the public page and the stream
// against the document.
func walkSitting(w *walker, cookie string) {
	t := w.t
	api := "/api/v1" + xxiiSitting
	w.send("sitting_change", cookie, api+"/sitting", `{"kind":"session_opened"}`, 200)
	console := w.send("sitting", cookie, api+"/sitting", "", 200)
	var v struct{ Agenda []accord.AgendaItem }
	if err := json.Unmarshal([]byte(console.body), &v); err != nil || len(v.Agenda) == 0 {
		t.Fatalf("console: %v %.300s", err, console.body)
	}
	w.send("sitting_change", cookie, api+"/sitting", `{"kind":"item_opened","item":"`+strconv.FormatInt(v.Agenda[0].ID, 10)+`"}`, 200)
	w.send("sitting_change", cookie, api+"/sitting", `{"kind":"floor_requested","state":"KG","request_kind":"right_of_reply"}`, 200)
	w.send("sitting_change", cookie, api+"/sitting", `{"kind":"floor_given","request":"1","limit":"180"}`, 200)
	w.send("sitting_screen", "", api+"/screen", "", 200)
	w.send("sitting_follow", "", api+"/follow", "", 200)
	// The stream's head: its status and type; the stream itself never
	// ends, so only the first block is read.
	req, err := http.NewRequest("GET", w.f.srv.URL+api+"/live", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(res.Body).ReadString('\n')
	res.Body.Close()
	if !strings.HasPrefix(line, "retry: ") {
		t.Errorf("the stream begins with %q", line)
	}
	w.check("sitting_stream", api+"/live", response{status: res.StatusCode, header: res.Header})
}

// TestStreamsOpening: streams are set up a few at a time, and every
// setup gives its place back, refused or not: after many more refusals
// and open streams than there are places, a new stream still opens.
func TestStreamsOpening(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sittingServer(t, f)
		url := f.srv.URL + "/api/v1" + xxiiSitting + "/live"
		const many = 40 // above the places (16)
		for range many {
			if res := f.do(t, request{path: "/api/v1" + xxiiSitting + "/live?last_event_id=x"}); res.status != 400 {
				t.Fatalf("a malformed id: %d", res.status)
			}
		}
		for range many {
			openStream(t, url)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("a stream after %d refusals and %d streams: %v", many, many, err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("a stream after %d refusals and %d streams: %d", many, many, res.StatusCode)
		}
	})
}
