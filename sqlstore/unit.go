package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// A unit is one transaction that several calls share: the reads and writes
// of an idempotent request, whose answer is stored in the transaction that
// holds its changes (see RunIdempotent). It begins with the request's first
// write; reads before it use the read pool as usual, reads after it see
// its changes. Each call runs in a savepoint of its own, so that a write
// that fails leaves nothing behind, as it would in a transaction of its
// own, and one that PostgreSQL picked as a deadlock victim is run again
// from its savepoint.
type unit struct {
	ctx context.Context
	tx  *sql.Tx
	// savepoints numbers the savepoints, which need distinct names only
	// to be readable in the database's log.
	savepoints int
}

// unitKey finds a DB's unit in a context; it holds the DB so that two
// databases never share a unit.
type unitKey struct{ db *DB }

// withUnit returns a context whose calls to db share the unit u.
func (db *DB) withUnit(ctx context.Context, u *unit) context.Context {
	return context.WithValue(ctx, unitKey{db}, u)
}

// unitOf returns the unit of ctx that a call with opts joins, if any: a
// write always, beginning the unit's transaction, a read once it has begun.
func (db *DB) unitOf(ctx context.Context, opts *sql.TxOptions) *unit {
	u, ok := ctx.Value(unitKey{db}).(*unit)
	if !ok || u.tx == nil && opts != nil && opts.ReadOnly {
		return nil
	}
	return u
}

// inUnit runs fn in a savepoint of u's transaction.
func (db *DB) inUnit(ctx context.Context, u *unit, op string, fn func(t *txn) error) error {
	if u.tx == nil {
		tx, err := db.w.BeginTx(u.ctx, nil)
		if err != nil {
			return err
		}
		u.tx = tx
	}
	return db.retry(ctx, op, func() error {
		u.savepoints++
		name := fmt.Sprintf("call_%d", u.savepoints)
		if _, err := u.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
			return err
		}
		t := &txn{ctx: ctx, tx: u.tx, db: db}
		err := fn(t)
		if err == nil {
			err = t.flush()
		}
		if err == nil {
			_, err = u.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
			return err
		}
		if _, rerr := u.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			return rerr
		}
		return err
	})
}
