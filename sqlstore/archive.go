package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

const selectArchiveExport = `SELECT id, organization, body, meeting_number, prepared_for, tag_manifest_sha256, signer, signature, exported_at, log_index FROM archive_exports`

func scanArchiveExport(r scanner) (*accord.ArchiveExport, error) {
	e := &accord.ArchiveExport{}
	err := r.Scan(&e.ID, &e.Organization, &e.Body, &e.MeetingNumber, &e.PreparedFor, &e.TagManifestSHA256, &e.Signer, &e.Signature, col(&e.ExportedAt), &e.LogIndex)
	return e, err
}

// RecordArchiveExport stores e and appends its entry to the log at once,
// not through the pending entries: the bag carries the entry's inclusion
// proof, so its index must be known when the transaction ends.
func (db *DB) RecordArchiveExport(ctx context.Context, e *accord.ArchiveExport) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.write(ctx, "record archive export", func(t *txn) error {
		if err := t.ref("org", "organization", `SELECT 1 FROM organizations WHERE code = $1`, e.Organization); err != nil {
			return err
		}
		e.ExportedAt = stamp(t.db.now())
		// The index is written once the entry has one, in the same
		// transaction; -1 holds its place until then.
		id, err := t.insert(`INSERT INTO archive_exports (organization, body, meeting_number, prepared_for, tag_manifest_sha256, signer, signature, exported_at, log_index)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, -1)`,
			e.Organization, e.Body, e.MeetingNumber, e.PreparedFor, e.TagManifestSHA256, e.Signer, e.Signature, timeArg(e.ExportedAt))
		if err != nil {
			return err
		}
		e.ID = id
		entry := &translog.Entry{Kind: translog.KindArchiveExport, Ref: id, Data: translog.NewArchiveEntry(e).Bytes()}
		if err := t.appendLog(entry); err != nil {
			return err
		}
		e.LogIndex = entry.Index
		if err := t.exec(`UPDATE archive_exports SET log_index = $1 WHERE id = $2`, e.LogIndex, id); err != nil {
			return err
		}
		return t.audit("archive.export", fmt.Sprintf("archive_export/%d", id), nil, e)
	})
}

// verifyArchiveExports recomputes the entry of every recorded export.
func (t *txn) verifyArchiveExports(check func(kind string, ref int64, what string, want []byte)) error {
	es, err := all(t, scanArchiveExport, selectArchiveExport+` ORDER BY id`)
	if err != nil {
		return err
	}
	for _, e := range es {
		what := fmt.Sprintf("archive export %d (%s %s)", e.ID, e.Organization, e.PreparedFor)
		check(translog.KindArchiveExport, e.ID, what, translog.NewArchiveEntry(e).Bytes())
	}
	return nil
}
