package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
	"github.com/accord-org/accord/i18n"
)

// adoptionView is a document's adoption: the latest procedure with each
// member's position and the deadline in every member's time zone and the
// reader's, the earlier procedures, and what the reader may do.
type adoptionView struct {
	Document *accord.Document `json:"document"`
	// Adoption is the latest procedure, nil before the first.
	Adoption *accord.Adoption `json:"adoption"`
	// Earlier are the procedures before it, oldest first.
	Earlier []*accord.Adoption `json:"earlier"`
	States  []adoptionRow      `json:"states"`
	// Zone is the reader's time zone, in which Deadline and Remaining are
	// said: the one asked for (?tz=), else their state's, else UTC.
	Zone string `json:"zone"`
	// Deadline is the silence's deadline in Zone, in the reader's
	// language; Remaining how long it still runs ("" when over).
	Deadline  string `json:"deadline,omitempty"`
	Remaining string `json:"remaining,omitempty"`
	CanOpen   bool   `json:"can_open"`
	CanClose  bool   `json:"can_close"`
	// PositionAs are the states the reader may take a position for now.
	PositionAs []string `json:"position_as"`
	// DefaultSilenceHours is the period of a silence with no deadline.
	DefaultSilenceHours int  `json:"default_silence_hours"`
	Form                Form `json:"-"`
	lang                string
}

// adoptionRow is one member state's position and the deadline in its time
// zone.
type adoptionRow struct {
	State    string                   `json:"state"`
	Names    accord.Text              `json:"names"`
	TimeZone string                   `json:"time_zone"`
	Deadline string                   `json:"deadline,omitempty"`
	Position *accord.AdoptionPosition `json:"position"`
}

func (v adoptionView) title(lang string) string {
	return i18n.Tf(lang, "Adoption of %s", v.Document.Reference)
}
func (v adoptionView) crumbs(lang string) []crumb {
	return documentCrumbs(v.Document)
}

// adoptionResource is the document's resource as the adoption policy
// needs it: the members on the meeting's date, and state, whose position
// is taken.
func (s *Server) adoptionResource(r *http.Request, act accord.Action, state string) (*accord.Document, []*accord.Meeting, accord.Resource, error) {
	d, meetings, res, err := s.signingDocument(r)
	if err != nil {
		return nil, nil, res, err
	}
	res.Kind, res.State = accord.KindAdoption, state
	if len(meetings) > 0 {
		ms, err := s.store.MembersOn(r.Context(), meetings[0].Organization, meetings[0].Start, accord.Member)
		if err != nil {
			return nil, nil, res, err
		}
		for _, m := range ms {
			res.Members = append(res.Members, m.State)
		}
	}
	if act != accord.ActRead {
		if err := authorize(r, act, res, "adoption"); err != nil {
			return nil, nil, res, err
		}
	}
	return d, meetings, res, nil
}

// readerZone is the time zone a page says times in: ?tz= when it names
// one, else that of the state the reader serves, else UTC.
func readerZone(r *http.Request, states map[string]*accord.State) *time.Location {
	if tz := r.URL.Query().Get("tz"); tz != "" && tz != "Local" && len(tz) <= 64 {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	if a := actor(r); a.User != nil {
		for _, g := range a.User.Grants {
			if st := states[g.State]; st != nil && st.TimeZone != "" {
				if loc, err := time.LoadLocation(st.TimeZone); err == nil {
					return loc
				}
			}
		}
	}
	return time.UTC
}

// zonedTime says t in loc, in lang, with the zone's offset and name so
// that a reader in another zone can compare.
func zonedTime(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(loc)
	return i18n.FormatDate(lang, accord.DateOf(l)) + ", " + l.Format("15:04") + " (" + loc.String() + ", UTC" + l.Format("-07:00") + ")"
}

// remaining says how long a deadline still runs, in lang.
func remaining(lang string, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	return i18n.Tf(lang, "%d d %d h %d min left", days, hours, mins)
}

func (s *Server) adoptionView(r *http.Request) (view, error) { return s.adoptionPage(r, Form{}) }

func (s *Server) adoptionPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	d, meetings, res, err := s.adoptionResource(r, accord.ActRead, "")
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	v := adoptionView{Document: d, Earlier: []*accord.Adoption{}, States: []adoptionRow{}, PositionAs: []string{}, Form: f, lang: lang,
		DefaultSilenceHours: int(drafting.DefaultAdoptionRules.Silence.Hours())}
	all, err := s.store.ListAdoptions(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	states := map[string]*accord.State{}
	list, err := s.store.ListStates(ctx)
	if err != nil {
		return nil, err
	}
	for _, st := range list {
		states[st.Code] = st
	}
	loc := readerZone(r, states)
	v.Zone = loc.String()
	res.Kind = accord.KindAdoption
	a := actor(r)
	if n := len(all); n > 0 {
		v.Adoption, v.Earlier = all[n-1], all[:n-1]
	}
	open := v.Adoption != nil && v.Adoption.Open()
	adopted := slices.ContainsFunc(all, func(x *accord.Adoption) bool { return x.Result == accord.Adopted })
	v.CanOpen = len(meetings) > 0 && !open && !adopted && accord.Authorize(a, accord.ActCreate, res).Allow
	v.CanClose = open && accord.Authorize(a, accord.ActDecide, res).Allow
	members := res.Members
	if v.Adoption != nil {
		members = v.Adoption.Members
		v.Deadline = zonedTime(lang, v.Adoption.Deadline, loc)
		if open && v.Adoption.Method == accord.AdoptSilence {
			v.Remaining = remaining(lang, v.Adoption.Deadline.Sub(s.now()))
		}
	}
	for _, code := range members {
		row := adoptionRow{State: code, Names: accord.Text{"en": code}}
		if st := states[code]; st != nil {
			row.Names, row.TimeZone = st.Names, st.TimeZone
		}
		if v.Adoption != nil {
			if row.TimeZone != "" && !v.Adoption.Deadline.IsZero() {
				if z, err := time.LoadLocation(row.TimeZone); err == nil {
					row.Deadline = zonedTime(lang, v.Adoption.Deadline, z)
				}
			}
			if row.Deadline == "" {
				row.Deadline = zonedTime(lang, v.Adoption.Deadline, time.UTC)
			}
			row.Position = v.Adoption.PositionOf(code)
		}
		v.States = append(v.States, row)
		p := res
		p.State = code
		if open && accord.Authorize(a, accord.ActVote, p).Allow {
			v.PositionAs = append(v.PositionAs, code)
		}
	}
	return v, nil
}

// adoptionDone answers a change with the page, or its JSON.
func (s *Server) adoptionDone(r *http.Request, d *accord.Document, status int) (outcome, error) {
	v, err := s.adoptionPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, status: status, redirect: fmt.Sprintf("/documents/%d/adoption", d.ID)}, nil
}

// openAdoption puts the draft's latest circulated revision to adoption.
func (s *Server) openAdoption(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	d, _, _, err := s.adoptionResource(r, accord.ActCreate, "")
	if err != nil {
		return outcome{}, err
	}
	req := &accord.AdoptionRequest{DocumentID: d.ID, Method: accord.AdoptionMethod(in.Get("method"))}
	if v := in.Get("revision"); v != "" {
		if req.Revision, err = strconv.Atoi(v); err != nil || req.Revision < 1 || req.Revision > 100000 {
			return outcome{}, accord.Invalid("revision", "%q is not a revision number", v)
		}
	}
	if v := strings.TrimSpace(in.Get("deadline")); v != "" {
		if req.Deadline, err = parseDeadline(v, in.Get("time_zone")); err != nil {
			return outcome{}, err
		}
	}
	draft, err := s.store.FindDraft(ctx, d.ID)
	if err != nil {
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return outcome{}, accord.Invalid("document_id", "the document has no draft: start drafting it first")
		}
		return outcome{}, err
	}
	var rev *accord.DraftRevision
	if draft.Revision > 0 {
		if rev, err = s.store.FindRevision(ctx, d.ID, draft.Revision); err != nil {
			return outcome{}, err
		}
	}
	titles := map[string]string{}
	for _, v := range d.LatestVersions() {
		titles[v.Lang] = v.Title
	}
	req.Draft, req.Texts = drafting.AdoptionOf(draft, rev, titles)
	if _, err := s.store.OpenAdoption(ctx, req); err != nil {
		return outcome{}, err
	}
	return s.adoptionDone(r, d, http.StatusCreated)
}

// parseDeadline reads an RFC 3339 time, or a form's date and time
// (2006-01-02T15:04) in the time zone the form names, UTC by default.
func parseDeadline(v, zone string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	loc := time.UTC
	if zone != "" {
		l, err := time.LoadLocation(zone)
		if err != nil || zone == "Local" || len(zone) > 64 {
			return time.Time{}, accord.Invalid("time_zone", "%q is not an IANA time zone such as Asia/Karachi", zone)
		}
		loc = l
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, loc)
	if err != nil {
		return time.Time{}, accord.Invalid("deadline", "%q is not a date and time such as 2026-12-05T18:00", v)
	}
	return t, nil
}

// recordPosition records the position of a state the reader serves: the
// one named, or the reader's only member state.
func (s *Server) recordPosition(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	state := in.Get("state")
	if state == "" {
		if a := actor(r); a.User != nil {
			for _, g := range a.User.Grants {
				if (g.Role == accord.RoleDelegationOfficer || g.Role == accord.RoleHeadOfDelegation) && g.State != "" {
					state = g.State
					break
				}
			}
		}
	}
	if err := accord.ValidateStateCode("state", state); err != nil {
		return outcome{}, err
	}
	d, _, res, err := s.adoptionResource(r, accord.ActRead, state)
	if err != nil {
		return outcome{}, err
	}
	if !slices.Contains(res.Members, state) {
		return outcome{}, accord.Invalid("state", "%s was not a member state on the meeting's first day, so it takes no position", state)
	}
	if err := authorize(r, accord.ActVote, res, "adoption position"); err != nil {
		return outcome{}, err
	}
	p := &accord.AdoptionPosition{State: state, Kind: accord.PositionKind(in.Get("kind")), Text: in.Get("text"), Lang: in.Get("lang")}
	if a := actor(r); a.User != nil {
		p.UserID = a.User.ID
	}
	if _, err := s.store.RecordPosition(r.Context(), d.ID, p); err != nil {
		return outcome{}, err
	}
	return s.adoptionDone(r, d, http.StatusOK)
}

// closeAdoption records the result the chair declares.
func (s *Server) closeAdoption(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, _, _, err := s.adoptionResource(r, accord.ActDecide, "")
	if err != nil {
		return outcome{}, err
	}
	c := &accord.AdoptionClose{DocumentID: d.ID, Result: accord.AdoptionResult(in.Get("result")), Note: in.Get("note")}
	if _, err := s.store.CloseAdoption(r.Context(), c); err != nil {
		return outcome{}, err
	}
	return s.adoptionDone(r, d, http.StatusOK)
}
