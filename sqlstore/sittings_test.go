package sqlstore_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/jackc/pgx/v5"
)

// sittingCounts is what a refused command must leave as it was.
func sittingCounts(t *testing.T, db *sqlstore.DB, meeting int64) (int64, int) {
	t.Helper()
	s, err := db.Sitting(t.Context(), meeting)
	ok(t, err)
	evs, err := db.SittingEvents(t.Context(), 0, 0, 0)
	ok(t, err)
	return s.Version, len(evs)
}

func TestSittings(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		m := f.sco22.ID

		s, err := db.Sitting(ctx, m)
		ok(t, err)
		equal(t, "a meeting never in session", s.InSession || s.Version != 0, false)
		_, err = db.Sitting(ctx, 999999)
		wantErr(t, err, accord.ENOTFOUND, "")

		var events []accord.SittingEvent
		for _, c := range []accord.SittingCommand{
			{Kind: accord.SittingOpened},
			{Kind: accord.ItemOpened, Item: f.statement.ID},
			{Kind: accord.FloorRequested, State: "KG"},
			{Kind: accord.FloorGiven, Request: 1, Limit: 3 * time.Minute},
		} {
			_, ev, err := db.ChangeSitting(ctx, m, c)
			ok(t, err)
			events = append(events, ev)
		}
		s, err = db.Sitting(ctx, m)
		ok(t, err)
		if !s.InSession || s.Item != f.statement.ID || s.Floor == nil || s.Floor.State != "KG" || s.Floor.Limit != 3*time.Minute || s.Version != 4 {
			t.Fatalf("stored state %+v", s)
		}
		got, err := db.SittingEvents(ctx, m, 0, 0)
		ok(t, err)
		equal(t, "events", got, events)
		for i := 1; i < len(got); i++ {
			if got[i].ID <= got[i-1].ID || got[i].Version != int64(i+1) {
				t.Errorf("event %d: %+v after %+v", i, got[i], got[i-1])
			}
		}
		after, err := db.SittingEvents(ctx, 0, events[1].ID, 1)
		ok(t, err)
		equal(t, "one event after the second", after, events[2:3])
		_, err = db.SittingEvents(ctx, 999999, 0, 0)
		wantErr(t, err, accord.ENOTFOUND, "")

		// A second meeting of the body cannot sit the same day; another
		// body's can.
		sco23 := *f.sco22
		sco23.ID, sco23.Number = 0, 23
		ok(t, db.CreateMeeting(ctx, &sco23))
		for _, tc := range []struct {
			name        string
			meeting     int64
			cmd         accord.SittingCommand
			code, field string
		}{
			{"a second meeting of the body in session today", sco23.ID, accord.SittingCommand{Kind: accord.SittingOpened}, accord.ECONFLICT, "kind"},
			{"a state with no delegation at the meeting", m, accord.SittingCommand{Kind: accord.FloorRequested, State: "PK"}, accord.EINVALID, "state"},
			{"an item of another meeting", m, accord.SittingCommand{Kind: accord.ItemOpened, Item: f.otsItem.ID}, accord.EINVALID, "item"},
			{"the floor while not in session", f.ots3.ID, accord.SittingCommand{Kind: accord.FloorGiven, Request: 1}, accord.ECONFLICT, "kind"},
			{"an absurd timer", m, accord.SittingCommand{Kind: accord.TimerSet, Limit: 1000 * time.Hour}, accord.EINVALID, "limit"},
			{"a screen language the SCO does not use", m, accord.SittingCommand{Kind: accord.ScreenSet, Lang: "fr"}, accord.EINVALID, "lang"},
			{"an unknown meeting", 999999, accord.SittingCommand{Kind: accord.SittingOpened}, accord.ENOTFOUND, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				version, n := sittingCounts(t, db, m)
				_, _, err := db.ChangeSitting(ctx, tc.meeting, tc.cmd)
				wantErr(t, err, tc.code, tc.field)
				v2, n2 := sittingCounts(t, db, m)
				if v2 != version || n2 != n {
					t.Errorf("a refused command changed the sitting: version %d→%d, events %d→%d", version, v2, n, n2)
				}
			})
		}
		_, _, err = db.ChangeSitting(ctx, f.ots3.ID, accord.SittingCommand{Kind: accord.SittingOpened})
		ok(t, err)
		// Once the first leaves session, the second may sit.
		_, _, err = db.ChangeSitting(ctx, m, accord.SittingCommand{Kind: accord.SittingClosed})
		ok(t, err)
		_, _, err = db.ChangeSitting(ctx, sco23.ID, accord.SittingCommand{Kind: accord.SittingOpened})
		ok(t, err)

		// Every change is audited, under the meeting's sitting.
		recs, _, err := db.ListAudit(ctx, accord.AuditFilter{Resource: "sitting/" + strconv.FormatInt(m, 10) + "", Action: "sitting."})
		ok(t, err)
		equal(t, "audit records of the sitting", len(recs), 5)
	})
}

// Chairs pressing at once are judged one after the other: every command
// gets its own version, and none is lost.
func TestSittingConcurrentCommands(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		m := f.sco22.ID
		_, _, err := db.ChangeSitting(ctx, m, accord.SittingCommand{Kind: accord.SittingOpened})
		ok(t, err)
		const n = 16
		var wg sync.WaitGroup
		versions := make(chan int64, n)
		for i := range n {
			wg.Go(func() {
				_, ev, err := db.ChangeSitting(ctx, m, accord.SittingCommand{Kind: accord.ScreenSet, Message: "pause " + strconv.Itoa(i)})
				if err != nil {
					t.Error(err)
					return
				}
				versions <- ev.Version
			})
		}
		wg.Wait()
		close(versions)
		seen := map[int64]bool{}
		for v := range versions {
			if seen[v] {
				t.Errorf("version %d given twice", v)
			}
			seen[v] = true
		}
		s, err := db.Sitting(ctx, m)
		ok(t, err)
		equal(t, "version", s.Version, int64(n+1))
		evs, err := db.SittingEvents(ctx, m, 0, 0)
		ok(t, err)
		equal(t, "events", len(evs), n+1)
	})
}

// On PostgreSQL a committed change notifies the channel every instance
// listens to, with the event's id.
//
// Not parallel: events of this package's other tests, in schemas of their
// own, number from 1 too and would notify the same ids.
func TestSittingNotifies(t *testing.T) {
	dsn := sqltest.DSN(t, sqlstore.Postgres)
	ctx := t.Context()
	db, err := sqlstore.Open(ctx, dsn, sqltest.Now)
	ok(t, err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	ok(t, err)
	f := seed(t, db)
	conn, err := pgx.Connect(ctx, dsn)
	ok(t, err)
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, "LISTEN "+sqlstore.SittingChannel)
	ok(t, err)

	_, ev, err := db.ChangeSitting(ctx, f.sco22.ID, accord.SittingCommand{Kind: accord.SittingOpened})
	ok(t, err)
	// The channel is the server's, shared with the other tests' schemas,
	// whose events notify it too: read until this event's id comes.
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		n, err := conn.WaitForNotification(wait)
		if err != nil {
			t.Fatalf("no notification of event %d: %v", ev.ID, err)
		}
		if n.Payload == strconv.FormatInt(ev.ID, 10) {
			break
		}
	}
}
