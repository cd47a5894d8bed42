package accord

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is a content field in several languages, keyed by BCP 47 tag
// ("en", "ru", "zh", "zh-Hant"). Councils work in several equally authentic
// languages, so no language is privileged in storage.
type Text map[string]string

// MarshalJSON writes a missing text as {}, as storage returns it, so that
// a client sees one shape whether it reads a record or the answer to its
// creation.
func (t Text) MarshalJSON() ([]byte, error) {
	if t == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(map[string]string(t))
}

// In returns the text in the first of langs that has one, and the language it
// is in. When none of langs has a version it falls back to English, then to
// the first language in tag order, so that a reader always sees something and
// can be told it is a fallback.
func (t Text) In(langs ...string) (text, lang string) {
	for _, l := range langs {
		if s, ok := t[l]; ok && s != "" {
			return s, l
		}
		// "zh-Hans" is served by "zh" when there is nothing closer.
		if base, _, found := strings.Cut(l, "-"); found {
			if s, ok := t[base]; ok && s != "" {
				return s, base
			}
		}
	}
	if s, ok := t["en"]; ok && s != "" {
		return s, "en"
	}
	for _, l := range t.Languages() {
		if t[l] != "" {
			return t[l], l
		}
	}
	return "", ""
}

// Get returns the text in lang, with In's fallbacks.
func (t Text) Get(lang string) string {
	s, _ := t.In(lang)
	return s
}

// Languages returns the tags that have a non-empty text, sorted.
func (t Text) Languages() []string {
	var ls []string
	for l, s := range t {
		if s != "" {
			ls = append(ls, l)
		}
	}
	slices.Sort(ls)
	return ls
}

// Validate checks every tag and that at least one text is present when
// required. field names the input for the error.
func (t Text) Validate(field string, required bool) error {
	for l, s := range t {
		if err := ValidateLanguageTag(field+"."+l, l); err != nil {
			return err
		}
		if strings.TrimSpace(s) != s {
			return Invalid(field+"."+l, "must not start or end with white space")
		}
	}
	if required && len(t.Languages()) == 0 {
		return Invalid(field, "write it in at least one language")
	}
	return nil
}

// LanguageTagPattern is the form of the language tags Accord accepts: a
// language subtag, then optional script and region subtags, in BCP 47's
// canonical case ("en", "zh-Hant", "en-GB", "es-419"). Variants and
// extensions are not accepted: no council's languages need them.
const LanguageTagPattern = `^([a-z]{2,3})(?:-([A-Z][a-z]{3}))?(?:-([A-Z]{2}|[0-9]{3}))?$`

var languageTag = regexp.MustCompile(LanguageTagPattern)

// The subtags of the IANA Language Subtag Registry, as golang.org/x/text
// knows them (http's TestBCP47Registry keeps the file in step and rewrites
// it with -update), without the private-use ranges and the special codes
// (und, mul, zxx…) that say nothing about a text's language. One line
// each: languages, scripts, regions.
//
//go:embed bcp47.txt
var bcp47File string

// bcp47 holds those subtags. It is filled once, before any call, and only
// read after.
var bcp47 = func() [3]map[string]bool {
	var sets [3]map[string]bool
	lines := strings.SplitN(bcp47File, "\n", 3)
	for i := range sets {
		sets[i] = map[string]bool{}
		for _, t := range strings.Fields(lines[i]) {
			sets[i][t] = true
		}
	}
	return sets
}()

// ValidateLanguageTag checks that tag is a BCP 47 language tag in its
// canonical case whose subtags are registered: "xx" and the private-use
// "qqq" are refused as "english" is. It is the one check of every language
// tag Accord stores.
func ValidateLanguageTag(field, tag string) error {
	m := languageTag.FindStringSubmatch(tag)
	if m == nil {
		return Invalid(field, "%q is not a BCP 47 language tag such as en, ru, zh or zh-Hant", tag)
	}
	for i, sub := range m[1:] {
		if sub != "" && !bcp47[i][sub] {
			return Invalid(field, "%q is not a registered language tag: %q is not a known subtag", tag, sub)
		}
	}
	return nil
}

// ValidateText refuses what no text field may hold: bytes that are not
// UTF-8, and control characters other than tab and line breaks: C0, DEL
// and C1 (U+0080–U+009F, which no keyboard types and which some terminals
// and old software still act on). PostgreSQL refuses a NUL outright and
// SQLite would keep it, so both are stopped before either sees them. field
// names the input for the error.
func ValidateText(field, s string) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "is not valid UTF-8 text")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return Invalid(field, "must not contain control characters (U+%04X)", r)
		}
	}
	return nil
}
