package http

import (
	"errors"
	"fmt"

	"github.com/accord-org/accord"
)

// errorText is the message of err for a reader of lang. Every layer makes
// its errors with an English format (accord.Errorf, Invalid, Conflict,
// Refusal, NotFound, or a literal Message); the error catalogs
// (messages/*.errors*.json) translate that format, and the arguments are
// filled in as the reader knows them: a date in the reader's words, a
// word of the domain (a role, "year") by its translation. A message
// without a translation shows in English, which TestErrorCatalogsComplete
// keeps to the allowlisted ones. Internal errors never show their text.
func errorText(lang string, err error) string {
	msg := accord.ErrorMessage(err)
	e, ok := errors.AsType[*accord.Error](err)
	if !ok || e.Code == accord.EINTERNAL || e.Code == "" || e.Message == "" || lang == "en" {
		return msg
	}
	format, args := e.Format()
	tr, ok := errorCatalogs[lang][format]
	if !ok || tr == "" {
		return msg
	}
	if len(args) == 0 {
		return tr
	}
	local := make([]any, len(args))
	for i, a := range args {
		local[i] = errorArg(lang, a)
	}
	return fmt.Sprintf(tr, local...)
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
		return formatPartialDate(lang, v)
	case string:
		// A word of the domain passed as an argument (a role, a status,
		// a kind of record) is translated when the error catalog has it;
		// what the user typed or a state's name has no entry and stays.
		if s := errorCatalogs[lang][v]; s != "" {
			return s
		}
	}
	return a
}

// errorTerms are the words of the domain that messages take as arguments
// (see errorArg) and the error catalogs translate.
var errorTerms = []string{"year", "month"}
