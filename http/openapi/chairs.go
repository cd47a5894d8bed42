package openapi

// chairsOperationDocs describe the routes that set up a body's
// chairmanship from the secretariat's records (chairsRoutes).
func chairsOperationDocs() map[string]operationDoc {
	const (
		tag       = "Chairs"
		noBody    = "The organization or the body does not exist."
		signIn    = "Sign in first."
		onlySec   = "Only the organization's secretariat may do this."
		ruleNote  = "Only the fields sent replace the defaults of a new rule: eligibility members_day_before, term meeting, term_months 12, wait_days 0."
		termsNote = "A term of the state whose term ends on its first day (or is open before it) extends that term: a decision, with its reason; only the last term can be extended, and an open term is closed where its extension begins."
	)
	ruleBody := obj(js{
		"organization":   str("The path's organization, when sent (the rule as the body's page shows it)."),
		"body":           str("The path's body, when sent."),
		"effective_from": formDate("The first handover day the version judges; null for the rule since the beginning, refused once terms are recorded. A change must be dated after the last recorded term began."),
		"kind":           oneOf("How the chair passes.", "alphabetical", "order", "decision"),
		"lang":           str("The language of an alphabetical rotation (ru)."),
		"order":          js{"type": []any{"array", "string"}, "items": js{"type": "string"}, "description": "The states of an order rotation: a list of codes, or one text of codes separated by spaces."},
		"eligibility":    oneOf("On which day membership is counted.", "members_day_before", "members_on_handover_day"),
		"term":           oneOf("How long a chairmanship lasts.", "meeting", "period"),
		"term_months":    formInt("The length of a period term; for a meeting term, the usual interval between meetings."),
		"wait_days":      formInt("A state that joined fewer days than this before a handover waits."),
		"note":           str("The practice in words."),
	}, "kind")
	ruleAnswer := obj(js{
		"organization": ref("Organization"), "body": ref("Body"),
		"rule":     desc(nullable(ref("RotationRule")), "The version in force today; null when none is."),
		"versions": arr(ref("RotationRule")),
		"changed":  boolean("In the answer to a change: whether anything was stored. The rule in force set again changes nothing."),
	}, "organization", "body", "rule", "versions")
	termBody := obj(js{
		"state":              str("The state that held the chair."),
		"from":               formDate("The first day of the term."),
		"until":              formDate("The day it was handed on; absent while it lasts."),
		"meeting":            str("The meeting that began it, 22 or XXII; the term starts within or after it."),
		"basis":              oneOf("rule, or decision with its reason.", "rule", "decision"),
		"reason":             str("The decision's reason: a founding meeting, the host of a summit, an extension."),
		"source_document_id": formInt("The document that records the decision."),
	}, "state", "from", "basis")
	return map[string]operationDoc{
		"chair_rule": {Tag: tag, Summary: "A body's rotation rule and its versions",
			Description: "Each version judges the handovers from its effective date until the next version's.",
			Response:    ruleAnswer, Errors: map[int]string{404: noBody}},
		"chair_rule_set": {Tag: tag, Summary: "Set a body's rotation rule", Access: needsSignIn,
			Description: "Stores a version of the rule, in force from effective_from; a version of the same day is replaced. Recorded terms are never rewritten, and a change never rejudges a recorded handover. " + ruleNote,
			Body:        ruleBody, Response: ruleAnswer,
			Errors: map[int]string{400: "A field is malformed, or the rule names a state that is not a member (order[i]) or a language with no alphabetical order.",
				401: signIn, 403: onlySec, 404: noBody, 409: "effective_from is absent or not after the start of the last recorded term."}},
		"chair_rule_form": {Tag: tag, Summary: "Set a body's rotation rule from a form", Access: needsSignIn,
			Description: "The form's twin of PUT …/rule, which a browser cannot send. " + ruleNote,
			Body:        ruleBody, Response: ruleAnswer,
			Errors: map[int]string{400: "A field is malformed, or the rule names a state that is not a member or a language with no alphabetical order.",
				401: signIn, 403: onlySec, 404: noBody, 409: "effective_from is absent or not after the start of the last recorded term."}},
		"chair_term_create": {Tag: tag, Summary: "Record a chair term", Access: needsSignIn, Status: 201,
			Description: "Records a term as the secretariat's records give it: the first term, or any past one. " + termsNote,
			Body:        termBody, Response: ref("ChairTerm"),
			Errors: map[int]string{400: "A field is malformed, the state was not a member on from, the meeting does not exist or began after from, or an extension is by rule.",
				401: signIn, 403: onlySec, 404: noBody, 409: "The term overlaps another, follows the open term (hand over instead), or extends a term that is not the last."}},
		"chair_terms_import": {Tag: tag, Summary: "Import chair terms from CSV", Access: needsSignIn, Status: 201,
			Description: "A CSV of terms, one a line: state,from,until,meeting,basis,reason (a first line naming the columns is a header), sent as text/csv or as the field csv. " +
				"All are stored in one transaction, or none; a refusal names the line and the field (line[3].state) and lists every bad line in its message. " + termsNote,
			Body:     obj(js{"csv": str("The CSV text, when not sent as text/csv.")}),
			Response: obj(js{"imported": integer("How many terms were stored."), "terms": arr(ref("ChairTerm"))}, "imported", "terms"),
			Errors: map[int]string{400: "A line is malformed, names an unknown state or meeting, or breaks a term's constraints.", 401: signIn, 403: onlySec, 404: noBody,
				409: "A term overlaps another or extends a term that is not the last."}},
		"chair_handover_preview": {Tag: tag, Summary: "Preview a handover",
			Description: "Whom the rule in force gives the chair at a meeting (on its last day, or ?date=) or on a day, and whether a reason is needed: always when the rule gives nobody, and for any state but the one it gives.",
			Query: []param{{"meeting", "The meeting of the handover: 22 or XXII.", js{"type": "string"}},
				{"date", "The handover day; the meeting's last day, or today, when absent.", js{"type": "string", "format": "date"}}},
			Response: obj(js{
				"organization": ref("Organization"), "body": ref("Body"),
				"meeting":          desc(nullable(ref("Meeting")), "The meeting; null for a day."),
				"outgoing":         str("The chair in office; empty when none is."),
				"date":             ref("Date"),
				"rule_gives":       str("The state the rule gives; absent when it gives nobody."),
				"rule_gives_names": ref("Text"),
				"why":              oneOf("Why the rule gives nobody.", "decision", "no_rule", "none_eligible"),
				"reason_needed":    boolean("Any handover needs a decision's reason."),
				"rule":             desc(nullable(ref("RotationRule")), "The version in force on the day."),
				"can_hand_over":    boolean("The reader may hand the chair over."),
			}, "organization", "body", "meeting", "outgoing", "date", "reason_needed", "rule", "can_hand_over"),
			Errors: map[int]string{400: "meeting or date is malformed.", 404: "The organization, the body or the meeting does not exist."}},
	}
}
