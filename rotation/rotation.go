// Package rotation is the rule engine of rotating chairmanships: from a
// body's rule, the organization's memberships and the recorded terms, it
// computes who takes the chair next, forecasts the chairs to come, replays
// the history against the rule, and gives the order of precedence.
//
// Everything here is a pure function of its arguments: storage reads the
// records, the engine decides, and storage writes the outcome. Names are
// sorted with the collation of the rule's language (golang.org/x/text), not
// by bytes, so that Ё sorts with Е and case does not split the alphabet.
package rotation

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"

	"github.com/accord-org/accord"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Engine applies one rule to one organization's memberships. It does not
// change once built, so it can be shared.
type Engine struct {
	rule accord.RotationRule
	// order is every state that can take the chair by rule, in the rule's
	// order; empty for a rotation by decision.
	order []string
	names map[string]accord.Text
	// spans are each state's memberships as a member proper, the only
	// standing that can hold the chair.
	spans map[string][]accord.Membership
}

// New checks rule against the organization's memberships (all of them, past
// and future, as ListMemberships returns them) and builds its engine. It
// refuses a language with no collation, an order naming a state that is never
// a member, and an alphabetical rule for which a member has no name.
func New(rule *accord.RotationRule, members []*accord.MemberState) (*Engine, error) {
	if err := rule.Validate(); err != nil {
		return nil, err
	}
	e := &Engine{rule: *rule, names: map[string]accord.Text{}, spans: map[string][]accord.Membership{}}
	e.rule.Order = slices.Clone(rule.Order)
	var states []string
	for _, m := range members {
		if m.Organization != rule.Organization {
			continue
		}
		e.names[m.State] = m.Names
		if m.Status != accord.Member {
			continue
		}
		if _, seen := e.spans[m.State]; !seen {
			states = append(states, m.State)
		}
		e.spans[m.State] = append(e.spans[m.State], m.Membership)
	}
	switch rule.Kind {
	case accord.RotateOrder:
		for i, s := range rule.Order {
			if _, ok := e.spans[s]; !ok {
				return nil, accord.Invalid("order["+strconv.Itoa(i)+"]", "%s is not a member of %s", s, rule.Organization)
			}
		}
		e.order = e.rule.Order
	case accord.RotateAlphabetical:
		col, err := Collator(rule.Lang)
		if err != nil {
			return nil, err
		}
		keys := map[string][]byte{}
		var buf collate.Buffer
		for _, s := range states {
			name, ok := e.names[s][rule.Lang]
			if !ok || name == "" {
				return nil, accord.Invalid("lang", "member %s of %s has no name in %s to sort by", s, rule.Organization, rule.Lang)
			}
			keys[s] = bytes.Clone(col.KeyFromString(&buf, name))
			buf.Reset()
		}
		e.order = states
		slices.SortFunc(e.order, func(a, b string) int { return cmp.Or(bytes.Compare(keys[a], keys[b]), cmp.Compare(a, b)) })
	}
	return e, nil
}

// Collator returns a new collator for a language, refusing a tag that
// x/text does not know or has no collation for. Collators are not safe for
// concurrent use, so each caller gets its own.
func Collator(lang string) (*collate.Collator, error) {
	tag, err := language.Parse(lang)
	if err == nil && tag != language.Und {
		if _, _, conf := language.NewMatcher(collate.Supported()).Match(tag); conf != language.No {
			return collate.New(tag), nil
		}
	}
	return nil, accord.Invalid("lang", "%q is not a language with a known alphabetical order", lang)
}

// Rule returns the engine's rule.
func (e *Engine) Rule() accord.RotationRule { return e.rule }

// Order returns the states in the rule's order: the order of precedence,
// and of the rotation before eligibility is applied. It is empty for a
// rotation by decision.
func (e *Engine) Order() []string { return slices.Clone(e.order) }

// Names returns a state's names as the memberships gave them.
func (e *Engine) Names(state string) accord.Text { return e.names[state] }

// Eligible reports whether state may take the chair at a handover on day:
// a member on the counted day, and a member long enough when new members
// wait.
func (e *Engine) Eligible(state string, day accord.Date) bool {
	counted := day
	if e.rule.Eligibility == accord.EligibleDayBefore {
		counted = day.AddDays(-1)
	}
	for _, m := range e.spans[state] {
		if m.ActiveOn(counted) && (e.rule.WaitDays == 0 || !day.Before(m.From.AddDays(e.rule.WaitDays))) {
			return true
		}
	}
	return false
}

// Next returns the state the rule gives the chair to when outgoing hands it
// over on day: the first eligible state after outgoing in the rule's order,
// wrapping at the end. An outgoing state that is not in the order (a
// decision gave it the chair) starts the search at the top.
func (e *Engine) Next(outgoing string, day accord.Date) (string, error) {
	if e.rule.Kind == accord.RotateByDecision {
		return "", accord.Invalid("to", "the chair of %s %s passes by decision only: name the incoming state and the reason", e.rule.Organization, e.rule.Body)
	}
	start := slices.Index(e.order, outgoing) + 1 // 0 when absent
	for k := range e.order {
		if s := e.order[(start+k)%len(e.order)]; e.Eligible(s, day) {
			return s, nil
		}
	}
	return "", accord.Invalid("date", "no state is eligible for the chair of %s %s on %s", e.rule.Organization, e.rule.Body, day)
}
