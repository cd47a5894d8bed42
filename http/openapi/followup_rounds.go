package openapi

// followUpRoundDocs describe what the secretariat does to a reporting
// round after opening it, and the council's list of statuses.
func followUpRoundDocs() map[string]operationDoc {
	const tag = "Follow-up"
	const secOnly = "Only the secretariat of the organization does this."
	code := str("A status: 1 to 40 lower-case letters, digits and _, starting with a letter.")
	set := operationDoc{Tag: tag, Summary: "Replace a council's list of follow-up statuses", Access: needsSignIn,
		Description: "The list replaces the council's, in the order given, with the labels of the council's own statuses. not_started stays: it is the status of an obligation before its first report. A status that an obligation, a report or an assessment holds cannot be removed; its labels may change. A status of the council's own needs a label in en, ru and zh (and may have more languages), one line of at most 60 characters, no two statuses alike in a language; a built-in status takes no label: Accord names it. Audited.",
		Body: obj(js{"statuses": arr(code),
			"labels": js{"type": "object", "description": "The labels of the council's own statuses, by status then language tag: {\"referred\": {\"en\": …, \"ru\": …, \"zh\": …}}.",
				"additionalProperties": js{"type": "object", "additionalProperties": js{"type": "string"}}}}, "statuses"),
		Response: ref("FollowUpStatuses"),
		Errors: map[int]string{400: "The list is empty or too long, a name is malformed or repeated, not_started is missing, or a label is missing, too long, on two lines, repeated or on a built-in status (the field names it: statuses[i] or labels.<status>.<lang>).", 401: "Sign in first.", 403: secOnly,
			404: "No such organization.", 409: "A status to be removed is in use; the message names it."}}
	form := set
	form.Summary = "Replace a council's list of follow-up statuses from a form"
	form.Description = "The page's form: one line a status, its code in statuses and its labels in label.en, label.ru and label.zh, in the same order (empty for a built-in status); a line without a code is left out. Without label fields, as the PUT."
	form.Body = obj(js{"statuses": arr(code), "labels": set.Body["properties"].(js)["labels"],
		"label": obj(js{"en": str("The label in English."), "ru": str("The label in Russian."), "zh": str("The label in Chinese.")})}, "statuses")
	return map[string]operationDoc{
		"follow_up_statuses_set":  set,
		"follow_up_statuses_form": form,
		"round_close": {Tag: tag, Summary: "Close a reporting round before its deadline", Access: needsSignIn,
			Description: "The round keeps its deadline and gets closed_at. Reports after it are accepted and marked late, as after the deadline. Audited.",
			Response:    ref("ReportingRound"),
			Errors: map[int]string{400: "The id is malformed.", 401: "Sign in first.", 403: secOnly,
				404: "No such organization or body, or no such round of the body.", 409: "The round is closed already (its deadline passed, or it was closed)."}},
		"follow_up_statuses": {Tag: tag, Summary: "A council's controlled list of follow-up statuses", Response: ref("FollowUpStatuses"),
			Description: "In the order the matrix and the summing-up show them; the default list for a council without one of its own.",
			Errors:      map[int]string{404: "No such organization."}},
	}
}

// followUpStatusSchemas are the answers of the statuses routes.
func followUpStatusSchemas() js {
	return js{"FollowUpStatuses": obj(js{"organization": ref("Organization"), "statuses": arr(str("A status, in the matrix's order.")),
		"labels": statusLabels(), "can_edit": boolean("The reader may change the list.")}, "organization", "statuses", "labels", "can_edit")}
}

// statusLabels describe the labels of a council's own statuses, as every
// follow-up page gives them.
func statusLabels() js {
	return js{"type": "object", "description": "The council's labels of its own statuses, by status then language tag; a built-in status has none: Accord names it.",
		"additionalProperties": js{"type": "object", "additionalProperties": js{"type": "string"}}}
}
