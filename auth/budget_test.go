package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBudgetBoundsMemory runs 20 hashes at once under a budget that holds
// three: no more than three run together, and every one runs.
func TestBudgetBoundsMemory(t *testing.T) {
	b := NewBudget(3*64, 5*time.Second, 64)
	var running, peak, done atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			release, err := b.Acquire(context.Background(), 64)
			if err != nil {
				t.Error(err)
				return
			}
			n := running.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(2 * time.Millisecond)
			running.Add(-1)
			done.Add(1)
			release()
		})
	}
	wg.Wait()
	if peak.Load() > 3 || done.Load() != 20 {
		t.Errorf("peak %d hashes at once (want at most 3), %d of 20 done", peak.Load(), done.Load())
	}
	if st := b.Stats(); st.UsedKiB != 0 || st.Running != 0 || st.Waiting != 0 || st.Refused != 0 {
		t.Errorf("stats after: %+v", st)
	}
}

// TestBudgetRefuses checks the refusals: after the wait, at once when the
// queue is full, and when the caller gives up; and that a hash larger than
// the budget runs alone rather than never.
func TestBudgetRefuses(t *testing.T) {
	b := NewBudget(128, 20*time.Millisecond, 1)
	hold, err := b.Acquire(context.Background(), 128)
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan error)
	go func() {
		_, err := b.Acquire(context.Background(), 64)
		waited <- err
	}()
	for b.Stats().Waiting != 1 {
		time.Sleep(time.Millisecond)
	}
	if _, err := b.Acquire(context.Background(), 64); !errors.Is(err, ErrBusy) {
		t.Errorf("with the queue full: %v, want ErrBusy at once", err)
	}
	if err := <-waited; !errors.Is(err, ErrBusy) {
		t.Errorf("after the wait: %v, want ErrBusy", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Acquire(ctx, 64); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled caller: %v", err)
	}
	if st := b.Stats(); st.Refused != 3 || st.Waiting != 0 || st.Running != 1 {
		t.Errorf("stats: %+v", st)
	}
	hold()
	hold() // twice is once
	big, err := b.Acquire(context.Background(), 1<<20)
	if err != nil {
		t.Fatalf("a hash larger than the budget: %v", err)
	}
	if st := b.Stats(); st.UsedKiB != 128 {
		t.Errorf("a hash larger than the budget holds %d KiB, want all 128", st.UsedKiB)
	}
	big()
}
