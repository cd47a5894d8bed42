package sqlstore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/accord-org/accord/translog"
)

// A log bundle holds the entries of one full tile of the log, in index
// order, each as
//
//	uvarint len(kind) | kind | varint ref | uvarint len(data) | 0x00 | data
//
// after a first byte, bundleVersion. The 0x00 is RFC 6962's leaf prefix:
// with it just before the data, a replay hashes each leaf in place, in one
// call, with no copy. The tile's number gives the indexes:
// tile n holds entries [256n, 256n+256). Bundles are made in tile order, so
// the bundled entries are always a prefix of the log; the entries after it
// keep their bytes in log_entries.
//
// Why bundles rather than faster reading of rows: reading rows one at a
// time through the driver costs about a microsecond each whatever the
// engine, and a replay read at 0.15 of this machine's SHA-256 throughput
// for that alone; aggregating rows in SQL was slower still, since the
// engine's own per-row work remains. One row per 256 entries leaves the
// replay's time to hashing.
const bundleVersion = 1

// bundlesPerRound bounds the tiles one transaction of the integrator
// bundles, so that converting an older log of a million entries is many
// short transactions rather than one long one.
const bundlesPerRound = 16

// errBundle is a bundle that cannot be read: changed behind the log's back.
var errBundle = errors.New("unreadable log bundle")

// bundleError names the tile whose bundle cannot be read.
type bundleError struct{ tile int64 }

func (e *bundleError) Error() string { return fmt.Sprintf("log tile %d: %v", e.tile, errBundle) }
func (e *bundleError) Unwrap() error { return errBundle }

// encodeBundle frames a tile's entries.
func encodeBundle(es []*translog.Entry) []byte {
	n := 1
	for _, e := range es {
		n += 3*binary.MaxVarintLen64 + len(e.Kind) + len(e.Data)
	}
	b := make([]byte, 1, n)
	b[0] = bundleVersion
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(len(e.Kind)))
		b = append(b, e.Kind...)
		b = binary.AppendVarint(b, e.Ref)
		b = binary.AppendUvarint(b, uint64(len(e.Data)))
		b = append(b, 0)
		b = append(b, e.Data...)
	}
	return b
}

// decodeBundle cuts tile's bundle into its entries. Their data point into
// b, which the caller gives up.
func decodeBundle(tile int64, b []byte) ([]translog.Entry, error) {
	es := make([]translog.Entry, translog.TileWidth)
	if err := decodeBundleInto(tile, b, es, nil); err != nil {
		return nil, err
	}
	return es, nil
}

// decodeBundleInto cuts tile's bundle into dst, which holds a tile's
// entries, and, when leafIn is not nil, sets leafIn[i] to entry i's data
// with the leaf prefix before it. The kinds that name rows are the
// package's constants, so that a million entries do not each hold a copy.
func decodeBundleInto(tile int64, b []byte, dst []translog.Entry, leafIn [][]byte) error {
	if len(b) == 0 || b[0] != bundleVersion {
		return errBundle
	}
	b = b[1:]
	n := 0
	for ; len(b) > 0; n++ {
		if n == translog.TileWidth {
			return errBundle
		}
		e := &dst[n]
		e.Index = tile*translog.TileWidth + int64(n)
		kind, rest, ok := cutBytes(b)
		if !ok {
			return errBundle
		}
		switch {
		case n > 0 && dst[n-1].Kind == string(kind):
			// Neighbours often share a kind: one string for them.
			e.Kind = dst[n-1].Kind
		default:
			if k, ok := canonicalKind(string(kind)); ok {
				e.Kind = k
			} else {
				e.Kind = string(kind)
			}
		}
		ref, m := binary.Varint(rest)
		if m <= 0 {
			return errBundle
		}
		e.Ref = ref
		l, m2 := binary.Uvarint(rest[m:])
		rest = rest[m+max(m2, 0):]
		if m2 <= 0 || len(rest) == 0 || rest[0] != 0 || l > uint64(len(rest)-1) {
			return errBundle
		}
		e.Data = rest[1 : 1+l : 1+l]
		if leafIn != nil {
			leafIn[n] = rest[: 1+l : 1+l]
		}
		b = rest[1+l:]
	}
	if n != translog.TileWidth {
		return errBundle
	}
	return nil
}

// cutBytes cuts a length-prefixed run of bytes from the front of b.
func cutBytes(b []byte) (run, rest []byte, ok bool) {
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return nil, nil, false
	}
	return b[n : n+int(l)], b[n+int(l):], true
}

// bundledTiles is how many tiles from the first have their bundle.
func (t *txn) bundledTiles() (int64, error) {
	var n int64
	err := t.queryRow(`SELECT COALESCE(MAX(tile) + 1, 0) FROM log_bundles`).Scan(&n)
	return n, err
}

// bundle makes the bundles of up to bundlesPerRound full tiles among the
// first size entries, which have their hashes, and says whether tiles are
// left to bundle. The caller holds log_tree's row, so that two integrators
// never bundle one tile. The entries' bytes leave log_entries in the same
// transaction: the bundle is then their only copy.
func (t *txn) bundle(size int64) (more bool, err error) {
	next, err := t.bundledTiles()
	if err != nil {
		return false, err
	}
	full := size / translog.TileWidth
	last := min(full, next+bundlesPerRound)
	if next >= last {
		return false, nil
	}
	start, end := next*translog.TileWidth, last*translog.TileWidth
	es, err := all(t, scanEntry, `SELECT idx, kind, ref, data FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, end)
	if err != nil {
		return false, err
	}
	if int64(len(es)) != end-start {
		return false, fmt.Errorf("bundle log entries %d to %d: %d of them are stored", start, end-1, len(es))
	}
	rows := make([][]any, 0, last-next)
	for tile := next; tile < last; tile++ {
		tes := es[(tile-next)*translog.TileWidth : (tile-next+1)*translog.TileWidth]
		for k, e := range tes {
			if e.Index != tile*translog.TileWidth+int64(k) {
				return false, fmt.Errorf("bundle log entries %d to %d: entry %d is missing", start, end-1, tile*translog.TileWidth+int64(k))
			}
		}
		rows = append(rows, []any{tile, encodeBundle(tes)})
	}
	if err := t.insertRows(`INSERT INTO log_bundles (tile, data) VALUES `, rows); err != nil {
		return false, err
	}
	if err := t.exec(`UPDATE log_entries SET data = '' WHERE idx >= $1 AND idx < $2`, start, end); err != nil {
		return false, err
	}
	return last < full, nil
}

// readBundles reads the bundles of the tiles [first, last) that exist, in
// order, with the entries they hold. Their bytes are copied into buf,
// which is grown as needed, so that a replay can reuse one buffer per range
// rather than allocate a copy per bundle; the entries point into the buffer
// returned.
func (t *txn) readBundles(first, last int64, buf []byte) (map[int64][]translog.Entry, []byte, error) {
	rows, err := t.query(`SELECT tile, data FROM log_bundles WHERE tile >= $1 AND tile < $2 ORDER BY tile`, first, last)
	if err != nil {
		return nil, buf, err
	}
	defer rows.Close()
	out := map[int64][]translog.Entry{}
	buf = buf[:0]
	for rows.Next() {
		var tile int64
		var data sql.RawBytes
		if err := rows.Scan(&tile, &data); err != nil {
			return nil, buf, err
		}
		if len(buf)+len(data) > cap(buf) {
			// A new buffer, not a grown one: the entries already read
			// point into the old.
			buf = make([]byte, 0, max(2*cap(buf), len(data)))
		}
		n := len(buf)
		buf = append(buf, data...)
		es, err := decodeBundle(tile, buf[n:])
		if err != nil {
			return nil, buf, &bundleError{tile}
		}
		out[tile] = es
	}
	return out, buf, rows.Err()
}

// entries returns the entries [start, end) that are stored, from their
// bundles where they have one and from log_entries after. An entry of an
// unreadable bundle is an error, naming the tile.
func (t *txn) entries(start, end int64) ([]*translog.Entry, error) {
	es, _, err := t.entriesInto(start, end, nil)
	return es, err
}

// entriesInto is entries with the bundles' bytes in buf, as readBundles
// has them.
func (t *txn) entriesInto(start, end int64, buf []byte) ([]*translog.Entry, []byte, error) {
	if start >= end {
		return []*translog.Entry{}, buf, nil
	}
	first, last := start/translog.TileWidth, (end+translog.TileWidth-1)/translog.TileWidth
	bundles, buf, err := t.readBundles(first, last, buf)
	if err != nil {
		return nil, buf, err
	}
	out := make([]*translog.Entry, 0, end-start)
	// Bundles are a prefix of the log: the first tile without one ends
	// them, and the entries from there on are rows.
	rowsFrom := end
	for tile := first; tile < last; tile++ {
		es, ok := bundles[tile]
		if !ok {
			rowsFrom = max(start, tile*translog.TileWidth)
			break
		}
		for i := range es {
			if es[i].Index >= start && es[i].Index < end {
				out = append(out, &es[i])
			}
		}
	}
	if rowsFrom < end {
		rest, err := all(t, scanEntry, `SELECT idx, kind, ref, data FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, rowsFrom, end)
		if err != nil {
			return nil, buf, err
		}
		out = append(out, rest...)
	}
	return out, buf, nil
}

// maxIndexProblems bounds the rows VerifyLogIndex names, so that a table
// rewritten whole gives a readable report rather than a million lines.
const maxIndexProblems = 20

// VerifyLogIndex compares the rows of log_entries that index bundled
// entries, their kind and ref, with the entries their bundles hold, and
// returns how many it compared and each that differs. log verify checks
// the bundles themselves; these rows serve only the lookups of an entry by
// the row it records, which check what they find against the bundle, so
// reading a row per entry again is left to 'accord log verify --rows'.
func (db *DB) VerifyLogIndex(ctx context.Context) (checked int64, problems []string, err error) {
	err = db.read(ctx, "verify log index", func(t *txn) error {
		tiles, err := t.bundledTiles()
		if err != nil {
			return err
		}
		var buf []byte
		for first := int64(0); first < tiles; first += verifyPage / translog.TileWidth {
			last := min(tiles, first+verifyPage/translog.TileWidth)
			var bundles map[int64][]translog.Entry
			if bundles, buf, err = t.readBundles(first, last, buf); err != nil {
				var be *bundleError
				if errors.As(err, &be) {
					problems = append(problems, fmt.Sprintf("the bundle of log entries %d to %d cannot be read", be.tile*translog.TileWidth, (be.tile+1)*translog.TileWidth-1))
					return nil
				}
				return err
			}
			rows, err := t.query(`SELECT idx, kind, ref FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, first*translog.TileWidth, last*translog.TileWidth)
			if err != nil {
				return err
			}
			next := first * translog.TileWidth
			for rows.Next() && len(problems) < maxIndexProblems {
				var idx, ref int64
				var kind string
				if err := rows.Scan(&idx, &kind, &ref); err != nil {
					rows.Close()
					return err
				}
				if idx != next {
					problems = append(problems, fmt.Sprintf("log entries %d to %d have no row in log_entries", next, idx-1))
				}
				next = idx + 1
				checked++
				es, ok := bundles[idx/translog.TileWidth]
				switch {
				case !ok:
					problems = append(problems, fmt.Sprintf("log entry %d has no bundle", idx))
				case es[idx%translog.TileWidth].Kind != kind || es[idx%translog.TileWidth].Ref != ref:
					e := es[idx%translog.TileWidth]
					problems = append(problems, fmt.Sprintf("the row of log entry %d names %s %d, its bundle %s %d", idx, kind, ref, e.Kind, e.Ref))
				}
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return err
			}
			if len(problems) >= maxIndexProblems {
				return nil
			}
			if next != last*translog.TileWidth {
				problems = append(problems, fmt.Sprintf("log entries %d to %d have no row in log_entries", next, last*translog.TileWidth-1))
			}
		}
		return nil
	})
	return checked, problems, err
}
