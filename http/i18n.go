package http

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// The interface's words, in Russian and Chinese. Templates and views write
// the English text itself as the key ({{t $.Lang "Sign in"}}), which keeps
// them readable; each catalog maps it to the translation. English needs no
// catalog. TestCatalogsComplete fails on any text without a translation.
//
//go:embed messages/*.json
var messageFS embed.FS

// catalogs maps a language to its translations. It is filled once, before
// any request, and only read after.
var catalogs = mustLoadCatalogs()

func mustLoadCatalogs() map[string]map[string]string {
	out := map[string]map[string]string{}
	entries, err := messageFS.ReadDir("messages")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := messageFS.ReadFile(path.Join("messages", e.Name()))
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("messages/%s: %v", e.Name(), err))
		}
		// ru.json, ru.documents.json…: a language's catalog may be split by
		// part of the interface, so that parts can grow independently.
		lang, _, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".json"), ".")
		if out[lang] == nil {
			out[lang] = map[string]string{}
		}
		for k, v := range m {
			if prev, dup := out[lang][k]; dup && prev != v {
				panic(fmt.Sprintf("messages/%s: %q is translated twice, differently", e.Name(), k))
			}
			out[lang][k] = v
		}
	}
	return out
}

// T translates an interface text into lang. A missing translation shows the
// English, which the catalog test keeps from reaching a release.
func T(lang, text string) string {
	if s, ok := catalogs[lang][text]; ok && s != "" {
		return s
	}
	return text
}

// Tf translates a text with %s or %d verbs, then fills them in.
func Tf(lang, format string, args ...any) string {
	return fmt.Sprintf(T(lang, format), args...)
}
