package followup

import (
	"fmt"
	"slices"

	"github.com/accord-org/accord"
)

// CheckStatusList refuses a council's list of statuses that the matrix
// could not show or the rules could not count: empty, too long, a name
// that is not a short snake_case word, a name twice, or without
// not_started, the status of every obligation before its first report.
func CheckStatusList(list []accord.FollowUpStatus) error {
	if len(list) == 0 || len(list) > accord.MaxFollowUpStatuses {
		return accord.Invalid("statuses", "a council keeps 1 to %d statuses", accord.MaxFollowUpStatuses)
	}
	for i, s := range list {
		field := fmt.Sprintf("statuses[%d]", i)
		if !statusName(string(s)) {
			return accord.Invalid(field, "%q is not a status name: use 1 to 40 lower-case letters, digits and _, starting with a letter", s)
		}
		if slices.Index(list, s) != i {
			return accord.Invalid(field, "%q is named twice", s)
		}
	}
	if !slices.Contains(list, accord.StatusNotStarted) {
		return accord.Invalid("statuses", "the list keeps %s: it is the status of an obligation before its first report", accord.StatusNotStarted)
	}
	return nil
}

func statusName(s string) bool {
	if len(s) == 0 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Removed returns the statuses of before that after no longer has, in
// before's order.
func Removed(before, after []accord.FollowUpStatus) []accord.FollowUpStatus {
	var out []accord.FollowUpStatus
	for _, s := range before {
		if !slices.Contains(after, s) {
			out = append(out, s)
		}
	}
	return out
}
