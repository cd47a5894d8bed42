package rotation

import (
	"slices"

	"github.com/accord-org/accord"
)

// Turn is one chair of a forecast.
type Turn struct {
	State string      `json:"state"`
	Names accord.Text `json:"names"`
	// Meeting is the number of the meeting the chair is expected to
	// preside, for a rule of one meeting per term when the record says
	// where the count stands.
	Meeting int `json:"meeting,omitempty"`
	// From is the handover that starts the turn: recorded for the chair in
	// office, the end of a planned meeting, or else estimated from the
	// rule's term.
	From      accord.Date `json:"from"`
	InOffice  bool        `json:"in_office"`
	Estimated bool        `json:"estimated"`
	// Overdue is set when the handover that starts the turn was due before
	// today and is not on record: the chair is late to pass, rather than
	// due on a day already gone.
	Overdue bool `json:"overdue"`
}

// Forecast returns the next n chairs of the body whose terms and meetings
// are given, in order: first the chair in office, if a term is open, then
// each state the rule gives in turn. The rotation continues from whoever
// actually holds the chair, deviation or not; each handover counts the
// members of its own day, so states known to join or leave later are taken
// into account. With no term recorded it starts at the top of the order on
// today. A rotation by decision forecasts only the chair in office.
func (e *Engine) Forecast(terms []*accord.ChairTerm, meetings []*accord.Meeting, today accord.Date, n int) ([]Turn, error) {
	turns := []Turn{}
	if n <= 0 {
		return turns, nil
	}
	outgoing, meeting := "", 0
	prev, pending := today, false // the last handover; whether the next one is already dated
	if len(terms) > 0 {
		last := terms[len(terms)-1]
		outgoing = last.State
		if last.Until.IsZero() {
			if meeting = numberOf(meetings, last.FromMeetingID); meeting > 0 {
				meeting++
			}
			turns = append(turns, Turn{State: last.State, Names: e.names[last.State], Meeting: e.meetingTerm(meeting), From: last.From, InOffice: true})
			prev = last.From
		} else {
			// A closed term with no successor on record: its end is the
			// next handover.
			if chaired := chairedBy(last, meetings); len(chaired) > 0 {
				meeting = chaired[len(chaired)-1]
			}
			prev, pending = last.Until, true
		}
	}
	if e.rule.Kind == accord.RotateByDecision {
		return turns[:min(n, len(turns))], nil
	}
	var planned []accord.Date
	for _, m := range meetings {
		if m.Status == accord.Planned && m.End.After(prev) {
			planned = append(planned, m.End)
		}
	}
	slices.SortFunc(planned, func(a, b accord.Date) int { return compareDates(a, b) })
	for len(turns) < n {
		day, estimated := prev, false
		switch {
		case pending:
			pending = false
		case e.rule.Term == accord.TermMeeting && len(planned) > 0:
			day, planned = planned[0], planned[1:]
		default:
			day, estimated = accord.DateOf(prev.Time().AddDate(0, e.rule.TermMonths, 0)), true
		}
		// A planned meeting known as "2026" or "2026-09" hands over at the
		// latest on the last day of its period: the rule is applied on that
		// day, the turn shows the period and counts as estimated.
		at := day.Last()
		next, err := e.Next(outgoing, at)
		if err != nil {
			return nil, err
		}
		if meeting > 0 {
			meeting++
		}
		turns = append(turns, Turn{State: next, Names: e.names[next], Meeting: e.meetingTerm(meeting), From: day, Estimated: estimated || !day.Exact(),
			Overdue: day.Before(today)})
		outgoing, prev = next, at
	}
	return turns[:n], nil
}

func (e *Engine) meetingTerm(n int) int {
	if e.rule.Term != accord.TermMeeting {
		return 0
	}
	return n
}

// Verdict is what a replay finds of one handover.
type Verdict string

const (
	Follows  Verdict = "follows"  // the incoming state is the one the rule gave
	Deviates Verdict = "deviates" // another state took the chair
	// Gap marks two terms between which the record is silent: not a
	// deviation, since nobody knows what happened in between.
	Gap Verdict = "gap"
)

// Finding is the replay of one handover, from Outgoing to Incoming.
type Finding struct {
	Verdict  Verdict           `json:"verdict"`
	Outgoing *accord.ChairTerm `json:"outgoing"`
	Incoming *accord.ChairTerm `json:"incoming"`
	// Meeting is the number of the meeting at which the chair was handed
	// over, when recorded.
	Meeting  int    `json:"meeting,omitempty"`
	RuleGave string `json:"rule_gave,omitempty"`
	// Reason is the recorded decision behind a deviation; empty when none
	// was recorded.
	Reason string `json:"reason,omitempty"`
	// MissingFrom and MissingTo are the numbers of the meetings the record
	// knows nothing of, for a gap between numbered meetings.
	MissingFrom int `json:"missing_from,omitempty"`
	MissingTo   int `json:"missing_to,omitempty"`
}

// Check replays the recorded terms against the rule, one handover at a
// time, each from the state that actually held the chair. Two terms that do
// not meet (a period lies between them, or the later one's start is not
// recorded and so counts from its first meeting) are a gap. A rotation by decision has nothing to replay.
func (e *Engine) Check(terms []*accord.ChairTerm, meetings []*accord.Meeting) ([]Finding, error) {
	if e.rule.Kind == accord.RotateByDecision {
		return nil, nil
	}
	var out []Finding
	for i := 1; i < len(terms); i++ {
		prev, cur := terms[i-1], terms[i]
		f := Finding{Outgoing: prev, Incoming: cur, Meeting: numberOf(meetings, cur.FromMeetingID)}
		if cur.From != prev.Until {
			f.Verdict = Gap
			before, after := chairedBy(prev, meetings), chairedBy(cur, meetings)
			if len(before) > 0 && len(after) > 0 && after[0] > before[len(before)-1]+1 {
				f.MissingFrom, f.MissingTo = before[len(before)-1]+1, after[0]-1
			}
			out = append(out, f)
			continue
		}
		gave, err := e.Next(prev.State, cur.From)
		if err != nil {
			return nil, err
		}
		f.RuleGave, f.Verdict = gave, Follows
		if gave != cur.State {
			f.Verdict = Deviates
			if cur.Basis == accord.ByDecision {
				f.Reason = cur.Note
			}
		}
		out = append(out, f)
	}
	return out, nil
}

func numberOf(meetings []*accord.Meeting, id int64) int {
	for _, m := range meetings {
		if id != 0 && m.ID == id {
			return m.Number
		}
	}
	return 0
}

// chairedBy returns the numbers of the meetings a term's state presided,
// in order.
func chairedBy(t *accord.ChairTerm, meetings []*accord.Meeting) []int {
	var ns []int
	for _, m := range meetings {
		if m.Chair == t.State && t.HoldsOn(m.Start) {
			ns = append(ns, m.Number)
		}
	}
	slices.Sort(ns)
	return ns
}

// compareDates is a total order even for overlapping periods ("2026" and a
// day in it), which Before alone is not.
func compareDates(a, b accord.Date) int { return a.Compare(b) }
