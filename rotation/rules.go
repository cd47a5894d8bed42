package rotation

import (
	"cmp"
	"slices"

	"github.com/accord-org/accord"
)

// Rules are every version of a body's rule, each in force from its
// effective date until the next one's. A replay judges each handover by the
// version in force on its day, and a forecast each future handover, so that
// a rule change never rejudges what happened before it.
type Rules struct {
	// engines are ordered by effective date; only the first may be
	// undated (in force since the body's first term).
	engines []*Engine
}

// NewRules builds the engine of each version, refusing two versions of the
// same day and any version New refuses.
func NewRules(rules []*accord.RotationRule, members []*accord.MemberState) (*Rules, error) {
	rs := &Rules{}
	sorted := slices.Clone(rules)
	slices.SortStableFunc(sorted, func(a, b *accord.RotationRule) int { return compareDates(a.EffectiveFrom, b.EffectiveFrom) })
	for i, r := range sorted {
		if i > 0 && sorted[i-1].EffectiveFrom == r.EffectiveFrom {
			return nil, accord.Invalid("effective_from", "two versions of the rule of %s %s take effect on %s", r.Organization, r.Body, r.EffectiveFrom)
		}
		e, err := New(r, members)
		if err != nil {
			return nil, err
		}
		rs.engines = append(rs.engines, e)
	}
	return rs, nil
}

// Single is the rules of a body with one version, in force on every day.
func Single(e *Engine) *Rules { return &Rules{engines: []*Engine{e}} }

// At returns the engine of the version in force on day: the last that took
// effect on or before it. It is nil when no version is in force yet, and on
// nil Rules, so that a body without a rule needs no case of its own.
func (r *Rules) At(day accord.Date) *Engine {
	if r == nil {
		return nil
	}
	var in *Engine
	for _, e := range r.engines {
		if e.rule.EffectiveFrom.IsZero() || !day.Before(e.rule.EffectiveFrom) {
			in = e
		}
	}
	return in
}

// Current is the version in force on today or, when every version takes
// effect later, the first: the one a page describes and orders precedence
// by.
func (r *Rules) Current(today accord.Date) *Engine {
	if e := r.At(today); e != nil {
		return e
	}
	if r == nil || len(r.engines) == 0 {
		return nil
	}
	return r.engines[0]
}

// Versions returns every version, oldest first.
func (r *Rules) Versions() []accord.RotationRule {
	if r == nil {
		return []accord.RotationRule{}
	}
	out := make([]accord.RotationRule, 0, len(r.engines))
	for _, e := range r.engines {
		out = append(out, e.Rule())
	}
	return out
}

// Latest is the last version's effective date, zero when it is undated or
// there is none.
func (r *Rules) Latest() accord.Date {
	if r == nil || len(r.engines) == 0 {
		return accord.Date{}
	}
	return r.engines[len(r.engines)-1].rule.EffectiveFrom
}

// Why says why the rule gives nobody the chair at a handover.
type Why string

const (
	ByDecisionRule Why = "decision"      // the rule in force passes the chair by decision
	NoRule         Why = "no_rule"       // no version of the rule is in force on the day
	NoneEligible   Why = "none_eligible" // no state in the rule's order is eligible on the day
)

// Gives returns the state the rule in force gives the chair to when
// outgoing hands it over on day, or why it gives nobody.
func (r *Rules) Gives(outgoing string, day accord.Date) (string, Why) {
	e := r.At(day)
	switch {
	case e == nil:
		return "", NoRule
	case e.rule.Kind == accord.RotateByDecision:
		return "", ByDecisionRule
	}
	// The holder coming round again means nobody else is eligible: it
	// keeps the chair only by a decision to extend its term.
	s, err := e.Next(outgoing, day)
	if err != nil || s == outgoing {
		return "", NoneEligible
	}
	return s, ""
}

// Preview is what a handover would be, before it is made.
type Preview struct {
	Outgoing string      `json:"outgoing"`
	Date     accord.Date `json:"date"`
	// RuleGives is the state the rule in force gives; empty when it gives
	// nobody, and Why says why.
	RuleGives string `json:"rule_gives,omitempty"`
	Why       Why    `json:"why,omitempty"`
	// ReasonNeeded tells whether a handover to any state needs a decision's
	// reason: when the rule gives nobody. A handover to another state than
	// RuleGives always does.
	ReasonNeeded bool `json:"reason_needed"`
	// Rule is the version in force on Date, nil when none is.
	Rule *accord.RotationRule `json:"rule"`
}

// Preview says whom the rule gives the chair when outgoing hands it over
// on day, and whether a reason is needed.
func (r *Rules) Preview(outgoing string, day accord.Date) Preview {
	p := Preview{Outgoing: outgoing, Date: day}
	p.RuleGives, p.Why = r.Gives(outgoing, day)
	p.ReasonNeeded = p.RuleGives == ""
	if e := r.At(day); e != nil {
		rule := e.Rule()
		p.Rule = &rule
	}
	return p
}

// names returns a state's names from the memberships, which every version
// shares.
func (r *Rules) names(state string) accord.Text {
	if r == nil || len(r.engines) == 0 {
		return nil
	}
	return r.engines[0].names[state]
}

// Names returns a state's names as the memberships gave them.
func (r *Rules) Names(state string) accord.Text { return r.names(state) }

// termOf is the version that sets the length of the term starting on day:
// the one in force then, or the first when none is yet.
func (r *Rules) termOf(day accord.Date) *Engine {
	return cmp.Or(r.At(day), r.engines[0])
}
