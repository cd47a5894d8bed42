package sqlstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestMeetingSequence shows that a meeting's calendar sequence rises with
// each change of its dates, place or status, and only then, and that
// LAST-MODIFIED follows every change, by the injectable clock.
func TestMeetingSequence(t *testing.T) {
	now := sqltest.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func() { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Hour) }
	sqltest.RunWithClock(t, clock, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		mu.Lock()
		now = sqltest.Now() // each engine starts from the same time
		mu.Unlock()
		f := seed(t, db)
		m, err := db.FindMeetingByID(ctx, f.sco22.ID)
		ok(t, err)
		if m.Sequence != 0 || !m.Modified.Equal(sqltest.Now()) {
			t.Fatalf("new meeting: sequence %d, modified %v; want 0, %v", m.Sequence, m.Modified, sqltest.Now())
		}
		for _, c := range []struct {
			name   string
			change func(m *accord.Meeting)
			want   int
		}{
			{"theme only", func(m *accord.Meeting) { m.Theme = accord.Text{"en": "Another theme"} }, 0},
			{"note only", func(m *accord.Meeting) { m.Note = "day approximate" }, 0},
			{"end date", func(m *accord.Meeting) { m.End = accord.MustDate("2024-07-26") }, 1},
			{"venue", func(m *accord.Meeting) { m.Venue = accord.Text{"en": "Another hall"} }, 2},
			{"city", func(m *accord.Meeting) { m.City = accord.Text{"en": "Cholpon-Ata"} }, 3},
			{"status", func(m *accord.Meeting) {
				m.Status = map[accord.MeetingStatus]accord.MeetingStatus{accord.Concluded: accord.Planned}[m.Status]
			}, 4},
			{"nothing", func(m *accord.Meeting) {}, 4},
		} {
			advance()
			m, err := db.FindMeetingByID(ctx, f.sco22.ID)
			ok(t, err)
			c.change(m)
			m.Sequence = 99 // the caller's value is ignored
			ok(t, db.UpdateMeeting(ctx, m))
			got, err := db.FindMeetingByID(ctx, f.sco22.ID)
			ok(t, err)
			if got.Sequence != c.want || !got.Modified.Equal(clock()) {
				t.Errorf("%s: sequence %d, modified %v; want %d, %v", c.name, got.Sequence, got.Modified, c.want, clock())
			}
		}
		// A refused change leaves the sequence as it was.
		m, err = db.FindMeetingByID(ctx, f.sco22.ID)
		ok(t, err)
		m.Start = accord.MustDate("2024-08-01") // after the end
		if err := db.UpdateMeeting(ctx, m); accord.ErrorCode(err) != accord.EINVALID {
			t.Fatalf("start after end: %v", err)
		}
		if got, err := db.FindMeetingByID(ctx, f.sco22.ID); err != nil || got.Sequence != 4 {
			t.Errorf("after a refused change: sequence %d, %v; want 4", got.Sequence, err)
		}
	})
}
