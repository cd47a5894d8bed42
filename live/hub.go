package live

import (
	"encoding/json"
	"errors"
	"strconv"
	"sync"

	"github.com/accord-org/accord"
)

// ErrGone is why a subscription ended: the subscriber fell behind and was
// dropped, or the hub closed. Either way the client reconnects with the id
// of the last event it saw.
var ErrGone = errors.New("live: subscription ended")

// ErrTooOld answers a resumption from an event the hub no longer keeps:
// the client must read the whole state again instead of replaying.
var ErrTooOld = errors.New("live: the events since that id are no longer kept")

// Visible decides whether readers of a class may see an event. The hub asks
// it once per event and class, never once per subscriber, so that 10,000
// readers of one class cost one decision.
type Visible func(class string, e accord.SittingEvent) bool

// Hub fans events out to subscribers by meeting. It keeps the last events
// of each meeting so that a subscriber that returns can be given what it
// missed. The zero Hub is not usable: make one with NewHub.
type Hub struct {
	visible Visible
	keep    int
	buffer  int

	mu     sync.Mutex
	closed bool
	last   int64
	// since is the id the hub began at (Resume): it knows no event at or
	// before it.
	since   int64
	meeting map[int64]*topic
}

// Event is an event as the hub hands it on: the event, and its frame on
// the wire, encoded once when it is published. Every subscriber shares the
// same Event, so that 10,000 readers of an event cost one encoding and one
// pointer each in their buffers, not 10,000 copies.
type Event struct {
	accord.SittingEvent
	// Frame is the event as a Server-Sent Events message: its id, its
	// data (the event as JSON) and the blank line that ends it.
	Frame []byte
}

// NewEvent encodes e once for every stream.
func NewEvent(e accord.SittingEvent) *Event {
	data, _ := json.Marshal(e) // a struct of numbers, strings and a time: it always encodes
	b := make([]byte, 0, len(data)+32)
	b = append(b, "id: "...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, "\ndata: "...)
	b = append(b, data...)
	b = append(b, "\n\n"...)
	return &Event{SittingEvent: e, Frame: b}
}

// topic is one meeting's subscribers, grouped by reader class, and its
// recent events in order.
type topic struct {
	subs   map[string]map[*Sub]struct{}
	recent []*Event
	// forgot is the id of the newest event no longer kept.
	forgot int64
}

// NewHub makes a hub that keeps the last keep events of each meeting and
// gives each subscriber a buffer of buffer events.
func NewHub(visible Visible, keep, buffer int) *Hub {
	return &Hub{visible: visible, keep: max(keep, 1), buffer: max(buffer, 1), meeting: map[int64]*topic{}}
}

// Resume starts the hub after the event id last, the newest in storage
// when the feed starts: an instance that starts knows none of the events
// before it, and a client returning from one of them is answered
// ErrTooOld, to be served from storage, rather than be given nothing.
func (h *Hub) Resume(last int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last, h.since = max(h.last, last), max(h.since, last)
}

// Since is the id Resume began the hub at.
func (h *Hub) Since() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.since
}

// Sub is one subscriber: a browser's stream.
type Sub struct {
	// C carries the events in order; it is closed when the subscription
	// ends, and Err then says why.
	C       <-chan *Event
	c       chan *Event
	hub     *Hub
	meeting int64
	class   string
	// after is the last event the client saw: an instance that has not
	// yet caught up with it must not send it again.
	after int64
	err   error
}

// Err is why C was closed: ErrGone, or nil after Close.
func (s *Sub) Err() error {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return s.err
}

// Close ends the subscription; C is closed.
func (s *Sub) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.drop(s, nil)
}

// Subscribe follows a meeting as a reader of class. after is the id of the
// last event the client saw (0 for a new client): the events after it that
// the hub keeps are sent first. When events after it were forgotten,
// Subscribe answers ErrTooOld.
func (h *Hub) Subscribe(meeting int64, class string, after int64) (*Sub, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrGone
	}
	t := h.meeting[meeting]
	if t == nil {
		t = &topic{subs: map[string]map[*Sub]struct{}{}}
		h.meeting[meeting] = t
	}
	var missed []*Event
	if after > 0 && after < h.last {
		if after < t.forgot || after < h.since {
			return nil, ErrTooOld
		}
		i := 0
		for i < len(t.recent) && t.recent[i].ID <= after {
			i++
		}
		for _, e := range t.recent[i:] {
			if h.visible(class, e.SittingEvent) {
				missed = append(missed, e)
			}
		}
	}
	c := make(chan *Event, h.buffer+len(missed))
	for _, e := range missed {
		c <- e
	}
	s := &Sub{C: c, c: c, hub: h, meeting: meeting, class: class, after: after}
	if t.subs[class] == nil {
		t.subs[class] = map[*Sub]struct{}{}
	}
	t.subs[class][s] = struct{}{}
	return s, nil
}

// Publish sends an event to the meeting's subscribers that may see it. Ids
// must rise: storage's outbox gives them in the order the changes were
// committed, and an event at or below the last one published (a second
// delivery of the same row) is ignored. A subscriber whose buffer is full
// is dropped, never waited for.
func (h *Hub) Publish(e accord.SittingEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || e.ID <= h.last {
		return
	}
	h.last = e.ID
	t := h.meeting[e.Meeting]
	if t == nil {
		t = &topic{subs: map[string]map[*Sub]struct{}{}}
		h.meeting[e.Meeting] = t
	}
	ev := NewEvent(e)
	t.recent = append(t.recent, ev)
	if n := len(t.recent) - h.keep; n > 0 {
		t.forgot = t.recent[n-1].ID
		clear(t.recent[:n]) // the forgotten events' frames are freed
		t.recent = append(t.recent[:0], t.recent[n:]...)
	}
	for class, subs := range t.subs {
		if !h.visible(class, e) {
			continue
		}
		for s := range subs {
			if e.ID <= s.after {
				continue
			}
			select {
			case s.c <- ev:
			default:
				h.drop(s, ErrGone)
			}
		}
	}
}

// Subscribers counts the subscriptions open, for the metrics.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, t := range h.meeting {
		for _, subs := range t.subs {
			n += len(subs)
		}
	}
	return n
}

// Close ends every subscription, as the server shuts down.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, t := range h.meeting {
		for _, subs := range t.subs {
			for s := range subs {
				h.drop(s, ErrGone)
			}
		}
	}
}

// drop ends a subscription, with h.mu held; a second drop does nothing.
func (h *Hub) drop(s *Sub, why error) {
	t := h.meeting[s.meeting]
	if t == nil {
		return
	}
	subs := t.subs[s.class]
	if _, ok := subs[s]; !ok {
		return
	}
	delete(subs, s)
	if len(subs) == 0 {
		delete(t.subs, s.class)
	}
	s.err = why
	close(s.c)
}
