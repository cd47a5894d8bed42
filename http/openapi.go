package http

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/openapi"
)

// OpenAPIPath is where the API's document is served (package openapi
// writes it).
const OpenAPIPath = openapi.Path

// OpenAPIDocument builds the OpenAPI 3.1 document of the server's routes.
func (s *Server) OpenAPIDocument() map[string]any {
	return openapi.Document(s.openAPIRoutes())
}

func (s *Server) openAPIRoutes() []openapi.Route {
	out := make([]openapi.Route, len(s.routes))
	for i, rt := range s.routes {
		out[i] = openapi.Route{Name: rt.Name, Method: rt.Method, Pattern: rt.Pattern,
			API: rt.view != nil || rt.action != nil, Replayable: replayable(rt)}
	}
	return out
}

// openAPIFile is the document as served, with its ETag.
type openAPIFile struct {
	body []byte
	etag string
}

// openAPIFile encodes the document once per server: building it takes
// milliseconds and megabytes, too much to spend on every request of a
// public URL, and the route table does not change once the server runs.
func (s *Server) openAPIFile() (*openAPIFile, error) {
	s.openAPI.once.Do(func() {
		b, err := json.MarshalIndent(s.OpenAPIDocument(), "", "  ")
		if err != nil {
			s.openAPI.err = accord.Wrap("encode openapi", err)
			return
		}
		sum := sha256.Sum256(b)
		s.openAPI.file = &openAPIFile{body: append(b, '\n'), etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
	})
	return s.openAPI.file, s.openAPI.err
}

// serveOpenAPI serves the document. It is the same for every reader, so a
// shared cache may keep it: the Vary the server sets for pages does not
// apply, and an ETag lets clients ask whether it changed.
func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	f, err := s.openAPIFile()
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("ETag", f.etag)
	h.Del("Vary")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
	return nil
}
