package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/accord-org/accord/translog"
)

// verifyImports recomputes the log entry of every imported bag from its
// archive_imports row: the row is what the receiver shows later of what it
// received, so a change to it (the tag manifest's hash, the signer, the
// counts) is a change behind the log's back. The sender's log index of the
// bag is the index in the bag's own proof, which the row keeps.
func (t *txn) verifyImports(check func(kind string, ref int64, what string, want []byte)) error {
	type row struct {
		id                                 int64
		org, tag, signer, bagEntry, counts string
		at                                 time.Time
	}
	rows, err := all(t, func(s scanner) (r row, err error) {
		return r, s.Scan(&r.id, &r.org, &r.tag, &r.signer, &r.bagEntry, &r.counts, col(&r.at))
	}, `SELECT id, organization, tag_manifest_sha256, signer, bag_entry, counts, imported_at FROM archive_imports ORDER BY id`)
	if err != nil {
		return err
	}
	for _, r := range rows {
		what := fmt.Sprintf("archive import %d (%s, tag manifest %s)", r.id, r.org, r.tag)
		e := translog.ImportEntry{Type: translog.KindArchiveImport, ImportID: r.id, Organization: r.org, TagManifestSHA256: r.tag,
			Signer: r.signer, SourceLogIndex: -1, ImportedAt: translog.Time(r.at)}
		var bag translog.BundleEntry
		if json.Unmarshal([]byte(r.bagEntry), &bag) == nil {
			e.SourceLogIndex = bag.Index
		}
		// Counts that no longer parse cannot match what was logged:
		// the entry then differs in its counts.
		if json.Unmarshal([]byte(r.counts), &e.Added) != nil {
			e.Added = map[string]int{"unreadable counts": 0}
		}
		check(translog.KindArchiveImport, r.id, what, e.Bytes())
	}
	return nil
}
