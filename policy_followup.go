package accord

// Resource kinds of follow-up. A measure is read as its document is; a
// report as a document its state wrote; an assessment as a document the
// secretariat wrote about the state.
const (
	KindMeasure        ResourceKind = "measure"
	KindNationalReport ResourceKind = "national_report"
	KindAssessment     ResourceKind = "assessment"
	KindReportingRound ResourceKind = "reporting_round"
	// KindFollowUpStatuses is a council's controlled list of statuses.
	KindFollowUpStatuses ResourceKind = "followup_statuses"
)

// authorizeFollowUp decides on follow-up. r carries the organization, the
// classification (the measure's for a measure, the report's or the
// assessment's otherwise), and State, the state of the obligation: for a
// report also its AuthorState, so that a confidential report is read by
// its state and the secretariat only.
func authorizeFollowUp(a *Actor, act Action, r Resource) Decision {
	doc := r
	doc.Kind = KindDocument
	if r.Kind == KindAssessment {
		doc.AuthorState = ""
	}
	if act == ActRead {
		if r.Kind == KindReportingRound || r.Kind == KindFollowUpStatuses {
			return allow("reporting rounds and the statuses are public, as meetings are")
		}
		d := authorizeDocument(a, ActRead, doc)
		if !d.Allow && r.Classification == Confidential && a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat reads what it assesses")
		}
		return d
	}
	switch r.Kind {
	case KindNationalReport:
		if act != ActCreate {
			return deny("reports are never edited: a correction is a new report")
		}
		if r.State != "" && a.officerOf(r.State, r.Organizations) {
			return allow("the delegation officer of the obligation's state reports for it")
		}
		return deny("only the delegation officer of the obligation's state reports for it")
	case KindReportingRound, KindFollowUpStatuses:
		// Closing a round early and keeping the council's statuses are
		// the secretariat's, as opening a round is.
		if (act == ActCreate || act == ActUpdate) && a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat of the organization")
		}
		return deny("only the secretariat opens and closes reporting rounds and keeps the council's statuses")
	case KindAssessment, KindMeasure:
		if act == ActCreate && a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat of the organization")
		}
		return deny("only the secretariat enters measures, opens reporting rounds and assesses")
	}
	return deny("unknown resource")
}
