package sqlstore_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// The crash child is this test binary run again with these variables set.
const (
	crashDSN  = "ACCORD_TEST_CRASH_DSN"
	crashUser = "ACCORD_TEST_CRASH_USER"
	crashAt   = "ACCORD_TEST_CRASH_AT"
)

// crashKey is the key of the request the child runs and the parent retries.
func crashKey(user int64) *accord.IdempotencyKey {
	return &accord.IdempotencyKey{UserID: user, Scope: "POST /api/v1/states", Key: "crash-1", RequestHash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
}

// addState is the idempotent request: it adds the state XX and answers 201.
func addState(db *sqlstore.DB, k *accord.IdempotencyKey) error {
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	return db.RunIdempotent(ctx, k, func(ctx context.Context) (int, []byte) {
		if err := db.CreateState(ctx, &accord.State{Code: "XX", Names: accord.Text{"en": "Crashland"}}); err != nil {
			return 500, nil
		}
		return 201, []byte(`{"code":"XX"}`)
	})
}

// TestCrashChild is the server that dies: it claims the key, runs the
// request, and kills itself with SIGKILL before its transaction commits
// (ACCORD_TEST_CRASH_AT=commit) or after, before it could answer (answer).
func TestCrashChild(t *testing.T) {
	dsn := os.Getenv(crashDSN)
	if dsn == "" {
		t.Skip("run by TestIdempotentRequestSurvivesCrash")
	}
	db, err := sqlstore.Open(context.Background(), dsn, sqltest.Now)
	if err != nil {
		t.Fatal(err)
	}
	user, err := strconv.ParseInt(os.Getenv(crashUser), 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", crashUser, err)
	}
	kill := func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	if os.Getenv(crashAt) == "commit" {
		db.SetBeforeAnswer(kill)
	}
	k := crashKey(user)
	if _, claimed, err := db.ClaimIdempotencyKey(context.Background(), k); err != nil || !claimed {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := addState(db, k); err != nil {
		t.Fatal(err)
	}
	kill()
}

// TestIdempotentRequestSurvivesCrash kills the server inside an idempotent
// request's transaction, and after it, and retries: the retry either gets
// the stored answer (both the change and the answer were stored) or, once
// the claim's lease ran out, runs (neither was). No key stays stuck.
func TestIdempotentRequestSurvivesCrash(t *testing.T) {
	for _, engine := range sqltest.Engines {
		for _, at := range []string{"commit", "answer"} {
			t.Run(engine+"/"+at, func(t *testing.T) {
				var mu sync.Mutex
				now := sqltest.Now()
				clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
				dsn := sqltest.DSN(t, engine)
				db, err := sqlstore.Open(t.Context(), dsn, clock)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.Migrate(t.Context()); err != nil {
					t.Fatal(err)
				}
				u := &accord.User{Name: "Officer", Email: "officer@example.org"}
				ok(t, db.CreateUser(t.Context(), u, "hash"))

				child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
				child.Env = append(os.Environ(), crashDSN+"="+dsn, crashUser+"="+strconv.FormatInt(u.ID, 10), crashAt+"="+at)
				out, err := child.CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("the child was not killed: %v\n%s", err, out)
				}

				_, err = db.FindState(t.Context(), "XX")
				stored := err == nil
				if stored != (at == "answer") {
					t.Fatalf("killed at %s: the state is stored: %v (%v)", at, stored, err)
				}
				k := crashKey(u.ID)
				got, claimed, err := db.ClaimIdempotencyKey(t.Context(), k)
				if at == "answer" {
					if err != nil || claimed || got.Status != 201 || string(got.Body) != `{"code":"XX"}` {
						t.Fatalf("retry after the commit: claimed %v, %v, %+v", claimed, err, got)
					}
					return
				}
				// Killed before the commit: nothing is stored, and the
				// claim holds until its lease runs out.
				wantErr(t, err, accord.ECONFLICT, "Idempotency-Key")
				mu.Lock()
				now = now.Add(accord.IdempotencyLease + time.Second)
				mu.Unlock()
				if _, claimed, err = db.ClaimIdempotencyKey(t.Context(), k); err != nil || !claimed {
					t.Fatalf("retry after the lease: claimed %v, %v", claimed, err)
				}
				ok(t, addState(db, k))
				if _, err := db.FindState(t.Context(), "XX"); err != nil {
					t.Fatalf("the retry stored nothing: %v", err)
				}
				got, claimed, err = db.ClaimIdempotencyKey(t.Context(), crashKey(u.ID))
				if err != nil || claimed || got.Status != 201 {
					t.Fatalf("replay of the retry: claimed %v, %v, %+v", claimed, err, got)
				}
			})
		}
	}
}
