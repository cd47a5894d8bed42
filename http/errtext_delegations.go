package http

// delegationBulkErrorTranslations are the refusals of the bulk
// registration of delegations and of the answer to an invitation (issue
// 15, item 4), by their English format.
func delegationBulkErrorTranslations(lang string) map[string]string {
	return map[string]string{
		"choose at least one state":        T(lang, "choose at least one state"),
		"choose at most %d states at once": T(lang, "choose at most %d states at once"),
		"%s is not a member, observer or partner of the organization on the meeting's date": T(lang, "%s is not a member, observer or partner of the organization on the meeting's date"),
		"%s has a delegation at this meeting already":                                       T(lang, "%s has a delegation at this meeting already"),
		"%s is named twice":                                            T(lang, "%s is named twice"),
		"name the head of delegation":                                  T(lang, "name the head of delegation"),
		"name at most %d members at once":                              T(lang, "name at most %d members at once"),
		"a bulk registration is of states' delegations to one meeting": T(lang, "a bulk registration is of states' delegations to one meeting"),
	}
}
