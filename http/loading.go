package http

import "net/http"

// loading is true while the server's caller is still filling the
// database (accord demo loads its data while the server already listens,
// so that the address is known): a script that waits for /healthz or
// /readyz must not read a half-loaded database. It is one gate among the
// readiness checks, the first one asked.
func (s *Server) stillLoading(w http.ResponseWriter) (bool, error) {
	if !s.loading.Load() {
		return false, nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, err := w.Write([]byte("loading\n"))
	return true, err
}

// Loaded opens the gate that Config.Loading closed: from now on /healthz
// and /readyz answer as their other checks say.
func (s *Server) Loaded() { s.loading.Store(false) }
