// Package cldr names states from the Unicode CLDR data that
// golang.org/x/text carries, so that registering a state needs only its
// code: the secretariat overrides a name where its council uses another
// (Кыргызстан, where CLDR says Киргизия).
package cldr

import (
	"regexp"

	"github.com/accord-org/accord"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Languages are the languages a state is named in.
var Languages = []language.Tag{language.English, language.Russian, language.Chinese}

var alpha2 = regexp.MustCompile(`^[A-Z]{2}$`)

// StateNames returns the CLDR names of an ISO 3166-1 alpha-2 code in
// en, ru and zh, and false for a code that names no country: a
// well-formed but unassigned code (XX), a macro-region, or a code with a
// suffix (CY-N), which ISO does not know.
func StateNames(code string) (accord.Text, bool) {
	if !alpha2.MatchString(code) {
		return nil, false
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return nil, false
	}
	t := accord.Text{}
	for _, l := range Languages {
		name := display.Regions(l).Name(r)
		if name == "" {
			return nil, false
		}
		t[l.String()] = name
	}
	return t, true
}
