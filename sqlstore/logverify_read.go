package sqlstore

import (
	"context"
	"crypto/sha256"
	"hash"
	"runtime"
	"sync"

	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// verifyBatch is one range of entries read in one query, with the stored
// roots of its full tiles, and their hashes once a hasher has them.
type verifyBatch struct {
	start, end int64
	entries    []*translog.Entry
	stored     []tlog.Hash // nil when they could not be read
	leaves     []tlog.Hash
	roots      []tlog.Hash // of each full tile of entries
	err        error
	hashed     chan struct{} // closed once leaves and roots are set
	buf        []byte        // holds the bundled entries' bytes
}

// readLeaves reads [0, size) a range per query, from the entries'
// bundles, and hashes the ranges, on one worker per core, each reading and
// hashing ranges of its own; the ranges are handed on in log order. Reading
// one range after another on one connection left the cores idle while the
// database sent them: on PostgreSQL a replay's reading alone took longer
// than its hashing on both cores.
//
// The first worker reads in t; the others each in a read-only transaction
// of their own. Their snapshots may be later than t's, which changes
// nothing they read: an entry below the log's size is never rewritten, and
// its bytes move from its row to its tile's bundle in one transaction, so
// every snapshot has them, in one place or the other.
//
// The channels hold a few ranges each, so memory stays bounded whatever the
// log's size. The caller hands each range back to recycle once done with
// its entries, whose bytes are then reused for a later range: a replay
// that allocated them afresh spent a fifth of its time collecting them.
// Only the first worker uses t until the returned stop function returns.
func (t *txn) readLeaves(ctx context.Context, size int64) (batches <-chan *verifyBatch, recycle func(*verifyBatch), stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	workers := 2 * max(1, runtime.GOMAXPROCS(0))
	pages := make(chan *verifyBatch)
	ordered := make(chan *verifyBatch, 2*workers)
	free := make(chan []byte, 3*workers)
	go func() {
		defer close(ordered)
		defer close(pages)
		for start := int64(0); start < size; start += verifyPage {
			b := &verifyBatch{start: start, end: min(start+verifyPage, size), hashed: make(chan struct{})}
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
				select {
				case b.buf = <-free:
				default:
				}
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
			select {
			case out <- b:
			case <-ctx.Done():
				for b := range ordered {
					<-b.hashed
				}
				return
			}
			if b.err != nil {
				cancel()
			}
		}
	}()
	recycle = func(b *verifyBatch) {
		if b.buf == nil {
			return
		}
		select {
		case free <- b.buf:
		default:
		}
		b.entries, b.buf = nil, nil
	}
	return out, recycle, func() { cancel(); <-done; wg.Wait() }
}

// readBatch reads b's entries, and the stored roots of its full tiles.
func (t *txn) readBatch(b *verifyBatch) {
	b.entries, b.buf, b.err = t.entriesInto(b.start, b.end, b.buf)
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

// hashLeaves computes the leaf hash of each entry of b, as tlog.RecordHash
// does but with the worker's one digest h, and the root of each full tile.
func hashLeaves(b *verifyBatch, h hash.Hash) {
	if b.err != nil {
		return
	}
	b.leaves = make([]tlog.Hash, len(b.entries))
	leafPrefix := []byte{0}
	for i := range b.entries {
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
