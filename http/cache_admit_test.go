package http

import (
	"strconv"
	"testing"
)

// TestPageCacheAdmission: a page is kept from its second miss on, so that
// URLs asked for once (a cache buster's) are never kept, and the cache
// holds what readers come back to.
func TestPageCacheAdmission(t *testing.T) {
	c := newPageCache()
	page := func(v int64) *cachedResponse { return &cachedResponse{version: v, status: 200, body: []byte("page")} }
	fill := func(key string, v int64) bool {
		if c.get(v, key) != nil {
			return true
		}
		if c.admit(key) {
			c.put(key, page(v))
		}
		return false
	}
	steps := []struct {
		key     string
		version int64
		hit     bool
	}{
		{"GET /a|en", 1, false}, // first miss: rendered, not kept
		{"GET /a|en", 1, false}, // second miss: kept
		{"GET /a|en", 1, true},
		{"GET /a|ru", 1, false}, // another language is another page
		{"GET /a|en", 2, false}, // a change: the page was kept, so its new version is kept at once
		{"GET /a|en", 2, true},
		{"GET /a|ru", 1, false}, // kept from its second miss
	}
	for i, s := range steps {
		if got := fill(s.key, s.version); got != s.hit {
			t.Errorf("step %d (%s at version %d): hit %v, want %v", i, s.key, s.version, got, s.hit)
		}
	}
	// A flood of one-off URLs keeps nothing, and leaves the page kept.
	for i := range 3 * maxMissed {
		fill("GET /a?bench="+strconv.Itoa(i)+"|en", 2)
	}
	if n := len(c.entries); n != 2 {
		t.Errorf("after %d one-off URLs the cache holds %d pages, want the 2 asked for twice", 3*maxMissed, n)
	}
	if len(c.missed) > maxMissed {
		t.Errorf("the keys remembered grew to %d, past %d", len(c.missed), maxMissed)
	}
	if c.get(2, "GET /a|en") == nil {
		t.Error("the one-off URLs pushed the page readers ask for out of the cache")
	}
}
