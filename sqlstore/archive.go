package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// RecordArchiveExport enters e in the log, and the audit trail, in one
// transaction. The entry is the record: it holds every field of e, so no
// row exists that could change behind the log's back, and the schema needs
// no table. It is appended at once, not through the pending entries,
// because the bag carries its inclusion proof: the index must be known
// when the transaction ends. Its ref is 0, as no row backs it; the index
// names it.
func (db *DB) RecordArchiveExport(ctx context.Context, e *accord.ArchiveExport) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.write(ctx, "record archive export", func(t *txn) error {
		if err := t.ref("org", "organization", `SELECT 1 FROM organizations WHERE code = $1`, e.Organization); err != nil {
			return err
		}
		e.ExportedAt = stamp(t.db.now())
		entry := &translog.Entry{Kind: translog.KindArchiveExport, Data: translog.NewArchiveEntry(e).Bytes()}
		if err := t.appendLog(entry); err != nil {
			return err
		}
		e.LogIndex = entry.Index
		return t.audit("archive.export", fmt.Sprintf("log_entry/%d", e.LogIndex), nil, e)
	})
}
