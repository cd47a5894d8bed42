package http

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// The institutional look and the public's caching: the organization in
// the header, titles that name the page first, the head's links to a
// page's JSON twin, feeds and calendar, Open Graph and schema.org
// metadata, validators and public caching for the public's pages, gzip,
// and static files under hashed, immutable names.

// mayAddDocuments says whether one of the actor's grants lets them write a
// document of some meeting: the secretariat, a delegation's officers, the
// chair officers. The press and observers are not offered the form the
// policy would refuse them.
func mayAddDocuments(a *accord.Actor) bool { return mayAddDocumentsTo(a, "") }

// mayAddDocumentsTo is mayAddDocuments within organization org ("" for
// any): the meeting page offers its own "Add a document" by it.
func mayAddDocumentsTo(a *accord.Actor, org string) bool {
	if a == nil || a.User == nil {
		return false
	}
	for _, g := range a.User.Grants {
		if org != "" && g.Organization != org {
			continue
		}
		res := accord.Resource{Kind: accord.KindDocument, Organizations: []string{g.Organization}, Body: g.Body,
			AuthorState: g.State, ChairState: g.State, Classification: accord.Public}
		if accord.Authorize(a, accord.ActCreate, res).Allow {
			return true
		}
	}
	return false
}

// brander is a view of one organization's pages, whose name and emblem
// the header shows.
type brander interface{ brand() *accord.Organization }

func (v organizationView) brand() *accord.Organization { return v.Organization }
func (v membersView) brand() *accord.Organization      { return v.Organization }
func (v bodiesView) brand() *accord.Organization       { return v.Organization }
func (v meetingsView) brand() *accord.Organization     { return v.Organization }
func (v meetingView) brand() *accord.Organization      { return v.Organization }
func (v pressView) brand() *accord.Organization        { return v.Organization }

// headLink is a <link rel="alternate"> of a page's head.
type headLink struct {
	Type, Href, Title, HrefLang string
}

// headLinks are the feeds and calendars of the page at r: the press feed
// on an organization's pages, the body's feed and calendar on a body's,
// the meeting's feed and event on a meeting's, in the reader's language.
func (s *Server) headLinks(r *http.Request, lang string) (links []headLink, calendar *calendarLinks) {
	org, body, number := r.PathValue("org"), r.PathValue("body"), r.PathValue("number")
	if org == "" || isAPI(r) {
		return nil, nil
	}
	links = append(links, headLink{Type: "application/atom+xml", Href: orgPath(org) + "/press/atom/" + lang, Title: org + " · " + i18n.T(lang, "Press releases"), HrefLang: lang})
	cal := orgPath(org) + "/calendar.ics"
	if body != "" {
		links = append(links, headLink{Type: "application/atom+xml", Href: bodyPath(org, body) + "/atom/" + lang, Title: org + " " + body + " · Atom", HrefLang: lang})
		cal = bodyPath(org, body) + "/calendar.ics"
	}
	if number != "" {
		m := bodyPath(org, body) + "/meetings/" + number
		links = append(links, headLink{Type: "application/atom+xml", Href: m + "/atom/" + lang, Title: org + " " + body + " " + number + " · Atom", HrefLang: lang},
			headLink{Type: "text/calendar", Href: m + "/event.ics?lang=" + lang, Title: org + " " + body + " " + number + " · iCalendar"})
	}
	c := s.calendarLinks(r, cal+"?lang="+lang)
	links = append(links, headLink{Type: "text/calendar", Href: cal + "?lang=" + lang, Title: i18n.T(lang, "Calendar of meetings:")})
	return links, &c
}

// isFormPage tells a form from a page of data: a form's JSON twin is its
// empty shape, not worth a link.
func isFormPage(v view) bool {
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct {
		return false
	}
	f := rv.FieldByName("Form")
	return f.IsValid() && f.Type() == reflect.TypeFor[Form]()
}

// pageMeta is what a shared link's card shows (Open Graph), and for a
// meeting its schema.org Event.
type pageMeta struct {
	Type, Title, Description, URL string
	// LD is the page's schema.org object, written as JSON-LD.
	LD any
	// Image is the card's picture: a press release's first photo.
	Image *pageImage
}

type pageImage struct {
	URL, Alt, Type string
	Width, Height  int
}

type metaView interface {
	meta(lang string, abs func(string) string) *pageMeta
}

// schemaEvent is schema.org's Event, as much of it as a meeting knows.
type schemaEvent struct {
	Context    string        `json:"@context"`
	Type       string        `json:"@type"`
	Name       string        `json:"name"`
	StartDate  string        `json:"startDate,omitempty"`
	EndDate    string        `json:"endDate,omitempty"`
	Status     string        `json:"eventStatus"`
	Attendance string        `json:"eventAttendanceMode"`
	Location   *schemaPlace  `json:"location,omitempty"`
	Organizer  schemaOrg     `json:"organizer"`
	URL        string        `json:"url"`
	InLanguage string        `json:"inLanguage"`
	About      string        `json:"description,omitempty"`
	Extra      []schemaThing `json:"subjectOf,omitempty"`
}

type schemaPlace struct {
	Type    string `json:"@type"`
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
}

type schemaOrg struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type schemaThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

func (v meetingView) meta(lang string, abs func(string) string) *pageMeta {
	m := v.Meeting
	ev := schemaEvent{Context: "https://schema.org", Type: "Event", Name: i18n.MeetingName(lang, v.Body, m.Number),
		Status: "https://schema.org/EventScheduled", Attendance: "https://schema.org/OfflineEventAttendanceMode",
		Organizer: schemaOrg{Type: "Organization", Name: v.Organization.Names.Get(lang)}, URL: abs(meetingPath(m)), InLanguage: lang,
		About: m.Theme.Get(lang)}
	if m.Cancelled != nil {
		ev.Status = "https://schema.org/EventCancelled"
	}
	if m.Start.Exact() {
		ev.StartDate, ev.EndDate = m.Start.String(), m.End.String()
	}
	switch m.Format {
	case accord.Video:
		ev.Attendance = "https://schema.org/OnlineEventAttendanceMode"
	case accord.Hybrid:
		ev.Attendance = "https://schema.org/MixedEventAttendanceMode"
	}
	if city := m.City.Get(lang); city != "" {
		ev.Location = &schemaPlace{Type: "Place", Name: cmp.Or(m.Venue.Get(lang), city), Address: city}
	}
	for _, d := range v.Documents {
		if d.Classification == accord.Public && (d.Kind == accord.DocPressRelease || d.Kind == accord.DocProtocol || d.Kind == accord.DocDeclaration) {
			ev.Extra = append(ev.Extra, schemaThing{Type: "CreativeWork", Name: d.Titles.Get(lang), URL: abs(docPath(d.ID))})
		}
	}
	return &pageMeta{Type: "website", Title: v.title(lang), Description: cmp.Or(m.Theme.Get(lang), v.Organization.Names.Get(lang)), URL: ev.URL, LD: ev}
}

func (v pressView) meta(lang string, abs func(string) string) *pageMeta {
	return &pageMeta{Type: "website", Title: v.title(lang), Description: i18n.T(lang, "Press releases") + ", " + v.Organization.Names.Get(lang),
		URL: abs(orgPath(v.Organization.Code) + "/press")}
}

func (v documentView) meta(lang string, abs func(string) string) *pageMeta {
	if v.Document.Kind != accord.DocPressRelease || v.Shown == nil {
		return nil
	}
	m := &pageMeta{Type: "article", Title: v.Shown.Title, Description: v.Document.Reference, URL: abs(docPath(v.Document.ID)),
		LD: schemaThing{Type: "NewsArticle", Name: v.Shown.Title, URL: abs(docPath(v.Document.ID))}}
	if ps := v.Photos(); len(ps) > 0 {
		p := ps[0]
		m.Image = &pageImage{URL: abs(p.URL), Alt: p.Alt, Type: p.MediaType, Width: p.Width, Height: p.Height}
	}
	return m
}

// publicCache marks a public page's answer for shared caches: public, with
// an ETag of its bytes, so that a reader's next visit costs a 304.
const publicCache = "public, max-age=60"

func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// staticAssets are the static files under names that carry a hash of
// their content, so that they can be cached for good: a new release
// changes the name.
type staticAssets struct {
	hashed map[string]string // style.css → style.3f2a….css
	real   map[string]string // the reverse
}

var assets = sync.OnceValue(func() staticAssets {
	a := staticAssets{hashed: map[string]string{}, real: map[string]string{}}
	names, _ := fs.Glob(staticFS, "static/*")
	for _, p := range names {
		b, err := fs.ReadFile(staticFS, p)
		if err != nil {
			continue
		}
		name := path.Base(p)
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.hashed[name], a.real[h] = h, name
	}
	return a
})

// assetPath is the hashed path of a static file, for templates.
func assetPath(name string) string {
	if h, ok := assets().hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// serveStatic serves a static file: under its hashed name for a year and
// immutable, under its plain name (old links) for an hour.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	name := path.Base(r.URL.Path)
	if real, ok := assets().real[name]; ok {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		name = real
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	b, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil {
		return accord.Errorf(accord.ENOTFOUND, "There is no page at %s.", r.URL.Path)
	}
	w.Header().Set("Content-Type", cmp.Or(mime.TypeByExtension(path.Ext(name)), "application/octet-stream"))
	w.Header().Set("ETag", etagOf(b))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	return nil
}

// favicon answers browsers that ask for /favicon.ico, as they do for
// files and feeds that carry no <link rel="icon">, with the emblem.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	b, err := fs.ReadFile(staticFS, "static/favicon.svg")
	if err != nil {
		return accord.Wrap("favicon", err)
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("ETag", etagOf(b))
	http.ServeContent(w, r, "favicon.svg", time.Time{}, bytes.NewReader(b))
	return nil
}

// compressible are the types worth gzip: text. Event streams are left
// alone, since gzip would hold their events back.
func compressible(media string) bool {
	media, _, _ = strings.Cut(media, ";")
	switch strings.TrimSpace(media) {
	case "text/html", "text/plain", "text/css", "text/javascript", "application/javascript", "application/json",
		"application/atom+xml", "text/calendar", "image/svg+xml", "application/problem+json":
		return true
	}
	return false
}

// gzipWriter compresses a text answer for a client that accepts gzip. It
// decides when the header is written, from the type the handler set.
type gzipWriter struct {
	http.ResponseWriter
	pool    *sync.Pool
	gz      *gzip.Writer
	decided bool
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		if code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified && h.Get("Content-Encoding") == "" &&
			h.Get("Content-Range") == "" && compressible(h.Get("Content-Type")) {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			g.gz = g.pool.Get().(*gzip.Writer)
			g.gz.Reset(g.ResponseWriter)
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

// Flush sends what is compressed so far, for answers that stream.
func (g *gzipWriter) Flush() {
	if g.gz != nil {
		_ = g.gz.Flush()
	}
	_ = http.NewResponseController(g.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) close() {
	if g.gz != nil {
		_ = g.gz.Close()
		g.pool.Put(g.gz)
		g.gz = nil
	}
}

// dress adds to a page what the layout shows around its content: the
// organization in the header, the head's links, the card; the JSON link
// only on a page of data that succeeded.
func (s *Server) dress(r *http.Request, p *page, status int, data view) {
	if b, ok := data.(brander); ok {
		p.Org = b.brand()
	}
	if len(p.Breadcrumbs) > 0 && p.Breadcrumbs[0].Href == "/" {
		p.Breadcrumbs = append([]crumb{{Label: i18n.T(p.Lang, "Home"), Href: "/"}}, p.Breadcrumbs[1:]...)
	}
	if status != http.StatusOK || isFormPage(data) {
		p.JSON = ""
		return
	}
	p.Feeds, p.Calendar = s.headLinks(r, p.Lang)
	if m, ok := data.(metaView); ok {
		p.Meta = m.meta(p.Lang, func(path string) string { return s.absoluteURL(r, path) })
	}
}

func (s *Server) lookRoutes() []Route {
	return []Route{{Method: "GET", Pattern: "/favicon.ico", Name: "favicon", handler: s.favicon}}
}
