package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Problem is one reason a bag is not valid, with the file it is about.
type Problem struct {
	File   string
	Reason string
}

func (p Problem) String() string { return p.File + ": " + p.Reason }

// Report is what Verify found.
type Report struct {
	Problems []Problem
	// Warnings do not make the bag invalid: a file name that matches its
	// manifest only after NFC normalization.
	Warnings []Problem
	Info     Info
	// TagManifest is the bytes of tagmanifest-sha512.txt, for the caller
	// that checks its signature.
	TagManifest  []byte
	PayloadFiles int
	PayloadBytes int64
	TagFiles     int
}

// OK reports whether the bag is complete and valid.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(file, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{file, fmt.Sprintf(format, args...)})
}

// Bag is an opened bag: a folder or a zip.
type Bag struct {
	FS fs.FS
	// names are every file the container holds, as it names them.
	names  []string
	bad    []Problem
	closer io.Closer
}

// Close releases a zip bag's file.
func (b *Bag) Close() error {
	if b.closer != nil {
		return b.closer.Close()
	}
	return nil
}

// ReadFile reads a file of the bag, bounded: tag files only.
func (b *Bag) ReadFile(name string) ([]byte, error) {
	f, err := b.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTagFile+1))
	if err == nil && len(data) > maxTagFile {
		err = fmt.Errorf("%s is larger than %d MiB, the bound of a tag file", name, maxTagFile>>20)
	}
	return data, err
}

// maxTagFile bounds the tag files held in memory: a manifest of a million
// files is about 150 MB, far above what a council's archive lists.
const maxTagFile = 64 << 20

// Open opens the bag at p: a zip file, or a folder.
func Open(p string) (*Bag, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		z, err := zip.OpenReader(p)
		if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
			return nil, fmt.Errorf("%s: not a zip file: %w", p, err)
		}
		b := &Bag{FS: z, closer: z}
		for _, f := range z.File {
			if strings.HasSuffix(f.Name, "/") {
				continue
			}
			if err := CheckPath(f.Name); err != nil {
				b.bad = append(b.bad, Problem{f.Name, "zip entry refused: " + err.Error()})
				continue
			}
			b.names = append(b.names, f.Name)
		}
		return b, nil
	}
	b := &Bag{FS: os.DirFS(p)}
	err = fs.WalkDir(b.FS, ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.Type()&fs.ModeSymlink != 0:
			b.bad = append(b.bad, Problem{name, "a symbolic link, which may point outside the bag"})
		case d.Type().IsRegular():
			b.names = append(b.names, name)
		case !d.IsDir():
			b.bad = append(b.bad, Problem{name, "not a regular file"})
		}
		return nil
	})
	return b, err
}

// algorithms are the manifest algorithms the verifier checks; a bag of the
// Accord profile has SHA-512, and a SHA-256 manifest beside it is checked
// too.
var algorithms = map[string]func() hash.Hash{"sha512": sha512.New, "sha256": sha256.New}

type manifestFile struct {
	name, alg string
	sums      map[string]string // path → hex checksum
}

// Verify checks that b is complete and valid by RFC 8493: bagit.txt
// declares 1.0, every payload file is in every payload manifest and every
// listed file is there with its checksum, the tag manifest's files match
// it, Payload-Oxum matches the payload, and no path leaves the bag. The
// Accord profile also requires tagmanifest-sha512.txt. unlisted are tag
// files that may stand outside every manifest (the signature and proofs).
func Verify(b *Bag, unlisted ...string) (*Report, error) {
	r := &Report{Problems: slices.Clone(b.bad)}
	present := map[string]bool{}
	nfc := map[string]string{}
	for _, n := range b.names {
		present[n] = true
		nfc[norm.NFC.String(n)] = n
	}
	decl, err := b.ReadFile(BagitTxt)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r.problem(BagitTxt, "missing: every bag declares its version")
	case err != nil:
		return nil, err
	default:
		checkDeclaration(r, decl)
	}
	if present["fetch.txt"] {
		r.problem("fetch.txt", "the Accord profile allows no fetch.txt: every payload file must be in the bag")
	}
	var payload, tags []*manifestFile
	for _, n := range b.names {
		if path.Dir(n) != "." {
			continue
		}
		for _, kind := range []string{"manifest-", "tagmanifest-"} {
			alg, ok := strings.CutPrefix(n, kind)
			if !ok || !strings.HasSuffix(alg, ".txt") {
				continue
			}
			alg = strings.TrimSuffix(alg, ".txt")
			if algorithms[alg] == nil {
				r.Warnings = append(r.Warnings, Problem{n, "a manifest of an algorithm this verifier does not check"})
				continue
			}
			m, err := readManifest(b, r, n, alg, kind == "manifest-")
			if err != nil {
				return nil, err
			}
			if kind == "manifest-" {
				payload = append(payload, m)
			} else {
				tags = append(tags, m)
			}
		}
	}
	if !present[Manifest] {
		r.problem(Manifest, "missing: the Accord profile requires a SHA-512 payload manifest")
	}
	if !present[TagManifest] {
		r.problem(TagManifest, "missing: the tag manifest is required, and it is what the signature covers")
	} else if r.TagManifest, err = b.ReadFile(TagManifest); err != nil {
		return nil, err
	}
	// A name in a manifest that is on disk only in another Unicode form
	// (macOS once stored NFD) is the same file, with a warning.
	resolve := func(m *manifestFile, listed string) (string, bool) {
		if present[listed] {
			return listed, true
		}
		if n, ok := nfc[norm.NFC.String(listed)]; ok {
			r.Warnings = append(r.Warnings, Problem{listed, fmt.Sprintf("%s names it in another Unicode normalization than the file %q: compared after NFC", m.name, n)})
			return n, true
		}
		return "", false
	}
	// Each file is read once, through the hashes of every manifest that
	// lists it.
	want := map[string][]check{}
	inPayload := map[string]int{}
	for i, m := range slices.Concat(payload, tags) {
		for _, listed := range sortedKeys(m.sums) {
			n, ok := resolve(m, listed)
			if !ok {
				r.problem(listed, "listed in %s but missing from the bag", m.name)
				continue
			}
			want[n] = append(want[n], check{m.name, m.alg, m.sums[listed]})
			if i < len(payload) {
				inPayload[n]++
			}
		}
	}
	var oxumBytes int64
	for _, n := range b.names {
		isPayload := strings.HasPrefix(n, "data/")
		if isPayload {
			r.PayloadFiles++
			if inPayload[n] < len(payload) || len(payload) == 0 {
				r.problem(n, "in the payload but not listed in every payload manifest")
			}
		} else if len(want[n]) > 0 {
			r.TagFiles++
		}
		if len(want[n]) == 0 {
			if !isPayload && len(tags) > 0 && !isManifest(n) && !slices.Contains(unlisted, n) && n != "fetch.txt" {
				r.Warnings = append(r.Warnings, Problem{n, "a tag file that no tag manifest lists"})
			}
			if !isPayload {
				continue
			}
		}
		size, err := hashFile(b, r, n, want[n])
		if err != nil {
			return nil, err
		}
		if isPayload {
			oxumBytes += size
		}
	}
	r.PayloadBytes = oxumBytes
	if info, err := b.ReadFile(BagInfoTxt); err == nil {
		r.Info = parseInfo(r, info)
		if oxum := r.Info.Get("Payload-Oxum"); oxum != "" {
			if oxum != fmt.Sprintf("%d.%d", oxumBytes, r.PayloadFiles) {
				r.problem(BagInfoTxt, "Payload-Oxum is %s, but the payload holds %d bytes in %d files", oxum, oxumBytes, r.PayloadFiles)
			}
		} else {
			r.problem(BagInfoTxt, "no Payload-Oxum: the Accord profile requires it")
		}
	} else if errors.Is(err, fs.ErrNotExist) {
		r.problem(BagInfoTxt, "missing: the Accord profile requires it")
	} else {
		return nil, err
	}
	slices.SortStableFunc(r.Problems, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
	return r, nil
}

type check struct{ manifest, alg, sum string }

func isManifest(n string) bool {
	return path.Dir(n) == "." && (strings.HasPrefix(n, "manifest-") || strings.HasPrefix(n, "tagmanifest-")) && strings.HasSuffix(n, ".txt")
}

// sortedKeys orders a map's keys, so that reports and bag-info.txt come
// out the same on every run.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// hashFile streams name through the hashes of checks and reports each
// mismatch; it returns the file's size.
func hashFile(b *Bag, r *Report, name string, checks []check) (int64, error) {
	f, err := b.FS.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	hs := make([]hash.Hash, len(checks))
	ws := make([]io.Writer, len(checks))
	for i, c := range checks {
		hs[i] = algorithms[c.alg]()
		ws[i] = hs[i]
	}
	n, err := io.Copy(io.MultiWriter(ws...), f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	for i, c := range checks {
		if got := hex.EncodeToString(hs[i].Sum(nil)); !strings.EqualFold(got, c.sum) {
			r.problem(name, "its %s is %s, but %s lists %s", c.alg, got, c.manifest, c.sum)
		}
	}
	return n, nil
}

func checkDeclaration(r *Report, b []byte) {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		r.problem(BagitTxt, "starts with a byte order mark, which RFC 8493 forbids")
		return
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n"), "\n")
	if len(lines) != 2 || lines[0] != "BagIt-Version: 1.0" || lines[1] != "Tag-File-Character-Encoding: UTF-8" {
		r.problem(BagitTxt, "must be the two lines \"BagIt-Version: 1.0\" and \"Tag-File-Character-Encoding: UTF-8\"")
	}
}

// readManifest parses a manifest: one "checksum path" per line, the path
// percent-decoded, inside the bag, and for a payload manifest under data/.
func readManifest(b *Bag, r *Report, name, alg string, isPayload bool) (*manifestFile, error) {
	raw, err := b.ReadFile(name)
	if err != nil {
		return nil, err
	}
	m := &manifestFile{name: name, alg: alg, sums: map[string]string{}}
	size := algorithms[alg]().Size() * 2
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSuffix(sc.Text(), "\r")
		if text == "" {
			continue
		}
		sum, p, ok := strings.Cut(text, " ")
		p = strings.TrimLeft(p, " \t")
		if !ok || len(sum) != size || !isHex(sum) || p == "" {
			r.problem(name, "line %d is not \"checksum path\" with a %s checksum", line, alg)
			continue
		}
		p, err := decodePath(p)
		if err == nil {
			err = CheckPath(p)
		}
		switch {
		case err != nil:
			r.problem(name, "line %d: %v", line, err)
			continue
		case isPayload && !strings.HasPrefix(p, "data/"):
			r.problem(name, "line %d: %s is not in data/: a payload manifest lists only the payload", line, p)
			continue
		case !isPayload && (strings.HasPrefix(p, "data/") || strings.HasPrefix(p, "tagmanifest-")):
			r.problem(name, "line %d: a tag manifest lists neither payload files nor tag manifests (%s)", line, p)
			continue
		case m.sums[p] != "":
			r.problem(name, "line %d: %s is listed twice", line, p)
			continue
		}
		m.sums[p] = sum
	}
	return m, sc.Err()
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// parseInfo reads bag-info.txt: "Label: value" lines, a line that starts
// with white space continuing the one before.
func parseInfo(r *Report, b []byte) Info {
	var in Info
	for i, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		switch {
		case line == "":
		case (line[0] == ' ' || line[0] == '\t') && len(in) > 0:
			in[len(in)-1][1] += " " + strings.TrimSpace(line)
		default:
			label, value, ok := strings.Cut(line, ":")
			if !ok || strings.TrimSpace(label) == "" {
				r.problem(BagInfoTxt, "line %d is not \"Label: value\"", i+1)
				continue
			}
			in.Add(strings.TrimSpace(label), strings.TrimSpace(value))
		}
	}
	return in
}
