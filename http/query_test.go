package http_test

import (
	"maps"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestNumericQueryRanges finds every numeric query parameter in the API's
// document, checks that it has a range, and sends each one numbers outside
// it, far outside it and not numbers at all: every one is a 400 that names
// the parameter, never a 500, for the public and the secretariat alike.
func TestNumericQueryRanges(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		doc := fetchOpenAPI(t, f.srv.URL)
		fill := strings.NewReplacer("{org}", "SCO", "{body}", "PGM", "{number}", "22", "{n}", "1",
			"{id}", strconv.FormatInt(f.docs["SCO/PGM/22/PROTOCOL"], 10))
		sec := f.session(t, roleSecretariat)
		seen := map[string]bool{}
		for _, key := range doc.operations() {
			method, path, _ := strings.Cut(key, " ")
			if method != "GET" {
				continue
			}
			params, _ := doc.operation(method, path)["parameters"].([]any)
			// The other numeric parameters at their least, so that the
			// one under test is the one at fault.
			least := url.Values{}
			for _, p := range params {
				p, _ := p.(map[string]any)
				if schema, _ := p["schema"].(map[string]any); p["in"] == "query" && schema["type"] == "integer" {
					if lo, ok := schema["minimum"].(float64); ok {
						least.Set(p["name"].(string), strconv.FormatInt(int64(lo), 10))
					}
				}
			}
			for _, p := range params {
				p, _ := p.(map[string]any)
				schema, _ := p["schema"].(map[string]any)
				if p["in"] != "query" || schema["type"] != "integer" {
					continue
				}
				name := p["name"].(string)
				seen[name] = true
				lo, okLo := schema["minimum"].(float64)
				hi, okHi := schema["maximum"].(float64)
				if !okLo || !okHi {
					t.Errorf("%s: ?%s has no range (minimum %v, maximum %v)", key, name, schema["minimum"], schema["maximum"])
					lo, hi = 1, math.MaxInt64-1024 // and still probed with what no range admits
				}
				var bad []string
				for _, v := range []string{strconv.FormatInt(int64(lo)-1, 10), strconv.FormatInt(int64(hi)+1, 10), "9223372036854775807",
					"9223372036854775808", "-9223372036854775809", "99999999999999999999999", "1e3", "0x10", "1.5", " 1", "one"} {
					if n, err := strconv.ParseInt(v, 10, 64); err == nil && float64(n) >= lo && float64(n) <= hi {
						continue // in range, for a parameter that takes every int64
					}
					bad = append(bad, v)
				}
				for _, v := range bad {
					for _, cookie := range []string{"", sec} {
						q := maps.Clone(least)
						q.Set(name, v)
						res := f.do(t, request{path: fill.Replace(path) + "?" + q.Encode(), cookie: cookie})
						if res.status == 401 || res.status == 404 && cookie == "" {
							continue // the public may not call it at all
						}
						if res.status != 400 || !namesField(t, res, name) {
							t.Errorf("%s?%s=%s (signed in: %v): %d, want 400 naming %s\n%.300s", path, name, v, cookie != "", res.status, name, res.body)
						}
					}
				}
			}
		}
		for _, name := range []string{"page", "n", "year", "offset", "user", "version", "meeting", "index", "size", "old"} {
			if !seen[name] {
				t.Errorf("no operation has the numeric query parameter %s", name)
			}
		}
	})
}

// namesField tells whether a refusal names field, as the JSON error or
// the error page shows it.
func namesField(t *testing.T, res response, field string) bool {
	t.Helper()
	if strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
		return strings.Contains(res.body, "<code>"+field+"</code>")
	}
	return docJSON[struct{ Error struct{ Field string } }](t, res).Error.Field == field
}
