package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/live"
)

// A meeting in session (issue 13): the chair's console, which also
// takes the delegations' requests for the floor, the hall screen, and the
// public live page. Each is a page that works by reloading; the pages'
// one script follows the meeting's stream (sitting_stream.go) and fetches
// the page again when an event says it changed. The rules are package
// live's; these handlers only read the request and show the state.
func (s *Server) sittingRoutes() []Route {
	const m = "/organizations/{org}/bodies/{body}/meetings/{number}"
	return []Route{
		{Method: "GET", Pattern: m + "/sitting", Name: "sitting", Template: "sitting.html", view: formView(s.sittingPage)},
		{Method: "POST", Pattern: m + "/sitting", Name: "sitting_change", Template: "sitting.html", action: s.changeSitting, page: s.sittingPage},
		{Method: "GET", Pattern: m + "/screen", Name: "sitting_screen", Template: "sitting_screen.html", view: s.screenView(true)},
		{Method: "GET", Pattern: m + "/follow", Name: "sitting_follow", Template: "sitting_follow.html", view: s.screenView(false)},
		{Method: "GET", Pattern: APIPrefix + m + "/live", Name: "sitting_stream", handler: s.stream},
	}
}

// maxNext is how many next speakers the screen shows.
const maxNext = 5

// sittingView is the chair's console: the state, the agenda to open items
// from, and the forms the reader may submit.
type sittingView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Meeting      *accord.Meeting      `json:"meeting"`
	Sitting      accord.Sitting       `json:"sitting"`
	Agenda       []*accord.AgendaItem `json:"agenda"`
	// Lists is the speakers list of the open item, with the states'
	// names, in the order the floor will be given.
	List []speakerRow `json:"list"`
	// Floor names the speaker; Remaining is their time left in seconds
	// (negative once over), absent when no time was set.
	Floor     *speakerRow `json:"floor,omitempty"`
	Remaining *int        `json:"remaining,omitempty"`
	// CanRun tells whether the reader runs the sitting; AskAs are the
	// states the reader may ask the floor for, with their places in the
	// line.
	CanRun bool          `json:"can_run"`
	AskAs  []askingState `json:"ask_as"`
	// Langs are the languages the screen may be read in.
	Langs []string `json:"langs"`
	// Stream is the path of the meeting's event stream.
	Stream string `json:"stream"`
	Form   Form   `json:"-"`
	lang   string
}

// speakerRow is a request for the floor with the state's name.
type speakerRow struct {
	accord.FloorRequest
	Names accord.Text `json:"names"`
}

// askingState is a state the reader asks the floor for, and where its
// requests stand on the open item's list.
type askingState struct {
	State  string      `json:"state"`
	Names  accord.Text `json:"names"`
	Places []int       `json:"places"`
}

func (v sittingView) title(lang string) string {
	return i18n.Tf(lang, "Meeting %s in session", v.Meeting.Numeral())
}
func (v sittingView) crumbs(lang string) []crumb {
	return meetingCrumbs(lang, v.Organization, v.Body, v.Meeting)
}

// ItemTitle is the title of an agenda item in lang, "" for none.
func (v sittingView) ItemTitle(id int64) accord.Text { return itemTitle(v.Agenda, id) }

func itemTitle(agenda []*accord.AgendaItem, id int64) accord.Text {
	for _, it := range agenda {
		if it.ID == id {
			return it.Title
		}
	}
	return nil
}

// sittingMeeting is the meeting of the path, as the sitting policy needs
// it.
func (s *Server) sittingMeeting(r *http.Request) (*accord.Organization, *accord.Body, *accord.Meeting, accord.Resource, error) {
	org, body, m, res, err := s.findMeeting(r)
	res.Kind = accord.KindSitting
	return org, body, m, res, err
}

func (s *Server) sittingPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	org, body, m, res, err := s.sittingMeeting(r)
	if err != nil {
		return nil, err
	}
	st, agenda, names, err := s.sittingData(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	v := sittingView{Organization: org, Body: body, Meeting: m, Sitting: st, Agenda: agenda, List: []speakerRow{}, AskAs: []askingState{},
		Langs: org.DocumentLanguages(), Stream: APIPrefix + meetingPath(m) + "/live", Form: f, lang: i18n.RequestLanguage(r),
		CanRun: may(r, accord.ActUpdate, res)}
	for _, q := range st.Lists[st.Item] {
		v.List = append(v.List, speakerRow{q, names[q.State]})
	}
	if st.Floor != nil {
		v.Floor = &speakerRow{accord.FloorRequest{ID: st.Floor.Request, Item: st.Floor.Item, State: st.Floor.State}, names[st.Floor.State]}
		if st.Floor.Limit > 0 {
			left := int(st.Floor.Remaining(s.now()).Seconds())
			v.Remaining = &left
		}
	}
	dels, err := s.store.ListDelegations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	// A state that declined its invitation sends nobody to ask.
	dels = accord.Attending(dels)
	if res, err = s.askResource(ctx, body, m, res); err != nil {
		return nil, err
	}
	for _, d := range dels {
		res.State = d.State
		if d.State != "" && may(r, accord.ActAsk, res) && (!v.CanRun || askerOf(r, d.State)) {
			v.AskAs = append(v.AskAs, askingState{State: d.State, Names: names[d.State], Places: orEmpty(st.Place(d.State))})
		}
	}
	return v, nil
}

// askerOf tells whether the reader serves the state's delegation: the
// console of the secretariat, which may ask for any state, offers the
// form for each only when it does not run the sitting.
func askerOf(r *http.Request, state string) bool {
	if a := actor(r); a.User != nil {
		return slices.ContainsFunc(a.User.Grants, func(g accord.Grant) bool { return g.State == state })
	}
	return false
}

func orEmpty(places []int) []int {
	if places == nil {
		return []int{}
	}
	return places
}

// sittingData is what the console and the screens show of a meeting in
// session: the sitting, the agenda, and the states' names.
func (s *Server) sittingData(ctx context.Context, meeting int64) (accord.Sitting, []*accord.AgendaItem, map[string]accord.Text, error) {
	st, err := s.store.Sitting(ctx, meeting)
	if err != nil {
		return accord.Sitting{}, nil, nil, err
	}
	agenda, err := s.store.ListAgenda(ctx, meeting)
	if err != nil {
		return accord.Sitting{}, nil, nil, err
	}
	names, err := s.stateNames(ctx)
	return st, agenda, names, err
}

func (s *Server) stateNames(ctx context.Context) (map[string]accord.Text, error) {
	states, err := s.store.ListStates(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]accord.Text{}
	for _, st := range states {
		names[st.Code] = st.Names
	}
	return names, nil
}

// changeSitting applies one command. Asking for the floor, and withdrawing
// a request, are the delegation's (ActAsk for the request's state); every
// other command is the chair's (ActUpdate).
func (s *Server) changeSitting(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	_, body, m, res, err := s.sittingMeeting(r)
	if err != nil {
		return outcome{}, err
	}
	cmd, err := bindSittingCommand(in)
	if err != nil {
		return outcome{}, err
	}
	act := accord.ActUpdate
	switch cmd.Kind {
	case accord.FloorRequested:
		act = accord.ActAsk
		if cmd.State == "" {
			cmd.State = readerState(r)
		}
		if err := accord.ValidateStateCode("state", cmd.State); err != nil {
			return outcome{}, err
		}
		res.State = cmd.State
		if res, err = s.askResource(ctx, body, m, res); err != nil {
			return outcome{}, err
		}
	case accord.RequestWithdrawn:
		// The chair may withdraw any request; a delegation its own.
		if !may(r, accord.ActUpdate, res) {
			act = accord.ActAsk
			st, err := s.store.Sitting(ctx, m.ID)
			if err != nil {
				return outcome{}, err
			}
			res.State = requestState(st, cmd.Request)
			// A delegation withdraws under the rule it asked under: an
			// observer's request, once the body no longer lets observers
			// ask, is the chair's to withdraw.
			if res, err = s.askResource(ctx, body, m, res); err != nil {
				return outcome{}, err
			}
		}
	}
	if err := authorize(r, act, res, "sitting"); err != nil {
		return outcome{}, s.noDelegationFirst(ctx, m, res.State, err)
	}
	if _, _, err := s.store.ChangeSitting(ctx, m.ID, cmd); err != nil {
		return outcome{}, err
	}
	v, err := s.sittingPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, redirect: meetingPath(m) + "/sitting"}, nil
}

// readerState is the state whose delegation the reader serves, "" for
// none.
func readerState(r *http.Request) string {
	if a := actor(r); a.User != nil {
		for _, g := range a.User.Grants {
			if (g.Role == accord.RoleDelegationOfficer || g.Role == accord.RoleHeadOfDelegation) && g.State != "" {
				return g.State
			}
		}
	}
	return ""
}

func requestState(st accord.Sitting, id int64) string {
	for _, list := range st.Lists {
		for _, q := range list {
			if q.ID == id {
				return q.State
			}
		}
	}
	return ""
}

// bindSittingCommand reads a command. A speaking time is sent in seconds,
// bounded before it is made a duration, so that no number overflows.
func bindSittingCommand(in url.Values) (accord.SittingCommand, error) {
	var c accord.SittingCommand
	b := &binder{in: in}
	var kind, requestKind string
	b.str("kind", &kind)
	c.Kind = accord.SittingChange(kind)
	b.id("item", &c.Item)
	b.id("request", &c.Request)
	b.str("state", &c.State)
	b.str("request_kind", &requestKind)
	c.RequestKind = accord.FloorRequestKind(requestKind)
	b.integer("position", &c.Position)
	var limit int
	b.integer("limit", &limit)
	b.str("lang", &c.Lang)
	b.str("message", &c.Message)
	if b.err != nil {
		return c, b.err
	}
	if kind == "" {
		return c, accord.Invalid("kind", "is required")
	}
	if limit < 0 || time.Duration(limit) > live.MaxLimit/time.Second {
		return c, accord.Invalid("limit", "must be from 0 to %d seconds", int(live.MaxLimit/time.Second))
	}
	c.Limit = time.Duration(limit) * time.Second
	return c, nil
}

// screenView is the hall screen and the public live page: the open item,
// the speaker and their time, the next speakers, in the screen's language.
type screenView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Meeting      *accord.Meeting      `json:"meeting"`
	InSession    bool                 `json:"in_session"`
	// Lang is the language the screen is read in: the one the chair
	// chose for it, else ?lang= or the reader's.
	Lang    string      `json:"lang"`
	Item    accord.Text `json:"item,omitempty"`
	Message string      `json:"message,omitempty"`
	Floor   *speakerRow `json:"floor,omitempty"`
	// Limit and Remaining are the speaking time and what is left of it,
	// in seconds; absent when none was set.
	Limit     *int         `json:"limit,omitempty"`
	Remaining *int         `json:"remaining,omitempty"`
	Next      []speakerRow `json:"next"`
	Version   int64        `json:"version"`
	// Record is the sitting's record: its transitions, oldest first, on
	// the public page only.
	Record []recordRow `json:"record,omitempty"`
	Stream string      `json:"stream"`
	hall   bool
}

// recordRow is one transition of the sitting's record.
type recordRow struct {
	accord.SittingEvent
	ItemTitle accord.Text `json:"item_title,omitempty"`
	Names     accord.Text `json:"names,omitempty"`
}

func (v screenView) title(lang string) string {
	if v.hall {
		return i18n.Tf(lang, "Hall screen of meeting %s", v.Meeting.Numeral())
	}
	return i18n.Tf(lang, "Meeting %s live", v.Meeting.Numeral())
}
func (v screenView) crumbs(lang string) []crumb {
	return meetingCrumbs(lang, v.Organization, v.Body, v.Meeting)
}

// recordKinds are the transitions the record keeps: the requests and
// the screen's settings are the sitting's working, not its record.
var recordKinds = []accord.SittingChange{accord.SittingOpened, accord.SittingClosed, accord.ItemOpened, accord.ItemClosed, accord.FloorGiven}

// maxRecord bounds the record a page shows.
const maxRecord = 1000

func (s *Server) screenView(hall bool) func(r *http.Request) (view, error) {
	return func(r *http.Request) (view, error) {
		ctx := r.Context()
		org, body, m, res, err := s.sittingMeeting(r)
		if err != nil {
			return nil, err
		}
		if err := authorize(r, accord.ActRead, res, "sitting"); err != nil {
			return nil, err
		}
		st, agenda, names, err := s.sittingData(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		v := screenView{Organization: org, Body: body, Meeting: m, InSession: st.InSession, Lang: i18n.RequestLanguage(r), Message: st.Screen.Message,
			Item: itemTitle(agenda, st.Item), Next: []speakerRow{}, Version: st.Version, Stream: APIPrefix + meetingPath(m) + "/live", hall: hall}
		if hall && st.Screen.Lang != "" {
			v.Lang = st.Screen.Lang
		}
		if f := st.Floor; f != nil {
			v.Floor = &speakerRow{accord.FloorRequest{ID: f.Request, Item: f.Item, State: f.State}, names[f.State]}
			if f.Limit > 0 {
				limit, left := int(f.Limit.Seconds()), int(f.Remaining(s.now()).Seconds())
				v.Limit, v.Remaining = &limit, &left
			}
		}
		for _, q := range st.Next(maxNext) {
			v.Next = append(v.Next, speakerRow{q, names[q.State]})
		}
		if !hall {
			evs, err := s.store.SittingEvents(ctx, m.ID, 0, maxRecord)
			if err != nil {
				return nil, err
			}
			v.Record = []recordRow{}
			for _, e := range evs {
				if slices.Contains(recordKinds, e.Kind) {
					v.Record = append(v.Record, recordRow{SittingEvent: e, ItemTitle: itemTitle(agenda, e.Item), Names: names[e.State]})
				}
			}
		}
		return v, nil
	}
}

// ScreenLang is the language of the screen's interface texts: its own
// language when the interface speaks it, else English.
func (v screenView) ScreenLang() string {
	if slices.Contains(i18n.Languages, v.Lang) {
		return v.Lang
	}
	return "en"
}

// TimeLeft is the speaker's time left as m:ss, "" when none was set.
func (v screenView) TimeLeft() string { return clock(v.Remaining) }

// TimeLeft is the speaker's time left as m:ss, "" when none was set.
func (v sittingView) TimeLeft() string { return clock(v.Remaining) }

// clock says seconds as m:ss, negative once the time ran out.
func clock(left *int) string {
	if left == nil {
		return ""
	}
	seconds := *left
	sign := ""
	if seconds < 0 {
		sign, seconds = "−", -seconds
	}
	return sign + strconv.Itoa(seconds/60) + ":" + strings.TrimPrefix(strconv.Itoa(100+seconds%60), "1")
}

// Word is a kind of request or of change in lang.
func (screenView) Word(lang string, v any) string { return sittingWord(lang, v) }

// Word is a kind of request or of change in lang.
func (sittingView) Word(lang string, v any) string { return sittingWord(lang, v) }

func sittingWord(lang string, v any) string {
	switch s := fmt.Sprint(v); s {
	case "normal":
		return i18n.T(lang, "request to speak")
	case "point_of_order":
		return i18n.T(lang, "point of order")
	case "right_of_reply":
		return i18n.T(lang, "right of reply")
	case "session_opened":
		return i18n.T(lang, "session opened")
	case "session_closed":
		return i18n.T(lang, "session closed")
	case "item_opened":
		return i18n.T(lang, "item opened")
	case "item_closed":
		return i18n.T(lang, "item closed")
	case "floor_given":
		return i18n.T(lang, "floor given")
	default:
		return s
	}
}
