package accord_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/accord-org/accord"
)

func TestParsePartialDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		ok    bool
		prec  accord.DatePrecision
		first string
		last  string
	}{
		{"2026", true, accord.DateYear, "2026-01-01", "2026-12-31"},
		{"2026-09", true, accord.DateMonth, "2026-09-01", "2026-09-30"},
		{"2024-02", true, accord.DateMonth, "2024-02-01", "2024-02-29"},
		{"2026-09-01", true, accord.DateDay, "2026-09-01", "2026-09-01"},
		{"2026-13", false, 0, "", ""},
		{"2026-00", false, 0, "", ""},
		{"2026-02-30", false, 0, "", ""},
		{"2023-02-29", false, 0, "", ""},
		{"26", false, 0, "", ""},
		{"0000", false, 0, "", ""},
		{"2026-9", false, 0, "", ""},
		{"2026-09-1", false, 0, "", ""},
		{"+026", false, 0, "", ""},
		{"2011-10-20/21", false, 0, "", ""},
		{"", false, 0, "", ""},
	} {
		d, err := accord.ParsePartialDate(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParsePartialDate(%q): %v, want ok %v", c.in, err, c.ok)
			continue
		}
		if !c.ok {
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("ParsePartialDate(%q): code %s", c.in, accord.ErrorCode(err))
			}
			continue
		}
		if d.String() != c.in || d.Precision() != c.prec || d.First().String() != c.first || d.Last().String() != c.last || d.Exact() != (c.prec == accord.DateDay) {
			t.Errorf("ParsePartialDate(%q) = %q precision %d, %s to %s", c.in, d, d.Precision(), d.First(), d.Last())
		}
		// ParseDate keeps to exact days, for every date but a meeting's.
		if _, err := accord.ParseDate(c.in); (err == nil) != (c.prec == accord.DateDay) {
			t.Errorf("ParseDate(%q): %v", c.in, err)
		}
	}
}

func TestDateOrder(t *testing.T) {
	for _, c := range []struct {
		a, b          string
		before, after bool
		compare       int
	}{
		{"2026-09-01", "2026-09-02", true, false, -1},
		{"2026-09-02", "2026-09-01", false, true, 1},
		{"2026-09-01", "2026-09-01", false, false, 0},
		// A month is an interval: neither before nor after its days.
		{"2026-09", "2026-09-15", false, false, -1},
		{"2026-09", "2026-09-01", false, false, -1},
		{"2026-09-30", "2026-09", false, false, 1},
		{"2026-08-31", "2026-09", true, false, -1},
		{"2026-10-01", "2026-09", false, true, 1},
		{"2026", "2026-09", false, false, -1},
		{"2026", "2027-01-01", true, false, -1},
		{"2025-12-31", "2026", true, false, -1},
		{"2026", "2026", false, false, 0},
		{"1965", "1965-01-01", false, false, -1},
	} {
		a, b := accord.MustDate(c.a), accord.MustDate(c.b)
		if a.Before(b) != c.before || a.After(b) != c.after || a.Compare(b) != c.compare {
			t.Errorf("%s vs %s: before %v after %v compare %d", c.a, c.b, a.Before(b), a.After(b), a.Compare(b))
		}
	}
	// Compare is the order of the text form, which storage sorts by.
	texts := []string{"2026-09-15", "2027", "2026", "2026-09", "2026-09-01", "2025-12-31", "2026-01", "2026-01-01", "2026-10"}
	dates := make([]accord.Date, len(texts))
	for i, s := range texts {
		dates[i] = accord.MustDate(s)
	}
	slices.Sort(texts)
	slices.SortFunc(dates, accord.Date.Compare)
	for i := range texts {
		if dates[i].String() != texts[i] {
			t.Errorf("sorted %d: %s, text order gives %s", i, dates[i], texts[i])
		}
	}
}

func TestValidateSpan(t *testing.T) {
	for _, c := range []struct {
		start, end string
		field      string // the field blamed, "" when valid
	}{
		{"2026-09-01", "2026-09-02", ""},
		{"2026-09-01", "2026-09-01", ""},
		{"2026", "2026", ""},
		{"2026-09", "2026-09", ""},
		{"2026-09-28", "2026-10", ""},
		{"2026-09", "2026-10-02", ""},
		{"2011-10-20", "2011-10-21", ""},
		{"2026-09-02", "2026-09-01", "end"},
		{"2026-09", "2026-08", "end"},
		{"2027", "2026", "end"},
		{"2026-09-15", "2026-09", "end"}, // the end begins before the start
		{"2026-09", "2026-09-03", "end"}, // ends before the start's month ends
		{"2026-09-01", "2026-09", "end"}, // coarser, beginning with the start
		{"2026-01-01", "2026", "end"},    // the same
		{"", "2026", "start"},
		{"2026", "", "end"},
	} {
		var start, end accord.Date
		if c.start != "" {
			start = accord.MustDate(c.start)
		}
		if c.end != "" {
			end = accord.MustDate(c.end)
		}
		err := accord.ValidateSpan("start", start, "end", end)
		if accord.ErrorField(err) != c.field || (err == nil) != (c.field == "") {
			t.Errorf("%s to %s: %v, want field %q", c.start, c.end, err, c.field)
		}
		// Whatever passes, storage's CHECK (start_date <= end_date) on the
		// text takes.
		if err == nil && c.start > c.end {
			t.Errorf("%s to %s passes but sorts reversed as text", c.start, c.end)
		}
	}
}

func TestMeetingDatePrecision(t *testing.T) {
	for _, c := range []struct {
		status     accord.MeetingStatus
		start, end string
		field      string
	}{
		{accord.Planned, "2026", "2026", ""},
		{accord.Concluded, "2010", "2010", ""},
		{accord.InSession, "2026-09-01", "2026-09-02", ""},
		{accord.InSession, "2026-09", "2026-09", "start"},
		{accord.InSession, "2026-09-01", "2026-09", "end"},
	} {
		m := accord.Meeting{Organization: "OTS", Body: "CHS", Number: 1, Host: "KG", Format: accord.InPerson, Status: c.status,
			Start: accord.MustDate(c.start), End: accord.MustDate(c.end)}
		if err := m.Validate(); accord.ErrorField(err) != c.field || (err == nil) != (c.field == "") {
			t.Errorf("%s %s–%s: %v, want field %q", c.status, c.start, c.end, err, c.field)
		}
	}
	// Every other date is a day.
	ms := accord.Membership{Organization: "OTS", State: "KG", Status: accord.Member, From: accord.MustDate("2009")}
	if err := ms.Validate(); accord.ErrorField(err) != "from" {
		t.Errorf("membership from a year: %v", err)
	}
	term := accord.ChairTerm{Organization: "OTS", Body: "CHS", State: "KG", Basis: accord.ByRule, From: accord.MustDate("2009-10-03"), Until: accord.MustDate("2010")}
	if err := term.Validate(); accord.ErrorField(err) != "until" {
		t.Errorf("chair term until a year: %v", err)
	}
	h := accord.Handover{Organization: "OTS", Body: "CHS", Date: accord.MustDate("2010-05")}
	if err := h.Validate(); accord.ErrorField(err) != "date" {
		t.Errorf("handover in a month: %v", err)
	}
}

func TestDateJSON(t *testing.T) {
	for _, s := range []string{`"2026"`, `"2026-09"`, `"2026-09-01"`, `null`} {
		var d accord.Date
		if err := json.Unmarshal([]byte(s), &d); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if b, _ := json.Marshal(d); string(b) != s {
			t.Errorf("%s round-trips as %s", s, b)
		}
	}
	for _, s := range []string{`"2026-13"`, `"26"`, `2026`} {
		var d accord.Date
		if err := json.Unmarshal([]byte(s), &d); err == nil {
			t.Errorf("%s decodes as %v", s, d)
		}
	}
}
