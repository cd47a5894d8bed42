// Package live is the rule engine of a meeting in session and the hub that
// pushes its changes to the people following it.
//
// A sitting's state (accord.Sitting: in session or not, the agenda item
// open, the speaker who has the floor, the speakers list of each item, what
// the hall screen shows) changes only through Apply, a pure function of the
// state, one command and the facts the command is judged against. It
// returns the new state and the event that says what changed, or an error
// naming the field at fault, and changes nothing then. Storage keeps the state and writes
// the event to its outbox in the same transaction; who may give a command
// is the policy's decision (accord.Authorize), not this package's.
//
// The Hub fans events out to subscribers without I/O of its own: each
// subscriber has a bounded buffer, a subscriber that falls behind is
// dropped rather than slowing the others, and a subscriber that returns
// with the id of the last event it saw is given what it missed.
package live

import (
	"slices"
	"time"

	"github.com/accord-org/accord"
)

// Facts are what a command is judged against, read by storage in the
// command's transaction.
type Facts struct {
	Now time.Time
	// Items are the meeting's agenda items.
	Items []int64
	// Delegations are the states with a delegation at the meeting, less
	// those whose invitation was declined (accord.InvitationState.Attends).
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

// sitting is the state while a command is applied to it.
type sitting accord.Sitting

// conflict keeps the message's format, so that a page can show it
// translated.
func conflict(field, format string, args ...any) error {
	e := accord.Errorf(accord.ECONFLICT, format, args...)
	e.Field = field
	return e
}

// Apply gives the state after c, and the event that says so. s is not
// changed: the state returned shares nothing with it.
func Apply(s accord.Sitting, c accord.SittingCommand, f Facts) (accord.Sitting, accord.SittingEvent, error) {
	next := Clone(s)
	ev := accord.SittingEvent{Kind: c.Kind, At: f.Now}
	if err := (*sitting)(&next).apply(c, f, &ev); err != nil {
		return s, accord.SittingEvent{}, err
	}
	next.Version++
	ev.Version = next.Version
	return next, ev, nil
}

func (s *sitting) apply(c accord.SittingCommand, f Facts, ev *accord.SittingEvent) error {
	if err := onlyFields(c); err != nil {
		return err
	}
	if c.Kind != accord.SittingOpened && c.Kind != accord.ScreenSet && !s.InSession {
		return conflict("kind", "the meeting is not in session")
	}
	switch c.Kind {
	case accord.SittingOpened:
		if s.InSession {
			return conflict("kind", "the meeting is in session already")
		}
		if f.OtherInSession {
			return conflict("kind", "another meeting of the body is in session today")
		}
		s.InSession = true
	case accord.SittingClosed:
		s.InSession, s.Item, s.Floor = false, 0, nil
	case accord.ItemOpened:
		if !slices.Contains(f.Items, c.Item) {
			return accord.Invalid("item", "is not an item of the meeting's agenda")
		}
		if s.Item == c.Item {
			return conflict("item", "the item is open already")
		}
		// Opening an item closes the one before, and the floor with it.
		s.Item, s.Floor = c.Item, nil
		ev.Item = c.Item
	case accord.ItemClosed:
		if s.Item == 0 {
			return conflict("kind", "no item is open")
		}
		ev.Item = s.Item
		s.Item, s.Floor = 0, nil
	case accord.FloorRequested:
		return s.ask(c, f, ev)
	case accord.RequestWithdrawn:
		r, i, err := s.find(c.Request)
		if err != nil {
			return err
		}
		s.Lists[r.Item] = slices.Delete(s.Lists[r.Item], i, i+1)
		ev.Item, ev.Request, ev.State = r.Item, r.ID, r.State
	case accord.RequestMoved:
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
	case accord.FloorGiven:
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
		s.Floor = &accord.Floor{Request: r.ID, State: r.State, Item: r.Item, Since: f.Now, Limit: c.Limit}
		ev.Item, ev.Request, ev.State = r.Item, r.ID, r.State
	case accord.FloorTaken:
		if s.Floor == nil {
			return conflict("kind", "nobody has the floor")
		}
		ev.Item, ev.Request, ev.State = s.Floor.Item, s.Floor.Request, s.Floor.State
		s.Floor = nil
	case accord.TimerSet:
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
	case accord.ScreenSet:
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

func (s *sitting) ask(c accord.SittingCommand, f Facts, ev *accord.SittingEvent) error {
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
		kind = accord.NormalRequest
	}
	if kind.Rank() < 0 {
		return accord.Invalid("request_kind", "must be one of point_of_order, normal, right_of_reply")
	}
	list := s.Lists[item]
	if len(list) >= MaxList {
		return conflict("item", "the speakers list is full (%d requests)", MaxList)
	}
	for i, r := range list {
		if r.State == c.State && r.Kind == kind {
			// Its place on the list, which the console shows; not the
			// request's id, which it does not.
			return conflict("state", "the state has asked already: it is number %d on the speakers list", i+1)
		}
	}
	s.LastRequest++
	r := accord.FloorRequest{ID: s.LastRequest, Item: item, State: c.State, Kind: kind, Asked: f.Now}
	// After every request of its kind or an earlier one: the chair's own
	// reordering of those stands.
	at := len(list)
	for at > 0 && list[at-1].Kind.Rank() > kind.Rank() {
		at--
	}
	if s.Lists == nil {
		s.Lists = map[int64][]accord.FloorRequest{}
	}
	s.Lists[item] = slices.Insert(list, at, r)
	ev.Item, ev.Request, ev.State = item, r.ID, r.State
	return nil
}

func (s *sitting) find(id int64) (accord.FloorRequest, int, error) {
	for _, list := range s.Lists {
		for i, r := range list {
			if r.ID == id {
				return r, i, nil
			}
		}
	}
	return accord.FloorRequest{}, 0, accord.Invalid("request", "is not on a speakers list")
}

func checkLimit(d time.Duration) error {
	if d < 0 || d > MaxLimit {
		return accord.Invalid("limit", "must be from 0 to %s", MaxLimit)
	}
	return nil
}

// onlyFields refuses a command carrying a field its kind does not read, so
// that a client's mistake is named rather than ignored.
func onlyFields(c accord.SittingCommand) error {
	reads := map[accord.SittingChange][]string{
		accord.ItemOpened:       {"item"},
		accord.FloorRequested:   {"item", "state", "request_kind"},
		accord.RequestWithdrawn: {"request"},
		accord.RequestMoved:     {"request", "position"},
		accord.FloorGiven:       {"request", "limit"},
		accord.TimerSet:         {"limit"},
		accord.ScreenSet:        {"lang", "message"},
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

// Clone is a copy of s that shares nothing with it.
func Clone(s accord.Sitting) accord.Sitting {
	c := s
	if s.Floor != nil {
		f := *s.Floor
		c.Floor = &f
	}
	if s.Lists != nil {
		c.Lists = make(map[int64][]accord.FloorRequest, len(s.Lists))
		for k, v := range s.Lists {
			c.Lists[k] = slices.Clone(v)
		}
	}
	return c
}
