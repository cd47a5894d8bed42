package http

import (
	"net/http"
	"strings"

	"github.com/accord-org/accord"
)

// prefetchVersion is the change version a signed-in GET of a cached route
// will ask for, so that the session's read answers it too: the page then
// costs one round trip to the database, where it cost two. It runs before
// the mux has set the path values, so it places them itself from the
// route's pattern; changeVersion uses the answer only if the scopes it
// asks for are these, so a value placed wrongly costs a query, never a
// stale page. Nil when the route shows no change version.
func (s *Server) prefetchVersion(r *http.Request) *accord.VersionQuery {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return nil
	}
	_, pattern := s.mux.Handler(r)
	scopes := s.versionScopes[pattern]
	if scopes == nil {
		return nil
	}
	probe := &http.Request{Method: r.Method, URL: r.URL}
	if !placePathValues(probe, pattern, r.URL.Path) {
		return nil
	}
	return &accord.VersionQuery{Scopes: scopes(probe)}
}

// placePathValues sets on r the wildcards of pattern ("GET /o/{org}/…",
// as the mux registered it) that path matches, and reports whether the
// path's segments line up with the pattern's.
func placePathValues(r *http.Request, pattern, path string) bool {
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = p
	}
	if !strings.HasPrefix(pattern, "/") || !strings.HasPrefix(path, "/") {
		return false // a host in the pattern, or an odd path
	}
	want := strings.Split(pattern[1:], "/")
	got := strings.Split(path[1:], "/")
	for i, w := range want {
		name, wild := strings.CutPrefix(w, "{")
		if !wild {
			if i >= len(got) || got[i] != w {
				return false
			}
			continue
		}
		name = strings.TrimSuffix(name, "}")
		if name == "$" {
			return i == len(got)-1 && got[i] == ""
		}
		if rest, ok := strings.CutSuffix(name, "..."); ok {
			if i > len(got) {
				return false
			}
			r.SetPathValue(rest, strings.Join(got[min(i, len(got)):], "/"))
			return true
		}
		if i >= len(got) {
			return false
		}
		r.SetPathValue(name, got[i])
	}
	return len(got) == len(want)
}
