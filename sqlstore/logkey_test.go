package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestLogKeyRecordedOnce: the first key offered is the log's; later ones
// are answered with it and change nothing.
func TestLogKeyRecordedOnce(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := accord.WithActor(t.Context(), &accord.Actor{Label: "test"})
		_, err := db.LogKey(ctx)
		wantErr(t, err, accord.ENOTFOUND, "")
		const first, second = "example.org/log+01234567+first", "example.org/log+89abcdef+second"
		got, err := db.RecordLogKey(ctx, first)
		ok(t, err)
		equal(t, "recorded", got, first)
		got, err = db.RecordLogKey(ctx, second)
		ok(t, err)
		equal(t, "answered", got, first)
		got, err = db.LogKey(ctx)
		ok(t, err)
		equal(t, "kept", got, first)
		equal(t, "audit", audits(t, db, "log/key"), []string{"log.key.record"})
	})
}

// TestSignerLock: on PostgreSQL, while one instance holds the signer lock
// another's try is refused at once and its wait lasts until the first is
// done; on SQLite, whose writer is one process, the lock always runs.
func TestSignerLock(t *testing.T) {
	t.Parallel()
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			// Two instances: two pools on one database.
			dsn := sqltest.DSN(t, engine)
			db, err := sqlstore.Open(ctx, dsn, nil)
			ok(t, err)
			defer db.Close()
			_, err = db.Migrate(ctx)
			ok(t, err)
			other, err := sqlstore.Open(ctx, dsn, nil)
			ok(t, err)
			defer other.Close()

			holding, release := make(chan struct{}), make(chan struct{})
			first := make(chan error, 1)
			go func() {
				_, err := db.WithSignerLock(ctx, false, func(context.Context) error {
					close(holding)
					<-release
					return nil
				})
				first <- err
			}()
			<-holding
			ranTry, err := other.WithSignerLock(ctx, false, func(context.Context) error { return nil })
			ok(t, err)
			if want := engine == sqlstore.SQLite; ranTry != want {
				t.Fatalf("a try while another holds the lock ran: %v, want %v", ranTry, want)
			}
			if engine == sqlstore.SQLite {
				close(release)
				ok(t, <-first)
				return
			}
			waited := make(chan time.Time, 1)
			// waiterDone is closed once the waiter's transaction has
			// ended and let the lock go: its callback's send comes
			// before that, and a try made between the two would find
			// the lock still held.
			waiterDone := make(chan struct{})
			go func() {
				defer close(waiterDone)
				other.WithSignerLock(ctx, true, func(context.Context) error { waited <- time.Now(); return nil })
			}()
			time.Sleep(200 * time.Millisecond)
			released := time.Now()
			close(release)
			ok(t, <-first)
			if at := <-waited; at.Before(released) {
				t.Errorf("the waiting signer ran before the lock was released")
			}
			<-waiterDone
			ran, err := other.WithSignerLock(ctx, false, func(context.Context) error { return nil })
			if !ran || err != nil {
				t.Fatalf("a try once the lock is free: ran %v, %v", ran, err)
			}
		})
	}
}
