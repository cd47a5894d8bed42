package followup

import (
	"cmp"
	"slices"
	"time"

	"github.com/accord-org/accord"
)

// Cell is one state's obligation under one measure as the matrix shows it.
type Cell struct {
	Obligation int64                 `json:"obligation"`
	State      string                `json:"state"`
	Claimed    accord.FollowUpStatus `json:"claimed,omitempty"`
	Assessed   accord.FollowUpStatus `json:"assessed,omitempty"`
	Effective  accord.FollowUpStatus `json:"effective"`
	Overdue    bool                  `json:"overdue"`
}

// Row is one measure of the matrix with the cells of the states it binds,
// in the matrix's order of states.
type Row struct {
	Measure *accord.Measure `json:"measure"`
	Cells   []Cell          `json:"cells"`
}

// Filter narrows the matrix to the cells whose effective status is Status
// and to the state State; empty means all.
type Filter struct {
	Status accord.FollowUpStatus `json:"status,omitempty"`
	State  string                `json:"state,omitempty"`
}

// Matrix is measures by states.
type Matrix struct {
	States []string `json:"states"`
	Rows   []Row    `json:"rows"`
}

// BuildMatrix lays out the measures by the states they bind, on today.
// Measures are in their number's order, states in code order.
func BuildMatrix(measures []*accord.Measure, f Filter, today accord.Date) Matrix {
	states := map[string]bool{}
	mx := Matrix{States: []string{}, Rows: []Row{}}
	for _, m := range sortedMeasures(measures) {
		row := Row{Measure: m, Cells: []Cell{}}
		for _, o := range m.Obligations {
			c := Cell{Obligation: o.ID, State: o.State, Claimed: o.Claimed, Assessed: o.Assessed, Effective: Effective(o), Overdue: Overdue(m, o, today)}
			if f.State != "" && c.State != f.State || f.Status != "" && c.Effective != f.Status {
				continue
			}
			states[c.State] = true
			row.Cells = append(row.Cells, c)
		}
		if len(row.Cells) > 0 || f == (Filter{}) {
			mx.Rows = append(mx.Rows, row)
		}
	}
	for s := range states {
		mx.States = append(mx.States, s)
	}
	slices.Sort(mx.States)
	return mx
}

// Cell returns the row's cell of state, or nil when the measure does not
// bind it (or the filter left it out).
func (r Row) Cell(state string) *Cell {
	for i := range r.Cells {
		if r.Cells[i].State == state {
			return &r.Cells[i]
		}
	}
	return nil
}

// sortedMeasures orders measures by number, numerically where the parts
// are numbers: 1.2 before 1.10.
func sortedMeasures(ms []*accord.Measure) []*accord.Measure {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, func(a, b *accord.Measure) int {
		return cmp.Or(compareNumbers(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func compareNumbers(a, b string) int {
	for a != "" && b != "" {
		na, ra := leadingInt(a)
		nb, rb := leadingInt(b)
		if na >= 0 && nb >= 0 {
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// leadingInt reads the digits s starts with, or -1.
func leadingInt(s string) (int, string) {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 9 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 {
		return -1, s
	}
	return n, s[i:]
}

// Event is one report or assessment on a measure's timeline.
type Event struct {
	At         time.Time              `json:"at"`
	Kind       string                 `json:"kind"` // "report" or "assessment"
	State      string                 `json:"state"`
	Report     *accord.NationalReport `json:"report,omitempty"`
	Assessment *accord.Assessment     `json:"assessment,omitempty"`
}

// Timeline returns the reports and assessments of measure m in date order;
// a report comes before an assessment of the same moment.
func Timeline(h *accord.FollowUpHistory, m *accord.Measure) []Event {
	ids := map[int64]string{}
	for _, o := range m.Obligations {
		ids[o.ID] = o.State
	}
	out := []Event{}
	for _, r := range h.Reports {
		if slices.ContainsFunc(r.Obligations, func(id int64) bool { _, ok := ids[id]; return ok }) {
			out = append(out, Event{At: r.SubmittedAt, Kind: "report", State: r.State, Report: r})
		}
	}
	for _, a := range h.Assessments {
		if _, ok := ids[a.ObligationID]; ok {
			out = append(out, Event{At: a.AssessedAt, Kind: "assessment", State: a.State, Assessment: a})
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(b.Kind, a.Kind), cmp.Compare(a.State, b.State))
	})
	return out
}

// StatusAt is obligation o's effective status as the history stood just
// before t: the latest assessment before t, else the latest status
// claimed before t, else not started. What happened at t itself (a report
// in the second a round opened) is a change since t.
func StatusAt(h *accord.FollowUpHistory, o accord.Obligation, t time.Time) accord.FollowUpStatus {
	var claimed, assessed accord.FollowUpStatus
	var claimedAt, assessedAt time.Time
	for _, r := range h.Reports {
		if slices.Contains(r.Obligations, o.ID) && r.SubmittedAt.Before(t) && !r.SubmittedAt.Before(claimedAt) {
			claimed, claimedAt = r.Status, r.SubmittedAt
		}
	}
	for _, a := range h.Assessments {
		if a.ObligationID == o.ID && a.AssessedAt.Before(t) && !a.AssessedAt.Before(assessedAt) {
			assessed, assessedAt = a.Status, a.AssessedAt
		}
	}
	return Effective(accord.Obligation{Claimed: claimed, Assessed: assessed})
}
