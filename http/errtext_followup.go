package http

// followUpStatusErrorTranslations are the messages the secretariat meets
// while keeping the council's statuses and their labels (issue 12), by
// their English format.
func followUpStatusErrorTranslations(lang string) map[string]string {
	return map[string]string{
		"a council keeps 1 to %d statuses": T(lang, "a council keeps 1 to %d statuses"),
		"%q is not a status name: use 1 to 40 lower-case letters, digits and _, starting with a letter": T(lang, "%q is not a status name: use 1 to 40 lower-case letters, digits and _, starting with a letter"),
		"%q is named twice": T(lang, "%q is named twice"),
		"the list keeps %s: it is the status of an obligation before its first report":   T(lang, "the list keeps %s: it is the status of an obligation before its first report"),
		"%s is in use by an obligation, a report or an assessment: it cannot be removed": T(lang, "%s is in use by an obligation, a report or an assessment: it cannot be removed"),
		"%s is not in the list: remove its label or add it":                              T(lang, "%s is not in the list: remove its label or add it"),
		"%s is a built-in status: Accord names it in every language":                     T(lang, "%s is a built-in status: Accord names it in every language"),
		"the label of %s is in at most %d languages":                                     T(lang, "the label of %s is in at most %d languages"),
		"%s is the council's own status: give its label in %s":                           T(lang, "%s is the council's own status: give its label in %s"),
		"the label of %s in %s is empty: give it or leave the language out":              T(lang, "the label of %s in %s is empty: give it or leave the language out"),
		"the label of %s in %s is one line, without leading or trailing spaces":          T(lang, "the label of %s in %s is one line, without leading or trailing spaces"),
		"the label of %s in %s is longer than %d characters":                             T(lang, "the label of %s in %s is longer than %d characters"),
		"the label of %s in %s, %q, is the label of %s already":                          T(lang, "the label of %s in %s, %q, is the label of %s already"),
		"give a label by status and language, such as labels.%s.en":                      T(lang, "give a label by status and language, such as labels.%s.en"),
	}
}
