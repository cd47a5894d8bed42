package sqlstore_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// follow starts a feed from after and returns the events it hands on.
func follow(t *testing.T, db *sqlstore.DB, after int64) <-chan accord.SittingEvent {
	t.Helper()
	out := make(chan accord.SittingEvent, 100)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.FollowSittings(ctx, after, func(e accord.SittingEvent) { out <- e }, func(err error) { t.Log("feed:", err) })
	}()
	t.Cleanup(func() { stop(); <-done })
	return out
}

// TestSittingFeed hands on every event in id order, from where it was
// told to start, on both engines.
func TestSittingFeed(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		_, first, err := db.ChangeSitting(ctx, f.sco22.ID, accord.SittingCommand{Kind: accord.SittingOpened})
		ok(t, err)
		last, err := db.LastSittingEvent(ctx)
		ok(t, err)
		equal(t, "last event", last, first.ID)
		feed := follow(t, db, last)
		var want []int64
		for i := range 3 {
			_, ev, err := db.ChangeSitting(ctx, f.sco22.ID, accord.SittingCommand{Kind: accord.ScreenSet, Message: "pause " + strconv.Itoa(i)})
			ok(t, err)
			want = append(want, ev.ID)
		}
		for _, id := range want {
			if e := <-feed; e.ID != id {
				t.Fatalf("feed gave %+v, want id %d", e, id)
			}
		}
	})
}

// TestSittingFeedReconnects cuts the feed's connection to PostgreSQL: the
// feed dials again, reads what was written while it was away, and loses
// nothing.
//
// Not parallel: it ends a connection of the server, found by an
// application name of its own.
func TestSittingFeedReconnects(t *testing.T) {
	name := "accord_feed_test_" + strconv.FormatUint(rand.Uint64(), 36)
	dsn := sqltest.DSN(t, sqlstore.Postgres) + "&application_name=" + name
	ctx := t.Context()
	db, err := sqlstore.Open(ctx, dsn, sqltest.Now)
	ok(t, err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	ok(t, err)
	f := seed(t, db)
	feed := follow(t, db, 0)
	_, ev, err := db.ChangeSitting(ctx, f.sco22.ID, accord.SittingCommand{Kind: accord.SittingOpened})
	ok(t, err)
	equal(t, "first event", (<-feed).ID, ev.ID)

	admin, err := sql.Open("pgx", dsn)
	ok(t, err)
	defer admin.Close()
	var cut int
	ok(t, admin.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND query LIKE 'LISTEN%'`, name).Scan(&cut))
	equal(t, "listeners cut", cut, 1)
	var want []int64
	for i := range 3 {
		_, ev, err := db.ChangeSitting(ctx, f.sco22.ID, accord.SittingCommand{Kind: accord.ScreenSet, Message: "after the cut " + strconv.Itoa(i)})
		ok(t, err)
		want = append(want, ev.ID)
	}
	for _, id := range want {
		if e := <-feed; e.ID != id {
			t.Fatalf("after the cut the feed gave %+v, want id %d", e, id)
		}
	}
}
