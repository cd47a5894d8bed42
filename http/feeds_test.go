package http_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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
		// The pages link the calendars as webcal:// subscriptions, which
		// html/template would replace by "#ZgotmplZ" unless told the
		// address is the server's own.
		for _, path := range []string{"/organizations/SCO/bodies/PGM", "/organizations/OTS", "/organizations/SCO/press?lang=zh"} {
			res := f.do(t, request{path: path})
			if !strings.Contains(res.body, `<a href="webcal://`) || strings.Contains(res.body, "ZgotmplZ") {
				t.Errorf("%s: no webcal:// link: %d", path, res.status)
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
			{"/organizations/OTS/bodies/CGP/atom/zh", `<title xml:lang="zh">突厥国家组织总检察长理事会第三次会议`},
			// The release is in English alone: its title says so in the Chinese feed.
			{"/organizations/SCO/press/atom/zh", `<title xml:lang="en">`},
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

// TestAtomEmbargoEnded schedules a press release, lets its embargo end
// and reads the press room's feed: the entry's published and updated are
// the embargo's end, when the public first saw it, not the time it was
// written; so is the feed's updated. A release without an embargo keeps
// the time it was stored.
func TestAtomEmbargoEnded(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, func() time.Time { return clk.Now() }, func(t *testing.T, db *sqlstore.DB) {
		clk = newClock()
		f := newFixture(t, db, clk)
		sec := f.session(t, roleSecretariat)
		until := clk.Now().Add(2 * time.Hour).Truncate(time.Second)
		res := f.do(t, request{method: "POST", path: "/api/v1/documents", body: releaseBody(f.expand(t, "{meeting:SCO/PGM/22}"), until.Format(time.RFC3339)), cookie: sec})
		if res.status != 201 {
			t.Fatalf("schedule the release: %d %s", res.status, res.body)
		}
		var created struct{ Document accord.Document }
		if err := json.Unmarshal([]byte(res.body), &created); err != nil {
			t.Fatal(err)
		}
		clk.Advance(3 * time.Hour)
		feed := f.do(t, request{path: "/organizations/SCO/press/atom/en"})
		if feed.status != 200 {
			t.Fatalf("feed: %d", feed.status)
		}
		if p := atom.Check([]byte(feed.body)); len(p) > 0 {
			t.Errorf("the feed breaks RFC 4287: %q", p)
		}
		var parsed atom.Feed
		if err := xml.Unmarshal([]byte(feed.body), &parsed); err != nil {
			t.Fatal(err)
		}
		entries := map[string]atom.Entry{}
		for _, e := range parsed.Entries {
			entries[e.ID] = e
		}
		release, ok := entries[atom.URN(fmt.Sprintf("document/%d", created.Document.ID))]
		want := atom.Time(until)
		if !ok || release.Published != want || release.Updated != want || parsed.Updated != want {
			t.Errorf("released entry published %q, updated %q, feed updated %q; want %s (written at %s)",
				release.Published, release.Updated, parsed.Updated, want, atom.Time(created.Document.CreatedAt))
		}
		kabar := f.do(t, request{path: "/api/v1/documents?kind=press_release&organization=SCO&q=KABAR"})
		var list struct {
			Documents []struct {
				ID        int64
				CreatedAt time.Time `json:"created_at"`
			}
		}
		if err := json.Unmarshal([]byte(kabar.body), &list); err != nil || len(list.Documents) != 1 {
			t.Fatalf("the demo's Kabar release: %v %.300s", err, kabar.body)
		}
		k := entries[atom.URN(fmt.Sprintf("document/%d", list.Documents[0].ID))]
		if stored := atom.Time(list.Documents[0].CreatedAt); k.Published != stored || k.Updated != stored {
			t.Errorf("Kabar entry published %q, updated %q; want the time it was stored, %s", k.Published, k.Updated, stored)
		}
	})
}

// icsEvents has python3-icalendar read the calendar at path and returns
// its events as parseICS prints them, split at "|", by UID.
func icsEvents(t *testing.T, f *fixture, python, path string) (map[string][]string, string) {
	t.Helper()
	res := f.do(t, request{path: path})
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%s: %d %s", path, res.status, res.header.Get("Content-Type"))
	}
	file := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(file, []byte(res.body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", parseICS, file).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: python3-icalendar refuses it: %v\n%s\n%s", path, err, out, res.body)
	}
	events := map[string][]string{}
	for l := range strings.Lines(string(out)) {
		if fields := strings.Split(strings.TrimSpace(l), "|"); len(fields) == 7 {
			events[fields[0]] = fields
		}
	}
	return events, res.body
}

// TestCalendarCancelled cancels a planned meeting XXIII in Bishkek, like
// XXII (which has been held, so it can no longer be called off), through
// its page, as the secretariat, and reads the body's calendar in Russian and Chinese with
// python3-icalendar: the event keeps its UID, its STATUS is CANCELLED,
// its SEQUENCE one higher, and its long summary keeps its Cyrillic or
// Chinese text across the folded lines. A form without the box ticked is
// refused first and changes nothing; a second cancellation is a 409.
func TestCalendarCancelled(t *testing.T) {
	python := icalendarPython(t)
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		page := "/organizations/SCO/bodies/PGM/meetings/23/cancel"
		// The summaries the calendar makes of the body's name and the
		// meeting's number.
		names := map[string]string{"ru": "XXIII Совещание генеральных прокуроров государств-членов ШОС", "zh": "第二十三次会议"}
		planned := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "KG", Start: accord.MustDate("2025-07-24"), End: accord.MustDate("2025-07-25"),
			Format: accord.InPerson, Status: accord.Planned, City: accord.Text{"en": "Bishkek", "ru": "Бишкек", "zh": "比什凯克"},
			Theme: accord.Text{"en": "Cooperation of prosecutors", "ru": "Сотрудничество органов прокуратуры", "zh": "检察机关合作"}}
		if err := db.CreateMeeting(t.Context(), planned); err != nil {
			t.Fatal(err)
		}
		// xxiii is the XXIII meeting's event in lang's calendar.
		xxiii := func(lang string) ([]string, string) {
			t.Helper()
			events, body := icsEvents(t, f, python, "/organizations/SCO/bodies/PGM/calendar.ics?lang="+lang)
			for _, e := range events {
				if strings.Contains(e[3], names[lang]) {
					return e, body
				}
			}
			t.Fatalf("%s calendar: no event named %q in %v", lang, names[lang], events)
			return nil, ""
		}
		before := map[string][]string{}
		for _, lang := range []string{"ru", "zh"} {
			before[lang], _ = xxiii(lang)
			if before[lang][2] != "CONFIRMED" {
				t.Fatalf("%s: XXIII is %s before it is cancelled", lang, before[lang][2])
			}
		}
		m, err := db.FindMeeting(t.Context(), "SCO", "PGM", 23)
		if err != nil {
			t.Fatal(err)
		}

		unticked := f.postForm(t, sec, page+"?lang=ru", url.Values{"reason": {"Перенесено"}})
		after, err := db.FindMeeting(t.Context(), "SCO", "PGM", 23)
		if err != nil {
			t.Fatal(err)
		}
		if unticked.status != 400 || !strings.Contains(unticked.body, "отметьте поле для подтверждения") || after.Cancelled != nil || after.Sequence != m.Sequence {
			t.Errorf("cancelling without the box ticked: %d, cancelled %v, sequence %d→%d", unticked.status, after.Cancelled, m.Sequence, after.Sequence)
		}

		reason := "Перенесено по просьбе принимающей стороны"
		if res := f.postForm(t, sec, page+"?lang=ru", url.Values{"confirm": {"yes"}, "reason": {reason}}); res.status != 303 {
			t.Fatalf("cancel XXIII: %d %.300s", res.status, res.body)
		}
		for _, lang := range []string{"ru", "zh"} {
			e, body := xxiii(lang)
			b := before[lang]
			seq, err := strconv.Atoi(b[1])
			if err != nil {
				t.Fatal(err)
			}
			if e[0] != b[0] || e[2] != "CANCELLED" || e[1] != strconv.Itoa(seq+1) {
				t.Errorf("%s: XXIII after its cancellation is UID %s, SEQUENCE %s, STATUS %s; want %s, %d, CANCELLED", lang, e[0], e[1], e[2], b[0], seq+1)
			}
			if e[4] != b[4] || e[5] != b[5] {
				t.Errorf("%s: the cancelled event moved: %s %s, was %s %s", lang, e[4], e[5], b[4], b[5])
			}
			for i, l := range strings.Split(body, "\r\n") {
				if len(l) > ical.MaxOctets {
					t.Errorf("%s: line %d has %d octets", lang, i, len(l))
				}
			}
			if lang == "ru" && !strings.Contains(strings.ReplaceAll(body, "\r\n ", ""), reason) {
				t.Errorf("ru: the reason is not in the calendar:\n%s", body)
			}
		}
		if res := f.postForm(t, sec, page, url.Values{"confirm": {"yes"}}); res.status != 409 {
			t.Errorf("cancelling XXIII twice: %d", res.status)
		}
	})
}
