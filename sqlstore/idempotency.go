package sqlstore

import (
	"context"

	"github.com/accord-org/accord"
)

// Idempotency keys are bookkeeping, like session activity: they record
// answers, not data, so they are written without an audit record.

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
		}, accord.NotFound("idempotency key", k.Key), `SELECT request_hash, status, body, created_at FROM idempotency_keys
			WHERE user_id = $1 AND scope = $2 AND idem_key = $3`, k.UserID, k.Scope, k.Key)
		switch {
		case err != nil:
			return err
		case stored.RequestHash != k.RequestHash:
			return &accord.Error{Code: accord.ECONFLICT, Field: "Idempotency-Key", Message: "This Idempotency-Key was used for a different request: use a new key."}
		case stored.Status == 0:
			return &accord.Error{Code: accord.ECONFLICT, Field: "Idempotency-Key", Message: "A request with this Idempotency-Key is still being processed: retry later."}
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return stored, claimed, nil
}

// CompleteIdempotencyKey stores the answer to a claimed key.
func (db *DB) CompleteIdempotencyKey(ctx context.Context, k *accord.IdempotencyKey) error {
	if k.Status < 200 || k.Status > 599 {
		return accord.Errorf(accord.EINVALID, "status %d is not an HTTP status", k.Status)
	}
	return db.bookkeep(ctx, "complete idempotency key", func(t *txn) error {
		return t.exec(`UPDATE idempotency_keys SET status = $4, body = $5 WHERE user_id = $1 AND scope = $2 AND idem_key = $3 AND status = 0`,
			k.UserID, k.Scope, k.Key, k.Status, string(k.Body))
	})
}

// ReleaseIdempotencyKey forgets a claimed key that has no answer yet.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, k *accord.IdempotencyKey) error {
	return db.bookkeep(ctx, "release idempotency key", func(t *txn) error {
		return t.exec(`DELETE FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND idem_key = $3 AND status = 0`, k.UserID, k.Scope, k.Key)
	})
}
