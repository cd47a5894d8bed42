package sqlstore

import (
	"context"
	"time"
)

// Rows counts the rows of every table, so that tests can check that a refused
// write left the database as it was.
func (db *DB) Rows(ctx context.Context) (map[string]int, error) {
	counts := map[string]int{}
	for _, table := range []string{"schema_migrations", "states", "organizations", "memberships", "bodies", "organs",
		"meetings", "persons", "agenda_items", "delegations", "delegation_members", "documents", "document_versions",
		"document_meetings", "document_recipients", "chair_terms", "rotation_rule_versions"} {
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, err
		}
		counts[table] = n
	}
	return counts, nil
}

// Exec runs a statement in a write transaction, to test what the schema
// refuses on its own.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	return db.write(ctx, "exec", func(t *txn) error { return t.exec(query, args...) })
}

// SetBeforeAnswer sets a function to run just before an idempotent
// request's transaction commits.
func (db *DB) SetBeforeAnswer(fn func()) { db.beforeAnswer = fn }

// SetOutageClock replaces the clock of the outage gate and the measure of
// free disk space, so that tests can step through a backoff and a full disk.
func (db *DB) SetOutageClock(now func() time.Time, free func(string) (uint64, error)) {
	db.gate.now, db.gate.free = now, free
}

// ExecWriter runs a statement on the writer's connection outside any
// transaction, for pragmas such as max_page_count.
func (db *DB) ExecWriter(ctx context.Context, query string) error {
	_, err := db.w.ExecContext(ctx, query)
	return err
}

// Classify is classify, for the table test of driver errors.
func Classify(err error) error { return classify(err) }

// Gate runs the outage gate around a call that returns err.
func (db *DB) Gate(err error) (refused error) {
	probe, refused := db.gate.enter()
	if refused != nil {
		return refused
	}
	db.gate.leave(probe, err)
	return nil
}

// FetchOneOf runs queries, each of one integer, as one read outside a
// transaction (fetchOne), which refuses more than one.
func (db *DB) FetchOneOf(ctx context.Context, queries ...string) error {
	_, err := fetchOne(ctx, db, "fetch one", func(t *txn) (int, error) {
		var n int
		for _, q := range queries {
			if err := t.queryRow(q).Scan(&n); err != nil {
				return 0, err
			}
		}
		return n, nil
	})
	return err
}

// SetHoldingStatuses sets a function to run while a transaction holds a
// council's status list (DB.holdingStatuses), with its PostgreSQL
// backend's pid (0 on SQLite), so that a test can find who waits for it.
func (db *DB) SetHoldingStatuses(fn func(op string, backend int64)) {
	if fn == nil {
		db.holdingStatuses = nil
		return
	}
	db.holdingStatuses = func(op string, t *txn) {
		var pid int64
		if db.dialect == Postgres {
			pid, _ = one(t, scanID, nil, `SELECT pg_backend_pid()`)
		}
		fn(op, pid)
	}
}

// BlockedBy returns the statement of a PostgreSQL backend that waits for
// a lock backend holds, or "" when none waits.
func (db *DB) BlockedBy(ctx context.Context, backend int64) (string, error) {
	var q string
	err := db.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(query), '') FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, backend).Scan(&q)
	return q, err
}

// WriterWaits counts the writes that ever waited for SQLite's one writer
// connection.
func (db *DB) WriterWaits() int64 { return db.w.Stats().WaitCount }

// Setting reads a PostgreSQL setting as the read pool's connections have
// it.
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT current_setting($1)`, name).Scan(&v)
	return v, err
}
