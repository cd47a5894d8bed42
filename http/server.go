// Package http is Accord's web adapter: the JSON API under /api/v1 and the
// HTML pages at the same paths without the prefix, both built from the same
// typed views so that the API can do everything the pages do.
package http

import (
	"cmp"
	"compress/gzip"
	"crypto/rand"
	"embed"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/live"
	"github.com/accord-org/accord/pdf"
	"github.com/accord-org/accord/translog"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// APIPrefix is where the JSON API lives; the HTML pages use the same paths
// without it.
const APIPrefix = openapi.Prefix

// Server routes requests to views and renders them as JSON or HTML.
type Server struct {
	store accord.Store
	auth  *auth.Service
	csrf  *http.CrossOriginProtection
	cache *pageCache
	data  dataCache
	// pages are fragment views' whole pages, per reader, as frames
	// (layout_cache.go); frameMark is the random prefix of a frame's
	// marks, and hrefEscaper escapes what fills them.
	pages       dataCache
	frameMark   string
	hrefEscaper *template.Template
	now         accord.Clock
	log         *slog.Logger
	mux         *http.ServeMux
	// versionScopes are the change scopes of the cached routes, by their
	// patterns in mux: a signed-in request reads its route's change
	// version with its session (prefetchVersion).
	versionScopes map[string]func(*http.Request) []string
	templates     map[string]*template.Template
	// Collators are not safe for concurrent use and costly to build, so
	// each language keeps a pool of them.
	collators map[language.Tag]*sync.Pool
	routes    []Route
	// passkeys is nil when PublicURL names no domain (an IP address):
	// browsers refuse passkeys there, and the passkey routes say so.
	passkeys *auth.Passkeys
	// publicURL is Config.PublicURL, for links handed over to be opened
	// elsewhere (invitations); empty means the request's own address.
	publicURL string
	// translog serves the transparency log and signed bundles; nil when
	// no log key is configured, and its routes then answer 503.
	translog *translog.Log
	files    accord.FileStore
	// pdf prints documents; nil when no fonts were found, and the PDF
	// routes then answer 503.
	pdf *pdf.Renderer
	// proxies are the trusted proxies, whose X-Forwarded-For names the
	// client; observer, when set, receives every request for the metrics;
	// ready are /readyz's checks.
	proxies  []netip.Prefix
	observer Observer
	ready    []ReadyCheck
	// bodies check the JSON bodies of actions, by route name.
	bodies map[string]openapi.BodySchema
	// openAPI is the encoded API document, made on first request.
	openAPI struct {
		once sync.Once
		file *openAPIFile
		err  error
	}
	// loading holds /healthz and /readyz at 503 until Loaded.
	loading atomic.Bool
	// live pushes the meetings in session to their streams, judging
	// each event by visibility (sitting_stream.go).
	live       *live.Hub
	visibility *sittingVisibility
	// beat is the one heartbeat of every stream.
	beat *heartbeat
	// opening admits the streams being set up, a few at a time.
	opening chan struct{}
	storms  stormWatch
	// gzip keeps the compressors of answers, which are costly to make.
	gzip sync.Pool
}

// Config holds what a Server needs from its caller.
type Config struct {
	Store accord.Store
	// Auth authenticates; nil means one over Store with the default policy.
	Auth   *auth.Service
	Now    accord.Clock
	Logger *slog.Logger
	// PublicURL is where browsers reach the server, such as
	// "https://accord.example.org"; passkeys are bound to its origin and
	// host. Empty means DefaultPublicURL.
	PublicURL string
	// Log is the transparency log, with its signing key and witnesses.
	Log *translog.Log
	// Files keeps the files attached to documents; nil means none can be
	// uploaded or downloaded.
	Files accord.FileStore
	// PDF prints outcome documents and press releases; nil means the
	// fonts are missing, and PDFs are refused with 503.
	PDF *pdf.Renderer
	// TrustedProxies are the load balancers and proxies whose
	// X-Forwarded-For header is believed; none by default.
	TrustedProxies []netip.Prefix
	// Observer, when set, is told of every request (the metrics).
	Observer Observer
	// Ready are checks /readyz makes after the database's own.
	Ready []ReadyCheck
	// Loading says that the caller is still loading data: /healthz and
	// /readyz answer 503 until it calls Server.Loaded.
	Loading bool
}

// Route is one entry of the route table. Views are served twice: as JSON
// under APIPrefix and as HTML at Pattern. Other handlers are served once.
type Route struct {
	Method  string
	Pattern string
	// Name identifies the route in logs and in the authorization matrix.
	Name string
	// Template names the HTML template of a view; empty for plain handlers.
	Template string
	// Public marks a view or a handler whose answer to the public depends
	// only on the data, the language and the day, so that it may be cached.
	Public bool
	view   func(r *http.Request) (view, error)
	// action changes something. It is served like a view, as JSON under
	// APIPrefix and as HTML at Pattern; page, when set, shows its form
	// again with the error after a refused submission.
	action  func(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error)
	page    func(r *http.Request, f Form) (view, error)
	handler func(w http.ResponseWriter, r *http.Request) error
	// judge, when set, refuses a request before any of its body is read,
	// even to fingerprint it for an Idempotency-Key: an upload's action
	// runs it too, so that nobody makes the server receive a file it
	// will refuse.
	judge func(r *http.Request) error
}

// outcome is what an action did: its result, shown as JSON, or as HTML
// (with template, else the route's) unless the page moves on to redirect.
type outcome struct {
	view     view
	status   int
	redirect string
	template string
}

// New builds a Server and parses its templates, so that a broken template
// stops the process at start rather than failing a request.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("http.New: no store")
	}
	s := &Server{
		store:         cfg.Store,
		now:           cfg.Now,
		log:           cfg.Logger,
		mux:           http.NewServeMux(),
		versionScopes: map[string]func(*http.Request) []string{},
		collators:     map[language.Tag]*sync.Pool{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.log = slog.New(WithRequestIDs(s.log.Handler()))
	s.proxies = cfg.TrustedProxies
	s.observer = cfg.Observer
	s.ready = s.readyChecks(cfg.Ready)
	s.auth = cfg.Auth
	if s.auth == nil {
		s.auth = auth.New(cfg.Store, s.now)
	}
	s.csrf = http.NewCrossOriginProtection()
	s.passkeys = s.newPasskeys(cfg.PublicURL)
	s.publicURL = cfg.PublicURL
	s.translog = cfg.Log
	s.files = cfg.Files
	s.pdf = cfg.PDF
	s.loading.Store(cfg.Loading)
	s.gzip.New = func() any { return gzip.NewWriter(io.Discard) }
	s.bodies = openapi.BodySchemas()
	s.visibility = newSittingVisibility()
	s.live = live.NewHub(s.visibility.visible, HubKeep, HubBuffer)
	s.beat = newHeartbeat(heartbeatPeriod)
	s.opening = make(chan struct{}, streamsOpening)
	s.cache = newPageCache()
	door := newDoorkeeper()
	s.pages.door = &door
	s.frameMark = "/" + rand.Text()
	s.hrefEscaper = newHrefEscaper()
	for _, tag := range i18n.Tags {
		s.collators[tag] = &sync.Pool{New: func() any { return collate.New(tag) }}
	}
	var err error
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	s.routes = slices.Concat(s.routeTable(), s.workspaceRoutes(), s.setupRoutes(), s.stateRoutes(), s.accountRoutes(), s.draftingRoutes(), s.chairsRoutes(), s.followUpRoutes(), s.followUpRoundRoutes(), s.followUpStatusRoutes(), s.deskRoutes(), s.sittingRoutes(), s.searchRoutes(), s.feedRoutes(), s.pressRoutes(), s.lookRoutes(), s.delegationBulkRoutes(), s.documentPDFRoutes(), s.photoRoutes())
	for _, rt := range s.routes {
		switch {
		case rt.view != nil:
			json, html := s.serveJSON(rt.view), s.serveHTML(rt.Template, rt.view)
			if rt.Public {
				scopes := pageScopes[rt.Name]
				if scopes == nil {
					return nil, errors.New("http.New: public route " + rt.Name + " has no change scopes (pageScopes)")
				}
				json, html = s.cached(scopes, json), s.cached(scopes, html)
				s.versionScopes[rt.Method+" "+APIPrefix+rt.Pattern] = scopes
				s.versionScopes[rt.Method+" "+rt.Pattern] = scopes
			}
			s.mux.Handle(rt.Method+" "+APIPrefix+rt.Pattern, s.handle(rt.Name, json))
			s.mux.Handle(rt.Method+" "+rt.Pattern, s.handle(rt.Name, html))
		case rt.action != nil:
			s.mux.Handle(rt.Method+" "+APIPrefix+rt.Pattern, s.handle(rt.Name, s.idempotent(rt, s.serveActionJSON(rt))))
			s.mux.Handle(rt.Method+" "+rt.Pattern, s.handle(rt.Name, s.serveActionHTML(rt)))
		default:
			h := rt.handler
			if rt.Public {
				scopes := pageScopes[rt.Name]
				if scopes == nil {
					return nil, errors.New("http.New: public route " + rt.Name + " has no change scopes (pageScopes)")
				}
				h = s.cached(scopes, h)
				s.versionScopes[rt.Method+" "+rt.Pattern] = scopes
			}
			s.mux.Handle(rt.Method+" "+rt.Pattern, s.handle(rt.Name, h))
		}
	}
	s.mux.Handle("GET /static/", s.handle("static", s.serveStatic))
	s.mux.Handle("/", s.handle("not_found", func(w http.ResponseWriter, r *http.Request) error {
		return accord.Errorf(accord.ENOTFOUND, "There is no page at %s.", r.URL.Path)
	}))
	return s, nil
}

// Routes returns the route table, for tests that must cover every route.
func (s *Server) Routes() []Route { return s.routes }

func (s *Server) routeTable() []Route {
	return []Route{
		{Method: "GET", Pattern: "/{$}", Name: "home", Public: true, Template: "home.html", view: s.homeView},
		{Method: "GET", Pattern: "/organizations", Name: "organizations", Public: true, Template: "organizations.html", view: s.organizationsView},
		{Method: "GET", Pattern: "/organizations/{org}", Name: "organization", Public: true, Template: "organization.html", view: s.organizationView},
		{Method: "GET", Pattern: "/organizations/{org}/members", Name: "members", Public: true, Template: "members.html", view: s.membersView},
		{Method: "GET", Pattern: "/organizations/{org}/bodies", Name: "bodies", Public: true, Template: "bodies.html", view: s.bodiesView},
		{Method: "GET", Pattern: "/organizations/{org}/bodies/{body}", Name: "body", Public: true, Template: "meetings.html", view: s.meetingsView},
		{Method: "GET", Pattern: "/organizations/{org}/bodies/{body}/meetings", Name: "meetings", Public: true, Template: "meetings.html", view: s.meetingsView},
		{Method: "GET", Pattern: "/organizations/{org}/bodies/{body}/meetings/{number}", Name: "meeting", Public: true, Template: "meeting.html", view: s.meetingView},
		{Method: "GET", Pattern: "/organizations/{org}/bodies/{body}/chairs", Name: "chairs", Template: "chairs.html", view: s.chairsView},
		{Method: "GET", Pattern: "/organizations/{org}/bodies/{body}/chairs/forecast", Name: "chairs_forecast", Template: "forecast.html", view: s.forecastView},
		{Method: "POST", Pattern: "/organizations/{org}/bodies/{body}/chairs/handover", Name: "chair_handover", Template: "chairs_preview.html", action: s.handover, page: s.previewPage},
		{Method: "GET", Pattern: "/documents/{id}", Name: "document", Public: true, Template: "document.html", view: s.documentView},
		{Method: "GET", Pattern: "/documents", Name: "documents", Public: true, Template: "documents.html", view: s.documentsView},
		{Method: "GET", Pattern: "/documents/new", Name: "document_new", Template: "document_new.html", view: formView(s.documentNewPage)},
		{Method: "POST", Pattern: "/documents", Name: "document_create", Template: "document_new.html", action: s.createDocument, page: s.documentNewPage},
		{Method: "GET", Pattern: "/documents/{id}/edit", Name: "document_edit", Template: "document_edit.html", view: formView(s.documentEditPage)},
		{Method: "POST", Pattern: "/documents/{id}", Name: "document_update", Template: "document_edit.html", action: s.updateDocument, page: s.documentEditPage},
		{Method: "POST", Pattern: "/documents/{id}/versions", Name: "document_version_add", Template: "document_edit.html", action: s.addDocumentVersion, page: s.documentEditPage},
		{Method: "POST", Pattern: "/documents/{id}/links", Name: "document_link", Template: "document_edit.html", action: s.linkDocument, page: s.documentEditPage},
		{Method: "POST", Pattern: "/documents/{id}/links/{meeting}/delete", Name: "document_unlink", Template: "document_edit.html", action: s.unlinkDocument, page: s.documentEditPage},
		{Method: "POST", Pattern: "/documents/{id}/withdraw", Name: "document_withdraw", Template: "document_edit.html", action: s.withdrawDocument, page: s.documentEditPage},
		{Method: "POST", Pattern: "/documents/{id}/attachments", Name: "attachment_upload", Template: "document_edit.html", action: s.uploadAttachment, page: s.documentEditPage, judge: s.judgeUpload},
		{Method: "GET", Pattern: "/documents/{id}/attachments/{attachment}", Name: "attachment", handler: s.downloadAttachment},
		{Method: "POST", Pattern: "/documents/{id}/attachments/{attachment}/withdraw", Name: "attachment_withdraw", Template: "document_edit.html", action: s.withdrawAttachment, page: s.documentEditPage},
		{Method: "GET", Pattern: "/login", Name: "login_form", Template: "login.html", view: formView(s.loginPage)},
		{Method: "POST", Pattern: "/login", Name: "login", Template: "login.html", action: s.login, page: s.loginPage},
		{Method: "GET", Pattern: "/login/totp", Name: "totp_form", Template: "totp.html", view: formView(s.totpPage)},
		{Method: "POST", Pattern: "/login/totp", Name: "totp", Template: "totp.html", action: s.verifyTOTP, page: s.totpPage},
		{Method: "POST", Pattern: "/login/passkey/begin", Name: "passkey_login_begin", Template: "done.html", action: s.beginPasskeyLogin},
		{Method: "POST", Pattern: "/login/passkey/finish", Name: "passkey_login_finish", Template: "done.html", action: s.finishPasskeyLogin},
		{Method: "POST", Pattern: "/logout", Name: "logout", Template: "done.html", action: s.logout},
		{Method: "POST", Pattern: "/logout/everywhere", Name: "logout_everywhere", Template: "done.html", action: s.logoutEverywhere},
		{Method: "GET", Pattern: "/account", Name: "account", Template: "account.html", view: formView(s.accountPage)},
		{Method: "GET", Pattern: "/account/totp", Name: "totp_setup_form", Template: "totp_setup.html", view: formView(s.totpSetupPage)},
		{Method: "POST", Pattern: "/account/totp", Name: "totp_setup", Template: "totp_setup.html", action: s.confirmTOTP, page: s.totpSetupPage},
		{Method: "POST", Pattern: "/account/tokens", Name: "token_create", Template: "account.html", action: s.createToken, page: s.accountPage},
		{Method: "POST", Pattern: "/account/tokens/{id}/revoke", Name: "token_revoke", Template: "account.html", action: s.revokeToken, page: s.accountPage},
		{Method: "POST", Pattern: "/account/passkeys/begin", Name: "passkey_begin", Template: "account.html", action: s.beginPasskeyRegistration, page: s.accountPage},
		{Method: "POST", Pattern: "/account/passkeys/finish", Name: "passkey_finish", Template: "account.html", action: s.finishPasskeyRegistration, page: s.accountPage},
		{Method: "POST", Pattern: "/account/passkeys/{id}/delete", Name: "passkey_delete", Template: "account.html", action: s.deletePasskey, page: s.accountPage},
		{Method: "POST", Pattern: "/account/password", Name: "password", Template: "account.html", action: s.changePassword, page: s.accountPage},
		{Method: "POST", Pattern: "/account/language", Name: "language", Template: "done.html", action: s.setLanguage},
		{Method: "GET", Pattern: "/audit", Name: "audit", Template: "audit.html", view: s.auditView},
		{Method: "GET", Pattern: "/documents/{id}/signing", Name: "signing", Template: "signing.html", view: s.signingView},
		{Method: "POST", Pattern: "/documents/{id}/signing", Name: "signing_open", Template: "signing.html", action: s.openSigning, page: s.signingPage},
		{Method: "POST", Pattern: "/documents/{id}/signatures", Name: "signature_add", Template: "signing.html", action: s.addSignature, page: s.signingPage},
		{Method: "GET", Pattern: "/documents/{id}/adoption", Name: "adoption", Template: "adoption.html", view: s.adoptionView},
		{Method: "POST", Pattern: "/documents/{id}/adoption", Name: "adoption_open", Template: "adoption.html", action: s.openAdoption, page: s.adoptionPage},
		{Method: "POST", Pattern: "/documents/{id}/adoption/positions", Name: "adoption_position", Template: "adoption.html", action: s.recordPosition, page: s.adoptionPage},
		{Method: "POST", Pattern: "/documents/{id}/adoption/close", Name: "adoption_close", Template: "adoption.html", action: s.closeAdoption, page: s.adoptionPage},
		{Method: "GET", Pattern: "/documents/{id}/statement", Name: "signing_statement", handler: s.statement},
		{Method: "GET", Pattern: "/documents/{id}/bundle", Name: "bundle", handler: s.bundle},
		{Method: "GET", Pattern: "/organizations/{org}/signing-keys", Name: "signing_keys", Template: "keys.html", view: s.keysView},
		{Method: "POST", Pattern: "/organizations/{org}/signing-keys", Name: "signing_key_enrol", Template: "keys.html", action: s.enrolKey, page: s.keysPage},
		{Method: "POST", Pattern: "/organizations/{org}/signing-keys/{id}/revoke", Name: "signing_key_revoke", Template: "keys.html", action: s.revokeKey, page: s.keysPage},
		{Method: "GET", Pattern: "/log/checkpoint", Name: "log_checkpoint", handler: s.checkpoint},
		{Method: "GET", Pattern: "/log/tile/{path...}", Name: "log_tile", handler: s.tile},
		{Method: "GET", Pattern: "/log/proof/inclusion", Name: "log_inclusion_proof", handler: s.inclusionProof},
		{Method: "GET", Pattern: "/log/proof/consistency", Name: "log_consistency_proof", handler: s.consistencyProof},
		{Method: "GET", Pattern: "/healthz", Name: "healthz", handler: s.healthz},
		{Method: "GET", Pattern: "/readyz", Name: "readyz", handler: s.readyz},
		{Method: "GET", Pattern: OpenAPIPath, Name: "openapi", handler: s.serveOpenAPI},
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	r = s.begin(w, r)
	if s.observer != nil {
		rec := &statusRecorder{ResponseWriter: w}
		w = rec
		defer func() {
			s.observer.ObserveRequest(infoOf(r.Context()).route, r.Method, cmp.Or(rec.status, http.StatusOK), time.Since(start))
		}()
	}
	h := w.Header()
	// No page needs frames, foreign origins or inline script (passkeys use
	// one script file and fetch this site's API); saying so in every
	// response limits what an injected string could do.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	// Pages can differ by who is signed in; no shared cache may keep them.
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Cookie, Authorization, Accept-Language, Accept-Encoding")
	if acceptsGzip(r) {
		gw := &gzipWriter{ResponseWriter: w, pool: &s.gzip}
		defer gw.close()
		w = gw
	}
	if err := s.csrf.Check(r); err != nil {
		s.renderError(w, r, &accord.Error{Code: accord.EFORBIDDEN, Message: "Cross-origin requests that change data are refused.", Err: err})
		return
	}
	if err := fields.ValidateQuery(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	r, err := s.authenticate(w, r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rememberLanguage(w, r)
	s.mux.ServeHTTP(w, r)
}

// handle adapts a handler that returns an error: the error is logged with
// the route's name and rendered once, as JSON for the API and HTML elsewhere.
func (s *Server) handle(name string, fn func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		if info := infoOf(r.Context()); info != nil {
			info.route = name
		}
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(r.Context(), "panic", "route", name, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if !rec.wrote {
					s.renderError(rec, r, accord.Errorf(accord.EINTERNAL, "panic"))
				}
			}
		}()
		if err := fn(rec, r); err != nil {
			s.renderError(rec, r, err)
		}
		s.log.DebugContext(r.Context(), "request", "route", name, "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", s.now().Sub(start))
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if loading, err := s.stillLoading(w); loading {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

func isAPI(r *http.Request) bool {
	return r.URL.Path == APIPrefix || strings.HasPrefix(r.URL.Path, APIPrefix+"/")
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection, for the
// deadlines of long uploads and downloads.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}
