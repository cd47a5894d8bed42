package i18n

import "github.com/accord-org/accord"

// adoptionEnum translates the values of adoption's enumerations.
func adoptionEnum(lang, v string) (string, bool) {
	switch v {
	case "silence":
		return T(lang, "silence procedure"), true
	case "no_objection":
		return T(lang, "no objection"), true
	case "objection":
		return T(lang, "objection"), true
	case "reservation":
		return T(lang, "reservation"), true
	case "interpretative_statement":
		return T(lang, "interpretative statement"), true
	case "adopted":
		return T(lang, "adopted without objection"), true
	case "not_adopted":
		return T(lang, "not adopted"), true
	case "withdrawn":
		return T(lang, "withdrawn"), true
	}
	return "", false
}

// FollowUpEnum translates the default statuses.
func FollowUpEnum(lang, v string) (string, bool) {
	switch accord.FollowUpStatus(v) {
	case accord.StatusNotStarted:
		return T(lang, "not started"), true
	case accord.StatusInProgress:
		return T(lang, "in progress"), true
	case accord.StatusImplemented:
		return T(lang, "implemented"), true
	case accord.StatusPartiallyImplemented:
		return T(lang, "partially implemented"), true
	case accord.StatusNotImplemented:
		return T(lang, "not implemented"), true
	case accord.StatusNoLongerRelevant:
		return T(lang, "no longer relevant"), true
	}
	return "", false
}
