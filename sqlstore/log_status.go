package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// LogStatus is what the operator's metrics show of the log.
type LogStatus struct {
	// Size is the number of entries; CheckpointSize and CheckpointAt are
	// those of the latest checkpoint, zero before the first.
	Size           int64
	CheckpointSize int64
	CheckpointAt   time.Time
}

// LogStatus reads the log's size and its latest checkpoint's.
func (db *DB) LogStatus(ctx context.Context) (LogStatus, error) {
	size, err := db.LogSize(ctx)
	if err != nil {
		return LogStatus{}, err
	}
	return fetch(ctx, db, "log status", func(t *txn) (LogStatus, error) {
		st := LogStatus{Size: size}
		var at string
		err := t.tx.QueryRowContext(t.ctx, `SELECT size, created_at FROM log_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&st.CheckpointSize, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return st, nil
		}
		if err != nil {
			return st, err
		}
		st.CheckpointAt, err = time.Parse(timeFormat, at)
		return st, err
	})
}
