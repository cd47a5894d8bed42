package live

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/accord-org/accord"
)

func all(string, accord.SittingEvent) bool { return true }

func ev(id, meeting int64) accord.SittingEvent {
	return accord.SittingEvent{ID: id, Meeting: meeting, Kind: accord.FloorGiven, Version: id}
}

// drain reads what a subscription holds now, without waiting.
func drain(s *Sub) []int64 {
	var ids []int64
	for {
		select {
		case e, ok := <-s.C:
			if !ok {
				return ids
			}
			ids = append(ids, e.ID)
		default:
			return ids
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A subscriber gets its meeting's events, in order, and no other meeting's.
func TestHubFansOut(t *testing.T) {
	h := NewHub(all, 10, 10)
	a, _ := h.Subscribe(1, "public", 0)
	b, _ := h.Subscribe(1, "public", 0)
	other, _ := h.Subscribe(2, "public", 0)
	for _, e := range []accord.SittingEvent{ev(1, 1), ev(2, 2), ev(3, 1), ev(3, 1), ev(2, 1)} {
		h.Publish(e)
	}
	for name, tc := range map[string]struct {
		s    *Sub
		want []int64
	}{"a": {a, []int64{1, 3}}, "b": {b, []int64{1, 3}}, "other meeting": {other, []int64{2}}} {
		if got := drain(tc.s); !equal(got, tc.want) {
			t.Errorf("%s got %v, want %v (a repeated or older id is not sent again)", name, got, tc.want)
		}
	}
}

// A client that returns with Last-accord.SittingEvent-ID gets what it missed, and only
// that; one whose events were forgotten is told to read the state again.
func TestHubResumes(t *testing.T) {
	h := NewHub(all, 3, 10)
	for i := int64(1); i <= 5; i++ {
		h.Publish(ev(i, 1))
	}
	h.Publish(ev(6, 2))
	for _, tc := range []struct {
		name  string
		after int64
		want  []int64
		err   error
	}{
		{"new client", 0, nil, nil},
		{"missed two", 3, []int64{4, 5}, nil},
		{"missed none", 5, nil, nil},
		{"an id from another meeting's event", 6, nil, nil},
		{"missed one forgotten", 1, nil, ErrTooOld},
		{"the last forgotten is still enough", 2, []int64{3, 4, 5}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := h.Subscribe(1, "public", tc.after)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			defer s.Close()
			if got := drain(s); !equal(got, tc.want) {
				t.Errorf("replayed %v, want %v", got, tc.want)
			}
		})
	}
	// A client ahead of this instance (it saw event 9 on another) is not
	// sent what it has.
	s, _ := h.Subscribe(1, "public", 9)
	h.Publish(ev(8, 1))
	h.Publish(ev(10, 1))
	if got := drain(s); !equal(got, []int64{10}) {
		t.Errorf("ahead of the hub: got %v, want [10]", got)
	}
}

// A subscriber that does not read is dropped when its buffer fills; the
// others still get every event.
func TestHubDropsSlowSubscribers(t *testing.T) {
	h := NewHub(all, 100, 2)
	slow, _ := h.Subscribe(1, "public", 0)
	fast, _ := h.Subscribe(1, "public", 0)
	var got []int64
	for i := int64(1); i <= 5; i++ {
		h.Publish(ev(i, 1))
		got = append(got, drain(fast)...)
	}
	if !equal(got, []int64{1, 2, 3, 4, 5}) {
		t.Errorf("the reader got %v", got)
	}
	if ids := drain(slow); !equal(ids, []int64{1, 2}) {
		t.Errorf("the slow one got %v before it was dropped", ids)
	}
	if _, open := <-slow.C; open || !errors.Is(slow.Err(), ErrGone) {
		t.Errorf("the slow one is still subscribed: %v", slow.Err())
	}
	if n := h.Subscribers(); n != 1 {
		t.Errorf("%d subscribers, want 1", n)
	}
	// It comes back with the last id it saw and misses nothing.
	back, err := h.Subscribe(1, "public", 2)
	if err != nil || !equal(drain(back), []int64{3, 4, 5}) {
		t.Errorf("resumed: %v", err)
	}
}

// Visibility is decided once per event and reader class, whatever the
// number of subscribers, and a class sees only what it may.
func TestHubVisibilityPerClass(t *testing.T) {
	var calls atomic.Int64
	visible := func(class string, e accord.SittingEvent) bool {
		calls.Add(1)
		return class == "secretariat" || e.Item != 99
	}
	h := NewHub(visible, 10, 10)
	var public, inner []*Sub
	for range 50 {
		s, _ := h.Subscribe(1, "public", 0)
		public = append(public, s)
		s, _ = h.Subscribe(1, "secretariat", 0)
		inner = append(inner, s)
	}
	h.Publish(accord.SittingEvent{ID: 1, Meeting: 1, Item: 99})
	h.Publish(accord.SittingEvent{ID: 2, Meeting: 1, Item: 1})
	if n := calls.Load(); n != 4 {
		t.Errorf("%d decisions for 2 events and 2 classes, want 4", n)
	}
	for _, s := range public {
		if got := drain(s); !equal(got, []int64{2}) {
			t.Fatalf("public reader got %v, want [2]", got)
		}
	}
	for _, s := range inner {
		if got := drain(s); !equal(got, []int64{1, 2}) {
			t.Fatalf("secretariat got %v, want [1 2]", got)
		}
	}
	// A replay is judged as the live events were.
	h.Publish(accord.SittingEvent{ID: 3, Meeting: 1, Item: 99})
	for class, want := range map[string][]int64{"public": {2}, "secretariat": {2, 3}} {
		s, err := h.Subscribe(1, class, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := drain(s); !equal(got, want) {
			t.Errorf("%s resumed with %v, want %v", class, got, want)
		}
		s.Close()
	}
}

// Close ends every subscription, and later calls are refused or ignored.
func TestHubClose(t *testing.T) {
	h := NewHub(all, 10, 10)
	s, _ := h.Subscribe(1, "public", 0)
	h.Close()
	if _, open := <-s.C; open || !errors.Is(s.Err(), ErrGone) {
		t.Errorf("still open after Close: %v", s.Err())
	}
	s.Close() // a second end does nothing
	if _, err := h.Subscribe(1, "public", 0); !errors.Is(err, ErrGone) {
		t.Errorf("subscribed to a closed hub: %v", err)
	}
	h.Publish(ev(1, 1))
}

// Publishers, subscribers that come and go and slow readers at once, under
// -race: nobody blocks, and each reader gets a rising run of ids.
func TestHubConcurrent(t *testing.T) {
	h := NewHub(all, 64, 8)
	var wg, publishers sync.WaitGroup
	var next atomic.Int64
	var mu sync.Mutex // Publish needs rising ids: one publisher at a time, as storage's outbox reader is
	for range 2 {
		publishers.Go(func() {
			for range 500 {
				mu.Lock()
				h.Publish(ev(next.Add(1), 1))
				mu.Unlock()
			}
		})
	}
	for range 20 {
		wg.Go(func() {
			var last int64
			for range 5 {
				s, err := h.Subscribe(1, "public", last)
				if errors.Is(err, ErrTooOld) {
					last = 0
					continue
				}
				if err != nil {
					return // the hub closed once the publishers were done
				}
				for i := 0; i < 50; i++ {
					e, ok := <-s.C
					if !ok {
						break
					}
					if e.ID <= last {
						t.Errorf("id %d after %d", e.ID, last)
					}
					last = e.ID
				}
				s.Close()
			}
		})
	}
	publishers.Wait()
	h.Close()
	wg.Wait()
}

// A hub that began after an event knows nothing before it: a client
// returning from an earlier id is told so (to be served from storage),
// while one returning from the start or later is served from memory.
func TestHubResume(t *testing.T) {
	h := NewHub(all, 10, 10)
	h.Resume(5)
	if h.Since() != 5 {
		t.Fatalf("since %d", h.Since())
	}
	h.Publish(ev(4, 1)) // a second delivery of an event before the start
	h.Publish(ev(6, 1))
	h.Publish(ev(7, 1))
	if _, err := h.Subscribe(1, "public", 3); !errors.Is(err, ErrTooOld) {
		t.Errorf("from 3: %v, want ErrTooOld", err)
	}
	s, err := h.Subscribe(1, "public", 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := drain(s); !equal(got, []int64{6, 7}) {
		t.Errorf("from 5: %v, want [6 7]", got)
	}
	s, err = h.Subscribe(1, "public", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := drain(s); len(got) != 0 {
		t.Errorf("a new client is given %v", got)
	}
}
