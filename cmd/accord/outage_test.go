package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// cluster is a PostgreSQL server of the test's own, which it may stop and
// start: the shared test server must stay up for the other tests.
type cluster struct {
	t    *testing.T
	bin  string
	dir  string
	port int
}

// newCluster makes and starts a cluster. Like the other PostgreSQL tests
// it runs only where ACCORD_TEST_POSTGRES says a server is provided, and
// then needs the server's binaries, which .ci/run installs.
func newCluster(t *testing.T) *cluster {
	t.Helper()
	if os.Getenv(sqltest.PostgresEnv) == "" {
		t.Skip(sqltest.PostgresEnv + " not set: the PostgreSQL outage test skipped")
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		t.Skip("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: the PostgreSQL outage test skipped")
	}
	// Outside t.TempDir, whose parents are private to this user: the
	// server runs as postgres when the test runs as root.
	dir, err := os.MkdirTemp("", "accord-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, bin: filepath.Dir(bins[len(bins)-1]), dir: dir, port: freePort(t)}
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user: the PostgreSQL outage test skipped")
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	c.run("initdb", "-D", c.data(), "-U", "accord", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
	c.start()
	t.Cleanup(func() { c.pgctl("stop", "-m", "immediate") })
	c.run("createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(c.port), "-U", "accord", "accord_test")
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) dsn() string {
	return fmt.Sprintf("postgres://accord@127.0.0.1:%d/accord_test?sslmode=disable", c.port)
}

// run runs one of the server's programs, as postgres when we are root.
func (c *cluster) run(prog string, args ...string) {
	c.t.Helper()
	if out, err := c.command(prog, args...).CombinedOutput(); err != nil {
		c.t.Fatalf("%s: %v\n%s", prog, err, out)
	}
}

func (c *cluster) command(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, prog)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (c *cluster) pgctl(args ...string) {
	c.command("pg_ctl", append([]string{"-D", c.data()}, args...)...).Run()
}

func (c *cluster) start() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "server.log"), "-w",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, c.dir), "start")
}

func (c *cluster) stop() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop")
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestPostgresRestartUnderLoad stops PostgreSQL while writers and readers
// are busy, and starts it again. While it is down, every answer is a 503
// with Retry-After (never a 500) and /readyz fails; once it is back,
// /readyz recovers by itself, writes succeed again without a restart, and
// every write that was acknowledged is there.
func TestPostgresRestartUnderLoad(t *testing.T) {
	pg := newCluster(t)
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	preloadDemo(t, ctx, pg.dsn())
	// The outage makes thousands of refusals, each logged: not read here.
	m := startInstance(t, pg.dsn(), t.TempDir(), func(c *Config) { c.Logger = slog.New(slog.DiscardHandler) })
	u, err := m.DB.FindUserByEmail(ctx, "secretariat@demo.accord")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := m.Auth.CreateToken(ctx, u, "outage", accord.ScopeWrite, 1)
	if err != nil {
		t.Fatal(err)
	}
	var meeting struct{ Meeting accord.Meeting }
	decode(t, fetch(t, m.URL()+"/api/v1/organizations/SCO/bodies/PGM/meetings/22", 200), &meeting)

	client := &http.Client{Timeout: 20 * time.Second}
	send := func(method, url, body string) (int, http.Header, string, error) {
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			return 0, nil, "", err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		if err != nil {
			return 0, nil, "", err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(b), err
	}

	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		bad      []string
		acked    []int64
		seq      atomic.Int64
		done     = make(chan struct{})
		wg       sync.WaitGroup
	)
	note := func(what string, status int, h http.Header, body string, err error) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			bad = append(bad, fmt.Sprintf("%s: %v", what, err))
		case status == http.StatusServiceUnavailable && h.Get("Retry-After") == "":
			bad = append(bad, what+": 503 without Retry-After")
		case status != http.StatusOK && status != http.StatusCreated && status != http.StatusServiceUnavailable:
			bad = append(bad, fmt.Sprintf("%s: %d %.200s", what, status, body))
		}
		statuses[status]++
	}
	write := func() (int, error) {
		n := seq.Add(1)
		body := fmt.Sprintf(`{"meeting_id":%d,"author":"secretariat","reference":"SCO/PGM/22/OUT/%d","kind":"other","classification":"public",`+
			`"lang":"en","title":"Written around an outage, %d","body":"Text."}`, meeting.Meeting.ID, n, n)
		status, h, b, err := send("POST", m.URL()+"/api/v1/documents", body)
		note("create", status, h, b, err)
		if status == http.StatusCreated {
			var created struct{ Document accord.Document }
			if err := json.Unmarshal([]byte(b), &created); err != nil {
				note("create's answer", 0, nil, "", err)
			}
			mu.Lock()
			acked = append(acked, created.Document.ID)
			mu.Unlock()
		}
		return status, err
	}
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				write()
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				status, h, b, err := send("GET", m.URL()+"/api/v1/organizations/SCO/bodies/PGM/meetings/22", "")
				note("read", status, h, b, err)
			}
		})
	}
	readyz := func() int {
		status, _, _, err := send("GET", m.URL()+"/readyz", "")
		if err != nil {
			return 0
		}
		return status
	}
	// waitFor polls until cond holds; the bound only keeps a broken
	// server from hanging the run, it measures nothing.
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				close(done)
				wg.Wait()
				t.Fatalf("%s never happened", what)
			}
		}
	}
	waitFor("writes before the outage", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 20 })

	pg.stop()
	waitFor("/readyz failing while PostgreSQL is down", func() bool { return readyz() == http.StatusServiceUnavailable })
	waitFor("503s while PostgreSQL is down", func() bool { mu.Lock(); defer mu.Unlock(); return statuses[http.StatusServiceUnavailable] >= 20 })
	before := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }()

	pg.start()
	waitFor("/readyz recovering", func() bool { return readyz() == http.StatusOK })
	waitFor("writes after the restart", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= before+20 })
	close(done)
	wg.Wait()

	t.Logf("answers: %v; %d writes acknowledged", statuses, len(acked))
	for i, b := range bad {
		if i == 20 {
			t.Errorf("and %d more", len(bad)-i)
			break
		}
		t.Error(b)
	}
	// Every acknowledged write survived the restart.
	for _, id := range acked {
		if status, _, b, err := send("GET", fmt.Sprintf("%s/api/v1/documents/%d", m.URL(), id), ""); err != nil || status != http.StatusOK {
			t.Errorf("acknowledged document %d: %d %v %.200s", id, status, err, b)
		}
	}
}
