package openapi

import (
	"maps"

	"github.com/accord-org/accord"
)

// operationDocs describe each route of the table, by name, as its handler
// behaves: the fields it reads, the answer it gives and the refusals it can
// give. A route added without an entry here fails openapi_test.go.
//
// Refusals every route of a kind shares are added by operation(): 401 for
// a bad bearer token; for writes, 403 for a cross-origin browser request
// and 400 for a malformed body; 409 and 400 for a reused or malformed
// Idempotency-Key; and 5xx.
var operationDocs = func() map[string]operationDoc {
	const (
		tagOrgs      = "Organizations"
		tagMembers   = "Memberships"
		tagBodies    = "Bodies"
		tagMeetings  = "Meetings"
		tagAgenda    = "Agenda"
		tagDeleg     = "Delegations"
		tagChairs    = "Chairmanship"
		tagDocs      = "Documents"
		tagFiles     = "Attachments"
		tagSigning   = "Signing"
		tagLog       = "Transparency log"
		tagSignIn    = "Sign-in"
		tagAccount   = "Account"
		tagAudit     = "Audit"
		tagOperation = "Operation"
	)
	const (
		noOrg         = "The organization does not exist."
		noBody        = "The organization or the body does not exist."
		noMeeting     = "The organization, the body or the meeting does not exist (a malformed number included)."
		noDoc         = "The document does not exist, or the reader may not read it: a restricted document is as missing as an absent one."
		signIn        = "Sign in first."
		secretariat   = "Only the organization's secretariat may do this."
		meetingCancel = "Only the secretariat cancels or reinstates a meeting."
		meetingEdit   = "Only the secretariat, or the chair officer of the state holding the body's chair, may change the meeting and its agenda."
		delegEdit     = "Only the state's delegation officer, or the secretariat, may change the delegation."
		docEdit       = "The reader may read the document but not change it."
		withdrawn     = "The document is withdrawn and no longer changes."
		badDocID      = "The id is not a document id."
		tokenRefused  = "A token may not change the account it belongs to."
	)
	editRecord := func(schema string, d string) js {
		return obj(js{"record": desc(ref(schema), d)}, "record")
	}
	emptyForm := obj(js{}) // a new record's form shows nothing to an API client
	page := param{"page", "The page, from 1; 20 records a page.", intRange(1, maxPage)}
	next := param{"next", "Where to go after signing in: a path on this site.", js{"type": "string"}}
	meetingFields := func(required ...string) js {
		return obj(js{
			"number": formInt("The meeting's number, in digits: 23 for meeting XXIII. Unique in the body."),
			"host":   str("The host state's code."),
			"city":   text("The city, by language."),
			"venue":  text("The venue, by language."),
			"start":  formPartialDate("The first day, or the month or year when that is all that is known (a planned meeting in \"2026\")."),
			"end":    formPartialDate("The last day, month or year, not before the start. A meeting in session needs exact days."),
			"format": oneOf("How it is held; in_person when creating without one.", enumOf(accord.InPerson, accord.Video, accord.Hybrid)...),
			"theme":  text("The theme, by language."),
			"chair":  str("The state that chairs it; empty for not recorded."),
			"status": oneOf("Where it stands; planned when creating without one.", enumOf(accord.Planned, accord.InSession, accord.Concluded)...),
			"note":   str("What the sources leave uncertain."),
		}, required...)
	}
	person := func(required ...string) js {
		return obj(js{
			"name":  str("The name; empty when the record names only the title."),
			"title": text("The title, by language. A person needs a name or a title."),
			"names": text("The name as written in other scripts, by language (ru, zh), shown on pages in that language instead of name."),
		}, required...)
	}
	agendaFields := func(required ...string) js {
		return obj(js{
			"kind":       oneOf("The kind of item.", enumOf(accord.AgendaKinds...)...),
			"title":      text("The title, in at least one language."),
			"speaker_id": formInt("The participant who takes the floor; empty for none."),
		}, required...)
	}
	membershipFields := func(required ...string) js {
		return obj(js{
			"state":  str("The state's code."),
			"status": oneOf("The standing.", enumOf(accord.MembershipStatuses...)...),
			"from":   formDate("The first day; required for a member, empty when the record does not say."),
			"until":  formDate("The last day; empty while it lasts."),
		}, required...)
	}
	organizationFields := func(required ...string) js {
		return obj(js{
			"code":                  str("The organization's code: 2 to 16 capital letters or digits, starting with a letter (SCO). Only when creating."),
			"names":                 text("The name, in at least one language."),
			"founded":               formDate("The day it was founded."),
			"official_languages":    str("Language tags separated by commas: \"ru, zh\"."),
			"working_languages":     str("Language tags separated by commas."),
			"translation_languages": str("Language tags separated by commas: the languages its documents are also published in, as translations that never bind. A version or attachment of its documents is in an official, working or translation language."),
		}, required...)
	}
	signingErrors := func(extra map[int]string) map[int]string {
		errs := map[int]string{400: badDocID, 404: noDoc}
		for k, v := range extra {
			errs[k] = v
		}
		return errs
	}

	docs := map[string]operationDoc{
		// Reading.
		"home": {Tag: tagOrgs, Summary: "The home page's data",
			Description: "Per organization, its bodies with their three latest meetings, the chair in office, the next and the last meeting, and the five newest documents the reader may read.",
			Response: obj(js{"organizations": arr(allOf(ref("Organization"), obj(js{
				"bodies": arr(allOf(ref("Body"), obj(js{
					"latest_meetings": arr(ref("Meeting")),
					"chair":           desc(nullable(ref("State")), "The state whose term is open; null when none is recorded."),
					"next_meeting":    desc(nullable(ref("Meeting")), "The meeting under way or the next to come."),
					"last_meeting":    desc(nullable(ref("Meeting")), "The latest meeting held."),
				}, "latest_meetings", "chair", "next_meeting", "last_meeting"))),
				"recent_documents": arr(ref("DocumentItem")),
			}, "bodies", "recent_documents")))}, "organizations")},
		"organizations": {Tag: tagOrgs, Summary: "List the organizations",
			Response: obj(js{"organizations": arr(ref("Organization"))}, "organizations")},
		"organization": {Tag: tagOrgs, Summary: "An organization, its bodies and today's members",
			Response: obj(js{"organization": ref("Organization"), "bodies": arr(ref("Body")), "on": date("Today."),
				"members": arr(ref("MemberState"))}, "organization", "bodies", "on", "members"),
			Errors: map[int]string{404: noOrg}},
		"members": {Tag: tagMembers, Summary: "Who was a member on a date",
			Description: "The states holding a membership on the day asked, sorted by name in the reader's language.",
			Query: []param{{"on", "The day; today when absent.", js{"type": "string", "format": "date"}},
				{"status", "Which standing: member (the default), observer, partner, or all.", oneOf("", "member", "observer", "partner", "all")}},
			Response: obj(js{"organization": ref("Organization"), "on": date("The day asked."), "status": str("The standing asked."),
				"count": integer("How many states."), "members": arr(ref("MemberState"))}, "organization", "on", "status", "count", "members"),
			Errors: map[int]string{400: "on is not a date, or status is not a standing.", 404: noOrg}},
		"bodies": {Tag: tagBodies, Summary: "An organization's bodies",
			Response: obj(js{"organization": ref("Organization"), "bodies": arr(ref("Body"))}, "organization", "bodies"),
			Errors:   map[int]string{404: noOrg}},
		"body": {Tag: tagBodies, Summary: "A body: its meetings, chairs and forecast",
			Description: "The same as the body's list of meetings.",
			Query:       meetingFilter(page), Response: meetingsResponse(), Errors: meetingsErrors()},
		"meetings": {Tag: tagMeetings, Summary: "A body's meetings, newest first",
			Description: "With the body's chairmanship terms, its rotation rule and its next ten chairs.",
			Query:       meetingFilter(page), Response: meetingsResponse(), Errors: meetingsErrors()},
		"meeting": {Tag: tagMeetings, Summary: "A meeting as its official programme shows it",
			Description: "The agenda with speakers, the delegations in order of precedence (the chair first, then the body's rotation order, other states, organs), and the documents the reader may read.",
			Response: obj(js{
				"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"),
				"numeral": str("The number in Roman numerals: XXII."),
				"host":    ref("State"),
				"chair":   desc(nullable(ref("State")), "null when not recorded."),
				"agenda":  arr(ref("AgendaItem")), "delegations": arr(ref("Delegation")),
				"documents": arr(ref("DocumentSummary")),
			}, "organization", "body", "meeting", "numeral", "host", "chair", "agenda", "delegations", "documents"),
			Errors: map[int]string{400: "The number is neither digits nor a Roman numeral.", 404: "The organization, the body or the meeting does not exist."}},

		// Chairmanship.
		"chairs": {Tag: tagChairs, Summary: "A body's chairmanship",
			Description: "Its rotation rule in force, and every recorded term with the replay of the handover that began it, by the version of the rule in force on its day: follows the rule, deviates (with the recorded reason), an extension of the term before, a decision where the rule gave nobody, or a gap in the record.",
			Response: obj(js{
				"organization": ref("Organization"), "body": ref("Body"),
				"rule": desc(nullable(ref("RotationRule")), "null when the body's rule is not recorded."),
				"terms": arr(allOf(ref("ChairTerm"), obj(js{
					"names":        desc(ref("Text"), "The state's names."),
					"from_meeting": integer("The number of the meeting at which the term began."),
					"handover": obj(js{
						"verdict": ref("Verdict"), "rule_gave": str("The state the rule gave."),
						"rule_gave_names": ref("Text"), "reason": str("The recorded reason of a deviation, an extension or a decision."),
						"why": oneOf("For a handover by decision, why the rule gave nobody.", "decision", "no_rule", "none_eligible"),
					}, "verdict"),
				}, "names"))),
				"can_hand_over": boolean("The reader may hand the chair over now."),
			}, "organization", "body", "rule", "terms", "can_hand_over"),
			Errors: map[int]string{404: noBody}},
		"chairs_forecast": {Tag: tagChairs, Summary: "The next chairs by the rule",
			Description: "The chair in office, then the next states the rule in force on each handover day gives; where it gives nobody (by decision, or none eligible) the forecast ends with a turn whose decision is true and state empty.",
			Query:       []param{{"n", "How many chairs, 1 to 100; 10 when absent.", intRange(1, maxForecast)}},
			Response: obj(js{"organization": ref("Organization"), "body": ref("Body"), "rule": ref("RotationRule"),
				"forecast": arr(ref("ChairTurn"))}, "organization", "body", "rule", "forecast"),
			Errors: map[int]string{400: "n is not a number from 1 to 100.", 404: "The organization or the body does not exist, or the body has no rotation rule."}},
		"chair_handover": {Tag: tagChairs, Summary: "Hand the chair over", Access: needsSignIn,
			Description: "Closes the term in office and opens the next: by the rule when to is absent, or by decision, naming the incoming state and the reason. " +
				"The outgoing chair's officer or the secretariat may do it; the right is checked against the chair in office, which the change then confirms is still in office.",
			Body: obj(js{
				"to":                 str("The incoming state, for a handover by decision."),
				"reason":             str("The decision's reason; with to."),
				"date":               formDate("The handover day; the end of the meeting, or today, when absent."),
				"meeting":            str("The meeting at which it is handed over: 22 or XXII."),
				"source_document_id": formInt("The document that records the decision."),
			}),
			Response: ref("HandoverResult"),
			Errors: map[int]string{400: "A field is malformed, the meeting does not exist, or the handover breaks the rule's or the record's constraints.",
				401: signIn, 403: "Only the chair officer of the state holding the chair, or the secretariat, hands the chair over.",
				404: noBody, 409: "No chair is in office, another state holds it now, or the new term would overlap another."}},

		// Documents.
		"documents": {Tag: tagDocs, Summary: "Search the documents the reader may read",
			Description: "Newest first, 20 a page. Filters and counts apply after the policy, so that they never reveal a document.",
			Query: []param{{"organization", "An organization's code.", js{"type": "string"}},
				{"meeting", "A meeting's id.", intRange(1, maxID)},
				{"kind", "A document kind.", oneOf("", enumOf(accord.DocumentKinds...)...)},
				{"language", "A language the document has a version in (lang is the interface language).", js{"type": "string"}},
				{"classification", "A classification.", oneOf("", enumOf(accord.Public, accord.Restricted, accord.Confidential)...)},
				{"q", "Words of the reference or of a title, 200 characters at most.", js{"type": "string", "maxLength": 200}},
				{"withdrawn", "Any value includes withdrawn documents.", js{"type": "string"}},
				page},
			Response: obj(js{
				"filter": obj(js{"organization": str(""), "meeting": integer(""), "kind": str(""), "language": str(""),
					"classification": str(""), "q": str(""), "withdrawn": boolean("")}),
				"total": integer("How many match."), "page": integer("This page."), "pages": integer("How many pages."),
				"documents": arr(ref("DocumentItem")),
			}, "filter", "total", "page", "pages", "documents"),
			Errors: map[int]string{400: "A filter is malformed: meeting, kind, lang, classification, q or page."}},
		"document": {Tag: tagDocs, Summary: "A document with every language version",
			Query: []param{{"version", "A version's id, to check that it is one of the document's (the page shows it).", intRange(1, maxID)},
				{"v", "The language the page shows; the JSON carries every version.", js{"type": "string"}}},
			Response: obj(js{"document": ref("Document"), "meetings": arr(ref("MeetingRef"))}, "document", "meetings"),
			Errors:   map[int]string{400: "The id is not a document id, or version is not a version of it.", 404: noDoc}},
		"document_new": {Tag: tagDocs, Summary: "What a new document may be filed with", Access: needsSignIn,
			Description: "The meetings the reader may add documents to; with ?meeting=, that meeting's agenda, the authors the reader may write as, and the states that may be recipients.",
			Query:       []param{{"meeting", "A meeting's id, to list its agenda, authors and states.", intRange(1, maxID)}},
			Response: obj(js{
				"meetings": arr(allOf(ref("Meeting"), obj(js{"label": str("How forms name it.")}, "label"))),
				"meeting":  ref("Meeting"), "agenda": arr(ref("AgendaItem")),
				"authors": arr(desc(ref("Choice"), "secretariat, chair or delegation:<id>.")), "states": arr(ref("Choice")),
			}, "meetings"),
			Errors: map[int]string{400: "meeting is not one the reader may add documents to.", 401: signIn, 403: "The reader may add documents to no meeting."}},
		"document_create": {Tag: tagDocs, Summary: "File a document with its first version", Access: needsSignIn, Status: 201,
			Description: "The secretariat files as the secretariat; the chair officer as the chair; a delegation officer as their state's delegation to the meeting.",
			Body: obj(js{
				"meeting_id":     formInt("The meeting it belongs to."),
				"agenda_item_id": formInt("The agenda item of that meeting it belongs to."),
				"embargo_until":  embargoField,
				"author":         str("secretariat, chair, or delegation:<id> of a delegation to the meeting."),
				"reference":      str("Its symbol, unique: letters, digits and . / _ -, up to 128."),
				"kind":           oneOf("The kind.", enumOf(accord.DocumentKinds...)...),
				"classification": oneOf("Who may read it.", enumOf(accord.Public, accord.Restricted, accord.Confidential)...),
				"recipients":     str("For a confidential document, the states besides the author's that may read it, separated by commas."),
				"lang":           str("The first version's language."),
				"title":          str("Its title."),
				"body":           str("Its text."),
			}, "meeting_id", "author", "reference", "kind", "classification", "lang", "title", "body"),
			Response: ref("DocumentChanged"),
			Errors: map[int]string{400: "A field is missing or malformed, the meeting does not exist, or the author is not a delegation to it.",
				401: signIn, 403: "The reader may not write as that author at that meeting, or schedule a release (only the secretariat does).", 409: "The reference is taken."}},
		"document_edit": {Tag: tagDocs, Summary: "A document, for editing", Access: needsSignIn,
			Response: obj(js{"document": ref("Document")}, "document"),
			Errors:   map[int]string{400: badDocID, 401: signIn, 403: docEdit, 404: noDoc, 409: withdrawn}},
		"document_update": {Tag: tagDocs, Summary: "Change a document's reference, kind, classification or recipients", Access: needsSignIn,
			Description: "Versions, links and files have their own operations.",
			Body: obj(js{
				"reference": str("Its symbol."), "kind": oneOf("The kind.", enumOf(accord.DocumentKinds...)...),
				"classification": oneOf("Who may read it.", enumOf(accord.Public, accord.Restricted, accord.Confidential)...),
				"recipients":     str("States separated by commas; only for a confidential document."),
				"embargo_until":  embargoField,
			}),
			Response: ref("DocumentChanged"),
			Errors: map[int]string{400: "A field is malformed.", 401: signIn, 403: docEdit + " Or the change would take it out of the reader's hands.",
				404: noDoc, 409: withdrawn + " Or the reference is taken."}},
		"document_version_add": {Tag: tagDocs, Summary: "Add a language version, or a revision of one", Access: needsSignIn, Status: 201,
			Description: "A stored version never changes: a version in a language the document has already is its next revision.",
			Body:        obj(js{"lang": str("The language, a BCP 47 tag."), "title": str("The title."), "body": str("The text.")}, "lang", "title", "body"),
			Response:    ref("DocumentChanged"),
			Errors:      map[int]string{400: "A field is missing or malformed.", 401: signIn, 403: docEdit, 404: noDoc, 409: withdrawn}},
		"document_link": {Tag: tagDocs, Summary: "Link a document to another meeting", Access: needsSignIn,
			Description: "Linking it to a meeting it is linked to already files it under the agenda item given instead.",
			Body:        obj(js{"meeting_id": formInt("The meeting."), "agenda_item_id": formInt("An item of its agenda.")}, "meeting_id"),
			Response:    ref("DocumentChanged"),
			Errors: map[int]string{400: "The meeting does not exist, or the item is not on its agenda.", 401: signIn,
				403: docEdit + " Or the reader may not file it with that meeting's organization.", 404: noDoc, 409: withdrawn}},
		"document_unlink": {Tag: tagDocs, Summary: "Unlink a document from a meeting", Access: needsSignIn,
			Response: ref("DocumentChanged"),
			Errors: map[int]string{400: "It is the document's last meeting, or the meeting of its author delegation, or the meeting id is malformed.",
				401: signIn, 403: docEdit, 404: noDoc + " Or it is not linked to that meeting.", 409: withdrawn}},
		"document_withdraw": {Tag: tagDocs, Summary: "Withdraw a document", Access: needsSignIn,
			Description: "It stays, with its versions and files, marked as withdrawn with the reason.",
			Body:        obj(js{"reason": str("Why it is withdrawn."), "confirm": oneOf("A page's checkbox that confirms the withdrawal; the API needs none.", "yes")}, "reason"),
			Response:    ref("DocumentChanged"),
			Errors:      map[int]string{400: "The reason is missing.", 401: signIn, 403: docEdit, 404: noDoc, 409: withdrawn}},
		"attachment_upload": {Tag: tagFiles, Summary: "Attach a file to a document", Access: needsSignIn, Status: 201, Upload: true,
			Description: "The file is checked from its content (a PDF, a DOCX, an MP4 or WebM video), stored by its SHA-256, and never changes. The policy is asked before a byte is read.",
			Body:        obj(js{"lang": str("The language of its content; empty for none.")}),
			Response:    obj(js{"attachment": ref("Attachment"), "url": str("Where it is downloaded.")}, "attachment", "url"),
			Errors: map[int]string{400: "No file, more than one, a type not accepted, a name that does not match the content, or a file over its type's limit.",
				401: signIn, 403: docEdit, 404: noDoc, 409: withdrawn, 503: "This server keeps no files."}},
		"attachment": {Tag: tagFiles, Summary: "Download a file",
			Description: "Served with the type it was checked to be, its SHA-256 as ETag, and ranges.", Conditional: true, Ranges: true, Media: []string{accord.MediaPDF, accord.MediaDOCX, accord.MediaMP4, accord.MediaWebM, accord.MediaJPEG, accord.MediaPNG},
			Response: js{"type": "string", "description": "The file's bytes, with the type it was checked to be."},
			Errors:   map[int]string{400: "The ids are malformed.", 404: noDoc + " Or the attachment is not the document's.", 503: "This server keeps no files."}},
		"attachment_withdraw": {Tag: tagFiles, Summary: "Withdraw a file", Access: needsSignIn,
			Description: "It stays, marked as withdrawn.",
			Body:        obj(js{"reason": str("Why it is withdrawn."), "confirm": oneOf("A page's checkbox that confirms the withdrawal; the API needs none.", "yes")}, "reason"),
			Response:    ref("DocumentChanged"),
			Errors: map[int]string{400: "The reason is missing, or the id is malformed.", 401: signIn, 403: docEdit,
				404: noDoc + " Or the attachment is not the document's.", 409: "The attachment is withdrawn already."}},

		// Signing and the transparency log.
		"signing": {Tag: tagSigning, Summary: "A document's signing: who must sign and who has",
			Response: ref("SigningPage"), Errors: signingErrors(nil)},
		"signing_open": {Tag: tagSigning, Summary: "Open a document for signature", Access: needsSignIn, Status: 201,
			Description: "Freezes its versions (those in the organization's official languages are authentic) and fixes the signatories: the member states on the meeting's date.",
			Response:    ref("SigningPage"),
			Errors: signingErrors(map[int]string{400: badDocID + " Or it belongs to no meeting, or lacks a version in an authentic language.", 401: signIn,
				403: "Only the secretariat, or the chair officer of the state holding the chair, opens it.", 409: "It is open for signature already."})},
		"signature_add": {Tag: tagSigning, Summary: "Sign for one's state", Access: needsSignIn, Status: 201,
			Description: "A head of delegation pastes the signed statement that 'accord sign' printed; it is checked against the key enrolled for their state.",
			Body:        obj(js{"signature": str("The signed note: the statement and its signature lines.")}, "signature"),
			Response:    ref("SigningPage"),
			Errors: signingErrors(map[int]string{400: "No signature, or it does not verify against a key enrolled for the state, or the state is not a signatory.", 401: signIn,
				403: "Only a head of delegation signs.", 409: "The state has signed already, or the document is signed by all."})},
		"signing_statement": {Tag: tagSigning, Summary: "The signing statement, the text to sign", Media: []string{"text/plain"},
			Response: js{"type": "string", "description": "The canonical statement; pass it to 'accord sign'."},
			Errors:   signingErrors(map[int]string{404: noDoc + " Or it is not open for signature."})},
		"bundle": {Tag: tagSigning, Summary: "The bundle that verifies a signed document offline",
			Description: "Its versions, statement, signatures and key enrolments, each with a C2SP tlog-proof against one cosigned checkpoint; check it with 'accord verify'.",
			Response:    ref("Bundle"),
			Errors:      signingErrors(map[int]string{404: noDoc + " Or it is not open for signature.", 503: "This server keeps no transparency log."})},
		"signing_keys": {Tag: tagSigning, Summary: "The signing keys enrolled with an organization",
			Response: obj(js{"organization": ref("Organization"), "keys": arr(ref("SigningKey")), "can_enrol": boolean("The reader may enrol keys."),
				"pending": arr(desc(ref("KeySubmission"), "A key a head submitted, waiting for confirmation; for the secretariat only."))}, "organization", "keys", "can_enrol"),
			Errors: map[int]string{404: noOrg}},
		"signing_key_enrol": {Tag: tagSigning, Summary: "Enrol a public signing key", Access: needsSignIn, Status: 201,
			Description: "After the holder reads its fingerprint aloud: when fingerprint is given it must be the key's.",
			Body: obj(js{
				"vkey":        str("The public key 'accord key new' printed."),
				"fingerprint": str("The fingerprint the holder read aloud."),
				"state":       str("The state the holder signs for."),
				"role":        oneOf("The role; head_of_delegation when absent.", enumOf(accord.RoleHeadOfDelegation, accord.RoleChairOfficer, accord.RoleDelegationOfficer)...),
				"person":      str("The holder, as the protocol names them."),
				"user_id":     formInt("The holder's account."),
				"valid_from":  formDate("The first day it may sign; today when absent."),
				"valid_until": formDate("The last day it may sign."),
			}, "vkey", "state", "person"),
			Response: obj(js{"key": ref("SigningKey")}, "key"),
			Errors: map[int]string{400: "A field is missing or malformed, or the fingerprint is not the key's.", 401: signIn, 403: secretariat,
				404: noOrg, 409: "The key is enrolled already."}},
		"signing_key_revoke": {Tag: tagSigning, Summary: "Revoke a signing key", Access: needsSignIn,
			Body:     obj(js{"reason": str("Why.")}, "reason"),
			Response: obj(js{"key": ref("SigningKey")}, "key"),
			Errors: map[int]string{400: "The id is malformed, or the reason missing.", 401: signIn, 403: secretariat,
				404: "The organization does not exist, or the key is not one of its keys.", 409: "The key was revoked already."}},
		"log_checkpoint": {Tag: tagLog, Summary: "The log's latest checkpoint (C2SP tlog-tiles)", Media: []string{"text/plain"},
			Response: js{"type": "string", "description": "A signed note: origin, tree size, root hash, and the log's and witnesses' signatures."},
			Errors:   map[int]string{503: "This server keeps no transparency log."}},
		"log_tile": {Tag: tagLog, Summary: "A hash tile or an entry bundle (C2SP tlog-tiles)", Media: []string{"application/octet-stream"},
			Description: "A full tile never changes and is served as immutable.",
			Response:    js{"type": "string", "contentMediaType": "application/octet-stream"},
			Errors:      map[int]string{404: "No such tile.", 503: "This server keeps no transparency log."}},
		"log_inclusion_proof": {Tag: tagLog, Summary: "Prove an entry is in the tree of a size (RFC 6962)",
			Query:    []param{{"index", "The entry's index.", intRange(0, maxID)}, {"size", "The tree's size.", intRange(0, maxID)}},
			Response: ref("Proof"),
			Errors:   map[int]string{400: "index or size is not a non-negative number, or index is not in a tree of size.", 503: "This server keeps no transparency log."}},
		"log_consistency_proof": {Tag: tagLog, Summary: "Prove a tree extends an older one (RFC 6962)",
			Query:    []param{{"old", "The older tree's size.", intRange(0, maxID)}, {"size", "The tree's size.", intRange(0, maxID)}},
			Response: ref("Proof"),
			Errors:   map[int]string{400: "old or size is not a non-negative number, or old is larger than size or than the log.", 503: "This server keeps no transparency log."}},

		// Signing in and the account.
		"login_form": {Tag: tagSignIn, Summary: "The sign-in form",
			Query: []param{next}, Response: obj(js{"next": str("Where to go after signing in.")})},
		"login": {Tag: tagSignIn, Summary: "Sign in with an e-mail address and a password",
			Description: "Sets the session cookie. Privileged users must then give their second factor, or set it up first, before the session opens anything.",
			Body:        obj(js{"email": str("The address."), "password": str("The password."), "next": str("Where to go after.")}, "email", "password"),
			Response:    ref("LoginResult"),
			Errors: map[int]string{400: "The e-mail address or the password is missing.", 401: "The e-mail address or the password is wrong.",
				429: "Too many failed sign-ins for the account from this address, or from this address: wait a few minutes.",
				503: "Too many passwords are being checked at once: try again after Retry-After seconds."}},
		"totp_form": {Tag: tagSignIn, Summary: "The second-factor form", Access: needsSession,
			Query: []param{next}, Response: obj(js{"next": str("Where to go after.")}),
			Errors: map[int]string{401: "No session is waiting for its second factor: sign in with the password first."}},
		"totp": {Tag: tagSignIn, Summary: "Give the second factor", Access: needsSession,
			Description: "A code from the authenticator app, once, or a recovery code. Replaces the session cookie with a new one.",
			Body:        obj(js{"code": str("6 digits, or a recovery code."), "next": str("Where to go after.")}, "code"),
			Response:    ref("LoginResult"),
			Errors: map[int]string{400: "No code, or the authenticator app is not set up.",
				401: "No session waits for the second factor, or the code is wrong or used already; after 5 wrong codes the session is ended.",
				429: "Too many wrong codes for the user or from the address: wait a few minutes."}},
		"passkey_login_begin": {Tag: tagSignIn, Summary: "Begin signing in with a passkey",
			Description: "Sets the ceremony's cookie.",
			Response:    ref("PasskeyChallenge"),
			Errors:      map[int]string{501: "Passkeys need a public URL with a domain name."}},
		"passkey_login_finish": {Tag: tagSignIn, Summary: "Finish signing in with a passkey",
			Description: "With the ceremony's cookie. Sets a full session cookie; the session the request came with, if any, is ended.",
			Body:        obj(js{"credential": str("The PublicKeyCredential the browser returned, as JSON."), "next": str("Where to go after.")}, "credential"),
			Response:    ref("LoginResult"),
			Errors: map[int]string{400: "The credential is malformed.", 401: "No ceremony, or the passkey is unknown or does not verify.",
				501: "Passkeys need a public URL with a domain name."}},
		"logout": {Tag: tagSignIn, Summary: "Sign out", Access: needsSession,
			Response: ref("Done"), Errors: map[int]string{401: "No session."}},
		"logout_everywhere": {Tag: tagSignIn, Summary: "End every session of the user and revoke their personal access tokens", Access: needsSession,
			Response: ref("Done"), Errors: map[int]string{401: signIn, 403: tokenRefused}},
		"account": {Tag: tagAccount, Summary: "The user's account: grants, tokens and passkeys", Access: needsSignIn,
			Response: ref("Account"), Errors: map[int]string{401: signIn}},
		"totp_setup_form": {Tag: tagAccount, Summary: "A new authenticator secret to set up", Access: needsSession,
			Description: "For a signed-in user, or one whose password session waits for a first setup. The server makes the secret and keeps it with the session: asking again shows the same one.",
			Query:       []param{next},
			Response: obj(js{"secret": str("The TOTP secret, base32."), "otpauth_url": str("The otpauth:// URL an app scans."),
				"next": str("Where to go after."), "replacing": boolean("The user has a second factor already, which the setup replaces.")}, "secret", "otpauth_url", "replacing"),
			Errors: map[int]string{401: signIn}},
		"totp_setup": {Tag: tagAccount, Summary: "Confirm the authenticator setup", Access: needsSession,
			Description: "With a code from the app for the secret this session was offered. Replacing a second factor also takes the password and a code of the current app, or a recovery code. Answers the recovery codes, shown once; a waiting session steps up to a full one (a new cookie).",
			Body: obj(js{"code": str("A code from the app."), "secret": str("Ignored: the server keeps the secret it offered; accepted so that clients that send it back still work."), "current_password": str("The password, when replacing a second factor."),
				"current_code": str("A code of the current app, or a recovery code, when replacing a second factor."), "next": str("Where to go after.")}, "code"),
			Response: obj(js{"recovery_codes": arr(str("A recovery code.")), "next": str("Where to go after.")}, "recovery_codes", "next"),
			Errors: map[int]string{400: "No setup is under way, the code does not match, or the password or the current code is wrong.", 401: signIn,
				429: "Too many wrong passwords or codes: wait a few minutes.", 503: "Too many passwords are being checked at once: try again after Retry-After seconds."}},
		"token_create": {Tag: tagAccount, Summary: "Make a personal access token", Access: needsSession, Status: 201,
			Body: obj(js{"name": str("What it is for."), "scope": oneOf("read (the default) or write.", enumOf(accord.ScopeRead, accord.ScopeWrite)...),
				"expires_in_days": formInt("Its lifetime in days, 1 to 365; 90 when absent.")}),
			Response: desc(ref("Account"), "The account, with the new token's value in token, shown this once."),
			Errors:   map[int]string{400: "A field is malformed, or the lifetime is out of range.", 401: signIn, 403: tokenRefused}},
		"token_revoke": {Tag: tagAccount, Summary: "Revoke a token", Access: needsSession,
			Response: ref("Done"), Errors: map[int]string{400: "The id is malformed.", 401: signIn, 403: tokenRefused, 404: "The user has no such token."}},
		"passkey_begin": {Tag: tagAccount, Summary: "Begin adding a passkey", Access: needsSession,
			Description: "Needs a session that has passed its second factor. Sets the ceremony's cookie.",
			Response:    ref("PasskeyChallenge"),
			Errors: map[int]string{401: signIn, 403: "A token, or a session without its second factor, may not manage passkeys.",
				501: "Passkeys need a public URL with a domain name."}},
		"passkey_finish": {Tag: tagAccount, Summary: "Finish adding a passkey", Access: needsSession, Status: 201,
			Body:     obj(js{"name": str("What to call it."), "credential": str("The PublicKeyCredential the browser returned, as JSON.")}, "credential"),
			Response: obj(js{"passkey": ref("Passkey")}, "passkey"),
			Errors: map[int]string{400: "No ceremony, or the credential is malformed or does not verify.", 401: signIn,
				403: "A token, or a session without its second factor, may not manage passkeys.", 409: "The passkey is registered already.", 501: "Passkeys need a public URL with a domain name."}},
		"passkey_delete": {Tag: tagAccount, Summary: "Remove a passkey", Access: needsSession,
			Response: ref("Done"),
			Errors: map[int]string{400: "The id is malformed.", 401: signIn, 403: "A token, or a session without its second factor, may not manage passkeys.",
				404: "The user has no such passkey."}},
		"password": {Tag: tagAccount, Summary: "Change the password", Access: needsSession,
			Description: "Ends every session of the user, in the same transaction as the change, and sets a new session cookie for this one.",
			Body:        obj(js{"current_password": str("The password now."), "new_password": str("The new one, long enough.")}, "current_password", "new_password"),
			Response:    ref("Done"),
			Errors: map[int]string{400: "The current password is wrong, or the new one too short.", 401: signIn, 403: tokenRefused,
				429: "Too many wrong passwords: wait a few minutes.", 503: "Too many passwords are being checked at once: try again after Retry-After seconds."}},
		"language": {Tag: tagAccount, Summary: "Choose the interface language",
			Description: "Sets the lang cookie, and remembers it for a signed-in user.",
			Body:        obj(js{"lang": oneOf("The language.", "en", "ru", "zh"), "next": str("Where to go after.")}, "lang"),
			Response:    ref("Done"),
			Errors:      map[int]string{400: "Not an interface language.", 403: tokenRefused}},
		"audit": {Tag: tagAudit, Summary: "The audit trail, newest first", Access: needsSignIn,
			Description: "For the secretariat, the records about its organizations, and those about none (a state); 50 records a page. The text of a document the reader may not read, and the e-mail, address and user agent of an account that holds no grant in the reader's organizations, are withheld.",
			Query: []param{{"action", "A prefix of the action: user. matches user.login.", js{"type": "string"}},
				{"resource", "A prefix of the resource.", js{"type": "string"}},
				{"user", "A user's id.", intRange(1, maxID)},
				{"from", "The first day.", js{"type": "string", "format": "date"}},
				{"to", "The last day.", js{"type": "string", "format": "date"}},
				{"offset", "How many records to skip.", intRange(0, maxOffset)}},
			Response: obj(js{
				"filter": obj(js{"action": str(""), "resource": str(""), "user": integer(""), "from": str(""), "to": str(""),
					"offset": integer(""), "limit": integer("")}, "offset", "limit"),
				"total": integer("How many records match."), "records": arr(ref("AuditRecord")),
			}, "filter", "total", "records"),
			Errors: map[int]string{400: "A filter is malformed.", 401: signIn, 403: "Only the secretariat reads the audit trail."}},

		// Operation.
		"healthz": {Tag: tagOperation, Summary: "The process is alive and its data loaded", Media: []string{"text/plain"},
			Response:   js{"type": "string", "const": "ok\n"},
			ErrorMedia: "text/plain", Errors: map[int]string{503: "loading: the data (accord demo's) is still being loaded."}},
		"readyz": {Tag: tagOperation, Summary: "The data is loaded and the database answers", Media: []string{"text/plain"},
			Response:   js{"type": "string", "const": "ready\n"},
			ErrorMedia: "text/plain", Errors: map[int]string{503: "The data (accord demo's) is still being loaded, or the database does not answer."}},
		"openapi": {Tag: tagOperation, Summary: "This document",
			Description: "OpenAPI 3.1; public, cacheable, with an ETag.", Conditional: true,
			Response: js{"type": "object", "description": "An OpenAPI 3.1 document."}},

		// The workspace: organizations.
		"organization_new": {Tag: tagOrgs, Summary: "May the reader register an organization", Access: needsSignIn,
			Description: "Empty for those who may: any secretariat officer.",
			Response:    emptyForm, Errors: map[int]string{401: signIn, 403: "Only a secretariat officer registers an organization."}},
		"organization_create": {Tag: tagOrgs, Summary: "Register an organization", Access: needsSignIn, Status: 201,
			Body: organizationFields("code", "names"), Response: ref("Organization"),
			Errors: map[int]string{400: "A field is missing or malformed: the code, a name, a date or a language tag.", 401: signIn,
				403: "Only a secretariat officer registers an organization.", 409: "The code is taken."}},
		"organization_edit": {Tag: tagOrgs, Summary: "An organization, for editing", Access: needsSignIn,
			Response: editRecord("Organization", "The organization."), Errors: map[int]string{401: signIn, 403: secretariat, 404: noOrg}},
		"organization_update": {Tag: tagOrgs, Summary: "Edit an organization", Access: needsSignIn,
			Body: organizationFields(), Response: ref("Organization"),
			Errors: map[int]string{400: "A field is malformed.", 401: signIn, 403: secretariat, 404: noOrg}},

		// Memberships.
		"memberships": {Tag: tagMembers, Summary: "Every membership of an organization, past and present",
			Query: []param{{"status", "A standing.", oneOf("", enumOf(accord.MembershipStatuses...)...)},
				{"state", "A state's code.", js{"type": "string"}},
				{"standing", "current, ended (before today) or all.", oneOf("", "current", "ended", "all")}, page},
			Response: obj(js{"organization": ref("Organization"),
				"filter": obj(js{"status": str(""), "state": str(""), "standing": str("")}),
				"page":   ref("Page"), "memberships": arr(ref("MemberState"))}, "organization", "filter", "page", "memberships"),
			Errors: map[int]string{400: "status, standing or page is not one of its values.", 404: noOrg}},
		"membership_create": {Tag: tagMembers, Summary: "Add a membership", Access: needsSignIn, Status: 201,
			Body: membershipFields("state", "status"), Response: ref("Membership"),
			Errors: map[int]string{400: "A field is missing or malformed: a member needs from; until is not before from.", 401: signIn, 403: secretariat,
				404: noOrg, 409: "It overlaps another membership of the state."}},
		"membership_edit": {Tag: tagMembers, Summary: "A membership, for editing", Access: needsSignIn,
			Response: editRecord("MemberState", "The membership."),
			Errors:   map[int]string{401: signIn, 403: secretariat, 404: "The organization or the membership does not exist."}},
		"membership_update": {Tag: tagMembers, Summary: "Edit a membership", Access: needsSignIn,
			Body: obj(without(membershipFields()["properties"].(js), "state")), Response: ref("Membership"),
			Errors: map[int]string{400: "A field is malformed.", 401: signIn, 403: secretariat, 404: "The organization or the membership does not exist.",
				409: "It would overlap another membership of the state."}},
		"membership_end": {Tag: tagMembers, Summary: "End a membership", Access: needsSignIn,
			Body: obj(js{"until": formDate("The last day; today when absent.")}), Response: ref("Membership"),
			Errors: map[int]string{400: "until is malformed, empty, or before the first day.", 401: signIn, 403: secretariat,
				404: "The organization or the membership does not exist.", 409: "The membership has ended already."}},

		// Bodies.
		"body_new": {Tag: tagBodies, Summary: "May the reader add a body", Access: needsSignIn,
			Response: emptyForm, Errors: map[int]string{401: signIn, 403: secretariat, 404: noOrg}},
		"body_create": {Tag: tagBodies, Summary: "Add a body", Access: needsSignIn, Status: 201,
			Body: obj(js{"code": str("The body's code: 2 to 16 capital letters or digits (PGM)."), "names": text("The name, in at least one language."),
				"observers_may_ask": observersMayAsk}, "code", "names"),
			Response: ref("Body"),
			Errors:   map[int]string{400: "The code or the name is missing or malformed.", 401: signIn, 403: secretariat, 404: noOrg, 409: "The code is taken."}},
		"body_edit": {Tag: tagBodies, Summary: "A body, for editing", Access: needsSignIn,
			Response: editRecord("Body", "The body."), Errors: map[int]string{401: signIn, 403: secretariat, 404: noBody}},
		"body_update": {Tag: tagBodies, Summary: "Rename a body, or set whether observers and guests ask for the floor", Access: needsSignIn,
			Body: obj(js{"names": text("The name, in at least one language."), "observers_may_ask": observersMayAsk}), Response: ref("Body"),
			Errors: map[int]string{400: "The name is malformed or empty, or observers_may_ask is not a boolean.", 401: signIn, 403: secretariat, 404: noBody}},

		// Meetings.
		"meeting_new": {Tag: tagMeetings, Summary: "May the reader create a meeting", Access: needsSignIn,
			Response: emptyForm, Errors: map[int]string{401: signIn, 403: "Only the secretariat creates meetings.", 404: noBody}},
		"meeting_create": {Tag: tagMeetings, Summary: "Create a meeting", Access: needsSignIn, Status: 201,
			Body: meetingFields("number", "host", "start", "end"), Response: ref("Meeting"),
			Errors: map[int]string{400: "A field is missing or malformed: dates out of order, an unknown language, a state code.", 401: signIn,
				403: "Only the secretariat creates meetings.", 404: noBody, 409: "The number is taken."}},
		"meeting_edit": {Tag: tagMeetings, Summary: "A meeting, for editing", Access: needsSignIn,
			Response: editRecord("Meeting", "The meeting."), Errors: map[int]string{401: signIn, 403: meetingEdit, 404: noMeeting}},
		"meeting_update": {Tag: tagMeetings, Summary: "Edit a meeting", Access: needsSignIn,
			Body: meetingFields(), Response: ref("Meeting"),
			Errors: map[int]string{400: "A field is malformed, or the dates are out of order.", 401: signIn, 403: meetingEdit, 404: noMeeting, 409: "The number is taken."}},
		"meeting_cancellation": {Tag: tagMeetings, Summary: "A meeting, for cancelling or reinstating it", Access: needsSignIn,
			Response: editRecord("Meeting", "The meeting."), Errors: map[int]string{401: signIn, 403: meetingCancel, 404: noMeeting}},
		"meeting_cancel": {Tag: tagMeetings, Summary: "Cancel a planned meeting", Access: needsSignIn,
			Description: "It stays on record and in the calendars, with STATUS:CANCELLED and a higher SEQUENCE, and its page says it is cancelled.",
			Body:        obj(js{"reason": str("Why, shown on the meeting's page; may be left out."), "confirm": oneOf("A page's checkbox that confirms the cancellation; the API needs none.", "yes")}),
			Response:    ref("Meeting"),
			Errors: map[int]string{400: "The reason is too long or holds control characters, or the page's box is not ticked.", 401: signIn, 403: meetingCancel, 404: noMeeting,
				409: "The meeting is cancelled already, or is in session or concluded."}},
		"meeting_reinstate": {Tag: tagMeetings, Summary: "Reinstate a cancelled meeting", Access: needsSignIn,
			Description: "The meeting stands again as it was; calendars see a higher SEQUENCE and its status as before.",
			Body:        obj(js{"confirm": oneOf("A page's checkbox that confirms the reinstatement; the API needs none.", "yes")}),
			Response:    ref("Meeting"),
			Errors:      map[int]string{400: "The page's box is not ticked.", 401: signIn, 403: meetingCancel, 404: noMeeting, 409: "The meeting is not cancelled."}},

		// Agenda.
		"agenda": {Tag: tagAgenda, Summary: "A meeting's agenda",
			Response: obj(js{"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"), "agenda": arr(ref("AgendaItem"))},
				"organization", "body", "meeting", "agenda"),
			Errors: map[int]string{404: noMeeting}},
		"agenda_item_create": {Tag: tagAgenda, Summary: "Add an item at the end of the agenda", Access: needsSignIn, Status: 201,
			Body: agendaFields("kind", "title"), Response: ref("AgendaItem"),
			Errors: map[int]string{400: "A field is missing or malformed, or the speaker does not exist.", 401: signIn, 403: meetingEdit, 404: noMeeting}},
		"agenda_items_create": {Tag: tagAgenda, Summary: "Add several items at the end of the agenda, all or none", Access: needsSignIn, Status: 201,
			Body: obj(js{"kind": oneOf("The kind of every item added.", "opening", "statement", "report", "video_message", "adoption", "signing", "handover", "closing", "other"),
				"titles": str("The titles, one a line, in the request's language.")}, "kind", "titles"),
			Response: arr(ref("AgendaItem")),
			Errors:   map[int]string{400: "No title, more than 100, a title or the kind malformed: the message names the line.", 401: signIn, 403: meetingEdit, 404: noMeeting}},
		"agenda_item_edit": {Tag: tagAgenda, Summary: "An agenda item, for editing", Access: needsSignIn,
			Response: editRecord("AgendaItem", "The item."), Errors: map[int]string{401: signIn, 403: meetingEdit, 404: noMeeting + " Or the item is not on its agenda."}},
		"agenda_item_update": {Tag: tagAgenda, Summary: "Edit an agenda item", Access: needsSignIn,
			Body: agendaFields(), Response: ref("AgendaItem"),
			Errors: map[int]string{400: "A field is malformed.", 401: signIn, 403: meetingEdit, 404: noMeeting + " Or the item is not on its agenda."}},
		"agenda_item_delete": {Tag: tagAgenda, Summary: "Delete an agenda item", Access: needsSignIn,
			Response: ref("Done"),
			Errors:   map[int]string{401: signIn, 403: meetingEdit, 404: noMeeting + " Or the item is not on its agenda.", 409: "Documents are attached to the item: attach them elsewhere first."}},
		"agenda_item_move": {Tag: tagAgenda, Summary: "Move an agenda item",
			Access: needsSignIn, Description: "To a place (position, 1 is first), or one place up or down (direction), as the page's buttons do. Answers the agenda in its new order.",
			Body:     obj(js{"position": formInt("The new place, from 1."), "direction": oneOf("One place up or down, instead of position.", "up", "down")}),
			Response: arr(ref("AgendaItem")),
			Errors: map[int]string{400: "Neither position nor direction, or the item is first (up) or last (down) already.", 401: signIn, 403: meetingEdit,
				404: noMeeting + " Or the item is not on its agenda."}},

		// Delegations.
		"delegations": {Tag: tagDeleg, Summary: "A meeting's delegations in order of precedence",
			Query: []param{{"party", "state or organ delegations only.", oneOf("", "state", "organ")}, {"state", "A state's code.", js{"type": "string"}}, page},
			Response: obj(js{"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"),
				"filter": obj(js{"party": str(""), "state": str("")}), "page": ref("Page"), "delegations": arr(ref("Delegation"))},
				"organization", "body", "meeting", "filter", "page", "delegations"),
			Errors: map[int]string{400: "party or page is not one of its values.", 404: noMeeting}},
		"delegation_create": {Tag: tagDeleg, Summary: "Register a delegation", Access: needsSignIn, Status: 201,
			Description: "A state's delegation officer registers their state's; the secretariat any state's, and the organs'.",
			Body: obj(js{"state": str("The state it represents."), "organ": str("Or the organ it represents."),
				"head": desc(person(), "The head of delegation, who needs a name or a title.")}, "head"),
			Response: ref("Delegation"),
			Errors: map[int]string{400: "Neither or both of state and organ, or the head has neither name nor title.", 401: signIn,
				403: delegEdit, 404: noMeeting, 409: "The party has a delegation to the meeting already."}},
		"delegation": {Tag: tagDeleg, Summary: "A delegation: its head and members",
			Response: obj(js{"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"), "delegation": ref("Delegation")},
				"organization", "body", "meeting", "delegation"),
			Errors: map[int]string{404: noMeeting + " Or the delegation is not at it."}},
		"participant_add": {Tag: tagDeleg, Summary: "Add a member to a delegation", Access: needsSignIn, Status: 201,
			Body: person(), Response: ref("Person"),
			Errors: map[int]string{400: "The person has neither name nor title, or a field is malformed.", 401: signIn, 403: delegEdit,
				404: noMeeting + " Or the delegation is not at it."}},
		"participant_edit": {Tag: tagDeleg, Summary: "A participant, for editing", Access: needsSignIn,
			Response: editRecord("Person", "The head or the member."),
			Errors:   map[int]string{401: signIn, 403: delegEdit, 404: noMeeting + " Or the delegation or the participant is not at it."}},
		"participant_update": {Tag: tagDeleg, Summary: "Edit a participant", Access: needsSignIn,
			Body: person(), Response: ref("Person"),
			Errors: map[int]string{400: "The person would have neither name nor title, or a field is malformed.", 401: signIn, 403: delegEdit,
				404: noMeeting + " Or the delegation or the participant is not at it."}},
		"participant_remove": {Tag: tagDeleg, Summary: "Remove a member from a delegation", Access: needsSignIn,
			Response: ref("Done"),
			Errors: map[int]string{401: signIn, 403: delegEdit, 404: noMeeting + " Or the delegation or the participant is not at it.",
				409: "The head of a delegation cannot be removed: edit the head instead."}},
	}
	maps.Copy(docs, setupOperationDocs())
	maps.Copy(docs, accountOperationDocs())
	maps.Copy(docs, adoptionOperationDocs())
	maps.Copy(docs, draftingDocs())
	maps.Copy(docs, chairsOperationDocs())
	maps.Copy(docs, sittingOperationDocs())
	maps.Copy(docs, followUpOperationDocs())
	maps.Copy(docs, followUpRoundDocs())
	maps.Copy(docs, searchOperationDocs())
	maps.Copy(docs, deskOperationDocs())
	maps.Copy(docs, feedsOperationDocs())
	maps.Copy(docs, pressOperationDocs())
	maps.Copy(docs, delegationBulkOperationDocs())
	maps.Copy(docs, documentPDFOperationDocs())
	maps.Copy(docs, photoOperationDocs())
	return docs
}()

// meetingFilter is the query of a body's list of meetings.
func meetingFilter(page param) []param {
	return []param{{"year", "The year the meetings start in.", intRange(1, maxYear)},
		{"host", "The host state's code.", js{"type": "string"}},
		{"status", "Where they stand.", oneOf("", enumOf(accord.Planned, accord.InSession, accord.Concluded)...)}, page}
}

func meetingsResponse() js {
	return obj(js{
		"organization": ref("Organization"), "body": ref("Body"),
		"chairs":   arr(ref("ChairTerm")),
		"meetings": arr(ref("Meeting")),
		"rule":     desc(nullable(ref("RotationRule")), "null when the body's rule is not recorded."),
		"forecast": arr(ref("ChairTurn")),
		"filter":   obj(js{"year": integer(""), "host": str(""), "status": str("")}),
		"page":     ref("Page"),
	}, "organization", "body", "chairs", "meetings", "rule", "forecast", "filter", "page")
}

func meetingsErrors() map[int]string {
	return map[int]string{400: "year, host, status or page is malformed.", 404: "The organization or the body does not exist."}
}

// without returns props without the keys named.
func without(props js, keys ...string) js {
	out := js{}
	for k, v := range props {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}
