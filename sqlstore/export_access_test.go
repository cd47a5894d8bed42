package sqlstore

import "context"

// ExecMigration runs a statement as a migration does, without an audit
// record, so that a test can replay a migration's backfill.
func (db *DB) ExecMigration(ctx context.Context, query string) error {
	return db.bookkeep(ctx, "exec migration", func(t *txn) error { return t.exec(query) })
}
