package archive

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var bagTime = time.Date(2026, 7, 4, 10, 0, 0, 0, time.UTC)

// writeBag writes a small bag with a payload in two folders and a name
// with a percent sign, which manifests must encode.
func writeBag(t *testing.T, p string) []byte {
	t.Helper()
	w, err := Create(p, bagTime)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"records/organization.json": `{"code":"SCO"}` + "\n",
		"records/meetings.json":     `[{"number":22}]` + "\n",
		"files/100% sure.txt":       "illustration\n",
	} {
		if err := w.Add(name, strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
	}
	var info Info
	info.Add("Source-Organization", "SCO")
	info.Add("External-Identifier", "SCO/PGM")
	tm, err := w.Finish(info)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddUnlisted(SignatureFile, []byte("signed\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return tm
}

func verifyPath(t *testing.T, p string) *Report {
	t.Helper()
	b, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, err := Verify(b, SignatureFile)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func edit(t *testing.T, p string, fn func(string) string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(fn(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBag tampers with a valid folder bag in each way RFC 8493 forbids,
// and checks that the verifier names the file and the reason. The cases
// follow the Library of Congress BagIt conformance suite's v1.0 cases
// (github.com/LibraryOfCongress/bagit-conformance-suite, v1.0/valid and
// v1.0/invalid), built here rather than vendored: basicBag, percent-encoded
// file names, missing-from-manifest, extra-file, bad-checksum,
// wrong-oxum, missing-bagit.txt, bom-in-bagit.txt, invalid-path (../ and
// absolute paths in a manifest), and unicode normalization (a warning).
func TestBag(t *testing.T) {
	for _, c := range []struct {
		name     string // conformance suite case, or what is changed
		tamper   func(t *testing.T, bag string)
		file     string // the file the problem names; "" for a valid bag
		reason   string
		warnings int
	}{
		{"basicBag", func(t *testing.T, bag string) {}, "", "", 0},
		{"a changed byte (bad-checksum)", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, "data/records/meetings.json"), func(s string) string { return strings.Replace(s, "22", "23", 1) })
		}, "data/records/meetings.json", "its sha512 is", 0},
		{"a missing file (missing-file)", func(t *testing.T, bag string) {
			os.Remove(filepath.Join(bag, "data/records/meetings.json"))
		}, "data/records/meetings.json", "listed in manifest-sha512.txt but missing from the bag", 0},
		{"an extra file (extra-file)", func(t *testing.T, bag string) {
			os.WriteFile(filepath.Join(bag, "data/records/extra.json"), []byte("{}"), 0o644)
		}, "data/records/extra.json", "not listed in every payload manifest", 0},
		{"a wrong Payload-Oxum (wrong-oxum)", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, BagInfoTxt), func(s string) string {
				i := strings.Index(s, "Payload-Oxum: ")
				j := strings.Index(s[i:], "\n")
				s = s[:i] + "Payload-Oxum: 1.3" + s[i+j:]
				return s
			})
			retag(t, bag)
		}, BagInfoTxt, "Payload-Oxum is 1.3, but the payload holds 44 bytes in 3 files", 0},
		{"bag-info.txt changed, tag manifest not", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, BagInfoTxt), func(s string) string { return s + "Contact-Name: someone\n" })
		}, BagInfoTxt, "but tagmanifest-sha512.txt lists", 0},
		{"missing tag manifest", func(t *testing.T, bag string) { os.Remove(filepath.Join(bag, TagManifest)) }, TagManifest, "missing: the tag manifest is required", 0},
		{"missing-bagit.txt", func(t *testing.T, bag string) { os.Remove(filepath.Join(bag, BagitTxt)) }, BagitTxt, "missing", 0},
		{"bom-in-bagit.txt", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, BagitTxt), func(s string) string { return "\xef\xbb\xbf" + s })
			retag(t, bag)
		}, BagitTxt, "byte order mark", 0},
		{"invalid-path: .. in a manifest", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, Manifest), func(s string) string { return s + strings.Repeat("a", 128) + "  data/../../etc/passwd\n" })
			retag(t, bag)
		}, Manifest, "a .. in a path, outside the bag", 0},
		{"invalid-path: absolute path", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, Manifest), func(s string) string { return s + strings.Repeat("a", 128) + "  /etc/passwd\n" })
			retag(t, bag)
		}, Manifest, "an absolute path", 0},
		{"invalid-path: ~", func(t *testing.T, bag string) {
			edit(t, filepath.Join(bag, TagManifest), func(s string) string { return s + strings.Repeat("a", 128) + "  ~/.ssh/id\n" })
		}, TagManifest, "starting with ~", 0},
		{"fetch.txt", func(t *testing.T, bag string) {
			os.WriteFile(filepath.Join(bag, "fetch.txt"), []byte("http://example.org/x - data/x\n"), 0o644)
		}, "fetch.txt", "allows no fetch.txt", 0},
		{"unicode normalization: an NFD name on disk", func(t *testing.T, bag string) {
			// "é" in the manifest as one code point, on disk as e + U+0301.
			os.WriteFile(filepath.Join(bag, "data/cafe\u0301.txt"), []byte("x\n"), 0o644)
			sum, _, _ := sum512(strings.NewReader("x\n"))
			edit(t, filepath.Join(bag, Manifest), func(s string) string { return s + sum + "  data/caf\u00e9.txt\n" })
			edit(t, filepath.Join(bag, BagInfoTxt), func(s string) string { return strings.Replace(s, "Payload-Oxum: 44.3", "Payload-Oxum: 46.4", 1) })
			retag(t, bag)
		}, "", "", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			bag := filepath.Join(t.TempDir(), "bag")
			writeBag(t, bag)
			c.tamper(t, bag)
			r := verifyPath(t, bag)
			if c.file == "" {
				if !r.OK() || len(r.Warnings) != c.warnings || r.PayloadFiles < 3 {
					t.Fatalf("a valid bag: problems %v, warnings %v, %d files", r.Problems, r.Warnings, r.PayloadFiles)
				}
				return
			}
			found := false
			for _, p := range r.Problems {
				found = found || (p.File == c.file && strings.Contains(p.Reason, c.reason))
			}
			if !found {
				t.Errorf("want a problem with %s: %q; got %v", c.file, c.reason, r.Problems)
			}
			if len(r.Warnings) != c.warnings {
				t.Errorf("warnings %v, want %d", r.Warnings, c.warnings)
			}
		})
	}
}

// retag recomputes the tag manifest after a change to a tag file, so that
// the change is caught by its own rule, not by the tag manifest's.
func retag(t *testing.T, bag string) {
	t.Helper()
	var es []entry
	for _, n := range []string{BagitTxt, BagInfoTxt, ProfileFile, Manifest} {
		f, err := os.Open(filepath.Join(bag, n))
		if err != nil {
			t.Fatal(err)
		}
		sum, _, err := sum512(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, entry{n, sum})
	}
	os.WriteFile(filepath.Join(bag, TagManifest), manifest(es), 0o644)
}

// TestZipBag writes the same bag as a zip, verifies it, and refuses a zip
// with a .. entry, naming the entry.
func TestZipBag(t *testing.T) {
	dir := t.TempDir()
	folderTM := writeBag(t, filepath.Join(dir, "folder"))
	zipTM := writeBag(t, filepath.Join(dir, "bag.zip"))
	if !bytes.Equal(folderTM, zipTM) {
		t.Errorf("the zip's tag manifest differs from the folder's:\n%s\n%s", zipTM, folderTM)
	}
	r := verifyPath(t, filepath.Join(dir, "bag.zip"))
	if !r.OK() || r.PayloadFiles != 3 || !bytes.Equal(r.TagManifest, zipTM) {
		t.Fatalf("zip bag: %+v", r)
	}

	// Copy the zip and add an entry that climbs out of the bag.
	src, err := zip.OpenReader(filepath.Join(dir, "bag.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out, _ := os.Create(filepath.Join(dir, "evil.zip"))
	zw := zip.NewWriter(out)
	for _, f := range src.File {
		w, _ := zw.Create(f.Name)
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	w, _ := zw.Create("data/../../escape.txt")
	w.Write([]byte("x"))
	zw.Close()
	out.Close()
	r = verifyPath(t, filepath.Join(dir, "evil.zip"))
	if r.OK() || r.Problems[0].File != "data/../../escape.txt" || !strings.Contains(r.Problems[0].Reason, "zip entry refused") {
		t.Errorf("a .. zip entry: %v", r.Problems)
	}
}

// TestWriterRefuses: the writer never writes outside its bag, nor over a
// path that exists.
func TestWriterRefuses(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(filepath.Join(dir, "bag"), bagTime)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../x", "/etc/x", "~x", "a/./b", "", `a\b`} {
		if err := w.Add(name, strings.NewReader("x")); err == nil {
			t.Errorf("Add(%q) was accepted", name)
		}
	}
	if err := w.AddTag(Manifest, nil); err == nil {
		t.Error("a tag file named as the manifest was accepted")
	}
	if _, err := Create(filepath.Join(dir, "bag"), bagTime); err == nil {
		t.Error("Create over an existing bag was accepted")
	}
}
