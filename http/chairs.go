package http

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"

	"net/url"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/rotation"
)

// chairsView is a body's chairmanship: its rule, and every recorded term
// with what a replay against the rule finds of the handover that began it.
type chairsView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	// Rule is nil for a body whose rule is not recorded.
	Rule  *accord.RotationRule `json:"rule"`
	Terms []chairTermRow       `json:"terms"`
	// RuleText says Rule in the reader's language, states by name.
	RuleText string `json:"-"`
	// CanHandOver tells whether the reader may hand the chair over now.
	CanHandOver bool `json:"can_hand_over"`
	// Form is the handover form's state after a refused handover.
	Form Form `json:"-"`
	// TermForm and States record past terms, for the secretariat.
	TermForm *formSpec `json:"-"`
	Import   Form      `json:"-"`
	CanEdit  bool      `json:"-"`
}

type chairTermRow struct {
	*accord.ChairTerm
	Names accord.Text `json:"names"`
	// FromMeeting is the number of the meeting at which the term began.
	FromMeeting int `json:"from_meeting,omitempty"`
	// Handover is the replay of the handover that began the term, by the
	// rule in force on its day; nil for the first term.
	Handover *handoverCheck `json:"handover,omitempty"`
	// StartUnknown marks a term known only from the meeting its chair
	// held, HeldMeeting; OneDay a term handed on the day it began.
	StartUnknown bool   `json:"-"`
	HeldMeeting  string `json:"-"`
	OneDay       bool   `json:"-"`
	// MeetingText names FromMeeting as the reader's language does.
	MeetingText string `json:"-"`
}

type handoverCheck struct {
	Verdict rotation.Verdict `json:"verdict"`
	// Why says why the rule gave nobody, for a handover by decision.
	Why           rotation.Why `json:"why,omitempty"`
	RuleGave      string       `json:"rule_gave,omitempty"`
	RuleGaveNames accord.Text  `json:"rule_gave_names,omitempty"`
	Reason        string       `json:"reason,omitempty"`
}

func (v chairsView) title(lang string) string {
	return v.Body.Names.Get(lang) + ": " + i18n.T(lang, "chairmanship")
}
func (v chairsView) crumbs(lang string) []crumb {
	return meetingView{Organization: v.Organization, Body: v.Body}.crumbs(lang)
}

// forecastView is the next chairs of a body, by its rule.
type forecastView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	Rule         *accord.RotationRule `json:"rule"`
	Forecast     []rotation.Turn      `json:"forecast"`
	// RuleText says Rule in the reader's language, states by name.
	RuleText string `json:"-"`
}

func (v forecastView) title(lang string) string {
	return v.Body.Names.Get(lang) + ": " + i18n.T(lang, "forecast of the chair")
}
func (v forecastView) crumbs(lang string) []crumb {
	return append(chairsView{Organization: v.Organization, Body: v.Body}.crumbs(lang),
		crumb{Label: i18n.T(lang, "Chairmanship"), Href: bodyPath(v.Organization.Code, v.Body.Code) + "/chairs"})
}

// maxForecast bounds ?n=, since each step of a forecast replays the rule.
const maxForecast = openapi.MaxForecast

func (s *Server) chairsView(r *http.Request) (view, error) { return s.chairsPage(r, Form{}) }

func (s *Server) chairsPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	org, body, err := s.findBody(r)
	if err != nil {
		return nil, err
	}
	v := chairsView{Organization: org, Body: body, Terms: []chairTermRow{}, Form: f}
	rec, err := rotation.Load(ctx, s.store, org.Code, body.Code, accord.DateOf(s.now()))
	if err != nil {
		return nil, err
	}
	byTerm := map[int64]*handoverCheck{}
	if rec.Engine != nil {
		rule := rec.Engine.Rule()
		v.Rule = &rule
	}
	// Every handover is replayed by the version of the rule in force on
	// its day; a body without a rule has its handovers decided.
	findings, err := rec.Rules.Check(rec.Terms, rec.Meetings)
	if err != nil {
		return nil, err
	}
	for _, f := range findings {
		byTerm[f.Incoming.ID] = &handoverCheck{Verdict: f.Verdict, Why: f.Why, RuleGave: f.RuleGave, RuleGaveNames: rec.Rules.Names(f.RuleGave), Reason: f.Reason}
	}
	numbers := map[int64]int{}
	for _, m := range rec.Meetings {
		numbers[m.ID] = m.Number
	}
	names, err := s.stateNames(ctx)
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	if v.Rule != nil {
		v.RuleText = i18n.DescribeRule(lang, v.Rule, names)
	}
	for _, t := range rec.Terms {
		v.Terms = append(v.Terms, termRow(lang, t, names[t.State], numbers, rec.Meetings, byTerm[t.ID]))
		if t.Until.IsZero() {
			v.CanHandOver = accord.Authorize(actor(r), accord.ActHandover, bodyResource(org, body, t.State)).Allow
		}
	}
	if v.CanEdit = may(r, accord.ActUpdate, bodyResource(org, body, "")); v.CanEdit {
		if v.TermForm, err = s.termForm(r, org, body, f); err != nil {
			return nil, err
		}
		if r.URL.Path == bodyPath(org.Code, body.Code)+"/chairs/import" {
			v.Import = f
		}
	}
	return v, nil
}

func bodyResource(org *accord.Organization, body *accord.Body, chair string) accord.Resource {
	return accord.Resource{Kind: accord.KindBody, Organizations: []string{org.Code}, Body: body.Code, ChairState: chair}
}

// handover passes the chair, by the rule or by a decision with its reason.
// The right is checked against the chair in office, which the handover's
// transaction then confirms is still in office.
func (s *Server) handover(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	current, err := s.chairInOffice(ctx, org.Code, body.Code)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActHandover, bodyResource(org, body, current), "chair"); err != nil {
		return outcome{}, err
	}
	if current == "" {
		return outcome{}, &accord.Error{Code: accord.ECONFLICT, Field: "body", Message: "No chair is in office to hand over."}
	}
	h := &accord.Handover{Organization: org.Code, Body: body.Code, From: current, To: in.Get("to"), Reason: in.Get("reason")}
	if raw := in.Get("date"); raw != "" {
		if h.Date, err = accord.ParseDate(raw); err != nil {
			return outcome{}, accord.Invalid("date", "%q is not a date of the form YYYY-MM-DD", raw)
		}
	}
	if raw := in.Get("meeting"); raw != "" {
		n, err := parseMeetingNumber(raw)
		if err != nil {
			return outcome{}, accord.Invalid("meeting", "%q is not a meeting number such as 22 or XXII", raw)
		}
		m, err := s.store.FindMeeting(ctx, org.Code, body.Code, n)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return outcome{}, accord.Invalid("meeting", "meeting %s of %s %s does not exist", raw, org.Code, body.Code)
		} else if err != nil {
			return outcome{}, err
		}
		h.MeetingID = m.ID
	}
	if raw := in.Get("source_document_id"); raw != "" {
		if h.SourceDocumentID, err = strconv.ParseInt(raw, 10, 64); err != nil {
			return outcome{}, accord.Invalid("source_document_id", "%q is not a document id", raw)
		}
	}
	res, err := s.store.Handover(ctx, h)
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: handoverView{res}, redirect: bodyPath(org.Code, body.Code) + "/chairs"}, nil
}

type handoverView struct {
	*accord.HandoverResult
}

func (v handoverView) title(lang string) string { return i18n.T(lang, "Chair handed over") }
func (v handoverView) crumbs(string) []crumb    { return nil }

func (s *Server) forecastView(r *http.Request) (view, error) {
	n, err := fields.Int(r, "n", 10, 1, maxForecast)
	if err != nil {
		return nil, err
	}
	org, body, err := s.findBody(r)
	if err != nil {
		return nil, err
	}
	v := forecastView{Organization: org, Body: body}
	if v.Rule, v.Forecast, err = s.forecast(r.Context(), org.Code, body.Code, int(n)); err != nil {
		return nil, err
	}
	if v.Rule == nil {
		return nil, accord.NotFound("rotation rule of", org.Code+" "+body.Code)
	}
	if v.RuleText, err = s.ruleText(r, v.Rule); err != nil {
		return nil, err
	}
	return v, nil
}

// forecast returns a body's rule and next n chairs, or a nil rule when the
// body has none.
func (s *Server) forecast(ctx context.Context, org, body string, n int) (*accord.RotationRule, []rotation.Turn, error) {
	rec, err := rotation.Load(ctx, s.store, org, body, accord.DateOf(s.now()))
	if err != nil || rec.Engine == nil {
		return nil, []rotation.Turn{}, err
	}
	turns, err := rec.Rules.Forecast(rec.Terms, rec.Meetings, accord.DateOf(s.now()), n)
	if err != nil {
		return nil, nil, err
	}
	rule := rec.Engine.Rule()
	return &rule, turns, nil
}

// sortByPrecedence orders a meeting's delegations as the body's rotation
// rule orders its states, with the chair first; then states outside the
// rule's order (observers, guests), then organs. Without an ordering rule
// states follow the reader's alphabet.
func (s *Server) sortByPrecedence(ctx context.Context, lang string, m *accord.Meeting, ds []*accord.Delegation) error {
	rank := map[string]int{}
	rule, err := s.store.FindRotationRule(ctx, m.Organization, m.Body)
	switch {
	case accord.ErrorCode(err) == accord.ENOTFOUND:
	case err != nil:
		return err
	default:
		members, err := s.store.ListMemberships(ctx, m.Organization)
		if err != nil {
			return err
		}
		e, err := rotation.New(rule, members)
		if err != nil {
			return err
		}
		for i, st := range e.Order() {
			rank[st] = i + 1
		}
	}
	group := func(d *accord.Delegation) int {
		switch {
		case d.State != "" && d.State == m.Chair:
			return 0
		case rank[d.State] > 0:
			return 1
		case d.State != "":
			return 2
		default:
			return 3
		}
	}
	col := s.collator(lang)
	defer s.releaseCollator(lang, col)
	slices.SortStableFunc(ds, func(a, b *accord.Delegation) int {
		return cmp.Or(cmp.Compare(group(a), group(b)), cmp.Compare(rank[a.State], rank[b.State]),
			col.CompareString(a.PartyNames.Get(lang), b.PartyNames.Get(lang)))
	})
	return nil
}

// bodyForecast is how many chairs a body's page forecasts.
const bodyForecast = 10
