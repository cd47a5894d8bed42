// Package ical writes iCalendar (RFC 5545) calendars of meetings: events
// with a stable UID, a SEQUENCE, STATUS and LAST-MODIFIED, times in the host
// city's zone with a VTIMEZONE generated from Go's time zone data, and
// content lines folded at 75 octets without splitting a UTF-8 sequence.
// It does no I/O beyond the writer it is given, so that its rules are
// tested by table tests and the HTTP handlers stay thin over it.
package ical

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is an event's STATUS.
type Status string

const (
	Tentative Status = "TENTATIVE"
	Confirmed Status = "CONFIRMED"
	Cancelled Status = "CANCELLED"
)

// Event is one meeting. Start and End are its first and last days; with a
// Zone they are written as times in that zone, from the start of the first
// day to the start of the day after the last, else as all-day dates.
type Event struct {
	UID          string
	Sequence     int
	Status       Status
	Summary      string
	Location     string
	Description  string
	URL          string
	Lang         string
	Start, End   time.Time // dates: only year, month and day count
	Zone         *time.Location
	LastModified time.Time
}

// Calendar is a feed of events.
type Calendar struct {
	ProdID string
	Name   string
	Events []Event
}

// MaxOctets is the longest content line RFC 5545 allows, CRLF excluded.
const MaxOctets = 75

// Encode writes c as an iCalendar object.
func Encode(w io.Writer, c Calendar) error {
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+value) }
	line("BEGIN:", "VCALENDAR")
	line("VERSION:", "2.0")
	line("PRODID:", c.ProdID)
	line("CALSCALE:", "GREGORIAN")
	if c.Name != "" {
		line("X-WR-CALNAME:", escape(c.Name))
	}
	for _, z := range zonesOf(c.Events) {
		writeZone(&b, z.loc, z.from, z.to)
	}
	for _, e := range c.Events {
		line("BEGIN:", "VEVENT")
		line("UID:", e.UID)
		// The event's own revision time: a feed fetched twice is then the
		// same bytes, and DTSTAMP says when the data last changed, as
		// RFC 5545 asks of objects without METHOD.
		stamp := e.LastModified
		if stamp.IsZero() {
			stamp = time.Date(e.Start.Year(), e.Start.Month(), e.Start.Day(), 0, 0, 0, 0, time.UTC)
		}
		line("DTSTAMP:", utc(stamp))
		if e.Zone != nil {
			tz := ";TZID=" + e.Zone.String() + ":"
			line("DTSTART", tz+local(day(e.Start, e.Zone)))
			line("DTEND", tz+local(day(e.End, e.Zone).AddDate(0, 0, 1)))
		} else {
			line("DTSTART", ";VALUE=DATE:"+e.Start.Format("20060102"))
			line("DTEND", ";VALUE=DATE:"+e.End.AddDate(0, 0, 1).Format("20060102"))
		}
		line("SEQUENCE:", fmt.Sprint(e.Sequence))
		if e.Status != "" {
			line("STATUS:", string(e.Status))
		}
		if !e.LastModified.IsZero() {
			line("LAST-MODIFIED:", utc(e.LastModified))
		}
		lang := ""
		if e.Lang != "" {
			lang = ";LANGUAGE=" + e.Lang
		}
		line("SUMMARY", lang+":"+escape(e.Summary))
		if e.Location != "" {
			line("LOCATION", lang+":"+escape(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", lang+":"+escape(e.Description))
		}
		if e.URL != "" {
			line("URL:", e.URL)
		}
		line("END:", "VEVENT")
	}
	line("END:", "VCALENDAR")
	_, err := w.Write(b.Bytes())
	return err
}

func utc(t time.Time) string   { return t.UTC().Format("20060102T150405Z") }
func local(t time.Time) string { return t.Format("20060102T150405") }

// day is midnight of d's date in loc.
func day(d time.Time, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// escape writes a TEXT value as RFC 5545 §3.3.11 asks.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// writeFolded writes one content line, folded so that no line is longer
// than MaxOctets octets: a continuation starts with a space, which counts,
// and a fold never falls inside a UTF-8 sequence, where Russian and Chinese
// text would break.
func writeFolded(b *bytes.Buffer, s string) {
	limit := MaxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = MaxOctets - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

type zoneSpan struct {
	loc      *time.Location
	from, to time.Time
}

// zonesOf are the zones the events use, each with the span of their times.
func zonesOf(events []Event) []zoneSpan {
	var out []zoneSpan
	for _, e := range events {
		if e.Zone == nil {
			continue
		}
		from, to := day(e.Start, e.Zone), day(e.End, e.Zone).AddDate(0, 0, 1)
		i := slices.IndexFunc(out, func(z zoneSpan) bool { return z.loc.String() == e.Zone.String() })
		if i < 0 {
			out = append(out, zoneSpan{e.Zone, from, to})
			continue
		}
		if from.Before(out[i].from) {
			out[i].from = from
		}
		if to.After(out[i].to) {
			out[i].to = to
		}
	}
	return out
}

// Transition is the onset of a zone's offset: the wall clock at that
// instant as the offset before it reads it (RFC 5545's DTSTART of a
// STANDARD or DAYLIGHT component), and the offsets and name.
type Transition struct {
	At       time.Time // the instant
	From, To int       // offsets east of UTC, seconds
	Name     string
	DST      bool
}

// Transitions are the changes of loc's offset that matter from from to to:
// the one in effect at from (whenever it began), then each change up to
// to. Go's tz data has no list of them, so they are found by walking the
// zone's periods with ZoneBounds.
func Transitions(loc *time.Location, from, to time.Time) []Transition {
	const maxPeriods = 1000 // years of twice-yearly changes, far beyond any feed
	var out []Transition
	t := from.In(loc)
	for range maxPeriods {
		name, offset := t.Zone()
		start, end := t.ZoneBounds()
		tr := Transition{At: start, To: offset, From: offset, Name: name, DST: t.IsDST()}
		if !start.IsZero() {
			_, tr.From = start.Add(-time.Second).In(loc).Zone()
		}
		out = append(out, tr)
		if end.IsZero() || !end.Before(to) {
			break
		}
		t = end.In(loc)
	}
	return out
}

func writeZone(b *bytes.Buffer, loc *time.Location, from, to time.Time) {
	line := func(s string) { writeFolded(b, s) }
	line("BEGIN:VTIMEZONE")
	line("TZID:" + loc.String())
	for _, tr := range Transitions(loc, from, to) {
		kind := "STANDARD"
		if tr.DST {
			kind = "DAYLIGHT"
		}
		onset := "19700101T000000" // a period in effect since before the data
		if !tr.At.IsZero() {
			onset = local(tr.At.In(time.FixedZone("", tr.From)))
		}
		line("BEGIN:" + kind)
		line("DTSTART:" + onset)
		line("TZOFFSETFROM:" + offset(tr.From))
		line("TZOFFSETTO:" + offset(tr.To))
		if tr.Name != "" && !strings.ContainsAny(tr.Name[:1], "+-") {
			line("TZNAME:" + tr.Name)
		}
		line("END:" + kind)
	}
	line("END:VTIMEZONE")
}

// offset writes seconds east of UTC as RFC 5545's UTC-OFFSET (+0600).
func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
