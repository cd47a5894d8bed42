package i18n

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"golang.org/x/text/language"
)

// The interface languages: those of the SCO (Russian, Chinese) and English.
var (
	Tags            = []language.Tag{language.English, language.Russian, language.Chinese}
	Languages       = []string{"en", "ru", "zh"}
	languageMatcher = language.NewMatcher(Tags)
	Names           = map[string]string{"en": "English", "ru": "Русский", "zh": "中文"}
)

// RequestLanguage picks the reader's language: an explicit ?lang=, then the
// "lang" cookie, then Accept-Language, then English.
func RequestLanguage(r *http.Request) string {
	var prefs []string
	if l := r.URL.Query().Get("lang"); l != "" {
		prefs = append(prefs, l)
	}
	if c, err := r.Cookie("lang"); err == nil {
		prefs = append(prefs, c.Value)
	}
	if u := accord.ActorFrom(r.Context()).User; u != nil {
		prefs = append(prefs, u.Lang)
	}
	prefs = append(prefs, r.Header.Get("Accept-Language"))
	for _, p := range prefs {
		tags, _, err := language.ParseAcceptLanguage(p)
		if err != nil || len(tags) == 0 {
			continue
		}
		_, i, conf := languageMatcher.Match(tags...)
		if conf != language.No {
			return Languages[i]
		}
	}
	return "en"
}

func IsInterfaceLanguage(lang string) bool {
	for _, c := range Languages {
		if c == lang {
			return true
		}
	}
	return false
}

func LanguageTag(lang string) language.Tag {
	for i, c := range Languages {
		if c == lang {
			return Tags[i]
		}
	}
	return language.English
}

var (
	monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	// Russian dates use the genitive: 25 июля 2024 г.
	monthsRU = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
)

// FormatDate writes a date the way an official programme in lang would.
func FormatDate(lang string, d accord.Date) string {
	switch d.Precision() {
	case 0:
		return ""
	case accord.DateYear, accord.DateMonth:
		return FormatPartialDate(lang, d)
	}
	switch lang {
	case "ru":
		return fmt.Sprintf("%d %s %d г.", d.Day, monthsRU[d.Month-1], d.Year)
	case "zh":
		return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
	default:
		return fmt.Sprintf("%d %s %d", d.Day, monthsEN[d.Month-1], d.Year)
	}
}

// FormatDateRange writes a meeting's dates, collapsing a one-day meeting.
// Russian and Chinese write the year (and the month) once when both days
// share it, as their official programmes do: "25–26 сентября 2025 г.",
// "2025年9月25日至26日".
func FormatDateRange(lang string, start, end accord.Date) string {
	if end.IsZero() || start == end {
		return FormatDate(lang, start)
	}
	days := start.Precision() == accord.DateDay && end.Precision() == accord.DateDay
	sameYear, sameMonth := days && start.Year == end.Year, days && start.Year == end.Year && start.Month == end.Month
	switch lang {
	case "ru":
		switch {
		case sameMonth:
			return fmt.Sprintf("%d–%s", start.Day, FormatDate(lang, end))
		case sameYear:
			return fmt.Sprintf("%d %s – %s", start.Day, monthsRU[start.Month-1], FormatDate(lang, end))
		}
	case "zh":
		switch {
		case sameMonth:
			return fmt.Sprintf("%s至%d日", FormatDate(lang, start), end.Day)
		case sameYear:
			return fmt.Sprintf("%s至%d月%d日", FormatDate(lang, start), int(end.Month), end.Day)
		}
		return FormatDate(lang, start) + "至" + FormatDate(lang, end)
	}
	return FormatDate(lang, start) + " – " + FormatDate(lang, end)
}

// KeepWhole marks a date as a page shows it so that a line never breaks
// inside it: a browser may break Chinese between any two characters
// ("2025年9 / 月25日") and Russian between "25" and "июля". Each date of a
// range is a span the style sheet keeps on one line (white-space:
// nowrap), so the line may break only between the two dates, at the dash
// or at 至. The text itself stays as written: invisible joiners in it
// would go along when a reader copies the date or searches the page.
// Feeds, calendars, titles and PDFs take FormatDate's plain text.
func KeepWhole(lang, s string) template.HTML {
	sep := " – "
	if lang == "zh" {
		sep = "至"
	}
	parts := strings.Split(s, sep)
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(html.EscapeString(sep))
		}
		b.WriteString(`<span class="date">`)
		b.WriteString(html.EscapeString(p))
		b.WriteString(`</span>`)
	}
	return template.HTML(b.String())
}

func FormatTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	u := t.UTC()
	return FormatDate(lang, accord.DateOf(u)) + ", " + u.Format("15:04") + " UTC"
}
