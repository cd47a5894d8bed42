package http

import (
	"bytes"
	"context"
	"hash/maphash"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// pageCache keeps the public's rendered pages and API answers. Public pages
// are what the press and the world read, often at once after a meeting, and
// they change only when the data they show does. Each entry is valid while
// the change version of the scopes its page shows (pageScopes) is the one
// it was made at: a change made through any instance to one of those
// scopes misses it on the next request, and a change elsewhere (a document
// of another meeting, a sign-in) leaves it be.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*cachedResponse
	door    doorkeeper
}

// doorkeeper admits a key to a cache on its second miss. A URL made
// unique by a query parameter the page ignores (a cache buster, a
// crawler's tracking tag) is then built and let go, where it would fill
// the cache, push the pages readers do ask for out of it, and keep
// thousands of dead pages on the heap for the collector to mark. Its
// cache's lock guards it.
type doorkeeper struct {
	missed map[uint64]struct{}
	seed   maphash.Seed
}

func newDoorkeeper() doorkeeper { return doorkeeper{seed: maphash.MakeSeed()} }

// admit says whether key, which missed, should be kept: it should when
// it missed before.
func (d *doorkeeper) admit(key string) bool {
	h := maphash.String(d.seed, key)
	if _, ok := d.missed[h]; ok {
		delete(d.missed, h)
		return true
	}
	if d.missed == nil || len(d.missed) >= maxMissed {
		d.missed = map[uint64]struct{}{}
	}
	d.missed[h] = struct{}{}
	return false
}

// maxCachedPages bounds the cache; past it, it starts over, which is
// simpler than an LRU and enough for the few hundred public pages a council
// has. maxMissed bounds the keys remembered for admission the same way.
const (
	maxCachedPages = 2000
	maxMissed      = 8192
)

func newPageCache() *pageCache {
	return &pageCache{door: newDoorkeeper()}
}

// admit says whether a page that missed should be kept: it should when
// its key missed before, or is kept already at an older version (a page
// readers come back to stays kept across changes).
func (c *pageCache) admit(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return true
	}
	return c.door.admit(key)
}

type cachedResponse struct {
	version int64
	status  int
	header  http.Header
	body    []byte
}

func (c *pageCache) get(version int64, key string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.version == version {
		return e
	}
	return nil
}

func (c *pageCache) put(key string, r *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.version > r.version {
		return // a newer page is there already
	}
	if c.entries == nil || len(c.entries) >= maxCachedPages {
		c.entries = map[string]*cachedResponse{}
	}
	c.entries[key] = r
}

// pageScopes are the change scopes a public route's page shows, by route
// name. New refuses a public route that is not here, so that no page is
// cached without knowing what empties it.
var pageScopes = map[string]func(r *http.Request) []string{
	"home":             allScopes,
	"documents":        allScopes,
	"search":           allScopes,
	"organizations":    func(*http.Request) []string { return []string{accord.ScopeReference, accord.ScopeStructure} },
	"organization":     orgScopes,
	"state":            func(*http.Request) []string { return []string{accord.ScopeReference} },
	"members":          orgScopes,
	"press":            allScopes, // releases and documents of every meeting
	"bodies":           orgScopes,
	"body":             bodyScopes,
	"meetings":         bodyScopes,
	"memberships":      orgScopes,
	"meeting":          meetingScopes,
	"agenda":           meetingScopes,
	"delegations":      meetingScopes,
	"delegation":       meetingScopes,
	"document":         documentScopes,
	"document_pdf":     documentScopes, // the page's data, printed
	"document_pdf_api": documentScopes,
}

func documentScopes(r *http.Request) []string {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return []string{accord.ScopeReference, accord.ScopeStructure, accord.DocumentScope(id)}
}

func allScopes(*http.Request) []string {
	return []string{accord.ScopeReference, accord.ScopeStructure, accord.ScopeDocuments}
}

func orgScopes(r *http.Request) []string {
	return []string{accord.ScopeReference, accord.OrgScope(r.PathValue("org"))}
}

func meetingScopes(r *http.Request) []string {
	n, err := parseMeetingNumber(r.PathValue("number"))
	if err != nil {
		return orgScopes(r) // an error page, which is never cached
	}
	return []string{accord.ScopeReference, accord.OrgScope(r.PathValue("org")), accord.MeetingScope(r.PathValue("org"), r.PathValue("body"), n)}
}

func bodyScopes(r *http.Request) []string {
	return []string{accord.ScopeReference, accord.OrgScope(r.PathValue("org")), accord.BodyScope(r.PathValue("org"), r.PathValue("body"))}
}

// cached serves a view route from the cache for the public, and fills it.
// Signed-in readers are never served from it: what they see depends on who
// they are.
func (s *Server) cached(scopes func(r *http.Request) []string, next func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if actor(r).User != nil || currentSession(r) != nil || hasConfirmation(r) {
			return next(w, r)
		}
		// Read before the page's data, so that an entry is never older
		// than the version it is filed under.
		version, err := s.store.ChangeVersion(r.Context(), scopes(r)...)
		if err != nil {
			return err
		}
		r = r.WithContext(context.WithValue(r.Context(), versionKey{}, pageVersion{scopes(r), version}))
		// The language and the day are part of the page: dates, "today's"
		// members and forecasts change at midnight.
		key := r.Method + " " + r.URL.RequestURI() + "|" + i18n.RequestLanguage(r) + "|" + accord.DateOf(s.now()).String()
		if hit := s.cache.get(version, key); hit != nil {
			return writeCached(w, r, hit)
		}
		rec := &recorder{header: http.Header{}}
		if err := next(rec, r); err != nil {
			return err
		}
		res := &cachedResponse{version: version, status: rec.statusOr200(), header: rec.header, body: rec.body.Bytes()}
		if res.status == http.StatusOK {
			// The public's pages may be kept by any cache, and
			// revalidated with their ETag.
			rec.header.Set("Cache-Control", publicCache)
			rec.header.Set("ETag", etagOf(res.body))
			// A URL without a query is one of the routes' own, a
			// space no one can widen: it is kept at once. One with a
			// query waits for its second miss (doorkeeper).
			if r.URL.RawQuery == "" || s.cache.admit(key) {
				s.cache.put(key, res)
			}
		}
		return writeCached(w, r, res)
	}
}

type versionKey struct{}

// pageVersion is a change version read already for this request, by the
// page cache or with the session (prefetchVersion), and its scopes.
type pageVersion struct {
	scopes  []string
	version int64
}

// changeVersion is the change version of scopes: the one read already for
// the request when its scopes are these, which they are unless a prefetch
// placed the route's path values wrongly.
func (s *Server) changeVersion(r *http.Request, scopes []string) (int64, error) {
	if v, ok := r.Context().Value(versionKey{}).(pageVersion); ok && slices.Equal(v.scopes, scopes) {
		return v.version, nil
	}
	return s.store.ChangeVersion(r.Context(), scopes...)
}

// dataCache keeps what pages build from the data alone, or from the data
// and a reader class, by the change version of the scopes they show: the
// signed-in read path then does per request only what depends on the
// reader. Values are shared between requests and never changed.
type dataCache struct {
	mu      sync.Mutex
	entries map[string]dataEntry
	// door, when set, keeps a value only from its key's second miss
	// (doorkeeper): for caches keyed by who reads, such as the layout
	// frames (Server.pages), one per reader, where a reader who comes
	// once would push out the frames of those who come back.
	door *doorkeeper
}

type dataEntry struct {
	version int64
	value   any
}

// maxCachedData bounds the data cache as maxCachedPages bounds the pages.
const maxCachedData = 2000

// cachedData returns the value cached under key at version, or builds and
// keeps it. Two requests may build it at once; either result is right.
func cachedData[T any](c *dataCache, key string, version int64, build func() (T, error)) (T, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == version {
		return e.value.(T), nil
	}
	v, err := build()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, kept := c.entries[key]
	if kept && cur.version > version {
		return v, nil
	}
	if c.door != nil && !kept && !c.door.admit(key) {
		return v, nil
	}
	if c.entries == nil || len(c.entries) >= maxCachedData {
		c.entries = map[string]dataEntry{}
	}
	c.entries[key] = dataEntry{version, v}
	return v, nil
}

// recorder captures a response so that it can be cached.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

func (r *recorder) statusOr200() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// writeCached writes a cached answer, or 304 to a request whose
// If-None-Match names its ETag.
func writeCached(w http.ResponseWriter, r *http.Request, c *cachedResponse) error {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	// An answer that sets a cookie (the language a link chose) is this
	// reader's: no shared cache may keep it and hand the cookie on.
	if len(w.Header().Values("Set-Cookie")) > 0 {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	if etag := c.header.Get("ETag"); etag != "" && etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.WriteHeader(c.status)
	_, err := w.Write(c.body)
	return err
}
