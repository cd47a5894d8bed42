package sqlstore

import "context"

// Tamper runs a statement outside every rule of the store, as someone who
// edits the database behind the server's back would.
func (db *DB) Tamper(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, query, args...)
	return err
}
