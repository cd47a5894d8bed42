package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

func searchMatrix() map[string][]matrixCase {
	long := url.QueryEscape(strings.Repeat("я", 257))
	return map[string][]matrixCase{
		"search": {{path: "/search", want: every(200)}, {path: "/search?q=" + url.QueryEscape("прокуроров"), want: every(200)},
			{path: "/search?q=" + long, want: every(400)}, {path: "/search?q=AND+OR+%2A", want: every(400)},
			{path: "/search?q=x&page=0", want: every(400)}},
	}
}

type searchAnswer struct {
	Total int
	Pages int
	Hits  []struct {
		Kind      string
		RecordID  int64 `json:"record_id"`
		Lang      string
		Title     string
		Reference string
		Path      string
		Snippet   []struct {
			Text string
			Mark bool
		}
	}
}

// TestSearchPages runs the examples on the demo's archive over
// HTTP, in the page and the API, and shows that a text cannot bring markup
// into a result.
func TestSearchPages(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, c := range []struct{ q, lang, title string }{
			{"прокуроров", "ru", "Протокол XXII Совещания генеральных прокуроров"},
			{"检察", "zh", "上海合作组织成员国总检察长第二十二次会议纪要"},
			{"prosecutors general", "en", ""},
		} {
			res := f.do(t, request{path: "/api/v1/search?q=" + url.QueryEscape(c.q)})
			a := docJSON[searchAnswer](t, res)
			if res.status != 200 || a.Total == 0 || a.Total != len(a.Hits) && len(a.Hits) != 20 {
				t.Errorf("%q: %d, %d hits of %d", c.q, res.status, len(a.Hits), a.Total)
				continue
			}
			found, marked := false, false
			for _, h := range a.Hits {
				if h.Lang == c.lang && strings.Contains(h.Title, c.title) {
					found = true
				}
				for _, p := range h.Snippet {
					marked = marked || p.Mark
				}
			}
			if !found || !marked {
				t.Errorf("%q: no %s hit titled %q (found %v, marked %v): %+v", c.q, c.lang, c.title, found, marked, a.Hits)
			}
			page := f.do(t, request{path: "/search?q=" + url.QueryEscape(c.q)})
			if page.status != 200 || !strings.Contains(page.body, "<mark>") || !strings.Contains(page.body, `role="search"`) {
				t.Errorf("%q: the page %d has no marked result", c.q, page.status)
			}
		}

		// A title and a body that are markup are shown as text.
		m, err := db.FindMeeting(t.Context(), "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		evil := &accord.Document{Reference: "SCO/PGM/22/EVIL", Kind: accord.DocOther, Classification: accord.Public,
			AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: m.ID}},
			Versions: []accord.DocumentVersion{{Lang: "en", Title: `<script>alert("t")</script> Zanzibar`, Body: `<img src=x onerror=alert(1)> Zanzibar <mark>fake</mark>`}}}
		if err := db.CreateDocument(t.Context(), evil); err != nil {
			t.Fatal(err)
		}
		page := f.do(t, request{path: "/search?q=zanzibar"})
		if strings.Contains(page.body, "<script>alert") || strings.Contains(page.body, "<img src=x") || strings.Contains(page.body, "<mark>fake") ||
			!strings.Contains(page.body, "&lt;img src=x onerror=alert(1)&gt; <mark>Zanzibar</mark> &lt;mark&gt;fake") {
			t.Errorf("the markup of a text reached the page:\n%s", page.body)
		}

		// The header's box is on every page, the search page's own form
		// keeps the query.
		home := f.do(t, request{path: "/"})
		if !strings.Contains(home.body, `action="/search"`) {
			t.Error("the home page has no search box")
		}
	})
}

// TestSearchNeverLeaksOverHTTP: India's confidential note is found, and
// counted, only by those the policy lets read it.
func TestSearchNeverLeaksOverHTTP(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, role := range matrixRoles {
			cookie := f.session(t, role)
			allowed := role == roleDelegation || role == roleHead
			for _, q := range []string{"confidential", "India Pakistan", "others"} {
				a := docJSON[searchAnswer](t, f.do(t, request{path: "/api/v1/search?q=" + url.QueryEscape(q), cookie: cookie}))
				found := false
				for _, h := range a.Hits {
					found = found || h.Reference == "SCO/PGM/22/IN/CONFIDENTIAL"
				}
				if found != allowed || a.Total != len(a.Hits) || !allowed && a.Total != 0 && q == "others" {
					t.Errorf("%q as %s: total %d, finds the confidential note: %v", q, role, a.Total, found)
				}
				page := f.do(t, request{path: "/search?q=" + url.QueryEscape(q), cookie: cookie})
				if strings.Contains(page.body, "Confidential note of India") != allowed {
					t.Errorf("the page %q as %s shows the confidential note: %v", q, role, !allowed)
				}
			}
		}
	})
}
