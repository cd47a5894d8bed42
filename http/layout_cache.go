package http

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/accord-org/accord"
)

// writeFragmentPage serves a fragmentView's page whole from the layout
// cache. The content depends on the data and the reader class (its key);
// the layout around it on the language, the path and its query (the
// language links keep it), and the reader as the layout names them
// (layoutReader). Both are rendered once per key and data version, so
// that a signed-in reader's page costs no template execution once a
// reader of the same class saw it, and the reader's own layout once the
// reader did. The whole pages are kept apart from the data cache
// (Server.pages), so that many readers' pages never push out the shared
// data. A page that confirms an action is the reader's once, and is not
// kept.
func (s *Server) writeFragmentPage(w http.ResponseWriter, name string, p page, f fragmentView) error {
	key, version := f.contentKey()
	t, ok := s.templates[name]
	if !ok {
		return accord.Wrap("render "+name, errors.New("no such template"))
	}
	render := func(p page) ([]byte, error) {
		var err error
		p.Content, err = cachedData(&s.data, "content|"+name+"|"+p.Lang+"|"+key, version, func() (template.HTML, error) {
			var buf bytes.Buffer
			if err := t.ExecuteTemplate(&buf, "content", p); err != nil {
				return "", accord.Wrap("render "+name, err)
			}
			// The template escaped it, as it would have inside the layout.
			return template.HTML(buf.String()), nil
		})
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
			return nil, accord.Wrap("render "+name, err)
		}
		return buf.Bytes(), nil
	}
	var body []byte
	var err error
	if p.Confirmation != "" {
		body, err = render(p)
	} else {
		// The language links are left out of the key: they are the
		// one part of the layout that follows the query, filled in
		// per request (layoutFrame), so a query the page ignores
		// costs no layout.
		frameKey := "page|" + name + "|" + p.Lang + "|" + key + "|" + p.Path + "|" + layoutReader(p.User)
		links := p.LangLinks
		var fr *layoutFrame
		fr, err = cachedData(&s.pages, frameKey, version, func() (*layoutFrame, error) {
			marked := p
			marked.LangLinks = s.frameMarks(links)
			b, err := render(marked)
			if err != nil {
				return nil, err
			}
			return s.cutFrame(b, len(links)), nil
		})
		if err == nil {
			body, err = s.fillFrame(fr, links)
		}
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// layoutReader is what the layout shows of the reader: nothing for the
// public; else the user's id, roles and name (the account link, and the
// audit trail's for the secretariat). The id makes the key the user's own,
// and the roles and name change it when they change. A field the layout
// comes to show must be added here.
func layoutReader(u *accord.User) string {
	if u == nil {
		return "public"
	}
	var b strings.Builder
	// The number of roles first, so that no name reads as a role.
	b.WriteString(strconv.FormatInt(u.ID, 10) + "|" + strconv.Itoa(len(u.Grants)))
	for _, g := range u.Grants {
		b.WriteString("|" + string(g.Role))
	}
	b.WriteString("|" + u.Name)
	return b.String()
}

// A layoutFrame is a page rendered once with a mark in place of each
// language link's href, cut at the marks. The links keep the request's
// query, so that without the frame a URL with a query the page ignores
// (a cache buster, a tracking tag) would run the whole layout again.
type layoutFrame struct {
	parts [][]byte
	// holes[i] is the language link whose href goes between parts[i]
	// and parts[i+1].
	holes []int
	// last is the page filled for the latest links, which are the same
	// on every request to a URL without a query: that page is then
	// served as it is, with no escaping and no copy.
	last atomic.Pointer[filledPage]
}

type filledPage struct {
	links string
	body  []byte
}

// frameMarks are links whose hrefs are marks: the server's random prefix
// (so that no text in a page can pass for one) and the link's index.
// A mark is letters, digits and a slash, which every escaper html/template
// applies to an href leaves as they are.
func (s *Server) frameMarks(links []langLink) []langLink {
	out := make([]langLink, len(links))
	for i, l := range links {
		l.Href = s.frameMark + strconv.Itoa(i) + "z"
		out[i] = l
	}
	return out
}

// cutFrame cuts a page rendered with frameMarks at its marks.
func (s *Server) cutFrame(b []byte, links int) *layoutFrame {
	fr := &layoutFrame{}
	mark := []byte(s.frameMark)
	var cur []byte
	for {
		i := bytes.Index(b, mark)
		if i < 0 {
			break
		}
		rest := b[i+len(mark):]
		j := bytes.IndexByte(rest, 'z')
		n, err := strconv.Atoi(string(rest[:max(j, 0)]))
		if j < 0 || err != nil || n < 0 || n >= links {
			// Not a whole mark (the prefix is random, so no page text
			// makes one): the frame keeps it as text.
			cur = append(cur, b[:i+len(mark)]...)
			b = rest
			continue
		}
		fr.parts = append(fr.parts, append(cur, b[:i]...))
		fr.holes = append(fr.holes, n)
		cur = nil
		b = rest[j+1:]
	}
	fr.parts = append(fr.parts, append(cur, b...))
	return fr
}

// fillFrame puts the request's language links into the frame, each
// escaped by html/template in the context the layout gives it: the href
// of an <a>, which TestLayoutFrame holds the layout to.
func (s *Server) fillFrame(fr *layoutFrame, links []langLink) ([]byte, error) {
	var key strings.Builder
	for _, l := range links {
		key.WriteString(l.Href)
		key.WriteByte(0)
	}
	if last := fr.last.Load(); last != nil && last.links == key.String() {
		return last.body, nil
	}
	size := 0
	for _, part := range fr.parts {
		size += len(part)
	}
	out := make([]byte, 0, size+len(fr.holes)*64)
	var esc strings.Builder
	for i, part := range fr.parts {
		out = append(out, part...)
		if i == len(fr.holes) {
			break
		}
		esc.Reset()
		if err := s.hrefEscaper.Execute(&esc, links[fr.holes[i]].Href); err != nil {
			return nil, accord.Wrap("render language link", err)
		}
		href := strings.TrimSuffix(strings.TrimPrefix(esc.String(), hrefPrefix), hrefSuffix)
		out = append(out, href...)
	}
	fr.last.Store(&filledPage{key.String(), out})
	return out, nil
}

// hrefPrefix and hrefSuffix frame the href escaper's one value.
const (
	hrefPrefix = `<a href="`
	hrefSuffix = `">`
)

// newHrefEscaper is a template that escapes a value as the href of an <a>.
func newHrefEscaper() *template.Template {
	return template.Must(template.New("href").Parse(hrefPrefix + "{{.}}" + hrefSuffix))
}
