package translog

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/accord-org/accord"
)

// Kinds of the follow-up's entries, so that a state can prove what it
// reported and when, and the secretariat what it assessed. ref:
// national_reports.id and assessments.id.
const (
	KindNationalReport = "national_report"
	KindAssessment     = "assessment"
)

// ReportDetails is what a national report's entry commits to: its texts
// are committed to by their hash, so that the entry stays small.
type ReportDetails struct {
	Type        string  `json:"type"`
	ReportID    int64   `json:"report_id"`
	State       string  `json:"state"`
	Obligations []int64 `json:"obligations"`
	Status      string  `json:"status"`
	TextsSHA256 string  `json:"texts_sha256"`
	Late        bool    `json:"late"`
	SubmittedAt string  `json:"submitted_at"`
}

// textsHash hashes texts in a fixed form: map keys marshal sorted.
func textsHash(t accord.Text) string {
	sum := sha256.Sum256(marshal(t))
	return hex.EncodeToString(sum[:])
}

// NewReportDetails describes report r.
func NewReportDetails(r *accord.NationalReport) ReportDetails {
	return ReportDetails{Type: KindNationalReport, ReportID: r.ID, State: r.State, Obligations: r.Obligations, Status: string(r.Status),
		TextsSHA256: textsHash(r.Texts), Late: r.Late, SubmittedAt: Time(r.SubmittedAt)}
}

// Entry returns the log entry, sealed with salt while the report is not
// public.
func (d ReportDetails) Entry(salt []byte) []byte {
	return sealOr(KindNationalReport, d.ReportID, marshal(d), salt)
}

// AssessmentDetails is what an assessment's entry commits to.
type AssessmentDetails struct {
	Type          string `json:"type"`
	AssessmentID  int64  `json:"assessment_id"`
	ObligationID  int64  `json:"obligation_id"`
	State         string `json:"state"`
	Status        string `json:"status"`
	CommentSHA256 string `json:"comment_sha256"`
	AssessedAt    string `json:"assessed_at"`
}

// NewAssessmentDetails describes assessment a.
func NewAssessmentDetails(a *accord.Assessment) AssessmentDetails {
	sum := sha256.Sum256([]byte(a.Comment))
	return AssessmentDetails{Type: KindAssessment, AssessmentID: a.ID, ObligationID: a.ObligationID, State: a.State, Status: string(a.Status),
		CommentSHA256: hex.EncodeToString(sum[:]), AssessedAt: Time(a.AssessedAt)}
}

// Entry returns the log entry, sealed with salt while the assessment is
// not public.
func (d AssessmentDetails) Entry(salt []byte) []byte {
	return sealOr(KindAssessment, d.AssessmentID, marshal(d), salt)
}
