package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
)

// Full-text search over what the reader may read (issue 14, item 4). The
// store parses the query, filters by the policy's reading rule before it
// counts and ranks, and cuts the snippets; this page only links and marks
// them.

// searchPageSize is how many results a page shows.
const searchPageSize = 20

func (s *Server) searchRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/search", Name: "search", Public: true, Template: "search.html", view: s.searchView},
	}
}

// searchView is a page of results.
type searchView struct {
	Query string `json:"q"`
	Total int    `json:"total"`
	// More is set when more than Total match (accord.MaxSearchTotal):
	// the pages go as far as Total.
	More  bool        `json:"more,omitempty"`
	Page  int         `json:"page"`
	Pages int         `json:"pages"`
	Hits  []searchHit `json:"hits"`
	Prev  string      `json:"-"`
	Next  string      `json:"-"`
}

// searchHit is a result with the path of its page.
type searchHit struct {
	*accord.SearchHit
	Path string `json:"path"`
	// Heading is the title, or what names a record without one.
	Heading string `json:"-"`
}

func (v searchView) title(lang string) string {
	if v.Query == "" {
		return i18n.T(lang, "Search")
	}
	return i18n.Tf(lang, "Search: %s", v.Query)
}
func (v searchView) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

func (s *Server) searchView(r *http.Request) (view, error) {
	v := searchView{Query: strings.TrimSpace(r.URL.Query().Get("q")), Page: 1, Hits: []searchHit{}}
	n, err := fields.Int(r, "page", 1, 1, openapi.MaxPage)
	if err != nil {
		return nil, err
	}
	v.Page = int(n)
	if v.Query == "" {
		// The empty form, not an error: the header's box leads here.
		return v, nil
	}
	res, err := s.store.Search(r.Context(), accord.SearchQuery{Text: v.Query, Readers: accord.ReadersOf(actor(r)),
		Limit: searchPageSize, Offset: (v.Page - 1) * searchPageSize})
	if err != nil {
		return nil, err
	}
	v.Total, v.More = res.Total, res.More
	v.Pages = max(1, (res.Total+searchPageSize-1)/searchPageSize)
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, searchHit{SearchHit: h, Path: hitPath(h), Heading: hitHeading(h)})
	}
	page := func(p int) string {
		return "/search?" + url.Values{"q": {v.Query}, "page": {strconv.Itoa(p)}}.Encode()
	}
	if v.Page > 1 {
		v.Prev = page(v.Page - 1)
	}
	if v.Page < v.Pages {
		v.Next = page(v.Page + 1)
	}
	return v, nil
}

// hitPath is the page a result leads to: the document in the language
// that matched, the meeting, the agenda item on the meeting's agenda.
func hitPath(h *accord.SearchHit) string {
	meeting := bodyPath(h.Organization, h.Body) + "/meetings/" + strconv.Itoa(h.Number)
	switch h.Kind {
	case accord.SearchDocument:
		return docPath(h.RecordID) + "?v=" + url.QueryEscape(h.Lang)
	case accord.SearchAgendaItem:
		return meeting + "/agenda#item-" + strconv.FormatInt(h.RecordID, 10)
	}
	return meeting
}

// hitHeading is what a result is called: its title, or, for a meeting
// without a theme, its body and number.
func hitHeading(h *accord.SearchHit) string {
	if h.Title != "" {
		return h.Title
	}
	if h.Reference != "" {
		return h.Reference
	}
	return fmt.Sprintf("%s %s %s", h.Organization, h.Body, accord.Roman(h.Number))
}
