package openapi

// followUpRoundDocs describe what the secretariat does to a reporting
// round after opening it, and the council's list of statuses.
func followUpRoundDocs() map[string]operationDoc {
	const tag = "Follow-up"
	const secOnly = "Only the secretariat of the organization does this."
	return map[string]operationDoc{
		"round_close": {Tag: tag, Summary: "Close a reporting round before its deadline", Access: needsSignIn,
			Description: "The round keeps its deadline and gets closed_at. Reports after it are accepted and marked late, as after the deadline. Audited.",
			Response:    ref("ReportingRound"),
			Errors: map[int]string{400: "The id is malformed.", 401: "Sign in first.", 403: secOnly,
				404: "No such organization or body, or no such round of the body.", 409: "The round is closed already (its deadline passed, or it was closed)."}},
	}
}
