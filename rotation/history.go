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
	// Decision marks the turn of a chair the rule does not give, which
	// State leaves empty: a decision will name it, and Why says why the
	// rule gives nobody. A forecast ends with such a turn.
	Decision bool `json:"decision,omitempty"`
	Why      Why  `json:"why,omitempty"`
}

// Forecast returns the next n chairs of the body whose terms and meetings
// are given, in order: first the chair in office, if a term is open, then
// each state the rule gives in turn. The rotation continues from whoever
// actually holds the chair, deviation or not; each handover counts the
// members of its own day, so states known to join or leave later are taken
// into account. With no term recorded it starts at the top of the order on
// today. It is the forecast of Rules with this engine's rule alone.
func (e *Engine) Forecast(terms []*accord.ChairTerm, meetings []*accord.Meeting, today accord.Date, n int) ([]Turn, error) {
	return Single(e).Forecast(terms, meetings, today, n)
}

// Forecast is Engine.Forecast with each handover given by the version in
// force on its day. Where that version gives nobody (the chair passes by
// decision, or no state is eligible), the forecast ends with a turn whose
// Decision is set: the next chair is decided, not foreseen.
func (r *Rules) Forecast(terms []*accord.ChairTerm, meetings []*accord.Meeting, today accord.Date, n int) ([]Turn, error) {
	turns := []Turn{}
	if n <= 0 || r == nil || len(r.engines) == 0 {
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
			turns = append(turns, Turn{State: last.State, Names: r.names(last.State), Meeting: r.termOf(last.From).meetingTerm(meeting), From: last.From, InOffice: true})
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
	var planned []accord.Date
	for _, m := range meetings {
		if m.Status == accord.Planned && m.End.After(prev) {
			planned = append(planned, m.End)
		}
	}
	slices.SortFunc(planned, func(a, b accord.Date) int { return compareDates(a, b) })
	for len(turns) < n {
		term := r.termOf(prev)
		day, estimated := prev, false
		switch {
		case pending:
			pending = false
		case term.rule.Term == accord.TermMeeting && len(planned) > 0:
			day, planned = planned[0], planned[1:]
		default:
			day, estimated = accord.DateOf(prev.Time().AddDate(0, term.rule.TermMonths, 0)), true
		}
		// A planned meeting known as "2026" or "2026-09" hands over at the
		// latest on the last day of its period: the rule is applied on that
		// day, the turn shows the period and counts as estimated.
		at := day.Last()
		if meeting > 0 {
			meeting++
		}
		next, why := r.Gives(outgoing, at)
		if why != "" {
			// Nobody can say who comes after a decision.
			turns = append(turns, Turn{Names: accord.Text{}, Decision: true, Why: why, Meeting: r.termOf(at).meetingTerm(meeting), From: day,
				Estimated: estimated || !day.Exact(), Overdue: day.Before(today)})
			break
		}
		turns = append(turns, Turn{State: next, Names: r.names(next), Meeting: r.termOf(at).meetingTerm(meeting), From: day, Estimated: estimated || !day.Exact(),
			Overdue: day.Before(today)})
		outgoing, prev = next, at
	}
	return turns[:min(n, len(turns))], nil
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
	// Extends marks a term that continues the one before it, the same
	// state chairing the next meeting too: a decision, not a handover.
	Extends Verdict = "extension"
	// Decided marks a handover the rule in force gives to nobody: the
	// chair passes by decision, no rule was in force yet, or no state was
	// eligible. Nothing is judged.
	Decided Verdict = "decision"
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
	// Why says, for a handover Decided, why the rule gave nobody.
	Why Why `json:"why,omitempty"`
	// Reason is the recorded decision behind a deviation, an extension or
	// a decided handover; empty when none was recorded.
	Reason string `json:"reason,omitempty"`
	// MissingFrom and MissingTo are the numbers of the meetings the record
	// knows nothing of, for a gap between numbered meetings.
	MissingFrom int `json:"missing_from,omitempty"`
	MissingTo   int `json:"missing_to,omitempty"`
}

// Check replays the recorded terms against the rule alone; see
// Rules.Check.
func (e *Engine) Check(terms []*accord.ChairTerm, meetings []*accord.Meeting) ([]Finding, error) {
	return Single(e).Check(terms, meetings)
}

// Check replays the recorded terms, one handover at a time, each from the
// state that actually held the chair and by the version of the rule in
// force on its day. Two terms that do not meet (a period lies between
// them, or the later one's start is not recorded and so counts from its
// first meeting) are a gap; a term of the state that held the chair before
// is an extension.
func (r *Rules) Check(terms []*accord.ChairTerm, meetings []*accord.Meeting) ([]Finding, error) {
	var out []Finding
	for i := 1; i < len(terms); i++ {
		prev, cur := terms[i-1], terms[i]
		f := Finding{Outgoing: prev, Incoming: cur, Meeting: numberOf(meetings, cur.FromMeetingID)}
		if cur.Basis == accord.ByDecision {
			f.Reason = cur.Note
		}
		switch gave, why := r.Gives(prev.State, cur.From); {
		case cur.From != prev.Until:
			f.Verdict, f.Reason = Gap, ""
			before, after := chairedBy(prev, meetings), chairedBy(cur, meetings)
			if len(before) > 0 && len(after) > 0 && after[0] > before[len(before)-1]+1 {
				f.MissingFrom, f.MissingTo = before[len(before)-1]+1, after[0]-1
			}
		case cur.State == prev.State:
			f.Verdict = Extends
		case why != "":
			f.Verdict, f.Why = Decided, why
		case gave == cur.State:
			f.Verdict, f.RuleGave, f.Reason = Follows, gave, ""
		default:
			f.Verdict, f.RuleGave = Deviates, gave
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
