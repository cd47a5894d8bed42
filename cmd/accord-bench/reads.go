package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
)

// readMode returns the function of a read mode, nil for a name that is
// none:
//
//	lists     the documents list, the home page and a large meeting's page
//	          at -docs documents (10,000 and 100,000), p99 under 20 ms at c=8
//	cache     cached public reads of meeting XXII, alone and with a writer
//	          adding documents to another meeting at -rate writes/s
//	signed-in meeting XXII uncached for the public (a cache-busting
//	          parameter) and for signed-in readers, against bare net/http
//
// Each takes -db (empty for SQLite in a temporary folder, or a postgres://
// URL, where it works in a schema of its own), -c and -d.
func readMode(name string) func(args []string) error {
	switch name {
	case "lists":
		return benchLists
	case "cache":
		return benchCache
	case "signed-in":
		return benchSignedIn
	case "search":
		return benchSearch
	}
	return nil
}

// benchEnv is a server over the demo data, with more documents if asked.
type benchEnv struct {
	db      *sqlstore.DB
	auth    *auth.Service
	dialect string
	// urls are the instances' addresses, the first one's (over db)
	// first; others the other instances' stores, on the same PostgreSQL
	// database (-instances).
	urls   []string
	others []*sqlstore.DB
	dsn    string
	// meetings are the meetings the seeded documents were added to.
	meetings []*accord.Meeting
	// texts makes the seeded versions' titles and bodies; nil for the
	// same short text in each.
	texts   func(i int, lang string) (title, body string)
	cleanup []func()
}

func (e *benchEnv) close() {
	for i := len(e.cleanup) - 1; i >= 0; i-- {
		e.cleanup[i]()
	}
}

type readFlags struct {
	fs       *flag.FlagSet
	dsn      *string
	conns    *int
	duration *time.Duration
	docs     *int
	profile  *string
	// instances is how many servers share the database, the requests
	// alternating between them.
	instances *int
}

// parse parses args and starts the CPU profile if asked; the returned
// function stops it.
func (f readFlags) parse(args []string) (func(), error) {
	f.fs.Parse(args)
	if *f.profile == "" {
		return func() {}, nil
	}
	out, err := os.Create(*f.profile)
	if err == nil {
		err = pprof.StartCPUProfile(out)
	}
	if err != nil {
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); out.Close() }, nil
}

func newReadFlags(name string, conns int) readFlags {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	return readFlags{fs: fs,
		dsn:       fs.String("db", "", "a postgres:// URL to run on PostgreSQL, in a schema of its own; empty for SQLite in a temporary folder, or a new SQLite file to keep"),
		conns:     fs.Int("c", conns, "concurrent connections"),
		duration:  fs.Duration("d", 5*time.Second, "how long to drive each target"),
		docs:      fs.Int("docs", 0, "documents to add to the demo data, over 50 new meetings in 3 languages each"),
		profile:   fs.String("cpuprofile", "", "write a CPU profile of the run to this file"),
		instances: fs.Int("instances", 1, "server instances on the one database, the requests alternating between them (more than 1 needs -db postgres://)"),
	}
}

// more starts instances-1 more servers on the env's database, each with
// its own connection pool and caches, as separate processes would have.
func (e *benchEnv) more(ctx context.Context, instances int) error {
	if instances > 1 && e.dialect != sqlstore.Postgres {
		return fmt.Errorf("-instances %d needs -db postgres://: SQLite serves one instance", instances)
	}
	for range instances - 1 {
		db, err := sqlstore.Open(ctx, e.dsn, nil)
		if err != nil {
			return err
		}
		e.cleanup = append(e.cleanup, func() { db.Close() })
		h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: auth.New(db, nil), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			return err
		}
		u, stop, err := serve(h)
		if err != nil {
			return err
		}
		e.cleanup = append(e.cleanup, stop)
		e.urls, e.others = append(e.urls, u), append(e.others, db)
	}
	return nil
}

// get makes a GET request maker of path, with a cookie if any, that takes
// the instances in turn.
func (e *benchEnv) get(path string, cookie *http.Cookie) func(int) (*http.Request, error) {
	return func(n int) (*http.Request, error) {
		return get(e.urls[n%len(e.urls)]+path, cookie)(n)
	}
}

// busted is get with a parameter that changes with every request, so that
// no cache of whole pages serves it; path must hold a query already.
func (e *benchEnv) busted(path string) func(int) (*http.Request, error) {
	return func(n int) (*http.Request, error) {
		return http.NewRequest("GET", e.urls[n%len(e.urls)]+path+"&bench="+strconv.Itoa(n), nil)
	}
}

// newEnv opens the database, loads the demo data, seeds docs documents
// and starts the server.
func newEnv(ctx context.Context, dsn string, docs int) (*benchEnv, error) {
	return newEnvTexts(ctx, dsn, docs, nil)
}

// newEnvTexts is newEnv with the seeded versions' texts made by texts
// (nil for the same short text in each), and then indexed for search.
func newEnvTexts(ctx context.Context, dsn string, docs int, texts func(i int, lang string) (title, body string)) (*benchEnv, error) {
	e := &benchEnv{texts: texts}
	dsn, remove, err := benchDatabase(dsn)
	if err != nil {
		return nil, err
	}
	e.cleanup = append(e.cleanup, remove)
	db, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		e.close()
		return nil, err
	}
	e.db, e.dialect = db, db.Dialect()
	e.cleanup = append(e.cleanup, func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		e.close()
		return nil, err
	}
	loadCtx := accord.WithActor(ctx, &accord.Actor{Label: "demo"})
	if _, err := demo.Load(loadCtx, db, accord.DateOf(time.Now())); err != nil {
		e.close()
		return nil, err
	}
	if docs > 0 {
		start := time.Now()
		if err := e.seed(loadCtx, dsn, docs); err != nil {
			e.close()
			return nil, err
		}
		fmt.Printf("seeded %d documents in %s\n", docs, time.Since(start).Round(time.Millisecond))
	}
	e.auth = auth.New(db, nil)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: e.auth, Logger: quiet})
	if err != nil {
		e.close()
		return nil, err
	}
	u, stop, err := serve(h)
	if err != nil {
		e.close()
		return nil, err
	}
	e.urls, e.dsn = []string{u}, dsn
	e.cleanup = append(e.cleanup, stop)
	return e, nil
}

// benchDatabase returns the DSN of the database to run on, and the
// function that removes it: for an empty dsn, a SQLite file in a
// temporary folder; for a postgres:// URL, a schema of its own on that
// server; else the SQLite file dsn, which is kept.
func benchDatabase(dsn string) (string, func(), error) {
	if dsn == "" {
		dir, err := os.MkdirTemp("", "accord-bench")
		if err != nil {
			return "", nil, err
		}
		return dir + "/accord.db", func() { os.RemoveAll(dir) }, nil
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn, func() {}, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	schema := "accord_bench_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	}, nil
}

// seed adds 50 meetings to SCO PGM through the store, and n documents
// spread over them with SQL inserts in batches: a read benchmark needs
// the rows, not their audit records and log entries, and a hundred
// thousand documents through the store would take longer than the run.
// Seven in ten are public, two restricted, one confidential.
func (e *benchEnv) seed(ctx context.Context, dsn string, n int) error {
	for i := range 50 {
		start := accord.MustDate("2030-01-01").AddDays(7 * i)
		m := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 100 + i, Host: "KZ", Start: start, End: start,
			City: accord.Text{"en": "Astana"}, Format: accord.InPerson, Status: accord.Planned}
		if err := e.db.CreateMeeting(ctx, m); err != nil {
			return err
		}
		e.meetings = append(e.meetings, m)
	}
	raw, err := sql.Open(map[string]string{sqlstore.SQLite: "sqlite", sqlstore.Postgres: "pgx"}[e.dialect], dsn)
	if err != nil {
		return err
	}
	defer raw.Close()
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const batch = 400
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	sha := strings.Repeat("a", 64)
	for from := 0; from < n; from += batch {
		to := min(from+batch, n)
		var rows []string
		var args []any
		ph := func(vs ...any) string {
			var ps []string
			for _, v := range vs {
				args = append(args, v)
				ps = append(ps, fmt.Sprintf("$%d", len(args)))
			}
			return "(" + strings.Join(ps, ", ") + ")"
		}
		for i := from; i < to; i++ {
			class := []string{"public", "public", "public", "public", "public", "public", "public", "restricted", "restricted", "confidential"}[i%10]
			rows = append(rows, ph(fmt.Sprintf("BENCH/%06d", i), "report", class, "secretariat", now))
		}
		res, err := tx.QueryContext(ctx, `INSERT INTO documents (reference, kind, classification, author_kind, created_at) VALUES `+
			strings.Join(rows, ", ")+` RETURNING id, reference`, args...)
		if err != nil {
			return err
		}
		ids := map[string]int64{}
		for res.Next() {
			var id int64
			var ref string
			if err := res.Scan(&id, &ref); err != nil {
				res.Close()
				return err
			}
			ids[ref] = id
		}
		res.Close()
		rows, args = nil, nil
		var links []string
		var linkArgs []any
		for i := from; i < to; i++ {
			id := ids[fmt.Sprintf("BENCH/%06d", i)]
			for _, l := range []string{"en", "ru", "zh"} {
				title, body := fmt.Sprintf("Report %d (%s)", i, l), "The text of the report."
				if e.texts != nil {
					title, body = e.texts(i, l)
				}
				rows = append(rows, ph(id, l, 1, title, body, sha, now))
			}
			m := e.meetings[i%len(e.meetings)]
			linkArgs = append(linkArgs, id, m.ID, m.Organization)
			links = append(links, fmt.Sprintf("($%d, $%d, $%d)", len(linkArgs)-2, len(linkArgs)-1, len(linkArgs)))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_versions (document_id, lang, revision, title, body, sha256, created_at) VALUES `+
			strings.Join(rows, ", "), args...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_meetings (document_id, meeting_id, organization) VALUES `+strings.Join(links, ", "), linkArgs...); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if e.texts != nil {
		// The rows went in behind the store's back: index them as the
		// migration indexes an archive.
		if err := e.db.RebuildSearch(ctx); err != nil {
			return err
		}
	}
	if e.dialect == sqlstore.Postgres {
		_, err = raw.ExecContext(ctx, `ANALYZE`)
	}
	return err
}

// drive is driveRequests that also counts the store's read transactions
// and statements per request: the queries a page costs under load, its
// cached parts included.
func (e *benchEnv) drive(name string, conns int, duration time.Duration, next func(int) (*http.Request, error)) (result, error) {
	counts := func() sqlstore.ReadCounts {
		var sum sqlstore.ReadCounts
		for _, db := range append([]*sqlstore.DB{e.db}, e.others...) {
			c := db.ReadCounts()
			sum.Transactions += c.Transactions
			sum.Statements += c.Statements
		}
		return sum
	}
	before := counts()
	r, err := driveRequests(name, conns, duration, next)
	if c := counts().Sub(before); err == nil && r.requests > 0 {
		r.reads = &readsPerRequest{float64(c.Transactions) / float64(r.requests), float64(c.Statements) / float64(r.requests)}
	}
	return r, err
}

// signIn makes a user with grants and returns its session cookie.
func (e *benchEnv) signIn(ctx context.Context, name string, grants ...accord.Grant) (*http.Cookie, error) {
	u := &accord.User{Name: name, Email: strings.ReplaceAll(name, " ", "-") + "@bench.example.org", Grants: grants}
	hash, err := auth.HashPassword("bench-password-unused", auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		return nil, err
	}
	if err := e.db.CreateUser(ctx, u, hash); err != nil {
		return nil, err
	}
	token, _, err := e.auth.StartSession(ctx, u, true, "127.0.0.1", "accord-bench")
	if err != nil {
		return nil, err
	}
	return &http.Cookie{Name: auth.SessionCookie, Value: token}, nil
}

// get makes a GET request maker for driveRequests, with a cookie if any.
func get(u string, cookie *http.Cookie) func(int) (*http.Request, error) {
	return func(int) (*http.Request, error) {
		req, err := http.NewRequest("GET", u, nil)
		if err == nil && cookie != nil {
			req.AddCookie(cookie)
		}
		return req, err
	}
}

// report prints results, with ratios against the first.
func report(header string, results []result) {
	fmt.Printf("\n%s, GOMAXPROCS=%d\n", header, runtime.GOMAXPROCS(0))
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\terrors\treq/s\tp50\tp99\tbytes\tvs first\ttx/req\tqueries/req\t")
	for _, r := range results {
		tx, q := "-", "-"
		if r.reads != nil {
			tx, q = fmt.Sprintf("%.2f", r.reads.transactions), fmt.Sprintf("%.2f", r.reads.statements)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%d\t%.0f%%\t%s\t%s\t\n", r.name, r.requests, r.errors, r.rps,
			r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.bytes, 100*r.rps/results[0].rps, tx, q)
	}
	tw.Flush()
}

func failedRequests(results []result) []string {
	var misses []string
	for _, r := range results {
		if r.errors > 0 {
			misses = append(misses, fmt.Sprintf("%d failed requests (%d 5xx) to %s", r.errors, r.status5xx, r.name))
		}
	}
	return misses
}

// verdict fails the run on a missed target, so that a script can rely
// on the exit status.
func verdict(misses []string) error {
	if len(misses) > 0 {
		return fmt.Errorf("targets missed: %s", strings.Join(misses, "; "))
	}
	fmt.Println("targets met")
	return nil
}
