package i18n

import (
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"

	"github.com/accord-org/accord"
)

// The chairmanship in the reader's language (issue 15, items 8 and 9): the
// rule said in words, the states by name, and a term whose start is not
// recorded or which lasted one day said as such, not as "31 Oct 2002 –
// 31 Oct 2002".

// DescribeRule says a body's rotation rule in lang; names gives the states
// of an order rotation by name.
func DescribeRule(lang string, r *accord.RotationRule, names map[string]accord.Text) string {
	var parts []string
	switch r.Kind {
	case accord.RotateAlphabetical:
		parts = append(parts, Tf(lang, "alphabetical order of the member states' names %s", CollationLanguage(lang, r.Lang)))
	case accord.RotateOrder:
		order := make([]string, 0, len(r.Order))
		for _, code := range r.Order {
			if n := names[code].Get(lang); n != "" {
				order = append(order, n)
			} else {
				order = append(order, code)
			}
		}
		parts = append(parts, Tf(lang, "in the order %s", JoinList(lang, order)))
	default:
		s := T(lang, "by decision only")
		if r.Note != "" {
			if lang == "zh" {
				s += "（" + r.Note + "）"
			} else {
				s += " (" + r.Note + ")"
			}
		}
		return s + FullStop(lang)
	}
	if r.Term == accord.TermMeeting {
		parts = append(parts, T(lang, "one meeting per term"))
	} else {
		parts = append(parts, Tf(lang, "terms of %s", CountMonths(lang, r.TermMonths)))
	}
	if r.Eligibility == accord.EligibleDayBefore {
		parts = append(parts, T(lang, "eligible: members on the day before the handover"))
	} else {
		parts = append(parts, T(lang, "eligible: members on the handover day"))
	}
	if r.WaitDays > 0 {
		parts = append(parts, Tf(lang, "a state that joined less than %s before waits", CountDays(lang, r.WaitDays)))
	}
	return strings.Join(parts, ClauseSep(lang)) + FullStop(lang)
}

// ClauseSep and FullStop are the punctuation between and after clauses:
// Chinese takes the full-width forms.
func ClauseSep(lang string) string {
	if lang == "zh" {
		return "；"
	}
	return "; "
}

func Colon(lang string) string {
	if lang == "zh" {
		return "："
	}
	return ": "
}

func FullStop(lang string) string {
	if lang == "zh" {
		return "。"
	}
	return "."
}

// CollationLanguage says in which language's names the rule sorts, as a
// phrase ("in Russian", "на русском языке"); a language the interface
// does not name stays as its tag.
func CollationLanguage(lang, tag string) string {
	switch tag {
	case "en":
		return T(lang, "in English")
	case "ru":
		return T(lang, "in Russian")
	case "zh":
		return T(lang, "in Chinese")
	}
	return Tf(lang, "in the language %s", tag)
}

// JoinList joins names as lang lists them: Chinese with the enumeration
// comma "、", the others with ", ".
func JoinList(lang string, items []string) string {
	if lang == "zh" {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// Russian counts take one of three forms of the noun (1 месяц, 2 месяца,
// 5 месяцев, 21 месяц), which CLDR's plural rules, through x/text, pick;
// English has two, Chinese one.
var (
	monthForms = map[string][3]string{"en": {"month", "months", "months"}, "ru": {"месяц", "месяца", "месяцев"}, "zh": {"个月", "个月", "个月"}}
	dayForms   = map[string][3]string{"en": {"day", "days", "days"}, "ru": {"день", "дня", "дней"}, "zh": {"天", "天", "天"}}
)

func CountMonths(lang string, n int) string { return count(lang, n, monthForms) }
func CountDays(lang string, n int) string   { return count(lang, n, dayForms) }

func count(lang string, n int, forms map[string][3]string) string {
	f, ok := forms[lang]
	if !ok {
		f, lang = forms["en"], "en"
	}
	var word string
	switch plural.Cardinal.MatchPlural(LanguageTag(lang), n, 0, 0, 0, 0) {
	case plural.One:
		word = f[0]
	case plural.Few:
		word = f[1]
	default:
		word = f[2]
	}
	if lang == "zh" {
		return strconv.Itoa(n) + word
	}
	return strconv.Itoa(n) + " " + word
}

// MeetingNumberText names a meeting by the number its members know it by:
// "meeting XIII", "XIII заседание", "第十三次会议".
func MeetingNumberText(lang string, n int) string {
	switch lang {
	case "ru":
		return accord.Roman(n) + " заседание"
	case "zh":
		return "第" + ChineseNumber(n) + "次会议"
	}
	return "meeting " + accord.Roman(n)
}

// HeldMeeting says that the chair held meeting n, before its date: Russian
// puts the ordinal in the prepositional case after "на".
func HeldMeeting(lang string, n int) string {
	switch lang {
	case "ru":
		return "председательствовало на " + accord.Roman(n) + " заседании "
	case "zh":
		return "主持" + MeetingNumberText(lang, n) + "："
	}
	return "chaired meeting " + accord.Roman(n) + " on "
}
