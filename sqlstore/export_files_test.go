package sqlstore

import "context"

// FileChunks returns the sizes of a stored file's chunks, in order.
func (db *DB) FileChunks(ctx context.Context, sum string) ([]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT length(data) FROM file_chunks WHERE sha256 = $1 ORDER BY seq`, sum)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var sizes []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		sizes = append(sizes, n)
	}
	return sizes, rows.Err()
}

// FileRows counts the rows of the file tables.
func (db *DB) FileRows(ctx context.Context) (files, chunks int, err error) {
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM files`).Scan(&files); err != nil {
		return 0, 0, err
	}
	return files, chunks, db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM file_chunks`).Scan(&chunks)
}
