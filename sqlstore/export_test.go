package sqlstore

import "context"

// Rows counts the rows of every table, so that tests can check that a refused
// write left the database as it was.
func (db *DB) Rows(ctx context.Context) (map[string]int, error) {
	counts := map[string]int{}
	for _, table := range []string{"schema_migrations", "states", "organizations", "memberships", "bodies", "organs",
		"meetings", "persons", "agenda_items", "delegations", "delegation_members", "documents", "document_versions",
		"document_meetings", "chair_terms", "rotation_rules"} {
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, err
		}
		counts[table] = n
	}
	return counts, nil
}

// Exec runs a statement in a write transaction, to test what the schema
// refuses on its own.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	return db.write(ctx, "exec", func(t *txn) error { return t.exec(query, args...) })
}

// SetBeforeAnswer sets a function to run just before an idempotent
// request's transaction commits.
func (db *DB) SetBeforeAnswer(fn func()) { db.beforeAnswer = fn }
