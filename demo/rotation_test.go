package demo_test

import (
	"slices"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/rotation"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestRotationOnDemo checks the promises on the demo data: the
// forecast after meeting XXII, handovers XVIII to XXII by the rule, the
// deviations before them with no reason recorded, and meeting XV as a gap.
func TestRotationOnDemo(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		_, err := demo.Load(ctx, db, today)
		must(t, err)
		rec, err := rotation.Load(ctx, db, "SCO", "PGM", accord.DateOf(time.Now()))
		must(t, err)
		turns, err := rec.Engine.Forecast(rec.Terms, rec.Meetings, today, 10)
		must(t, err)
		var got []string
		for _, turn := range turns {
			got = append(got, turn.Names["en"])
		}
		want := []string{"Pakistan", "Russia", "Tajikistan", "Uzbekistan", "Belarus", "India", "Iran", "Kazakhstan", "China", "Kyrgyzstan"}
		if !slices.Equal(got, want) {
			t.Errorf("forecast after XXII: %v, want %v", got, want)
		}
		if turns[0].Meeting != 23 || !turns[0].InOffice || turns[9].Meeting != 32 {
			t.Errorf("forecast meetings: %+v … %+v", turns[0], turns[9])
		}

		findings, err := rec.Engine.Check(rec.Terms, rec.Meetings)
		must(t, err)
		byMeeting := map[int]rotation.Finding{}
		gaps := map[[2]int]bool{}
		for _, f := range findings {
			if f.Verdict == rotation.Gap {
				gaps[[2]int{f.MissingFrom, f.MissingTo}] = true
				continue
			}
			byMeeting[f.Meeting] = f
		}
		for n := 18; n <= 22; n++ {
			if f := byMeeting[n]; f.Verdict != rotation.Follows {
				t.Errorf("handover at %s: %+v, want it to follow the rule", accord.Roman(n), f)
			}
		}
		if f := byMeeting[17]; f.Verdict != rotation.Deviates || f.Outgoing.State != "KG" || f.Incoming.State != "UZ" || f.RuleGave != "PK" || f.Reason != "" {
			t.Errorf("XVII Kyrgyzstan → XVIII Uzbekistan: %+v, want a deviation from Pakistan with no reason", f)
		}
		if !gaps[[2]int{15, 15}] || byMeeting[15].Verdict != "" || byMeeting[16].Verdict != rotation.Deviates {
			t.Errorf("meeting XV is not reported as a gap: gaps %v", gaps)
		}

		ots, err := rotation.Load(ctx, db, "OTS", "CGP", accord.DateOf(time.Now()))
		must(t, err)
		if r := ots.Engine.Rule(); r.Kind != accord.RotateByDecision {
			t.Errorf("OTS CGP rule: %+v", r)
		}
	})
}
