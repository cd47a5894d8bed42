package http

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Delegations in bulk (issue 15, item 4). The secretariat registers the
// delegations of every state on the organization's roll on the meeting's
// date in one step, the full members ticked; each delegation starts with
// its head known only by the office's title, and is an invitation that the
// state's delegation officer answers by naming the head and the members.

func (s *Server) delegationBulkRoutes() []Route {
	const (
		meeting    = "/organizations/{org}/bodies/{body}/meetings/{number}"
		delegation = meeting + "/delegations/{id}"
	)
	return []Route{
		{Method: "GET", Pattern: meeting + "/delegations/invite", Name: "delegations_bulk", Template: "delegations_bulk.html", view: formView(s.delegationsBulkPage)},
		{Method: "POST", Pattern: meeting + "/delegations/invite", Name: "delegations_bulk_create", Template: "delegations_bulk.html", action: s.createDelegationsBulk, page: s.delegationsBulkPage},
		{Method: "GET", Pattern: delegation + "/answer", Name: "delegation_answer_edit", Template: "delegation_answer.html", view: formView(s.delegationAnswerPage)},
		{Method: "POST", Pattern: delegation + "/answer", Name: "delegation_answer", Template: "delegation_answer.html", action: s.answerDelegation, page: s.delegationAnswerPage},
		{Method: "POST", Pattern: delegation + "/decline", Name: "delegation_decline", Template: "delegation_answer.html", action: s.declineDelegation, page: s.delegationAnswerPage},
	}
}

// inviteeOption is a checkbox of the bulk form.
type inviteeOption struct {
	State, Name, Lang, Status string
	Checked                   bool
}

// delegationsBulkView is the bulk form: the states on the roll on the
// meeting's date that the reader may register and that have no delegation
// yet, and those registered already.
type delegationsBulkView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Meeting      *accord.Meeting      `json:"meeting"`
	Invitees     []accord.Invitee     `json:"invitees"`
	Registered   []string             `json:"registered"`
	Options      []inviteeOption      `json:"-"`
	RegisteredAs []string             `json:"-"`
	Date         string               `json:"-"`
	Error        string               `json:"-"`
}

func (v delegationsBulkView) title(lang string) string {
	return i18n.Tf(lang, "Invite the delegations to meeting %s", v.Meeting.Numeral())
}
func (v delegationsBulkView) crumbs(lang string) []crumb {
	return append(meetingCrumbs(lang, v.Organization, v.Body, v.Meeting), crumb{i18n.T(lang, "Delegations"), meetingPath(v.Meeting) + "/delegations"})
}

// Path is where the form is sent.
func (v delegationsBulkView) Path() string { return meetingPath(v.Meeting) + "/delegations/invite" }

// rollFor reads the roll on the meeting's first day and the delegations
// registered, which the form and the action both judge by.
func (s *Server) rollFor(r *http.Request, m *accord.Meeting) ([]*accord.MemberState, []*accord.Delegation, error) {
	members, err := s.store.MembersOn(r.Context(), m.Organization, m.Start)
	if err != nil {
		return nil, nil, err
	}
	ds, err := s.store.ListDelegations(r.Context(), m.ID)
	return members, ds, err
}

// mayInvite keeps the states of the roll whose delegation the reader may
// register: all for the secretariat, their own for a delegation officer.
// A reader who may register none is refused as the policy says.
func mayInvite(r *http.Request, m *accord.Meeting, members []*accord.MemberState) ([]*accord.MemberState, error) {
	kept := slices.DeleteFunc(slices.Clone(members), func(ms *accord.MemberState) bool {
		return !may(r, accord.ActCreate, delegationResource(m, ms.State))
	})
	if len(kept) == 0 {
		return nil, authorize(r, accord.ActCreate, delegationResource(m, ""), "delegation")
	}
	return kept, nil
}

func (s *Server) delegationsBulkPage(r *http.Request, f Form) (view, error) {
	lang := i18n.RequestLanguage(r)
	org, body, m, _, err := s.findMeeting(r)
	if err != nil {
		return nil, err
	}
	members, ds, err := s.rollFor(r, m)
	if err != nil {
		return nil, err
	}
	if members, err = mayInvite(r, m, members); err != nil {
		return nil, err
	}
	v := delegationsBulkView{Organization: org, Body: body, Meeting: m, Invitees: accord.Invitees(members, ds), Registered: []string{}, Date: i18n.FormatDate(lang, m.Start)}
	if v.Invitees == nil {
		v.Invitees = []accord.Invitee{}
	}
	col := s.collator(lang)
	slices.SortStableFunc(v.Invitees, func(a, b accord.Invitee) int { return col.CompareString(a.Names.Get(lang), b.Names.Get(lang)) })
	s.releaseCollator(lang, col)
	// A refused form comes back with the reader's choice, not the default.
	sent := r.Method == http.MethodPost && f.Values != nil
	for _, in := range v.Invitees {
		checked := in.Preselected
		if sent {
			checked = slices.Contains(f.Values["states"], in.State)
		}
		_, l := in.Names.In(lang)
		v.Options = append(v.Options, inviteeOption{State: in.State, Name: in.Names.Get(lang), Lang: l, Status: i18n.Enum(lang, in.Status), Checked: checked})
	}
	for _, d := range ds {
		if d.State != "" {
			v.Registered = append(v.Registered, d.State)
			v.RegisteredAs = append(v.RegisteredAs, d.PartyNames.Get(lang))
		}
	}
	if r.Method == http.MethodPost && f.Error != "" {
		v.Error = f.Error
	}
	return v, nil
}

// invitedHeadTitle is the title a head is known by until their delegation
// officer names them, in every interface language.
func invitedHeadTitle() accord.Text {
	t := accord.Text{}
	for _, l := range i18n.Languages {
		t[l] = i18n.T(l, "Head of delegation")
	}
	return t
}

func (s *Server) createDelegationsBulk(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	lang := i18n.RequestLanguage(r)
	_, _, m, _, err := s.findMeeting(r)
	if err != nil {
		return outcome{}, err
	}
	members, ds, err := s.rollFor(r, m)
	if err != nil {
		return outcome{}, err
	}
	// The policy first: a reader who may register no state learns no more.
	if _, err := mayInvite(r, m, members); err != nil {
		return outcome{}, err
	}
	// Names in the reader's language, for the message that refuses one.
	names := map[string]string{}
	for _, ms := range members {
		names[ms.State] = ms.Names.Get(lang)
	}
	for _, d := range ds {
		names[d.State] = d.PartyNames.Get(lang)
	}
	states, err := accord.CheckInvited(in["states"], members, ds, func(code string) string {
		if n := names[code]; n != "" {
			return n
		}
		// A state off the roll: read for its name alone, on refusal only.
		if st, err := s.store.FindState(r.Context(), code); err == nil {
			return st.Names.Get(lang)
		}
		return code
	})
	if err != nil {
		return outcome{}, err
	}
	var out []*accord.Delegation
	for _, st := range states {
		if err := authorize(r, accord.ActCreate, delegationResource(m, st), "delegation"); err != nil {
			return outcome{}, err
		}
		out = append(out, &accord.Delegation{MeetingID: m.ID, State: st, Head: accord.InvitedHead(st, invitedHeadTitle()), Members: []accord.Person{}})
	}
	if err := s.store.CreateDelegations(r.Context(), m.ID, out); err != nil {
		return outcome{}, err
	}
	return created(record{out}, meetingPath(m)+"/delegations"), nil
}

// delegationAnswerView is the delegation officer's answer to the
// invitation: the head named, and the members.
type delegationAnswerView struct {
	delegationView
	Values url.Values `json:"-"`
	Field  string     `json:"-"`
	Title  field      `json:"-"`
}

func (v delegationAnswerView) title(lang string) string {
	return i18n.Tf(lang, "Answer the invitation of %s", v.Delegation.PartyNames.Get(lang))
}
func (v delegationAnswerView) crumbs(lang string) []crumb {
	return append(v.delegationView.crumbs(lang), crumb{v.delegationView.title(lang), v.delegationView.Path()})
}

// Path is where the answer is sent.
func (v delegationAnswerView) Path() string { return v.delegationView.Path() + "/answer" }

// DeclinePath is where the decline is sent.
func (v delegationAnswerView) DeclinePath() string { return v.delegationView.Path() + "/decline" }

// Back is the delegation's page.
func (v delegationAnswerView) Back() string { return v.delegationView.Path() }

func (s *Server) delegationAnswerPage(r *http.Request, f Form) (view, error) {
	dv, err := s.delegationForUpdate(r)
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	v := delegationAnswerView{delegationView: dv, Values: url.Values{}}
	head := dv.Delegation.Head
	v.Values.Set("head.name", head.Name)
	textValues(v.Values, "head.title", head.Title)
	textValues(v.Values, "head.names", head.Names)
	// A form refused before its fields were read (its body malformed)
	// comes back with no values, and must still say why.
	if r.Method == http.MethodPost {
		if f.Values != nil {
			v.Values = f.Values
		}
		v.Error, v.Field = f.Error, f.Field
	}
	v.Title = textField(lang, "head.title", i18n.T(lang, "Title of the head of delegation"), dv.Organization, head.Title, false)
	for i := range v.Title.Group {
		g := &v.Title.Group[i]
		g.ID = "answer-" + strings.ReplaceAll(g.Name, ".", "-")
		g.Value = v.Values.Get(g.Name)
	}
	return v, nil
}

// bindMembers reads the members, one a line (or one a value, as JSON
// sends a list): the name, then after a comma the title, in lang.
func bindMembers(in url.Values, lang string) []accord.Person {
	var out []accord.Person
	for _, v := range in["members"] {
		for line := range strings.Lines(v) {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			name, title, _ := strings.Cut(line, ",")
			p := accord.Person{Name: strings.TrimSpace(name), Title: accord.Text{}}
			if t := strings.TrimSpace(title); t != "" {
				p.Title[lang] = t
			}
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) answerDelegation(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	dv, err := s.delegationForUpdate(r)
	if err != nil {
		return outcome{}, err
	}
	a := &accord.DelegationAnswer{}
	b := &binder{in: in}
	if bindPerson(b, "head.", &a.Head); b.err != nil {
		return outcome{}, b.err
	}
	a.Members = bindMembers(in, i18n.RequestLanguage(r))
	if err := s.store.AnswerDelegation(r.Context(), dv.Delegation.ID, a); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{a}, redirect: dv.Path()}, nil
}

// declineDelegation records that the state sends no delegation. Who may
// answer is the policy's: the state's delegation officer, or the
// secretariat answering for them (delegationForUpdate).
func (s *Server) declineDelegation(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	dv, err := s.delegationForUpdate(r)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.DeclineDelegation(r.Context(), dv.Delegation.ID); err != nil {
		return outcome{}, err
	}
	d := *dv.Delegation
	d.Invitation = accord.InvitationDeclined
	return outcome{view: record{&d}, redirect: meetingPath(dv.Meeting) + "/delegations"}, nil
}

// invitationLabel is where a delegation's invitation stands, in lang; ""
// for a delegation registered without one.
func invitationLabel(lang string, st accord.InvitationState) string {
	switch st {
	case accord.InvitationSent:
		return i18n.T(lang, "sent, no answer yet")
	case accord.InvitationAccepted:
		return i18n.T(lang, "accepted")
	case accord.InvitationDeclined:
		return i18n.T(lang, "declined")
	}
	return ""
}
