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
			"zh": {"2030年", "2031年9月", "2032年9月28日 – 2032年10月"},
		} {
			page := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings?lang=" + lang})
			for _, w := range want {
				if !strings.Contains(page.body, w) {
					t.Errorf("%s list lacks %q", lang, w)
				}
			}
		}
	})
}
