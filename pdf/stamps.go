package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"
)

// The font subsetter (tdewolff/font, sfnt.Write) stamps each embedded
// font's head table with its clock, to the second, as its modified time:
// the same document printed a second later was other bytes, with another
// ETag. unstampFonts sets that time to when in each embedded font and
// writes the file again with its cross-reference table. The writer's own
// layout is assumed (objects one after another, each stream with its
// /Length, a classic xref table); anything else is left as it is.

var (
	objHead    = regexp.MustCompile(`^(\d+) 0 obj\n`)
	firstObj   = regexp.MustCompile(`(?m)^\d+ 0 obj\n`)
	lengthKey  = regexp.MustCompile(`/Length (\d+)`)
	xrefMarker = []byte("xref\n0 ")
)

type pdfObject struct {
	num  int
	data []byte
}

func unstampFonts(b []byte, when time.Time) []byte {
	out, err := restamp(b, when)
	if err != nil {
		return b
	}
	return out
}

func restamp(b []byte, when time.Time) ([]byte, error) {
	xref := bytes.LastIndex(b, xrefMarker)
	trailer := bytes.LastIndex(b, []byte("trailer\n"))
	// The objects are numbered 1 to n: the loop below checks it.
	start := firstObj.FindIndex(b)
	if xref < 0 || trailer < xref || start == nil {
		return nil, fmt.Errorf("not the writer's layout")
	}
	header := b[:start[0]]
	var objs []pdfObject
	changed := false
	for pos := start[0]; pos < xref; {
		m := objHead.FindSubmatch(b[pos:])
		if m == nil {
			return nil, fmt.Errorf("no object at %d", pos)
		}
		num, _ := strconv.Atoi(string(m[1]))
		body := pos + len(m[0])
		end := bytes.Index(b[body:], []byte("endobj\n"))
		stream := bytes.Index(b[body:], []byte(">>stream\n"))
		if end < 0 {
			return nil, fmt.Errorf("object %d has no end", num)
		}
		if stream < 0 || stream > end {
			objs = append(objs, pdfObject{num, b[pos : body+end+7]})
			pos = body + end + 7
			continue
		}
		dict := b[body : body+stream+2]
		lm := lengthKey.FindSubmatch(dict)
		if lm == nil {
			return nil, fmt.Errorf("object %d: a stream without a length", num)
		}
		n, _ := strconv.Atoi(string(lm[1]))
		data := body + stream + len(">>stream\n")
		if data+n > xref {
			return nil, fmt.Errorf("object %d: stream past the end", num)
		}
		tail := bytes.Index(b[data+n:], []byte("endobj\n"))
		if tail < 0 {
			return nil, fmt.Errorf("object %d has no end", num)
		}
		raw := b[data : data+n]
		obj := b[pos : data+n+tail+7]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			if fixed, ok := unstampFont(raw, when); ok {
				var rebuilt bytes.Buffer
				rebuilt.Write(b[pos:body])
				rebuilt.Write(lengthKey.ReplaceAll(dict, []byte("/Length "+strconv.Itoa(len(fixed)))))
				rebuilt.WriteString("stream\n")
				rebuilt.Write(fixed)
				rebuilt.Write(b[data+n : data+n+tail+7])
				obj, changed = rebuilt.Bytes(), true
			}
		}
		objs = append(objs, pdfObject{num, obj})
		pos = data + n + tail + 7
	}
	if !changed {
		return b, nil
	}
	offsets := make([]int, len(objs)+1)
	var w bytes.Buffer
	w.Write(header)
	for _, o := range objs {
		if o.num < 1 || o.num > len(objs) || offsets[o.num] != 0 {
			return nil, fmt.Errorf("object numbers are not 1 to %d", len(objs))
		}
		offsets[o.num] = w.Len()
		w.Write(o.data)
	}
	at := w.Len()
	fmt.Fprintf(&w, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&w, "%010d 00000 n \n", off)
	}
	tr := b[trailer:]
	sx := bytes.Index(tr, []byte("\nstartxref\n"))
	if sx < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	w.Write(tr[:sx])
	fmt.Fprintf(&w, "\nstartxref\n%d\n%%%%EOF\n", at)
	return w.Bytes(), nil
}

// unstampFont returns the deflated stream with its font's head.modified
// set to when and the checksums made again, or false when the stream is
// not a TrueType or OpenType font.
func unstampFont(deflated []byte, when time.Time) ([]byte, bool) {
	r, err := zlib.NewReader(bytes.NewReader(deflated))
	if err != nil {
		return nil, false
	}
	font, err := io.ReadAll(r)
	if err != nil || len(font) < 12 {
		return nil, false
	}
	if v := binary.BigEndian.Uint32(font); v != 0x00010000 && v != 0x4F54544F && v != 0x74727565 {
		return nil, false
	}
	tables := int(binary.BigEndian.Uint16(font[4:]))
	if 12+16*tables > len(font) {
		return nil, false
	}
	for i := range tables {
		rec := font[12+16*i:]
		if string(rec[:4]) != "head" {
			continue
		}
		off, n := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if n < 36 || off+n > len(font) {
			return nil, false
		}
		head := font[off : off+n]
		binary.BigEndian.PutUint32(head[8:], 0)
		binary.BigEndian.PutUint64(head[28:], uint64(when.UTC().Sub(time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC))/time.Second))
		binary.BigEndian.PutUint32(rec[4:], checksum(head))
		binary.BigEndian.PutUint32(head[8:], 0xB1B0AFBA-checksum(font))
		var out bytes.Buffer
		zw := zlib.NewWriter(&out)
		if _, err := zw.Write(font); err != nil || zw.Close() != nil {
			return nil, false
		}
		return out.Bytes(), true
	}
	return nil, false
}

// checksum is the OpenType table checksum: the sum of big-endian uint32
// words, the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var word [4]byte
		copy(word[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(word[:])
	}
	return sum
}
