package sqlstore

import "database/sql"

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
