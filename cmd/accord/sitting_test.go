package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// streamEvents reads a meeting's stream and sends its events on the
// channel it returns, until the stream ends.
func streamEvents(t *testing.T, url string, header ...string) <-chan accord.SittingEvent {
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
	if res.StatusCode != 200 {
		res.Body.Close()
		t.Fatalf("stream: %d", res.StatusCode)
	}
	t.Cleanup(func() { res.Body.Close() })
	out := make(chan accord.SittingEvent, 100)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var e accord.SittingEvent
				if json.Unmarshal([]byte(data), &e) == nil {
					out <- e
				}
			}
		}
	}()
	return out
}

// TestSittingAcrossInstances runs two instances on one PostgreSQL: a
// stream on instance two receives, in order, the changes made through
// instance one, woken by NOTIFY and read from the outbox; and closing an
// instance ends its streams, so that it shuts down at once.
func TestSittingAcrossInstances(t *testing.T) {
	dsn := sqltest.DSN(t, sqlstore.Postgres)
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	preloadDemo(t, ctx, dsn)
	d1, d2 := t.TempDir(), t.TempDir()
	one := startInstance(t, dsn, d1, nil)
	key, err := os.ReadFile(filepath.Join(d1, logKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d2, logKeyFile), key, 0o600); err != nil {
		t.Fatal(err)
	}
	two := startInstance(t, dsn, d2, nil)
	u, err := one.DB.FindUserByEmail(ctx, "secretariat@demo.accord")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := one.Auth.CreateToken(ctx, u, "sitting", accord.ScopeWrite, 1)
	if err != nil {
		t.Fatal(err)
	}
	const xxii = "/api/v1/organizations/SCO/bodies/PGM/meetings/22"
	m, err := one.DB.FindMeeting(ctx, "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	agenda, err := one.DB.ListAgenda(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	onTwo := streamEvents(t, two.URL()+xxii+"/live")
	var ids []int64
	for _, body := range []string{`{"kind":"session_opened"}`, `{"kind":"item_opened","item":` + strconv.FormatInt(agenda[0].ID, 10) + `}`,
		`{"kind":"floor_requested","state":"KG"}`, `{"kind":"floor_given","request":1,"limit":60}`} {
		status, _, b := call(t, "POST", one.URL()+xxii+"/sitting", token, strings.NewReader(body), "Content-Type", "application/json")
		if status != 200 {
			t.Fatalf("%s through instance one: %d %s", body, status, b)
		}
		e, ok := <-onTwo
		if !ok {
			t.Fatal("instance two's stream ended")
		}
		var sent struct{ Kind accord.SittingChange }
		if err := json.Unmarshal([]byte(body), &sent); err != nil {
			t.Fatal(err)
		}
		if want := sent.Kind; e.Kind != want {
			t.Fatalf("instance two received %+v, want %s", e, want)
		}
		ids = append(ids, e.ID)
	}
	// A client that returns to instance one, which never served it,
	// is given what it missed.
	back := streamEvents(t, one.URL()+xxii+"/live", "Last-Event-ID", strconv.FormatInt(ids[1], 10))
	for _, want := range ids[2:] {
		if e := <-back; e.ID != want {
			t.Fatalf("replay on instance one: %+v, want id %d", e, want)
		}
	}
	// Closing an instance ends its streams.
	if err := two.Close(); err != nil {
		t.Fatal(err)
	}
	for range onTwo {
		t.Error("an event after the instance closed")
	}
}
