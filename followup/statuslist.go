package followup

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accord-org/accord"
)

// CheckStatusList refuses a council's list of statuses that the matrix
// could not show or the rules could not count: empty, too long, a name
// that is not a short snake_case word, a name twice, or without
// not_started, the status of every obligation before its first report;
// and labels that readers could not tell apart (checkLabels).
func CheckStatusList(l accord.StatusList) error {
	if err := checkNames(l.Statuses); err != nil {
		return err
	}
	return checkLabels(l)
}

func checkNames(list []accord.FollowUpStatus) error {
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

// Builtin reports whether s is one of the default statuses, which
// Accord's catalogs name in every language.
func Builtin(s accord.FollowUpStatus) bool {
	return slices.Contains(accord.DefaultFollowUpStatuses, s)
}

// checkLabels wants each status of the council's own named in every
// language of StatusLabelLanguages, in one line of at most MaxStatusLabel
// characters, with no two of its statuses named alike in a language; and
// no label on a built-in status or on a status not in the list. The field
// of an error is labels.<status>.<language>.
func checkLabels(l accord.StatusList) error {
	for _, s := range slices.Sorted(maps.Keys(l.Labels)) {
		field := "labels." + string(s)
		switch {
		case !slices.Contains(l.Statuses, s):
			return accord.Invalid(field, "%s is not in the list: remove its label or add it", s)
		case Builtin(s) && len(l.Labels[s].Languages()) > 0:
			return accord.Invalid(field, "%s is a built-in status: Accord names it in every language", s)
		case len(l.Labels[s]) > accord.MaxStatusLabelLanguages:
			return accord.Invalid(field, "the label of %s is in at most %d languages", s, accord.MaxStatusLabelLanguages)
		}
		for _, lang := range slices.Sorted(maps.Keys(l.Labels[s])) {
			if err := accord.ValidateLanguageTag(field+"."+lang, lang); err != nil {
				return err
			}
		}
	}
	seen := map[string]accord.FollowUpStatus{}
	for _, s := range l.Statuses {
		if Builtin(s) {
			continue
		}
		langs := slices.Clone(accord.StatusLabelLanguages)
		for _, lang := range slices.Sorted(maps.Keys(l.Labels[s])) {
			if !slices.Contains(langs, lang) {
				langs = append(langs, lang)
			}
		}
		for _, lang := range langs {
			field := "labels." + string(s) + "." + lang
			label := l.Labels[s][lang]
			switch {
			case strings.TrimSpace(label) == "" && slices.Contains(accord.StatusLabelLanguages, lang):
				return accord.Invalid(field, "%s is the council's own status: give its label in %s", s, lang)
			case strings.TrimSpace(label) == "":
				return accord.Invalid(field, "the label of %s in %s is empty: give it or leave the language out", s, lang)
			case strings.TrimSpace(label) != label || strings.ContainsAny(label, "\r\n\t"):
				return accord.Invalid(field, "the label of %s in %s is one line, without leading or trailing spaces", s, lang)
			case utf8.RuneCountInString(label) > accord.MaxStatusLabel:
				return accord.Invalid(field, "the label of %s in %s is longer than %d characters", s, lang, accord.MaxStatusLabel)
			}
			key := lang + "\x00" + strings.ToLower(label)
			if other, ok := seen[key]; ok {
				return accord.Invalid(field, "the label of %s in %s, %q, is the label of %s already", s, lang, label, other)
			}
			seen[key] = s
		}
	}
	return nil
}

// Label is the council's label of its own status s in lang, with the
// fallbacks of accord.Text (English, then any language); false for a
// built-in status or one without a label, which the caller names.
func Label(labels map[accord.FollowUpStatus]accord.Text, lang string, s accord.FollowUpStatus) (string, bool) {
	if Builtin(s) {
		return "", false
	}
	x, _ := labels[s].In(lang)
	return x, x != ""
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
