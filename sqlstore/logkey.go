package sqlstore

import (
	"context"
	"errors"

	"github.com/accord-org/accord"
)

// LogKey returns the public key (verifier) recorded for the log;
// ENOTFOUND while none is.
func (db *DB) LogKey(ctx context.Context) (string, error) {
	return fetch(ctx, db, "log key", func(t *txn) (string, error) {
		return one(t, func(r scanner) (v string, err error) { return v, r.Scan(&v) }, accord.NotFound("log key", "recorded"),
			`SELECT vkey FROM log_key WHERE id = 1`)
	})
}

// RecordLogKey records vkey as the log's key unless one is recorded
// already, and returns the recorded key, which the caller compares with
// its own. Of two instances that start at once with different keys, one
// records its key and the other is answered with it.
func (db *DB) RecordLogKey(ctx context.Context, vkey string) (string, error) {
	recorded, err := db.LogKey(ctx)
	if accord.ErrorCode(err) != accord.ENOTFOUND {
		return recorded, err
	}
	err = db.write(ctx, "record log key", func(t *txn) error {
		if err := t.exec(`INSERT INTO log_key (id, vkey, recorded_at) VALUES (1, $1, $2)`, vkey, stamp(db.now()).Format(timeFormat)); err != nil {
			return err
		}
		return t.audit("log.key.record", "log/key", nil, map[string]string{"vkey": vkey})
	})
	if accord.ErrorCode(err) == accord.ECONFLICT {
		return db.LogKey(ctx) // another instance recorded one first
	}
	if err != nil {
		return "", err
	}
	return vkey, nil
}

// errSignerBusy ends the lock's transaction when another instance holds
// the lock.
var errSignerBusy = errors.New("another instance holds the signer lock")

// WithSignerLock runs fn while this instance is the log's only signer, and
// reports whether it ran. On PostgreSQL the lock is an advisory lock held
// by a transaction for as long as fn runs (fn's own transactions run on
// other connections), so it goes with the transaction if the instance dies.
// With wait, it waits for the lock; without, it returns at once when
// another instance holds it. On SQLite, whose one writer is one process,
// fn simply runs.
func (db *DB) WithSignerLock(ctx context.Context, wait bool, fn func(ctx context.Context) error) (bool, error) {
	if db.dialect != Postgres {
		return true, fn(ctx)
	}
	ran := false
	var fnErr error
	err := db.bookkeep(ctx, "signer lock", func(t *txn) error {
		// Keyed by schema, as the migration lock is, so that the tests'
		// databases do not share one.
		if wait {
			if err := t.exec(`SELECT pg_advisory_xact_lock(hashtext('accord.signer.' || current_schema()))`); err != nil {
				return err
			}
		} else {
			var got bool
			if err := t.tx.QueryRowContext(t.ctx, `SELECT pg_try_advisory_xact_lock(hashtext('accord.signer.' || current_schema()))`).Scan(&got); err != nil {
				return err
			}
			if !got {
				return errSignerBusy
			}
		}
		ran = true
		// fn's error is returned apart, so that it is not taken for the
		// lock's own, nor retried with it.
		fnErr = fn(ctx)
		return nil
	})
	if errors.Is(err, errSignerBusy) {
		return false, nil
	}
	if err != nil {
		return ran, err
	}
	return ran, fnErr
}
