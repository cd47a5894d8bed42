package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
)

// TestDemoRecordsRealDates loads the demo as a user does (accord demo),
// then reads its pages: what the Bishkek meetings of 25 July 2024 published
// and signed shows that day, not the day of the load; what the demo adds
// today (the accounts' day) still shows today; the records stay labelled
// as the demo's; and the log, whose entries carry those dates, verifies.
func TestDemoRecordsRealDates(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "demo.db")
	data := t.TempDir()
	if code, stdout, stderr := runCLI(t, "demo", "--db", dsn, "--addr", "127.0.0.1:0", "--data", data, "--load-only"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, stdout, stderr)
	}
	today := accord.DateOf(time.Now().UTC())
	ctx := context.Background()
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: dsn, DataDir: data, CheckpointEvery: -1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { m.Close() })
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	docs, err := m.DB.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, d := range docs {
		ids[d.Reference] = d.ID
	}
	get := func(path string) string {
		t.Helper()
		rec := httptest.NewRecorder()
		m.Handler.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		return rec.Body.String()
	}
	doc := func(ref string) string {
		t.Helper()
		id, ok := ids[ref]
		if !ok {
			t.Fatalf("no document %s after the demo", ref)
		}
		return "/documents/" + strconv.FormatInt(id, 10)
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		// The Kabar report, after both meetings (18:00 in Bishkek).
		{doc("KABAR/2024-07-25"), []string{"Revision 1, stored 25 July 2024, 12:00 UTC."}},
		// The protocol at its adoption, still said to be the demo's text.
		{doc("SCO/PGM/22/PROTOCOL"), []string{"25 July 2024, 06:30 UTC", "Accord demo text"}},
		// Each head signed on the day, a minute apart.
		{doc("SCO/PGM/22/PROTOCOL") + "/signing", []string{"signed, 25 July 2024, 07:10 UTC", "signed, 25 July 2024, 07:19 UTC"}},
	} {
		body := get(c.path)
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", c.path, w)
			}
		}
		if day := formatDay(today); strings.Contains(body, day) {
			t.Errorf("%s shows the day of the load, %s", c.path, day)
		}
	}
	// The public documents list shows the Kabar report on its day too.
	if list := get("/documents"); !strings.Contains(list, "25 July 2024, 12:00 UTC") {
		t.Error("the documents list does not show the Kabar report's day")
	}

	// The store's clock is the real one again after the load: the demo's
	// accounts were made today.
	users, err := m.DB.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if accord.DateOf(u.CreatedAt.UTC()) != today {
			t.Errorf("account %s made on %s, want today (%s)", u.Email, u.CreatedAt, today)
		}
	}

	m.Close()
	dbArgs := []string{"--db", dsn, "--data", data}
	if code, out, errOut := cli(t, nil, append([]string{"log", "verify"}, dbArgs...)...); code != 0 || !strings.Contains(out, "The database matches its log.") {
		t.Fatalf("log verify: %d\n%s\n%s", code, out, errOut)
	}
	bundle, trust := filepath.Join(data, "SCO-PGM-22-PROTOCOL.bundle.json"), filepath.Join(data, "trust.txt")
	if code, out, errOut := cli(t, nil, "verify", bundle, "--trust", trust); code != 0 || !strings.Contains(out, "Verified: signed by all") || !strings.Contains(out, "2024-07-25") {
		t.Fatalf("verify: %d\n%s\n%s", code, out, errOut)
	}
}

// formatDay is how an English page writes day d.
func formatDay(d accord.Date) string {
	return strconv.Itoa(d.Day) + " " + d.Month.String() + " " + strconv.Itoa(d.Year)
}
