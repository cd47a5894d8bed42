package http_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/atom"
	"github.com/accord-org/accord/ical"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// icalendarPython is a Python with Debian's python3-icalendar, which CI
// installs (.ci/run sets ACCORD_TEST_PYTHON); the test skips without one.
func icalendarPython(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("ACCORD_TEST_PYTHON"), "/usr/bin/python3", "python3"} {
		if p != "" && exec.Command(p, "-c", "import icalendar").Run() == nil {
			return p
		}
	}
	t.Skip("python3-icalendar not found (apt-get install python3-icalendar, or set ACCORD_TEST_PYTHON): the real parser's check is skipped")
	return ""
}

// parseICS has python3-icalendar read a calendar and print, per event,
// UID|SEQUENCE|STATUS|SUMMARY|DTSTART in UTC|TZID, so that the test sees
// the file as another implementation does, folding and zones included.
const parseICS = `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
zones = [str(z['TZID']) for z in cal.walk('VTIMEZONE')]
print('zones', ','.join(zones))
for e in cal.walk('VEVENT'):
    start = e.decoded('DTSTART')
    print('|'.join([str(e['UID']), str(e['SEQUENCE']), str(e['STATUS']), str(e['SUMMARY']),
        start.astimezone(__import__('datetime').timezone.utc).strftime('%Y-%m-%dT%H:%M') if hasattr(start, 'tzinfo') and start.tzinfo else str(start),
        str(e['DTSTART'].params.get('TZID', '')), str(e.decoded('LAST-MODIFIED') if 'LAST-MODIFIED' in e else '')]))
`

func TestCalendarFeeds(t *testing.T) {
	python := icalendarPython(t)
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		m, err := db.FindMeeting(t.Context(), "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		// A change of place raises the sequence that subscribers see.
		m.Venue = accord.Text{"en": "Ala-Archa State Residence", "ru": "Государственная резиденция «Ала-Арча»"}
		if err := db.UpdateMeeting(t.Context(), m); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			path  string
			wants []string
		}{
			{"/organizations/SCO/bodies/PGM/meetings/22/event.ics?lang=ru", []string{"zones Asia/Bishkek",
				"|1|CONFIRMED|XXII Совещание генеральных прокуроров государств-членов ШОС|2024-07-24T18:00|Asia/Bishkek|2025-03-01 09:30:00+00:00"}},
			{"/organizations/SCO/bodies/PGM/calendar.ics?lang=zh", []string{"第二十二次会议|2024-07-24T18:00|Asia/Bishkek"}},
			{"/organizations/OTS/calendar.ics?lang=en", []string{"|0|CONFIRMED|", "Asia/Bishkek"}},
			{"/calendar.ics", []string{"zones ", "Asia/Bishkek"}},
		} {
			res := f.do(t, request{path: tc.path})
			if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("%s: %d %s", tc.path, res.status, res.header.Get("Content-Type"))
			}
			for i, l := range strings.Split(res.body, "\r\n") {
				if len(l) > ical.MaxOctets {
					t.Errorf("%s: line %d has %d octets", tc.path, i, len(l))
				}
			}
			file := filepath.Join(t.TempDir(), "feed.ics")
			if err := os.WriteFile(file, []byte(res.body), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(python, "-c", parseICS, file).CombinedOutput()
			if err != nil {
				t.Fatalf("%s: python3-icalendar refuses it: %v\n%s\n%s", tc.path, err, out, res.body)
			}
			for _, want := range tc.wants {
				if !strings.Contains(string(out), want) {
					t.Errorf("%s: parsed events lack %q:\n%s", tc.path, want, out)
				}
			}
		}
	})
}

func TestAtomFeeds(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, tc := range []struct{ path, want string }{
			{"/organizations/SCO/press/atom/en", "KABAR/2024-07-25"},
			{"/organizations/OTS/press/atom/ru", "KABAR/2024-07-25"},
			{"/organizations/SCO/press/atom/zh", `xml:lang="zh"`},
			{"/organizations/SCO/bodies/PGM/atom/ru", "XXII Совещание"},
			{"/organizations/SCO/bodies/PGM/meetings/XXII/atom/zh", "SCO/PGM/22/PROTOCOL"},
			{"/organizations/OTS/bodies/CGP/meetings/3/atom/en", "OTS/CGP/3/DECLARATION"},
		} {
			res := f.do(t, request{path: tc.path})
			if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("%s: %d %s", tc.path, res.status, res.header.Get("Content-Type"))
			}
			if p := atom.Check([]byte(res.body)); len(p) > 0 {
				t.Errorf("%s breaks RFC 4287: %q", tc.path, p)
			}
			if !strings.Contains(res.body, tc.want) || !strings.Contains(res.body, `rel="self" type="application/atom+xml" href="http://`) {
				t.Errorf("%s lacks %q or its self link:\n%s", tc.path, tc.want, res.body)
			}
			// The same data is the same feed: updated and the ETag hold.
			again := f.do(t, request{path: tc.path, header: map[string]string{"If-None-Match": res.header.Get("ETag")}})
			if again.status != 304 || res.header.Get("Cache-Control") != "public, max-age=300" {
				t.Errorf("%s again with its ETag: %d, Cache-Control %q", tc.path, again.status, res.header.Get("Cache-Control"))
			}
		}
		// Restricted documents stay out of the public's feed, and a
		// signed-in reader's feed is not cached by anyone.
		public := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/22/atom/en"})
		signed := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/22/atom/en", cookie: f.session(t, roleDelegation)})
		if signed.header.Get("Cache-Control") != "no-store" || signed.header.Get("ETag") != "" {
			t.Errorf("signed-in feed: Cache-Control %q, ETag %q", signed.header.Get("Cache-Control"), signed.header.Get("ETag"))
		}
		if strings.Count(signed.body, "<entry>") <= strings.Count(public.body, "<entry>") {
			t.Errorf("the delegation reads no more than the public: %d vs %d entries", strings.Count(signed.body, "<entry>"), strings.Count(public.body, "<entry>"))
		}
	})
}
