package http

// sittingErrorTranslations are the refusals of a sitting's commands and
// of its stream (package live and sitting_stream.go), by their English
// format.
func sittingErrorTranslations(lang string) map[string]string {
	return map[string]string{
		"the meeting is not in session":                         T(lang, "the meeting is not in session"),
		"the meeting is in session already":                     T(lang, "the meeting is in session already"),
		"another meeting of the body is in session today":       T(lang, "another meeting of the body is in session today"),
		"is not an item of the meeting's agenda":                T(lang, "is not an item of the meeting's agenda"),
		"the item is open already":                              T(lang, "the item is open already"),
		"no item is open":                                       T(lang, "no item is open"),
		"no item is open: name the item":                        T(lang, "no item is open: name the item"),
		"has no delegation at the meeting":                      T(lang, "has no delegation at the meeting"),
		"nobody has the floor":                                  T(lang, "nobody has the floor"),
		"must be from 0 to %d seconds":                          T(lang, "must be from 0 to %d seconds"),
		"the state has asked already, request %d":               T(lang, "the state has asked already, request %d"),
		"is not on a speakers list":                             T(lang, "is not on a speakers list"),
		"the request is on an item that is not open":            T(lang, "the request is on an item that is not open"),
		"the speakers list is full (%d requests)":               T(lang, "the speakers list is full (%d requests)"),
		"must be from 1 to %d":                                  T(lang, "must be from 1 to %d"),
		"is %d characters; at most %d":                          T(lang, "is %d characters; at most %d"),
		"%q is not an event id":                                 T(lang, "%q is not an event id"),
		"is not a language of the organization":                 T(lang, "is not a language of the organization"),
		"must be one of point_of_order, normal, right_of_reply": T(lang, "must be one of point_of_order, normal, right_of_reply"),
		"Only member states ask for the floor: this body does not let observers and guests ask.": T(lang, "Only member states ask for the floor: this body does not let observers and guests ask."),
		"%q is not true or false": T(lang, "%q is not true or false"),
	}
}
