package http

import (
	"bytes"
	"crypto/rand"
	"html/template"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// fixedContent is a fragment view whose content the test puts in the data
// cache itself.
type fixedContent struct{}

func (fixedContent) contentKey() (string, int64) { return "fixed", 1 }

// TestLayoutFrame: a page served from its frame, with the request's
// language links filled in, is byte for byte the page the layout renders
// whole, for queries that each escaper treats differently, for the public
// and a signed-in reader; and a second query on the same page renders no
// layout.
func TestLayoutFrame(t *testing.T) {
	ts, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{templates: ts, frameMark: "/" + rand.Text(), hrefEscaper: newHrefEscaper()}
	org := &accord.Organization{Code: "SCO", Names: accord.Text{"en": "Shanghai <Cooperation> Organisation"}}
	officer := &accord.User{ID: 7, Name: `O'Brien <b>&"`, Grants: []accord.Grant{{Role: accord.RoleSecretariat}}}
	queries := []string{
		"",
		"?bench=1",
		"?q=a+b&x=%22%3C%3E%27",
		"?x='\"<>&+;",
		"?%E5%90%8D=%E6%A3%80%E5%AF%9F",
		"?lang=ru&next=javascript:alert(1)",
		"?a=%zz&b=%",
		"?mark=" + strings.TrimPrefix(s.frameMark, "/") + "0z",
		"?token=secret&q=1",
	}
	for _, user := range []*accord.User{nil, officer} {
		for _, lang := range []string{"en", "zh"} {
			for _, q := range queries {
				r := httptest.NewRequest("GET", "/meetings/22"+q, nil)
				p := page{User: user, Lang: lang, Languages: i18n.Languages, Title: "Meeting <XXII>", Path: r.URL.Path,
					LangLinks: languageLinks(r, lang), JSON: "/api/v1/meetings/22", Org: org,
					Meta: &pageMeta{Type: "article", Title: "t", Description: "d & e", URL: "https://example.org/meetings/22"}}
				content := template.HTML("<p>The content.</p>")
				if _, err := cachedData(&s.data, "content|meeting.html|"+lang+"|fixed", 1, func() (template.HTML, error) { return content, nil }); err != nil {
					t.Fatal(err)
				}
				want := p
				want.Content = content
				var whole bytes.Buffer
				if err := ts["meeting.html"].ExecuteTemplate(&whole, "layout", want); err != nil {
					t.Fatal(err)
				}
				// Twice: the first builds the frame (or not, on
				// its first miss), the second serves it.
				for i := range 3 {
					w := httptest.NewRecorder()
					if err := s.writeFragmentPage(w, "meeting.html", p, fixedContent{}); err != nil {
						t.Fatal(err)
					}
					if got := w.Body.String(); got != whole.String() {
						t.Fatalf("reader %v, %s, query %q, request %d: the page from the frame differs from the whole page:\n%s", user != nil, lang, q, i+1, firstDifference(got, whole.String()))
					}
				}
			}
		}
	}
	// Every query above shares one frame per reader and language.
	if n := len(s.pages.entries); n != 4 {
		t.Errorf("the layout cache holds %d frames, want 4 (2 readers × 2 languages)", n)
	}
}

// firstDifference shows where two pages part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-80, 0)
	return "got:  …" + got[from:min(i+80, len(got))] + "\nwant: …" + want[from:min(i+80, len(want))]
}

// TestCutFrame: marks split the page; what only looks like a mark stays
// text.
func TestCutFrame(t *testing.T) {
	s := &Server{frameMark: "/MARK", hrefEscaper: newHrefEscaper()}
	for _, c := range []struct {
		name, page string
		links      int
		parts      []string
		holes      []int
	}{
		{"no marks", "abc", 3, []string{"abc"}, nil},
		{"two marks", `a href="/MARK0z" b href="/MARK2z" c`, 3, []string{`a href="`, `" b href="`, `" c`}, []int{0, 2}},
		{"out of range", `a/MARK5z b/MARK1z`, 3, []string{"a/MARK5z b", ""}, []int{1}},
		{"no end", `a/MARK1`, 3, []string{"a/MARK1"}, nil},
		{"not a number", `a/MARKxz/MARK0z`, 3, []string{"a/MARKxz", ""}, []int{0}},
	} {
		fr := s.cutFrame([]byte(c.page), c.links)
		var parts []string
		for _, p := range fr.parts {
			parts = append(parts, string(p))
		}
		if strings.Join(parts, "|") != strings.Join(c.parts, "|") || len(parts) != len(c.parts) {
			t.Errorf("%s: parts %q, want %q", c.name, parts, c.parts)
		}
		if len(fr.holes) != len(c.holes) || (len(c.holes) > 0 && !slices.Equal(fr.holes, c.holes)) {
			t.Errorf("%s: holes %v, want %v", c.name, fr.holes, c.holes)
		}
	}
}
