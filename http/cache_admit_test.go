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
	if len(c.door.missed) > maxMissed {
		t.Errorf("the keys remembered grew to %d, past %d", len(c.door.missed), maxMissed)
	}
	if c.get(2, "GET /a|en") == nil {
		t.Error("the one-off URLs pushed the page readers ask for out of the cache")
	}
}

// TestDataCacheAdmission: a data cache with a doorkeeper (the per-reader
// whole pages, keyed by URL) builds a value on each of its first two
// misses and keeps it from the second; one without keeps it at once.
func TestDataCacheAdmission(t *testing.T) {
	door := newDoorkeeper()
	for _, c := range []struct {
		name  string
		cache *dataCache
		want  []int // builds after each of three reads
	}{
		{"with a doorkeeper", &dataCache{door: &door}, []int{1, 2, 2}},
		{"without", &dataCache{}, []int{1, 1, 1}},
	} {
		builds := 0
		for i, want := range c.want {
			v, err := cachedData(c.cache, "page|meeting|en|/x?bench=1", 7, func() (int, error) { builds++; return 42, nil })
			if err != nil || v != 42 {
				t.Fatalf("%s: read %d: %v %v", c.name, i, v, err)
			}
			if builds != want {
				t.Errorf("%s: after read %d, %d builds, want %d", c.name, i+1, builds, want)
			}
		}
	}
	// One-off keys keep nothing.
	c := &dataCache{door: &door}
	for i := range 100 {
		cachedData(c, "page|"+strconv.Itoa(i), 1, func() (int, error) { return i, nil })
	}
	if len(c.entries) != 0 {
		t.Errorf("100 one-off keys kept %d values", len(c.entries))
	}
}
