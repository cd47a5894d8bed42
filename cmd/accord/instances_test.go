package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
)

// startInstance runs the whole server on dsn with its own data folder, as
// one instance behind a load balancer would.
func startInstance(t *testing.T, dsn, data string, edit func(*Config)) *Main {
	t.Helper()
	cfg := Config{Addr: "127.0.0.1:0", DB: dsn, DataDir: data, Migrate: true, CheckpointEvery: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelError}))}
	if edit != nil {
		edit(&cfg)
	}
	m := NewMain(cfg)
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

// preloadDemo migrates the database at dsn and loads the demo with its
// accounts, before any instance starts on it.
func preloadDemo(t *testing.T, ctx context.Context, dsn string) {
	t.Helper()
	pre, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pre.Close()
	if _, err := pre.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, pre, accord.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadAccounts(ctx, pre, auth.New(pre, time.Now)); err != nil {
		t.Fatal(err)
	}
}

// call sends a request, with a bearer token unless it is "", and returns the status and body.
func call(t *testing.T, method, url, token string, body io.Reader, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

// TestTwoInstances runs two instances on one PostgreSQL database, each
// with its own data folder and the log key copied into both, as the README
// says: writes go through both, a file uploaded on one is served by the
// other, ranges and tags included, one instance signs at a time, and the
// log verifies.
func TestTwoInstances(t *testing.T) {
	dsn := sqltest.DSN(t, sqlstore.Postgres)
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	// The demo is loaded before the instances start, so that their
	// checkpoint loops run during the writes under test alone.
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
	token, _, err := one.Auth.CreateToken(ctx, u, "two instances", accord.ScopeWrite, 1)
	if err != nil {
		t.Fatal(err)
	}
	var meeting struct{ Meeting accord.Meeting }
	decode(t, fetch(t, two.URL()+"/api/v1/organizations/SCO/bodies/PGM/meetings/22", 200), &meeting)

	// Documents created through each instance, each read through the other.
	ids := map[*Main]int64{}
	for i, m := range []*Main{one, two} {
		body := fmt.Sprintf(`{"meeting_id":%d,"author":"secretariat","reference":"SCO/PGM/22/TWO/%d","kind":"other","classification":"public",`+
			`"lang":"en","title":"Written through instance %d","body":"Text."}`, meeting.Meeting.ID, i+1, i+1)
		status, _, b := call(t, "POST", m.URL()+"/api/v1/documents", token, strings.NewReader(body), "Content-Type", "application/json")
		if status != 201 {
			t.Fatalf("create through instance %d: %d %s", i+1, status, b)
		}
		var created struct{ Document accord.Document }
		decode(t, string(b), &created)
		ids[m] = created.Document.ID
	}
	for m, other := range map[*Main]*Main{one: two, two: one} {
		status, _, b := call(t, "GET", other.URL()+fmt.Sprintf("/api/v1/documents/%d", ids[m]), token, nil)
		if status != 200 || !strings.Contains(string(b), "Written through instance") {
			t.Errorf("a document read through the other instance: %d %s", status, b)
		}
	}

	// A file of several chunks, uploaded through one and served by two.
	content := append([]byte("%PDF-1.7\n"), make([]byte, 2*sqlstore.FileChunkSize+777)...)
	rand.NewChaCha8([32]byte{7}).Read(content[9:])
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	fw, _ := w.CreateFormFile("file", "annex.pdf")
	fw.Write(content)
	w.Close()
	status, _, b := call(t, "POST", one.URL()+fmt.Sprintf("/api/v1/documents/%d/attachments", ids[one]), token, &form, "Content-Type", w.FormDataContentType())
	if status != 201 {
		t.Fatalf("upload through instance 1: %d %s", status, b)
	}
	var up struct {
		Attachment accord.Attachment
		URL        string
	}
	decode(t, string(b), &up)
	if _, err := os.Stat(filepath.Join(d1, "files")); !os.IsNotExist(err) {
		t.Errorf("the file went to the data folder: %v", err)
	}
	status, h, b := call(t, "GET", two.URL()+up.URL, token, nil)
	if status != 200 || !bytes.Equal(b, content) || h.Get("ETag") != `"`+up.Attachment.SHA256+`"` || h.Get("Content-Type") != accord.MediaPDF {
		t.Errorf("download through instance 2: %d, %d bytes, ETag %s", status, len(b), h.Get("ETag"))
	}
	from, to := sqlstore.FileChunkSize-10, sqlstore.FileChunkSize+9
	status, h, b = call(t, "GET", two.URL()+up.URL, token, nil, "Range", fmt.Sprintf("bytes=%d-%d", from, to))
	if status != 206 || !bytes.Equal(b, content[from:to+1]) || h.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/%d", from, to, len(content)) {
		t.Errorf("range across a chunk boundary: %d, %d bytes, %s", status, len(b), h.Get("Content-Range"))
	}
	if status, _, _ = call(t, "GET", two.URL()+up.URL, token, nil, "If-None-Match", `"`+up.Attachment.SHA256+`"`); status != 304 {
		t.Errorf("If-None-Match with the file's tag: %d, want 304", status)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		cp, err := one.DB.LatestCheckpoint(ctx)
		if err == nil && cp.Size > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint from the loops: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// While instance 1 signs, instance 2 skips its round.
	ran, err := one.DB.WithSignerLock(ctx, true, func(ctx context.Context) error {
		if _, signed, err := two.Log.TryCheckpoint(ctx); err != nil || signed {
			t.Errorf("instance 2 signed while instance 1 held the lock: %v %v", signed, err)
		}
		return nil
	})
	if !ran || err != nil {
		t.Fatalf("signer lock: %v %v", ran, err)
	}
	if _, err := two.Log.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}

	// Every checkpoint either instance stored is signed by the one key.
	trust, err := translog.ParseTrust([]byte("log " + one.Log.Signer.VKey() + "\nquorum none\n"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT size, note FROM log_checkpoints ORDER BY size`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var size int64
		var note string
		if err := rows.Scan(&size, &note); err != nil {
			t.Fatal(err)
		}
		if _, err := trust.VerifyCheckpoint([]byte(note)); err != nil {
			t.Errorf("checkpoint of size %d: %v", size, err)
		}
		n++
	}
	if rows.Err() != nil || n < 1 {
		t.Errorf("%d checkpoints stored (%v), want some from the loops", n, rows.Err())
	}

	for _, data := range []string{d1, d2} {
		code, out, errOut := cli(t, nil, "log", "verify", "--db", dsn, "--data", data)
		if code != 0 || !strings.Contains(out, "The database matches its log.") {
			t.Errorf("log verify with %s: %d\n%s\n%s", data, code, out, errOut)
		}
	}
}

// TestWrongLogKeyRefused: an instance whose log key is not the one the
// database recorded refuses to start, and names the log's key; given the
// log's key with --log-key, it starts.
func TestWrongLogKeyRefused(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := sqltest.DSN(t, engine)
			first := t.TempDir()
			// No loop: the test edits the database behind its back.
			m := startInstance(t, dsn, first, func(c *Config) { c.CheckpointEvery = 0 })
			vkey := m.Log.Signer.VKey()
			fp, _ := translog.Fingerprint(vkey)

			other := t.TempDir()
			code, _, stderr := runCLI(t, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--data", other)
			if code != 1 || !strings.Contains(stderr, vkey) || !strings.Contains(stderr, fp) || !strings.Contains(stderr, "--log-key") {
				t.Fatalf("serve with another key: exit %d, stderr %q", code, stderr)
			}
			recorded, err := m.DB.LogKey(context.Background())
			if err != nil || recorded != vkey {
				t.Errorf("after the refusal the log's key is %q (%v), want %q", recorded, err, vkey)
			}

			// A log from before keys were recorded: the latest checkpoint
			// says whose it is.
			if _, err := m.Log.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := tamper(dsn, `DELETE FROM log_key`); err != nil {
				t.Fatal(err)
			}
			code, _, stderr = runCLI(t, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--data", other)
			if code != 1 || !strings.Contains(stderr, "latest checkpoint") || !strings.Contains(stderr, "--log-key") {
				t.Fatalf("serve on an unrecorded log with another key: exit %d, stderr %q", code, stderr)
			}
			if _, err := m.DB.LogKey(context.Background()); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("the refused instance recorded its key: %v", err)
			}
			given := startInstance(t, dsn, other, func(c *Config) { c.LogKey = filepath.Join(first, logKeyFile) })
			if given.Log.Signer.VKey() != vkey {
				t.Errorf("--log-key: the instance signs with %s", given.Log.Signer.VKey())
			}
			if recorded, err := m.DB.LogKey(context.Background()); err != nil || recorded != vkey {
				t.Errorf("the log's key recorded again: %q, %v", recorded, err)
			}
		})
	}
}
