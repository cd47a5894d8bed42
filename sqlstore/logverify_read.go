package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"hash"
	"runtime"
	"sync"

	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// verifyBatch is one range of entries read in one query, with the stored
// roots of its full tiles, and their hashes once a worker has them. A
// batch, and what it holds, is reused for a later range once the replay is
// done with it.
type verifyBatch struct {
	start, end int64
	entries    []translog.Entry
	// leafIn holds, for each entry read from a bundle, its data with the
	// leaf prefix before it, as the bundle has them; nil for the others.
	leafIn [][]byte
	stored []tlog.Hash // nil when they could not be read
	leaves []tlog.Hash
	roots  []tlog.Hash // of each full tile of entries
	err    error
	hashed chan struct{} // closed once leaves and roots are set
	buf    []byte        // holds the bundled entries' bytes
}

// readLeaves reads [0, size) a range per query, from the entries'
// bundles, and hashes the ranges, on two workers per core, each reading
// and hashing ranges of its own; the ranges are handed on in log order.
// Reading one range after another on one connection left the cores idle
// while the database sent them: on PostgreSQL a replay's reading alone took
// longer than its hashing on both cores.
//
// The first worker reads in t; the others each in a read-only transaction
// of their own. Their snapshots may be later than t's, which changes
// nothing they read: an entry below the log's size is never rewritten, and
// its bytes move from its row to its tile's bundle in one transaction, so
// every snapshot has them, in one place or the other.
//
// The channels hold a few ranges each, so memory stays bounded whatever the
// log's size. The caller hands each range back to recycle once done with
// its entries, whose memory is then reused for a later range: a replay
// that allocated it afresh spent a fifth of its time clearing and
// collecting it. Only the first worker uses t until the returned stop
// function returns.
func (t *txn) readLeaves(ctx context.Context, size int64) (batches <-chan *verifyBatch, recycle func(*verifyBatch), stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	workers := 2 * max(1, runtime.GOMAXPROCS(0))
	pages := make(chan *verifyBatch)
	ordered := make(chan *verifyBatch, 2*workers)
	free := make(chan *verifyBatch, 3*workers+2)
	go func() {
		defer close(ordered)
		defer close(pages)
		for start := int64(0); start < size; start += verifyPage {
			var b *verifyBatch
			select {
			case b = <-free:
			default:
				b = &verifyBatch{}
			}
			b.start, b.end, b.err, b.stored, b.roots = start, min(start+verifyPage, size), nil, nil, b.roots[:0]
			b.hashed = make(chan struct{})
			// In order to the replay, and to the first free worker;
			// the replay waits for its hashes.
			select {
			case ordered <- b:
			case <-ctx.Done():
				return
			}
			select {
			case pages <- b:
			case <-ctx.Done():
				close(b.hashed)
				return
			}
		}
	}()
	work := func(tx *txn) {
		h := sha256.New()
		for b := range pages {
			if ctx.Err() == nil {
				tx.readBatch(b)
				hashLeaves(b, h)
			} else {
				b.err = ctx.Err()
			}
			close(b.hashed)
		}
	}
	var wg sync.WaitGroup
	wg.Add(workers)
	go func() { defer wg.Done(); work(t) }()
	for range workers - 1 {
		go func() {
			defer wg.Done()
			// A worker that cannot begin its transaction leaves the
			// ranges to the others.
			_ = t.db.read(ctx, "verify log", func(tx *txn) error { work(tx); return nil })
		}()
	}
	out := make(chan *verifyBatch)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		for b := range ordered {
			<-b.hashed
			// Read before b is handed on: the replay reuses it.
			failed := b.err != nil
			select {
			case out <- b:
			case <-ctx.Done():
				for b := range ordered {
					<-b.hashed
				}
				return
			}
			if failed {
				cancel()
			}
		}
	}()
	recycle = func(b *verifyBatch) {
		select {
		case free <- b:
		default:
		}
	}
	return out, recycle, func() { cancel(); <-done; wg.Wait() }
}

// readBatch reads b's entries, from their bundles and then from rows where
// the bundles end, and the stored roots of b's full tiles.
func (t *txn) readBatch(b *verifyBatch) {
	b.err = t.readBatchEntries(b)
	if b.err != nil {
		return
	}
	var idx []int64
	for st := b.start; st+translog.TileWidth <= b.end; st += translog.TileWidth {
		idx = append(idx, tlog.StoredHashIndex(translog.TileHeight, st/translog.TileWidth))
	}
	// An empty IN () is an error that would abort the transaction on
	// PostgreSQL.
	if len(idx) > 0 {
		if stored, err := t.logHashes(idx); err == nil {
			b.stored = stored
		}
	}
}

func (t *txn) readBatchEntries(b *verifyBatch) error {
	n := int(b.end - b.start)
	if cap(b.entries) < n {
		b.entries, b.leafIn = make([]translog.Entry, n), make([][]byte, n)
	}
	b.entries, b.leafIn = b.entries[:n], b.leafIn[:n]
	first, last := b.start/translog.TileWidth, b.end/translog.TileWidth // full tiles only
	got := 0
	if first < last {
		rows, err := t.query(`SELECT tile, data FROM log_bundles WHERE tile >= $1 AND tile < $2 ORDER BY tile`, first, last)
		if err != nil {
			return err
		}
		buf := b.buf[:0]
		for rows.Next() {
			var tile int64
			var data sql.RawBytes
			if err := rows.Scan(&tile, &data); err != nil {
				rows.Close()
				return err
			}
			if tile != first+int64(got/translog.TileWidth) {
				break // a tile without a bundle: the rows hold the rest
			}
			if len(buf)+len(data) > cap(buf) {
				// A new buffer, not a grown one: the entries already
				// read point into the old.
				buf = make([]byte, 0, max(2*cap(buf), len(data)))
			}
			k := len(buf)
			buf = append(buf, data...)
			if err := decodeBundleInto(tile, buf[k:], b.entries[got:got+translog.TileWidth], b.leafIn[got:got+translog.TileWidth]); err != nil {
				rows.Close()
				return &bundleError{tile}
			}
			got += translog.TileWidth
		}
		b.buf = buf
		err = rows.Err()
		rows.Close()
		if err != nil {
			return err
		}
	}
	if got < n {
		rest, err := all(t, scanEntry, `SELECT idx, kind, ref, data FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, b.start+int64(got), b.end)
		if err != nil {
			return err
		}
		for _, e := range rest {
			b.entries[got], b.leafIn[got] = *e, nil
			got++
		}
		b.entries, b.leafIn = b.entries[:got], b.leafIn[:got]
	}
	return nil
}

// hashLeaves computes the leaf hash of each entry of b, in place where the
// bundle holds the leaf prefix before the data and otherwise with the
// worker's one digest h, and the root of each full tile.
func hashLeaves(b *verifyBatch, h hash.Hash) {
	if b.err != nil {
		return
	}
	if cap(b.leaves) < len(b.entries) {
		b.leaves = make([]tlog.Hash, len(b.entries))
	}
	b.leaves = b.leaves[:len(b.entries)]
	leafPrefix := []byte{0}
	for i := range b.entries {
		if in := b.leafIn[i]; in != nil {
			b.leaves[i] = sha256.Sum256(in)
			continue
		}
		h.Reset()
		h.Write(leafPrefix)
		h.Write(b.entries[i].Data)
		h.Sum(b.leaves[i][:0])
	}
	for i := 0; i+translog.TileWidth <= len(b.leaves); i += translog.TileWidth {
		var tb translog.RootBuilder
		for _, h := range b.leaves[i : i+translog.TileWidth] {
			tb.AddHash(h)
		}
		b.roots = append(b.roots, tb.Root())
	}
}
