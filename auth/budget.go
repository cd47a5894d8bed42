package auth

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/accord-org/accord"
)

// DefaultHashMemory is the memory, in KiB, that password hashing may hold
// at once unless configured otherwise: four hashes at PasswordParams'
// 64 MiB. A fifth sign-in waits for one of them.
const DefaultHashMemory = 4 * 64 * 1024

// HashWait is how long a sign-in waits for room in the budget before it is
// refused, and HashQueue how many may wait at once.
const (
	HashWait  = 2 * time.Second
	HashQueue = 64
)

// ErrBusy is the cause of a sign-in refused because the hashing budget was
// spent for longer than it may wait.
var ErrBusy = errors.New("auth: the password hashing budget is spent")

func errBusy() error {
	return &accord.Error{Code: accord.EUNAVAILABLE, Message: "The server is busy with other sign-ins. Try again in a few seconds.", Err: ErrBusy}
}

// Budget bounds the memory password hashing holds at once: argon2id takes
// its full cost in memory for every hash, so twenty parallel sign-ins at
// 64 MiB would take over a gigabyte. Hashes wait in arrival order for room,
// briefly, and are refused after that.
type Budget struct {
	total    uint64 // KiB
	wait     time.Duration
	maxQueue int

	mu      sync.Mutex
	used    uint64
	running int
	queue   []*hashWaiter
	refused uint64
}

type hashWaiter struct {
	need  uint64
	ready chan struct{}
}

// NewBudget returns a budget of totalKiB, where a hash waits at most wait
// and at most maxQueue hashes wait at once.
func NewBudget(totalKiB uint64, wait time.Duration, maxQueue int) *Budget {
	return &Budget{total: max(totalKiB, 1), wait: wait, maxQueue: maxQueue}
}

// BudgetStats is what a budget is doing now, and how many hashes it has
// refused since it was made: for metrics.
type BudgetStats struct {
	TotalKiB, UsedKiB uint64
	Running, Waiting  int
	Refused           uint64
}

// Stats returns the budget's current use.
func (b *Budget) Stats() BudgetStats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return BudgetStats{TotalKiB: b.total, UsedKiB: b.used, Running: b.running, Waiting: len(b.queue), Refused: b.refused}
}

// RetryAfter is what a refused client is told to wait.
func (b *Budget) RetryAfter() time.Duration { return max(b.wait, time.Second) }

// Acquire takes kib of the budget, waiting for room, and returns the
// function that gives it back. A hash larger than the whole budget takes
// all of it, so that it runs alone rather than never.
func (b *Budget) Acquire(ctx context.Context, kib uint64) (release func(), err error) {
	need := min(max(kib, 1), b.total)
	b.mu.Lock()
	if len(b.queue) == 0 && b.used+need <= b.total {
		b.used += need
		b.running++
		b.mu.Unlock()
		return b.releaser(need), nil
	}
	if len(b.queue) >= b.maxQueue {
		b.refused++
		b.mu.Unlock()
		return nil, errBusy()
	}
	w := &hashWaiter{need: need, ready: make(chan struct{})}
	b.queue = append(b.queue, w)
	b.mu.Unlock()

	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	var cause error
	select {
	case <-w.ready:
		return b.releaser(need), nil
	case <-timer.C:
		cause = errBusy()
	case <-ctx.Done():
		cause = ctx.Err()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-w.ready: // granted while giving up: give it back
		b.used -= need
		b.running--
	default:
		for i, q := range b.queue {
			if q == w {
				b.queue = append(b.queue[:i], b.queue[i+1:]...)
				break
			}
		}
	}
	b.refused++
	b.grant()
	return nil, cause
}

func (b *Budget) releaser(need uint64) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.used -= need
			b.running--
			b.grant()
		})
	}
}

// grant lets the waiters at the head of the queue run while they fit. The
// head waits for room even when a smaller hash behind it would fit, so
// that a large hash is not starved.
func (b *Budget) grant() {
	for len(b.queue) > 0 && b.used+b.queue[0].need <= b.total {
		w := b.queue[0]
		b.queue = b.queue[1:]
		b.used += w.need
		b.running++
		close(w.ready)
	}
}
