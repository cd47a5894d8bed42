package accord

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a civil date without time of day or zone, as councils record them:
// a meeting is held "on 25 July 2024" wherever the reader is.
//
// A date may be known only to the month (Day 0) or to the year (Month 0 and
// Day 0): a meeting planned for "2026", or one the sources place in
// "September 2018". Such a date stands for the whole period, so comparisons
// treat it as an interval: Before and After hold only when one period ends
// before the other begins, and Compare orders by the first day, a period
// before the days within it, as the text form "2026" < "2026-01" <
// "2026-01-01" sorts in storage. Only meetings keep partial dates; every
// other date (memberships, chair terms, keys) is exact, which ParseDate and
// Exact enforce.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DatePrecision is how much of a date is known.
type DatePrecision int

const (
	DateYear DatePrecision = iota + 1
	DateMonth
	DateDay
)

// ParseDate parses an ISO 8601 calendar date (YYYY-MM-DD) and rejects dates
// that do not exist, such as 2024-13-45 or 2023-02-29.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, Errorf(EINVALID, "%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// ParsePartialDate parses a date known to the year (YYYY), the month
// (YYYY-MM) or the day (YYYY-MM-DD), rejecting months and days that do not
// exist and years not written with four digits.
func ParsePartialDate(s string) (Date, error) {
	// The error is made only when needed: every date read from storage
	// comes through here, and an error made ahead was a tenth of what a
	// live stream's subscription allocated.
	bad := func() error {
		return Errorf(EINVALID, "%q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var layout string
	switch len(s) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = time.DateOnly
	default:
		return Date{}, bad()
	}
	t, err := time.Parse(layout, s)
	if err != nil || t.Year() < 1 {
		return Date{}, bad()
	}
	d := DateOf(t)
	switch len(s) {
	case 4:
		d.Month, d.Day = 0, 0
	case 7:
		d.Day = 0
	}
	return d, nil
}

// MustDate is ParsePartialDate for literals known to be valid.
func MustDate(s string) Date {
	d, err := ParsePartialDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Precision says whether d is known to the year, the month or the day; 0
// for the zero date.
func (d Date) Precision() DatePrecision {
	switch {
	case d.IsZero():
		return 0
	case d.Month == 0:
		return DateYear
	case d.Day == 0:
		return DateMonth
	}
	return DateDay
}

// Exact reports whether d is known to the day.
func (d Date) Exact() bool { return d.Precision() == DateDay }

// First returns the first day of the period d stands for.
func (d Date) First() Date {
	switch d.Precision() {
	case DateYear:
		return Date{d.Year, time.January, 1}
	case DateMonth:
		return Date{d.Year, d.Month, 1}
	}
	return d
}

// Last returns the last day of the period d stands for.
func (d Date) Last() Date {
	switch d.Precision() {
	case DateYear:
		return Date{d.Year, time.December, 31}
	case DateMonth:
		return DateOf(time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC))
	}
	return d
}

// String formats d as YYYY-MM-DD, YYYY-MM or YYYY, and the zero date as "".
func (d Date) String() string {
	switch d.Precision() {
	case DateYear:
		return fmt.Sprintf("%04d", d.Year)
	case DateMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case DateDay:
		return d.Time().Format(time.DateOnly)
	}
	return ""
}

// Time returns midnight UTC at the start of d's first day.
func (d Date) Time() time.Time {
	f := d.First()
	return time.Date(f.Year, f.Month, f.Day, 0, 0, 0, 0, time.UTC)
}

func (d Date) days() int64 { return d.Time().Unix() / 86400 }

// Before reports whether d ends before e begins. For exact dates it is the
// usual order; a month is not before a day within it, nor after it.
func (d Date) Before(e Date) bool { return d.Last().days() < e.First().days() }

// After reports whether d begins after e ends.
func (d Date) After(e Date) bool { return e.Before(d) }

// Compare orders dates totally, for sorting: by first day, and a period
// before the days and months it begins with, the order of the text form.
func (d Date) Compare(e Date) int {
	a, b := d.First().days(), e.First().days()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return cmp.Compare(d.Precision(), e.Precision())
}

// AddDays returns d's first day moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// ValidateSpan checks the start and end of something that lasts, such as a
// meeting, each possibly partial: the end may not begin before the start
// begins nor end before it ends, and an end that begins with the start may
// not be coarser than it ("2026-09-01" to "2026-09" says nothing of the end
// that "2026-09-01" to "2026-09-30" would not, and would sort before its own
// start).
func ValidateSpan(startField string, start Date, endField string, end Date) error {
	switch {
	case start.IsZero():
		return Invalid(startField, "is required")
	case end.IsZero():
		return Invalid(endField, "is required")
	case end.First().Before(start.First()) || end.Last().Before(start.Last()):
		return Invalid(endField, "%s is before the start (%s)", end, start)
	case end.First() == start.First() && end.Precision() < start.Precision():
		return Invalid(endField, "%s is less precise than the start (%s): give the end's day, or the start's %s only", end, start, map[DatePrecision]string{DateYear: "year", DateMonth: "month"}[end.Precision()])
	}
	return nil
}

// ValidateExact refuses a date not known to the day.
func ValidateExact(field string, d Date) error {
	if !d.IsZero() && !d.Exact() {
		return Invalid(field, "%s is not known to the day: a date of the form YYYY-MM-DD is needed", d)
	}
	return nil
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a date in any precision, so that a meeting read back
// decodes; the validation of each kind of record says which precision it
// needs.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "a date must be a string of the form YYYY-MM-DD")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParsePartialDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}
