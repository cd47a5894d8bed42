// Package archive writes and checks BagIt 1.0 bags (RFC 8493): the format
// in which a secretariat hands its archive to the next chair. A bag is a
// folder, or a .zip when its path ends so, holding the payload under data/,
// a SHA-512 payload manifest, a SHA-512 tag manifest, bag-info.txt and the
// Accord BagIt profile (BagIt Profiles 1.3) that bag-info.txt names.
//
// Files stream through the writer and the verifier a buffer at a time, so
// that an archive larger than memory is written and checked with bounded
// memory. Checksums only show accidental change: the export signs the tag
// manifest and enters it in the transparency log, and Verify leaves those
// checks to its caller, which sees the tag manifest's bytes.
package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Names of the bag's own files.
const (
	BagitTxt       = "bagit.txt"
	BagInfoTxt     = "bag-info.txt"
	Manifest       = "manifest-sha512.txt"
	TagManifest    = "tagmanifest-sha512.txt"
	ProfileFile    = "bagit-profile.json"
	bagitDeclaring = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
)

// Info is bag-info.txt as labels and values, in order. The writer adds
// Bagging-Date, Payload-Oxum and BagIt-Profile-Identifier itself.
type Info [][2]string

// Add appends a label.
func (in *Info) Add(label, value string) { *in = append(*in, [2]string{label, value}) }

// Get returns the first value of label.
func (in Info) Get(label string) string {
	for _, kv := range in {
		if strings.EqualFold(kv[0], label) {
			return kv[1]
		}
	}
	return ""
}

// encode writes bag-info.txt: one "Label: value" line each. Values are made
// one line: RFC 8493 allows folded lines, which no value here needs.
func (in Info) encode() []byte {
	var b bytes.Buffer
	for _, kv := range in {
		v := strings.Join(strings.Fields(kv[1]), " ")
		fmt.Fprintf(&b, "%s: %s\n", kv[0], v)
	}
	return b.Bytes()
}

// sink is where the writer puts files: a folder or a zip.
type sink interface {
	create(name string) (io.WriteCloser, error)
	close() error
	abort()
}

type dirSink struct{ root string }

func (d dirSink) create(name string) (io.WriteCloser, error) {
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}
func (d dirSink) close() error { return nil }
func (d dirSink) abort()       { os.RemoveAll(d.root) }

type zipSink struct {
	f *os.File
	z *zip.Writer
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func (s *zipSink) create(name string) (io.WriteCloser, error) {
	w, err := s.z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Unix(0, 0).UTC()})
	return nopCloser{w}, err
}
func (s *zipSink) close() error {
	if err := s.z.Close(); err != nil {
		s.f.Close()
		return err
	}
	return s.f.Close()
}
func (s *zipSink) abort() { s.f.Close(); os.Remove(s.f.Name()) }

// Writer writes one bag. Payload files are added one after the other, each
// streamed once through SHA-512; the manifests are written by Close.
type Writer struct {
	out      sink
	payload  []entry
	tags     []entry
	oxumSize int64
	now      time.Time
	closed   bool
}

type entry struct {
	name string
	sum  string
}

// Create starts a bag at path, which must not exist: a folder, or a zip
// file when path ends in .zip.
func Create(path string, now time.Time) (*Writer, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("%s exists already: a bag is written to a new path", path)
	}
	var s sink
	if strings.HasSuffix(strings.ToLower(path), ".zip") {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		s = &zipSink{f: f, z: zip.NewWriter(f)}
	} else {
		if err := os.Mkdir(path, 0o755); err != nil {
			return nil, err
		}
		s = dirSink{root: path}
	}
	return &Writer{out: s, now: now}, nil
}

// Add streams a payload file to data/name.
func (w *Writer) Add(name string, r io.Reader) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	sum, n, err := w.write("data/"+name, r)
	if err != nil {
		return err
	}
	w.payload = append(w.payload, entry{"data/" + name, sum})
	w.oxumSize += n
	return nil
}

// AddTag writes a tag file that the tag manifest lists.
func (w *Writer) AddTag(name string, b []byte) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	if strings.HasPrefix(name, "data/") || isOwnTag(name) {
		return fmt.Errorf("%s: not a name for a tag file", name)
	}
	sum, _, err := w.write(name, bytes.NewReader(b))
	if err == nil {
		w.tags = append(w.tags, entry{name, sum})
	}
	return err
}

func isOwnTag(name string) bool {
	switch name {
	case BagitTxt, BagInfoTxt, Manifest, TagManifest, ProfileFile:
		return true
	}
	return false
}

func (w *Writer) write(name string, r io.Reader) (sum string, n int64, err error) {
	f, err := w.out.create(name)
	if err != nil {
		return "", 0, err
	}
	h := sha512.New()
	n, err = io.Copy(io.MultiWriter(f, h), r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Finish writes bagit.txt, bag-info.txt (info with the writer's own labels),
// the profile, the payload manifest and the tag manifest, and returns the
// tag manifest's bytes. Files written after it with AddUnlisted, such as
// the tag manifest's signature, are in no manifest.
func (w *Writer) Finish(info Info) ([]byte, error) {
	if w.closed {
		return nil, fmt.Errorf("the bag is finished already")
	}
	w.closed = true
	full := Info{{"Bagging-Date", w.now.UTC().Format(time.DateOnly)},
		{"Payload-Oxum", fmt.Sprintf("%d.%d", w.oxumSize, len(w.payload))},
		{"BagIt-Profile-Identifier", ProfileIdentifier}}
	full = append(full, info...)
	files := []struct {
		name string
		b    []byte
	}{{BagitTxt, []byte(bagitDeclaring)}, {BagInfoTxt, full.encode()}, {ProfileFile, Profile()}, {Manifest, manifest(w.payload)}}
	for _, f := range files {
		sum, _, err := w.write(f.name, bytes.NewReader(f.b))
		if err != nil {
			return nil, err
		}
		w.tags = append(w.tags, entry{f.name, sum})
	}
	tm := manifest(w.tags)
	if _, _, err := w.write(TagManifest, bytes.NewReader(tm)); err != nil {
		return nil, err
	}
	return tm, nil
}

// AddUnlisted writes a tag file that no manifest lists: what signs or
// proves the tag manifest, which cannot list it.
func (w *Writer) AddUnlisted(name string, b []byte) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	if !w.closed || strings.HasPrefix(name, "data/") || isOwnTag(name) {
		return fmt.Errorf("%s: unlisted files go outside data/, after Finish", name)
	}
	_, _, err := w.write(name, bytes.NewReader(b))
	return err
}

// Close completes the bag's container.
func (w *Writer) Close() error { return w.out.close() }

// Abort removes what was written, after a failure.
func (w *Writer) Abort() { w.out.abort() }

// manifest lists entries sorted by path, as "checksum  path" lines with the
// path's CR, LF and % percent-encoded (RFC 8493, 2.1.3).
func manifest(es []entry) []byte {
	es = slices.Clone(es)
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	var b bytes.Buffer
	for _, e := range es {
		fmt.Fprintf(&b, "%s  %s\n", e.sum, encodePath(e.name))
	}
	return b.Bytes()
}

var pathEncoder = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

func encodePath(p string) string { return pathEncoder.Replace(p) }

func decodePath(p string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '%' {
			b.WriteByte(p[i])
			continue
		}
		if i+2 >= len(p) {
			return "", fmt.Errorf("%q: a %% that starts no percent-encoding", p)
		}
		v, err := strconv.ParseUint(p[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("%q: a %% that starts no percent-encoding", p)
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}

// CheckPath refuses a path that would leave the bag: absolute, with a ..
// element, starting with ~, empty, or not in the slash-separated clean
// form.
func CheckPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("an empty path")
	case strings.HasPrefix(p, "/"), strings.HasPrefix(p, `\`), len(p) > 1 && p[1] == ':':
		return fmt.Errorf("%s: an absolute path, outside the bag", p)
	case strings.HasPrefix(p, "~"):
		return fmt.Errorf("%s: a path starting with ~, outside the bag", p)
	case strings.Contains(p, `\`):
		return fmt.Errorf("%s: a backslash in a path", p)
	case slices.Contains(strings.Split(p, "/"), ".."):
		return fmt.Errorf("%s: a .. in a path, outside the bag", p)
	case path.Clean(p) != p:
		return fmt.Errorf("%s: a path not in its clean form", p)
	}
	return nil
}

// sum512 is the SHA-512 of a stream, for the verifier.
func sum512(r io.Reader) (string, int64, error) {
	h := sha512.New()
	n, err := io.Copy(h, r)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
