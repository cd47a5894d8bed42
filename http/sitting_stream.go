package http

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"runtime/debug"
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
	// heartbeatPeriod keeps proxies from closing a quiet stream.
	heartbeatPeriod = 20 * time.Second
	// writeWait is how long one write to a client may take: a dead
	// client's connection ends then, not when TCP gives up.
	writeWait = 15 * time.Second
	// retryMillis is the reconnection delay a browser is told.
	retryMillis = 2000
	// maxReplay bounds the events one reconnection reads from storage.
	maxReplay = 1000
	// streamsOpening is how many streams are set up at once. Setting one
	// up reads the meeting, its body and its chairs (tens of KB that are
	// garbage a moment later), while a stream that waits holds a few KB.
	// When 10,000 clients connect at once (the hall's network returns, an
	// instance restarts), setting them all up together would grow the
	// heap by their sum, and the process keeps that memory long after
	// the storm; a few at a time cost the same CPU with a small heap.
	streamsOpening = 16
	// stormSize is how many streams opening at once make a storm, and
	// stormGap the least time between two returns of a storm's memory.
	stormSize = 256
	stormGap  = 10 * time.Second
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
//
// A stream costs what it holds while it waits, times 10,000. Served as an
// ordinary handler it holds net/http's connection goroutine (its stack
// grown by the middleware and the handler), the connection's 4 KB read and
// write buffers, the response's own buffer and the request. So on
// HTTP/1.1 the stream takes the connection over (Hijack), writes the
// response head itself, and hands the connection to a goroutine of its
// own that holds only the connection, the subscription and the frames:
// the handler returns and net/http frees the rest. Nothing reads the
// connection then: a client that left is noticed at the next write, an
// event or the heartbeat. Where the connection cannot be taken over
// (HTTP/2, a test's recorder) the handler serves the stream itself.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) error {
	sub, head, err := s.openStream(r)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	h.Del("Vary")
	if conn, ok := takeOver(w, r); ok {
		h.Set("Connection", "close")
		var b bytes.Buffer
		b.WriteString("HTTP/1.1 200 OK\r\n")
		_ = h.Write(&b)
		b.WriteString("\r\n")
		b.Write(head)
		go s.beat.follow(&connStream{conn: conn}, sub, b.Bytes())
		return nil
	}
	rc := http.NewResponseController(w)
	// The server's write timeout is for pages; a stream lives longer, and
	// each write sets its own deadline instead.
	_ = rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	stop := context.AfterFunc(r.Context(), sub.Close)
	defer stop()
	s.beat.follow(&handlerStream{w: w, rc: rc}, sub, head)
	return nil
}

// openStream subscribes the reader to the request's meeting, and makes
// the stream's first frames: the reconnection delay, and what the client
// missed. It waits for one of the streamsOpening places first.
func (s *Server) openStream(r *http.Request) (*live.Sub, []byte, error) {
	s.storms.enter()
	defer func() {
		if s.storms.leave(s.now()) {
			go debug.FreeOSMemory()
		}
	}()
	select {
	case s.opening <- struct{}{}:
	case <-r.Context().Done():
		return nil, nil, r.Context().Err()
	}
	defer func() { <-s.opening }()
	_, _, m, res, err := s.sittingMeeting(r)
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(r, accord.ActRead, res, "sitting"); err != nil {
		return nil, nil, err
	}
	after, err := lastEventID(r)
	if err != nil {
		return nil, nil, err
	}
	sub, missed, reset, err := s.subscribe(r, m.ID, readerClass(r), after)
	if err != nil {
		return nil, nil, err
	}
	head := []byte("retry: " + strconv.Itoa(retryMillis) + "\n\n")
	if reset {
		// Too much was missed to replay: the page reads the state again.
		head = append(head, "event: reset\ndata: {}\n\n"...)
	}
	for _, e := range missed {
		head = append(head, live.NewEvent(e).Frame...)
	}
	return sub, head, nil
}

// stormWatch notices the end of a storm of streams opening at once (the
// hall's network returns, an instance restarts and its 10,000 clients come
// back). While they wait for a place, their requests hold net/http's
// buffers and goroutines grown deep in the handlers: some 20 KB each,
// 200 MB for 10,000, where an open stream holds a few KB. The runtime
// hands freed memory back to the system slowly, over minutes, so the
// process would look twice its size long after the storm; when the last
// of a storm is open, the server gives that memory back at once.
type stormWatch struct {
	mu sync.Mutex
	// opening counts the streams waiting for a place or being set up;
	// peak the most at once since a storm's memory was last given back.
	opening, peak int
	freed         time.Time
}

func (w *stormWatch) enter() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opening++
	w.peak = max(w.peak, w.opening)
}

// leave counts a stream that is open or was refused. It says whether a
// storm has just ended and its memory should be given back: none is
// opening now, stormSize were at once since the last return, and that was
// stormGap ago or more. A storm that ends sooner is given back at the end
// of the next one.
func (w *stormWatch) leave(now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opening--
	if w.opening > 0 || w.peak < stormSize || now.Sub(w.freed) < stormGap {
		if w.opening == 0 && w.peak < stormSize {
			w.peak = 0
		}
		return false
	}
	w.peak, w.freed = 0, now
	return true
}

// takeOver hijacks an HTTP/1.1 connection that holds nothing more to read
// (a GET has no body; a pipelined request after it would be lost).
func takeOver(w http.ResponseWriter, r *http.Request) (net.Conn, bool) {
	if r.ProtoMajor != 1 || r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
		return nil, false
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, false
	}
	if brw.Reader.Buffered() > 0 {
		// A client that pipelines after a stream gets no answer to
		// what it sent; it cannot be served either way.
		_ = conn.Close()
		return nil, false
	}
	return conn, true
}

// frameWriter is where a stream's frames go: a connection taken over, or
// the handler's response.
type frameWriter interface {
	// write sends the frames and flushes them, within writeWait.
	write(frames ...[]byte) error
	close()
}

type connStream struct{ conn net.Conn }

func (c *connStream) write(frames ...[]byte) error {
	_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if len(frames) == 1 {
		_, err := c.conn.Write(frames[0])
		return err
	}
	bufs := net.Buffers(frames)
	_, err := bufs.WriteTo(c.conn)
	return err
}

func (c *connStream) close() { _ = c.conn.Close() }

type handlerStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (h *handlerStream) write(frames ...[]byte) error {
	_ = h.rc.SetWriteDeadline(time.Now().Add(writeWait))
	for _, f := range frames {
		if _, err := h.w.Write(f); err != nil {
			return err
		}
	}
	return h.rc.Flush()
}

func (h *handlerStream) close() {}

// heartbeat is one clock for every stream, not a ticker per connection:
// each period it closes the channel the streams wait on and makes the
// next. It runs only while a stream is open, so that a server (or a test)
// with none has no goroutine ticking.
type heartbeat struct {
	period time.Duration
	mu     sync.Mutex
	c      chan struct{}
	// n counts the streams open; running is set while the clock runs.
	n       int
	running bool
}

func newHeartbeat(period time.Duration) *heartbeat {
	return &heartbeat{period: period, c: make(chan struct{})}
}

func (h *heartbeat) join() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	if !h.running {
		h.running = true
		go h.run()
	}
}

func (h *heartbeat) leave() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n--
}

// next is the channel closed at the next beat.
func (h *heartbeat) next() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.c
}

// run beats until no stream is left.
func (h *heartbeat) run() {
	t := time.NewTicker(h.period)
	defer t.Stop()
	for range t.C {
		h.mu.Lock()
		close(h.c)
		h.c = make(chan struct{})
		if h.n == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
	}
}

// follow writes head, then the subscription's frames as they come and a
// heartbeat when the stream is quiet, until a write fails or the
// subscription ends: dropped for falling behind, closed by the handler as
// its client left, or the hub closed as the server shuts down. The client
// then reconnects with the id of the last event it saw.
func (h *heartbeat) follow(out frameWriter, sub *live.Sub, head []byte) {
	h.join()
	defer h.leave()
	defer out.close()
	defer sub.Close()
	if out.write(head) != nil {
		return
	}
	var frames [][]byte
	for {
		select {
		case e, open := <-sub.C:
			if !open {
				return
			}
			frames = append(frames[:0], e.Frame)
			// What is already waiting goes in the same write.
			for range min(len(sub.C), HubBuffer) {
				if e, open := <-sub.C; open {
					frames = append(frames, e.Frame)
				}
			}
			err := out.write(frames...)
			clear(frames) // the frames are the hub's; hold none while waiting
			if err != nil {
				return
			}
		case <-h.next():
			if out.write(beatFrame) != nil {
				return
			}
		}
	}
}

var beatFrame = []byte(": \u2665\n\n")

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
