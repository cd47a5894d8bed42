package http_test

import (
	"net/url"
	"strconv"
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

// TestSearchPageSaysTheCap: when more match than the cap (3 here, 1000 in
// production), the page says so and that only the newest are ranked, in
// each language, and the API sets more; at or below the cap it gives the
// plain count.
func TestSearchPageSaysTheCap(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		full := docJSON[searchAnswer](t, f.do(t, request{path: "/api/v1/search?q=prosecutors"}))
		if full.Total <= 3 {
			t.Fatalf("the demo has %d matches of prosecutors, the test needs more than 3", full.Total)
		}
		db.SetSearchCap(3)
		var more struct{ More bool }
		res := f.do(t, request{path: "/api/v1/search?q=prosecutors"})
		a := docJSON[searchAnswer](t, res)
		more = docJSON[struct{ More bool }](t, res)
		if a.Total != 3 || len(a.Hits) != 3 || !more.More {
			t.Errorf("API at a cap of 3: total %d, %d hits, more %v", a.Total, len(a.Hits), more.More)
		}
		for lang, want := range map[string]string{
			"en": "Results: more than 3. Only the 3 most recently added or changed are ranked: refine the search to rank them all.",
			"ru": "Найдено: более 3. По релевантности упорядочены только 3 последних добавленных или изменённых: уточните запрос, чтобы упорядочить все.",
			"zh": "结果：超过 3 条。仅对最近添加或修改的 3 条按相关性排序：请缩小搜索范围以对全部结果排序。",
		} {
			page := f.do(t, request{path: "/search?q=prosecutors&lang=" + lang})
			if page.status != 200 || !strings.Contains(page.body, `<p role="status">`+want+`</p>`) {
				t.Errorf("%s: %d, the page does not say %q", lang, page.status, want)
			}
		}
		db.SetSearchCap(full.Total)
		page := f.do(t, request{path: "/search?q=prosecutors&lang=ru"})
		if !strings.Contains(page.body, `<p role="status">Найдено: `+strconv.Itoa(full.Total)+`</p>`) {
			t.Errorf("at the cap the page does not give the plain count %d", full.Total)
		}
	})
}
