package i18n

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// errorMakers are the functions whose argument at the index is the English
// format of a message users see: accord's constructors, and the few
// helpers that pass their format on to them, by package (a method by its
// name in the package that calls it).
var errorMakers = map[string]map[string]int{
	"accord":   {"Errorf": 1, "Invalid": 1, "Conflict": 1, "Refusal": 1, "refuse": 1},
	"live":     {"conflict": 1},
	"followup": {"add": 2},
	"sqlstore": {"conflict": 1, "named": 1},
}

// notFoundMakers are the functions whose argument at the index is the kind
// of a record not found, whose message a reader sees as notFoundText(kind):
// accord.NotFound, and the helpers that pass their kind on to it (a
// method, such as sqlstore's t.found, by its name).
var notFoundMakers = map[string]map[string]int{
	"accord":   {"NotFound": 0},
	"http":     {"pathID": 2, "authorize": 3},
	"sqlstore": {"found": 0},
}

// errorFormats scans the module's Go source (all but the command line's,
// whose messages go to an operator's terminal) for the formats of error
// messages, by where each is first made.
func errorFormats(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "cmd", "internal", "testdata", "node_modules":
				return filepath.SkipDir
			}
			if strings.HasPrefix(d.Name(), ".") && d.Name() != ".." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A message may be a named constant (accord.ObserversAskRule), whose
	// use the scan follows to its literal.
	consts := map[string]map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if bl, ok := vs.Values[i].(*ast.BasicLit); ok && bl.Kind == token.STRING {
							if consts[f.Name.Name] == nil {
								consts[f.Name.Name] = map[string]string{}
							}
							consts[f.Name.Name][name.Name] = bl.Value
						}
					}
				}
			}
		}
	}
	for _, f := range files {
		pkg := f.Name.Name
		add := func(e ast.Expr, text func(string) string) {
			lit, pos := "", e.Pos()
			switch e := e.(type) {
			case *ast.BasicLit:
				if e.Kind == token.STRING {
					lit = e.Value
				}
			case *ast.Ident:
				lit = consts[pkg][e.Name]
			case *ast.SelectorExpr:
				if x, ok := e.X.(*ast.Ident); ok {
					lit = consts[x.Name][e.Sel.Name]
				}
			}
			if lit != "" {
				if s, err := strconv.Unquote(lit); err == nil && s != "" {
					s = text(s)
					if _, seen := found[s]; !seen {
						found[s] = fset.Position(pos).String()
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				owner, name := "", ""
				method := false
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok {
						owner, name = x.Name, fn.Sel.Name
					}
					method = true
				case *ast.Ident:
					owner, name = pkg, fn.Name
				}
				i, ok := errorMakers[owner][name]
				if !ok && method {
					// A method, such as followup's bad.add, by its name.
					i, ok = errorMakers[pkg][name]
				}
				if ok && i < len(n.Args) && !internal(n.Args[0]) {
					add(n.Args[i], same)
				}
				i, ok = notFoundMakers[owner][name]
				if !ok && method {
					i, ok = notFoundMakers[pkg][name]
				}
				if ok && i < len(n.Args) {
					add(n.Args[i], notFoundText)
				}
			case *ast.CompositeLit:
				// &accord.Error{Message: "…"}: a message without verbs.
				isError := false
				switch ty := n.Type.(type) {
				case *ast.SelectorExpr:
					x, ok := ty.X.(*ast.Ident)
					isError = ok && x.Name == "accord" && ty.Sel.Name == "Error"
				case *ast.Ident:
					isError = pkg == "accord" && ty.Name == "Error"
				}
				if !isError {
					return true
				}
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Message" {
							add(kv.Value, same)
						}
					}
				}
			}
			return true
		})
	}
	for _, term := range errorTerms {
		found[term] = "errorTerms"
	}
	return found
}

func same(s string) string { return s }

// internal tells whether e is the code EINTERNAL: an internal error's
// message goes to the logs, never to a reader, so it needs no translation.
func internal(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return e.Sel.Name == "EINTERNAL"
	case *ast.Ident:
		return e.Name == "EINTERNAL"
	}
	return false
}

const untranslatedFile = "testdata/untranslated_errors.txt"

// TestErrorCatalogsComplete fails when an error message users may see has
// no Russian or Chinese translation and is not on the allowlist of those
// not translated yet; when an allowlisted one has been translated, so that
// the list only shrinks; when a translation is of a message nothing makes
// any more; and when a translation's verbs do not match its English.
// ACCORD_UPDATE_UNTRANSLATED=1 rewrites the allowlist.
func TestErrorCatalogsComplete(t *testing.T) {
	formats := errorFormats(t)
	if len(formats) < 300 {
		t.Fatalf("found only %d error formats: the scan is broken", len(formats))
	}
	var untranslated []string
	for f := range formats {
		if errorCatalogs["ru"][f] == "" || errorCatalogs["zh"][f] == "" {
			untranslated = append(untranslated, f)
		}
	}
	slices.Sort(untranslated)
	if os.Getenv("ACCORD_UPDATE_UNTRANSLATED") != "" {
		var b strings.Builder
		b.WriteString("# Error messages not yet translated into ru and zh, one Go-quoted format a line.\n")
		b.WriteString("# Rebuilt by ACCORD_UPDATE_UNTRANSLATED=1 go test -run TestErrorCatalogsComplete ./http/\n")
		for _, f := range untranslated {
			b.WriteString(strconv.Quote(f) + "\n")
		}
		if err := os.WriteFile(untranslatedFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	allowed := readUntranslated(t)
	for _, f := range untranslated {
		if !allowed[f] {
			t.Errorf("%s: %q has no ru or zh translation in messages/*.errors*.json", formats[f], f)
		}
	}
	for f := range allowed {
		if _, made := formats[f]; !made {
			t.Errorf("%s lists %q, which nothing makes any more", untranslatedFile, f)
		} else if !slices.Contains(untranslated, f) {
			t.Errorf("%s lists %q, which is translated now: remove it", untranslatedFile, f)
		}
	}
	for _, lang := range []string{"ru", "zh"} {
		for f, tr := range errorCatalogs[lang] {
			if _, made := formats[f]; !made {
				t.Errorf("%s: %q is translated but no error is made with it", lang, f)
				continue
			}
			if msg := verbsMismatch(f, tr); msg != "" {
				t.Errorf("%s: %q → %q: %s", lang, f, tr, msg)
			}
		}
	}
	t.Logf("%d error formats: %d translated, %d not yet", len(formats), len(formats)-len(untranslated), len(untranslated))
}

func readUntranslated(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	fh, err := os.Open(untranslatedFile)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("%s: %s: %v", untranslatedFile, line, err)
		}
		out[f] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// verbsMismatch says how a translation's verbs differ from its English
// format's: in order, or by explicit index (%[2]s) when the translation
// reorders them; "" when they agree.
func verbsMismatch(en, tr string) string {
	var want []string
	for _, m := range verb.FindAllStringSubmatch(en, -1) {
		if m[2] != "%" {
			want = append(want, m[2])
		}
	}
	var got []string
	indexed := false
	for _, m := range verb.FindAllStringSubmatch(tr, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			indexed = true
			i, _ := strconv.Atoi(m[1])
			if i < 1 || i > len(want) {
				return "argument " + m[1] + " does not exist"
			}
			if w := want[i-1]; w != m[2] && !(w == "v" || m[2] == "v") && !(w == "q" && m[2] == "s") {
				return "argument " + m[1] + " is %" + w + " in English"
			}
		}
		got = append(got, m[2])
	}
	if !indexed && !slices.Equal(got, want) {
		return "its verbs are " + strings.Join(got, " ") + ", not " + strings.Join(want, " ")
	}
	return ""
}
