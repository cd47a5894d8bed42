package sqlstore

import (
	"context"
	"strconv"
)

// SearchEntries counts the rows of the search index, so that a test can
// show a refused query or a failed write left it as it was.
func (db *DB) SearchEntries(ctx context.Context) (n int, err error) {
	err = db.read(ctx, "count search entries", func(t *txn) error {
		return t.queryRow(`SELECT COUNT(*) FROM search_entries`).Scan(&n)
	})
	return n, err
}

// SeedArchive adds n public, restricted and confidential documents linked
// to meeting, each with a version in en, ru and zh made by text, in one
// transaction, and indexes them: the archive of the search benchmark.
func (db *DB) SeedArchive(ctx context.Context, meeting int64, n int, text func(i int, lang string) (title, body string)) error {
	err := db.bookkeep(ctx, "seed archive", func(t *txn) error {
		now := stamp(db.now()).Format(timeFormat)
		sha := "0000000000000000000000000000000000000000000000000000000000000000"
		for i := range n {
			class := []string{"public", "public", "public", "public", "public", "public", "public", "restricted", "restricted", "confidential"}[i%10]
			id, err := t.insert(`INSERT INTO documents (reference, kind, classification, author_kind, created_at) VALUES ($1, 'report', $2, 'secretariat', $3)`,
				"BENCH/"+strconv.Itoa(i), class, now)
			if err != nil {
				return err
			}
			for _, l := range []string{"en", "ru", "zh"} {
				title, body := text(i, l)
				if err := t.exec(`INSERT INTO document_versions (document_id, lang, revision, title, body, sha256, created_at) VALUES ($1, $2, 1, $3, $4, $5, $6)`,
					id, l, title, body, sha, now); err != nil {
					return err
				}
			}
			if err := t.exec(linkInsert, id, meeting, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.RebuildSearch(ctx)
}

// Analyze gathers PostgreSQL's statistics, as autovacuum would after a
// bulk load, so that a test or benchmark sees the plans a server has; on
// SQLite, whose planner reads no statistics here, it does nothing.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	return db.bookkeep(ctx, "analyze", func(t *txn) error { return t.exec(`ANALYZE`) })
}
