package http

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Delegations and their participants. A state's delegation officer
// registers its delegation and names its head and members; the
// secretariat may do so for any state and for the organization's organs.

// delegationsView is a meeting's delegations in order of precedence,
// filtered by ?party=state|organ and ?state=.
type delegationsView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Meeting      *accord.Meeting      `json:"meeting"`
	Filter       delegationQuery      `json:"filter"`
	Page         pager                `json:"page"`
	Delegations  []*accord.Delegation `json:"delegations"`
	Add          *formSpec            `json:"-"`
	// CanInvite offers the bulk registration (delegations_bulk.go).
	CanInvite bool `json:"-"`
	// Invitations count the answers to the invitations, over all the
	// meeting's delegations whatever the filter, so that the secretariat
	// sees at a glance who has answered.
	Invitations invitationCounts `json:"-"`
	Error       string           `json:"-"`
}

// invitationCounts are the answers to a meeting's invitations.
type invitationCounts struct{ Sent, Accepted, Declined int }

func (c *invitationCounts) add(st accord.InvitationState) {
	switch st {
	case accord.InvitationSent:
		c.Sent++
	case accord.InvitationAccepted:
		c.Accepted++
	case accord.InvitationDeclined:
		c.Declined++
	}
}

// Any tells whether the meeting had invitations at all.
func (c invitationCounts) Any() bool { return c.Sent+c.Accepted+c.Declined > 0 }

type delegationQuery struct {
	Party string `json:"party,omitempty"`
	State string `json:"state,omitempty"`
}

func (v delegationsView) title(lang string) string {
	return i18n.Tf(lang, "Delegations to meeting %s", v.Meeting.Numeral())
}
func (v delegationsView) crumbs(lang string) []crumb {
	return meetingCrumbs(lang, v.Organization, v.Body, v.Meeting)
}

// Path is where the meeting's delegations live.
func (v delegationsView) Path() string { return meetingPath(v.Meeting) + "/delegations" }

func delegationPath(m *accord.Meeting, id int64) string {
	return meetingPath(m) + "/delegations/" + strconv.FormatInt(id, 10)
}

func (s *Server) delegationsView(r *http.Request) (view, error) { return s.delegationsPage(r, Form{}) }

func (s *Server) delegationsPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	org, body, m, _, err := s.findMeeting(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	v := delegationsView{Organization: org, Body: body, Meeting: m, Filter: delegationQuery{Party: q.Get("party"), State: q.Get("state")}}
	if v.Filter.Party != "" && v.Filter.Party != "state" && v.Filter.Party != "organ" {
		return nil, accord.Invalid("party", "%q is not a party: use state or organ", v.Filter.Party)
	}
	ds, err := s.store.ListDelegations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if err := s.sortByPrecedence(ctx, lang, m, ds); err != nil {
		return nil, err
	}
	registered := map[string]bool{}
	for _, d := range ds {
		v.Invitations.add(d.Invitation)
		registered[d.State] = true
	}
	kept := ds[:0]
	for _, d := range ds {
		if (v.Filter.Party != "state" || d.State != "") && (v.Filter.Party != "organ" || d.Organ != "") && (v.Filter.State == "" || d.State == v.Filter.State) {
			kept = append(kept, d)
		}
	}
	if v.Delegations, v.Page, err = paginate(r, kept); err != nil {
		return nil, err
	}
	v.CanInvite = may(r, accord.ActCreate, delegationResource(m, ""))
	// The form offers the parties the reader may register: any state and
	// the organs for the secretariat, its own state for a delegation
	// officer.
	// States registered already are not offered again: a second
	// registration is refused anyway.
	states, err := s.stateOptions(ctx, lang, func(code string) bool {
		return !registered[code] && may(r, accord.ActCreate, delegationResource(m, code))
	})
	if err != nil || len(states) == 0 {
		v.Error = pageError(r, f)
		return v, err
	}
	// The states on the roll on the meeting's first day come first, in
	// the reader's collation; any other state may come as a guest, after
	// them. Nothing is chosen for the reader: the first state of the
	// alphabet (Afghanistan) was registered by whoever did not look.
	roll, err := s.store.MembersOn(ctx, m.Organization, m.Start)
	if err != nil {
		return nil, err
	}
	onRoll := map[string]bool{}
	for _, ms := range roll {
		onRoll[ms.State] = true
	}
	slices.SortStableFunc(states, func(a, b option) int {
		switch {
		case onRoll[a.Value] == onRoll[b.Value]:
			return 0
		case onRoll[a.Value]:
			return -1
		}
		return 1
	})
	states = append([]option{{"", i18n.T(lang, "Choose a state")}}, states...)
	fields := []field{{Name: "state", Label: i18n.T(lang, "State"), Type: "select", Options: states}}
	if may(r, accord.ActCreate, delegationResource(m, "")) {
		organs, err := s.store.ListOrgans(ctx, org.Code)
		if err != nil {
			return nil, err
		}
		if len(organs) > 0 {
			options := []option{{"", i18n.T(lang, "None: a state's delegation")}}
			for _, o := range organs {
				options = append(options, option{o.Code, o.Names.Get(lang)})
			}
			fields[0].Options = append([]option{{"", i18n.T(lang, "None: an organ's delegation")}}, states[1:]...)
			fields = append(fields, field{Name: "organ", Label: i18n.T(lang, "Organ"), Type: "select", Options: options})
		}
	}
	fields = append(fields, participantFields(lang, org, "head.", accord.Text{})...)
	// The head's name and title, then the name in other scripts.
	fields[len(fields)-3].Label, fields[len(fields)-2].Label = i18n.T(lang, "Name of the head of delegation"), i18n.T(lang, "Title of the head of delegation")
	add := fill(r, formSpec{Heading: i18n.T(lang, "Register a delegation"), Action: v.Path(), Submit: i18n.T(lang, "Register delegation"), Fields: fields}, nil, f)
	v.Add, v.Error = &add, pageError(r, f, &add)
	return v, nil
}

// participantFields are a person's inputs, under prefix ("head." for the
// head named with a new delegation).
func participantFields(lang string, org *accord.Organization, prefix string, title accord.Text) []field {
	return []field{
		{Name: prefix + "name", Label: i18n.T(lang, "Name"), Type: "text", Hint: i18n.T(lang, "Leave empty when the record names only the title.")},
		textField(lang, prefix+"title", i18n.T(lang, "Title"), org, title, false),
		otherScripts(lang, prefix+"names"),
	}
}

// otherScripts are the fields of a person's name in the scripts of the
// interface's other languages, which pages in those languages show.
func otherScripts(lang, name string) field {
	f := field{Name: name, Label: i18n.T(lang, "The name in Russian and Chinese, when it is written so"), Type: "text"}
	for _, l := range []string{"ru", "zh"} {
		f.Group = append(f.Group, field{Name: name + "." + l, Label: langLabel(l), Type: "text", Lang: l})
	}
	return f
}

func bindPerson(b *binder, prefix string, p *accord.Person) {
	b.str(prefix+"name", &p.Name)
	b.text(prefix+"title", &p.Title)
	b.text(prefix+"names", &p.Names)
}

func (s *Server) createDelegation(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	_, _, m, _, err := s.findMeeting(r)
	if err != nil {
		return outcome{}, err
	}
	d := &accord.Delegation{MeetingID: m.ID, Members: []accord.Person{}}
	b := &binder{in: in}
	b.str("state", &d.State)
	b.str("organ", &d.Organ)
	if err := authorize(r, accord.ActCreate, delegationResource(m, d.State), "delegation"); err != nil {
		return outcome{}, err
	}
	d.Head.Affiliation = d.Party()
	if bindPerson(b, "head.", &d.Head); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.CreateDelegation(r.Context(), d); err != nil {
		return outcome{}, err
	}
	return created(record{d}, delegationPath(m, d.ID)), nil
}

// delegationView is one delegation: its head and members, and for those
// who may change it, the form that adds a member.
type delegationView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Meeting      *accord.Meeting      `json:"meeting"`
	Delegation   *accord.Delegation   `json:"delegation"`
	CanEdit      bool                 `json:"-"`
	Add          *formSpec            `json:"-"`
	Error        string               `json:"-"`
}

func (v delegationView) title(lang string) string {
	return i18n.Tf(lang, "Delegation of %s", v.Delegation.PartyNames.Get(lang))
}
func (v delegationView) crumbs(lang string) []crumb {
	return append(meetingCrumbs(lang, v.Organization, v.Body, v.Meeting), crumb{i18n.T(lang, "Delegations"), meetingPath(v.Meeting) + "/delegations"})
}

// Path is the delegation's address.
func (v delegationView) Path() string { return delegationPath(v.Meeting, v.Delegation.ID) }

// findDelegation finds the delegation of the path, which must be at the
// meeting of the path, and whether the reader may change it.
func (s *Server) findDelegation(r *http.Request) (delegationView, accord.Resource, error) {
	org, body, m, _, err := s.findMeeting(r)
	if err != nil {
		return delegationView{}, accord.Resource{}, err
	}
	id, err := pathID(r, "id", "delegation")
	if err != nil {
		return delegationView{}, accord.Resource{}, err
	}
	d, err := s.store.FindDelegation(r.Context(), id)
	if err == nil && d.MeetingID != m.ID {
		err = accord.NotFound("delegation", id)
	}
	if err != nil {
		return delegationView{}, accord.Resource{}, err
	}
	res := delegationResource(m, d.State)
	return delegationView{Organization: org, Body: body, Meeting: m, Delegation: d, CanEdit: may(r, accord.ActUpdate, res)}, res, nil
}

func (s *Server) delegationView(r *http.Request) (view, error) { return s.delegationPage(r, Form{}) }

func (s *Server) delegationPage(r *http.Request, f Form) (view, error) {
	v, _, err := s.findDelegation(r)
	if err != nil || !v.CanEdit {
		v.Error = pageError(r, f)
		return v, err
	}
	lang := i18n.RequestLanguage(r)
	add := fill(r, formSpec{Heading: i18n.T(lang, "Add a member"), Action: v.Path() + "/participants", Submit: i18n.T(lang, "Add member"),
		Fields: participantFields(lang, v.Organization, "", accord.Text{})}, nil, f)
	v.Add, v.Error = &add, pageError(r, f, &add)
	return v, nil
}

// delegationForUpdate is findDelegation for a change, which the reader
// must be allowed.
func (s *Server) delegationForUpdate(r *http.Request) (delegationView, error) {
	v, res, err := s.findDelegation(r)
	if err == nil {
		err = authorize(r, accord.ActUpdate, res, "delegation")
	}
	return v, err
}

func (s *Server) addParticipant(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	v, err := s.delegationForUpdate(r)
	if err != nil {
		return outcome{}, err
	}
	p := &accord.Person{}
	b := &binder{in: in}
	if bindPerson(b, "", p); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.AddParticipant(r.Context(), v.Delegation.ID, p); err != nil {
		return outcome{}, err
	}
	return created(record{p}, v.Path()), nil
}

// findParticipant finds the person of the path among the head and members
// of the delegation of the path, for a change.
func (s *Server) findParticipant(r *http.Request) (delegationView, *accord.Person, bool, error) {
	v, err := s.delegationForUpdate(r)
	if err != nil {
		return v, nil, false, err
	}
	id, err := pathID(r, "person", "participant")
	if err != nil {
		return v, nil, false, err
	}
	d := v.Delegation
	if d.Head.ID == id {
		return v, &d.Head, true, nil
	}
	for i := range d.Members {
		if d.Members[i].ID == id {
			return v, &d.Members[i], false, nil
		}
	}
	return v, nil, false, accord.NotFound("participant", id)
}

func participantPath(v delegationView, p *accord.Person) string {
	return v.Path() + "/participants/" + strconv.FormatInt(p.ID, 10)
}

func (s *Server) participantEditPage(r *http.Request, f Form) (view, error) {
	v, p, head, err := s.findParticipant(r)
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	values := url.Values{"name": {p.Name}}
	textValues(values, "title", p.Title)
	textValues(values, "names", p.Names)
	title := i18n.T(lang, "Edit member")
	if head {
		title = i18n.T(lang, "Edit head of delegation")
	}
	ev := editView{Title: title, Crumbs: append(v.crumbs(lang), crumb{v.title(lang), v.Path()}), Record: p,
		Forms: []formSpec{fill(r, formSpec{Action: participantPath(v, p), Submit: i18n.T(lang, "Save"), Fields: participantFields(lang, v.Organization, "", p.Title)}, values, f)}}
	if !head {
		ev.Forms = append(ev.Forms, fill(r, formSpec{Heading: i18n.T(lang, "Remove from the delegation"), Action: participantPath(v, p) + "/delete",
			Submit: i18n.T(lang, "Remove member"), Danger: true}, nil, f))
	}
	return ev, nil
}

func (s *Server) updateParticipant(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	v, p, _, err := s.findParticipant(r)
	if err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	if bindPerson(b, "", p); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.UpdateParticipant(r.Context(), v.Delegation.ID, p); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{p}, redirect: v.Path()}, nil
}

func (s *Server) removeParticipant(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	v, p, _, err := s.findParticipant(r)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.RemoveParticipant(r.Context(), v.Delegation.ID, p.ID); err != nil {
		return outcome{}, err
	}
	return outcome{view: done{"removed"}, redirect: v.Path()}, nil
}
