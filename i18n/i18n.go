package i18n

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

// catalogs maps a language to its translations, and errorCatalogs to the
// translations of error messages by their English format (ru.errors.json,
// ru.errors.store.json…; see ErrorText). They are filled once, before any
// request, and only read after.
var catalogs, errorCatalogs = mustLoadCatalogs()

func mustLoadCatalogs() (interfaceTexts, errorTexts map[string]map[string]string) {
	interfaceTexts, errorTexts = map[string]map[string]string{}, map[string]map[string]string{}
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
		lang, part, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".json"), ".")
		out := interfaceTexts
		if part == "errors" || strings.HasPrefix(part, "errors.") {
			out = errorTexts
		}
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
	return interfaceTexts, errorTexts
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

// Enum translates the value of a domain enumeration (a meeting format, a
// document kind, a role…) for display. Each text is listed here so that the
// catalog test sees it; a value missing here shows with its underscores
// turned into spaces.
func Enum(lang string, value any) string {
	v := fmt.Sprint(value)
	switch v {
	case "in_person":
		return T(lang, "in person")
	case "video":
		return T(lang, "video")
	case "hybrid":
		return T(lang, "hybrid")
	case "planned":
		return T(lang, "planned")
	case "in_session":
		return T(lang, "in session")
	case "concluded":
		return T(lang, "concluded")
	case "cancelled":
		return T(lang, "cancelled")
	case "opening":
		return T(lang, "opening")
	case "statement":
		return T(lang, "statement")
	case "report":
		return T(lang, "report")
	case "video_message":
		return T(lang, "video message")
	case "adoption":
		return T(lang, "adoption")
	case "signing":
		return T(lang, "signing")
	case "handover":
		return T(lang, "handover")
	case "closing":
		return T(lang, "closing")
	case "other":
		return T(lang, "other")
	case "protocol":
		return T(lang, "protocol")
	case "declaration":
		return T(lang, "declaration")
	case "press_release":
		return T(lang, "press release")
	case "public":
		return T(lang, "public")
	case "restricted":
		return T(lang, "restricted")
	case "confidential":
		return T(lang, "confidential")
	case "delegation":
		return T(lang, "delegation")
	case "chair":
		return T(lang, "chair")
	case "secretariat":
		return T(lang, "secretariat")
	case "chair_officer":
		return T(lang, "chair officer")
	case "delegation_officer":
		return T(lang, "delegation officer")
	case "head_of_delegation":
		return T(lang, "head of delegation")
	case "observer":
		return T(lang, "observer")
	case "press":
		return T(lang, "press")
	case "member":
		return T(lang, "member")
	case "partner":
		return T(lang, "partner")
	case "all":
		return T(lang, "all")
	case "rule":
		return T(lang, "rule")
	case "decision":
		return T(lang, "decision")
	case "read":
		return T(lang, "read")
	case "write":
		return T(lang, "write")
	case "signed_out", "signed_out_everywhere", "language_set", "password_changed", "revoked", "signed_in", "user_created":
		return T(lang, "Done")
	}
	if s, ok := adoptionEnum(lang, v); ok {
		return s
	}
	if s, ok := FollowUpEnum(lang, v); ok {
		return s
	}
	return strings.ReplaceAll(v, "_", " ")
}

// StatusTitle names an HTTP status on an error page.
func StatusTitle(lang string, status int) string {
	switch status {
	case 400:
		return T(lang, "Bad request")
	case 401:
		return T(lang, "Sign in first")
	case 403:
		return T(lang, "Not allowed")
	case 404:
		return T(lang, "Not found")
	case 409:
		return T(lang, "Conflict")
	case 413:
		return T(lang, "Too large")
	case 429:
		return T(lang, "Too many attempts")
	case 503:
		return T(lang, "Unavailable")
	case 507:
		return T(lang, "Storage full")
	}
	return T(lang, "Something went wrong")
}
