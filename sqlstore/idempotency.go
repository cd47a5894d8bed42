package sqlstore

import (
	"context"

	"github.com/accord-org/accord"
)

// Idempotency keys are bookkeeping, like session activity: they record
// answers, not data, so they are written without an audit record.
//
// A key's answer is stored in the transaction of the changes it answers for
// (RunIdempotent), so that a crash cannot keep one without the other. The
// claim itself is committed on its own, before the request runs, so that a
// concurrent retry learns that the first is still running; a claim that
// outlives accord.IdempotencyLease without an answer belongs to a request
// that will never answer, and a retry takes it over.

// ClaimIdempotencyKey reserves k, or returns the answer stored for it.
// Expired keys are deleted first, so that the table holds a day of keys.
func (db *DB) ClaimIdempotencyKey(ctx context.Context, k *accord.IdempotencyKey) (*accord.IdempotencyKey, bool, error) {
	if err := k.Validate(); err != nil {
		return nil, false, accord.Wrap("claim idempotency key", err)
	}
	var stored *accord.IdempotencyKey
	claimed := false
	err := db.bookkeep(ctx, "claim idempotency key", func(t *txn) error {
		now := stamp(t.db.now())
		stored, claimed = nil, false
		if err := t.exec(`DELETE FROM idempotency_keys WHERE created_at < $1`, timeArg(now.Add(-accord.IdempotencyTTL))); err != nil {
			return err
		}
		// On PostgreSQL a concurrent claim of the same key waits here for
		// the first to commit, then inserts nothing.
		res, err := t.tx.ExecContext(t.ctx, `INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, status, body, created_at)
			VALUES ($1, $2, $3, $4, 0, '', $5) ON CONFLICT DO NOTHING`, k.UserID, k.Scope, k.Key, k.RequestHash, timeArg(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			k.CreatedAt, k.Status, k.Body, stored, claimed = now, 0, nil, k, true
			return err
		}
		stored, err = one(t, func(r scanner) (*accord.IdempotencyKey, error) {
			s := accord.IdempotencyKey{UserID: k.UserID, Scope: k.Scope, Key: k.Key}
			var body string
			err := r.Scan(&s.RequestHash, &s.Status, &body, col(&s.CreatedAt))
			s.Body = []byte(body)
			return &s, err
		}, accord.NotFound("idempotency key", k.Key), t.forUpdate(`SELECT request_hash, status, body, created_at FROM idempotency_keys
			WHERE user_id = $1 AND scope = $2 AND idem_key = $3`), k.UserID, k.Scope, k.Key)
		switch {
		case err != nil:
			return err
		case stored.RequestHash != k.RequestHash:
			return &accord.Error{Code: accord.ECONFLICT, Field: "Idempotency-Key", Message: "This Idempotency-Key was used for a different request: use a new key."}
		case stored.Status == 0 && stored.CreatedAt.Add(accord.IdempotencyLease).After(now):
			return &accord.Error{Code: accord.ECONFLICT, Field: "Idempotency-Key", Message: "A request with this Idempotency-Key is still being processed: retry later."}
		case stored.Status == 0:
			// The lease ran out: the first request died without storing
			// anything, since its answer and its changes commit together.
			if err := t.exec(`UPDATE idempotency_keys SET created_at = $4 WHERE user_id = $1 AND scope = $2 AND idem_key = $3`,
				k.UserID, k.Scope, k.Key, timeArg(now)); err != nil {
				return err
			}
			k.CreatedAt, k.Status, k.Body, stored, claimed = now, 0, nil, k, true
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return stored, claimed, nil
}

// RunIdempotent runs fn with a context whose reads and writes share one
// transaction, from the first write on, and stores fn's answer in it.
func (db *DB) RunIdempotent(ctx context.Context, k *accord.IdempotencyKey, fn func(ctx context.Context) (int, []byte)) error {
	// The unit's transaction outlives a client that hangs up once fn has
	// answered: the answer is decided. Its statements still run with the
	// request's context, so a hang-up during fn stops them.
	u := &unit{ctx: context.WithoutCancel(ctx)}
	// A panic in fn (the whole handler) must not leave the transaction
	// open: on SQLite it holds the only writer connection. Rolling back a
	// committed transaction does nothing.
	defer func() {
		if u.tx != nil {
			u.tx.Rollback()
		}
	}()
	k.Status, k.Body = fn(db.withUnit(ctx, u))
	if k.Status >= 500 || k.Status < 200 {
		if u.tx != nil {
			u.tx.Rollback()
		}
		// The answer is decided; a client that hung up does not keep the
		// key claimed until its lease runs out.
		return db.ReleaseIdempotencyKey(context.WithoutCancel(ctx), k)
	}
	if u.tx == nil {
		return db.CompleteIdempotencyKey(u.ctx, k) // fn changed nothing
	}
	err := completeKey(&txn{ctx: u.ctx, tx: u.tx, db: db}, k)
	if err == nil {
		if db.beforeAnswer != nil {
			db.beforeAnswer()
		}
		err = u.tx.Commit()
	} else {
		u.tx.Rollback()
	}
	if err != nil {
		// Nothing of the request was stored, so a retry may run it now.
		if rerr := db.ReleaseIdempotencyKey(context.WithoutCancel(ctx), k); rerr != nil {
			err = rerr
		}
		return accord.Wrap("answer idempotent request", classify(err))
	}
	return nil
}

// CompleteIdempotencyKey stores the answer to a claimed key.
func (db *DB) CompleteIdempotencyKey(ctx context.Context, k *accord.IdempotencyKey) error {
	return db.bookkeep(ctx, "complete idempotency key", func(t *txn) error { return completeKey(t, k) })
}

// completeKey stores k's answer if k still holds its claim: a request that
// outlived its lease may have lost the claim to a retry, whose answer is
// the one kept.
func completeKey(t *txn, k *accord.IdempotencyKey) error {
	if k.Status < 200 || k.Status > 599 {
		return accord.Errorf(accord.EINVALID, "status %d is not an HTTP status", k.Status)
	}
	res, err := t.tx.ExecContext(t.ctx, `UPDATE idempotency_keys SET status = $4, body = $5
		WHERE user_id = $1 AND scope = $2 AND idem_key = $3 AND status = 0 AND created_at = $6`,
		k.UserID, k.Scope, k.Key, k.Status, string(k.Body), timeArg(k.CreatedAt))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = &accord.Error{Code: accord.ECONFLICT, Field: "Idempotency-Key", Message: "A retry with this Idempotency-Key took over the request: retry later."}
		}
		return err
	}
	return nil
}

// ReleaseIdempotencyKey forgets a claimed key that has no answer yet, if
// k's request still holds the claim.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, k *accord.IdempotencyKey) error {
	return db.bookkeep(ctx, "release idempotency key", func(t *txn) error {
		return t.exec(`DELETE FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND idem_key = $3 AND status = 0 AND created_at = $4`,
			k.UserID, k.Scope, k.Key, timeArg(k.CreatedAt))
	})
}
