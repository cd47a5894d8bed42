package rotation_test

import (
	"slices"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/rotation"
)

// from dates a rule version.
func from(r *accord.RotationRule, day string) *accord.RotationRule {
	c := *r
	if day != "" {
		c.EffectiveFrom = date(day)
	}
	return &c
}

func rules(t *testing.T, org string, ms []member, versions ...*accord.RotationRule) *rotation.Rules {
	t.Helper()
	rs, err := rotation.NewRules(versions, memberships(org, ms...))
	if err != nil {
		t.Fatalf("NewRules: %v", err)
	}
	return rs
}

func term(id int64, state, from, until string, basis accord.ChairBasis, note string) *accord.ChairTerm {
	c := &accord.ChairTerm{ID: id, Organization: "SCO", Body: "PGM", State: state, From: date(from), Basis: basis, Note: note}
	if until != "" {
		c.Until = date(until)
	}
	return c
}

// TestRuleVersions replays one history under rule versions: each handover
// is judged by the version in force on its day, never by a later one.
func TestRuleVersions(t *testing.T) {
	alpha := rule("SCO", accord.RotateAlphabetical, "ru")
	order := rule("SCO", accord.RotateOrder, "", "RU", "CN", "KZ", "KG", "TJ", "UZ")
	decision := rule("SCO", accord.RotateByDecision, "")
	// By the Russian alphabet Kazakhstan hands over to China, Kyrgyzstan
	// to Russia; by the order, Kazakhstan to Kyrgyzstan, Kyrgyzstan to
	// Tajikistan.
	history := []*accord.ChairTerm{
		term(1, "KZ", "2010-01-01", "2011-01-01", accord.ByRule, ""),
		term(2, "CN", "2011-01-01", "2012-01-01", accord.ByRule, ""),
		term(3, "KZ", "2012-01-01", "2013-01-01", accord.ByDecision, "host"),
		term(4, "KG", "2013-01-01", "2014-01-01", accord.ByRule, ""),
		term(5, "TJ", "2014-01-01", "", accord.ByRule, ""),
	}
	for _, c := range []struct {
		name     string
		versions []*accord.RotationRule
		verdicts []rotation.Verdict
		why      []rotation.Why
	}{
		{"alphabetical throughout", []*accord.RotationRule{alpha},
			[]rotation.Verdict{rotation.Follows, rotation.Deviates, rotation.Deviates, rotation.Deviates}, []rotation.Why{"", "", "", ""}},
		{"an order from 2013 judges the last two handovers only", []*accord.RotationRule{alpha, from(order, "2012-06-01")},
			[]rotation.Verdict{rotation.Follows, rotation.Deviates, rotation.Follows, rotation.Follows}, []rotation.Why{"", "", "", ""}},
		{"a change takes effect on its day", []*accord.RotationRule{alpha, from(order, "2013-01-01")},
			[]rotation.Verdict{rotation.Follows, rotation.Deviates, rotation.Follows, rotation.Follows}, nil},
		{"and not the day before", []*accord.RotationRule{alpha, from(order, "2013-01-02")},
			[]rotation.Verdict{rotation.Follows, rotation.Deviates, rotation.Deviates, rotation.Follows}, nil},
		{"by decision, then alphabetical", []*accord.RotationRule{decision, from(alpha, "2012-06-01")},
			[]rotation.Verdict{rotation.Decided, rotation.Decided, rotation.Deviates, rotation.Deviates}, []rotation.Why{"decision", "decision", "", ""}},
		{"no rule before the first dated version", []*accord.RotationRule{from(order, "2012-06-01")},
			[]rotation.Verdict{rotation.Decided, rotation.Decided, rotation.Follows, rotation.Follows}, []rotation.Why{"no_rule", "no_rule", "", ""}},
		{"versions given out of order", []*accord.RotationRule{from(order, "2012-06-01"), alpha},
			[]rotation.Verdict{rotation.Follows, rotation.Deviates, rotation.Follows, rotation.Follows}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs := rules(t, "SCO", sco, c.versions...)
			before := slices.Clone(history)
			findings, err := rs.Check(history, nil)
			if err != nil {
				t.Fatal(err)
			}
			var verdicts []rotation.Verdict
			var why []rotation.Why
			for _, f := range findings {
				verdicts, why = append(verdicts, f.Verdict), append(why, f.Why)
			}
			if !slices.Equal(verdicts, c.verdicts) || (c.why != nil && !slices.Equal(why, c.why)) {
				t.Errorf("Check: %v %q, want %v %q", verdicts, why, c.verdicts, c.why)
			}
			if !slices.Equal(before, history) {
				t.Error("Check changed the history")
			}
		})
	}
	if _, err := rotation.NewRules([]*accord.RotationRule{from(alpha, "2012-01-01"), from(order, "2012-01-01")}, memberships("SCO", sco...)); accord.ErrorField(err) != "effective_from" {
		t.Errorf("two versions of one day: %v", err)
	}
	if _, err := rotation.NewRules([]*accord.RotationRule{alpha, from(rule("SCO", accord.RotateOrder, "", "RU", "XX"), "2012-01-01")}, memberships("SCO", sco...)); accord.ErrorField(err) != "order[1]" {
		t.Errorf("a version with a non-member: %v", err)
	}
}

// TestExtensionsAndDecisions: a state that keeps the chair for the next
// meeting is an extension, whatever the rule; a handover the rule gives to
// nobody is a decision, not a deviation.
func TestExtensionsAndDecisions(t *testing.T) {
	alpha := rule("SCO", accord.RotateAlphabetical, "ru")
	// Two members only, the second joining on the day of the second
	// handover: counted the day before, nobody but the holder is eligible.
	pair := []member{{"KZ", "Казахстан", "Kazakhstan", "2001-06-15", ""}, {"CN", "Китай", "China", "2003-01-01", ""}}
	for _, c := range []struct {
		name    string
		members []member
		rule    *accord.RotationRule
		terms   []*accord.ChairTerm
		want    []rotation.Verdict
		reasons []string
	}{
		{"Russia chairs two meetings in a row", sco, alpha, []*accord.ChairTerm{
			term(1, "KZ", "2001-06-15", "2002-06-07", accord.ByDecision, "founding meeting"),
			term(2, "RU", "2002-06-07", "2003-05-29", accord.ByDecision, "host of the summit"),
			term(3, "RU", "2003-05-29", "2004-06-17", accord.ByDecision, "extended for the next summit"),
			term(4, "TJ", "2004-06-17", "", accord.ByRule, ""),
		}, []rotation.Verdict{rotation.Deviates, rotation.Extends, rotation.Follows}, []string{"host of the summit", "extended for the next summit", ""}},
		{"an extension under a decision rule is still an extension", ots, rule("OTS", accord.RotateByDecision, ""), []*accord.ChairTerm{
			term(1, "KG", "2018-09-03", "2019-10-15", accord.ByDecision, "host"),
			term(2, "KG", "2019-10-15", "2019-10-16", accord.ByDecision, "kept for a day"),
			term(3, "AZ", "2019-10-16", "", accord.ByDecision, "host"),
		}, []rotation.Verdict{rotation.Extends, rotation.Decided}, []string{"kept for a day", "host"}},
		{"nobody eligible: a decision", pair, alpha, []*accord.ChairTerm{
			term(1, "KZ", "2002-01-01", "2003-01-01", accord.ByDecision, "founding meeting"),
			term(2, "CN", "2003-01-01", "", accord.ByDecision, "the only other member"),
		}, []rotation.Verdict{rotation.Decided}, []string{"the only other member"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs := rules(t, c.rule.Organization, c.members, c.rule)
			findings, _ := rs.Check(c.terms, nil)
			var got []rotation.Verdict
			var reasons []string
			for _, f := range findings {
				got, reasons = append(got, f.Verdict), append(reasons, f.Reason)
			}
			if !slices.Equal(got, c.want) || !slices.Equal(reasons, c.reasons) {
				t.Errorf("Check: %v %q, want %v %q", got, reasons, c.want, c.reasons)
			}
		})
	}
}

// TestPreview is what the handover form shows before a handover.
func TestPreview(t *testing.T) {
	alpha := rule("SCO", accord.RotateAlphabetical, "ru")
	pair := []member{{"KZ", "Казахстан", "Kazakhstan", "2001-06-15", ""}, {"CN", "Китай", "China", "2024-07-04", ""}}
	for _, c := range []struct {
		name     string
		rs       *rotation.Rules
		outgoing string
		day      string
		gives    string
		why      rotation.Why
	}{
		{"the rule gives Pakistan", rules(t, "SCO", sco, alpha), "KG", "2024-07-25", "PK", ""},
		{"a decision rule gives nobody", rules(t, "OTS", ots, rule("OTS", accord.RotateByDecision, "")), "KG", "2024-11-06", "", rotation.ByDecisionRule},
		{"no member eligible on the day before", rules(t, "SCO", pair, alpha), "KZ", "2024-07-04", "", rotation.NoneEligible},
		{"eligible the day after", rules(t, "SCO", pair, alpha), "KZ", "2024-07-05", "CN", ""},
		{"before the first version", rules(t, "SCO", sco, from(alpha, "2020-01-01")), "KG", "2019-12-31", "", rotation.NoRule},
		{"a body without a rule", nil, "KG", "2024-07-25", "", rotation.NoRule},
		{"the version of the day", rules(t, "SCO", sco, alpha, from(rule("SCO", accord.RotateOrder, "", "KG", "UZ"), "2024-01-01")), "KG", "2024-07-25", "UZ", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.rs.Preview(c.outgoing, date(c.day))
			if p.RuleGives != c.gives || p.Why != c.why || p.ReasonNeeded != (c.gives == "") || (p.Rule == nil) != (c.why == rotation.NoRule) {
				t.Errorf("Preview = %+v, want %q (%q)", p, c.gives, c.why)
			}
		})
	}
}

// TestForecastByDecision: where the rule in force gives nobody, the
// forecast ends with a turn to be decided, dated as the rule's term dates
// it; a rule change in the future applies from its day.
func TestForecastByDecision(t *testing.T) {
	last := []*accord.ChairTerm{term(1, "KG", "2024-07-25", "", accord.ByDecision, "host")}
	decision := rule("SCO", accord.RotateByDecision, "")
	alpha := rule("SCO", accord.RotateAlphabetical, "ru")
	for _, c := range []struct {
		name   string
		rs     *rotation.Rules
		states []string
		last   rotation.Turn
	}{
		{"by decision", rules(t, "SCO", sco, decision), []string{"KG", ""}, rotation.Turn{Decision: true, Why: rotation.ByDecisionRule, From: date("2025-07-25"), Estimated: true}},
		{"alphabetical, then by decision from 2026", rules(t, "SCO", sco, alpha, from(decision, "2026-01-01")), []string{"KG", "PK", ""},
			rotation.Turn{Decision: true, Why: rotation.ByDecisionRule, From: date("2026-07-25"), Estimated: true}},
		{"by decision, then alphabetical from 2025", rules(t, "SCO", sco, decision, from(alpha, "2025-01-01")), []string{"KG", "PK", "RU"},
			rotation.Turn{State: "RU", From: date("2026-07-25"), Estimated: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			turns, err := c.rs.Forecast(last, nil, date("2024-08-01"), 3)
			if err != nil {
				t.Fatal(err)
			}
			if got := states(turns); !slices.Equal(got, c.states) {
				t.Fatalf("forecast %v, want %v", got, c.states)
			}
			end := turns[len(turns)-1]
			if end.State != c.last.State || end.Decision != c.last.Decision || end.Why != c.last.Why || end.From != c.last.From || end.Estimated != c.last.Estimated {
				t.Errorf("last turn %+v, want %+v", end, c.last)
			}
		})
	}
}
