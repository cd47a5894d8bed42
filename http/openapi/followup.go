package openapi

// followUpOperationDocs describe the follow-up of measures (issue 12).
func followUpOperationDocs() map[string]operationDoc {
	const tag = "Follow-up"
	const noDoc = "No such document, or the reader may not read it."
	const noObl = "No such obligation, or the reader may not read its measure."
	const noMeeting = "No such organization, body or meeting."
	const secOnly = "Only the secretariat of the organization does this."
	status := str("A status of the council's list; by default not_started, in_progress, implemented, partially_implemented, not_implemented, no_longer_relevant.")
	classification := oneOf("Who may read it; by default public for a public measure, restricted otherwise, never looser than the measure.", "public", "restricted", "confidential")
	csv := str("The CSV file's text, its header first.")
	return map[string]operationDoc{
		"measures": {Tag: tag, Summary: "A document's measures", Response: ref("MeasuresPage"),
			Errors: map[int]string{400: "The document id is malformed.", 404: noDoc}},
		"measure_create": {Tag: tag, Summary: "Enter a measure of an adopted document", Access: needsSignIn, Status: 201,
			Description: "The measure points at a paragraph of the document's text (blank-line separated, from 1) or at a segment of its adopted draft; its text is taken from it in every authentic language. It binds every member on the adoption date, or the states named; each gets an obligation.",
			Body: obj(js{
				"number":      str("The measure's number in the document (1.2)."),
				"external_id": str("A stable key for CSV imports, unique in the organization."),
				"paragraph":   formInt("The paragraph it points at."),
				"segment":     formInt("Or the segment of the adopted revision."),
				"states":      arr(str("A state bound; none means every member on the adoption date.")),
				"lead":        str("The lead body or office."),
				"due":         str("The due date (YYYY-MM-DD); none for a standing measure."),
				"note":        str("What a reader must know of it."),
			}, "number"),
			Response: ref("Measure"),
			Errors: map[int]string{400: "A field is malformed, the document lacks the paragraph or segment, its draft was not adopted, or a state named was not a member (the field names it).",
				401: "Sign in first.", 403: secOnly, 404: noDoc, 409: "The number or the external id is used already."}},
		"measure_import": {Tag: tag, Summary: "Import measures from CSV", Access: needsSignIn, Status: 201,
			Description: "Columns: external_id, number, paragraph, segment, states (space-separated), lead, due. All lines are stored or none; each bad line is named by its number and column (field lines[n].column).",
			Body:        obj(js{"csv": csv}, "csv"), Response: arr(ref("Measure")),
			Errors: map[int]string{400: "A line is bad: an unknown state, a repeated external id, a missing paragraph (field lines[n].column).", 401: "Sign in first.", 403: secOnly, 404: noDoc,
				409: "A number or an external id is used already (field lines[n].column)."}},
		"measure": {Tag: tag, Summary: "A measure with its obligations and its timeline", Response: ref("MeasurePage"),
			Description: "The timeline holds the reports and assessments the reader may read, in date order.",
			Errors:      map[int]string{400: "The id is malformed.", 404: "No such measure, or the reader may not read its document."}},
		"report_create": {Tag: tag, Summary: "Submit a national report", Access: needsSignIn, Status: 201,
			Description: "By the delegation officer of the obligation's state, for it and the state's other obligations named in also. Reports are never edited: a correction is a new report. A report after its round's deadline is accepted and marked late. It is entered in the transparency log.",
			Body: obj(js{
				"status":         status,
				"texts":          text("The report, in one or more languages."),
				"classification": classification,
				"also":           arr(str("Another obligation of the same state the report is on.")),
				"attachments":    arr(str("A document the report points to.")),
			}, "status", "texts"),
			Response: ref("NationalReport"),
			Errors: map[int]string{400: "A field is malformed, or the status is not the council's (field status).", 401: "Sign in first.",
				403: "Only the delegation officer of the obligation's state reports for it.", 404: noObl}},
		"assessment_create": {Tag: tag, Summary: "Assess an obligation", Access: needsSignIn, Status: 201,
			Description: "The secretariat's view after a report, entered in the transparency log.",
			Body:        obj(js{"status": status, "comment": str("Why."), "classification": classification}, "status"),
			Response:    ref("Assessment"),
			Errors: map[int]string{400: "A field is malformed, or the status is not the council's (field status).", 401: "Sign in first.",
				403: "Only the secretariat assesses; a delegation does not.", 404: noObl}},
		"round_open": {Tag: tag, Summary: "Open a reporting round before a meeting", Access: needsSignIn, Status: 201,
			Body: obj(js{"meeting": formInt("The number of the meeting the round prepares."), "deadline": str("The deadline: RFC 3339, or 2006-01-02T15:04 in time_zone."),
				"time_zone": str("The IANA time zone of a deadline without offset; UTC by default.")}, "meeting", "deadline"),
			Response: ref("ReportingRound"),
			Errors: map[int]string{400: "No such meeting (field meeting), or the deadline is malformed or past.", 401: "Sign in first.", 403: secOnly,
				404: "No such organization or body.", 409: "A round before that meeting exists."}},
		"follow_up": {Tag: tag, Summary: "The matrix of a meeting's measures by member states",
			Description: "Each cell has the status claimed and the status assessed; the summing-up's counts come with it. ?format=csv gives the matrix as CSV, one line a cell, in the columns the assessment import reads.",
			Query: []param{{"status", "Only cells whose status (assessed, else claimed) is this.", js{"type": "string"}}, {"state", "Only this state.", js{"type": "string"}},
				{"format", "csv for the matrix as CSV.", oneOf("", "csv")}},
			Response: ref("FollowUpPage"),
			Errors:   map[int]string{400: "A filter or the format is malformed.", 404: noMeeting}},
		"follow_up_state": {Tag: tag, Summary: "A state's obligations, what is due, and its reports", Response: ref("FollowUpStatePage"),
			Errors: map[int]string{400: "The state code is malformed.", 404: noMeeting + " Or no such state."}},
		"follow_up_summary": {Tag: tag, Summary: "Make the summing-up for the next meeting", Access: needsSignIn, Status: 201,
			Description: "A consolidated report, as a document with a version in each of the organization's languages, on the next meeting's agenda: counts by status, per state and per measure, with the changes since the last round opened. Made again, it gets new versions.",
			Response:    ref("Document"),
			Errors:      map[int]string{400: "The meeting has no measures, or there is no next meeting (field number).", 401: "Sign in first.", 403: secOnly, 404: noMeeting}},
		"assessment_import": {Tag: tag, Summary: "Import assessments from CSV", Access: needsSignIn, Status: 201,
			Description: "The matrix's columns: measure (its external id, else its number), state, assessed, comment. A line with no assessed is skipped. All are stored or none.",
			Body:        obj(js{"csv": csv}, "csv"), Response: arr(ref("Assessment")),
			Errors: map[int]string{400: "A line is bad: an unknown measure or state, a repeated line, a status outside the list (field lines[n].column).", 401: "Sign in first.", 403: secOnly, 404: noMeeting}},
	}
}

// followUpSchemas are the answers of the follow-up routes.
func followUpSchemas() js {
	obligation := obj(js{
		"id": integer("The obligation."), "measure_id": integer("Its measure."), "state": str("The state."),
		"claimed": str("The status its delegation last reported."), "assessed": str("The secretariat's last assessment."),
		"overdue": boolean("The due date passed and it is neither implemented nor no longer relevant."),
	}, "id", "measure_id", "state", "overdue")
	counts := obj(js{"total": integer("Obligations."), "by_status": js{"type": "object", "additionalProperties": js{"type": "integer"}}, "overdue": integer("Overdue.")},
		"total", "by_status", "overdue")
	return js{
		"Measure": obj(js{
			"id": integer("The measure."), "document_id": integer("Its document."), "reference": str("The document's reference."),
			"organization": str("The organization."), "body": str("The body."), "meeting_id": integer("The meeting whose outcome it is."),
			"meeting_number": integer("Its number."), "number": str("The measure's number."), "external_id": str("Its stable key."),
			"segment": integer("The segment of the adopted revision."), "paragraph": integer("The paragraph of the document."),
			"texts": text("Its text in every authentic language."), "states": arr(str("A state bound.")), "named": boolean("The states were named."),
			"lead": str("The lead body or office."), "due": date("The due date; absent when standing."),
			"classification": oneOf("The document's.", "public", "restricted", "confidential"), "note": str("A note."),
			"created_at": stamp("When it was entered."), "obligations": arr(obligation),
		}, "id", "document_id", "number", "texts", "states", "obligations"),
		"NationalReport": obj(js{
			"id": integer("The report."), "state": str("The state."), "obligations": arr(integer("An obligation it is on.")),
			"round": integer("The round it answers."), "texts": text("Its text."), "status": str("The status claimed."),
			"attachments": arr(integer("A document.")), "classification": oneOf("Who may read it.", "public", "restricted", "confidential"),
			"submitted_at": stamp("When."), "submitted_by": integer("Who."), "late": boolean("After its round's deadline."),
			"log_index": integer("Its transparency log entry; -1 while pending."),
		}, "id", "state", "obligations", "texts", "status", "submitted_at", "late"),
		"Assessment": obj(js{
			"id": integer("The assessment."), "obligation_id": integer("The obligation."), "state": str("Its state."), "status": str("The status assessed."),
			"comment": str("Why."), "classification": oneOf("Who may read it.", "public", "restricted", "confidential"), "assessed_at": stamp("When."),
			"assessed_by": integer("Who."), "external_id": str("The import's key."), "log_index": integer("Its transparency log entry; -1 while pending."),
		}, "id", "obligation_id", "status", "assessed_at"),
		"ReportingRound": obj(js{
			"id": integer("The round."), "organization": str("The organization."), "body": str("The body."), "meeting": integer("The meeting it prepares."),
			"deadline": stamp("The reports' deadline."), "opened_at": stamp("When it opened."),
			"closed_at": stamp("When the secretariat closed it before its deadline; absent otherwise."),
		}, "id", "organization", "body", "meeting", "deadline", "opened_at"),
		"MeasuresPage": obj(js{"document": ref("Document"), "measures": arr(ref("Measure")), "can_create": boolean("The reader enters measures.")},
			"document", "measures", "can_create"),
		"MeasurePage": obj(js{
			"measure": ref("Measure"),
			"timeline": arr(obj(js{"at": stamp("When."), "kind": oneOf("What.", "report", "assessment"), "state": str("The state."),
				"report": ref("NationalReport"), "assessment": ref("Assessment")}, "at", "kind", "state")),
			"statuses":   arr(str("A status of the council's list.")),
			"labels":     statusLabels(),
			"report_for": arr(integer("An obligation the reader may report for.")),
			"can_assess": boolean("The reader assesses."),
		}, "measure", "timeline", "statuses", "labels", "report_for", "can_assess"),
		"FollowUpPage": obj(js{
			"meeting":  ref("Meeting"),
			"statuses": arr(str("A status of the council's list.")),
			"labels":   statusLabels(),
			"filter":   obj(js{"status": str("The status asked for."), "state": str("The state asked for.")}),
			"matrix": obj(js{"states": arr(str("A state, a column.")), "rows": arr(obj(js{"measure": ref("Measure"), "cells": arr(obj(js{
				"obligation": integer("The obligation."), "state": str("The state."), "claimed": str("Claimed."), "assessed": str("Assessed."),
				"effective": str("Assessed, else claimed, else not_started."), "overdue": boolean("Overdue."),
			}, "obligation", "state", "effective", "overdue"))}, "measure", "cells"))}, "states", "rows"),
			"summary": obj(js{"statuses": arr(str("A status.")), "labels": statusLabels(), "all": counts, "by_state": js{"type": "object", "additionalProperties": counts},
				"by_measure": js{"type": "object", "additionalProperties": counts}, "since": stamp("When the last round opened."),
				"changes":      arr(obj(js{"measure": str("The measure."), "state": str("The state."), "from": str("Before."), "to": str("Now.")}, "measure", "state", "from", "to")),
				"late_reports": integer("Reports after their deadline.")}, "statuses", "all", "by_state", "by_measure", "changes", "late_reports"),
			"rounds":     arr(ref("ReportingRound")),
			"can_manage": boolean("The reader opens rounds, assesses and sums up."),
		}, "meeting", "statuses", "labels", "matrix", "summary", "rounds", "can_manage"),
		"FollowUpStatePage": obj(js{
			"meeting": ref("Meeting"), "state": ref("State"),
			"obligations": arr(obj(js{"measure": ref("Measure"), "obligation": obligation, "effective": str("Its status."), "open": boolean("Still owed.")},
				"measure", "obligation", "effective", "open")),
			"reports": arr(ref("NationalReport")),
			"labels":  statusLabels(),
			"round":   desc(nullable(ref("ReportingRound")), "The latest round; null before the first."),
		}, "meeting", "state", "obligations", "reports", "labels", "round"),
	}
}
