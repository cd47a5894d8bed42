package main

// accord-bench write measures the write path: document creation through
// the JSON API, by a secretariat officer's token, with the checkpoint loop
// running as in the server. It reports req/s and p50/p99 at each
// concurrency, the median of several runs, and fails when a target is
// missed: on PostgreSQL, at least 600 documents/s at 32 clients with p99
// under 250 ms; on every engine, no 5xx at all.
//
// Usage: go run ./cmd/accord-bench write [-engine sqlite|postgres]
//	[-postgres URL] [-instances 1|2] [-c 1,8,32] [-d 5s] [-runs 3]

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

// writeMain runs the write benchmark with args, the command line after
// "write", and returns the exit status.
func writeMain(args []string) int {
	fs := flag.NewFlagSet("accord-bench write", flag.ContinueOnError)
	engine := fs.String("engine", sqlstore.SQLite, "storage engine: sqlite or postgres")
	pgURL := fs.String("postgres", os.Getenv("ACCORD_TEST_POSTGRES"), "PostgreSQL server URL; the benchmark works in a schema of its own and drops it (default $ACCORD_TEST_POSTGRES)")
	instances := fs.Int("instances", 1, "server instances sharing the database, the clients alternating between them (2 needs postgres)")
	levels := fs.String("c", "1,8,32", "concurrent clients, a comma-separated list")
	duration := fs.Duration("d", 5*time.Second, "how long each run lasts")
	runs := fs.Int("runs", 3, "runs per concurrency; the median is reported")
	every := fs.Duration("checkpoint-every", time.Second, "how often each instance signs a checkpoint")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured runs (server and clients, not the setup) to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var conns []int
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "accord-bench write: -c %q: want numbers of clients such as 1,8,32\n", *levels)
			return 2
		}
		conns = append(conns, n)
	}
	if *instances < 1 || *instances > 1 && *engine != sqlstore.Postgres {
		fmt.Fprintln(os.Stderr, "accord-bench write: -instances above 1 needs -engine postgres: SQLite serves one instance")
		return 2
	}
	if err := benchWrites(*engine, *pgURL, *instances, conns, *duration, *runs, *every, *cpuProfile); err != nil {
		fmt.Fprintln(os.Stderr, "accord-bench write:", err)
		return 1
	}
	return 0
}

func benchWrites(engine, pgURL string, instances int, levels []int, duration time.Duration, runs int, every time.Duration, cpuProfile string) error {
	ctx := context.Background()
	var dsn string
	switch engine {
	case sqlstore.SQLite:
	case sqlstore.Postgres:
		if pgURL == "" {
			return errors.New("-engine postgres needs -postgres URL or $ACCORD_TEST_POSTGRES")
		}
		dsn = pgURL
	default:
		return fmt.Errorf("-engine %q: want sqlite or postgres", engine)
	}
	dsn, cleanup, err := benchDatabase(dsn)
	if err != nil {
		return err
	}
	defer cleanup()
	var urls []string
	var token string
	var meetingID int64
	for i := range instances {
		db, err := sqlstore.Open(ctx, dsn, nil)
		if err != nil {
			return err
		}
		defer db.Close()
		if i == 0 {
			if token, meetingID, err = prepareWrites(ctx, db); err != nil {
				return err
			}
		}
		u, stop, err := startInstance(ctx, db, every)
		if err != nil {
			return err
		}
		defer stop()
		urls = append(urls, u)
	}
	var seq atomic.Int64
	// A warm-up at the highest concurrency fills the pools, whose new
	// PostgreSQL connections each cost a backend's start and the
	// preparation of every statement, before anything is measured.
	if _, err := driveStatus("warm-up", http.StatusCreated, slices.Max(levels), time.Second, createDocument(urls, token, meetingID, &seq)); err != nil {
		return err
	}
	fmt.Printf("accord-bench write: document creation, %s, %d instance(s), %s per run, median of %d, GOMAXPROCS=%d\n\n",
		engine, instances, duration, runs, runtime.GOMAXPROCS(0))
	if cpuProfile != "" {
		stop, err := startProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	var results []result
	for _, c := range levels {
		var all []result
		for range runs {
			r, err := driveStatus("document creation", http.StatusCreated, c, duration, createDocument(urls, token, meetingID, &seq))
			if err != nil {
				return err
			}
			all = append(all, r)
		}
		results = append(results, medianOf(all))
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "clients\tcreated\tfailed\t5xx\treq/s\tp50\tp99\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%.0f\t%s\t%s\t\n", r.conns, r.requests, r.errors, r.status5xx, r.rps,
			r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond))
	}
	tw.Flush()
	misses := failedRequests(results)
	for _, r := range results {
		if engine == sqlstore.Postgres && r.conns == 32 {
			if r.rps < 600 {
				misses = append(misses, fmt.Sprintf("%.0f documents/s at 32 clients, under 600", r.rps))
			}
			if r.p99 >= 250*time.Millisecond {
				misses = append(misses, fmt.Sprintf("p99 of %s at 32 clients, not under 250ms", r.p99.Round(time.Millisecond)))
			}
		}
	}
	fmt.Println()
	return verdict(misses)
}

// medianOf takes each measure's median over runs, and sums the requests
// and failures.
func medianOf(runs []result) result {
	pick := func(f func(result) float64) float64 {
		vs := make([]float64, len(runs))
		for i, r := range runs {
			vs[i] = f(r)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	m := result{name: runs[0].name, conns: runs[0].conns, bytes: runs[0].bytes}
	m.rps = pick(func(r result) float64 { return r.rps })
	m.p50 = time.Duration(pick(func(r result) float64 { return float64(r.p50) }))
	m.p99 = time.Duration(pick(func(r result) float64 { return float64(r.p99) }))
	for _, r := range runs {
		m.requests += r.requests
		m.errors += r.errors
		m.status5xx += r.status5xx
	}
	return m
}

// prepareWrites loads the demo data and returns a write token of an SCO
// secretariat officer and the id of the meeting the documents go to.
func prepareWrites(ctx context.Context, db *sqlstore.DB) (string, int64, error) {
	if _, err := db.Migrate(ctx); err != nil {
		return "", 0, err
	}
	ctx = accord.WithActor(ctx, &accord.Actor{Label: "bench"})
	if _, err := demo.Load(ctx, db, accord.DateOf(time.Now())); err != nil {
		return "", 0, err
	}
	// The demo's accounts have their second factor, which a privileged
	// user's token needs.
	a := auth.New(db, nil)
	if _, err := demo.LoadAccounts(ctx, db, a); err != nil {
		return "", 0, err
	}
	u, err := db.FindUserByEmail(ctx, "secretariat@demo.accord")
	if err != nil {
		return "", 0, err
	}
	token, _, err := a.CreateToken(ctx, u, "bench", accord.ScopeWrite, 1)
	if err != nil {
		return "", 0, err
	}
	m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
	if err != nil {
		return "", 0, err
	}
	return token, m.ID, nil
}

// startInstance serves the API on db with its own checkpoint loop, as one
// `accord serve` would.
func startInstance(ctx context.Context, db *sqlstore.DB, every time.Duration) (string, func(), error) {
	skey, _, err := note.GenerateKey(rand.Reader, "bench.accord/log")
	if err != nil {
		return "", nil, err
	}
	signer, err := translog.NewLogSigner(skey)
	if err != nil {
		return "", nil, err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	l := &translog.Log{Store: db, Signer: signer, Logger: logger}
	h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: auth.New(db, nil), Log: l, Logger: logger})
	if err != nil {
		return "", nil, err
	}
	u, stopServer, err := serve(h)
	if err != nil {
		return "", nil, err
	}
	lctx, stopLoop := context.WithCancel(ctx)
	var loop sync.WaitGroup
	loop.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-lctx.Done():
				return
			case <-t.C:
				if _, err := l.Checkpoint(lctx); err != nil && lctx.Err() == nil {
					logger.Error("checkpoint failed", "err", err)
				}
			}
		}
	})
	return u, func() { stopLoop(); loop.Wait(); stopServer() }, nil
}

// createDocument makes the requests of driveStatus: each a new document,
// its reference numbered by seq across the runs, sent to the instances in
// turn.
func createDocument(urls []string, token string, meetingID int64, seq *atomic.Int64) func(int) (*http.Request, error) {
	return func(int) (*http.Request, error) {
		n := seq.Add(1)
		body := fmt.Sprintf(`{"meeting_id":%d,"author":"secretariat","reference":"SCO/PGM/XXII/BENCH/%d","kind":"report",`+
			`"classification":"public","lang":"ru","title":"Доклад %d","body":"Текст доклада."}`, meetingID, n, n)
		req, err := http.NewRequest("POST", urls[int(n)%len(urls)]+"/api/v1/documents", strings.NewReader(body))
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}
}
