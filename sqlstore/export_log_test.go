package sqlstore

import (
	"context"

	"github.com/accord-org/accord/translog"
)

// Tamper runs a statement outside every rule of the store, as someone who
// edits the database behind the server's back would.
func (db *DB) Tamper(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, query, args...)
	return err
}

// Count runs a query of one integer, for tests that look at how the store
// keeps its rows.
func (db *DB) Count(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.w.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// EncodeBundle frames a tile's entries as the store keeps them.
var EncodeBundle = encodeBundle

// DecodeBundle cuts a bundle into its entries.
func DecodeBundle(tile int64, b []byte) ([]translog.Entry, error) { return decodeBundle(tile, b) }
