package sqlstore_test

import (
	"strings"
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

// TestMeetingCancellation shows that a planned meeting is cancelled and
// reinstated with its sequence raised each time, both acts audited, and
// that each refused request leaves the meeting as it was.
func TestMeetingCancellation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		m, err := db.FindMeetingByID(ctx, f.sco22.ID)
		ok(t, err)
		unchanged := func(step string, want *accord.Meeting) {
			t.Helper()
			got, err := db.FindMeetingByID(ctx, want.ID)
			ok(t, err)
			equal(t, step, got, want)
		}
		// XXII took place: it is not cancelled, and nothing changes.
		wantErr(t, db.CancelMeeting(ctx, m.ID, ""), accord.ECONFLICT, "")
		unchanged("concluded meeting", m)
		m.Status = accord.Planned
		ok(t, db.UpdateMeeting(ctx, m))
		planned, err := db.FindMeetingByID(ctx, m.ID)
		ok(t, err)

		for _, bad := range []struct{ name, reason string }{
			{"too long", strings.Repeat("я", accord.MaxCancelReason+1)},
			{"control character", "postponed\x00"},
		} {
			wantErr(t, db.CancelMeeting(ctx, m.ID, bad.reason), accord.EINVALID, "reason")
			unchanged(bad.name, planned)
		}
		wantErr(t, db.CancelMeeting(ctx, 999999, ""), accord.ENOTFOUND, "")
		wantErr(t, db.ReinstateMeeting(ctx, m.ID), accord.ECONFLICT, "")
		unchanged("reinstating a meeting that stands", planned)

		ok(t, db.CancelMeeting(ctx, m.ID, "Перенесено по просьбе принимающей стороны"))
		cancelled, err := db.FindMeetingByID(ctx, m.ID)
		ok(t, err)
		if c := cancelled.Cancelled; c == nil || c.Reason != "Перенесено по просьбе принимающей стороны" || !c.At.Equal(sqltest.Now()) ||
			cancelled.Sequence != planned.Sequence+1 || cancelled.Status != accord.Planned {
			t.Fatalf("cancelled: %+v, sequence %d (was %d), status %s", c, cancelled.Sequence, planned.Sequence, cancelled.Status)
		}
		wantErr(t, db.CancelMeeting(ctx, m.ID, "again"), accord.ECONFLICT, "")
		unchanged("cancelling twice", cancelled)
		// An edit keeps the cancellation, and does not open the meeting.
		edit := *cancelled
		edit.Status = accord.InSession
		wantErr(t, db.UpdateMeeting(ctx, &edit), accord.ECONFLICT, "status")
		unchanged("opening a cancelled meeting", cancelled)
		edit = *cancelled
		edit.Cancelled, edit.Theme = nil, accord.Text{"en": "Corrected theme"}
		ok(t, db.UpdateMeeting(ctx, &edit))
		edited, err := db.FindMeetingByID(ctx, m.ID)
		ok(t, err)
		if edited.Cancelled == nil || edited.Sequence != cancelled.Sequence {
			t.Errorf("an edit of the theme: cancelled %v, sequence %d; want kept, %d", edited.Cancelled, edited.Sequence, cancelled.Sequence)
		}

		ok(t, db.ReinstateMeeting(ctx, m.ID))
		back, err := db.FindMeetingByID(ctx, m.ID)
		ok(t, err)
		if back.Cancelled != nil || back.Sequence != cancelled.Sequence+1 || back.Status != accord.Planned {
			t.Errorf("reinstated: %+v, sequence %d; want none, %d", back.Cancelled, back.Sequence, cancelled.Sequence+1)
		}
		for _, action := range []string{"meeting.cancel", "meeting.reinstate"} {
			rs, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: action, Resource: "meeting/" + itoa(m.ID)})
			ok(t, err)
			if len(rs) != 1 {
				t.Errorf("%s: %d audit records, want 1", action, len(rs))
			}
		}
	})
}
