package http_test

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// TestBCP47Registry keeps the domain's copy of the language subtag
// registry (bcp47.txt, which the root package embeds, since it may not
// import golang.org/x/text) in step with golang.org/x/text's: with -update
// it rewrites the file.
func TestBCP47Registry(t *testing.T) {
	const a = "abcdefghijklmnopqrstuvwxyz"
	var langs, scripts, regions []string
	each := func(alphabet string, n int, fn func(string)) {
		var walk func(prefix string)
		walk = func(prefix string) {
			if len(prefix) == n {
				fn(prefix)
				return
			}
			for _, c := range alphabet {
				walk(prefix + string(c))
			}
		}
		walk("")
	}
	base := func(s string) {
		b, err := language.ParseBase(s)
		private := len(s) == 3 && s >= "qaa" && s <= "qtz"
		special := s == "und" || s == "mul" || s == "mis" || s == "zxx"
		if err == nil && b.String() == s && !private && !special {
			langs = append(langs, s)
		}
	}
	each(a, 2, base)
	each(a, 3, base)
	for _, first := range strings.ToUpper(a) {
		each(a, 3, func(rest string) {
			s := string(first) + rest
			sc, err := language.ParseScript(s)
			private := s >= "Qaaa" && s <= "Qabx"
			special := strings.HasPrefix(s, "Z") && strings.Contains(" Zzzz Zyyy Zinh Zxxx Zmth Zsym Zsye ", " "+s+" ")
			if err == nil && sc.String() == s && !private && !special {
				scripts = append(scripts, s)
			}
		})
	}
	region := func(s string) {
		r, err := language.ParseRegion(s)
		private := s == "AA" || s == "ZZ" || len(s) == 2 && (s >= "QM" && s <= "QZ" || s >= "XA" && s <= "XZ")
		if err == nil && r.String() == s && !private {
			regions = append(regions, s)
		}
	}
	each(strings.ToUpper(a), 2, region)
	for i := range 1000 {
		region(strconv.Itoa(1000 + i)[1:])
	}
	want := strings.Join(langs, " ") + "\n" + strings.Join(scripts, " ") + "\n" + strings.Join(regions, " ") + "\n"
	const path = "../bcp47.txt"
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not golang.org/x/text's registry: run go test ./http -run TestBCP47Registry -update", path)
	}
}
