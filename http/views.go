package http

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/rotation"
	"golang.org/x/text/collate"
)

// organizationsView lists the organizations Accord serves.
type organizationsView struct {
	Organizations []*accord.Organization `json:"organizations"`
	// CanCreate offers the workspace's form for a new organization.
	CanCreate bool `json:"-"`
}

func (v organizationsView) title(lang string) string   { return i18n.T(lang, "Organizations") }
func (v organizationsView) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

var homeCrumb = crumb{Label: "Accord", Href: "/"}

func (s *Server) organizationsView(r *http.Request) (view, error) {
	orgs, err := s.store.ListOrganizations(r.Context())
	if err != nil {
		return nil, err
	}
	return organizationsView{Organizations: orgs, CanCreate: may(r, accord.ActCreate, orgResource(""))}, nil
}

// homeView gives, per organization, its bodies and their latest meetings,
// which is where most readers are headed.
type homeView struct {
	Organizations []orgOverview `json:"organizations"`
	// key and version name what the page shows, for fragmentView.
	key     string
	version int64
}

type orgOverview struct {
	*accord.Organization
	Bodies []bodyOverview `json:"bodies"`
	// RecentDocuments are the newest documents the reader may read.
	RecentDocuments []documentItem `json:"recent_documents"`
}

type bodyOverview struct {
	*accord.Body
	LatestMeetings []*accord.Meeting `json:"latest_meetings"`
	// Chair is the state whose term is open, nil when none is recorded;
	// Next is the meeting under way or the next to come, Last the latest
	// one held.
	Chair *accord.State   `json:"chair"`
	Next  *accord.Meeting `json:"next_meeting"`
	Last  *accord.Meeting `json:"last_meeting"`
}

func (v homeView) title(lang string) string   { return i18n.T(lang, "Councils and their meetings") }
func (v homeView) crumbs(lang string) []crumb { return nil }

// homeMeetings is how many recent meetings of each body the home page lists.
const homeMeetings = 3

func (s *Server) homeView(r *http.Request) (view, error) {
	version, err := s.changeVersion(r, allScopes(r))
	if err != nil {
		return nil, err
	}
	// What the page shows depends on the data, the day (forecasts) and
	// the reader's class alone (its recent documents).
	readers := accord.ReadersOf(actor(r))
	key := "home|" + readers.Key() + "|" + accord.DateOf(s.now()).String()
	v, err := cachedData(&s.data, key, version, func() (view, error) {
		return s.buildHome(r)
	})
	if err != nil {
		return nil, err
	}
	h := v.(homeView)
	h.key, h.version = key, version
	return h, nil
}

func (v homeView) contentKey() (string, int64) { return v.key, v.version }

func (s *Server) buildHome(r *http.Request) (view, error) {
	ctx := r.Context()
	orgs, err := s.store.ListOrganizations(ctx)
	if err != nil {
		return nil, err
	}
	v := homeView{Organizations: []orgOverview{}}
	for _, o := range orgs {
		bodies, err := s.store.ListBodies(ctx, o.Code)
		if err != nil {
			return nil, err
		}
		ov := orgOverview{Organization: o, Bodies: []bodyOverview{}}
		for _, b := range bodies {
			ms, err := s.store.ListMeetings(ctx, accord.MeetingFilter{Organization: o.Code, Body: b.Code})
			if err != nil {
				return nil, err
			}
			slices.Reverse(ms)
			bo := bodyOverview{Body: b, LatestMeetings: ms[:min(len(ms), homeMeetings)]}
			if err := s.outlook(ctx, &bo, ms); err != nil {
				return nil, err
			}
			ov.Bodies = append(ov.Bodies, bo)
		}
		if ov.RecentDocuments, err = s.recentDocuments(ctx, actor(r), o.Code, homeDocuments); err != nil {
			return nil, err
		}
		v.Organizations = append(v.Organizations, ov)
	}
	return v, nil
}

// organizationView is an organization with its bodies and today's members.
type organizationView struct {
	Organization *accord.Organization  `json:"organization"`
	Bodies       []*accord.Body        `json:"bodies"`
	On           accord.Date           `json:"on"`
	Members      []*accord.MemberState `json:"members"`
	// CanEdit offers the workspace's forms for the organization;
	// CanAccounts, its accounts' administration.
	CanEdit     bool `json:"-"`
	CanAccounts bool `json:"-"`
}

func (v organizationView) title(lang string) string {
	return v.Organization.Names.Get(lang)
}
func (v organizationView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: i18n.T(lang, "Organizations"), Href: "/organizations"}}
}

func (s *Server) organizationView(r *http.Request) (view, error) {
	ctx := r.Context()
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	bodies, err := s.store.ListBodies(ctx, org.Code)
	if err != nil {
		return nil, err
	}
	today := accord.DateOf(s.now())
	members, err := s.store.MembersOn(ctx, org.Code, today)
	if err != nil {
		return nil, err
	}
	s.sortMembers(i18n.RequestLanguage(r), members)
	return organizationView{Organization: org, Bodies: bodies, On: today, Members: members, CanEdit: may(r, accord.ActUpdate, orgResource(org.Code)),
		CanAccounts: may(r, accord.ActRead, accountsResource(org.Code, 0))}, nil
}

// membersView answers "who was a member on date D".
type membersView struct {
	Organization *accord.Organization  `json:"organization"`
	On           accord.Date           `json:"on"`
	Status       string                `json:"status"`
	Count        int                   `json:"count"`
	Members      []*accord.MemberState `json:"members"`
}

func (v membersView) title(lang string) string {
	return v.Organization.Names.Get(lang) + ": " + i18n.Tf(lang, "members on %s", i18n.FormatDate(lang, v.On))
}
func (v membersView) crumbs(lang string) []crumb {
	return append(organizationView{Organization: v.Organization}.crumbs(lang), crumb{Label: v.Organization.Code, Href: orgPath(v.Organization.Code)})
}

func (s *Server) membersView(r *http.Request) (view, error) {
	ctx := r.Context()
	q := r.URL.Query()
	on := accord.DateOf(s.now())
	if raw := q.Get("on"); raw != "" {
		d, err := accord.ParseDate(raw)
		if err != nil {
			return nil, accord.Invalid("on", "%q is not a date of the form YYYY-MM-DD", raw)
		}
		on = d
	}
	// Members proper by default: "who was a member" is the question
	// councils ask; observers and partners are asked for by name.
	status := cmp.Or(q.Get("status"), string(accord.Member))
	var statuses []accord.MembershipStatus
	if status != "all" {
		st := accord.MembershipStatus(status)
		if !st.Valid() {
			return nil, accord.Invalid("status", "%q is not a status: use member, observer, partner or all", status)
		}
		statuses = append(statuses, st)
	}
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	members, err := s.store.MembersOn(ctx, org.Code, on, statuses...)
	if err != nil {
		return nil, err
	}
	s.sortMembers(i18n.RequestLanguage(r), members)
	return membersView{Organization: org, On: on, Status: status, Count: len(members), Members: members}, nil
}

// bodiesView lists an organization's bodies.
type bodiesView struct {
	Organization *accord.Organization `json:"organization"`
	Bodies       []*accord.Body       `json:"bodies"`
	// CanCreate offers the workspace's form for a new body.
	CanCreate bool `json:"-"`
}

func (v bodiesView) title(lang string) string {
	return v.Organization.Names.Get(lang) + ": " + i18n.T(lang, "bodies")
}
func (v bodiesView) crumbs(lang string) []crumb {
	return membersView{Organization: v.Organization}.crumbs(lang)
}

func (s *Server) bodiesView(r *http.Request) (view, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	bodies, err := s.store.ListBodies(r.Context(), org.Code)
	if err != nil {
		return nil, err
	}
	return bodiesView{Organization: org, Bodies: bodies, CanCreate: may(r, accord.ActCreate, bodyResource(org, &accord.Body{}, ""))}, nil
}

// meetingsView lists a body's meetings, newest first.
type meetingsView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Chairs       []*accord.ChairTerm  `json:"chairs"`
	Meetings     []*accord.Meeting    `json:"meetings"`
	// Rule and Forecast are the body's rotation rule, nil when none is
	// recorded, and its next chairs.
	Rule     *accord.RotationRule `json:"rule"`
	Forecast []rotation.Turn      `json:"forecast"`
	// RuleText says Rule in the reader's language, states by name.
	RuleText string `json:"-"`
	// Filter and Page are the list's filter (?year=, ?host=, ?status=)
	// and page; CanCreate and CanEdit offer the workspace's forms.
	Filter    meetingQuery `json:"filter"`
	Page      pager        `json:"page"`
	CanCreate bool         `json:"-"`
	CanEdit   bool         `json:"-"`
	// RuleForm sets the body's rotation rule, for its secretariat.
	RuleForm *formSpec `json:"-"`
}

func (v meetingsView) title(lang string) string { return v.Body.Names.Get(lang) }
func (v meetingsView) crumbs(lang string) []crumb {
	return append(membersView{Organization: v.Organization}.crumbs(lang), crumb{Label: i18n.T(lang, "Bodies"), Href: orgPath(v.Organization.Code) + "/bodies"})
}

func (s *Server) meetingsView(r *http.Request) (view, error) {
	ctx := r.Context()
	org, body, err := s.findBody(r)
	if err != nil {
		return nil, err
	}
	ms, filter, page, err := s.filterMeetings(r, org.Code, body.Code)
	if err != nil {
		return nil, err
	}
	chairs, err := s.store.ListChairTerms(ctx, org.Code, body.Code)
	if err != nil {
		return nil, err
	}
	v := meetingsView{Organization: org, Body: body, Chairs: chairs, Meetings: ms, Filter: filter, Page: page}
	v.CanCreate, v.CanEdit = s.bodyLinks(r, org, body)
	if v.Rule, v.Forecast, err = s.forecast(ctx, org.Code, body.Code, bodyForecast); err != nil {
		return nil, err
	}
	if v.Rule != nil {
		if v.RuleText, err = s.ruleText(r, v.Rule); err != nil {
			return nil, err
		}
	}
	v.RuleForm = s.ruleForm(r, org, body, v.Rule, Form{})
	return v, nil
}

func (s *Server) findBody(r *http.Request) (*accord.Organization, *accord.Body, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, nil, err
	}
	body, err := s.store.FindBody(r.Context(), org.Code, r.PathValue("body"))
	if err != nil {
		return nil, nil, err
	}
	return org, body, nil
}

// meetingView is a meeting as its official programme shows it: the chair,
// the agenda with speakers, the delegations in order of precedence and the
// documents by agenda item.
type meetingView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Meeting      *accord.Meeting      `json:"meeting"`
	Numeral      string               `json:"numeral"`
	Host         *accord.State        `json:"host"`
	Chair        *accord.State        `json:"chair"`
	Agenda       []*accord.AgendaItem `json:"agenda"`
	Delegations  []*accord.Delegation `json:"delegations"`
	Documents    []documentSummary    `json:"documents"`
	// CanEdit offers the workspace's forms for the meeting and its agenda.
	CanEdit bool `json:"-"`
	// CanCancel offers the cancellation (or the reinstatement) page.
	CanCancel bool `json:"-"`
	// CanAddDocument offers the new document's form with this meeting
	// chosen, to a reader the policy lets add one in its organization.
	CanAddDocument bool `json:"-"`
	// key and version name what the page shows, for fragmentView.
	key     string
	version int64
}

func (v meetingView) contentKey() (string, int64) { return v.key, v.version }

// documentSummary is a document as lists show it, without its texts.
type documentSummary struct {
	ID             int64                 `json:"id"`
	Reference      string                `json:"reference"`
	Kind           accord.DocumentKind   `json:"kind"`
	Classification accord.Classification `json:"classification"`
	Titles         accord.Text           `json:"titles"`
	// AgendaItemID is the item of this meeting the document belongs to.
	AgendaItemID int64 `json:"agenda_item_id,omitempty"`
}

func (v meetingView) title(lang string) string {
	parts := []string{i18n.MeetingName(lang, v.Body, v.Meeting.Number)}
	if c := v.Meeting.City.Get(lang); c != "" {
		parts = append(parts, c)
	}
	parts = append(parts, i18n.FormatDateRange(lang, v.Meeting.Start, v.Meeting.End))
	return strings.Join(parts, i18n.ListSep(lang))
}
func (v meetingView) crumbs(lang string) []crumb {
	return append(meetingsView{Organization: v.Organization, Body: v.Body}.crumbs(lang),
		crumb{Label: v.Body.Code, Href: bodyPath(v.Organization.Code, v.Body.Code)})
}

// DocumentsOf returns the meeting's documents attached to an agenda item, or
// with item 0, those attached to none.
func (v meetingView) DocumentsOf(item int64) []documentSummary {
	var out []documentSummary
	for _, d := range v.Documents {
		if d.AgendaItemID == item {
			out = append(out, d)
		}
	}
	return out
}

// meetingView builds the page from two parts cached by the change version
// of the scopes it shows (meetingScopes): what every reader sees, per
// language, and the documents, per reader class. What is left per request
// is what depends on the reader alone.
func (s *Server) meetingView(r *http.Request) (view, error) {
	ctx := r.Context()
	number, err := parseMeetingNumber(r.PathValue("number"))
	if err != nil {
		return nil, err
	}
	version, err := s.changeVersion(r, meetingScopes(r))
	if err != nil {
		return nil, err
	}
	lang, today := i18n.RequestLanguage(r), accord.DateOf(s.now())
	key := "meeting|" + r.PathValue("org") + "|" + r.PathValue("body") + "|" + strconv.Itoa(number)
	base, err := cachedData(&s.data, key+"|"+lang+"|"+today.String(), version, func() (meetingBase, error) {
		return s.meetingBase(ctx, r, number, lang)
	})
	if err != nil {
		return nil, err
	}
	readers := accord.ReadersOf(actor(r))
	docs, err := cachedData(&s.data, key+"|docs|"+readers.Key(), version, func() ([]documentSummary, error) {
		return s.meetingDocuments(ctx, base.view.Meeting, readers)
	})
	if err != nil {
		return nil, err
	}
	v := base.view
	v.Documents, v.CanEdit, v.CanCancel = docs, may(r, accord.ActUpdate, base.res), may(r, accord.ActCancel, base.res)
	v.CanAddDocument = mayAddDocumentsTo(actor(r), base.view.Meeting.Organization)
	v.key = fmt.Sprintf("%s|%s|%s|%t|%t|%t", key, today, readers.Key(), v.CanEdit, v.CanCancel, v.CanAddDocument)
	v.version = version
	return v, nil
}

// meetingBase is the part of a meeting's page that every reader sees, and
// the meeting as the policy sees it.
type meetingBase struct {
	view meetingView
	res  accord.Resource
}

func (s *Server) meetingBase(ctx context.Context, r *http.Request, number int, lang string) (meetingBase, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return meetingBase{}, err
	}
	m, err := s.store.FindMeeting(ctx, org.Code, body.Code, number)
	if err != nil {
		return meetingBase{}, err
	}
	v := meetingView{Organization: org, Body: body, Meeting: m, Numeral: m.Numeral()}
	res, err := s.meetingResource(ctx, m)
	if err != nil {
		return meetingBase{}, err
	}
	if v.Host, err = s.store.FindState(ctx, m.Host); err != nil {
		return meetingBase{}, err
	}
	if m.Chair != "" {
		if v.Chair, err = s.store.FindState(ctx, m.Chair); err != nil {
			return meetingBase{}, err
		}
	}
	if v.Agenda, err = s.store.ListAgenda(ctx, m.ID); err != nil {
		return meetingBase{}, err
	}
	// The meeting's participants: a state that declined its invitation
	// sends nobody, and only the delegations step shows its answer.
	if v.Delegations, err = s.store.ListDelegations(ctx, m.ID); err != nil {
		return meetingBase{}, err
	}
	v.Delegations = accord.Attending(v.Delegations)
	if err := s.sortByPrecedence(ctx, lang, m, v.Delegations); err != nil {
		return meetingBase{}, err
	}
	return meetingBase{v, res}, nil
}

// meetingDocuments are the documents of m that readers may read. One
// linked to other meetings too (the President's video message) is judged
// by its other organizations as well, as its own page judges it.
func (s *Server) meetingDocuments(ctx context.Context, m *accord.Meeting, readers accord.DocumentReaders) ([]documentSummary, error) {
	docs, err := s.store.ListDocumentSummaries(ctx, accord.DocumentFilter{MeetingID: m.ID, Readers: &readers, OldestFirst: true})
	if err != nil {
		return nil, err
	}
	out := make([]documentSummary, 0, len(docs))
	for _, d := range docs {
		sum := summaryOf(d)
		for _, l := range d.Links {
			if l.MeetingID == m.ID {
				sum.AgendaItemID = l.AgendaItemID
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

// parseMeetingNumber accepts the number as digits (22) or as the Roman
// numeral councils use (XXII), so that either can be typed into a URL.
func parseMeetingNumber(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n, nil
	}
	if n, ok := accord.ParseRoman(s); ok {
		return n, nil
	}
	return 0, accord.Invalid("number", "%q is not a meeting number such as 22 or XXII", s)
}

// documentView is one document with every language version.
type documentView struct {
	Document *accord.Document `json:"document"`
	Meetings []meetingRef     `json:"meetings"`
	// Shown is the version the page displays, chosen by ?v= or by the
	// reader's language; Fallback is set when it is not in the language
	// asked for. Both are for the HTML page only.
	Shown    *accord.DocumentVersion `json:"-"`
	Fallback bool                    `json:"-"`
	// CanEdit tells the page to offer the forms that change the document.
	CanEdit bool `json:"-"`
	// Embargoed is set for the secretariat's view of a release not yet
	// published, which the page says is the secretariat's alone.
	Embargoed bool `json:"-"`
}

type meetingRef struct {
	*accord.Meeting
	Path  string      `json:"path"`
	Names accord.Text `json:"body_names"`
}

func (v documentView) title(lang string) string {
	if v.Shown != nil {
		return v.Shown.Title
	}
	return v.Document.Reference
}
func (v documentView) crumbs(lang string) []crumb {
	c := []crumb{homeCrumb}
	if len(v.Meetings) > 0 {
		m := v.Meetings[0]
		c = append(c, crumb{Label: m.Organization + " " + m.Body + " " + m.Numeral(), Href: m.Path})
	}
	return c
}

func (s *Server) documentView(r *http.Request) (view, error) {
	ctx := r.Context()
	d, j, res, err := s.documentFor(r, accord.ActRead)
	if err != nil {
		return nil, err
	}
	meetings := j.linked(d)
	v := documentView{Document: d, Meetings: []meetingRef{}, CanEdit: !d.Withdrawn() && accord.Authorize(actor(r), accord.ActUpdate, res).Allow,
		Embargoed: d.Embargoed(actor(r).At)}
	for _, m := range meetings {
		b, err := s.store.FindBody(ctx, m.Organization, m.Body)
		if err != nil {
			return nil, err
		}
		v.Meetings = append(v.Meetings, meetingRef{Meeting: m, Path: meetingPath(m), Names: b.Names})
	}
	want := cmp.Or(r.URL.Query().Get("v"), i18n.RequestLanguage(r))
	v.Shown, _ = d.Version(want)
	v.Fallback = v.Shown != nil && v.Shown.Lang != want
	// ?version= shows an earlier revision, which stays readable.
	id, err := fields.Int(r, "version", 0, 1, openapi.MaxID)
	if err != nil {
		return nil, err
	}
	if id != 0 {
		if v.Shown = shownVersion(d, id); v.Shown == nil {
			return nil, accord.Invalid("version", "%d is not a version of this document", id)
		}
		v.Fallback = false
	}
	return v, nil
}

// sortMembers orders states by their names in the reader's language, with
// that language's collation rather than byte order.
func (s *Server) sortMembers(lang string, ms []*accord.MemberState) {
	col := s.collator(lang)
	defer s.releaseCollator(lang, col)
	slices.SortStableFunc(ms, func(a, b *accord.MemberState) int {
		return col.CompareString(a.Names.Get(lang), b.Names.Get(lang))
	})
}

func (s *Server) collator(lang string) *collate.Collator {
	return s.collators[i18n.LanguageTag(lang)].Get().(*collate.Collator)
}

func (s *Server) releaseCollator(lang string, c *collate.Collator) {
	s.collators[i18n.LanguageTag(lang)].Put(c)
}

func orgPath(org string) string        { return "/organizations/" + org }
func bodyPath(org, body string) string { return orgPath(org) + "/bodies/" + body }
func meetingPath(m *accord.Meeting) string {
	return bodyPath(m.Organization, m.Body) + "/meetings/" + strconv.Itoa(m.Number)
}
