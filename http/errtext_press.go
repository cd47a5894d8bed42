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
		"%q is not a JPEG or PNG photo: its name must end in .jpg, .jpeg or .png":                              T(lang, "%q is not a JPEG or PNG photo: its name must end in .jpg, .jpeg or .png"),
		"only a press release carries photos; attach other images as a PDF":                                    T(lang, "only a press release carries photos; attach other images as a PDF"),
		"describe the photo in each language of the release, for those who do not see it":                      T(lang, "describe the photo in each language of the release, for those who do not see it"),
		"describe the photo, for those who do not see it":                                                      T(lang, "describe the photo, for those who do not see it"),
		"a description has at most %d characters, not %d":                                                      T(lang, "a description has at most %d characters, not %d"),
		"%q is %d×%d pixels: a photo has at most %d pixels a side and %d in all":                               T(lang, "%q is %d×%d pixels: a photo has at most %d pixels a side and %d in all"),
		"%q is not a whole %s image: it does not decode":                                                       T(lang, "%q is not a whole %s image: it does not decode"),
		"%q is not what its name says: its content is %s, not %s":                                              T(lang, "%q is not what its name says: its content is %s, not %s"),
		"only a photo has a description and dimensions":                                                        T(lang, "only a photo has a description and dimensions"),
		"a photo has at most %d pixels a side and %d in all, not %d×%d":                                        T(lang, "a photo has at most %d pixels a side and %d in all, not %d×%d"),
	}
}
