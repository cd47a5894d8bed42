package rotation_test

import (
	"testing"

	"github.com/accord-org/accord"
)

// TestForecastPartialDates forecasts from a planned meeting known only by
// its year or month: the turn shows that period and is estimated, the rule
// is applied on the period's last day, the next estimate counts from that
// day, and the turn is overdue only once the period is over.
func TestForecastPartialDates(t *testing.T) {
	e := engine(t, rule("SCO", accord.RotateAlphabetical, "ru"), sco...)
	terms := []*accord.ChairTerm{{Organization: "SCO", Body: "PGM", State: "PK", From: date("2024-07-25"), Basis: accord.ByRule}}
	for _, c := range []struct {
		end, today, next string
		overdue          bool
	}{
		{"2025", "2024-08-01", "2026-12-31", false},
		{"2025", "2025-12-31", "2026-12-31", false},
		{"2025", "2026-01-01", "2026-12-31", true},
		{"2025-09", "2025-09-15", "2026-09-30", false},
		{"2025-09", "2025-10-01", "2026-09-30", true},
	} {
		planned := []*accord.Meeting{{ID: 9, Number: 23, Start: date(c.end), End: date(c.end), Chair: "PK", Status: accord.Planned}}
		turns, err := e.Forecast(terms, planned, date(c.today), 3)
		if err != nil {
			t.Fatal(err)
		}
		if turns[1].State != "RU" || turns[1].From != date(c.end) || !turns[1].Estimated || turns[1].Overdue != c.overdue || turns[2].From != date(c.next) {
			t.Errorf("planned in %s, today %s: %+v", c.end, c.today, turns)
		}
	}
}
