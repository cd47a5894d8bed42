package http

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
)

// view is what a route shows: the JSON adapter marshals it as it is, the HTML
// adapter wraps it in a page with a title and breadcrumbs.
type view interface {
	// title is the page's title in lang.
	title(lang string) string
	// crumbs are the breadcrumbs that lead to the page, without the page.
	crumbs(lang string) []crumb
}

// rawView is a view that answers some requests in a format of its own,
// such as the follow-up matrix as CSV (?format=csv).
type rawView interface {
	writeRaw(w http.ResponseWriter) (bool, error)
}

type crumb struct {
	Label string
	Href  string
}

// page is what every HTML template receives.
type page struct {
	// User is the signed-in reader, nil for the public.
	User        *accord.User
	Lang        string
	Languages   []string
	Title       string
	Breadcrumbs []crumb
	Path        string
	// LangLinks switch the page's language, keeping its query.
	LangLinks []langLink
	// JSON is the path of the page's JSON twin under APIPrefix, empty when
	// it has none.
	JSON string
	// Confirmation says that the action just taken worked (feedback.go).
	Confirmation string
	// SkipForm is the id of the form the page is for, if any (skiplink.go).
	SkipForm string
	View     any
	// Content is the page's content rendered already, from the data cache
	// (fragmentView); empty when the layout renders it.
	Content template.HTML
	// Org is the organization whose pages these are, for the header;
	// Feeds and Calendar the head's alternate links (headLinks); Meta the
	// card a shared link shows (metaView). All are nil when none apply.
	Org      *accord.Organization
	Feeds    []headLink
	Calendar *calendarLinks
	Meta     *pageMeta
}

// fragmentView is a view whose rendered content (the template "content")
// depends only on what its key names: the data at version, and the reader
// class. Its content is then rendered once per key and version, and the
// layout around it, which names the reader, per request.
type fragmentView interface {
	contentKey() (key string, version int64)
}

// Status maps an error code to its HTTP status. It is the only place that
// does.
func Status(code string) int {
	switch code {
	case accord.EINVALID:
		return http.StatusBadRequest
	case accord.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case accord.EFORBIDDEN:
		return http.StatusForbidden
	case accord.ENOTFOUND:
		return http.StatusNotFound
	case accord.ECONFLICT:
		return http.StatusConflict
	case accord.ERATELIMIT:
		return http.StatusTooManyRequests
	case accord.EUNAVAILABLE, accord.ESCHEMA:
		return http.StatusServiceUnavailable
	case accord.EFULL:
		return http.StatusInsufficientStorage
	case accord.ENOTIMPLEMENTED:
		return http.StatusNotImplemented
	default:
		return http.StatusInternalServerError
	}
}

func (s *Server) serveJSON(v func(*http.Request) (view, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		data, err := v(r)
		if err != nil {
			return err
		}
		if raw, ok := data.(rawView); ok {
			if done, err := raw.writeRaw(w); done || err != nil {
				return err
			}
		}
		return writeJSON(w, http.StatusOK, data)
	}
}

func (s *Server) serveHTML(name string, v func(*http.Request) (view, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		data, err := v(r)
		if err != nil {
			return err
		}
		if raw, ok := data.(rawView); ok {
			if done, err := raw.writeRaw(w); done || err != nil {
				return err
			}
		}
		return s.writePage(w, r, http.StatusOK, name, data)
	}
}

// writePage renders a view in the shared layout.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, name string, data view) error {
	p := s.pageOf(r, data)
	s.dress(r, &p, status, data)
	if status < 400 {
		p.Confirmation = takeConfirmation(w, r, p.Lang)
	}
	if f, ok := data.(fragmentView); ok && status == http.StatusOK {
		return s.writeFragmentPage(w, name, p, f)
	}
	return s.writeHTML(w, status, name, p)
}

// pageOf is the layout's data for a view.
func (s *Server) pageOf(r *http.Request, data view) page {
	lang := i18n.RequestLanguage(r)
	return page{
		User:        actor(r).User,
		Lang:        lang,
		Languages:   i18n.Languages,
		Title:       data.title(lang),
		Breadcrumbs: data.crumbs(lang),
		Path:        r.URL.Path,
		LangLinks:   languageLinks(r, lang),
		JSON:        s.jsonTwin(r),
		SkipForm:    skipFormOf(data),
		View:        data,
	}
}

// formView serves a form page as a view: empty, as a GET shows it.
func formView(page func(*http.Request, Form) (view, error)) func(*http.Request) (view, error) {
	return func(r *http.Request) (view, error) { return page(r, Form{Values: r.URL.Query()}) }
}

func (s *Server) serveActionJSON(rt Route) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		in, err := fields.Read(w, r, s.bodySchema(rt.Name))
		if err != nil {
			return err
		}
		out, err := rt.action(w, r, in)
		if err != nil {
			return err
		}
		return writeJSON(w, cmp.Or(out.status, http.StatusOK), out.view)
	}
}

// serveActionHTML runs an action from a form: on success it redirects
// (303, so that reloading does not submit again) or shows the result; when
// the input is refused it shows the form again, filled in, with the error.
func (s *Server) serveActionHTML(rt Route) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		in, err := fields.Read(w, r, s.bodySchema(rt.Name))
		if err == nil {
			var out outcome
			if out, err = rt.action(w, r, in); err == nil {
				if out.redirect != "" {
					confirmAfterRedirect(w, r, rt.Name)
					http.Redirect(w, r, out.redirect, http.StatusSeeOther)
					return nil
				}
				return s.writePage(w, withConfirmation(r, rt.Name), cmp.Or(out.status, http.StatusOK), cmp.Or(out.template, rt.Template), out.view)
			}
		}
		status := Status(accord.ErrorCode(err))
		if rt.page == nil || status >= 500 {
			return err
		}
		in.Del("password")
		in.Del("code")
		form, perr := rt.page(r, Form{Values: in, Error: i18n.ErrorText(i18n.RequestLanguage(r), err), Field: accord.ErrorField(err)})
		if perr != nil {
			return err
		}
		s.log.DebugContext(r.Context(), "form refused", "route", rt.Name, "err", err)
		s.setRetryAfter(w, status, err)
		return s.writePage(w, r, status, rt.Template, form)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return accord.Wrap("encode json", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeHTML renders into a buffer first, so that a template failure becomes a
// clean error page instead of half a page.
func (s *Server) writeHTML(w http.ResponseWriter, status int, name string, p page) error {
	t, ok := s.templates[name]
	if !ok {
		return accord.Wrap("render "+name, errors.New("no such template"))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return accord.Wrap("render "+name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// errorBody is the JSON error shape: {"error": {"code", "message",
// "localized_message", "field"}}. message is the English text, stable for
// clients that match on it; localized_message is the same in the
// request's language, for a client that shows it to a person.
type errorBody struct {
	Error struct {
		Code             string `json:"code"`
		Message          string `json:"message"`
		LocalizedMessage string `json:"localized_message"`
		Field            string `json:"field,omitempty"`
	} `json:"error"`
}

type errorView struct {
	Status  int
	Code    string
	Message string
	Field   string
	// RequestID lets a user quote the request, and the operator find its
	// log lines.
	RequestID string
}

func (e errorView) title(lang string) string { return i18n.StatusTitle(lang, e.Status) }
func (e errorView) crumbs(string) []crumb    { return nil }

// setRetryAfter tells a client refused with err when to try again: every
// 429, 503 and 507 says it, on an error page and on a form shown again.
func (s *Server) setRetryAfter(w http.ResponseWriter, status int, err error) {
	if status == http.StatusServiceUnavailable || status == http.StatusInsufficientStorage {
		w.Header().Set("Retry-After", retryAfter)
	}
	if d := s.auth.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(d.Round(time.Second).Seconds())))
	}
}

// renderError logs internal errors with their detail and shows the user only
// the code and the safe message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := accord.ErrorCode(err)
	status := Status(code)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "code", code, "err", err)
	} else {
		s.log.DebugContext(r.Context(), "request refused", "method", r.Method, "path", r.URL.Path, "code", code, "err", err)
	}
	s.setRetryAfter(w, status, err)
	var body errorBody
	body.Error.Code = code
	body.Error.Message = accord.ErrorMessage(err)
	body.Error.Field = accord.ErrorField(err)
	lang := i18n.RequestLanguage(r)
	body.Error.LocalizedMessage = i18n.ErrorText(lang, err)
	if code == accord.EFULL {
		body.Error.LocalizedMessage = i18n.T(lang, "Storage is full: the change was not saved. Try again later.")
	}
	if s.wantsJSON(r) {
		if werr := writeJSON(w, status, body); werr != nil {
			s.log.ErrorContext(r.Context(), "write error response", "err", werr)
		}
		return
	}
	ev := errorView{Status: status, Code: code, Message: body.Error.LocalizedMessage, Field: body.Error.Field, RequestID: RequestID(r.Context())}
	if werr := s.writeHTML(w, status, "error.html", page{User: actor(r).User, Lang: lang, Languages: i18n.Languages, Title: ev.title(lang), Path: r.URL.Path, LangLinks: languageLinks(r, lang), View: ev}); werr != nil {
		s.log.ErrorContext(r.Context(), "write error page", "err", werr)
		http.Error(w, http.StatusText(status), status)
	}
}

// bodySchema is the checker of a route's JSON body; nil when the route
// documents none.
func (s *Server) bodySchema(route string) *openapi.BodySchema {
	if b, ok := s.bodies[route]; ok {
		return &b
	}
	return nil
}
