package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/accord-org/accord"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// The feed of sittings: what pushes a change made on any instance to the
// streams of this one. The outbox (sitting_events) is the truth and the
// notification only a wake-up: the feed keeps the id of the last event it
// handed on and reads what follows it, so that a notification lost while
// PostgreSQL was away, or never sent for a transaction of a unit, costs
// only the delay until the next poll, never an event.
const (
	// sittingPoll is how long the feed waits for a wake-up before it
	// reads the outbox anyway.
	sittingPoll = 5 * time.Second
	// The listener's backoff between two failed connections.
	feedMinBackoff = 100 * time.Millisecond
	feedMaxBackoff = 5 * time.Second
)

// LastSittingEvent is the id of the newest event of the outbox, 0 when
// there is none: where a feed starts that hands on only what is new.
func (db *DB) LastSittingEvent(ctx context.Context) (int64, error) {
	return fetch(ctx, db, "last sitting event", func(t *txn) (int64, error) {
		var id int64
		return id, t.queryRow(`SELECT COALESCE(MAX(id), 0) FROM sitting_events`).Scan(&id)
	})
}

// FollowSittings hands publish every event of the outbox after the id
// after, in id order, until ctx ends: on PostgreSQL woken by LISTEN on
// SittingChannel, on a connection of its own that it dials again with
// backoff when PostgreSQL goes away; on SQLite woken by this process's
// own changes. Each failure is told to report (the log) before the feed
// tries again; it returns once ctx ends.
func (db *DB) FollowSittings(ctx context.Context, after int64, publish func(accord.SittingEvent), report func(error)) {
	f := &sittingFeed{db: db, last: after, publish: publish}
	var backoff time.Duration
	for ctx.Err() == nil {
		var caughtUp bool
		var err error
		if db.dialect == Postgres {
			caughtUp, err = f.listen(ctx)
		} else {
			caughtUp, err = f.wait(ctx)
		}
		if ctx.Err() != nil {
			break
		}
		if caughtUp {
			backoff = 0
		}
		backoff = min(max(2*backoff, feedMinBackoff), feedMaxBackoff)
		if err != nil && report != nil {
			report(err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
	}
}

type sittingFeed struct {
	db      *DB
	last    int64
	publish func(accord.SittingEvent)
}

// catchUp hands on every event after the last one handed on.
func (f *sittingFeed) catchUp(ctx context.Context) error {
	for {
		evs, err := f.db.SittingEvents(ctx, 0, f.last, maxSittingEvents)
		if err != nil {
			return err
		}
		for _, e := range evs {
			f.publish(e)
			f.last = e.ID
		}
		if len(evs) < maxSittingEvents {
			return nil
		}
	}
}

// wait is SQLite's feed: woken by ChangeSitting in this process.
func (f *sittingFeed) wait(ctx context.Context) (bool, error) {
	for {
		if err := f.catchUp(ctx); err != nil {
			return false, err
		}
		select {
		case <-ctx.Done():
			return true, nil
		case <-f.db.sittingsChanged:
		case <-time.After(sittingPoll):
		}
	}
}

// listen is PostgreSQL's feed. It listens before it catches up, so that a
// change committed between the two is read by the catch-up or wakes the
// wait after it.
func (f *sittingFeed) listen(ctx context.Context) (bool, error) {
	cfg, err := pgx.ParseConfig(f.db.dsn)
	if err != nil {
		return false, err
	}
	// A wait that times out only sets the socket's deadline; the default
	// would also send PostgreSQL a cancel request at every poll.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+SittingChannel); err != nil {
		return false, err
	}
	caughtUp := false
	for {
		if err := f.catchUp(ctx); err != nil {
			return caughtUp, err
		}
		caughtUp = true
		wait, cancel := context.WithTimeout(ctx, sittingPoll)
		_, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case ctx.Err() != nil:
			return true, nil
		case err != nil && !errors.Is(err, context.DeadlineExceeded):
			return true, err
		}
	}
}

// sittingChanged wakes this process's feed; a wake-up already pending
// covers this change too.
func (db *DB) sittingChanged() {
	select {
	case db.sittingsChanged <- struct{}{}:
	default:
	}
}
