package http

// pressErrorTranslations are the messages of scheduling a press release
// and of its photos (issue 14) by their English format.
func pressErrorTranslations(lang string) map[string]string {
	return map[string]string{
		"%q is not a date and time: write it as 2025-03-01T10:00 (UTC) or in RFC 3339":                         T(lang, "%q is not a date and time: write it as 2025-03-01T10:00 (UTC) or in RFC 3339"),
		"the release was published at %s: its embargo no longer changes":                                       T(lang, "the release was published at %s: its embargo no longer changes"),
		"the document was published when it was stored: it cannot be scheduled afterwards":                     T(lang, "the document was published when it was stored: it cannot be scheduled afterwards"),
		"only a press release is scheduled for publication":                                                    T(lang, "only a press release is scheduled for publication"),
		"%s is in the past: schedule the release for a later time, or leave the field empty to publish it now": T(lang, "%s is in the past: schedule the release for a later time, or leave the field empty to publish it now"),
		"a release is scheduled at most %d years ahead":                                                        T(lang, "a release is scheduled at most %d years ahead"),
	}
}
