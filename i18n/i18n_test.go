package i18n

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"testing"
)

// usedTexts finds the texts templates and Go code pass to t, tf, T and Tf.
var usedTexts = regexp.MustCompile(`\b(?:t|tf|T|Tf)\(?\s*(?:\$\.Lang|\$lang|\.Lang|lang)\s*,?\s*"((?:[^"\\]|\\.)+)"`)

// textSources are where the interface's texts are written: this package's
// source (the enumerations' words), and http's source and templates, which
// hold all the others. The catalogs live here, their users there.
var textSources = []string{".", "../http"}

// TestCatalogsComplete fails when a text of the interface has no Russian or
// Chinese translation, or a catalog keeps a text nothing uses.
func TestCatalogsComplete(t *testing.T) {
	used := map[string]bool{}
	for _, dir := range textSources {
		fsys := os.DirFS(dir)
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			// Go source and templates; not the golden pages or the
			// catalogs themselves.
			if ext := path.Ext(p); ext != ".go" && ext != ".html" || path.Base(path.Dir(p)) == "testdata" {
				return nil
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
