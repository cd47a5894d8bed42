package followup

import (
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// Statuses returns the council's list, or the default list when it keeps
// none.
func Statuses(custom []accord.FollowUpStatus) []accord.FollowUpStatus {
	if len(custom) == 0 {
		return accord.DefaultFollowUpStatuses
	}
	return custom
}

// CheckStatus refuses a status outside the council's list.
func CheckStatus(field string, list []accord.FollowUpStatus, s accord.FollowUpStatus) error {
	if !slices.Contains(list, s) {
		names := make([]string, len(list))
		for i, x := range list {
			names[i] = string(x)
		}
		return accord.Invalid(field, "%q is not a status of this council: use one of %s", s, strings.Join(names, ", "))
	}
	return nil
}

// Settled are the statuses after which an obligation is no longer owed.
var Settled = []accord.FollowUpStatus{accord.StatusImplemented, accord.StatusNoLongerRelevant}

// Effective is the status an obligation counts with: the secretariat's
// when it assessed, else the one its state claims, else not started.
func Effective(o accord.Obligation) accord.FollowUpStatus {
	switch {
	case o.Assessed != "":
		return o.Assessed
	case o.Claimed != "":
		return o.Claimed
	}
	return accord.StatusNotStarted
}

// Overdue reports whether an obligation of m is overdue on today: m has a
// due date before today and the obligation is not settled. A standing
// measure is never overdue.
func Overdue(m *accord.Measure, o accord.Obligation, today accord.Date) bool {
	return !m.Standing() && m.Due.Before(today) && !slices.Contains(Settled, Effective(o))
}

// RoundAt returns the latest round of a body opened at or before t, or nil.
func RoundAt(rounds []*accord.ReportingRound, org, body string, t time.Time) *accord.ReportingRound {
	var out *accord.ReportingRound
	for _, r := range rounds {
		if r.Organization == org && r.Body == body && !r.OpenedAt.After(t) && (out == nil || r.OpenedAt.After(out.OpenedAt)) {
			out = r
		}
	}
	return out
}

// MarkLate sets a report's round, the one open when it was submitted, and
// marks it late when that round's deadline had passed: a late report is
// accepted, and said to be late.
func MarkLate(r *accord.NationalReport, rounds []*accord.ReportingRound, org, body string) {
	r.Round, r.Late = 0, false
	if round := RoundAt(rounds, org, body, r.SubmittedAt); round != nil {
		r.Round, r.Late = round.ID, round.Closed(r.SubmittedAt)
	}
}

var classRank = map[accord.Classification]int{accord.Public: 0, accord.Restricted: 1, accord.Confidential: 2}

// Stricter returns the stricter of two classifications.
func Stricter(a, b accord.Classification) accord.Classification {
	if classRank[b] > classRank[a] {
		return b
	}
	return a
}

// ReportClassification is a report's or an assessment's classification:
// what is asked, or by default public for a public measure and restricted
// otherwise. Nothing is classified below its measure.
func ReportClassification(m *accord.Measure, asked accord.Classification) (accord.Classification, error) {
	if asked == "" {
		if m.Classification == accord.Public {
			return accord.Public, nil
		}
		return Stricter(accord.Restricted, m.Classification), nil
	}
	r, ok := classRank[asked]
	if !ok {
		return "", accord.Invalid("classification", "%q is not a classification: use public, restricted or confidential", asked)
	}
	if r < classRank[m.Classification] {
		return "", accord.Invalid("classification", "a report on a %s measure cannot be %s", m.Classification, asked)
	}
	return asked, nil
}
