package sqlstore

import (
	"database/sql"
	"sync/atomic"
)

// Observer counts what the store does for the operator's metrics. The
// metrics adapter implements it; the store works without one.
type Observer interface {
	// TxRetried is called each time a transaction is run again after a
	// serialization failure or a deadlock; sqlstate says which.
	TxRetried(op, sqlstate string)
}

// SetObserver installs o; call it before serving.
func (db *DB) SetObserver(o Observer) { db.observer = o }

// retried tells the observer, if any, that op is being retried.
func (db *DB) retried(op, sqlstate string) {
	if db.observer != nil {
		db.observer.TxRetried(op, sqlstate)
	}
}

// Pools are the connection pools by role, for their statistics: "write"
// and "read" on SQLite, one "main" on PostgreSQL.
func (db *DB) Pools() map[string]*sql.DB {
	if db.r == db.w {
		return map[string]*sql.DB{"main": db.w}
	}
	return map[string]*sql.DB{"write": db.w, "read": db.r}
}

// ReadCounts are the read transactions begun and the statements they ran
// through query and queryRow (every list and lookup), since the database
// was opened. Tests and accord-bench take the difference around one page
// to show how many queries it costs, and that the number does not grow
// with the data (no N+1).
type ReadCounts struct {
	Transactions, Statements int64
}

type readCounts struct {
	transactions, statements atomic.Int64
}

// ReadCounts returns the counts so far.
func (db *DB) ReadCounts() ReadCounts {
	return ReadCounts{db.counts.transactions.Load(), db.counts.statements.Load()}
}

// Sub is the difference between two counts.
func (c ReadCounts) Sub(before ReadCounts) ReadCounts {
	return ReadCounts{c.Transactions - before.Transactions, c.Statements - before.Statements}
}
