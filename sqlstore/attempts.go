package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/accord-org/accord"
)

// ClaimAttempt counts a sign-in attempt under each of its keys, unless one
// of them is at its limit. The count and the insert are one transaction
// that holds a lock per key, so that of twenty parallel attempts exactly as
// many pass as the limit allows. SQLite's single writer connection is that
// lock already; PostgreSQL takes a transaction-scoped advisory lock per key
// (in sorted order, so that two attempts never wait on each other), and its
// READ COMMITTED statements then see every attempt committed before.
//
// Every claim also deletes up to pruneBatch expired rows: the table then
// shrinks faster than any address can fill it (a claim adds at most
// len(keys) rows), without a loop to run, and no claim waits on a large
// delete.
func (db *DB) ClaimAttempt(ctx context.Context, keys []accord.AttemptKey, at, expired time.Time) (*accord.Attempt, error) {
	a := &accord.Attempt{Counts: make([]int, len(keys))}
	err := db.bookkeep(ctx, "claim sign-in attempt", func(t *txn) error {
		expiredRows := `SELECT id FROM login_failures WHERE at < $1 ORDER BY at LIMIT ` + strconv.Itoa(pruneBatch)
		if t.db.dialect == Postgres {
			// Parallel claims each prune what the others have not
			// locked, instead of waiting on, or deadlocking over, the
			// same rows.
			expiredRows += ` FOR UPDATE SKIP LOCKED`
		}
		if err := t.exec(`DELETE FROM login_failures WHERE id IN (`+expiredRows+`)`, timeArg(expired)); err != nil {
			return err
		}
		if t.db.dialect == Postgres {
			names := make([]string, len(keys))
			for i, k := range keys {
				names[i] = k.Key
			}
			slices.Sort(names)
			for _, name := range slices.Compact(names) {
				if err := t.exec(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, name); err != nil {
					return err
				}
			}
		}
		for i, k := range keys {
			if err := t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2`,
				k.Key, timeArg(k.Since)).Scan(&a.Counts[i]); err != nil {
				return err
			}
			if k.Limit > 0 && a.Counts[i] >= k.Limit {
				a.Refused = k.Key
				return nil
			}
		}
		for _, k := range keys {
			id, err := t.insert(`INSERT INTO login_failures (key, at) VALUES ($1, $2)`, k.Key, timeArg(at))
			if err != nil {
				return err
			}
			a.IDs = append(a.IDs, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// pruneBatch bounds the expired attempts one claim deletes.
const pruneBatch = 100

// ClearAttempt deletes the rows of an attempt that succeeded or was never
// checked, so that it does not count as a failure.
func (db *DB) ClearAttempt(ctx context.Context, a *accord.Attempt) error {
	if a == nil || len(a.IDs) == 0 {
		return nil
	}
	return db.bookkeep(ctx, "clear sign-in attempt", func(t *txn) error {
		var args []any
		return t.exec(`DELETE FROM login_failures WHERE id IN (`+placeholders(&args, a.IDs)+`)`, args...)
	})
}
