package live

import (
	"reflect"
	"testing"
	"time"

	"github.com/accord-org/accord"
)

var t0 = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)

func facts() Facts {
	return Facts{Now: t0, Items: []int64{11, 12}, Delegations: []string{"KZ", "PK", "RU"}, Langs: []string{"en", "ru", "zh"}}
}

// play applies commands in order, failing on the first refusal.
func play(t *testing.T, cmds ...accord.SittingCommand) accord.Sitting {
	t.Helper()
	var s accord.Sitting
	for i, c := range cmds {
		f := facts()
		f.Now = t0.Add(time.Duration(i) * time.Minute)
		next, _, err := Apply(s, c, f)
		if err != nil {
			t.Fatalf("command %d (%s): %v", i, c.Kind, err)
		}
		s = next
	}
	return s
}

func states(list []accord.FloorRequest) []string {
	var out []string
	for _, r := range list {
		out = append(out, r.State+":"+string(r.Kind))
	}
	return out
}

// The order a list hears its requests: points of order first, then normal
// requests in the order asked, then rights of reply.
func TestListOrder(t *testing.T) {
	open := []accord.SittingCommand{{Kind: accord.SittingOpened}, {Kind: accord.ItemOpened, Item: 11}}
	for _, tc := range []struct {
		name string
		cmds []accord.SittingCommand
		want []string
	}{
		{"in the order asked", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.FloorRequested, State: "RU"},
		}, []string{"KZ:normal", "PK:normal", "RU:normal"}},
		{"a point of order goes first", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.FloorRequested, State: "RU", RequestKind: accord.PointOfOrder},
		}, []string{"RU:point_of_order", "KZ:normal", "PK:normal"}},
		{"points of order among themselves in the order asked", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK", RequestKind: accord.PointOfOrder}, {Kind: accord.FloorRequested, State: "RU", RequestKind: accord.PointOfOrder},
		}, []string{"PK:point_of_order", "RU:point_of_order", "KZ:normal"}},
		{"a right of reply goes last", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ", RequestKind: accord.RightOfReply}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.FloorRequested, State: "RU"},
		}, []string{"PK:normal", "RU:normal", "KZ:right_of_reply"}},
		{"one state, a normal request and a point of order", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "KZ", RequestKind: accord.PointOfOrder},
		}, []string{"KZ:point_of_order", "KZ:normal"}},
		{"the chair moves a request", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.FloorRequested, State: "RU"}, {Kind: accord.RequestMoved, Request: 3, Position: 1},
		}, []string{"RU:normal", "KZ:normal", "PK:normal"}},
		{"a new request keeps the chair's order before it", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.RequestMoved, Request: 2, Position: 1}, {Kind: accord.FloorRequested, State: "RU"},
		}, []string{"PK:normal", "KZ:normal", "RU:normal"}},
		{"withdrawn", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.RequestWithdrawn, Request: 1},
		}, []string{"PK:normal"}},
		{"given the floor, a request leaves the list", []accord.SittingCommand{
			{Kind: accord.FloorRequested, State: "KZ"}, {Kind: accord.FloorRequested, State: "PK"}, {Kind: accord.FloorGiven, Request: 1},
		}, []string{"PK:normal"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := play(t, append(append([]accord.SittingCommand{}, open...), tc.cmds...)...)
			if got := states(s.Lists[11]); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("list %v, want %v", got, tc.want)
			}
		})
	}
}

// A whole sitting: the floor, its timer, the next item, and the version
// and events that say what changed.
func TestSitting(t *testing.T) {
	s := play(t,
		accord.SittingCommand{Kind: accord.SittingOpened},
		accord.SittingCommand{Kind: accord.ItemOpened, Item: 11},
		accord.SittingCommand{Kind: accord.FloorRequested, State: "KZ"},
		accord.SittingCommand{Kind: accord.FloorRequested, State: "PK", Item: 12},
		accord.SittingCommand{Kind: accord.FloorGiven, Request: 1, Limit: 5 * time.Minute},
	)
	if s.Floor == nil || s.Floor.State != "KZ" || s.Floor.Since != t0.Add(4*time.Minute) || s.Floor.Limit != 5*time.Minute {
		t.Fatalf("floor %+v", s.Floor)
	}
	if got := s.Floor.Remaining(t0.Add(6 * time.Minute)); got != 3*time.Minute {
		t.Errorf("remaining %v, want 3m", got)
	}
	if s.Version != 5 {
		t.Errorf("version %d, want 5", s.Version)
	}
	// The timer set again counts from then.
	f := facts()
	f.Now = t0.Add(7 * time.Minute)
	s2, ev, err := Apply(s, accord.SittingCommand{Kind: accord.TimerSet, Limit: 2 * time.Minute}, f)
	if err != nil {
		t.Fatal(err)
	}
	want := accord.SittingEvent{Kind: accord.TimerSet, Item: 11, Request: 1, State: "KZ", Version: 6, At: f.Now}
	if ev != want {
		t.Errorf("event %+v, want %+v", ev, want)
	}
	if s2.Floor.Remaining(f.Now) != 2*time.Minute || s.Floor.Limit != 5*time.Minute {
		t.Errorf("the new state's timer %v; the old state changed to %v", s2.Floor.Remaining(f.Now), s.Floor.Limit)
	}
	// Opening the next item closes the floor; its list was kept.
	s3, ev, err := Apply(s2, accord.SittingCommand{Kind: accord.ItemOpened, Item: 12}, f)
	if err != nil {
		t.Fatal(err)
	}
	if s3.Floor != nil || s3.Item != 12 || ev.Item != 12 || !reflect.DeepEqual(states(s3.Next(5)), []string{"PK:normal"}) {
		t.Errorf("after the next item: floor %+v, item %d, next %v", s3.Floor, s3.Item, states(s3.Next(5)))
	}
	if got := s3.Place("PK"); !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("PK's place %v", got)
	}
	s4, _, err := Apply(s3, accord.SittingCommand{Kind: accord.SittingClosed}, f)
	if err != nil || s4.InSession || s4.Item != 0 {
		t.Errorf("closed: %+v %v", s4, err)
	}
}

// Each refusal names its field, and leaves the state as it was.
func TestRefusals(t *testing.T) {
	sitting := play(t, accord.SittingCommand{Kind: accord.SittingOpened}, accord.SittingCommand{Kind: accord.ItemOpened, Item: 11}, accord.SittingCommand{Kind: accord.FloorRequested, State: "KZ"})
	for _, tc := range []struct {
		name  string
		s     accord.Sitting
		c     accord.SittingCommand
		edit  func(*Facts)
		code  string
		field string
	}{
		{"the floor outside a session", accord.Sitting{}, accord.SittingCommand{Kind: accord.FloorGiven, Request: 1}, nil, accord.ECONFLICT, "kind"},
		{"an item outside a session", accord.Sitting{}, accord.SittingCommand{Kind: accord.ItemOpened, Item: 11}, nil, accord.ECONFLICT, "kind"},
		{"a second session of the body today", accord.Sitting{}, accord.SittingCommand{Kind: accord.SittingOpened}, func(f *Facts) { f.OtherInSession = true }, accord.ECONFLICT, "kind"},
		{"in session twice", sitting, accord.SittingCommand{Kind: accord.SittingOpened}, nil, accord.ECONFLICT, "kind"},
		{"an item not on the agenda", sitting, accord.SittingCommand{Kind: accord.ItemOpened, Item: 99}, nil, accord.EINVALID, "item"},
		{"the item open already", sitting, accord.SittingCommand{Kind: accord.ItemOpened, Item: 11}, nil, accord.ECONFLICT, "item"},
		{"a state without a delegation", sitting, accord.SittingCommand{Kind: accord.FloorRequested, State: "CN"}, nil, accord.EINVALID, "state"},
		{"asking twice", sitting, accord.SittingCommand{Kind: accord.FloorRequested, State: "KZ"}, nil, accord.ECONFLICT, "state"},
		{"an unknown kind of request", sitting, accord.SittingCommand{Kind: accord.FloorRequested, State: "PK", RequestKind: "motion"}, nil, accord.EINVALID, "request_kind"},
		{"on an item not on the agenda", sitting, accord.SittingCommand{Kind: accord.FloorRequested, State: "PK", Item: 99}, nil, accord.EINVALID, "item"},
		{"a negative timer", sitting, accord.SittingCommand{Kind: accord.FloorGiven, Request: 1, Limit: -time.Second}, nil, accord.EINVALID, "limit"},
		{"an absurd timer", sitting, accord.SittingCommand{Kind: accord.FloorGiven, Request: 1, Limit: 100 * time.Hour}, nil, accord.EINVALID, "limit"},
		{"a request that is not on a list", sitting, accord.SittingCommand{Kind: accord.FloorGiven, Request: 7}, nil, accord.EINVALID, "request"},
		{"the floor on an item not open", play(t, accord.SittingCommand{Kind: accord.SittingOpened}, accord.SittingCommand{Kind: accord.ItemOpened, Item: 11}, accord.SittingCommand{Kind: accord.FloorRequested, State: "KZ", Item: 12}),
			accord.SittingCommand{Kind: accord.FloorGiven, Request: 1}, nil, accord.ECONFLICT, "request"},
		{"a timer with nobody speaking", sitting, accord.SittingCommand{Kind: accord.TimerSet, Limit: time.Minute}, nil, accord.ECONFLICT, "kind"},
		{"taking the floor from nobody", sitting, accord.SittingCommand{Kind: accord.FloorTaken}, nil, accord.ECONFLICT, "kind"},
		{"a move outside the list", sitting, accord.SittingCommand{Kind: accord.RequestMoved, Request: 1, Position: 2}, nil, accord.EINVALID, "position"},
		{"a screen language the organization does not use", sitting, accord.SittingCommand{Kind: accord.ScreenSet, Lang: "fr"}, nil, accord.EINVALID, "lang"},
		{"a field the command does not read", sitting, accord.SittingCommand{Kind: accord.FloorTaken, State: "KZ"}, nil, accord.EINVALID, "state"},
		{"an unknown command", sitting, accord.SittingCommand{Kind: "vote"}, nil, accord.EINVALID, "kind"},
		{"closing an item when none is open", play(t, accord.SittingCommand{Kind: accord.SittingOpened}), accord.SittingCommand{Kind: accord.ItemClosed}, nil, accord.ECONFLICT, "kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := facts()
			if tc.edit != nil {
				tc.edit(&f)
			}
			before := Clone(tc.s)
			got, ev, err := Apply(tc.s, tc.c, f)
			var e *accord.Error
			if err == nil || accord.ErrorCode(err) != tc.code || !asError(err, &e) || e.Field != tc.field {
				t.Fatalf("got %v, want %s naming %q", err, tc.code, tc.field)
			}
			if !reflect.DeepEqual(got, before) || !reflect.DeepEqual(tc.s, before) || ev != (accord.SittingEvent{}) {
				t.Errorf("a refused command changed the state: %+v", got)
			}
		})
	}
}

func asError(err error, e **accord.Error) bool {
	v, ok := err.(*accord.Error)
	*e = v
	return ok
}
