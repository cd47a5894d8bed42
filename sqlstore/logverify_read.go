package sqlstore

import (
	"context"
	"database/sql"

	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// verifyBatch is one range of entries read in one query, with the stored
// roots of its full tiles, and their hashes once the hasher has them.
type verifyBatch struct {
	start, end int64
	entries    []*translog.Entry
	stored     []tlog.Hash // nil when they could not be read
	leaves     []tlog.Hash
	roots      []tlog.Hash // of each full tile of entries
	err        error
}

// readLeaves reads [0, size) a range per query and hashes it on another
// goroutine, so that the driver's decoding and SHA-256 run on two cores.
// The channels hold two batches each, so memory stays bounded whatever the
// log's size. Only the reader uses the transaction until done is closed.
func (t *txn) readLeaves(ctx context.Context, size int64) (<-chan *verifyBatch, func()) {
	ctx, cancel := context.WithCancel(ctx)
	read, hashed := make(chan *verifyBatch, 2), make(chan *verifyBatch, 2)
	done := make(chan struct{})
	go func() {
		defer close(read)
		for start := int64(0); start < size; start += verifyPage {
			b := &verifyBatch{start: start, end: min(start+verifyPage, size)}
			b.entries, b.err = t.readEntries(b.start, b.end)
			if b.err == nil {
				var idx []int64
				for st := b.start; st+translog.TileWidth <= b.end; st += translog.TileWidth {
					idx = append(idx, tlog.StoredHashIndex(translog.TileHeight, st/translog.TileWidth))
				}
				// An empty IN () is an error that would abort the
				// transaction on PostgreSQL.
				if len(idx) > 0 {
					if stored, err := t.logHashes(idx); err == nil {
						b.stored = stored
					}
				}
			}
			select {
			case read <- b:
			case <-ctx.Done():
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	go func() {
		defer close(done)
		defer close(hashed)
		for b := range read {
			b.leaves = make([]tlog.Hash, len(b.entries))
			for i := range b.entries {
				b.leaves[i] = tlog.RecordHash(b.entries[i].Data)
			}
			for i := 0; i+translog.TileWidth <= len(b.leaves); i += translog.TileWidth {
				var tb translog.RootBuilder
				for _, h := range b.leaves[i : i+translog.TileWidth] {
					tb.AddHash(h)
				}
				b.roots = append(b.roots, tb.Root())
			}
			select {
			case hashed <- b:
			case <-ctx.Done():
				for range read {
				}
				return
			}
		}
	}()
	return hashed, func() { cancel(); <-done }
}

// readEntries reads the entries [start, end) for the replay. The driver's
// per-row work is most of a replay's time, so the rows are scanned as raw
// bytes into one buffer per range, and the kinds the replay keeps are its
// constants: no allocation per entry but the driver's own.
func (t *txn) readEntries(start, end int64) ([]*translog.Entry, error) {
	rows, err := t.query(`SELECT idx, kind, ref, data FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	es := make([]translog.Entry, 0, end-start)
	var buf []byte
	var kind, data sql.RawBytes
	for rows.Next() {
		var e translog.Entry
		if err := rows.Scan(&e.Index, &kind, &e.Ref, &data); err != nil {
			return nil, err
		}
		if k, ok := canonicalKind(string(kind)); ok {
			e.Kind = k
		} else {
			e.Kind = string(kind)
		}
		if len(buf)+len(data) > cap(buf) {
			// A new buffer, not a grown one: the entries already read
			// point into the old.
			buf = make([]byte, 0, max(1<<20, len(data)))
		}
		n := len(buf)
		buf = append(buf, data...)
		e.Data = buf[n:len(buf):len(buf)]
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*translog.Entry, len(es))
	for i := range es {
		out[i] = &es[i]
	}
	return out, nil
}
