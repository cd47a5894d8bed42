package http

import (
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// templateFuncs are the helpers every template may call. They only format;
// what a page shows is decided in its view.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"t":     i18n.T,
		"bytes": formatBytes,
		"tf":    i18n.Tf,
		"enum":  i18n.Enum,
		"dword": draftWord,
		"text":  func(t accord.Text, lang string) string { return t.Get(lang) },
		// textLang tells which language In fell back to, so that the page
		// can mark a fallback with the right lang attribute.
		"textLang":   func(t accord.Text, lang string) string { _, l := t.In(lang); return l },
		"roman":      accord.Roman,
		"invitation": invitationLabel,
		// confirmsInline tells the layout that the view shows the
		// confirmation itself, next to the form it is about.
		"confirmsInline": func(v any) bool {
			c, ok := v.(interface{ ConfirmsInline() bool })
			return ok && c.ConfirmsInline()
		},
		"date": func(lang string, d accord.Date) template.HTML { return i18n.KeepWhole(lang, i18n.FormatDate(lang, d)) },
		"dateRange": func(lang string, a, b accord.Date) template.HTML {
			return i18n.KeepWhole(lang, i18n.FormatDateRange(lang, a, b))
		},
		"time":        i18n.FormatTime,
		"orgPath":     orgPath,
		"bodyPath":    bodyPath,
		"meetingPath": meetingPath,
		"meetingName": i18n.MeetingName,
		"langName":    func(l string) string { return cmp.Or(i18n.Names[l], l) },
		"docPath":     docPath,
		"list":        func(s ...string) []string { return s },
		"asset":       assetPath,
		// clauseSep and colon are "; " and ": ", full-width in Chinese.
		"clauseSep": i18n.ClauseSep,
		"colon":     i18n.Colon,
	}
}

// parseTemplates parses each page together with the shared layout and the
// partials (files named _*.html, such as the forms), once, at start.
func parseTemplates() (map[string]*template.Template, error) {
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	shared := []string{"templates/layout.html"}
	for _, p := range pages {
		if strings.HasPrefix(path.Base(p), "_") {
			shared = append(shared, p)
		}
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := path.Base(p)
		if slices.Contains(shared, p) {
			continue
		}
		t, err := template.New(name).Funcs(templateFuncs()).ParseFS(templateFS, append(shared, p)...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}
