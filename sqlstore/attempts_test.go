package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestClaimAttemptRace claims 20 attempts at once under keys with a limit
// of 5: exactly 5 are counted, a key without a limit counts those 5 only,
// and clearing an attempt gives its place back.
func TestClaimAttemptRace(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := sqltest.Now()
		since := now.Add(-15 * time.Minute)
		keys := []accord.AttemptKey{{Key: "ip:192.0.2.1", Limit: 30, Since: since}, {Key: "account:a@example.org ip:192.0.2.1", Limit: 5, Since: since},
			{Key: "account:a@example.org", Since: since}}
		var mu sync.Mutex
		var claimed []*accord.Attempt
		refused := 0
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				a, err := db.ClaimAttempt(ctx, keys, now, since)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					t.Error(err)
				case a.Refused == keys[1].Key && len(a.IDs) == 0:
					refused++
				case a.Refused == "" && len(a.IDs) == 3:
					claimed = append(claimed, a)
				default:
					t.Errorf("attempt %+v", a)
				}
			})
		}
		wg.Wait()
		if len(claimed) != 5 || refused != 15 {
			t.Fatalf("%d claimed and %d refused, want 5 and 15", len(claimed), refused)
		}
		seen := map[int]bool{}
		for _, a := range claimed {
			seen[a.Counts[1]] = true
		}
		if len(seen) != 5 {
			t.Errorf("the claims did not see each other: counts before them %v", seen)
		}
		for i, want := range []int{5, 5, 5} {
			if n, err := db.CountLoginFailures(ctx, keys[i].Key, since); err != nil || n != want {
				t.Errorf("%s counts %d (%v), want %d", keys[i].Key, n, err, want)
			}
		}
		if err := db.ClearAttempt(ctx, claimed[0]); err != nil {
			t.Fatal(err)
		}
		if a, err := db.ClaimAttempt(ctx, keys, now, since); err != nil || a.Refused != "" {
			t.Errorf("after clearing one: %+v %v", a, err)
		}
		// Attempts older than the window do not count.
		later := []accord.AttemptKey{{Key: keys[1].Key, Limit: 5, Since: now.Add(time.Second)}}
		if a, err := db.ClaimAttempt(ctx, later, now.Add(time.Second), since); err != nil || a.Refused != "" || a.Counts[0] != 0 {
			t.Errorf("after the window: %+v %v", a, err)
		}
	})
}

// TestClaimAttemptPrunes checks that claims delete the attempts from
// before the window they are given, a bounded batch at a time, and keep
// every attempt inside it.
func TestClaimAttemptPrunes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		start := sqltest.Now()
		claim := func(key string, n int, at time.Time) {
			t.Helper()
			keys := make([]accord.AttemptKey, n)
			for i := range keys {
				keys[i] = accord.AttemptKey{Key: key, Since: at.Add(-time.Hour)}
			}
			if _, err := db.ClaimAttempt(ctx, keys, at, at.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		count := func(key string) int {
			t.Helper()
			n, err := db.CountLoginFailures(ctx, key, start.Add(-24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		claim("old", 150, start)
		claim("now", 1, start.Add(30*time.Minute))
		if got := count("old"); got != 150 {
			t.Errorf("a claim inside the window pruned: %d of 150 attempts remain", got)
		}
		claim("recent", 3, start.Add(90*time.Minute))
		if got := count("old"); got != 50 {
			t.Errorf("after one claim past the window, %d of 150 expired attempts remain, want 50 (a batch of 100 pruned)", got)
		}
		claim("now", 1, start.Add(2*time.Hour))
		for key, want := range map[string]int{"old": 0, "recent": 3, "now": 1} {
			if got := count(key); got != want {
				t.Errorf("%s: %d attempts, want %d", key, got, want)
			}
		}
	})
}
