package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Organizations, their memberships and their bodies, as the secretariat
// sets them up.

func orgCrumbs(lang string, org *accord.Organization) []crumb {
	return membersView{Organization: org}.crumbs(lang)
}

func organizationFields(lang string, o *accord.Organization, creating bool) []field {
	var fs []field
	if creating {
		fs = append(fs, field{Name: "code", Label: i18n.T(lang, "Code"), Type: "text", Required: true, Hint: i18n.T(lang, "2 to 16 capital letters or digits, such as SCO.")})
	}
	return append(fs,
		textField(lang, "names", i18n.T(lang, "Name"), o, o.Names, true),
		field{Name: "founded", Label: i18n.T(lang, "Founded"), Type: "date"},
		field{Name: "official_languages", Label: i18n.T(lang, "Official languages"), Type: "text", Hint: i18n.T(lang, "Language tags separated by commas, such as ru, zh.")},
		field{Name: "working_languages", Label: i18n.T(lang, "Working languages"), Type: "text", Hint: i18n.T(lang, "Language tags separated by commas, such as ru, zh.")},
		field{Name: "translation_languages", Label: i18n.T(lang, "Translation languages"), Type: "text",
			Hint: i18n.T(lang, "The languages its documents are also published in, as translations that never bind, such as en.")})
}

func organizationValues(o *accord.Organization) url.Values {
	v := url.Values{"code": {o.Code}, "founded": {dateValue(o.Founded)}}
	v.Set("official_languages", joinLanguages(o.OfficialLanguages))
	v.Set("working_languages", joinLanguages(o.WorkingLanguages))
	v.Set("translation_languages", joinLanguages(o.TranslationLanguages))
	textValues(v, "names", o.Names)
	return v
}

func joinLanguages(ls []string) string {
	s := ""
	for i, l := range ls {
		if i > 0 {
			s += ", "
		}
		s += l
	}
	return s
}

func bindOrganization(b *binder, o *accord.Organization) {
	b.text("names", &o.Names)
	b.date("founded", &o.Founded)
	b.languages("official_languages", &o.OfficialLanguages)
	b.languages("working_languages", &o.WorkingLanguages)
	b.languages("translation_languages", &o.TranslationLanguages)
}

func (s *Server) organizationNewPage(r *http.Request, f Form) (view, error) {
	if err := authorize(r, accord.ActCreate, orgResource(""), "organization"); err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	o := &accord.Organization{}
	return editView{Title: i18n.T(lang, "New organization"), Crumbs: organizationView{}.crumbs(lang),
		Forms: []formSpec{fill(r, formSpec{Action: "/organizations", Submit: i18n.T(lang, "Create organization"), Fields: organizationFields(lang, o, true)}, organizationValues(o), f)}}, nil
}

func (s *Server) createOrganization(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	b := &binder{in: in}
	o := &accord.Organization{OfficialLanguages: []string{}, WorkingLanguages: []string{}, TranslationLanguages: []string{}}
	b.str("code", &o.Code)
	if err := authorize(r, accord.ActCreate, orgResource(o.Code), "organization"); err != nil {
		return outcome{}, err
	}
	if bindOrganization(b, o); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.CreateOrganization(r.Context(), o); err != nil {
		return outcome{}, err
	}
	return created(record{o}, orgPath(o.Code)), nil
}

func (s *Server) organizationEditPage(r *http.Request, f Form) (view, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	if err := authorize(r, accord.ActUpdate, orgResource(org.Code), "organization"); err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	return editView{Title: i18n.T(lang, "Edit organization"), Crumbs: orgCrumbs(lang, org), Record: org,
		Forms: []formSpec{fill(r, formSpec{Action: orgPath(org.Code), Submit: i18n.T(lang, "Save"), Fields: organizationFields(lang, org, false)}, organizationValues(org), f)}}, nil
}

func (s *Server) updateOrganization(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, orgResource(org.Code), "organization"); err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	if bindOrganization(b, org); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.UpdateOrganization(r.Context(), org); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{org}, redirect: orgPath(org.Code)}, nil
}

// membershipsView is every membership of an organization, past and present,
// filtered by status, state and standing on today's date.
type membershipsView struct {
	Organization *accord.Organization  `json:"organization"`
	Filter       membershipQuery       `json:"filter"`
	Page         pager                 `json:"page"`
	Memberships  []*accord.MemberState `json:"memberships"`
	// For the page: the filter's choices, and the form to add a
	// membership, nil for readers who may not.
	Statuses []option  `json:"-"`
	Add      *formSpec `json:"-"`
	CanEdit  bool      `json:"-"`
	Error    string    `json:"-"`
}

type membershipQuery struct {
	Status   string `json:"status,omitempty"`
	State    string `json:"state,omitempty"`
	Standing string `json:"standing,omitempty"` // current, ended, or all
}

func (v membershipsView) title(lang string) string {
	return i18n.Tf(lang, "%s: memberships", v.Organization.Names.Get(lang))
}
func (v membershipsView) crumbs(lang string) []crumb { return orgCrumbs(lang, v.Organization) }

func (s *Server) membershipsView(r *http.Request) (view, error) { return s.membershipsPage(r, Form{}) }

func (s *Server) membershipsPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	v := membershipsView{Organization: org, Statuses: membershipStatuses(lang),
		Filter: membershipQuery{Status: q.Get("status"), State: q.Get("state"), Standing: q.Get("standing")}}
	if v.Filter.Status != "" && !accord.MembershipStatus(v.Filter.Status).Valid() {
		return nil, accord.Invalid("status", "%q is not a status: use member, observer or partner", v.Filter.Status)
	}
	switch v.Filter.Standing {
	case "", "all", "current", "ended":
	default:
		return nil, accord.Invalid("standing", "%q is not a standing: use current, ended or all", v.Filter.Standing)
	}
	all, err := s.store.ListMemberships(ctx, org.Code)
	if err != nil {
		return nil, err
	}
	today := accord.DateOf(s.now())
	kept := all[:0]
	for _, m := range all {
		ended := !m.Until.IsZero() && m.Until.Before(today)
		if (v.Filter.Status == "" || string(m.Status) == v.Filter.Status) && (v.Filter.State == "" || m.State == v.Filter.State) &&
			(v.Filter.Standing != "current" || !ended) && (v.Filter.Standing != "ended" || ended) {
			kept = append(kept, m)
		}
	}
	s.sortMembers(lang, kept)
	if v.Memberships, v.Page, err = paginate(r, kept); err != nil {
		return nil, err
	}
	if v.CanEdit = may(r, accord.ActUpdate, orgResource(org.Code)); v.CanEdit {
		states, err := s.stateOptions(ctx, lang, nil)
		if err != nil {
			return nil, err
		}
		add := fill(r, formSpec{Heading: i18n.T(lang, "Add a membership"), Action: orgPath(org.Code) + "/memberships", Submit: i18n.T(lang, "Add membership"),
			Fields: append([]field{{Name: "state", Label: i18n.T(lang, "State"), Type: "select", Options: append([]option{{"", i18n.T(lang, "Choose a state")}}, states...), Required: true}}, membershipFields(lang)...)},
			url.Values{"status": {string(accord.Member)}}, f)
		v.Add = &add
	}
	v.Error = pageError(r, f, v.Add)
	return v, nil
}

func membershipFields(lang string) []field {
	return []field{
		{Name: "status", Label: i18n.T(lang, "Status"), Type: "select", Options: membershipStatuses(lang), Required: true},
		{Name: "from", Label: i18n.T(lang, "From"), Type: "date", Hint: i18n.T(lang, "Required for a member; leave empty when the record does not say.")},
		{Name: "until", Label: i18n.T(lang, "Until"), Type: "date", Hint: i18n.T(lang, "Leave empty while the membership lasts.")},
	}
}

func bindMembership(b *binder, m *accord.Membership) {
	b.str("status", (*string)(&m.Status))
	b.date("from", &m.From)
	b.date("until", &m.Until)
}

func (s *Server) createMembership(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, orgResource(org.Code), "organization"); err != nil {
		return outcome{}, err
	}
	m := &accord.Membership{Organization: org.Code}
	b := &binder{in: in}
	b.str("state", &m.State)
	if bindMembership(b, m); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.AddMembership(r.Context(), m); err != nil {
		return outcome{}, err
	}
	return created(record{m}, orgPath(org.Code)+"/memberships?state="+url.QueryEscape(m.State)), nil
}

// findMembership finds the membership of the path, which must belong to
// the organization of the path, and checks that the reader may change it.
func (s *Server) findMembership(r *http.Request) (*accord.Organization, *accord.MemberState, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "id", "membership")
	if err != nil {
		return nil, nil, err
	}
	m, err := s.store.FindMembership(r.Context(), id)
	if err == nil && m.Organization != org.Code {
		err = accord.NotFound("membership", id)
	}
	if err != nil {
		return nil, nil, err
	}
	return org, m, authorize(r, accord.ActUpdate, orgResource(org.Code), "organization")
}

func membershipPath(m *accord.Membership) string {
	return orgPath(m.Organization) + "/memberships/" + strconv.FormatInt(m.ID, 10)
}

func (s *Server) membershipEditPage(r *http.Request, f Form) (view, error) {
	org, m, err := s.findMembership(r)
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	values := url.Values{"status": {string(m.Status)}, "from": {dateValue(m.From)}, "until": {dateValue(m.Until)}}
	v := editView{Title: i18n.Tf(lang, "Membership of %s", m.Names.Get(lang)), Record: m,
		Crumbs: append(orgCrumbs(lang, org), crumb{i18n.T(lang, "Memberships"), orgPath(org.Code) + "/memberships"}),
		Forms:  []formSpec{fill(r, formSpec{Action: membershipPath(&m.Membership), Submit: i18n.T(lang, "Save"), Fields: membershipFields(lang)}, values, f)}}
	if m.Until.IsZero() {
		v.Forms = append(v.Forms, fill(r, formSpec{Heading: i18n.T(lang, "End the membership"), Action: membershipPath(&m.Membership) + "/end", Submit: i18n.T(lang, "End membership"), Danger: true,
			Fields: []field{{Name: "until", Label: i18n.T(lang, "Last day"), Type: "date", Required: true}}},
			url.Values{"until": {accord.DateOf(s.now()).String()}}, f))
	}
	return v, nil
}

func (s *Server) updateMembership(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, m, err := s.findMembership(r)
	if err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	if bindMembership(b, &m.Membership); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.UpdateMembership(r.Context(), &m.Membership); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{m.Membership}, redirect: orgPath(org.Code) + "/memberships?state=" + url.QueryEscape(m.State)}, nil
}

// endMembership records the last day of a membership that lasts; today
// unless the input names another day.
func (s *Server) endMembership(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, m, err := s.findMembership(r)
	if err != nil {
		return outcome{}, err
	}
	if !m.Until.IsZero() {
		return outcome{}, &accord.Error{Code: accord.ECONFLICT, Field: "until", Message: "The membership has ended already; edit it to change its last day."}
	}
	m.Until = accord.DateOf(s.now())
	b := &binder{in: in}
	if b.date("until", &m.Until); b.err != nil {
		return outcome{}, b.err
	}
	if m.Until.IsZero() {
		return outcome{}, accord.Invalid("until", "is required")
	}
	if err := s.store.UpdateMembership(r.Context(), &m.Membership); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{m.Membership}, redirect: orgPath(org.Code) + "/memberships?state=" + url.QueryEscape(m.State)}, nil
}

// bodyLinks tells a body's page whether to offer the forms for a new
// meeting and for the body itself.
func (s *Server) bodyLinks(r *http.Request, org *accord.Organization, body *accord.Body) (canCreate, canEdit bool) {
	return may(r, accord.ActCreate, accord.Resource{Kind: accord.KindMeeting, Organizations: []string{org.Code}, Body: body.Code}),
		may(r, accord.ActUpdate, bodyResource(org, body, ""))
}

func bodyFields(lang string, org *accord.Organization, b *accord.Body, creating bool) []field {
	var fs []field
	if creating {
		fs = append(fs, field{Name: "code", Label: i18n.T(lang, "Code"), Type: "text", Required: true, Hint: i18n.T(lang, "2 to 16 capital letters or digits, such as PGM.")})
	}
	return append(fs, textField(lang, "names", i18n.T(lang, "Name"), org, b.Names, true), bodySettingField(lang))
}

func bodyValues(b *accord.Body) url.Values {
	v := url.Values{"code": {b.Code}, "observers_may_ask": {bodySettingValue(b)}}
	textValues(v, "names", b.Names)
	return v
}

func (s *Server) bodyNewPage(r *http.Request, f Form) (view, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	if err := authorize(r, accord.ActCreate, bodyResource(org, &accord.Body{}, ""), "body"); err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	b := &accord.Body{Organization: org.Code}
	return editView{Title: i18n.T(lang, "New body"), Crumbs: orgCrumbs(lang, org),
		Forms: []formSpec{fill(r, formSpec{Action: orgPath(org.Code) + "/bodies", Submit: i18n.T(lang, "Create body"), Fields: bodyFields(lang, org, b, true)}, bodyValues(b), f)}}, nil
}

func (s *Server) createBody(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	body := &accord.Body{Organization: org.Code}
	if err := authorize(r, accord.ActCreate, bodyResource(org, body, ""), "body"); err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	b.str("code", &body.Code)
	b.boolean("observers_may_ask", &body.ObserversMayAsk)
	if b.text("names", &body.Names); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.CreateBody(r.Context(), body); err != nil {
		return outcome{}, err
	}
	return created(record{body}, bodyPath(org.Code, body.Code)), nil
}

func (s *Server) bodyEditPage(r *http.Request, f Form) (view, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return nil, err
	}
	if err := authorize(r, accord.ActUpdate, bodyResource(org, body, ""), "body"); err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	return editView{Title: i18n.T(lang, "Edit body"), Crumbs: meetingView{Organization: org, Body: body}.crumbs(lang), Record: body,
		Forms: []formSpec{fill(r, formSpec{Action: bodyPath(org.Code, body.Code), Submit: i18n.T(lang, "Save"), Fields: bodyFields(lang, org, body, false)}, bodyValues(body), f)}}, nil
}

func (s *Server) updateBody(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, bodyResource(org, body, ""), "body"); err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	b.boolean("observers_may_ask", &body.ObserversMayAsk)
	if b.text("names", &body.Names); b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.UpdateBody(r.Context(), body); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{body}, redirect: bodyPath(org.Code, body.Code)}, nil
}
