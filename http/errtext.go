package http

import (
	"errors"
	"maps"

	"github.com/accord-org/accord"
)

// errorText is the message of err for a page in lang. The API keeps the
// English, which clients match on; pages show the translation of the
// messages listed in errorTranslations, and the English of any other.
func errorText(lang string, err error) string {
	msg := accord.ErrorMessage(err)
	e, ok := errors.AsType[*accord.Error](err)
	if !ok || e.Code == accord.EINTERNAL || lang == "en" {
		return msg
	}
	tr := errorTranslations(lang)
	maps.Copy(tr, draftingErrorTranslations(lang))
	maps.Copy(tr, sittingErrorTranslations(lang))
	maps.Copy(tr, searchErrorTranslations(lang))
	maps.Copy(tr, delegationBulkErrorTranslations(lang))
	maps.Copy(tr, signingOpenErrorTranslations(lang))
	maps.Copy(tr, pdfErrorTranslations(lang))
	maps.Copy(tr, followUpStatusErrorTranslations(lang))
	maps.Copy(tr, pressErrorTranslations(lang))
	return e.Translate(func(format string) (string, bool) {
		s, ok := tr[format]
		return s, ok && s != format
	})
}

// errorTranslations are the messages a new platform's administrator meets
// while registering states and accounts (issue 10, items 1 and 2), by their
// English format.
func errorTranslations(lang string) map[string]string {
	return map[string]string{
		"is required":                                        T(lang, "is required"),
		"%q is not an ISO 3166-1 country code":               T(lang, "%q is not an ISO 3166-1 country code"),
		"%q is not a state code such as KG or CY-N":          T(lang, "%q is not a state code such as KG or CY-N"),
		"is required: CLDR has no name for %s":               T(lang, "is required: CLDR has no name for %s"),
		"This state is registered already.":                  T(lang, "This state is registered already."),
		"an account with this e-mail address already exists": T(lang, "an account with this e-mail address already exists"),
		"%q is not an e-mail address in lower case":          T(lang, "%q is not an e-mail address in lower case"),
		"is required, without leading or trailing spaces":    T(lang, "is required, without leading or trailing spaces"),
		"%q is not a role":                                   T(lang, "%q is not a role"),
		"is required for the role %s":                        T(lang, "is required for the role %s"),
		"does not apply to the role %s":                      T(lang, "does not apply to the role %s"),
		"the user already has this role":                     T(lang, "the user already has this role"),
		"This database has an administrator already; accord init sets up only an empty one.":                           T(lang, "This database has an administrator already; accord init sets up only an empty one."),
		"The code is wrong or was used already.":                                                                       T(lang, "The code is wrong or was used already."),
		"This code was used already: wait for the next code of your authenticator app, which comes within 30 seconds.": T(lang, "This code was used already: wait for the next code of your authenticator app, which comes within 30 seconds."),
		"write it in at least one language":                                                                            T(lang, "write it in at least one language"),
		"give the person's name, or their title when the name is not known":                                            T(lang, "give the person's name, or their title when the name is not known"),
		"%s already has a delegation at meeting %s":                                                                    T(lang, "%s already has a delegation at meeting %s"),
		"tick the box to confirm: a withdrawal cannot be undone":                                                       T(lang, "tick the box to confirm: a withdrawal cannot be undone"),
		"tick the box to confirm: calendars and feeds show the change at once":                                         T(lang, "tick the box to confirm: calendars and feeds show the change at once"),
		"meeting %s is cancelled already":                                                                              T(lang, "meeting %s is cancelled already"),
		"meeting %s is in session or concluded: only a planned meeting can be cancelled":                               T(lang, "meeting %s is in session or concluded: only a planned meeting can be cancelled"),
		"meeting %s is not cancelled":                                                                                  T(lang, "meeting %s is not cancelled"),
		"is longer than %d characters":                                                                                 T(lang, "is longer than %d characters"),
		"meeting %s is cancelled: reinstate it before changing its status":                                             T(lang, "meeting %s is cancelled: reinstate it before changing its status"),
	}
}
