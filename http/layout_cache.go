package http

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

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
	render := func() ([]byte, error) {
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
		body, err = render()
	} else {
		pageKey := "page|" + name + "|" + p.Lang + "|" + key + "|" + p.Path + "|" + layoutReader(p.User)
		for _, l := range p.LangLinks {
			pageKey += "|" + l.Href
		}
		body, err = cachedData(&s.pages, pageKey, version, render)
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
