package openapi

// deskOperationDocs describe the signed-in person's desk (issue 15).
func deskOperationDocs() map[string]operationDoc {
	task := obj(js{
		"kind":        oneOf("What is to do.", "sign", "position", "decide_amendments", "close_adoption", "confirm_keys", "answer_invitation"),
		"document_id": integer("The document concerned, when there is one."),
		"reference":   str("Its reference."),
		"titles":      desc(ref("Text"), "Its titles by language."),
		"state":       str("The state the task is done for, when it is a state's."),
		"count":       integer("How many: signatures or positions recorded, amendments to decide, keys to confirm."),
		"of":          integer("Out of how many signatures or positions."),
		"deadline":    js{"type": "string", "format": "date-time", "description": "When it is due, for a silence procedure."},
		"path":        str("The page where it is done."),
	}, "kind", "path")
	return map[string]operationDoc{
		"desk": {Tag: "Desk", Summary: "What the signed-in person has to do, and the meetings coming", Access: needsSignIn,
			Description: "The tasks are those the policy lets the reader do now: a signature their state owes, a position in an adoption, amendments to decide, keys to confirm. Deadlines first, the nearest first.",
			Response:    obj(js{"tasks": arr(task), "meetings": arr(ref("MeetingRef"))}, "tasks", "meetings"),
			Errors:      map[int]string{401: "Sign in first."}},
	}
}
