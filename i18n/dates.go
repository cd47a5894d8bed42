package i18n

import (
	"fmt"

	"github.com/accord-org/accord"
)

// Dates known to the month or the year only, as planned meetings and the
// records of old ones have them.

// monthsRUNominative are the Russian months standing alone, as in
// "сентябрь 2026 г.": the genitive of monthsRU belongs after a day.
var monthsRUNominative = [...]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}

// FormatPartialDate writes a year or a month: "2026", "September 2026",
// "2026 г.", "сентябрь 2026 г.", "2026年", "2026年9月".
func FormatPartialDate(lang string, d accord.Date) string {
	month := d.Precision() == accord.DateMonth
	switch lang {
	case "ru":
		if month {
			return fmt.Sprintf("%s %d г.", monthsRUNominative[d.Month-1], d.Year)
		}
		return fmt.Sprintf("%d г.", d.Year)
	case "zh":
		if month {
			return fmt.Sprintf("%d年%d月", d.Year, int(d.Month))
		}
		return fmt.Sprintf("%d年", d.Year)
	default:
		if month {
			return fmt.Sprintf("%s %d", monthsEN[d.Month-1], d.Year)
		}
		return fmt.Sprintf("%d", d.Year)
	}
}
