package openapi

// delegationBulkOperationDocs describe the bulk registration of delegations
// and the delegation officer's answer to the invitation (issue 15, item 4).
func delegationBulkOperationDocs() map[string]operationDoc {
	const (
		signIn    = "Sign in first."
		noMeeting = "The organization, the body or the meeting does not exist (a malformed number included)."
		delegEdit = "Only the state's delegation officer, or the secretariat, may change the delegation."
	)
	invitee := obj(js{
		"state":       str("The state's code."),
		"names":       desc(ref("Text"), "The state's names by language."),
		"status":      oneOf("Its standing in the organization on the meeting's first day.", "member", "observer", "partner"),
		"preselected": boolean("Ticked on the form: full members are."),
	}, "state", "names", "status", "preselected")
	return map[string]operationDoc{
		"delegations_bulk": {Tag: "Delegations", Summary: "The states that may be invited to a meeting", Access: needsSignIn,
			Description: "The states on the organization's roll on the meeting's first day that have no delegation there yet and whose delegation the reader may register, with those registered already. Never the whole table of states.",
			Response: obj(js{"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"),
				"invitees": arr(invitee), "registered": arr(str("The code of a state with a delegation there."))},
				"organization", "body", "meeting", "invitees", "registered"),
			Errors: map[int]string{401: signIn, 403: "The reader may register no state's delegation at this meeting.", 404: noMeeting}},
		"delegations_bulk_create": {Tag: "Delegations", Summary: "Register the delegations of several states at once", Access: needsSignIn, Status: 201,
			Description: "Each delegation is stored with its head known by the title \"Head of delegation\", an invitation its delegation officer answers (delegation_answer). All or none are stored.",
			Body:        obj(js{"states": arr(str("A state's code."))}, "states"),
			Response:    arr(ref("Delegation")),
			Errors: map[int]string{400: "No state, too many, or a state not on the roll on the meeting's first day: the message names it.", 401: signIn,
				403: delegEdit, 404: noMeeting, 409: "A state has a delegation at the meeting already: the message names it."}},
		"delegation_answer_edit": {Tag: "Delegations", Summary: "A delegation, for its officer's answer to the invitation", Access: needsSignIn,
			Response: obj(js{"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"), "delegation": ref("Delegation")},
				"organization", "body", "meeting", "delegation"),
			Errors: map[int]string{401: signIn, 403: delegEdit, 404: noMeeting + " Or the delegation is not at it."}},
		"delegation_answer": {Tag: "Delegations", Summary: "Answer the invitation: name the head and the members", Access: needsSignIn,
			Body: obj(js{
				"head": obj(js{"name": str("The head's name."), "title": text("The head's title, by language."),
					"names": text("The head's name as written in other scripts, by language (ru, zh).")}, "name"),
				"members": arr(str("A member: the name, then after a comma the title in the request's language.")),
			}, "head"),
			Response: obj(js{"head": ref("Person"), "members": arr(ref("Person"))}, "head", "members"),
			Errors: map[int]string{400: "The head has no name, a member neither name nor title, or more than 50 members.", 401: signIn,
				403: delegEdit, 404: noMeeting + " Or the delegation is not at it.", 409: "The delegation was registered without an invitation."}},
		"delegation_decline": {Tag: "Delegations", Summary: "Decline the invitation: the state sends no delegation", Access: needsSignIn,
			Description: "The delegation stays listed with its invitation declined, so that the secretariat sees the answer; it may still be accepted (delegation_answer).",
			Response:    ref("Delegation"),
			Errors: map[int]string{401: signIn, 403: delegEdit, 404: noMeeting + " Or the delegation is not at it.",
				409: "The delegation was registered without an invitation."}},
	}
}
