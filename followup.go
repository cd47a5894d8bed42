package accord

import (
	"context"
	"time"
)

// Follow-up of measures (product point 8): the measures of an adopted
// outcome document are tracked per member state, reported on by the
// states' delegations, assessed by the secretariat, and summed up at the
// next meeting. The rules live in package followup; these are the records
// storage keeps and the API shows.

// FollowUpStatus is where one state stands with one measure. A council may
// keep its own list; DefaultFollowUpStatuses is the list of a council that
// has none.
type FollowUpStatus string

const (
	StatusNotStarted           FollowUpStatus = "not_started"
	StatusInProgress           FollowUpStatus = "in_progress"
	StatusImplemented          FollowUpStatus = "implemented"
	StatusPartiallyImplemented FollowUpStatus = "partially_implemented"
	StatusNotImplemented       FollowUpStatus = "not_implemented"
	StatusNoLongerRelevant     FollowUpStatus = "no_longer_relevant"
)

// DefaultFollowUpStatuses is the controlled list of a council without one
// of its own, in the order the matrix and the summing-up show them.
var DefaultFollowUpStatuses = []FollowUpStatus{StatusNotStarted, StatusInProgress, StatusImplemented,
	StatusPartiallyImplemented, StatusNotImplemented, StatusNoLongerRelevant}

// Limits of follow-up, so that no request makes storage or a page
// unbounded.
const (
	MaxMeasureNumber     = 32
	MaxMeasureLead       = 500
	MaxReportText        = 20000 // bytes of one language's text of a report
	MaxAssessmentText    = 4000
	MaxMeasuresPerDoc    = 500
	MaxReportObligations = 50
	MaxCSVLines          = 5000
	MaxFollowUpStatuses  = 20
	MaxReportAttachments = 20
	// MaxStatusLabel is the length, in characters, of a council's label
	// for a status of its own in one language: a matrix cell shows it.
	MaxStatusLabel = 60
	// MaxStatusLabelLanguages bounds the languages of one label.
	MaxStatusLabelLanguages = 10
)

// StatusLabelLanguages are the languages a council names a status of its
// own in: those Accord's pages speak. A built-in status is named by
// Accord's catalogs instead.
var StatusLabelLanguages = []string{"en", "ru", "zh"}

// StatusList is a council's controlled list of statuses, in the order the
// matrix and the summing-up show them, with the council's own words for
// each status of its own ("referred to parliament") by language.
type StatusList struct {
	Statuses []FollowUpStatus        `json:"statuses"`
	Labels   map[FollowUpStatus]Text `json:"labels"`
}

// Measure is one commitment of an adopted outcome document, pointing at
// the segment of its adopted draft or at a paragraph of its text.
type Measure struct {
	ID         int64 `json:"id"`
	DocumentID int64 `json:"document_id"`
	// Reference is the document's.
	Reference    string `json:"reference"`
	Organization string `json:"organization"`
	Body         string `json:"body"`
	// MeetingID and MeetingNumber are the meeting whose outcome the
	// document is.
	MeetingID     int64 `json:"meeting_id"`
	MeetingNumber int   `json:"meeting_number"`
	// Number is the measure's number within the document ("1.2").
	Number string `json:"number"`
	// ExternalID is a stable key that CSV imports match on; unique in
	// the organization when set.
	ExternalID string `json:"external_id,omitempty"`
	// Segment is the draft segment of the adopted revision, or Paragraph
	// the paragraph (from 1, blank-line separated) of the document's
	// text: exactly one is set.
	Segment   int64 `json:"segment,omitempty"`
	Paragraph int   `json:"paragraph,omitempty"`
	// Texts are taken from the document, in every authentic language.
	Texts Text `json:"texts"`
	// States are the states bound: every member on the adoption date, or
	// the ones named (Named).
	States []string `json:"states"`
	Named  bool     `json:"named"`
	Lead   string   `json:"lead,omitempty"`
	// Due is the due date; zero means standing.
	Due Date `json:"due,omitzero"`
	// Classification is the document's: reports and assessments of a
	// measure that is not public are restricted by default.
	Classification Classification `json:"classification"`
	// Note says what a reader must know of the measure, such as that it
	// is an illustration.
	Note        string       `json:"note,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	Obligations []Obligation `json:"obligations"`
}

// Standing reports whether the measure has no due date.
func (m *Measure) Standing() bool { return m.Due.IsZero() }

// Obligation is one measure for one state, with the status its delegation
// claims and the one the secretariat assessed (empty before the first).
type Obligation struct {
	ID        int64          `json:"id"`
	MeasureID int64          `json:"measure_id"`
	State     string         `json:"state"`
	Claimed   FollowUpStatus `json:"claimed,omitempty"`
	Assessed  FollowUpStatus `json:"assessed,omitempty"`
	// Overdue is set on reading: the due date passed and the obligation
	// is neither implemented nor no longer relevant.
	Overdue bool `json:"overdue"`
}

// NationalReport is what a state's delegation officer submitted for one or
// more of its obligations. It is never edited: a correction is a new
// report.
type NationalReport struct {
	ID          int64   `json:"id"`
	State       string  `json:"state"`
	Obligations []int64 `json:"obligations"`
	// Round is the reporting round it answers; 0 when none was open.
	Round int64 `json:"round,omitempty"`
	// Texts are in one or more languages.
	Texts  Text           `json:"texts"`
	Status FollowUpStatus `json:"status"`
	// Attachments are document ids the report points to.
	Attachments    []int64        `json:"attachments"`
	Classification Classification `json:"classification"`
	SubmittedAt    time.Time      `json:"submitted_at"`
	SubmittedBy    int64          `json:"submitted_by,omitempty"`
	// Late marks a report received after its round's deadline: it is
	// accepted, and the summing-up says it was late.
	Late bool `json:"late"`
	// LogIndex is its entry in the transparency log, -1 while pending.
	LogIndex int64 `json:"log_index"`
}

// Assessment is the secretariat's view of an obligation after a report.
type Assessment struct {
	ID             int64          `json:"id"`
	ObligationID   int64          `json:"obligation_id"`
	State          string         `json:"state"`
	Status         FollowUpStatus `json:"status"`
	Comment        string         `json:"comment,omitempty"`
	Classification Classification `json:"classification"`
	AssessedAt     time.Time      `json:"assessed_at"`
	AssessedBy     int64          `json:"assessed_by,omitempty"`
	ExternalID     string         `json:"external_id,omitempty"`
	LogIndex       int64          `json:"log_index"`
}

// ReportingRound is opened by the secretariat before a meeting, with a
// deadline for the states' reports.
type ReportingRound struct {
	ID           int64  `json:"id"`
	Organization string `json:"organization"`
	Body         string `json:"body"`
	// Meeting is the number of the meeting the round prepares.
	Meeting  int       `json:"meeting"`
	Deadline time.Time `json:"deadline"`
	OpenedAt time.Time `json:"opened_at"`
	// ClosedAt is when the secretariat closed the round before its
	// deadline; zero while it runs to its deadline.
	ClosedAt time.Time `json:"closed_at,omitzero"`
}

// Closed reports whether the round had closed at t: its deadline passed,
// or the secretariat closed it early.
func (r *ReportingRound) Closed(t time.Time) bool {
	return t.After(r.Deadline) || !r.ClosedAt.IsZero() && !t.Before(r.ClosedAt)
}

// FollowUpHistory is everything reported and assessed on a set of
// measures, in date order: what the matrix, timelines and summing-up are
// computed from.
type FollowUpHistory struct {
	Measures    []*Measure        `json:"measures"`
	Reports     []*NationalReport `json:"reports"`
	Assessments []*Assessment     `json:"assessments"`
	Rounds      []*ReportingRound `json:"rounds"`
	Statuses    []FollowUpStatus  `json:"statuses"`
	// Labels are the council's words for its own statuses.
	Labels map[FollowUpStatus]Text `json:"labels"`
}

// SummaryRequest makes the summing-up of the measures of meeting Number
// for meeting Number+1. Versions are its texts, made by the caller from
// the history through package followup.
type SummaryRequest struct {
	Organization string
	Body         string
	Number       int
	Versions     []DocumentVersion
}

// FollowUpService keeps measures, obligations, reports, assessments and
// reporting rounds. Reports and assessments are entered in the
// transparency log in the transaction that stores them.
type FollowUpService interface {
	// CreateMeasures stores measures of one document, with one obligation
	// per bound state, all or none.
	CreateMeasures(ctx context.Context, ms []*Measure) error
	FindMeasure(ctx context.Context, id int64) (*Measure, error)
	ListMeasures(ctx context.Context, documentID int64) ([]*Measure, error)
	FindObligation(ctx context.Context, id int64) (*Obligation, *Measure, error)
	// FollowUp returns the history of the measures of the outcome of
	// meeting number of a body.
	FollowUp(ctx context.Context, org, body string, number int) (*FollowUpHistory, error)
	// FollowUpStatuses returns the council's controlled list with the
	// labels of its own statuses.
	FollowUpStatuses(ctx context.Context, org string) (StatusList, error)
	// SetFollowUpStatuses replaces the council's list and labels; a
	// status that an obligation, a report or an assessment uses cannot be
	// removed.
	SetFollowUpStatuses(ctx context.Context, org string, list StatusList) error
	SubmitReport(ctx context.Context, r *NationalReport) error
	// AddAssessments stores assessments, all or none.
	AddAssessments(ctx context.Context, as []*Assessment) error
	OpenReportingRound(ctx context.Context, r *ReportingRound) error
	// CloseReportingRound closes a body's round before its deadline:
	// reports after it are accepted and marked late.
	CloseReportingRound(ctx context.Context, org, body string, id int64) (*ReportingRound, error)
	// SaveSummary stores the summing-up as a document on meeting
	// Number+1's agenda, or as new versions of the one made before.
	SaveSummary(ctx context.Context, s *SummaryRequest) (*Document, error)
}
