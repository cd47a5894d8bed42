package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// The salts of sealed entries (translog's entry version 2) are kept by the
// (kind, ref) of the row their entry records. A row whose entry was logged
// before salts has none, and 'accord log verify' recomputes its entry in
// the old form.

// newSalt makes and keeps the salt of the sealed entry of (kind, ref), in
// the transaction that appends the entry.
func (t *txn) newSalt(kind string, ref int64) ([]byte, error) {
	salt := translog.NewSalt()
	if err := t.exec(`INSERT INTO log_salts (kind, ref, salt) VALUES ($1, $2, $3)`, kind, ref, salt); err != nil {
		return nil, err
	}
	return salt, nil
}

// saltIf makes the salt of an entry when seal says the entry is sealed,
// and returns nil, which logs it in the clear, otherwise.
func (t *txn) saltIf(seal bool, kind string, ref int64) ([]byte, error) {
	if !seal {
		return nil, nil
	}
	return t.newSalt(kind, ref)
}

// sealed reports whether the document's entries are to be sealed: the
// public may not read it.
func (t *txn) sealed(documentID int64) (bool, error) {
	var c accord.Classification
	if err := t.tx.QueryRowContext(t.ctx, `SELECT classification FROM documents WHERE id = $1`, documentID).Scan(&c); err != nil {
		return false, err
	}
	return c != accord.Public, nil
}

// salts reads every salt, for a replay of the log.
func (t *txn) salts() (map[rowKey][]byte, error) {
	type salted struct {
		key  rowKey
		salt []byte
	}
	rows, err := all(t, func(r scanner) (s salted, err error) { return s, r.Scan(&s.key.kind, &s.key.ref, &s.salt) },
		`SELECT kind, ref, salt FROM log_salts`)
	if err != nil {
		return nil, err
	}
	out := make(map[rowKey][]byte, len(rows))
	for _, s := range rows {
		out[s.key] = s.salt
	}
	return out, nil
}

// LogSalt returns the salt of the sealed entry of kind that records the row
// ref; an entry in the clear, or sealed before salts, has none.
func (db *DB) LogSalt(ctx context.Context, kind string, ref int64) ([]byte, error) {
	return fetch(ctx, db, "log salt", func(t *txn) ([]byte, error) {
		return one(t, func(r scanner) (s []byte, err error) { return s, r.Scan(&s) },
			accord.NotFound("log salt", kind+"/"+fmt.Sprint(ref)), `SELECT salt FROM log_salts WHERE kind = $1 AND ref = $2`, kind, ref)
	})
}
