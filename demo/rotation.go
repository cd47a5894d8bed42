package demo

import (
	"context"

	"github.com/accord-org/accord"
)

// rotationRules are the bodies' rotation rules as organizations.json
// describes their practice.
var rotationRules = map[string]accord.RotationRule{
	// Official SCO lists order the members by the Russian alphabet of their
	// short names, and the chairs of the Prosecutors General follow it.
	"SCO/PGM": {Kind: accord.RotateAlphabetical, Lang: "ru", Eligibility: accord.EligibleDayBefore, Term: accord.TermMeeting, TermMonths: 12},
	"OTS/CGP": {Kind: accord.RotateByDecision, Eligibility: accord.EligibleDayBefore, Term: accord.TermMeeting, TermMonths: 12,
		Note: "the chair passes to the host of the next summit"},
}

// loadRule sets a body's rotation rule unless it has one: a rule changed
// since by the secretariat is theirs to keep.
func (l *loader) loadRule(ctx context.Context, org, body string) error {
	rule, ok := rotationRules[org+"/"+body]
	if !ok {
		return nil
	}
	switch _, err := l.store.FindRotationRule(ctx, org, body); accord.ErrorCode(err) {
	case "":
		l.report.Existing++
		return nil
	case accord.ENOTFOUND:
	default:
		return err
	}
	rule.Organization, rule.Body = org, body
	return l.keep(l.store.SetRotationRule(ctx, &rule))
}
