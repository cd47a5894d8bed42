package http

import (
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"

	"github.com/accord-org/accord"
)

// The chairmanship in the reader's language (issue 15, items 8 and 9): the
// rule said in words, the states by name, and a term whose start is not
// recorded or which lasted one day said as such, not as "31 Oct 2002 –
// 31 Oct 2002".

// describeRule says a body's rotation rule in lang; names gives the states
// of an order rotation by name.
func describeRule(lang string, r *accord.RotationRule, names map[string]accord.Text) string {
	var parts []string
	switch r.Kind {
	case accord.RotateAlphabetical:
		parts = append(parts, Tf(lang, "alphabetical order of the member states' names %s", collationLanguage(lang, r.Lang)))
	case accord.RotateOrder:
		order := make([]string, 0, len(r.Order))
		for _, code := range r.Order {
			if n := names[code].Get(lang); n != "" {
				order = append(order, n)
			} else {
				order = append(order, code)
			}
		}
		parts = append(parts, Tf(lang, "in the order %s", joinList(lang, order)))
	default:
		s := T(lang, "by decision only")
		if r.Note != "" {
			if lang == "zh" {
				s += "（" + r.Note + "）"
			} else {
				s += " (" + r.Note + ")"
			}
		}
		return s + fullStop(lang)
	}
	if r.Term == accord.TermMeeting {
		parts = append(parts, T(lang, "one meeting per term"))
	} else {
		parts = append(parts, Tf(lang, "terms of %s", countMonths(lang, r.TermMonths)))
	}
	if r.Eligibility == accord.EligibleDayBefore {
		parts = append(parts, T(lang, "eligible: members on the day before the handover"))
	} else {
		parts = append(parts, T(lang, "eligible: members on the handover day"))
	}
	if r.WaitDays > 0 {
		parts = append(parts, Tf(lang, "a state that joined less than %s before waits", countDays(lang, r.WaitDays)))
	}
	return strings.Join(parts, clauseSep(lang)) + fullStop(lang)
}

// clauseSep and fullStop are the punctuation between and after clauses:
// Chinese takes the full-width forms.
func clauseSep(lang string) string {
	if lang == "zh" {
		return "；"
	}
	return "; "
}

func colon(lang string) string {
	if lang == "zh" {
		return "："
	}
	return ": "
}

func fullStop(lang string) string {
	if lang == "zh" {
		return "。"
	}
	return "."
}

// collationLanguage says in which language's names the rule sorts, as a
// phrase ("in Russian", "на русском языке"); a language the interface
// does not name stays as its tag.
func collationLanguage(lang, tag string) string {
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

// joinList joins names as lang lists them: Chinese with the enumeration
// comma "、", the others with ", ".
func joinList(lang string, items []string) string {
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

func countMonths(lang string, n int) string { return count(lang, n, monthForms) }
func countDays(lang string, n int) string   { return count(lang, n, dayForms) }

func count(lang string, n int, forms map[string][3]string) string {
	f, ok := forms[lang]
	if !ok {
		f, lang = forms["en"], "en"
	}
	var word string
	switch plural.Cardinal.MatchPlural(languageTag(lang), n, 0, 0, 0, 0) {
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

// termRow is a term as the chairs page shows it. A term without a recorded
// start carries its meeting's dates, so that both columns would show the
// same day: the row says instead that the start is not recorded and which
// meeting the chair held.
func termRow(lang string, t *accord.ChairTerm, names accord.Text, numbers map[int64]int, meetings []*accord.Meeting, h *handoverCheck) chairTermRow {
	row := chairTermRow{ChairTerm: t, Names: names, FromMeeting: numbers[t.FromMeetingID], Handover: h}
	if row.FromMeeting > 0 {
		row.MeetingText = " (" + meetingNumberText(lang, row.FromMeeting) + ")"
		if lang == "zh" {
			row.MeetingText = "（" + meetingNumberText(lang, row.FromMeeting) + "）"
		}
	}
	if t.FromMeetingID == 0 && (t.Note == accord.ChairNoteStartUnknown || t.From == t.Until) {
		row.StartUnknown = true
		for _, m := range meetings {
			if m.Start == t.From {
				row.HeldMeeting = clauseSep(lang) + heldMeeting(lang, m.Number)
				break
			}
		}
	} else if !t.Until.IsZero() && t.From == t.Until {
		row.OneDay = true
	}
	return row
}

// meetingNumberText names a meeting by the number its members know it by:
// "meeting XIII", "XIII заседание", "第十三次会议".
func meetingNumberText(lang string, n int) string {
	switch lang {
	case "ru":
		return accord.Roman(n) + " заседание"
	case "zh":
		return "第" + chineseNumber(n) + "次会议"
	}
	return "meeting " + accord.Roman(n)
}

// noteText is a term's note for the page: the note that says the start is
// not recorded is the row's own words already.
func (r chairTermRow) NoteText() string {
	if r.Note == accord.ChairNoteStartUnknown {
		return ""
	}
	return r.Note
}

// ruleText says rule in the reader's language, with the states' names.
func (s *Server) ruleText(r *http.Request, rule *accord.RotationRule) (string, error) {
	names, err := s.stateNames(r.Context())
	if err != nil {
		return "", err
	}
	return describeRule(requestLanguage(r), rule, names), nil
}

// heldMeeting says that the chair held meeting n, before its date: Russian
// puts the ordinal in the prepositional case after "на".
func heldMeeting(lang string, n int) string {
	switch lang {
	case "ru":
		return "председательствовало на " + accord.Roman(n) + " заседании "
	case "zh":
		return "主持" + meetingNumberText(lang, n) + "："
	}
	return "chaired meeting " + accord.Roman(n) + " on "
}
