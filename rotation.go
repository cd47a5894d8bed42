package accord

import (
	"slices"
	"strings"
)

// RotationKind says how a body's chair passes from one state to the next.
type RotationKind string

const (
	// RotateAlphabetical follows the alphabetical order of the member
	// states' names in one language, as its collation sorts them (the SCO:
	// Russian short names).
	RotateAlphabetical RotationKind = "alphabetical"
	// RotateOrder follows an explicit list of states.
	RotateOrder RotationKind = "order"
	// RotateByDecision has no order: each chair is decided (the OTS: the
	// host of the next summit).
	RotateByDecision RotationKind = "decision"
)

// Eligibility says on which day membership is counted for a handover.
type Eligibility string

const (
	// EligibleDayBefore counts the members on the day before the handover,
	// so that a state joining on the day of a handover waits for the next.
	EligibleDayBefore Eligibility = "members_day_before"
	// EligibleOnHandoverDay counts the members on the handover day itself.
	EligibleOnHandoverDay Eligibility = "members_on_handover_day"
)

// TermKind says how long a chairmanship lasts.
type TermKind string

const (
	TermMeeting TermKind = "meeting" // until the end of the next meeting
	TermPeriod  TermKind = "period"  // a fixed number of months
)

// RotationRule is how a body's chairmanship rotates. It is stored with the
// body; the history of terms is stored apart, so that changing a rule never
// rewrites who held the chair.
type RotationRule struct {
	Organization string `json:"organization"`
	Body         string `json:"body"`
	// EffectiveFrom is the first handover day the rule judges; zero for a
	// body's first rule, which judges its whole history. A body keeps
	// every version, so that a replay judges each handover by the rule in
	// force on its day.
	EffectiveFrom Date         `json:"effective_from"`
	Kind          RotationKind `json:"kind"`
	// Lang is the language whose names and collation order an
	// alphabetical rotation (a BCP 47 tag: "ru").
	Lang string `json:"lang,omitempty"`
	// Order lists the states of an order rotation, by code. A member not
	// listed never takes the chair by rule.
	Order       []string    `json:"order,omitempty"`
	Eligibility Eligibility `json:"eligibility"`
	Term        TermKind    `json:"term"`
	// TermMonths is the length of a period term; for a meeting term, the
	// usual interval between meetings, which dates a forecast.
	TermMonths int `json:"term_months"`
	// WaitDays makes a state that joined fewer than this many days before a
	// handover wait for the next cycle; 0 lets it take its turn at once.
	WaitDays int `json:"wait_days"`
	// Note describes the practice in words ("the chair passes to the host
	// of the next summit").
	Note string `json:"note,omitempty"`
}

// Validate checks the rule's shape. Whether its language has a collation and
// its states are members is checked by the rule engine and the store, which
// know the collations and the memberships.
func (r *RotationRule) Validate() error {
	if err := ValidateCode("organization", r.Organization); err != nil {
		return err
	}
	if err := ValidateCode("body", r.Body); err != nil {
		return err
	}
	switch r.Kind {
	case RotateAlphabetical:
		if r.Lang == "" {
			return Invalid("lang", "an alphabetical rotation names the language of the names it sorts")
		}
		if err := ValidateLanguageTag("lang", r.Lang); err != nil {
			return err
		}
	case RotateOrder:
		if len(r.Order) == 0 {
			return Invalid("order", "an order rotation lists its states")
		}
	case RotateByDecision:
	default:
		return Invalid("kind", "%q is not a rotation kind: use alphabetical, order or decision", r.Kind)
	}
	if r.Kind != RotateAlphabetical && r.Lang != "" {
		return Invalid("lang", "only an alphabetical rotation has a language")
	}
	if r.Kind != RotateOrder && len(r.Order) > 0 {
		return Invalid("order", "only an order rotation lists states")
	}
	if len(r.Order) > MaxRuleOrder {
		return Invalid("order", "lists at most %d states", MaxRuleOrder)
	}
	for i, s := range r.Order {
		field := "order[" + itoa(i) + "]"
		if err := ValidateStateCode(field, s); err != nil {
			return err
		}
		if j := slices.Index(r.Order, s); j < i {
			return Invalid(field, "%s is listed twice (also at position %d)", s, j+1)
		}
	}
	switch r.Eligibility {
	case EligibleDayBefore, EligibleOnHandoverDay:
	default:
		return Invalid("eligibility", "%q is not an eligibility: use %s or %s", r.Eligibility, EligibleDayBefore, EligibleOnHandoverDay)
	}
	switch r.Term {
	case TermMeeting, TermPeriod:
	default:
		return Invalid("term", "%q is not a term: use meeting or period", r.Term)
	}
	if r.TermMonths < 1 || r.TermMonths > 120 {
		return Invalid("term_months", "must be between 1 and 120, got %d", r.TermMonths)
	}
	if r.WaitDays < 0 || r.WaitDays > 3660 {
		return Invalid("wait_days", "must be between 0 and 3660, got %d", r.WaitDays)
	}
	if strings.TrimSpace(r.Note) != r.Note {
		return Invalid("note", "must not start or end with white space")
	}
	if len(r.Note) > 500 {
		return Invalid("note", "must be at most 500 bytes")
	}
	return nil
}

// MaxRuleOrder bounds an order rotation's list: no council has more
// members, and each handover walks it.
const MaxRuleOrder = 200

// SameRule reports whether two versions rotate alike, whatever their
// effective dates: setting the same rule again is no change.
func (r *RotationRule) SameRule(o *RotationRule) bool {
	a, b := *r, *o
	a.EffectiveFrom, b.EffectiveFrom = Date{}, Date{}
	return a.Organization == b.Organization && a.Body == b.Body && a.Kind == b.Kind && a.Lang == b.Lang &&
		slices.Equal(a.Order, b.Order) && a.Eligibility == b.Eligibility && a.Term == b.Term &&
		a.TermMonths == b.TermMonths && a.WaitDays == b.WaitDays && a.Note == b.Note
}

// Describe says the rule in a line of English, for the command line and
// pages.
func (r *RotationRule) Describe() string {
	var s string
	switch r.Kind {
	case RotateAlphabetical:
		s = "alphabetical order of the member states' names in " + r.Lang
	case RotateOrder:
		s = "in the order " + strings.Join(r.Order, ", ")
	default:
		s = "by decision only"
		if r.Note != "" {
			s += " (" + r.Note + ")"
		}
		return s
	}
	if r.Term == TermMeeting {
		s += "; one meeting per term"
	} else {
		s += "; terms of " + itoa(r.TermMonths) + " months"
	}
	if r.Eligibility == EligibleDayBefore {
		s += "; eligible: members on the day before the handover"
	} else {
		s += "; eligible: members on the handover day"
	}
	if r.WaitDays > 0 {
		s += "; a state that joined less than " + itoa(r.WaitDays) + " days before waits"
	}
	return s
}

// Handover passes a body's chair: it closes the term in office and opens the
// next, by rule when To is empty, or by decision, which records its Reason
// and, optionally, the document that records it.
type Handover struct {
	Organization string `json:"organization"`
	Body         string `json:"body"`
	// Date is the handover day; zero means the end of MeetingID's meeting
	// or, without one, today.
	Date Date `json:"date"`
	// MeetingID is the meeting at which the chair is handed over, if any.
	MeetingID int64 `json:"meeting_id,omitempty"`
	// From, when set, is the state the caller believes holds the chair: the
	// handover is refused if another does, so that a decision taken (and
	// authorized) against one chair is not applied to the next.
	From string `json:"from,omitempty"`
	// To is the incoming state when the handover is by decision.
	To               string `json:"to,omitempty"`
	Reason           string `json:"reason,omitempty"`
	SourceDocumentID int64  `json:"source_document_id,omitempty"`
}

// Validate checks the handover's shape; the store checks it against the
// rule, the terms and the memberships.
func (h *Handover) Validate() error {
	if err := ValidateCode("organization", h.Organization); err != nil {
		return err
	}
	if err := ValidateCode("body", h.Body); err != nil {
		return err
	}
	if err := ValidateExact("date", h.Date); err != nil {
		return err
	}
	if h.To != "" {
		if err := ValidateStateCode("to", h.To); err != nil {
			return err
		}
	}
	if h.From != "" {
		if err := ValidateStateCode("from", h.From); err != nil {
			return err
		}
	}
	if strings.TrimSpace(h.Reason) != h.Reason {
		return Invalid("reason", "must not start or end with white space")
	}
	if h.Reason != "" && h.To == "" {
		return Invalid("to", "a handover by decision names the incoming state")
	}
	if h.SourceDocumentID < 0 || (h.SourceDocumentID > 0 && h.Reason == "") {
		return Invalid("source_document_id", "only a handover by decision, with its reason, cites a source document")
	}
	return nil
}

// HandoverResult is what a handover did: the term it closed, the term it
// opened, and the state the rule gave (empty for a body whose chair passes by
// decision only), so that a deviation is visible in the audit trail.
type HandoverResult struct {
	Closed   *ChairTerm `json:"closed"`
	Opened   *ChairTerm `json:"opened"`
	RuleGave string     `json:"rule_gave,omitempty"`
}
