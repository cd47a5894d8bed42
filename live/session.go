// Package live is the rule engine of a meeting in session and the hub that
// pushes its changes to the people following it.
//
// A session's state (in session or not, the agenda item open, the speaker
// who has the floor, the speakers list of each item, what the hall screen
// shows) changes only through Apply, a pure function of the state, one
// command and the facts the command is judged against. It returns the new
// state and the Event that says what changed, or an error naming the field
// at fault, and changes nothing then. Storage keeps the state and writes
// the event to its outbox in the same transaction; who may give a command
// is the policy's decision (accord.Authorize), not this package's.
//
// The Hub fans events out to subscribers without I/O of its own: each
// subscriber has a bounded buffer, a subscriber that falls behind is
// dropped rather than slowing the others, and a subscriber that returns
// with the id of the last event it saw is given what it missed.
package live

import (
	"fmt"
	"slices"
	"time"

	"github.com/accord-org/accord"
)

// RequestKind is why a delegation asks for the floor. Points of order come
// first, normal requests next in the order asked, and rights of reply
// last, as assemblies hear replies after the debate.
type RequestKind string

const (
	PointOfOrder RequestKind = "point_of_order"
	Normal       RequestKind = "normal"
	RightOfReply RequestKind = "right_of_reply"
)

// RequestKinds are the kinds in the order a list hears them.
var RequestKinds = []RequestKind{PointOfOrder, Normal, RightOfReply}

func (k RequestKind) rank() int { return slices.Index(RequestKinds, k) }

// Request is one request for the floor, on one agenda item.
type Request struct {
	ID    int64       `json:"id"`
	Item  int64       `json:"item"`
	State string      `json:"state"`
	Kind  RequestKind `json:"kind"`
	Asked time.Time   `json:"asked"`
}

// Floor is who speaks: the request it was given on, since when, and the
// speaking time set by the chair (0 for none).
type Floor struct {
	Request int64         `json:"request"`
	State   string        `json:"state"`
	Item    int64         `json:"item"`
	Since   time.Time     `json:"since"`
	Limit   time.Duration `json:"limit,omitempty"`
}

// Remaining is the speaking time left at now; negative once it ran out,
// and 0 when no time was set.
func (f *Floor) Remaining(now time.Time) time.Duration {
	if f == nil || f.Limit == 0 {
		return 0
	}
	return f.Limit - now.Sub(f.Since)
}

// Screen is what the hall screen shows.
type Screen struct {
	// Lang is the language the screen is read in.
	Lang string `json:"lang"`
	// Message, when set, replaces the item and speaker (a pause, a
	// video message being played).
	Message string `json:"message,omitempty"`
}

// Session is a meeting's state in session.
type Session struct {
	InSession bool `json:"in_session"`
	// Item is the agenda item open; 0 when none is.
	Item  int64  `json:"item,omitempty"`
	Floor *Floor `json:"floor,omitempty"`
	// Lists are the speakers lists by agenda item, each in the order the
	// floor will be given.
	Lists  map[int64][]Request `json:"lists,omitempty"`
	Screen Screen              `json:"screen"`
	// Version counts the changes, so that a client can tell whether what
	// it shows is current.
	Version int64 `json:"version"`
	// LastRequest is the last request id given out.
	LastRequest int64 `json:"last_request"`
}

// Command is one change to a session. Which fields are read depends on
// Kind; the others must be zero.
type Command struct {
	Kind CommandKind `json:"kind"`
	// Item is the agenda item opened or asked on.
	Item int64 `json:"item,omitempty"`
	// Request is the request withdrawn, moved or given the floor.
	Request int64 `json:"request,omitempty"`
	// State asks for the floor.
	State       string      `json:"state,omitempty"`
	RequestKind RequestKind `json:"request_kind,omitempty"`
	// Position is where a moved request goes in its list, from 1.
	Position int `json:"position,omitempty"`
	// Limit is a speaking time.
	Limit time.Duration `json:"limit,omitempty"`
	// Lang and Message set the screen.
	Lang    string `json:"lang,omitempty"`
	Message string `json:"message,omitempty"`
}

// CommandKind names a change; the event it makes has the same name.
type CommandKind string

const (
	OpenSession  CommandKind = "session_opened"
	CloseSession CommandKind = "session_closed"
	OpenItem     CommandKind = "item_opened"
	CloseItem    CommandKind = "item_closed"
	Ask          CommandKind = "floor_requested"
	Withdraw     CommandKind = "request_withdrawn"
	Move         CommandKind = "request_moved"
	GiveFloor    CommandKind = "floor_given"
	TakeFloor    CommandKind = "floor_taken"
	SetTimer     CommandKind = "timer_set"
	SetScreen    CommandKind = "screen_set"
)

// Facts are what a command is judged against, read by storage in the
// command's transaction.
type Facts struct {
	Now time.Time
	// Items are the meeting's agenda items.
	Items []int64
	// Delegations are the states with a delegation at the meeting.
	Delegations []string
	// Langs are the languages the screen may be read in.
	Langs []string
	// OtherInSession is set when another meeting of the body is in
	// session on the same day: a body sits in one hall at a time.
	OtherInSession bool
}

// The bounds of what a command may carry.
const (
	MaxLimit   = 2 * time.Hour
	MaxMessage = 500
	// MaxList bounds one item's speakers list.
	MaxList = 500
)

// Event says what changed: its kind, the ids it concerns and the state's
// version after it, never the whole state. ID is given by storage's
// outbox, in the order events were written.
type Event struct {
	ID      int64       `json:"id"`
	Meeting int64       `json:"meeting"`
	Kind    CommandKind `json:"kind"`
	Item    int64       `json:"item,omitempty"`
	Request int64       `json:"request,omitempty"`
	State   string      `json:"state,omitempty"`
	Version int64       `json:"version"`
	At      time.Time   `json:"at"`
}

func conflict(field, format string, args ...any) error {
	return &accord.Error{Code: accord.ECONFLICT, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Apply gives the state after c, and the event that says so. s is not
// changed: the state returned shares nothing with it.
func Apply(s Session, c Command, f Facts) (Session, Event, error) {
	next := s.clone()
	ev := Event{Kind: c.Kind, At: f.Now}
	if err := next.apply(c, f, &ev); err != nil {
		return s, Event{}, err
	}
	next.Version++
	ev.Version = next.Version
	return next, ev, nil
}

func (s *Session) apply(c Command, f Facts, ev *Event) error {
	if err := onlyFields(c); err != nil {
		return err
	}
	if c.Kind != OpenSession && c.Kind != SetScreen && !s.InSession {
		return conflict("kind", "the meeting is not in session")
	}
	switch c.Kind {
	case OpenSession:
		if s.InSession {
			return conflict("kind", "the meeting is in session already")
		}
		if f.OtherInSession {
			return conflict("kind", "another meeting of the body is in session today")
		}
		s.InSession = true
	case CloseSession:
		s.InSession, s.Item, s.Floor = false, 0, nil
	case OpenItem:
		if !slices.Contains(f.Items, c.Item) {
			return accord.Invalid("item", "is not an item of the meeting's agenda")
		}
		if s.Item == c.Item {
			return conflict("item", "the item is open already")
		}
		// Opening an item closes the one before, and the floor with it.
		s.Item, s.Floor = c.Item, nil
		ev.Item = c.Item
	case CloseItem:
		if s.Item == 0 {
			return conflict("kind", "no item is open")
		}
		ev.Item = s.Item
		s.Item, s.Floor = 0, nil
	case Ask:
		return s.ask(c, f, ev)
	case Withdraw:
		r, i, err := s.find(c.Request)
		if err != nil {
			return err
		}
		s.Lists[r.Item] = slices.Delete(s.Lists[r.Item], i, i+1)
		ev.Item, ev.Request, ev.State = r.Item, r.ID, r.State
	case Move:
		r, i, err := s.find(c.Request)
		if err != nil {
			return err
		}
		list := s.Lists[r.Item]
		if c.Position < 1 || c.Position > len(list) {
			return accord.Invalid("position", "must be from 1 to %d", len(list))
		}
		list = slices.Delete(list, i, i+1)
		s.Lists[r.Item] = slices.Insert(list, c.Position-1, r)
		ev.Item, ev.Request, ev.State = r.Item, r.ID, r.State
	case GiveFloor:
		if err := checkLimit(c.Limit); err != nil {
			return err
		}
		r, i, err := s.find(c.Request)
		if err != nil {
			return err
		}
		if r.Item != s.Item {
			return conflict("request", "the request is on an item that is not open")
		}
		s.Lists[r.Item] = slices.Delete(s.Lists[r.Item], i, i+1)
		s.Floor = &Floor{Request: r.ID, State: r.State, Item: r.Item, Since: f.Now, Limit: c.Limit}
		ev.Item, ev.Request, ev.State = r.Item, r.ID, r.State
	case TakeFloor:
		if s.Floor == nil {
			return conflict("kind", "nobody has the floor")
		}
		ev.Item, ev.Request, ev.State = s.Floor.Item, s.Floor.Request, s.Floor.State
		s.Floor = nil
	case SetTimer:
		if s.Floor == nil {
			return conflict("kind", "nobody has the floor")
		}
		if err := checkLimit(c.Limit); err != nil {
			return err
		}
		// The time counts from now: a timer set late gives the speaker
		// the whole of it.
		s.Floor.Since, s.Floor.Limit = f.Now, c.Limit
		ev.Item, ev.Request, ev.State = s.Floor.Item, s.Floor.Request, s.Floor.State
	case SetScreen:
		if c.Lang != "" && !slices.Contains(f.Langs, c.Lang) {
			return accord.Invalid("lang", "is not a language of the organization")
		}
		if n := len([]rune(c.Message)); n > MaxMessage {
			return accord.Invalid("message", "is %d characters; at most %d", n, MaxMessage)
		}
		if c.Lang != "" {
			s.Screen.Lang = c.Lang
		}
		s.Screen.Message = c.Message
	default:
		return accord.Invalid("kind", "%q is not a change of a session", c.Kind)
	}
	return nil
}

func (s *Session) ask(c Command, f Facts, ev *Event) error {
	item := c.Item
	if item == 0 {
		item = s.Item
	}
	if item == 0 {
		return accord.Invalid("item", "no item is open: name the item")
	}
	if !slices.Contains(f.Items, item) {
		return accord.Invalid("item", "is not an item of the meeting's agenda")
	}
	if !slices.Contains(f.Delegations, c.State) {
		return accord.Invalid("state", "has no delegation at the meeting")
	}
	kind := c.RequestKind
	if kind == "" {
		kind = Normal
	}
	if kind.rank() < 0 {
		return accord.Invalid("request_kind", "must be one of point_of_order, normal, right_of_reply")
	}
	list := s.Lists[item]
	if len(list) >= MaxList {
		return conflict("item", "the speakers list is full (%d requests)", MaxList)
	}
	for _, r := range list {
		if r.State == c.State && r.Kind == kind {
			return conflict("state", "the state has asked already, request %d", r.ID)
		}
	}
	s.LastRequest++
	r := Request{ID: s.LastRequest, Item: item, State: c.State, Kind: kind, Asked: f.Now}
	// After every request of its kind or an earlier one: the chair's own
	// reordering of those stands.
	at := len(list)
	for at > 0 && list[at-1].Kind.rank() > kind.rank() {
		at--
	}
	if s.Lists == nil {
		s.Lists = map[int64][]Request{}
	}
	s.Lists[item] = slices.Insert(list, at, r)
	ev.Item, ev.Request, ev.State = item, r.ID, r.State
	return nil
}

func (s *Session) find(id int64) (Request, int, error) {
	for _, list := range s.Lists {
		for i, r := range list {
			if r.ID == id {
				return r, i, nil
			}
		}
	}
	return Request{}, 0, accord.Invalid("request", "is not on a speakers list")
}

func checkLimit(d time.Duration) error {
	if d < 0 || d > MaxLimit {
		return accord.Invalid("limit", "must be from 0 to %s", MaxLimit)
	}
	return nil
}

// onlyFields refuses a command carrying a field its kind does not read, so
// that a client's mistake is named rather than ignored.
func onlyFields(c Command) error {
	reads := map[CommandKind][]string{
		OpenItem:  {"item"},
		Ask:       {"item", "state", "request_kind"},
		Withdraw:  {"request"},
		Move:      {"request", "position"},
		GiveFloor: {"request", "limit"},
		SetTimer:  {"limit"},
		SetScreen: {"lang", "message"},
	}[c.Kind]
	set := map[string]bool{
		"item": c.Item != 0, "request": c.Request != 0, "state": c.State != "", "request_kind": c.RequestKind != "",
		"position": c.Position != 0, "limit": c.Limit != 0, "lang": c.Lang != "", "message": c.Message != "",
	}
	for _, name := range []string{"item", "request", "state", "request_kind", "position", "limit", "lang", "message"} {
		if set[name] && !slices.Contains(reads, name) {
			return accord.Invalid(name, "is not read by %s", c.Kind)
		}
	}
	return nil
}

func (s Session) clone() Session {
	c := s
	if s.Floor != nil {
		f := *s.Floor
		c.Floor = &f
	}
	if s.Lists != nil {
		c.Lists = make(map[int64][]Request, len(s.Lists))
		for k, v := range s.Lists {
			c.Lists[k] = slices.Clone(v)
		}
	}
	return c
}

// Next are the requests after the speaker on the open item, at most n.
func (s *Session) Next(n int) []Request {
	list := s.Lists[s.Item]
	return list[:min(n, len(list))]
}

// Place is where a state's requests stand in the open item's list, from 1,
// for the delegation that sees its own.
func (s *Session) Place(state string) []int {
	var out []int
	for i, r := range s.Lists[s.Item] {
		if r.State == state {
			out = append(out, i+1)
		}
	}
	return out
}
