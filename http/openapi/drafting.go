package openapi

import "github.com/accord-org/accord"

// draftingSchemas are the components of drafts (issue 11).
func draftingSchemas() js {
	texts := js{"type": "object", "additionalProperties": js{"type": "string"}, "description": "Texts by language tag."}
	segText := obj(js{
		"text": str("The text."), "state": oneOf("How far it has come.", enumOf(accord.TextStates...)...),
		"checked_against": integer("The version of the drafting language's text it was checked against."),
		"needs_review":    js{"type": "boolean", "description": "The drafting language's text changed since it was checked."},
	}, "text", "state", "checked_against")
	vote := obj(js{"state": str("The member state."), "user_id": integer(""), "text": str("An objection's text."), "at": str("When.")}, "state", "at")
	return js{
		"Segment": obj(js{
			"id": integer("Stable: never changes, never given twice."), "kind": oneOf("", enumOf(accord.SegmentKinds...)...),
			"version": integer("Counts the changes of the drafting language's text."),
			"texts":   js{"type": "object", "additionalProperties": segText}, "deleted": js{"type": "boolean"},
		}, "id", "kind", "version", "texts"),
		"Draft": obj(js{
			"document_id": integer(""), "drafting_lang": str("The language the chair drafts in."),
			"languages": arr(str("")), "segments": arr(ref("Segment")), "revision": integer("The last circulated revision, 0 before the first."),
			"created_at": str(""), "updated_at": str(""),
		}, "document_id", "drafting_lang", "languages", "segments", "revision"),
		"DraftRevision": obj(js{
			"id": integer(""), "document_id": integer(""), "number": integer(""), "reference": str(""),
			"drafting_lang": str(""), "languages": arr(str("")),
			"segments": desc(nullable(arr(obj(js{"id": integer(""), "kind": str(""), "version": integer(""),
				"texts": js{"type": "object", "additionalProperties": segText}}, "id", "kind", "version", "texts"))), "null in lists."),
			"sha256":        str("The hex SHA-256 of its canonical JSON, which the transparency log commits to."),
			"circulated_at": str(""), "circulated_by": integer(""),
			"log_index": integer("Its entry in the transparency log; -1 when not read."),
		}, "number", "sha256", "log_index"),
		"Amendment": obj(js{
			"document_id": integer(""), "number": integer("Never changes."), "segment_id": integer(""),
			"op": oneOf("", enumOf(accord.AmendmentOps...)...), "kind": str("The kind of an inserted segment."),
			"texts": texts, "justification": str(""), "author_state": str("The member state that proposed it."), "author_user_id": integer(""),
			"revision": integer("The revision it was made against."), "segment_version": integer(""),
			"carried_to": integer("The latest revision it was carried over to, its segment unchanged."),
			"flagged":    js{"type": "boolean", "description": "A later revision changed its segment."},
			"status":     oneOf("", enumOf(accord.AmendmentOpen, accord.AmendmentAccepted, accord.AmendmentRejected, accord.AmendmentMerged)...),
			"supports":   arr(vote), "objections": arr(vote),
			"decision": obj(js{"outcome": oneOf("", enumOf(accord.DecideAccept, accord.DecideReject, accord.DecideMerge)...),
				"with": arr(integer("")), "texts": texts, "reason": str(""), "into": integer("The segment the text now lives in."),
				"decided_by": integer(""), "decided_at": str("")}, "outcome"),
			"created_at": str(""),
		}, "number", "segment_id", "op", "author_state", "revision", "status", "supports", "objections"),
		"DraftPage": obj(js{
			"document_id": integer(""), "reference": str(""),
			"draft":        desc(ref("Draft"), "The working text: only for the chair and the secretariat."),
			"consolidated": arr(obj(js{"segment": ref("Segment"), "number": integer(""), "accepted": arr(integer("An accepted amendment's number."))})),
			"revision":     desc(nullable(ref("DraftRevision")), "The last circulated revision; null before the first."),
			"revisions":    arr(ref("DraftRevision")), "amendments": arr(ref("Amendment")),
			"drafting":  js{"type": "boolean", "description": "The document is being drafted."},
			"can_draft": js{"type": "boolean"}, "can_decide": js{"type": "boolean"},
			"states": arr(str("A state the reader may amend, support and object for.")),
		}, "document_id", "reference", "revision", "revisions", "amendments", "drafting", "can_draft", "can_decide", "states"),
		"RevisionPage": obj(js{
			"document_id": integer(""), "reference": str(""), "revision": ref("DraftRevision"),
			"against": integer("The revision compared with."),
			"diff": arr(obj(js{"segment_id": integer(""), "kind": str(""), "status": oneOf("", "same", "changed", "added", "removed"),
				"texts": js{"type": "object", "additionalProperties": arr(obj(js{"op": oneOf("", "equal", "insert", "delete"), "text": str("")}, "op", "text"))}},
				"segment_id", "status", "texts")),
		}, "document_id", "reference", "revision"),
	}
}

// draftingDocs describe the drafting routes.
func draftingDocs() map[string]operationDoc {
	const (
		tag     = "Drafting"
		noDoc   = "The document does not exist, or the reader may not read it."
		signIn  = "Sign in first."
		drafter = "Only the chair officer of the state chairing the meeting, or the secretariat, drafts."
		member  = "Only a delegation officer or head of a member delegation, for its own state."
	)
	texts := js{"type": "object", "additionalProperties": js{"type": "string"}, "description": "Texts by language tag: {\"ru\": …, \"zh\": …}; as form fields texts.ru, texts.zh."}
	page := ref("DraftPage")
	return map[string]operationDoc{
		"draft": {Tag: tag, Summary: "A draft: its segments side by side, its revisions and amendments",
			Description: "The chair and the secretariat see the working text; others the last circulated revision.",
			Response:    page, Errors: map[int]string{400: "The id is malformed, or the document belongs to no meeting.", 404: noDoc}},
		"draft_create": {Tag: tag, Summary: "Start drafting a document", Access: needsSignIn, Status: 201,
			Body:     obj(js{"drafting_lang": str("The drafting language."), "languages": str("The authentic languages, separated by commas.")}, "drafting_lang"),
			Response: page, Errors: map[int]string{400: "A language is not one the organization uses.", 401: signIn, 403: drafter, 404: noDoc, 409: "It is being drafted already, or it is withdrawn."}},
		"segment_create": {Tag: tag, Summary: "Add a segment", Access: needsSignIn, Status: 201,
			Body:     obj(js{"kind": oneOf("", enumOf(accord.SegmentKinds...)...), "after": formInt("The segment it follows; none: first."), "texts": texts}, "kind", "texts"),
			Response: page, Errors: map[int]string{400: "A field is missing or malformed; the drafting language's text is required.", 401: signIn, 403: drafter, 404: noDoc + " Or it is not being drafted.", 409: "It is withdrawn."}},
		"segment_update": {Tag: tag, Summary: "Change a segment: its kind, place, texts, or delete it", Access: needsSignIn,
			Body: obj(js{"kind": str(""), "after": formInt(""), "move": str("true to place it after after."), "delete": str("true to delete it."),
				"texts": texts, "state": oneOf("The state of the texts given.", enumOf(accord.TextStates...)...)}),
			Response: page, Errors: map[int]string{400: "A field is malformed, or the segment does not exist.", 401: signIn, 403: drafter, 404: noDoc + " Or it is not being drafted.", 409: "It is withdrawn."}},
		"segment_text_set": {Tag: tag, Summary: "Set one language's text and state of a segment", Access: needsSignIn,
			Body:     obj(js{"text": str(""), "state": oneOf("", enumOf(accord.TextStates...)...)}, "text"),
			Response: page, Errors: map[int]string{400: "The language is not one of the draft's, or a field is malformed.", 401: signIn, 403: drafter, 404: noDoc + " Or it is not being drafted.", 409: "It is withdrawn."}},
		"revision_circulate": {Tag: tag, Summary: "Circulate the working text as the next revision", Access: needsSignIn, Status: 201,
			Description: "The revision never changes after, and goes into the transparency log: as a commitment while the document is not public. Open amendments are carried over where their segment did not change, and flagged where it did.",
			Response:    ref("RevisionPage"), Errors: map[int]string{400: "The draft has no segment.", 401: signIn, 403: drafter, 404: noDoc + " Or it is not being drafted.", 409: "Nothing changed since the last revision, or it is withdrawn."}},
		"revision": {Tag: tag, Summary: "A circulated revision",
			Response: ref("RevisionPage"), Errors: map[int]string{400: "The number is malformed.", 404: noDoc + " Or the revision was not circulated."}},
		"revision_diff": {Tag: tag, Summary: "A revision against another, word by word (character by character for Chinese)",
			Query:    []param{{"against", "The revision to compare with.", intRange(1, accord.MaxAmendments)}},
			Response: ref("RevisionPage"), Errors: map[int]string{400: "against is missing, malformed or not circulated.", 404: noDoc + " Or the revision was not circulated."}},
		"amendment_create": {Tag: tag, Summary: "Propose an amendment to a segment", Access: needsSignIn, Status: 201,
			Body: obj(js{"segment_id": formInt(""), "revision": formInt("The circulated revision it is made against."),
				"op": oneOf("", enumOf(accord.AmendmentOps...)...), "kind": str("An inserted segment's kind."), "texts": texts,
				"justification": str(""), "state": str("The state proposing it, when the reader acts for several.")}, "segment_id", "revision", "op"),
			Response: page, Errors: map[int]string{400: "The segment does not exist, the revision was not circulated, or a language is not the draft's.", 401: signIn, 403: member, 404: noDoc + " Or it is not being drafted."}},
		"amendment_support": {Tag: tag, Summary: "Support an amendment for one's state", Access: needsSignIn,
			Body:     obj(js{"state": str("")}),
			Response: page, Errors: map[int]string{400: "The amendment is not open, or the state proposed it.", 401: signIn, 403: member, 404: noDoc + " Or no such amendment."}},
		"amendment_objection": {Tag: tag, Summary: "Object to an amendment for one's state", Access: needsSignIn,
			Body:     obj(js{"state": str(""), "text": str("Why.")}),
			Response: page, Errors: map[int]string{400: "The amendment is not open, or the state proposed it.", 401: signIn, 403: member, 404: noDoc + " Or no such amendment."}},
		"amendment_decision": {Tag: tag, Summary: "Decide on an amendment: accept, reject, or merge into a compromise", Access: needsSignIn,
			Body: obj(js{"outcome": oneOf("", enumOf(accord.DecideAccept, accord.DecideReject, accord.DecideMerge)...),
				"with": str("For a merge: the other amendments' numbers, separated by commas."), "texts": texts, "reason": str("")}, "outcome"),
			Response: page, Errors: map[int]string{400: "The outcome is malformed, or the amendment is not open.", 401: signIn, 403: drafter, 404: noDoc + " Or no such amendment.",
				409: "Its segment changed since it was made (merge it instead), or the document is withdrawn."}},
	}
}
