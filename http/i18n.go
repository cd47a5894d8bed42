package http

import (
	"html/template"
	"net/http"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
	"golang.org/x/text/language"
)

// The interface's languages and words live in package i18n. These thin
// names keep the handlers' call sites as they were written, so that work
// in progress on them still merges; new code may call i18n directly.

var (
	supportedLanguages = i18n.Tags
	languageCodes      = i18n.Languages
	languageNames      = i18n.Names
)

// T and Tf stay exported here for the callers outside the package that
// used them as http.T.
func T(lang, text string) string                 { return i18n.T(lang, text) }
func Tf(lang, format string, args ...any) string { return i18n.Tf(lang, format, args...) }

func enum(lang string, value any) string                  { return i18n.Enum(lang, value) }
func statusTitle(lang string, status int) string          { return i18n.StatusTitle(lang, status) }
func followUpEnum(lang, v string) (string, bool)          { return i18n.FollowUpEnum(lang, v) }
func errorText(lang string, err error) string             { return i18n.ErrorText(lang, err) }
func requestLanguage(r *http.Request) string              { return i18n.RequestLanguage(r) }
func isInterfaceLanguage(lang string) bool                { return i18n.IsInterfaceLanguage(lang) }
func languageTag(lang string) language.Tag                { return i18n.LanguageTag(lang) }
func formatDate(lang string, d accord.Date) string        { return i18n.FormatDate(lang, d) }
func formatPartialDate(lang string, d accord.Date) string { return i18n.FormatPartialDate(lang, d) }
func formatDateRange(lang string, start, end accord.Date) string {
	return i18n.FormatDateRange(lang, start, end)
}
func keepWhole(lang, s string) template.HTML     { return i18n.KeepWhole(lang, s) }
func formatTime(lang string, t time.Time) string { return i18n.FormatTime(lang, t) }
func meetingName(lang string, b *accord.Body, number int) string {
	return i18n.MeetingName(lang, b, number)
}
func chineseNumber(n int) string { return i18n.ChineseNumber(n) }
func listSep(lang string) string { return i18n.ListSep(lang) }
func describeRule(lang string, r *accord.RotationRule, names map[string]accord.Text) string {
	return i18n.DescribeRule(lang, r, names)
}
func clauseSep(lang string) string                { return i18n.ClauseSep(lang) }
func colon(lang string) string                    { return i18n.Colon(lang) }
func fullStop(lang string) string                 { return i18n.FullStop(lang) }
func collationLanguage(lang, tag string) string   { return i18n.CollationLanguage(lang, tag) }
func joinList(lang string, items []string) string { return i18n.JoinList(lang, items) }
func countMonths(lang string, n int) string       { return i18n.CountMonths(lang, n) }
func countDays(lang string, n int) string         { return i18n.CountDays(lang, n) }
func meetingNumberText(lang string, n int) string { return i18n.MeetingNumberText(lang, n) }
func heldMeeting(lang string, n int) string       { return i18n.HeldMeeting(lang, n) }
