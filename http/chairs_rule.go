package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/rotation"
)

// chairsRoutes are what a secretariat needs to set up a body's
// chairmanship from its own records: the rotation rule and its versions,
// past terms one by one or from a CSV file, and a preview of the next
// handover. The API sets the rule with PUT; a form, which cannot, posts.
func (s *Server) chairsRoutes() []Route {
	const body = "/organizations/{org}/bodies/{body}"
	return []Route{
		{Method: "GET", Pattern: body + "/rule", Name: "chair_rule", Template: "chairs_rule.html", view: formView(s.rulePage)},
		{Method: "PUT", Pattern: body + "/rule", Name: "chair_rule_set", Template: "chairs_rule.html", action: s.setRule, page: s.rulePage},
		{Method: "POST", Pattern: body + "/rule", Name: "chair_rule_form", Template: "chairs_rule.html", action: s.setRule, page: s.rulePage},
		{Method: "POST", Pattern: body + "/chairs", Name: "chair_term_create", Template: "chairs.html", action: s.recordTerm, page: s.chairsPage},
		{Method: "POST", Pattern: body + "/chairs/import", Name: "chair_terms_import", Template: "chairs.html", action: s.importTerms, page: s.chairsPage},
		{Method: "GET", Pattern: body + "/chairs/handover/preview", Name: "chair_handover_preview", Template: "chairs_preview.html", view: formView(s.previewPage)},
	}
}

// ruleView is a body's rotation rule: the version in force, every version
// with the day it took effect, and the form that sets a new one.
type ruleView struct {
	Organization *accord.Organization  `json:"organization"`
	Body         *accord.Body          `json:"body"`
	Rule         *accord.RotationRule  `json:"rule"`
	Versions     []accord.RotationRule `json:"versions"`
	// Changed tells, in the answer to a PUT, whether anything was stored:
	// the rule in force set again changes nothing.
	Changed *bool     `json:"changed,omitempty"`
	Form    *formSpec `json:"-"`
	// RuleText says Rule in the reader's language, states by name.
	RuleText string `json:"-"`
}

func (v ruleView) title(lang string) string {
	return v.Body.Names.Get(lang) + ": " + i18n.T(lang, "rotation rule")
}
func (v ruleView) crumbs(lang string) []crumb {
	return append(chairsView{Organization: v.Organization, Body: v.Body}.crumbs(lang),
		crumb{Label: v.Body.Names.Get(lang), Href: bodyPath(v.Organization.Code, v.Body.Code)})
}

func (s *Server) rulePage(r *http.Request, f Form) (view, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return nil, err
	}
	rec, err := rotation.Load(r.Context(), s.store, org.Code, body.Code, accord.DateOf(s.now()))
	if err != nil {
		return nil, err
	}
	v := ruleView{Organization: org, Body: body, Versions: rec.Rules.Versions()}
	if rec.Engine != nil {
		rule := rec.Engine.Rule()
		v.Rule = &rule
		if v.RuleText, err = s.ruleText(r, v.Rule); err != nil {
			return nil, err
		}
	}
	v.Form = s.ruleForm(r, org, body, v.Rule, f)
	return v, nil
}

// ruleForm is the form that sets a body's rule, filled with the rule in
// force; nil for a reader who may not set it.
func (s *Server) ruleForm(r *http.Request, org *accord.Organization, body *accord.Body, rule *accord.RotationRule, f Form) *formSpec {
	if !may(r, accord.ActUpdate, bodyResource(org, body, "")) {
		return nil
	}
	lang := i18n.RequestLanguage(r)
	values := url.Values{"kind": {string(accord.RotateAlphabetical)}, "eligibility": {string(accord.EligibleDayBefore)},
		"term": {string(accord.TermMeeting)}, "term_months": {"12"}, "wait_days": {"0"}}
	if rule != nil {
		values = url.Values{"kind": {string(rule.Kind)}, "lang": {rule.Lang}, "order": {strings.Join(rule.Order, " ")},
			"eligibility": {string(rule.Eligibility)}, "term": {string(rule.Term)}, "term_months": {strconv.Itoa(rule.TermMonths)},
			"wait_days": {strconv.Itoa(rule.WaitDays)}, "note": {rule.Note}}
	}
	opts := func(values ...string) []option {
		var out []option
		for _, v := range values {
			out = append(out, option{v, ruleWord(lang, v)})
		}
		return out
	}
	spec := fill(r, formSpec{Heading: i18n.T(lang, "Set the rotation rule"), Action: bodyPath(org.Code, body.Code) + "/rule", Submit: i18n.T(lang, "Set the rule"),
		Fields: []field{
			{Name: "kind", Label: i18n.T(lang, "How the chair passes"), Type: "select", Required: true,
				Options: opts(string(accord.RotateAlphabetical), string(accord.RotateOrder), string(accord.RotateByDecision))},
			{Name: "lang", Label: i18n.T(lang, "Language of the alphabetical order"), Type: "text", Hint: i18n.T(lang, "For an alphabetical rotation: ru, en, zh…")},
			{Name: "order", Label: i18n.T(lang, "Order of the states"), Type: "text", Hint: i18n.T(lang, "For an order rotation: state codes separated by spaces.")},
			{Name: "eligibility", Label: i18n.T(lang, "Members counted on"), Type: "select", Required: true,
				Options: opts(string(accord.EligibleDayBefore), string(accord.EligibleOnHandoverDay))},
			{Name: "term", Label: i18n.T(lang, "Term"), Type: "select", Required: true, Options: opts(string(accord.TermMeeting), string(accord.TermPeriod))},
			{Name: "term_months", Label: i18n.T(lang, "Months between handovers"), Type: "number", Required: true},
			{Name: "wait_days", Label: i18n.T(lang, "Days a new member waits"), Type: "number", Required: true},
			{Name: "note", Label: i18n.T(lang, "The practice in words"), Type: "text"},
			{Name: "effective_from", Label: i18n.T(lang, "In force from"), Type: "date",
				Hint: i18n.T(lang, "Empty for the rule since the beginning; a change takes effect after the last recorded term began.")},
		}}, values, f)
	return &spec
}

// ruleWord labels a value of the rule's enumerations.
func ruleWord(lang, v string) string {
	switch v {
	case string(accord.RotateAlphabetical):
		return i18n.T(lang, "alphabetical order of the names")
	case string(accord.RotateOrder):
		return i18n.T(lang, "a fixed order of states")
	case string(accord.RotateByDecision):
		return i18n.T(lang, "by decision only")
	case string(accord.EligibleDayBefore):
		return i18n.T(lang, "the day before the handover")
	case string(accord.EligibleOnHandoverDay):
		return i18n.T(lang, "the handover day")
	case string(accord.TermMeeting):
		return i18n.T(lang, "one meeting")
	case string(accord.TermPeriod):
		return i18n.T(lang, "a number of months")
	}
	return v
}

// setRule stores a version of the body's rule from the JSON the body's page
// shows (organization and body, when sent, must be the path's). Fields not
// sent take the defaults of a new rule: members counted the day before, a
// term of one meeting, meetings 12 months apart, no wait.
func (s *Server) setRule(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, bodyResource(org, body, ""), "rule"); err != nil {
		return outcome{}, err
	}
	rule, err := readRule(in, org.Code, body.Code)
	if err != nil {
		return outcome{}, err
	}
	ctx := r.Context()
	before, err := s.store.ListRotationRules(ctx, org.Code, body.Code)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.SetRotationRule(ctx, rule); err != nil {
		return outcome{}, err
	}
	page, err := s.rulePage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	v := page.(ruleView)
	changed := !sameVersions(before, v.Versions)
	v.Changed = &changed
	return outcome{view: v, redirect: bodyPath(org.Code, body.Code)}, nil
}

func sameVersions(a []*accord.RotationRule, b []accord.RotationRule) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].EffectiveFrom != b[i].EffectiveFrom || !a[i].SameRule(&b[i]) {
			return false
		}
	}
	return true
}

func readRule(in url.Values, org, body string) (*accord.RotationRule, error) {
	b := &binder{in: in}
	rule := &accord.RotationRule{Organization: org, Body: body, Eligibility: accord.EligibleDayBefore, Term: accord.TermMeeting, TermMonths: 12}
	var sentOrg, sentBody, kind, eligibility, term string
	b.str("organization", &sentOrg)
	b.str("body", &sentBody)
	b.str("kind", &kind)
	b.str("lang", &rule.Lang)
	b.str("eligibility", &eligibility)
	b.str("term", &term)
	b.integer("term_months", &rule.TermMonths)
	b.integer("wait_days", &rule.WaitDays)
	b.str("note", &rule.Note)
	b.date("effective_from", &rule.EffectiveFrom)
	if b.err != nil {
		return nil, b.err
	}
	switch {
	case sentOrg != "" && sentOrg != org:
		return nil, accord.Invalid("organization", "the rule of a body of %s cannot name %s", org, sentOrg)
	case sentBody != "" && sentBody != body:
		return nil, accord.Invalid("body", "the rule of body %s cannot name %s", body, sentBody)
	case kind == "":
		return nil, accord.Invalid("kind", "is required: alphabetical, order or decision")
	}
	rule.Kind = accord.RotationKind(kind)
	if eligibility != "" {
		rule.Eligibility = accord.Eligibility(eligibility)
	}
	if term != "" {
		rule.Term = accord.TermKind(term)
	}
	// A form sends the order as one text; the API as a list.
	for _, v := range in["order"] {
		rule.Order = append(rule.Order, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })...)
		if len(rule.Order) > accord.MaxRuleOrder {
			break
		}
	}
	return rule, rule.Validate()
}
