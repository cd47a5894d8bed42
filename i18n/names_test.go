package i18n

import (
	"testing"

	"github.com/accord-org/accord"
)

// TestMeetingNameGrammar checks the Russian genitive after "заседание" for
// the heads of councils' names, with and without a leading adjective, and
// that a head the grammar does not know is left whole rather than
// declined wrongly.
func TestMeetingNameGrammar(t *testing.T) {
	for _, c := range []struct{ lang, name, want string }{
		{"ru", "Совет генеральных прокуроров Организации тюркских государств", "IV заседание Совета генеральных прокуроров Организации тюркских государств"},
		{"ru", "Комиссия по торговле", "IV заседание Комиссии по торговле"},
		{"ru", "Рабочая группа по правовым вопросам", "IV заседание Рабочей группы по правовым вопросам"},
		{"ru", "Постоянный комитет", "IV заседание Постоянного комитета"},
		{"ru", "Высший совет", "IV заседание Высшего совета"},
		{"ru", "Межпарламентская ассамблея", "IV заседание Межпарламентской ассамблеи"},
		{"ru", "Совещание генеральных прокуроров", "IV Совещание генеральных прокуроров"},
		{"ru", "Бюро", "IV заседание Бюро"},
		{"ru", "Правление банка", "Правление банка — IV заседание"},
		{"ru", "Рабочий орган", "IV заседание Рабочего органа"},
		{"zh", "总检察长会议", "总检察长第四次会议"},
		{"zh", "理事会", "理事会第四次会议"},
		{"en", "Council of Ministers", "IV meeting of the Council of Ministers"},
	} {
		b := &accord.Body{Names: accord.Text{c.lang: c.name}}
		if got := MeetingName(c.lang, b, 4); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.name, got, c.want)
		}
	}
}

// TestDateRanges checks that Russian and Chinese write a shared month and
// year once, and that dates known to the month only stay whole.
func TestDateRanges(t *testing.T) {
	for _, c := range []struct{ lang, start, end, want string }{
		{"ru", "2025-09-25", "2025-09-26", "25–26 сентября 2025 г."},
		{"ru", "2025-09-30", "2025-10-02", "30 сентября – 2 октября 2025 г."},
		{"ru", "2025-12-30", "2026-01-02", "30 декабря 2025 г. – 2 января 2026 г."},
		{"ru", "2025-09-25", "2025-09-25", "25 сентября 2025 г."},
		{"zh", "2025-09-25", "2025-09-26", "2025年9月25日至26日"},
		{"zh", "2025-09-30", "2025-10-02", "2025年9月30日至10月2日"},
		{"zh", "2025-12-30", "2026-01-02", "2025年12月30日至2026年1月2日"},
		{"zh", "2032-09-28", "2032-10", "2032年9月28日至2032年10月"},
		{"en", "2025-09-25", "2025-09-26", "25 September 2025 – 26 September 2025"},
	} {
		start, err := accord.ParsePartialDate(c.start)
		if err != nil {
			t.Fatal(err)
		}
		end, err := accord.ParsePartialDate(c.end)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatDateRange(c.lang, start, end); got != c.want {
			t.Errorf("%s %s..%s: %q, want %q", c.lang, c.start, c.end, got, c.want)
		}
	}
}
