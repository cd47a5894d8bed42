package http

import (
	"io/fs"
	"regexp"
	"slices"
	"testing"
)

// usedTexts finds the texts templates and Go code pass to t, tf, T and Tf.
var usedTexts = regexp.MustCompile(`\b(?:t|tf|T|Tf)\(?\s*(?:\$\.Lang|\$lang|\.Lang|lang)\s*,?\s*"((?:[^"\\]|\\.)+)"`)

// TestCatalogsComplete fails when a text of the interface has no Russian or
// Chinese translation, or a catalog keeps a text nothing uses.
func TestCatalogsComplete(t *testing.T) {
	used := map[string]bool{}
	for _, fsys := range []fs.FS{templateFS, sourceFS()} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			for _, m := range usedTexts.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d translated texts: the scan is broken", len(used))
	}
	for _, lang := range []string{"ru", "zh"} {
		cat, ok := catalogs[lang]
		if !ok {
			t.Fatalf("no catalog for %s", lang)
		}
		var missing, unused []string
		for text := range used {
			if cat[text] == "" {
				missing = append(missing, text)
			}
		}
		for text := range cat {
			if !used[text] {
				unused = append(unused, text)
			}
		}
		slices.Sort(missing)
		slices.Sort(unused)
		for _, m := range missing {
			t.Errorf("%s: no translation of %q", lang, m)
		}
		for _, u := range unused {
			t.Errorf("%s: %q is translated but used nowhere", lang, u)
		}
	}
}
