package http

import (
	"testing"
	"time"
)

// TestStormWatch: the memory of a storm of streams opening is given back
// once, when the last of them is open, and not for a few streams, nor
// twice within stormGap.
func TestStormWatch(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	// wave opens n streams at once, then lets them all be open at at,
	// and counts the returns of memory.
	wave := func(w *stormWatch, n int, at time.Time) (returns int) {
		for range n {
			w.enter()
		}
		for range n {
			if w.leave(at) {
				returns++
			}
		}
		return returns
	}
	cases := []struct {
		name  string
		waves []int           // streams opening at once, wave by wave
		gaps  []time.Duration // time of each wave after t0
		want  []int           // memory returns after each wave
	}{
		{"a few streams", []int{1, stormSize - 1}, []time.Duration{0, time.Second}, []int{0, 0}},
		{"a storm", []int{stormSize}, []time.Duration{0}, []int{1}},
		{"small waves never add up to a storm", []int{stormSize / 2, stormSize / 2}, []time.Duration{0, time.Second}, []int{0, 0}},
		{"two storms within the gap: the second waits for the next end",
			[]int{stormSize, stormSize, 1}, []time.Duration{0, stormGap / 2, stormGap}, []int{1, 0, 1}},
		{"two storms past the gap", []int{10000, 10000}, []time.Duration{0, stormGap}, []int{1, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &stormWatch{}
			for i, n := range c.waves {
				if got := wave(w, n, t0.Add(c.gaps[i])); got != c.want[i] {
					t.Errorf("wave %d of %d streams at +%s: %d returns of memory, want %d", i, n, c.gaps[i], got, c.want[i])
				}
			}
			if w.opening != 0 {
				t.Errorf("%d streams still counted as opening", w.opening)
			}
		})
	}
	// A storm's streams still opening hold the return back.
	w := &stormWatch{}
	for range stormSize + 1 {
		w.enter()
	}
	for i := range stormSize {
		if w.leave(t0) {
			t.Fatalf("memory given back with %d streams still opening", stormSize-i)
		}
	}
	if !w.leave(t0) {
		t.Error("memory not given back when the last of the storm was open")
	}
}
