package accord

import (
	"context"
	"slices"
	"time"
)

// A sitting is a meeting in session: the agenda item open, the speaker who
// has the floor, the speakers list of each item, and what the hall screen
// shows. Package live is its rule engine: it applies a SittingCommand to a
// Sitting and says what changed with a SittingEvent.

// FloorRequestKind is why a delegation asks for the floor. Points of order come
// first, normal requests next in the order asked, and rights of reply
// last, as assemblies hear replies after the debate.
type FloorRequestKind string

const (
	PointOfOrder  FloorRequestKind = "point_of_order"
	NormalRequest FloorRequestKind = "normal"
	RightOfReply  FloorRequestKind = "right_of_reply"
)

// FloorRequestKinds are the kinds in the order a list hears them.
var FloorRequestKinds = []FloorRequestKind{PointOfOrder, NormalRequest, RightOfReply}

// Rank is the kind's place in the order a list hears requests.
func (k FloorRequestKind) Rank() int { return slices.Index(FloorRequestKinds, k) }

// FloorRequest is one request for the floor, on one agenda item.
type FloorRequest struct {
	ID    int64            `json:"id"`
	Item  int64            `json:"item"`
	State string           `json:"state"`
	Kind  FloorRequestKind `json:"kind"`
	Asked time.Time        `json:"asked"`
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

// HallScreen is what the hall screen shows.
type HallScreen struct {
	// Lang is the language the screen is read in.
	Lang string `json:"lang"`
	// Message, when set, replaces the item and speaker (a pause, a
	// video message being played).
	Message string `json:"message,omitempty"`
}

// Sitting is a meeting's state in session.
type Sitting struct {
	InSession bool `json:"in_session"`
	// Item is the agenda item open; 0 when none is.
	Item  int64  `json:"item,omitempty"`
	Floor *Floor `json:"floor,omitempty"`
	// Lists are the speakers lists by agenda item, each in the order the
	// floor will be given.
	Lists  map[int64][]FloorRequest `json:"lists,omitempty"`
	Screen HallScreen               `json:"screen"`
	// Version counts the changes, so that a client can tell whether what
	// it shows is current.
	Version int64 `json:"version"`
	// LastRequest is the last request id given out.
	LastRequest int64 `json:"last_request"`
}

// SittingCommand is one change to a session. Which fields are read depends on
// Kind; the others must be zero.
type SittingCommand struct {
	Kind SittingChange `json:"kind"`
	// Item is the agenda item opened or asked on.
	Item int64 `json:"item,omitempty"`
	// Request is the request withdrawn, moved or given the floor.
	Request int64 `json:"request,omitempty"`
	// State asks for the floor.
	State       string           `json:"state,omitempty"`
	RequestKind FloorRequestKind `json:"request_kind,omitempty"`
	// Position is where a moved request goes in its list, from 1.
	Position int `json:"position,omitempty"`
	// Limit is a speaking time.
	Limit time.Duration `json:"limit,omitempty"`
	// Lang and Message set the screen.
	Lang    string `json:"lang,omitempty"`
	Message string `json:"message,omitempty"`
}

// SittingChange names a change; the event it makes has the same name.
type SittingChange string

const (
	SittingOpened    SittingChange = "session_opened"
	SittingClosed    SittingChange = "session_closed"
	ItemOpened       SittingChange = "item_opened"
	ItemClosed       SittingChange = "item_closed"
	FloorRequested   SittingChange = "floor_requested"
	RequestWithdrawn SittingChange = "request_withdrawn"
	RequestMoved     SittingChange = "request_moved"
	FloorGiven       SittingChange = "floor_given"
	FloorTaken       SittingChange = "floor_taken"
	TimerSet         SittingChange = "timer_set"
	ScreenSet        SittingChange = "screen_set"
)

// SittingEvent says what changed: its kind, the ids it concerns and the state's
// version after it, never the whole state. ID is given by storage's
// outbox, in the order events were written.
type SittingEvent struct {
	ID      int64         `json:"id"`
	Meeting int64         `json:"meeting"`
	Kind    SittingChange `json:"kind"`
	Item    int64         `json:"item,omitempty"`
	Request int64         `json:"request,omitempty"`
	State   string        `json:"state,omitempty"`
	Version int64         `json:"version"`
	At      time.Time     `json:"at"`
}

// Next are the requests after the speaker on the open item, at most n.
func (s *Sitting) Next(n int) []FloorRequest {
	list := s.Lists[s.Item]
	return list[:min(n, len(list))]
}

// Place is where a state's requests stand in the open item's list, from 1,
// for the delegation that sees its own.
func (s *Sitting) Place(state string) []int {
	var out []int
	for i, r := range s.Lists[s.Item] {
		if r.State == state {
			out = append(out, i+1)
		}
	}
	return out
}

// SittingService keeps the sittings of meetings and their events.
type SittingService interface {
	// Sitting is a meeting's state; a meeting never in session has the
	// zero state. An unknown meeting is ENOTFOUND.
	Sitting(ctx context.Context, meeting int64) (Sitting, error)
	// ChangeSitting applies cmd to the meeting's state, and stores the new
	// state, its event and its audit record in one transaction. A refused
	// command is an error naming the field, and changes nothing.
	ChangeSitting(ctx context.Context, meeting int64, cmd SittingCommand) (Sitting, SittingEvent, error)
	// SittingEvents lists the events after id, oldest first, at most limit:
	// of one meeting, or of all when meeting is 0.
	SittingEvents(ctx context.Context, meeting, after int64, limit int) ([]SittingEvent, error)
}
