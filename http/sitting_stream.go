package http

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/live"
)

// The meeting's event stream (Server-Sent Events). Each event is a
// SittingEvent: what changed, the ids it concerns and the state's version,
// never the state itself, so that an event costs the same for 10,000
// readers and the pages fetch what they show. A client that returns
// names the last event it saw (Last-Event-ID, which browsers send on
// their own when they reconnect) and is given what it missed: from the
// hub's memory, else from the outbox.
const (
	// HubKeep is how many recent events of a meeting the hub keeps for
	// returning clients; HubBuffer how many events a connection may fall
	// behind before it is dropped, to reconnect.
	HubKeep   = 256
	HubBuffer = 32
	// heartbeat keeps proxies from closing a quiet stream.
	heartbeat = 20 * time.Second
	// writeWait is how long one write to a client may take: a dead
	// client's connection ends then, not when TCP gives up.
	writeWait = 15 * time.Second
	// retryMillis is the reconnection delay a browser is told.
	retryMillis = 2000
	// maxReplay bounds the events one reconnection reads from storage.
	maxReplay = 1000
)

// Hub is the hub the streams read from: the caller feeds it from
// storage (sqlstore's FollowSittings) and closes it as the server shuts
// down, which ends every stream.
func (s *Server) Hub() *live.Hub { return s.live }

// sittingVisibility remembers the policy's decisions by reader class and
// event kind: the decision depends on nothing else, so 10,000 readers of
// one class cost one decision per kind, not one per connection.
type sittingVisibility struct {
	mu      sync.Mutex
	decided map[string]bool
}

func newSittingVisibility() *sittingVisibility {
	return &sittingVisibility{decided: map[string]bool{}}
}

// The reader classes of the stream.
const (
	classPublic = "public"
	classSigned = "signed"
)

func (v *sittingVisibility) visible(class string, e accord.SittingEvent) bool {
	key := class + "|" + string(e.Kind)
	v.mu.Lock()
	defer v.mu.Unlock()
	ok, known := v.decided[key]
	if !known {
		a := accord.Anonymous
		if class == classSigned {
			a = &accord.Actor{User: &accord.User{}}
		}
		ok = accord.Authorize(a, accord.ActRead, accord.Resource{Kind: accord.KindSitting}).Allow
		v.decided[key] = ok
	}
	return ok
}

func readerClass(r *http.Request) string {
	if actor(r).User != nil {
		return classSigned
	}
	return classPublic
}

// lastEventID is the id the client saw last: the Last-Event-ID header,
// else ?last_event_id= for a client that cannot set headers; 0 for a new
// client. A malformed one is refused rather than taken for 0, which would
// silently replay nothing.
func lastEventID(r *http.Request) (int64, error) {
	raw, field := r.Header.Get("Last-Event-ID"), "Last-Event-ID"
	if raw == "" {
		raw, field = r.URL.Query().Get("last_event_id"), "last_event_id"
	}
	if raw == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 0 || len(raw) > 19 || strings.HasPrefix(raw, "+") {
		return 0, accord.Invalid(field, "%q is not an event id", raw)
	}
	return id, nil
}

// stream serves a meeting's events until the client leaves, it falls too
// far behind, or the server shuts down.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, _, m, res, err := s.sittingMeeting(r)
	if err != nil {
		return err
	}
	if err := authorize(r, accord.ActRead, res, "sitting"); err != nil {
		return err
	}
	after, err := lastEventID(r)
	if err != nil {
		return err
	}
	class := readerClass(r)
	sub, missed, reset, err := s.subscribe(r, m.ID, class, after)
	if err != nil {
		return err
	}
	defer sub.Close()

	rc := http.NewResponseController(w)
	// The server's write timeout is for pages; a stream lives longer,
	// and each write sets its own deadline instead.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	h.Del("Vary")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 512)
	send := func(write func()) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(writeWait))
		write()
		return bw.Flush() == nil && rc.Flush() == nil
	}
	ok := send(func() {
		bw.WriteString("retry: " + strconv.Itoa(retryMillis) + "\n\n")
		if reset {
			// Too much was missed to replay: the page reads the state
			// again.
			bw.WriteString("event: reset\ndata: {}\n\n")
		}
		for _, e := range missed {
			writeEvent(bw, e)
		}
	})
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for ok {
		select {
		case <-ctx.Done():
			return nil
		case e, open := <-sub.C:
			if !open {
				// Dropped for falling behind, or the server is
				// shutting down: the client reconnects with the id of
				// the last event it saw.
				return nil
			}
			ok = send(func() {
				writeEvent(bw, e)
				// Drain what is already waiting in one write.
				for range len(sub.C) {
					if e, open := <-sub.C; open {
						writeEvent(bw, e)
					}
				}
			})
		case <-tick.C:
			ok = send(func() { bw.WriteString(": ♥\n\n") })
		}
	}
	return nil
}

func writeEvent(bw *bufio.Writer, e accord.SittingEvent) {
	data, _ := json.Marshal(e)
	bw.WriteString("id: ")
	bw.WriteString(strconv.FormatInt(e.ID, 10))
	bw.WriteString("\ndata: ")
	bw.Write(data)
	bw.WriteString("\n\n")
}

// subscribe follows the meeting from after. When the hub no longer keeps
// what the client missed (it started since, or forgot), the events are
// read from the outbox, and the subscription begins after the last of
// them: the hub skips what was read. reset is set when even the outbox
// holds more than one replay may send.
func (s *Server) subscribe(r *http.Request, meeting int64, class string, after int64) (sub *live.Sub, missed []accord.SittingEvent, reset bool, err error) {
	sub, err = s.live.Subscribe(meeting, class, after)
	if !errors.Is(err, live.ErrTooOld) {
		return sub, nil, false, unavailable(err)
	}
	evs, err := s.store.SittingEvents(r.Context(), meeting, after, maxReplay)
	if err != nil {
		return nil, nil, false, err
	}
	if len(evs) == maxReplay {
		sub, err = s.live.Subscribe(meeting, class, 0)
		return sub, nil, true, unavailable(err)
	}
	// Every event of the meeting up to now was read: none lies between
	// the last of them and where the hub began.
	from := max(after, s.live.Since())
	for _, e := range evs {
		if s.visibility.visible(class, e) {
			missed = append(missed, e)
		}
		from = max(from, e.ID)
	}
	sub, err = s.live.Subscribe(meeting, class, from)
	if errors.Is(err, live.ErrTooOld) {
		// The hub forgot events it had while storage was read: rare
		// enough that the page reads the state again.
		sub, err = s.live.Subscribe(meeting, class, 0)
		return sub, nil, true, unavailable(err)
	}
	return sub, missed, false, unavailable(err)
}

// unavailable is the hub's refusal once the server is shutting down.
func unavailable(err error) error {
	if errors.Is(err, live.ErrGone) {
		return accord.Errorf(accord.EUNAVAILABLE, "The server is shutting down: reconnect.")
	}
	return err
}
