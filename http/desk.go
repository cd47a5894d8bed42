package http

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// The desk (issue 15, item 1) is where a signed-in person lands: what they
// have to do, across their organizations, and the meetings coming. It
// holds no rule of its own. The store names the documents where work
// waits; for each, the desk asks the very questions the action's own
// handler asks (the same resource, the same policy call), so that it
// offers exactly what the person may do and nothing that would answer 403.

func (s *Server) deskRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/desk", Name: "desk", Template: "desk.html", view: s.deskView},
	}
}

// A deskTask is one thing to do, with where to do it.
type deskTask struct {
	// Kind is sign, position, decide_amendments, close_adoption,
	// confirm_keys or answer_invitation (Count is then the meeting's
	// number).
	Kind       string      `json:"kind"`
	DocumentID int64       `json:"document_id,omitempty"`
	Reference  string      `json:"reference,omitempty"`
	Titles     accord.Text `json:"titles,omitempty"`
	// State is the state the task is done for, when it is a state's.
	State string `json:"state,omitempty"`
	// Count is how many: amendments to decide, positions recorded, keys.
	Count int `json:"count,omitempty"`
	// Of is out of how many: signatures or positions required.
	Of       int       `json:"of,omitempty"`
	Deadline time.Time `json:"deadline,omitzero"`
	Path     string    `json:"path"`
	// Label and Detail say it in the reader's language, for the page.
	Label  string `json:"-"`
	Detail string `json:"-"`
}

type deskView struct {
	Tasks    []deskTask   `json:"tasks"`
	Meetings []meetingRef `json:"meetings"`
	// NewMeetings lead to the new-meeting form of each body the reader
	// may prepare a meeting of, so that preparing one starts at the desk.
	NewMeetings []crumb `json:"-"`
}

func (v deskView) title(lang string) string   { return i18n.T(lang, "Your desk") }
func (v deskView) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

// deskMeetings is how many coming meetings the desk lists.
const deskMeetings = 5

func (s *Server) deskView(r *http.Request) (view, error) {
	u, err := signedIn(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	var orgs []string
	for _, g := range u.Grants {
		if g.Organization != "" && !slices.Contains(orgs, g.Organization) {
			orgs = append(orgs, g.Organization)
		}
	}
	slices.Sort(orgs)
	v := deskView{Tasks: []deskTask{}, Meetings: []meetingRef{}}
	work, err := s.store.ListOpenWork(ctx, orgs)
	if err != nil {
		return nil, err
	}
	for _, id := range work.Signing {
		if t, ok, err := s.signingTask(r, id); err != nil {
			return nil, err
		} else if ok {
			v.Tasks = append(v.Tasks, t)
		}
	}
	for _, id := range work.Adoption {
		ts, err := s.adoptionTasks(r, id)
		if err != nil {
			return nil, err
		}
		v.Tasks = append(v.Tasks, ts...)
	}
	for _, id := range work.Amendments {
		if t, ok, err := s.amendmentTask(r, id); err != nil {
			return nil, err
		} else if ok {
			v.Tasks = append(v.Tasks, t)
		}
	}
	for _, id := range work.Invitations {
		if t, ok, err := s.invitationTask(r, id); err != nil {
			return nil, err
		} else if ok {
			v.Tasks = append(v.Tasks, t)
		}
	}
	for _, org := range orgs {
		if accord.Authorize(actor(r), accord.ActCreate, keyResource(org)).Allow {
			keys, err := s.pendingKeys(r, org)
			if err != nil {
				return nil, err
			}
			if len(keys) > 0 {
				v.Tasks = append(v.Tasks, deskTask{Kind: "confirm_keys", Count: len(keys), Path: orgPath(org) + "/signing-keys"})
			}
		}
	}
	// What has a deadline comes first, the nearest first.
	slices.SortStableFunc(v.Tasks, func(x, y deskTask) int {
		switch {
		case x.Deadline.IsZero() != y.Deadline.IsZero():
			if x.Deadline.IsZero() {
				return 1
			}
			return -1
		}
		return x.Deadline.Compare(y.Deadline)
	})
	lang := i18n.RequestLanguage(r)
	for _, code := range orgs {
		org, err := s.store.FindOrganization(ctx, code)
		if err != nil {
			return nil, err
		}
		bodies, err := s.store.ListBodies(ctx, code)
		if err != nil {
			return nil, err
		}
		for _, b := range bodies {
			if canCreate, _ := s.bodyLinks(r, org, b); canCreate {
				v.NewMeetings = append(v.NewMeetings, crumb{i18n.Tf(lang, "Prepare a meeting of %s", b.Names.Get(lang)), bodyPath(code, b.Code) + "/meetings/new"})
			}
		}
	}
	if v.Meetings, err = s.comingMeetings(r, orgs); err != nil {
		return nil, err
	}
	if err := s.sayTasks(r, v.Tasks); err != nil {
		return nil, err
	}
	return v, nil
}

// sayTasks words each task in the reader's language, with deadlines in
// the reader's time zone.
func (s *Server) sayTasks(r *http.Request, tasks []deskTask) error {
	if len(tasks) == 0 {
		return nil
	}
	lang := i18n.RequestLanguage(r)
	list, err := s.store.ListStates(r.Context())
	if err != nil {
		return err
	}
	states := map[string]*accord.State{}
	for _, st := range list {
		states[st.Code] = st
	}
	name := func(code string) string {
		if st := states[code]; st != nil {
			return st.Names.Get(lang)
		}
		return code
	}
	zone := readerZone(r, states)
	for i := range tasks {
		t := &tasks[i]
		switch t.Kind {
		case "sign":
			t.Label, t.Detail = i18n.Tf(lang, "Sign for %s", name(t.State)), i18n.Tf(lang, "Signed by %d of %d.", t.Count, t.Of)
		case "position":
			t.Label, t.Detail = i18n.Tf(lang, "Give the position of %s", name(t.State)), i18n.Tf(lang, "Positions recorded: %d of %d.", t.Count, t.Of)
			if !t.Deadline.IsZero() {
				t.Detail += " " + i18n.Tf(lang, "The silence ends %s.", zonedTime(lang, t.Deadline, zone))
			}
		case "close_adoption":
			t.Label, t.Detail = i18n.T(lang, "Close the adoption in session"), i18n.Tf(lang, "Positions recorded: %d of %d.", t.Count, t.Of)
		case "decide_amendments":
			t.Label, t.Detail = i18n.T(lang, "Decide on the amendments"), i18n.Tf(lang, "Amendments awaiting a decision: %d.", t.Count)
		case "answer_invitation":
			number := accord.Roman(t.Count)
			if lang == "zh" {
				number = i18n.ChineseNumber(t.Count)
			}
			t.Label, t.Detail = i18n.Tf(lang, "Answer the invitation of %s", name(t.State)), i18n.Tf(lang, "Meeting %s: accept and name the head and the members, or decline.", number)
		case "confirm_keys":
			t.Label, t.Detail = i18n.T(lang, "Confirm the signing keys heads have sent"), i18n.Tf(lang, "Keys waiting: %d.", t.Count)
		}
	}
	return nil
}

// forDocument is r as the routes of document id see it, so that the desk
// asks what their handlers ask.
func forDocument(r *http.Request, id int64) *http.Request {
	r2 := r.Clone(r.Context())
	r2.SetPathValue("id", strconv.FormatInt(id, 10))
	return r2
}

// hidden tells whether err only means that the reader has nothing to do
// there: the document is not theirs to read, or no longer is what it was.
func hidden(err error) bool {
	switch accord.ErrorCode(err) {
	case accord.ENOTFOUND, accord.EFORBIDDEN, accord.EUNAUTHORIZED, accord.EINVALID, accord.ECONFLICT:
		return true
	}
	return false
}

// signingTask: a head of delegation whose state has not signed yet.
func (s *Server) signingTask(r *http.Request, id int64) (deskTask, bool, error) {
	d, meetings, res, err := s.signingDocument(forDocument(r, id))
	if err != nil || len(meetings) == 0 || !accord.Authorize(actor(r), accord.ActSign, res).Allow {
		return deskTask{}, false, keep(err)
	}
	state := signState(actor(r), meetings[0].Organization)
	sg, err := s.store.FindSigning(r.Context(), id)
	if err != nil || state == "" || sg.SignedByAll() || sg.SignatureOf(state) != nil {
		return deskTask{}, false, keep(err)
	}
	if !slices.ContainsFunc(sg.Required, func(x accord.Signatory) bool { return x.State == state }) {
		return deskTask{}, false, nil
	}
	return deskTask{Kind: "sign", DocumentID: id, Reference: d.Reference, Titles: titlesOf(d), State: state,
		Count: len(sg.Signatures), Of: len(sg.Required), Path: docPath(id) + "/signing"}, true, nil
}

// invitationTask: a delegation officer whose state's invitation waits
// for an answer. The secretariat, which sent it and may answer too, is not
// given the task: it sees the answers on the delegations step.
func (s *Server) invitationTask(r *http.Request, id int64) (deskTask, bool, error) {
	d, err := s.store.FindDelegation(r.Context(), id)
	if err != nil {
		return deskTask{}, false, keep(err)
	}
	m, err := s.store.FindMeetingByID(r.Context(), d.MeetingID)
	if err != nil {
		return deskTask{}, false, keep(err)
	}
	if !slices.Contains(actingStatesOf(actor(r)), d.State) || !accord.Authorize(actor(r), accord.ActUpdate, delegationResource(m, d.State)).Allow {
		return deskTask{}, false, nil
	}
	return deskTask{Kind: "answer_invitation", State: d.State, Count: m.Number, Path: delegationPath(m, d.ID) + "/answer"}, true, nil
}

// adoptionTasks: a position each of the reader's states still owes, and
// for the chair or the secretariat, a procedure in session to close.
func (s *Server) adoptionTasks(r *http.Request, id int64) ([]deskTask, error) {
	ad, err := s.store.FindAdoption(r.Context(), id)
	if err != nil || ad.Result != "" {
		return nil, keep(err)
	}
	rd := forDocument(r, id)
	var out []deskTask
	for _, state := range actingStatesOf(actor(r)) {
		d, _, res, err := s.adoptionResource(rd, accord.ActRead, state)
		if err != nil {
			return nil, keep(err)
		}
		if !slices.Contains(ad.Members, state) || !accord.Authorize(actor(r), accord.ActVote, res).Allow ||
			slices.ContainsFunc(ad.Positions, func(p accord.AdoptionPosition) bool { return p.State == state }) {
			continue
		}
		out = append(out, deskTask{Kind: "position", DocumentID: id, Reference: d.Reference, Titles: titlesOf(d), State: state,
			Count: len(ad.Positions), Of: len(ad.Members), Deadline: ad.Deadline, Path: docPath(id) + "/adoption"})
	}
	d, _, res, err := s.adoptionResource(rd, accord.ActRead, "")
	if err != nil {
		return nil, keep(err)
	}
	if ad.Method == accord.AdoptInSession && accord.Authorize(actor(r), accord.ActDecide, res).Allow {
		out = append(out, deskTask{Kind: "close_adoption", DocumentID: id, Reference: d.Reference, Titles: titlesOf(d),
			Count: len(ad.Positions), Of: len(ad.Members), Path: docPath(id) + "/adoption"})
	}
	return out, nil
}

// amendmentTask: the chair's decisions owed on a draft's amendments.
func (s *Server) amendmentTask(r *http.Request, id int64) (deskTask, bool, error) {
	c, err := s.draftContext(forDocument(r, id))
	if err != nil || !accord.Authorize(actor(r), accord.ActDecide, c.as(accord.KindAmendment)).Allow {
		return deskTask{}, false, keep(err)
	}
	as, err := s.store.ListAmendments(r.Context(), id)
	if err != nil {
		return deskTask{}, false, keep(err)
	}
	open := 0
	for _, a := range as {
		if a.Status == accord.AmendmentOpen {
			open++
		}
	}
	if open == 0 {
		return deskTask{}, false, nil
	}
	return deskTask{Kind: "decide_amendments", DocumentID: id, Reference: c.doc.Reference, Titles: titlesOf(c.doc),
		Count: open, Path: c.path()}, true, nil
}

// keep is err unless it only hides the task from this reader.
func keep(err error) error {
	if err == nil || hidden(err) {
		return nil
	}
	return err
}

// actingStatesOf are the states the actor serves in a delegation.
func actingStatesOf(a *accord.Actor) []string {
	var out []string
	if a.User == nil {
		return out
	}
	for _, g := range a.User.Grants {
		if (g.Role == accord.RoleDelegationOfficer || g.Role == accord.RoleHeadOfDelegation) && g.State != "" && !slices.Contains(out, g.State) {
			out = append(out, g.State)
		}
	}
	return out
}

// titlesOf are a document's titles by language, of its latest versions.
func titlesOf(d *accord.Document) accord.Text {
	t := accord.Text{}
	latest := map[string]int{}
	for _, v := range d.Versions {
		if v.Revision >= latest[v.Lang] {
			t[v.Lang], latest[v.Lang] = v.Title, v.Revision
		}
	}
	return t
}

// comingMeetings are the next meetings of orgs from today, soonest first.
func (s *Server) comingMeetings(r *http.Request, orgs []string) ([]meetingRef, error) {
	ctx := r.Context()
	today := accord.DateOf(s.now())
	var out []meetingRef
	for _, org := range orgs {
		ms, err := s.store.ListMeetings(ctx, accord.MeetingFilter{Organization: org})
		if err != nil {
			return nil, err
		}
		bodies := map[string]accord.Text{}
		for _, m := range ms {
			if m.Start.IsZero() || m.Start.Before(today) || m.Status == accord.Concluded {
				continue
			}
			if _, ok := bodies[m.Body]; !ok {
				b, err := s.store.FindBody(ctx, m.Organization, m.Body)
				if err != nil {
					return nil, err
				}
				bodies[m.Body] = b.Names
			}
			out = append(out, meetingRef{Meeting: m, Path: meetingPath(m), Names: bodies[m.Body]})
		}
	}
	if out == nil {
		out = []meetingRef{}
	}
	slices.SortFunc(out, func(x, y meetingRef) int { return cmp.Compare(x.Start.String(), y.Start.String()) })
	if len(out) > deskMeetings {
		out = out[:deskMeetings]
	}
	return out, nil
}

// signInTarget is where signing in leads: the page the person came from,
// or their desk rather than the public home page.
func signInTarget(next string) string {
	if n := safeRedirect(next); n != "/" {
		return n
	}
	return "/desk"
}
