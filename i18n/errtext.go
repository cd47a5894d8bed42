package i18n

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/accord-org/accord"
)

// ErrorText is the message of err for a reader of lang. Every layer makes
// its errors with an English format (accord.Errorf, Invalid, Conflict,
// Refusal, NotFound, or a literal Message); the error catalogs
// (messages/*.errors*.json) translate that format, and the arguments are
// filled in as the reader knows them: a date in the reader's words, a
// word of the domain (a role, "year") by its translation. A message
// without a translation shows in English, which TestErrorCatalogsComplete
// keeps to the allowlisted ones. Internal errors never show their text.
func ErrorText(lang string, err error) string {
	msg := accord.ErrorMessage(err)
	e, ok := errors.AsType[*accord.Error](err)
	if !ok || e.Code == accord.EINTERNAL || e.Code == "" || e.Message == "" {
		return msg
	}
	format, args := e.Format()
	if e.Code == accord.ENOTFOUND && format == notFoundFormat && len(args) == 2 {
		// The key (an id, a number typed into a URL) means nothing to
		// the reader: the page names only the kind of record. The
		// message of the JSON body keeps it, for the API's clients.
		if kind, ok := args[0].(string); ok {
			format, args = notFoundText(kind), nil
			msg = format
		}
	} else if kind, ok := strings.CutSuffix(format, " not found"); ok && e.Code == accord.ENOTFOUND && len(args) == 0 {
		// A read refused by the policy (authorize) is told as not found,
		// by its kind alone.
		format = notFoundText(kind)
		msg = format
	}
	if lang == "en" {
		return msg
	}
	tr, ok := errorCatalogs[lang][format]
	if !ok || tr == "" {
		return msg
	}
	if len(args) == 0 {
		return tr
	}
	quoted := quotedArgs(format)
	local := make([]any, len(args))
	for i, a := range args {
		if quoted[i] {
			// %q is what the user typed, shown as typed, even when it
			// happens to be a word the catalog translates.
			local[i] = a
			continue
		}
		local[i] = errorArg(lang, a)
	}
	return fmt.Sprintf(tr, local...)
}

var formatVerb = regexp.MustCompile(`%[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// quotedArgs tells which arguments of an English format are quoted (%q).
func quotedArgs(format string) map[int]bool {
	out := map[int]bool{}
	i := 0
	for _, m := range formatVerb.FindAllStringSubmatch(format, -1) {
		if m[1] == "%" {
			continue
		}
		if m[1] == "q" {
			out[i] = true
		}
		i++
	}
	return out
}

// errorArg is an argument of a translated message as the reader of lang
// knows it. A meeting is named by its roman number where the message is
// made (accord.Roman), never by its id, so nothing here has to undo one.
func errorArg(lang string, a any) any {
	switch v := a.(type) {
	case accord.Date:
		if v.IsZero() {
			return v
		}
		return FormatPartialDate(lang, v)
	case string:
		// A word of the domain passed as an argument (a role, a status,
		// a kind of record) is translated when the error catalog has it;
		// what the user typed or a state's name has no entry and stays.
		if s := errorCatalogs[lang][v]; s != "" {
			return s
		}
	case accord.Messages:
		// Several errors told as one: each in the reader's words.
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = ErrorText(lang, e)
		}
		sep := "; "
		if lang == "zh" {
			sep = "；"
		}
		return strings.Join(parts, sep)
	case accord.Role:
		if s := errorCatalogs[lang][string(v)]; s != "" {
			return s
		}
	}
	return a
}

// errorTerms are the words of the domain that messages take as arguments
// (see errorArg) and the error catalogs translate.
var errorTerms = []string{"year", "month", "body", "organ",
	string(accord.RoleSecretariat), string(accord.RoleChairOfficer), string(accord.RoleDelegationOfficer),
	string(accord.RoleHeadOfDelegation), string(accord.RoleObserver), string(accord.RolePress), string(accord.RoleAdministrator)}

// notFoundFormat is accord.NotFound's format; its arguments are the kind
// of record and its key.
const notFoundFormat = "%s %v not found"

// notFoundText is the sentence a reader sees for a record of kind that
// does not exist, which is also its key in the error catalogs. A kind
// made to be followed by its key ("rotation rule of", "link to meeting")
// loses that tail, since the key is not shown.
func notFoundText(kind string) string {
	for _, sep := range []string{" of ", " to "} {
		kind, _, _ = strings.Cut(kind, sep)
	}
	kind = strings.TrimSuffix(kind, " of")
	r, n := utf8.DecodeRuneInString(kind)
	return string(unicode.ToUpper(r)) + kind[n:] + " not found."
}
