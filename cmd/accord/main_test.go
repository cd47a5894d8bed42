package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestEndToEnd starts the whole server on port :0 over a fresh database on
// each engine, loads the demo, and reads what the foundation promises.
func TestEndToEnd(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			m := NewMain(Config{Addr: "127.0.0.1:0", DB: sqltest.DSN(t, engine), DataDir: t.TempDir(), Migrate: true,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			t.Cleanup(func() {
				if err := m.Close(); err != nil {
					t.Error(err)
				}
			})
			if err := m.Run(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := demo.Load(ctx, m.DB, accord.DateOf(time.Now())); err != nil {
				t.Fatal(err)
			}
			if body := fetch(t, m.URL()+"/healthz", 200); !strings.Contains(body, "ok") {
				t.Errorf("healthz: %q", body)
			}
			fetch(t, m.URL()+"/readyz", 200)
			for on, want := range map[string]int{"2023-07-03": 8, "2024-07-25": 10} {
				var members struct{ Count int }
				decode(t, fetch(t, m.URL()+"/api/v1/organizations/SCO/members?on="+on, 200), &members)
				if members.Count != want {
					t.Errorf("members on %s: %d, want %d", on, members.Count, want)
				}
			}
			var meeting struct {
				Meeting     accord.Meeting
				Chair       accord.State
				Agenda      []accord.AgendaItem
				Delegations []accord.Delegation
			}
			decode(t, fetch(t, m.URL()+"/api/v1/organizations/SCO/bodies/PGM/meetings/22", 200), &meeting)
			if meeting.Meeting.City["en"] != "Bishkek" || !strings.Contains(meeting.Meeting.Venue["en"], "Ala-Archa") ||
				meeting.Chair.Code != "KG" || len(meeting.Agenda) == 0 || len(meeting.Delegations) != 10 {
				t.Errorf("meeting XXII: %+v", meeting)
			}
			fetch(t, m.URL()+"/api/v1/organizations/SCO/members?on=2024-13-45", 400)
			fetch(t, m.URL()+"/api/v1/organizations/NOPE", 404)
		})
	}
}

// TestServeRefusesOldSchema checks that serve will not run on a database
// whose schema is behind, and says what to do; and that migrate fixes it.
func TestServeRefusesOldSchema(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := sqltest.DSN(t, engine)
			args := []string{"--db", dsn, "--addr", "127.0.0.1:0", "--data", t.TempDir()}
			code, _, stderr := runCLI(t, append([]string{"serve"}, args...)...)
			if code != 1 || !strings.Contains(stderr, "accord migrate") {
				t.Fatalf("serve on an empty database: exit %d, stderr %q", code, stderr)
			}
			// Every command that opens the database refuses it the same way.
			for _, cmd := range [][]string{{"user", "list"}, {"chairs", "check"}} {
				dbArgs := []string{"--db", dsn, "--data", t.TempDir()}
				if code, _, stderr := runCLI(t, append(cmd, dbArgs...)...); code != 1 || !strings.Contains(stderr, "accord migrate") {
					t.Errorf("accord %v on an empty database: exit %d, stderr %q", cmd, code, stderr)
				}
			}
			// migrate has no server flags: only where the database is.
			migrateArgs := args[:2]
			code, stdout, stderr := runCLI(t, append([]string{"migrate"}, migrateArgs...)...)
			if code != 0 || !strings.Contains(stdout, "schema version") {
				t.Fatalf("migrate: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, _ = runCLI(t, append([]string{"migrate"}, migrateArgs...)...)
			if code != 0 || !strings.Contains(stdout, "Applied 0 migration") {
				t.Errorf("second migrate: exit %d, %q", code, stdout)
			}
		})
	}
}

// TestDemoLoadOnly runs the demo command the way a user does, twice.
func TestDemoLoadOnly(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "demo.db")
	// One data folder: it holds the log's key, which the database recorded.
	data := t.TempDir()
	for i, want := range []string{"records created", "already loaded, nothing added"} {
		code, stdout, stderr := runCLI(t, "demo", "--db", dsn, "--addr", "127.0.0.1:0", "--data", data, "--load-only")
		if code != 0 || !strings.Contains(stdout, want) {
			t.Fatalf("demo run %d: exit %d, stdout %q, stderr %q", i+1, code, stdout, stderr)
		}
	}
	db, err := sqlstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.FindMeeting(context.Background(), "SCO", "PGM", 22); err != nil {
		t.Errorf("after demo: %v", err)
	}
}

// serverOnly are the flags only serve and demo have.
var serverOnly = []string{"-addr", "-checkpoint-every", "-public-url", "-witnesses", "-metrics-addr", "-log-format", "-trusted-proxies"}

// TestUsage checks the command line's answers to help and to mistakes.
func TestUsage(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stdout string
		stderr string
		// absent must not be in stderr.
		absent []string
	}{
		{nil, 2, "", "Commands:", nil},
		{[]string{"help"}, 0, "serve", "", nil},
		{[]string{"help", "serve"}, 0, "", "-addr", nil},
		{[]string{"serve", "-h"}, 0, "", "ACCORD_DB", nil},
		{[]string{"serve", "-h"}, 0, "", "-metrics-addr", nil},
		{[]string{"demo", "-h"}, 0, "", "-load-only", nil},
		{[]string{"demo", "-h"}, 0, "", "-trusted-proxies", nil},
		{[]string{"migrate", "-h"}, 0, "", "-db", serverOnly},
		{[]string{"chairs", "check", "-h"}, 0, "", "-db", serverOnly},
		{[]string{"user", "list", "-h"}, 0, "", "-db", serverOnly},
		{[]string{"log", "verify", "-h"}, 0, "", "-data", append(serverOnly, "-witnesses")},
		{[]string{"log", "trust", "-h"}, 0, "", "-witnesses", []string{"-addr", "-public-url"}},
		{[]string{"version"}, 0, "accord dev", "", nil},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, nil},
		{[]string{"log", "bogus"}, 2, "", `accord log: unknown subcommand "bogus"`, nil},
		{[]string{"key", "bogus"}, 2, "", `accord key: unknown subcommand "bogus"`, nil},
		{[]string{"log"}, 2, "", "Usage: accord log", []string{"unknown subcommand"}},
		{[]string{"verify", "x.bundle.json"}, 2, "", "--trust FILE is missing", nil},
		{[]string{"verify", "--trust", "t.txt"}, 2, "", "give one bundle file", nil},
		{[]string{"serve", "--port", "80"}, 2, "", "flag provided but not defined: -port", nil},
		{[]string{"serve", "--log-format", "xml"}, 1, "", `log-format: "xml" is not a log format`, nil},
		{[]string{"serve", "--trusted-proxies", "10.0.0.0/8,nonsense"}, 1, "", "trusted-proxies:", nil},
		{[]string{"version", "extra"}, 2, "", `unexpected argument "extra"`, nil},
	}
	for _, tc := range cases {
		code, stdout, stderr := runCLI(t, tc.args...)
		for _, a := range tc.absent {
			if strings.Contains(stderr, a) {
				t.Errorf("accord %v: shows %s, a flag it does not have:\n%s", tc.args, a, stderr)
			}
		}
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("accord %v: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", tc.args, code, tc.code, stdout, tc.stdout, stderr, tc.stderr)
		}
	}
}

// TestEnvironment checks that flags win over the environment, which wins
// over the defaults.
func TestEnvironment(t *testing.T) {
	env := map[string]string{"ACCORD_ADDR": "127.0.0.1:9999", "ACCORD_DATA": "/srv/accord"}
	cfg := bindServerConfig(newFlagSet("t", "", io.Discard), func(k string) string { return env[k] }).cfg
	if cfg.Addr != "127.0.0.1:9999" || cfg.dsn() != "/srv/accord/accord.db" {
		t.Errorf("from the environment: %+v, dsn %s", cfg, cfg.dsn())
	}
	fs := newFlagSet("t", "", io.Discard)
	cfg = bindServerConfig(fs, func(k string) string { return env[k] }).cfg
	if err := fs.Parse([]string{"--addr", ":1", "--db", "postgres://x@y/z"}); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":1" || cfg.dsn() != "postgres://x@y/z" {
		t.Errorf("flags over the environment: %+v", cfg)
	}
	if got := describeDB("postgres://user:secret@db.example:5432/accord?sslmode=disable"); strings.Contains(got, "secret") {
		t.Errorf("describeDB shows the password: %s", got)
	}
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code = run(ctx, args, func(string) string { return "" }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func fetch(t *testing.T, url string, status int) string {
	t.Helper()
	code, _, b := call(t, "GET", url, "", nil)
	if code != status {
		t.Errorf("GET %s: %d, want %d\n%s", url, code, status, b)
	}
	return string(b)
}

func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode: %v\n%s", err, body)
	}
}
