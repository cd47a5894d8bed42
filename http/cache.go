package http

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/accord-org/accord"
)

// pageCache keeps the public's rendered pages and API answers. Public pages
// are what the press and the world read, often at once after a meeting, and
// they change only when the data does. An entry is valid while the
// database's change counter (the newest audit record, which every change
// writes) is the one it was made at, so a change made through any instance
// empties every instance's cache on its next request.
type pageCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]*cachedResponse
}

// maxCachedPages bounds the cache; past it, it starts over, which is
// simpler than an LRU and enough for the few hundred public pages a council
// has.
const maxCachedPages = 2000

type cachedResponse struct {
	status int
	header http.Header
	body   []byte
}

func (c *pageCache) get(version int64, key string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		c.version, c.entries = version, map[string]*cachedResponse{}
		return nil
	}
	return c.entries[key]
}

func (c *pageCache) put(version int64, key string, r *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return // the data changed while the page was made
	}
	if len(c.entries) >= maxCachedPages {
		c.entries = map[string]*cachedResponse{}
	}
	c.entries[key] = r
}

// cached serves a view route from the cache for the public, and fills it.
// Signed-in readers are never served from it: what they see depends on who
// they are.
func (s *Server) cached(next func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if actor(r).User != nil || currentSession(r) != nil {
			return next(w, r)
		}
		version, err := s.store.LastChange(r.Context())
		if err != nil {
			return err
		}
		// The language and the day are part of the page: dates, "today's"
		// members and forecasts change at midnight.
		key := r.Method + " " + r.URL.RequestURI() + "|" + requestLanguage(r) + "|" + accord.DateOf(s.now()).String()
		if hit := s.cache.get(version, key); hit != nil {
			for k, v := range hit.header {
				w.Header()[k] = v
			}
			w.WriteHeader(hit.status)
			_, err := w.Write(hit.body)
			return err
		}
		rec := &recorder{header: http.Header{}}
		if err := next(rec, r); err != nil {
			return err
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.statusOr200())
		if _, err := w.Write(rec.body.Bytes()); err != nil {
			return err
		}
		if rec.statusOr200() == http.StatusOK {
			s.cache.put(version, key, &cachedResponse{status: http.StatusOK, header: rec.header, body: rec.body.Bytes()})
		}
		return nil
	}
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
