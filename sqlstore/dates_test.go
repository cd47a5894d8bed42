package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPartialMeetingDates stores meetings known to the year or the month,
// on both engines: they read back as stored, sort as their text does (a
// year before the days in it), a year filter finds them, and a handover or
// a signing that needs a day is refused with nothing written.
func TestPartialMeetingDates(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		seed(t, db)
		ctx := t.Context()
		var stored []*accord.Meeting
		for i, span := range [][2]string{{"2026", "2026"}, {"2026-09", "2026-09"}, {"2026-03-01", "2026-03-02"}, {"2026-09-28", "2026-10"}, {"2025", "2025"}} {
			m := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 30 + i, Host: "KG", City: accord.Text{}, Venue: accord.Text{}, Theme: accord.Text{},
				Start: date(span[0]), End: date(span[1]), Format: accord.InPerson, Status: accord.Planned}
			ok(t, db.CreateMeeting(ctx, m))
			got, err := db.FindMeetingByID(ctx, m.ID)
			ok(t, err)
			equal(t, "meeting "+span[0], got, m)
			stored = append(stored, m)
		}
		ms, err := db.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM", Year: 2026})
		ok(t, err)
		var order []string
		for _, m := range ms {
			order = append(order, m.Start.String())
		}
		equal(t, "meetings of 2026", strings.Join(order, " "), "2026 2026-03-01 2026-09 2026-09-28")

		// The engines' own order agrees with the domain's.
		ms, err = db.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM"})
		ok(t, err)
		for i := 1; i < len(ms); i++ {
			if ms[i-1].Start.Compare(ms[i].Start) > 0 {
				t.Errorf("listed %s before %s", ms[i-1].Start, ms[i].Start)
			}
		}

		// An edit keeps the precision it is given.
		m := stored[0]
		m.Start, m.End = date("2026-11"), date("2026-11")
		ok(t, db.UpdateMeeting(ctx, m))
		got, err := db.FindMeetingByID(ctx, m.ID)
		ok(t, err)
		equal(t, "edited meeting", got.Start.String()+"/"+got.End.String(), "2026-11/2026-11")

		_, audits, err := db.ListAudit(ctx, accord.AuditFilter{})
		ok(t, err)
		// A handover at a meeting known by its year needs its own date.
		_, err = db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", MeetingID: stored[4].ID})
		if accord.ErrorField(err) != "date" || accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("handover at a meeting of 2025: %v", err)
		}
		_, after, err := db.ListAudit(ctx, accord.AuditFilter{})
		ok(t, err)
		equal(t, "audit entries after the refusals", after, audits)
	})
}
