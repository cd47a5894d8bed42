package sqlstore

import "context"

// SearchEntries counts the rows of the search index, so that a test can
// show a refused query or a failed write left it as it was.
func (db *DB) SearchEntries(ctx context.Context) (n int, err error) {
	err = db.read(ctx, "count search entries", func(t *txn) error {
		return t.queryRow(`SELECT COUNT(*) FROM search_entries`).Scan(&n)
	})
	return n, err
}
