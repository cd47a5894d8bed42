package translog

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/accord-org/accord"
	"github.com/transparency-dev/formats/proof"
	"golang.org/x/mod/sumdb/tlog"
)

// StoredCheckpoint is a signed checkpoint as the store keeps it.
type StoredCheckpoint struct {
	Size int64
	// Note is the checkpoint as the log signed it; Cosigned adds the
	// witnesses' cosignatures, and is empty until one arrives.
	Note     []byte
	Cosigned []byte
}

// Best is the cosigned checkpoint if there is one, else the log's own.
func (c *StoredCheckpoint) Best() []byte {
	if len(c.Cosigned) > 0 {
		return c.Cosigned
	}
	return c.Note
}

// Store is where the log lives: sqlstore.DB.
type Store interface {
	LogSize(ctx context.Context) (int64, error)
	LogHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error)
	LogEntries(ctx context.Context, start, end int64) ([]*Entry, error)
	// LogEntryFor returns the latest entry of kind that records row ref.
	LogEntryFor(ctx context.Context, kind string, ref int64) (*Entry, error)
	// LogSalt returns the salt of the sealed entry of kind that records
	// row ref.
	LogSalt(ctx context.Context, kind string, ref int64) ([]byte, error)
	// BatchAudit links the audit records not yet in the log into it.
	BatchAudit(ctx context.Context) (int, error)
	SaveCheckpoint(ctx context.Context, size int64, note []byte) error
	SaveCosigned(ctx context.Context, size int64, cosigned []byte) error
	// LatestCheckpoint is ENOTFOUND while no checkpoint was made.
	LatestCheckpoint(ctx context.Context) (*StoredCheckpoint, error)
	// WithSignerLock runs fn while no other instance makes a checkpoint
	// of the log, and reports whether it ran: with wait it waits its
	// turn, without it returns false at once when another instance has it.
	WithSignerLock(ctx context.Context, wait bool, fn func(ctx context.Context) error) (bool, error)
}

// Log signs checkpoints of the stored tree, has witnesses cosign them, and
// serves proofs and tiles.
type Log struct {
	Store     Store
	Signer    *LogSigner
	Witnesses []*WitnessClient
	Logger    *slog.Logger
	// Cosigned, when set, is told each witness's answer to a submitted
	// checkpoint (err nil for a cosignature), for the metrics.
	Cosigned func(witness string, err error)
	// mu makes one checkpoint at a time in this process, and the store's
	// signer lock one at a time among the instances that share the
	// database, so that witnesses see one signer submit checkpoints in
	// order.
	mu sync.Mutex

	// cache keeps stored hashes read before. A stored hash never changes
	// once written, so the cache needs no invalidation, only a bound.
	cacheMu sync.Mutex
	cache   map[int64]tlog.Hash
}

// maxCachedHashes bounds the cache (about 80 MB at the bound).
const maxCachedHashes = 1 << 20

// reader reads the tree's stored hashes, through the cache.
func (l *Log) reader(ctx context.Context) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		var missing []int64
		var at []int
		l.cacheMu.Lock()
		for i, x := range indexes {
			if h, ok := l.cache[x]; ok {
				out[i] = h
			} else {
				missing, at = append(missing, x), append(at, i)
			}
		}
		l.cacheMu.Unlock()
		if len(missing) == 0 {
			return out, nil
		}
		got, err := l.Store.LogHashes(ctx, missing)
		if err != nil {
			return nil, err
		}
		l.cacheMu.Lock()
		defer l.cacheMu.Unlock()
		if l.cache == nil || len(l.cache)+len(got) > maxCachedHashes {
			l.cache = map[int64]tlog.Hash{}
		}
		for k, h := range got {
			out[at[k]] = h
			l.cache[missing[k]] = h
		}
		return out, nil
	})
}

// Checkpoint links pending audit records, then signs a checkpoint of the
// tree if it grew, and gathers the witnesses' cosignatures for it. It
// returns the latest checkpoint. While another instance makes one, it
// waits for it, so that what it returns covers every entry stored before
// the call.
func (l *Log) Checkpoint(ctx context.Context) (*StoredCheckpoint, error) {
	cp, _, err := l.checkpoint(ctx, true)
	return cp, err
}

// TryCheckpoint is Checkpoint for the loop that every instance runs: when
// another instance is making a checkpoint, it skips the round and reports
// signed false, with the latest checkpoint stored (nil while there is
// none).
func (l *Log) TryCheckpoint(ctx context.Context) (cp *StoredCheckpoint, signed bool, err error) {
	return l.checkpoint(ctx, false)
}

func (l *Log) checkpoint(ctx context.Context, wait bool) (*StoredCheckpoint, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var latest *StoredCheckpoint
	ran, err := l.Store.WithSignerLock(ctx, wait, func(ctx context.Context) (err error) {
		latest, err = l.signRound(ctx)
		return err
	})
	if err != nil {
		return nil, ran, err
	}
	if !ran {
		latest, err = l.Store.LatestCheckpoint(ctx)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return nil, false, nil // the other instance makes the first
		}
	}
	return latest, ran, err
}

// signRound is one checkpoint, made under the signer lock.
func (l *Log) signRound(ctx context.Context) (*StoredCheckpoint, error) {
	if _, err := l.Store.BatchAudit(ctx); err != nil {
		return nil, err
	}
	size, err := l.Store.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	latest, err := l.Store.LatestCheckpoint(ctx)
	if err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
		return nil, err
	}
	if latest == nil || latest.Size < size {
		root, err := l.Root(ctx, size)
		if err != nil {
			return nil, err
		}
		note, err := l.Signer.Sign(size, root)
		if err != nil {
			return nil, accord.Wrap("sign checkpoint", err)
		}
		if err := l.Store.SaveCheckpoint(ctx, size, note); err != nil {
			return nil, err
		}
		latest = &StoredCheckpoint{Size: size, Note: note}
	}
	if len(l.Witnesses) > 0 && len(latest.Cosigned) == 0 {
		cosigned := l.cosign(ctx, latest)
		if len(cosigned) > 0 {
			if err := l.Store.SaveCosigned(ctx, latest.Size, cosigned); err != nil {
				return nil, err
			}
			latest.Cosigned = cosigned
		}
	}
	return latest, nil
}

// cosign submits the checkpoint to every witness and returns it with the
// cosignatures that came back; a witness that fails is logged and skipped,
// since the others' cosignatures are still worth having.
func (l *Log) cosign(ctx context.Context, cp *StoredCheckpoint) []byte {
	var lines [][]byte
	for _, w := range l.Witnesses {
		sig, err := w.Submit(ctx, cp.Note, cp.Size, func(old int64) ([]tlog.Hash, error) {
			return l.ConsistencyProof(ctx, old, cp.Size)
		})
		if l.Cosigned != nil {
			l.Cosigned(w.Verifier.Name(), err)
		}
		if err != nil {
			if l.Logger != nil {
				l.Logger.Warn("witness refused the checkpoint", "witness", w.URL, "size", cp.Size, "err", err)
			}
			continue
		}
		lines = append(lines, sig)
	}
	if len(lines) == 0 {
		return nil
	}
	return AddCosignatures(cp.Note, lines...)
}

// Root is the tree hash of the first size entries.
func (l *Log) Root(ctx context.Context, size int64) (tlog.Hash, error) {
	if size == 0 {
		return tlog.Hash(emptyRoot), nil
	}
	h, err := tlog.TreeHash(size, l.reader(ctx))
	return h, accord.Wrap("tree hash", err)
}

// checkSize refuses sizes beyond the log.
func (l *Log) checkSize(ctx context.Context, field string, size int64) error {
	n, err := l.Store.LogSize(ctx)
	if err != nil {
		return err
	}
	if size < 0 || size > n {
		return accord.Invalid(field, "%d is not a size of the log, which has %d entries", size, n)
	}
	return nil
}

// InclusionProof proves that entry index is in the tree of size entries.
func (l *Log) InclusionProof(ctx context.Context, index, size int64) ([]tlog.Hash, error) {
	if err := l.checkSize(ctx, "size", size); err != nil {
		return nil, err
	}
	if index < 0 || index >= size {
		return nil, accord.Invalid("index", "%d is not an index of a tree of size %d", index, size)
	}
	p, err := tlog.ProveRecord(size, index, l.reader(ctx))
	return p, accord.Wrap("inclusion proof", err)
}

// ConsistencyProof proves that the tree of size old is a prefix of the tree
// of size size.
func (l *Log) ConsistencyProof(ctx context.Context, old, size int64) ([]tlog.Hash, error) {
	if err := l.checkSize(ctx, "size", size); err != nil {
		return nil, err
	}
	if old < 0 || old > size {
		return nil, accord.Invalid("old", "%d is not a size between 0 and %d", old, size)
	}
	if old == 0 || old == size {
		return []tlog.Hash{}, nil
	}
	p, err := tlog.ProveTree(size, old, l.reader(ctx))
	return p, accord.Wrap("consistency proof", err)
}

// TLogProof is the C2SP tlog-proof of entry index against checkpoint cp.
func (l *Log) TLogProof(ctx context.Context, index int64, cp *StoredCheckpoint) ([]byte, error) {
	p, err := l.InclusionProof(ctx, index, cp.Size)
	if err != nil {
		return nil, err
	}
	tp := proof.TLogProof{Index: uint64(index), Checkpoint: cp.Best()}
	for _, h := range p {
		tp.Hashes = append(tp.Hashes, h)
	}
	return tp.Marshal(), nil
}

// Tile returns the data of a hash tile, if the log is large enough to hold
// it (with its width).
func (l *Log) Tile(ctx context.Context, t tlog.Tile) ([]byte, error) {
	size, err := l.Store.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	// A hash at level 8L covers 256^L leaves.
	span := int64(1) << (uint(t.L) * TileHeight)
	if t.N > (size/span)/TileWidth+1 || (t.N*TileWidth+int64(t.W))*span > size {
		return nil, accord.NotFound("tile", TilePath(t, false))
	}
	data, err := tlog.ReadTileData(t, l.reader(ctx))
	return data, accord.Wrap("read tile", err)
}

// EntryBundle returns the entries of tile t as a C2SP entry bundle.
func (l *Log) EntryBundle(ctx context.Context, t tlog.Tile) ([]byte, error) {
	size, err := l.Store.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	start := t.N * TileWidth
	if t.N > size/TileWidth || start+int64(t.W) > size {
		return nil, accord.NotFound("entry bundle", TilePath(t, true))
	}
	es, err := l.Store.LogEntries(ctx, start, start+int64(t.W))
	if err != nil {
		return nil, err
	}
	if len(es) != t.W {
		return nil, accord.Wrap("entry bundle", fmt.Errorf("read %d entries, want %d", len(es), t.W))
	}
	data := make([][]byte, len(es))
	for i, e := range es {
		data[i] = e.Data
	}
	b, err := EntryBundle(data)
	return b, accord.Wrap("entry bundle", err)
}
