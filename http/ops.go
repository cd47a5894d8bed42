package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// The operator's side of the server: request ids in the logs and on error
// pages, the client's address behind trusted proxies, readiness checks and
// the request metrics.

// Observer receives every request's route name (the route table's, never the
// raw path, so that the number of series stays bounded), method, status and
// duration. The metrics adapter implements it.
type Observer interface {
	ObserveRequest(route, method string, status int, d time.Duration)
}

// ReadyCheck is one condition /readyz requires. Check returns nil when it
// holds; its error's message is shown, so it must be safe to show.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// requestInfo is what the server knows about a request beyond net/http's:
// its id, and the route that served it, which handle fills in.
type requestInfo struct {
	id    string
	route string
}

type requestInfoKey struct{}

func infoOf(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// RequestID is the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if i := infoOf(ctx); i != nil {
		return i.id
	}
	return ""
}

// begin gives r its id and its client's address. A trusted proxy's id is
// kept, so that one request has one id across the load balancer's logs and
// ours; anyone else's is replaced, since it could be forged to confuse them.
func (s *Server) begin(w http.ResponseWriter, r *http.Request) *http.Request {
	trusted := s.trusted(r.RemoteAddr)
	id := r.Header.Get("X-Request-Id")
	if !trusted || !validRequestID(id) {
		var b [8]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	w.Header().Set("X-Request-Id", id)
	if trusted {
		if client, ok := s.forwardedFor(r); ok {
			// Everything downstream (rate limits, sessions, audit records)
			// reads the client from RemoteAddr.
			r.RemoteAddr = net.JoinHostPort(client.String(), "0")
		}
	}
	return r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, &requestInfo{id: id, route: "unrouted"}))
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// trusted reports whether addr (host:port) is one of the trusted proxies.
func (s *Server) trusted(addr string) bool {
	if len(s.proxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return false
	}
	return s.isProxy(ap.Addr())
}

func (s *Server) isProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor is the client address in X-Forwarded-For: the rightmost
// entry that is not itself a trusted proxy, since each proxy appends the
// address it got the request from and only the entries that trusted proxies
// added can be believed.
func (s *Server) forwardedFor(r *http.Request) (netip.Addr, bool) {
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	var client netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = a.Unmap()
		if !s.isProxy(client) {
			break
		}
	}
	return client, client.IsValid()
}

// ParseProxies reads a comma-separated list of CIDR prefixes or addresses.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// requestLogHandler adds the request id to every record logged with a
// request's context, whoever logs it.
type requestLogHandler struct{ slog.Handler }

func (h requestLogHandler) Handle(ctx context.Context, rec slog.Record) error {
	if id := RequestID(ctx); id != "" {
		rec.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestLogHandler{h.Handler.WithAttrs(as)}
}

func (h requestLogHandler) WithGroup(name string) slog.Handler {
	return requestLogHandler{h.Handler.WithGroup(name)}
}

// WithRequestIDs wraps a log handler so that records logged with a
// request's context carry its id; the command wires it into the logger it
// gives every package.
func WithRequestIDs(h slog.Handler) slog.Handler {
	if _, ok := h.(requestLogHandler); ok {
		return h
	}
	return requestLogHandler{h}
}

// readyz answers load balancers in plain text: 200 while every check holds,
// 503 with the ones that fail. Each check line is "name: ok" or
// "name: reason".
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if loading, err := s.stillLoading(w); loading {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var b strings.Builder
	failed := false
	for _, c := range s.ready {
		if err := c.Check(ctx); err != nil {
			failed = true
			s.log.WarnContext(r.Context(), "readiness check failed", "check", c.Name, "err", err)
			b.WriteString(c.Name + ": " + readyReason(err) + "\n")
			continue
		}
		b.WriteString(c.Name + ": ok\n")
	}
	if failed {
		w.Header().Set("Retry-After", retryAfter)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err := w.Write([]byte("not ready\n" + b.String()))
		return err
	}
	_, err := w.Write([]byte("ready\n" + b.String()))
	return err
}

// retryAfter is the Retry-After of 503 and 507 answers, in seconds: about
// the time a restarting database or a freed disk takes.
const retryAfter = "5"

func readyReason(err error) string { return accord.ErrorMessage(err) }

// storageChecker is a store that can tell that writes fail for a full disk.
type storageChecker interface {
	StorageFull(ctx context.Context) error
}

// readyChecks are /readyz's checks: the database answers, its storage
// takes writes, then the caller's own.
func (s *Server) readyChecks(extra []ReadyCheck) []ReadyCheck {
	checks := []ReadyCheck{{Name: "database", Check: s.store.Ping}}
	if sc, ok := s.store.(storageChecker); ok {
		checks = append(checks, ReadyCheck{Name: "storage", Check: sc.StorageFull})
	}
	return append(checks, extra...)
}

// jsonRoutes answer in JSON when they succeed, so their errors are JSON
// too, whatever the client accepts.
var jsonRoutes = map[string]bool{"log_inclusion_proof": true, "log_consistency_proof": true}

// wantsJSON says whether an error is rendered as JSON: under the API, on a
// route whose answers are JSON, or when the client asks for JSON rather
// than a page.
func (s *Server) wantsJSON(r *http.Request) bool {
	if isAPI(r) {
		return true
	}
	if i := infoOf(r.Context()); i != nil && jsonRoutes[i.route] {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// jsonTwin is the path of r's page under APIPrefix when a route serves it
// there, for the "This page as JSON" link; "" otherwise.
func (s *Server) jsonTwin(r *http.Request) string {
	if isAPI(r) {
		return ""
	}
	u := *r.URL
	u.Path, u.RawPath = APIPrefix+r.URL.Path, ""
	if _, pattern := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: &u, Host: r.Host}); pattern == "" || pattern == "/" {
		return ""
	}
	return u.Path
}
