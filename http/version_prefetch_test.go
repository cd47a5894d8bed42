package http

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// TestPlacePathValues holds placePathValues to the mux it stands in for:
// for each path, the values it places must be the ones the mux gives the
// route's handler, or it must say that the path does not line up. A
// placement the mux disagrees with would only cost a query (changeVersion
// compares the scopes), but the test keeps that rare.
func TestPlacePathValues(t *testing.T) {
	patterns := []string{
		"GET /{$}",
		"GET /documents",
		"GET /documents/{id}",
		"GET /organizations/{org}/bodies/{body}/meetings/{number}",
		"GET /organizations/{org}/bodies/{body}/meetings/{number}/agenda",
		"GET /files/{path...}",
	}
	wildcard := regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)
	mux := http.NewServeMux()
	type seen struct {
		pattern string
		values  map[string]string
	}
	var got seen
	for _, p := range patterns {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			got = seen{p, map[string]string{}}
			for _, m := range wildcard.FindAllStringSubmatch(p, -1) {
				got.values[m[1]] = r.PathValue(m[1])
			}
		})
	}
	for _, path := range []string{
		"/",
		"/documents",
		"/documents/12",
		"/documents/12/",
		"/organizations/SCO/bodies/PGM/meetings/22",
		"/organizations/SCO/bodies/PGM/meetings/22/agenda",
		"/organizations/SCO/bodies/PGM/meetings/22/agenda/",
		"/organizations/S%20O/bodies/P%2FM/meetings/22",
		"/organizations/%D0%A8%D0%9E%D0%A1/bodies/PGM/meetings/XXII",
		"/organizations//bodies/PGM/meetings/22",
		"/files/a/b/c.pdf",
		"/files/",
	} {
		r := httptest.NewRequest("GET", path, nil)
		got = seen{}
		_, pattern := mux.Handler(r)
		mux.ServeHTTP(httptest.NewRecorder(), r)
		probe := &http.Request{Method: r.Method, URL: r.URL}
		ok := placePathValues(probe, pattern, r.URL.Path)
		if got.pattern == "" {
			if ok {
				t.Errorf("%s: no route, yet placed as %q", path, pattern)
			}
			continue
		}
		if !ok {
			// Not placing is always safe; the mux's own values are then
			// asked for by a query. Only an encoded slash should land here.
			if path != "/organizations/S%20O/bodies/P%2FM/meetings/22" {
				t.Errorf("%s: not placed, but the mux routes it to %q", path, got.pattern)
			}
			continue
		}
		for name, want := range got.values {
			if v := probe.PathValue(name); v != want {
				t.Errorf("%s: %s placed as %q, the mux gives %q", path, name, v, want)
			}
		}
	}
}
