// Package sqlstore keeps Accord's records in SQL: SQLite (modernc.org/sqlite)
// for a single server and PostgreSQL (pgx) for several. Both engines run the
// same schema and the same queries, so a deployment can move between them and
// one test suite covers both.
//
// Validation happens in three layers: the domain's Validate methods, explicit
// reference checks inside each transaction (so an error names the field at
// fault), and the database's own foreign keys, uniqueness and CHECK
// constraints, which catch whatever the first two miss.
//
// The transparency log follows Tessera: a write stores its log entries in
// log_pending, and names its audit records in audit_pending, inside the
// transaction that stores what they record, so nothing is stored without
// its log entry; one integrator (BatchAudit, which the checkpoint loop
// runs under the signer lock, one instance at a time) gives them their
// indexes and builds the tree's hashes in batches. The first design
// sequenced every entry in its writer's transaction: each write then held
// the log's state row from its append to its commit, and the checkpoint's
// link of the audit trail locked audit_log against every writer, which
// made that row and that lock the bottleneck of every write, across
// instances (at 32 clients on PostgreSQL almost every writer waited on
// them). Now a writer shares no row but a shard of the change counters,
// bumped in the one statement that ends it. The few writes whose records
// quote an entry's index (signatures, key enrolments, handovers: rare)
// still sequence theirs in the transaction (appendLog), under the state
// row, after integrating what is pending so that the log keeps the order
// they saw. A read that asks for an entry still pending integrates first.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// busyTimeout is how long a SQLite connection waits for a lock.
const busyTimeout = 10 * time.Second

// Dialects returned by DB.Dialect.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an accord.Store backed by SQLite or PostgreSQL.
type DB struct {
	dialect string
	// w takes every write transaction. On SQLite it holds a single
	// connection, so writers queue in Go instead of failing with SQLITE_BUSY;
	// r serves read-only transactions concurrently thanks to WAL. On
	// PostgreSQL both are the same pool.
	w, r  *sql.DB
	now   accord.Clock
	stmts stmtCache
	// readOpts are the options of every read transaction.
	readOpts *sql.TxOptions
	// path is the SQLite file; empty on PostgreSQL.
	path string
	// gate stops dialing a database that is down, and remembers a full
	// disk (outage.go).
	gate gate
	// observer, when set, counts what the metrics report.
	observer Observer
	// beforeAnswer runs just before an idempotent request's transaction
	// commits; tests kill the process there.
	beforeAnswer func()
	// holdingStatuses, for tests, runs while a transaction holds a
	// council's status list: a report's or an assessment's after reading
	// it ("store"), SetFollowUpStatuses's after checking what it removes
	// ("set"), so that a test can put a racing writer in that window.
	holdingStatuses func(op string, t *txn)
	// dsn is the PostgreSQL URL, which the sittings' listener dials on a
	// connection of its own; sittingsChanged wakes the feed of a SQLite
	// database, where a change is made in this process (sittingfeed.go).
	dsn             string
	sittingsChanged chan struct{}
	// counts counts the read path's work (ReadCounts).
	counts readCounts
	// searchLimit, when above 0, replaces accord.MaxSearchTotal (see
	// SetSearchCap).
	searchLimit int
}

var _ accord.Store = (*DB)(nil)

// Open connects to the database named by dsn: a postgres:// or postgresql://
// URL, or else the path of a SQLite file, created with its directory when
// missing. It does not migrate: see Migrate and SchemaVersion. A nil clock
// means time.Now.
func Open(ctx context.Context, dsn string, now accord.Clock) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	db := &DB{now: now, readOpts: &sql.TxOptions{ReadOnly: true}, gate: gate{now: time.Now, free: freeSpace}, sittingsChanged: make(chan struct{}, 1)}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect, db.dsn = Postgres, dsn
		if db.w, err = openPostgres(dsn); err != nil {
			return nil, accord.Wrap("open", err)
		}
		db.r = db.w
		db.readOpts.Isolation = sql.LevelRepeatableRead
	} else {
		db.dialect = SQLite
		db.path = dsn
		if db.w, db.r, err = openSQLite(ctx, dsn); err != nil {
			return nil, accord.Wrap("open", err)
		}
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// The PostgreSQL pool. Every connection is kept once opened: with
// database/sql's default of two idle connections, a pool under load closed
// and dialled connections all the time (53 new ones per 5 s at 8 clients).
// More connections than that do not make PostgreSQL faster on a few cores;
// several instances on one server share its max_connections (100 by
// default). Connections are renewed now and then, so that a server's
// memory per backend and a load balancer's view of them stay fresh.
const (
	pgMaxConns        = 24
	pgConnMaxLifetime = 30 * time.Minute
	// pgStatementCache is how many prepared statements each connection
	// keeps: the hot queries are prepared once per connection and then
	// run by name, without being parsed and planned again.
	pgStatementCache = 1024
)

func openPostgres(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeCacheStatement
	cfg.StatementCacheCapacity = pgStatementCache
	// No JIT compilation of queries. The reading rule's ORs make the
	// planner price a list query at millions, above jit_above_cost, and
	// PostgreSQL then spent 3.2 s compiling a query that runs in 0.2 s
	// (the documents list searched at 100,000 documents). Accord's
	// queries are short; none gains from it. A DSN that sets jit keeps
	// its own choice.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(pgMaxConns)
	db.SetMaxIdleConns(pgMaxConns)
	db.SetConnMaxLifetime(pgConnMaxLifetime)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// sqliteReaders is the read pool's size on SQLite.
const sqliteReaders = 8

func openSQLite(ctx context.Context, path string) (w, r *sql.DB, err error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, nil, accord.Errorf(accord.EINVALID, "%q is not a SQLite file path or a postgres:// URL", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, nil, err
	}
	params := fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)", busyTimeout.Milliseconds())
	if w, err = sql.Open("sqlite", path+params+"&_txlock=immediate"); err != nil {
		return nil, nil, err
	}
	w.SetMaxOpenConns(1)
	if err := setWAL(ctx, w); err != nil {
		w.Close()
		return nil, nil, err
	}
	// query_only turns a write slipping into a read transaction into an
	// error instead of a lock fight with the writer.
	if r, err = sql.Open("sqlite", path+params+"&_pragma=query_only(1)"); err != nil {
		w.Close()
		return nil, nil, err
	}
	// Every open connection stays open: with the default of two idle
	// ones, a busy pool closed and opened connections all the time, and
	// each new one read the schema and prepared its statements again (a
	// tenth of a signed-in page's CPU).
	r.SetMaxOpenConns(sqliteReaders)
	r.SetMaxIdleConns(sqliteReaders)
	r.SetConnMaxIdleTime(0)
	return w, r, nil
}

// setWAL puts the file in WAL mode, which lets readers work while the writer
// writes. The mode is stored in the file, so it is set once here rather than
// by every new connection. Switching needs an exclusive lock, and SQLite
// reports a competing switch (two processes opening a new file at once) as
// SQLITE_BUSY without waiting, so the waiting is done here.
func setWAL(ctx context.Context, w *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, busyTimeout)
	defer cancel()
	for {
		_, err := w.ExecContext(ctx, "PRAGMA journal_mode = WAL")
		if !isBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// isBusy reports a SQLite lock that busy_timeout did not get.
func isBusy(err error) bool {
	e, ok := errors.AsType[*sqlite.Error](err)
	return ok && e.Code()&0xff == 5 // SQLITE_BUSY and its extended codes
}

// Close closes the connection pools.
func (db *DB) Close() error {
	err := errors.Join(db.stmts.close(), db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Ping tells whether the database can be reached.
func (db *DB) Ping(ctx context.Context) error {
	probe, err := db.gate.enter()
	if err == nil {
		err = db.w.PingContext(ctx)
		db.gate.leave(probe, err)
	}
	if err != nil {
		return &accord.Error{Code: accord.EUNAVAILABLE, Message: pingMessage(err), Op: "ping", Err: err}
	}
	return nil
}

// pingMessage says why the database refused, where PostgreSQL said why:
// "cannot be reached" for a server that has too many clients sent an
// operator looking for a network fault.
func pingMessage(err error) string {
	switch sqlState(err) {
	case "53300":
		return "the database has too many clients (SQLSTATE 53300): raise its max_connections, or lower the instances' pools"
	case "28P01", "28000":
		return "the database refused the credentials (SQLSTATE " + sqlState(err) + ")"
	case "3D000":
		return "the database named in the URL does not exist (SQLSTATE 3D000)"
	case "57P03":
		return "the database is starting up or shutting down (SQLSTATE 57P03): retry"
	}
	return "the database cannot be reached"
}

// txn is a transaction with its context, so that queries need neither.
type txn struct {
	ctx context.Context
	tx  *sql.Tx
	db  *DB
	// audited is set once the transaction has written its audit record;
	// write refuses to commit a change without one.
	audited bool
	// pendingLog and pendingAudit wait for the transaction's end: see
	// flush.
	pendingLog   []*translog.Entry
	pendingAudit [][]any
	// scopes are the change scopes the transaction touched, and
	// resolved the resources whose scopes it looked up (touchFor).
	scopes   map[string]bool
	resolved map[string]bool
	// read is set in read-only transactions, whose statements stay
	// prepared (stmtCache).
	read bool
	// pool, when tx is nil, runs the one statement of a read outside any
	// transaction (fetchOne), and statements counts them.
	pool       *sql.DB
	statements int
}

// fetch runs fn in a read-only transaction and returns its result.
func fetch[T any](ctx context.Context, db *DB, op string, fn func(t *txn) (T, error)) (T, error) {
	var v T
	err := db.read(ctx, op, func(t *txn) (err error) {
		v, err = fn(t)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// fetchOne is fetch for a read of one statement, which sees one snapshot
// on its own: it runs outside a transaction, since BEGIN and COMMIT are two
// of its three round trips on PostgreSQL. A second statement is a bug,
// refused, since it could see a later snapshot than the first. In a unit
// that has begun, the read joins it, as every read does.
func fetchOne[T any](ctx context.Context, db *DB, op string, fn func(t *txn) (T, error)) (T, error) {
	if db.unitOf(ctx, db.readOpts) != nil {
		return fetch(ctx, db, op, fn)
	}
	var v T
	err := db.guarded(ctx, op, func() (err error) {
		t := &txn{ctx: ctx, db: db, read: true, pool: db.r}
		v, err = fn(t)
		if err == nil && t.statements > 1 {
			err = fmt.Errorf("%s ran %d statements outside a transaction", op, t.statements)
		}
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// read runs fn in a read-only transaction that sees one snapshot of the
// database. On PostgreSQL that takes REPEATABLE READ: at READ COMMITTED each
// statement sees the rows committed before it, so a page's second query
// could return the versions of a document its first query did not. SQLite's
// read transactions see one snapshot at any level.
func (db *DB) read(ctx context.Context, op string, fn func(t *txn) error) error {
	return db.run(ctx, db.r, db.readOpts, op, fn)
}

// write runs fn in a read-write transaction: everything fn does is kept, or
// nothing is. Every change is attributable, so fn must write an audit record
// (t.audit) in the same transaction; a change without one is rolled back as
// a bug.
func (db *DB) write(ctx context.Context, op string, fn func(t *txn) error) error {
	return db.runWrite(ctx, op, func(t *txn) error {
		if err := fn(t); err != nil {
			return err
		}
		if !t.audited {
			return fmt.Errorf("%s changed the database without an audit record", op)
		}
		return nil
	})
}

// bookkeep runs fn in a read-write transaction that changes no record a user
// would call data: schema migrations, session activity times, counters of
// failed sign-ins. It needs no audit record.
func (db *DB) bookkeep(ctx context.Context, op string, fn func(t *txn) error) error {
	return db.runWrite(ctx, op, fn)
}

// runWrite runs a read-write transaction and remembers whether it failed
// for a full disk, which /readyz reports.
func (db *DB) runWrite(ctx context.Context, op string, fn func(t *txn) error) error {
	err := db.run(ctx, db.w, nil, op, fn)
	db.gate.wrote(err)
	return err
}

// maxAttempts bounds how often a transaction that PostgreSQL aborted for a
// serialization failure or a deadlock is tried.
const maxAttempts = 5

// run runs fn in a transaction, or in a savepoint of the unit of ctx if
// it has one (unit.go).
func (db *DB) run(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, op string, fn func(t *txn) error) error {
	if u := db.unitOf(ctx, opts); u != nil {
		return accord.Wrap(op, classify(db.inUnit(ctx, u, op, fn)))
	}
	return db.guarded(ctx, op, func() error { return db.attempt(ctx, pool, opts, fn) })
}

// guarded calls try, one attempt of op, through the gate (outage.go) and
// retry, and gives its error a code.
func (db *DB) guarded(ctx context.Context, op string, try func() error) error {
	probe, err := db.gate.enter()
	if err != nil {
		return accord.Wrap(op, err)
	}
	err = db.retry(ctx, op, try)
	db.gate.leave(probe, err)
	return accord.Wrap(op, classify(err))
}

// retry calls try, which runs one attempt of the transaction op, again
// while PostgreSQL aborts it as a deadlock victim or for a serialization
// failure: such a transaction did nothing, so it can run again, after a
// pause with jitter that keeps the same transactions from colliding again
// in step. try must therefore keep no state from one attempt to the next,
// beyond fields it sets again. Only when every attempt fails does the
// caller see the error. Each retry is reported to the observer, which the
// metrics count.
func (db *DB) retry(ctx context.Context, op string, try func() error) error {
	for attempt := 1; ; attempt++ {
		err := try()
		if !retryable(err) || attempt == maxAttempts {
			return err
		}
		db.retried(op, sqlState(err))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(rand.Int64N(int64(time.Millisecond) << attempt))):
		}
	}
}

func (db *DB) attempt(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(t *txn) error) error {
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	t := &txn{ctx: ctx, tx: tx, db: db, read: opts != nil && opts.ReadOnly}
	if t.read {
		db.counts.transactions.Add(1)
	}
	if err = fn(t); err == nil {
		err = t.flush()
	}
	if err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// retryable reports a transaction that PostgreSQL aborted so that another
// could go on: a serialization failure or a deadlock.
func retryable(err error) bool {
	switch sqlState(err) {
	case "40001", "40P01":
		return true
	}
	return false
}

// classify gives a code to the driver errors that have one: constraint
// violations that the explicit checks did not foresee (their messages cannot
// name a field, so the checks stay the normal path and this is the
// backstop), and a database out of reach.
func classify(err error) error {
	if _, ok := errors.AsType[*accord.Error](err); ok || err == nil {
		return err // coded already, with a better message
	}
	code, msg := "", ""
	switch sqlState(err) {
	case "23503":
		code, msg = accord.EINVALID, "a referenced record does not exist"
	case "23505":
		code, msg = accord.ECONFLICT, "the record already exists"
	case "23514", "23502":
		code, msg = accord.EINVALID, "the record breaks a rule of the schema"
	case "40001", "40P01":
		code, msg = accord.EUNAVAILABLE, "the database is busy: retry"
	}
	if isBusy(err) {
		code, msg = accord.EUNAVAILABLE, "the database is busy"
	}
	if isDown(err) {
		code, msg = accord.EUNAVAILABLE, "the database cannot be reached"
	}
	if isFull(err) {
		return accord.StorageFull(err)
	}
	if code == "" {
		return err
	}
	return &accord.Error{Code: code, Message: msg, Err: err}
}

// sqlState returns the SQLSTATE of a PostgreSQL error, and PostgreSQL's code
// for the SQLite constraint errors, so that both engines are classified
// alike.
func sqlState(err error) string {
	if e, ok := errors.AsType[*pgconn.PgError](err); ok {
		return e.Code
	}
	if e, ok := errors.AsType[*sqlite.Error](err); ok {
		switch e.Code() {
		case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
			return "23503"
		case 1555, 2067: // SQLITE_CONSTRAINT_PRIMARYKEY, _UNIQUE
			return "23505"
		case 275: // SQLITE_CONSTRAINT_CHECK
			return "23514"
		case 1299: // SQLITE_CONSTRAINT_NOTNULL
			return "23502"
		}
	}
	return ""
}

// conflict turns a uniqueness violation into ECONFLICT with a message that,
// unlike the backstop's, says which record exists already.
func conflict(err error, format string, args ...any) error {
	if sqlState(err) == "23505" {
		e := accord.Errorf(accord.ECONFLICT, format, args...)
		e.Err = err
		return e
	}
	return err
}

// exec runs a statement.
func (t *txn) exec(query string, args ...any) error {
	_, err := t.tx.ExecContext(t.ctx, query, args...)
	return err
}

// insert runs an INSERT and returns the id of the new row.
func (t *txn) insert(query string, args ...any) (id int64, err error) {
	err = t.tx.QueryRowContext(t.ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// exists reports whether query returns a row.
func (t *txn) exists(query string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// ref checks that a referenced record exists, blaming field if it does not.
func (t *txn) ref(field, what string, query string, args ...any) error {
	ok, err := t.exists(query, args...)
	if err == nil && !ok {
		err = accord.Invalid(field, "%s does not exist", what)
	}
	return err
}

// found checks that the record a read is about exists: a list of the
// memberships of an unknown organization is ENOTFOUND, not empty.
func (t *txn) found(kind string, key any, query string, args ...any) error {
	ok, err := t.exists(query, args...)
	if err == nil && !ok {
		err = accord.NotFound(kind, key)
	}
	return err
}

// forUpdate makes query lock the row it selects until the transaction ends,
// so that check-then-insert rules (no overlapping memberships, the next
// revision number) hold under concurrent writers. SQLite needs no lock: its
// writers are serialized by the single writer connection and BEGIN IMMEDIATE.
func (t *txn) forUpdate(query string) string {
	if t.db.dialect == Postgres {
		// NO KEY UPDATE, unlike UPDATE, does not block inserts whose foreign
		// keys point at the row.
		return query + " FOR NO KEY UPDATE"
	}
	return query
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// all runs query and scans every row with scan.
func all[T any](t *txn, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// scanID scans a row of one id.
func scanID(r scanner) (int64, error) {
	var id int64
	return id, r.Scan(&id)
}

// one runs query and scans its single row; no row is notFound.
func one[T any](t *txn, scan func(scanner) (T, error), notFound error, query string, args ...any) (T, error) {
	v, err := scan(t.queryRow(query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		err = notFound
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// placeholders appends values to args and returns their placeholders, for an
// IN list: "$3, $4".
func placeholders[T any](args *[]any, values []T) string {
	ps := make([]string, len(values))
	for i, v := range values {
		*args = append(*args, v)
		ps[i] = fmt.Sprintf("$%d", len(*args))
	}
	return strings.Join(ps, ", ")
}

// Column encodings. Dates are TEXT YYYY-MM-DD, or NULL when unknown, so that
// they compare as strings in SQL; timestamps are fixed-width UTC TEXT for the
// same reason; texts in several languages and language lists are JSON.

const timeFormat = "2006-01-02T15:04:05.000000Z"

// stamp rounds t to what a timestamp column keeps, so that the value set on
// a struct equals the one read back later.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stamp(t).Format(timeFormat)
}

func dateArg(d accord.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func jsonArg(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and string slices always marshal
	}
	return string(b)
}

// texts keeps an empty list as [] rather than null, so that every row decodes
// the same way.
func texts(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func text(t accord.Text) accord.Text {
	if t == nil {
		return accord.Text{}
	}
	return t
}

// column adapts a destination to the column encodings above.
type column struct{ dest any }

func (c column) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		return nil // the destination keeps its zero value
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("sqlstore: cannot decode %T", src)
	}
	switch d := c.dest.(type) {
	case *accord.Date:
		// Meetings keep dates known to the month or the year; the
		// validation of each record decided what precision it stored.
		p, err := accord.ParsePartialDate(s)
		*d = p
		return err
	case *time.Time:
		t, err := time.Parse(timeFormat, s)
		*d = t
		return err
	default:
		return json.Unmarshal([]byte(s), d)
	}
}

func col(dest any) column { return column{dest} }

// withParent hands add the parent row that a child row of a second query
// belongs to. A read sees one snapshot, so the parent is normally there; a
// child whose parent the first query did not return (a row added between
// the two on an engine without snapshots, or a query whose conditions
// differ) is skipped, since the page asked only for the parents the first
// query chose.
func withParent[P any](byID map[int64]*P, id int64, add func(p *P)) {
	if p, ok := byID[id]; ok {
		add(p)
	}
}
