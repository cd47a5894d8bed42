package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// Only serve and demo make a log key. The log commands on a folder without
// one stop, say where the key should be, and leave nothing behind: a key
// made there would sign checkpoints the real key's trust file refuses.
func TestLogCommandsNeedTheKey(t *testing.T) {
	dsn := sqltest.DSN(t, sqlstore.SQLite)
	if code, _, errOut := cli(t, nil, "migrate", "--db", dsn, "--data", t.TempDir()); code != 0 {
		t.Fatal(errOut)
	}
	for _, sub := range []string{"checkpoint", "verify", "trust"} {
		data := t.TempDir()
		code, out, errOut := cli(t, nil, "log", sub, "--db", dsn, "--data", data)
		key := filepath.Join(data, logKeyFile)
		if code != 1 || !strings.Contains(errOut, "there is no log key at "+key) || out != "" {
			t.Errorf("log %s without a key: exit %d\n%s%s", sub, code, out, errOut)
		}
		if _, err := os.Stat(key); !os.IsNotExist(err) {
			t.Errorf("log %s made a log key: %v", sub, err)
		}
	}
	db, err := sqlstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.LatestCheckpoint(context.Background()); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("a log command stored a checkpoint: %v", err)
	}
}

// A port in use says how to choose another.
func TestBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dsn := sqltest.DSN(t, sqlstore.SQLite)
	code, _, errOut := cli(t, nil, "demo", "--db", dsn, "--data", t.TempDir(), "--addr", ln.Addr().String())
	if code != 1 || !strings.Contains(errOut, ln.Addr().String()+" is in use") || !strings.Contains(errOut, "--addr") {
		t.Errorf("demo on a busy port: exit %d, %q", code, errOut)
	}
}

// The links the server prints use the name it listens on, which passkeys
// need, not the address the name resolved to.
func TestURLUsesTheName(t *testing.T) {
	m := NewMain(Config{Addr: "localhost:0", DB: sqltest.DSN(t, sqlstore.SQLite), DataDir: t.TempDir(), Migrate: true,
		CheckpointEvery: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer m.Close()
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if u := m.URL(); !strings.HasPrefix(u, "http://localhost:") {
		t.Errorf("URL %s", u)
	}
	fetch(t, m.URL()+"/healthz", 200)
}

// The metrics listener reports requests by route, the pools and the log,
// on both engines; the public listener does not serve them.
func TestMetrics(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "demo"})
			m := NewMain(Config{Addr: "127.0.0.1:0", DB: sqltest.DSN(t, engine), DataDir: t.TempDir(), Migrate: true,
				MetricsAddr: "127.0.0.1:0", CheckpointEvery: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			defer m.Close()
			if err := m.Run(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := demo.Load(ctx, m.DB, accord.DateOf(m.Config.Now())); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Log.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			fetch(t, m.URL()+"/documents/1", 200)
			fetch(t, m.URL()+"/documents/999999", 404)
			fetch(t, m.URL()+"/metrics", 404)
			body := fetch(t, m.MetricsURL(), 200)
			for _, want := range []string{
				`accord_http_requests_total{code="200",method="GET",route="document"} 1`,
				`accord_http_requests_total{code="404",method="GET",route="document"} 1`,
				`accord_http_requests_total{code="404",method="GET",route="not_found"} 1`,
				`accord_http_request_duration_seconds_count{method="GET",route="document"} 2`,
				`go_sql_open_connections{db_name=`,
				"accord_log_size ",
				"accord_log_checkpoint_size ",
				"accord_log_checkpoint_age_seconds ",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
			if strings.Contains(body, `route="/`) {
				t.Errorf("metrics show a raw path")
			}
			if t.Failed() {
				t.Log(body)
			}
		})
	}
}
