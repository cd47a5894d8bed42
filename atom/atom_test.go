package atom

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

func sample() Feed {
	return Feed{Lang: "ru", ID: URN("feed/SCO/press/ru"), Title: Text{Lang: "ru", Value: "ШОС: пресс-релизы"},
		Authors: []Person{{Name: "Секретариат ШОС"}},
		Links:   []Link{{Rel: "self", Type: "application/atom+xml", Href: "https://a.example/organizations/SCO/press/atom/ru"}, {Rel: "alternate", Type: "text/html", Href: "https://a.example/organizations/SCO/press"}},
		Entries: []Entry{{ID: URN("document/7"), Title: Text{Lang: "zh", Value: "新闻公报"}, Updated: Time(time.Date(2024, 7, 25, 12, 0, 0, 0, time.UTC)),
			Links: []Link{{Rel: "alternate", Type: "text/html", Href: "https://a.example/documents/7"}}}},
	}
}

func TestEncodeIsValid(t *testing.T) {
	var b bytes.Buffer
	if err := Encode(&b, sample(), time.Date(2001, 6, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if p := Check(b.Bytes()); len(p) > 0 {
		t.Fatalf("problems %q in\n%s", p, out)
	}
	for _, want := range []string{`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">`, `<title xml:lang="zh">新闻公报</title>`,
		`<updated>2024-07-25T12:00:00Z</updated>`, `rel="self"`} {
		if !strings.Contains(out, want) {
			t.Errorf("feed lacks %s:\n%s", want, out)
		}
	}
}

func TestURN(t *testing.T) {
	id := URN("document/7")
	if id != URN("document/7") || id == URN("document/8") {
		t.Fatal("URN is not a function of its name")
	}
	if !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("%s is not a version 5 UUID URN", id)
	}
}

// TestCheck shows that the checker catches each rule it claims to.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *Feed)
		want   string
	}{
		{"no feed id", func(f *Feed) { f.ID = "" }, "feed: id"},
		{"relative id", func(f *Feed) { f.Entries[0].ID = "document/7" }, "not an absolute IRI"},
		{"bad updated", func(f *Feed) { f.Entries[0].Updated = "25 July 2024" }, "not an RFC 3339"},
		{"no entry updated", func(f *Feed) { f.Entries[0].Updated = "" }, "not an RFC 3339"},
		{"no author anywhere", func(f *Feed) { f.Authors = nil }, "no author"},
		{"no self", func(f *Feed) { f.Links = f.Links[1:] }, "rel=self"},
		{"two alternates", func(f *Feed) { f.Entries[0].Links = append(f.Entries[0].Links, f.Entries[0].Links[0]) }, "two alternate links"},
		{"no alternate nor content", func(f *Feed) { f.Entries[0].Links = nil }, "neither content"},
		{"duplicate entry", func(f *Feed) { f.Entries = append(f.Entries, f.Entries[0]) }, "repeats the id"},
		{"no language", func(f *Feed) { f.Lang = "" }, "xml:lang"},
		{"bad title type", func(f *Feed) { f.Title.Type = "markdown" }, "title type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := sample()
			f.Entries = append([]Entry(nil), f.Entries...)
			tc.change(&f)
			var b bytes.Buffer
			if err := Encode(&b, f, time.Time{}); err != nil {
				t.Fatal(err)
			}
			if tc.name == "no entry updated" || tc.name == "no feed id" {
				// Encode fills the feed's updated; drop the element to test the rule.
				s := b.String()
				if tc.name == "no entry updated" {
					s = strings.Replace(s, "<updated></updated>", "", 1)
					tc.want = "entry 1 has 0 updated"
				} else {
					s = strings.Replace(s, "<id></id>", "", 1)
					tc.want = "feed has 0 id"
				}
				b.Reset()
				b.WriteString(s)
			}
			p := Check(b.Bytes())
			if !strings.Contains(strings.Join(p, "\n"), tc.want) {
				t.Errorf("problems %q, want one with %q\n%s", p, tc.want, b.String())
			}
		})
	}
	if p := Check([]byte("<rss/>")); len(p) == 0 {
		t.Error("an RSS root passes")
	}
}
