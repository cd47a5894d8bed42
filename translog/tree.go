package translog

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// RootBuilder computes the RFC 6962 root of a tree from its leaves in one
// pass, keeping only the roots of the perfect subtrees on its right edge
// (log₂ n hashes), so that replaying a log of millions of entries needs no
// more memory than one entry.
type RootBuilder struct {
	stack []tlog.Hash
	size  int64
}

// Add appends a leaf.
func (b *RootBuilder) Add(data []byte) tlog.Hash {
	h := tlog.RecordHash(data)
	b.AddHash(h)
	return h
}

// AddHash appends a leaf by its hash.
func (b *RootBuilder) AddHash(h tlog.Hash) {
	b.stack = append(b.stack, h)
	b.size++
	// Each trailing 1 bit of the new size closes a perfect subtree.
	for n := b.size; n&1 == 0; n >>= 1 {
		l := len(b.stack)
		b.stack[l-2] = tlog.NodeHash(b.stack[l-2], b.stack[l-1])
		b.stack = b.stack[:l-1]
	}
}

// AddSubtree appends the 1<<height leaves of a perfect subtree by its root,
// so that a replay that has each tile's root need not hash its inside
// twice. The size so far must be a multiple of 1<<height.
func (b *RootBuilder) AddSubtree(h tlog.Hash, height int) {
	if b.size&(1<<height-1) != 0 {
		panic("translog: a subtree added off its boundary")
	}
	b.stack = append(b.stack, h)
	b.size += 1 << height
	for n := b.size >> height; n&1 == 0; n >>= 1 {
		l := len(b.stack)
		b.stack[l-2] = tlog.NodeHash(b.stack[l-2], b.stack[l-1])
		b.stack = b.stack[:l-1]
	}
}

// Clone is a builder with the same leaves, to add to apart.
func (b *RootBuilder) Clone() RootBuilder {
	return RootBuilder{stack: append([]tlog.Hash(nil), b.stack...), size: b.size}
}

// Size is the number of leaves added.
func (b *RootBuilder) Size() int64 { return b.size }

// Root is the tree hash of the leaves added so far: the subtree roots
// folded from the right, as RFC 6962's MTH splits a tree.
func (b *RootBuilder) Root() tlog.Hash {
	if len(b.stack) == 0 {
		return tlog.Hash(emptyRoot)
	}
	h := b.stack[len(b.stack)-1]
	for i := len(b.stack) - 2; i >= 0; i-- {
		h = tlog.NodeHash(b.stack[i], h)
	}
	return h
}

// emptyRoot is the SHA-256 of nothing, the root of an empty tree.
var emptyRoot = [32]byte{0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55}

// TileHeight is the height of the tiles Accord serves, as C2SP
// tlog-tiles fixes it: 256 hashes or entries per full tile.
const TileHeight = 8

// TileWidth is the number of hashes or entries in a full tile.
const TileWidth = 1 << TileHeight

// ParseTilePath reads a C2SP tlog-tiles path after "tile/": "<L>/<N>" or
// "entries/<N>", each with an optional ".p/<W>" for a partial tile. N is
// written in groups of three digits, all but the last prefixed with "x".
func ParseTilePath(p string) (t tlog.Tile, entries bool, err error) {
	bad := fmt.Errorf("%q is not a tile path", p)
	parts := strings.Split(p, "/")
	if len(parts) < 2 {
		return t, false, bad
	}
	level := -1
	if parts[0] == "entries" {
		entries = true
	} else {
		l, err := strconv.Atoi(parts[0])
		if err != nil || l < 0 || l > 63/TileHeight || parts[0] != strconv.Itoa(l) {
			return t, false, bad
		}
		level = l
	}
	parts = parts[1:]
	w := TileWidth
	if n := len(parts); n >= 2 && strings.HasSuffix(parts[n-2], ".p") {
		pw, err := strconv.Atoi(parts[n-1])
		if err != nil || pw < 1 || pw >= TileWidth || parts[n-1] != strconv.Itoa(pw) {
			return t, false, bad
		}
		w = pw
		parts[n-2] = strings.TrimSuffix(parts[n-2], ".p")
		parts = parts[:n-1]
	}
	var index int64
	for i, part := range parts {
		last := i == len(parts)-1
		digits, ok := strings.CutPrefix(part, "x")
		if ok == last || len(digits) != 3 {
			return t, false, bad
		}
		d, err := strconv.Atoi(digits)
		if err != nil || d < 0 {
			return t, false, bad
		}
		if index > (1<<62)/1000 {
			return t, false, bad
		}
		index = index*1000 + int64(d)
	}
	if entries {
		level = 0
	}
	return tlog.Tile{H: TileHeight, L: level, N: index, W: w}, entries, nil
}

// TilePath writes a tile's path after "tile/", the inverse of ParseTilePath.
func TilePath(t tlog.Tile, entries bool) string {
	n := strconv.FormatInt(t.N, 10)
	for len(n)%3 != 0 {
		n = "0" + n
	}
	var b strings.Builder
	if entries {
		b.WriteString("entries")
	} else {
		b.WriteString(strconv.Itoa(t.L))
	}
	for i := 0; i < len(n); i += 3 {
		b.WriteByte('/')
		if i+3 < len(n) {
			b.WriteByte('x')
		}
		b.WriteString(n[i : i+3])
	}
	if t.W != TileWidth {
		fmt.Fprintf(&b, ".p/%d", t.W)
	}
	return b.String()
}

// EntryBundle encodes entries as a C2SP tlog-tiles entry bundle: each entry
// prefixed with its length as a big-endian uint16.
func EntryBundle(entries [][]byte) ([]byte, error) {
	var out []byte
	for _, e := range entries {
		if len(e) > MaxEntrySize {
			return nil, fmt.Errorf("entry of %d bytes does not fit an entry bundle", len(e))
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(e)))
		out = append(out, e...)
	}
	return out, nil
}

// ParseEntryBundle decodes an entry bundle.
func ParseEntryBundle(b []byte) ([][]byte, error) {
	var out [][]byte
	for len(b) > 0 {
		if len(b) < 2 {
			return nil, fmt.Errorf("entry bundle truncated")
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return nil, fmt.Errorf("entry bundle truncated")
		}
		out = append(out, b[2:2+n])
		b = b[2+n:]
	}
	return out, nil
}
