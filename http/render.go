package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/accord-org/accord"
)

// view is what a route shows: the JSON adapter marshals it as it is, the HTML
// adapter wraps it in a page with a title and breadcrumbs.
type view interface {
	// title is the page's title in lang.
	title(lang string) string
	// crumbs are the breadcrumbs that lead to the page, without the page.
	crumbs(lang string) []crumb
}

type crumb struct {
	Label string
	Href  string
}

// page is what every HTML template receives.
type page struct {
	Lang        string
	Languages   []string
	Title       string
	Breadcrumbs []crumb
	Path        string
	View        any
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
	case accord.EUNAVAILABLE, accord.ESCHEMA:
		return http.StatusServiceUnavailable
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
		return writeJSON(w, http.StatusOK, data)
	}
}

func (s *Server) serveHTML(name string, v func(*http.Request) (view, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		data, err := v(r)
		if err != nil {
			return err
		}
		lang := requestLanguage(r)
		return s.writeHTML(w, http.StatusOK, name, page{
			Lang:        lang,
			Languages:   languageCodes,
			Title:       data.title(lang),
			Breadcrumbs: data.crumbs(lang),
			Path:        r.URL.Path,
			View:        data,
		})
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

// errorBody is the JSON error shape: {"error": {"code", "message", "field"}}.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

type errorView struct {
	Status  int
	Code    string
	Message string
	Field   string
}

func (e errorView) title(string) string   { return http.StatusText(e.Status) }
func (e errorView) crumbs(string) []crumb { return nil }

// renderError logs internal errors with their detail and shows the user only
// the code and the safe message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := accord.ErrorCode(err)
	status := Status(code)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "code", code, "err", err)
	} else {
		s.log.Debug("request refused", "method", r.Method, "path", r.URL.Path, "code", code, "err", err)
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = accord.ErrorMessage(err)
	body.Error.Field = accord.ErrorField(err)
	if isAPI(r) {
		if werr := writeJSON(w, status, body); werr != nil {
			s.log.Error("write error response", "err", werr)
		}
		return
	}
	lang := requestLanguage(r)
	ev := errorView{Status: status, Code: code, Message: body.Error.Message, Field: body.Error.Field}
	if werr := s.writeHTML(w, status, "error.html", page{Lang: lang, Languages: languageCodes, Title: ev.title(lang), Path: r.URL.Path, View: ev}); werr != nil {
		s.log.Error("write error page", "err", werr)
		http.Error(w, http.StatusText(status), status)
	}
}
