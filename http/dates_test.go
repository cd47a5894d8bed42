package http_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPartialMeetingDates creates planned meetings known to the year or the
// month through the API, without a city, and reads them back as sent.
func TestPartialMeetingDates(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/api/v1/organizations/SCO/bodies/PGM"
		for _, c := range []struct{ number, start, end, status string }{
			{"30", "2030", "2030", "planned"},
			{"31", "2031-09", "2031-09", "planned"},
			{"32", "2032-09-28", "2032-10", "planned"},
			{"33", "2010", "2010", "concluded"},
		} {
			res := f.do(t, request{method: "POST", path: pgm + "/meetings", cookie: sec,
				body: `{"number":"` + c.number + `","host":"PK","start":"` + c.start + `","end":"` + c.end + `","status":"` + c.status + `"}`})
			if res.status != 201 {
				t.Fatalf("meeting %s: %d %s", c.number, res.status, res.body)
			}
			m := decode[accord.Meeting](t, res)
			if m.Start.String() != c.start || m.End.String() != c.end || len(m.City) != 0 {
				t.Errorf("meeting %s: %+v", c.number, m)
			}
			var raw map[string]any
			json.Unmarshal([]byte(res.body), &raw)
			if raw["start"] != c.start || raw["end"] != c.end {
				t.Errorf("meeting %s in JSON: start %v end %v", c.number, raw["start"], raw["end"])
			}
		}
		res := f.do(t, request{path: pgm + "/meetings?year=2030"})
		if !strings.Contains(res.body, `"start": "2030"`) {
			t.Errorf("the year filter misses a meeting known by its year: %.400s", res.body)
		}
		for lang, want := range map[string][]string{
			"en": {">2030<", "September 2031", "28 September 2032 – October 2032"},
			"ru": {"2030 г.", "сентябрь 2031 г.", "28 сентября 2032 г. – октябрь 2032 г."},
			"zh": {"2030年", "2031年9月", "2032年9月28日至2032年10月"},
		} {
			page := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings?lang=" + lang})
			for _, w := range want {
				if !strings.Contains(page.body, w) && !strings.Contains(plain(page.body), w) {
					t.Errorf("%s list lacks %q", lang, w)
				}
			}
		}
	})
}

// TestPartialMeetingDatesBadInput sends dates that are not dates, and spans
// that end before they start, to the API: each is a 400 naming the field,
// and nothing is written.
func TestPartialMeetingDatesBadInput(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/api/v1/organizations/SCO/bodies/PGM"
		before := counts(t, db)
		for _, c := range []struct{ name, path, body, field string }{
			{"month 13", pgm + "/meetings", `{"number":30,"host":"PK","start":"2026-13","end":"2026-13"}`, "start"},
			{"30 February", pgm + "/meetings", `{"number":30,"host":"PK","start":"2026-02-01","end":"2026-02-30"}`, "end"},
			{"two-digit year", pgm + "/meetings", `{"number":30,"host":"PK","start":"26","end":"2026"}`, "start"},
			{"a range in one field", pgm + "/meetings", `{"number":30,"host":"PK","start":"2011-10-20/21","end":"2011-10-21"}`, "start"},
			{"end year before start", pgm + "/meetings", `{"number":30,"host":"PK","start":"2027","end":"2026"}`, "end"},
			{"end month before start day", pgm + "/meetings", `{"number":30,"host":"PK","start":"2026-09-15","end":"2026-09"}`, "end"},
			{"in session in a month", pgm + "/meetings", `{"number":30,"host":"PK","start":"2026-09","end":"2026-09","status":"in_session"}`, "start"},
			{"edit into a year before the start", pgm + "/meetings/22", `{"end":"2023"}`, "end"},
			{"membership from a year", "/api/v1/organizations/SCO/memberships", `{"state":"FR","status":"partner","from":"2020"}`, "from"},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := f.do(t, request{method: "POST", path: c.path, body: c.body, cookie: sec})
				var e struct{ Error struct{ Field string } }
				json.Unmarshal([]byte(res.body), &e)
				if res.status != 400 || e.Error.Field != c.field {
					t.Errorf("%d field %q, want 400 field %q\n%s", res.status, e.Error.Field, c.field, res.body)
				}
				if after := counts(t, db); after != before {
					t.Errorf("the database changed:\n%s\n%s", before, after)
				}
			})
		}
	})
}
