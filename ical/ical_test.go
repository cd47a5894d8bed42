package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no tz data for %s: %v", name, err)
	}
	return loc
}

// unfold undoes RFC 5545 §3.1 folding.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

func TestFolding(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"short", "SUMMARY:XXII"},
		{"ascii exactly 75", "SUMMARY:" + strings.Repeat("a", 67)},
		{"ascii 76", "SUMMARY:" + strings.Repeat("a", 68)},
		{"russian", "SUMMARY;LANGUAGE=ru:XXII Совещание генеральных прокуроров государств – членов Шанхайской организации сотрудничества"},
		{"chinese", "SUMMARY;LANGUAGE=zh:上海合作组织成员国总检察长第二十二次会议，比什凯克，2024年7月25日，最高人民检察院"},
		{"mixed 4-byte", "DESCRIPTION:" + strings.Repeat("a😀", 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			writeFolded(&b, tc.value)
			out := b.String()
			if !strings.HasSuffix(out, "\r\n") {
				t.Fatalf("no CRLF at the end: %q", out)
			}
			for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
				if len(l) > MaxOctets {
					t.Errorf("line %d has %d octets: %q", i, len(l), l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
				}
				if i > 0 && !strings.HasPrefix(l, " ") {
					t.Errorf("continuation %d does not start with a space", i)
				}
			}
			if got := strings.TrimSuffix(unfold(out), "\r\n"); got != tc.value {
				t.Errorf("unfolded %q, want %q", got, tc.value)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Bishkek, Kyrgyzstan": `Bishkek\, Kyrgyzstan`,
		"a;b":                 `a\;b`,
		`back\slash`:          `back\\slash`,
		"two\nlines":          `two\nlines`,
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTransitions(t *testing.T) {
	for _, tc := range []struct {
		zone     string
		from, to time.Time
		want     []string // onset (local, before it), from, to, dst
	}{
		{"Asia/Bishkek", date(2024, 7, 25), date(2024, 7, 27), []string{"20050812T000000 +0600 +0600 false"}},
		{"Europe/Berlin", date(2024, 1, 10), date(2024, 12, 1), []string{
			"20231029T030000 +0200 +0100 false", "20240331T020000 +0100 +0200 true", "20241027T030000 +0200 +0100 false"}},
		{"Europe/Berlin", date(2024, 5, 1), date(2024, 5, 3), []string{"20240331T020000 +0100 +0200 true"}},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc := zone(t, tc.zone)
			var got []string
			for _, tr := range Transitions(loc, tc.from.In(loc), tc.to.In(loc)) {
				got = append(got, local(tr.At.In(time.FixedZone("", tr.From)))+" "+offset(tr.From)+" "+offset(tr.To)+" "+map[bool]string{true: "true", false: "false"}[tr.DST])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("transitions\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestOffset(t *testing.T) {
	for sec, want := range map[int]string{21600: "+0600", -18000: "-0500", 19800: "+0530", 0: "+0000", 2079: "+003439"} {
		if got := offset(sec); got != want {
			t.Errorf("offset(%d) = %q, want %q", sec, got, want)
		}
	}
}

func TestEncode(t *testing.T) {
	bishkek := zone(t, "Asia/Bishkek")
	modified := time.Date(2024, 7, 1, 9, 30, 0, 0, time.UTC)
	cal := Calendar{ProdID: "-//Accord//EN", Name: "SCO, PGM", Events: []Event{
		{UID: "urn:accord:meeting:SCO:PGM:22", Sequence: 2, Status: Confirmed, Summary: "XXII Совещание генеральных прокуроров", Location: "Бишкек",
			URL: "https://accord.example/organizations/SCO/bodies/PGM/meetings/22", Lang: "ru", Start: date(2024, 7, 25), End: date(2024, 7, 25), Zone: bishkek, LastModified: modified},
		{UID: "urn:accord:meeting:SCO:PGM:1", Status: Cancelled, Summary: "I, all day", Start: date(2002, 5, 14), End: date(2002, 5, 15)},
	}}
	var b bytes.Buffer
	if err := Encode(&b, cal); err != nil {
		t.Fatal(err)
	}
	out := unfold(b.String())
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Accord//EN\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Asia/Bishkek\r\nBEGIN:STANDARD\r\nDTSTART:20050812T000000\r\nTZOFFSETFROM:+0600\r\nTZOFFSETTO:+0600\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
		"UID:urn:accord:meeting:SCO:PGM:22\r\nDTSTAMP:20240701T093000Z\r\nDTSTART;TZID=Asia/Bishkek:20240725T000000\r\nDTEND;TZID=Asia/Bishkek:20240726T000000\r\nSEQUENCE:2\r\nSTATUS:CONFIRMED\r\nLAST-MODIFIED:20240701T093000Z\r\n",
		"SUMMARY;LANGUAGE=ru:XXII Совещание генеральных прокуроров\r\n",
		"DTSTART;VALUE=DATE:20020514\r\nDTEND;VALUE=DATE:20020516\r\nSEQUENCE:0\r\nSTATUS:CANCELLED\r\nSUMMARY:I\\, all day\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "BEGIN:VTIMEZONE") != 1 {
		t.Errorf("want one VTIMEZONE:\n%s", out)
	}
}
