package openapi

import (
	"maps"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/rotation"
)

// components are the OpenAPI document's shared parts: how to sign in, the
// error, and the domain's records as the API writes them (their JSON tags
// in package accord), so that operations refer to them by name.
func components() js {
	return js{
		"securitySchemes": js{
			"session": js{"type": "apiKey", "in": "cookie", "name": "accord_session",
				"description": "The session cookie that POST " + Prefix + "/login sets; privileged users then give their second factor (POST " + Prefix + "/login/totp) before it opens anything."},
			"bearer": js{"type": "http", "scheme": "bearer", "bearerFormat": "accord_pat_…",
				"description": "A personal access token made at POST " + Prefix + "/account/tokens, of scope read or write; it acts as its user, except on the user's own account."},
		},
		"parameters": js{
			"IdempotencyKey": js{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "Makes a retry safe: the request runs once per user, route and key, and a retry within 24 hours gets the first answer again. The same key with another body is refused (409).",
				"schema":      js{"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}},
		},
		"headers": js{
			"IdempotentReplayed": js{"description": "true when the answer is the stored answer to an earlier request with the same Idempotency-Key.", "schema": js{"type": "string", "enum": []string{"true"}}},
		},
		"schemas": schemas(),
	}
}

func schemas() js {
	out := coreSchemas()
	maps.Copy(out, draftingSchemas())
	return out
}

// coreSchemas are the components of everything but drafting.
func coreSchemas() js {
	code := func(d string) js { return js{"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,15}$", "description": d} }
	state := func(d string) js {
		return js{"type": "string", "pattern": "^[A-Z]{2}(-[A-Z0-9]{1,8})?$", "description": d + " ISO 3166-1 alpha-2, or two letters and a suffix (CY-N)."}
	}
	id := func(d string) js { return js{"type": "integer", "format": "int64", "description": d} }
	out := js{
		"Error": obj(js{"error": obj(js{
			"code": oneOf("What went wrong.", accord.EINVALID, accord.EUNAUTHORIZED, accord.EFORBIDDEN, accord.ENOTFOUND, accord.ECONFLICT,
				accord.ERATELIMIT, accord.EUNAVAILABLE, accord.EFULL, accord.ESCHEMA, accord.ENOTIMPLEMENTED, accord.EINTERNAL),
			"message": str("What to tell the user, in English."),
			"field":   str("The input at fault (a field, a query parameter, a header), when one is."),
		}, "code", "message")}, "error"),
		"Text": js{"type": "object", "description": "A text in several languages: BCP 47 tag to text; {} when there is none.",
			"propertyNames":        js{"pattern": accord.LanguageTagPattern},
			"additionalProperties": js{"type": "string"}, "examples": []any{js{"en": "Bishkek", "ru": "Бишкек", "zh": "比什凯克"}}},
		"Date": js{"type": []any{"string", "null"}, "format": "date", "description": "A civil date, YYYY-MM-DD; null when not recorded.", "examples": []any{"2024-07-25"}},
		"PartialDate": js{"type": []any{"string", "null"}, "pattern": partialDatePattern,
			"description": "A date known to the day (YYYY-MM-DD), the month (YYYY-MM) or the year (YYYY), as a meeting's dates are; a month or a year stands for the whole period. null when not recorded.",
			"examples":    []any{"2026", "2026-09", "2026-09-01"}},
		"Page": obj(js{
			"page":  integer("This page, from 1."),
			"pages": integer("How many pages there are."),
			"total": integer("How many records match the filter."),
		}, "page", "pages", "total"),
		"State": obj(js{"code": state("The state's code."), "names": ref("Text"), "time_zone": str("The IANA time zone of its capital (Asia/Karachi), in which deadlines are shown to its delegation.")}, "code", "names"),
		"Organization": obj(js{
			"code":                  code("The organization's code: SCO, OTS."),
			"names":                 ref("Text"),
			"founded":               date("The day it was founded."),
			"official_languages":    arr(str("A BCP 47 tag.")),
			"working_languages":     arr(str("A BCP 47 tag.")),
			"translation_languages": arr(str("A BCP 47 tag: a language its documents are also published in, as translations that never bind.")),
		}, "code", "names", "founded", "official_languages", "working_languages", "translation_languages"),
		"Membership": obj(js{
			"id":           id("The membership's id."),
			"organization": code("The organization."),
			"state":        state("The member."),
			"status":       oneOf("The state's standing.", enumOf(accord.MembershipStatuses...)...),
			"from":         date("Its first day; null when the record does not say."),
			"until":        date("Its last day; null while it lasts."),
		}, "id", "organization", "state", "status", "from", "until"),
		"MemberState": allOf(ref("Membership"), obj(js{"names": desc(ref("Text"), "The state's names.")}, "names")),
		"Body": obj(js{
			"organization":      code("The organization."),
			"code":              code("The body's code: PGM."),
			"names":             ref("Text"),
			"observers_may_ask": boolean("Whether the delegations of observers and guests (states that are not members on a meeting's first day) ask for the floor in its sittings; false by default."),
		}, "organization", "code", "names", "observers_may_ask"),
		"Meeting": obj(js{
			"id":           id("The meeting's id."),
			"organization": code("The organization."),
			"body":         code("The body."),
			"number":       integer("The meeting's number; councils write it in Roman numerals."),
			"host":         state("The host state."),
			"city":         ref("Text"),
			"venue":        ref("Text"),
			"start":        desc(ref("PartialDate"), "Its first day, or the month or year it begins in when that is all that is known."),
			"end":          desc(ref("PartialDate"), "Its last day, month or year; not before the start."),
			"format":       oneOf("How it is held.", enumOf(accord.InPerson, accord.Video, accord.Hybrid)...),
			"theme":        ref("Text"),
			"chair":        str("The state that chairs it; empty when not recorded."),
			"status":       oneOf("Where it stands.", enumOf(accord.Planned, accord.InSession, accord.Concluded)...),
			"note":         str("What the sources leave uncertain; absent when nothing."),
			"cancelled": obj(js{"at": stamp("When the secretariat called it off."), "reason": str("Why, when the secretariat said; absent otherwise.")},
				"at"),
		}, "id", "organization", "body", "number", "host", "city", "venue", "start", "end", "format", "theme", "chair", "status"),
		"Person": obj(js{
			"id":          id("The person's id."),
			"name":        str("The name; absent when the record names only the title."),
			"title":       ref("Text"),
			"affiliation": str("The code of the state or organ the person serves."),
		}, "id", "title"),
		"AgendaItem": obj(js{
			"id":         id("The item's id."),
			"meeting_id": id("The meeting."),
			"position":   integer("Its place on the agenda, from 1."),
			"kind":       oneOf("The kind of item.", enumOf(accord.AgendaKinds...)...),
			"title":      ref("Text"),
			"speaker_id": id("The person who takes the floor; absent for none."),
			"speaker":    desc(ref("Person"), "The speaker, when there is one."),
		}, "id", "meeting_id", "position", "kind", "title"),
		"Delegation": obj(js{
			"id":          id("The delegation's id."),
			"meeting_id":  id("The meeting."),
			"state":       str("The state it represents; absent for an organ's delegation."),
			"organ":       str("The organ it represents (the OTS Secretariat); absent for a state's."),
			"party_names": desc(ref("Text"), "The names of the state or organ."),
			"head":        desc(ref("Person"), "The head of delegation."),
			"members":     arr(ref("Person")),
		}, "id", "meeting_id", "party_names", "head", "members"),
		"DocumentLink": obj(js{
			"meeting_id":     id("A meeting the document belongs to."),
			"agenda_item_id": id("The agenda item it belongs to; absent for none."),
		}, "meeting_id"),
		"DocumentVersion": obj(js{
			"id":          id("The version's id."),
			"document_id": id("The document."),
			"lang":        str("Its language, a BCP 47 tag."),
			"revision":    integer("Counts from 1 within the document and language; a stored version never changes."),
			"title":       str("The title."),
			"body":        str("The text."),
			"sha256":      str("Hex SHA-256 of the title, a blank line and the body, with LF line endings: what a signature attests."),
			"created_at":  stamp("When it was stored."),
		}, "id", "document_id", "lang", "revision", "title", "body", "sha256", "created_at"),
		"Attachment": obj(js{
			"id":                id("The attachment's id."),
			"document_id":       id("The document."),
			"lang":              str("The language of its content; absent for none."),
			"name":              str("The file name as uploaded."),
			"media_type":        oneOf("The type the content was checked to be.", accord.MediaPDF, accord.MediaDOCX, accord.MediaMP4, accord.MediaWebM),
			"size":              integer("Its size in bytes."),
			"sha256":            str("Hex SHA-256 of its bytes, which name it in the file store."),
			"created_at":        stamp("When it was uploaded."),
			"withdrawn_at":      stamp("When it was withdrawn; absent while it stands."),
			"withdrawal_reason": str("Why it was withdrawn."),
		}, "id", "document_id", "name", "media_type", "size", "sha256", "created_at"),
		"Document": obj(js{
			"id":                   id("The document's id."),
			"reference":            str("Its symbol, unique in Accord: SCO/PGM/XXII/PROTOCOL."),
			"kind":                 oneOf("The kind of document.", enumOf(accord.DocumentKinds...)...),
			"classification":       oneOf("Who may read it.", enumOf(accord.Public, accord.Restricted, accord.Confidential)...),
			"author_kind":          oneOf("Who wrote it.", enumOf(accord.AuthorDelegation, accord.AuthorChair, accord.AuthorSecretariat)...),
			"author_delegation_id": id("The author delegation, when a delegation wrote it."),
			"author_state":         str("The state that wrote it, fixed when it was written: the author delegation's, or the state that held the chair then; absent for the secretariat."),
			"links":                arr(ref("DocumentLink")),
			"recipients":           arr(str("A state, besides the author's, that may read a confidential document.")),
			"versions":             arr(ref("DocumentVersion")),
			"attachments":          arr(ref("Attachment")),
			"created_at":           stamp("When it was stored."),
			"withdrawn_at":         stamp("When it was withdrawn; absent while it stands. A withdrawn document keeps its versions and files."),
			"withdrawal_reason":    str("Why it was withdrawn."),
		}, "id", "reference", "kind", "classification", "author_kind", "links", "recipients", "versions", "attachments", "created_at"),
		"DocumentSummary": obj(js{
			"id":             id("The document's id."),
			"reference":      str("Its symbol."),
			"kind":           oneOf("The kind of document.", enumOf(accord.DocumentKinds...)...),
			"classification": oneOf("Who may read it.", enumOf(accord.Public, accord.Restricted, accord.Confidential)...),
			"titles":         desc(ref("Text"), "The title of the latest version in each language."),
			"agenda_item_id": id("In a meeting's list, the item of this meeting it belongs to."),
		}, "id", "reference", "kind", "classification", "titles"),
		"DocumentItem": allOf(ref("DocumentSummary"), obj(js{
			"languages":  arr(str("A language it has a version in.")),
			"created_at": stamp("When it was stored."),
			"withdrawn":  boolean("Present and true when it was withdrawn."),
		}, "languages", "created_at")),
		"ChairTerm": obj(js{
			"id":                 id("The term's id."),
			"organization":       code("The organization."),
			"body":               code("The body."),
			"state":              state("The state that held the chair."),
			"from_meeting_id":    id("The meeting at which the chair was handed over, when known."),
			"from":               date("The first day of the term."),
			"until":              date("The day it was handed on; null while the term lasts."),
			"basis":              oneOf("Why the state held the chair.", enumOf(accord.ByRule, accord.ByDecision)...),
			"note":               str("The decision's reason, for a term by decision."),
			"source_document_id": id("The document that records the decision, if any."),
		}, "id", "organization", "body", "state", "from", "until", "basis"),
		"RotationRule": obj(js{
			"organization":   code("The organization."),
			"body":           code("The body."),
			"effective_from": desc(nullable(ref("Date")), "The first handover day this version judges; null for the rule since the beginning."),
			"kind":           oneOf("How the chair passes.", enumOf(accord.RotateAlphabetical, accord.RotateOrder, accord.RotateByDecision)...),
			"lang":           str("The language whose alphabetical order an alphabetical rotation follows."),
			"order":          arr(str("A state, in the order an order rotation follows.")),
			"eligibility":    oneOf("On which day membership is counted for a handover.", enumOf(accord.EligibleDayBefore, accord.EligibleOnHandoverDay)...),
			"term":           oneOf("How long a chairmanship lasts.", enumOf(accord.TermMeeting, accord.TermPeriod)...),
			"term_months":    integer("The length of a period term; for a meeting term, the usual interval between meetings."),
			"wait_days":      integer("A state that joined fewer days than this before a handover waits for the next cycle."),
			"note":           str("The practice in words."),
		}, "organization", "body", "kind", "eligibility", "term", "term_months", "wait_days"),
		"ChairTurn": obj(js{
			"state":     str("The state."),
			"names":     ref("Text"),
			"meeting":   integer("The number of the meeting it is expected to chair, when the rule counts meetings."),
			"from":      desc(ref("PartialDate"), "The handover that starts the turn: recorded for the chair in office, else expected or estimated; a planned meeting's month or year when its days are not known."),
			"in_office": boolean("The state holds the chair now."),
			"estimated": boolean("from is estimated: from the rule's term rather than a planned meeting, or from a planned meeting known only by its month or year (the rule is then applied on the last day of that period)."),
			"overdue":   boolean("from is before today and no handover is on record: the handover is overdue."),
			"decision":  boolean("The rule gives nobody this turn: a decision will name the chair, and state is empty."),
			"why":       oneOf("Why the rule gives nobody.", "decision", "no_rule", "none_eligible"),
		}, "state", "names", "from", "in_office", "estimated"),
		"HandoverResult": obj(js{
			"closed":    nullable(ref("ChairTerm")),
			"opened":    nullable(ref("ChairTerm")),
			"rule_gave": str("The state the rule gave; absent when it gave nobody (by decision, or none eligible). Differs from opened.state when the handover deviates; opened.state is closed.state for an extension."),
		}, "closed", "opened"),
		"Grant": obj(js{
			"id":           id("The grant's id."),
			"user_id":      id("The user."),
			"role":         oneOf("The role.", enumOf(accord.Roles...)...),
			"organization": str("The organization it is scoped to."),
			"body":         str("The body, for a chair officer."),
			"state":        str("The state, for the roles that act for one."),
		}, "id", "user_id", "role"),
		"User": obj(js{
			"id":           id("The user's id."),
			"name":         str("The name."),
			"email":        js{"type": "string", "format": "email"},
			"lang":         str("The interface language."),
			"grants":       arr(ref("Grant")),
			"created_at":   stamp("When the account was made."),
			"totp_enabled": boolean("The second factor is set up."),
			"disabled_at":  stamp("When the secretariat disabled the account; absent while it is enabled."),
		}, "id", "name", "email", "lang", "grants", "created_at", "totp_enabled"),
		"Token": obj(js{
			"id":           id("The token's id."),
			"user_id":      id("Its user."),
			"name":         str("What it is for."),
			"scope":        oneOf("What it may do.", enumOf(accord.ScopeRead, accord.ScopeWrite)...),
			"created_at":   stamp(""),
			"expires_at":   stamp(""),
			"revoked_at":   stamp("Absent while it holds."),
			"last_used_at": stamp("Absent until it is used."),
		}, "id", "user_id", "name", "scope", "created_at", "expires_at"),
		"Passkey": obj(js{
			"id":              id("The passkey's id."),
			"user_id":         id("Its user."),
			"name":            str("What the user called it."),
			"transports":      arr(str("A WebAuthn transport.")),
			"backup_eligible": boolean("It may be synced to other devices."),
			"backup_state":    boolean("It is synced."),
			"created_at":      stamp(""),
			"last_used_at":    stamp("Absent until it is used."),
		}, "id", "user_id", "name", "transports", "backup_eligible", "backup_state", "created_at"),
		"AuditRecord": obj(js{
			"id":       id("The record's id."),
			"at":       stamp(""),
			"user_id":  id("The user who acted, if a user did."),
			"actor":    str("Who acted: user:12 (officer@example.org), cli, demo."),
			"action":   str("What was done: session.login, meeting.update…"),
			"resource": str("What it was done to."),
			"ip":       str("The address it came from; absent when withheld."),
			"before":   str("The record before, as JSON: the fields an edit changed."),
			"after":    str("The record after, as JSON."),
			"record":   str("The canonical JSON the record was written as, byte for byte; absent when part of it is withheld."),
			"sha256":   str("Hex SHA-256 of the canonical JSON, as the log's audit batches hold it."),
			"withheld": arr(oneOf("What the reader may not see of the record: the text of a document they may not read, or the personal data of an account outside their organizations.", "content", "personal_data")),
		}, "id", "at", "actor", "action", "resource", "sha256"),
		"SigningKey": obj(js{
			"id":                   id("The key's id."),
			"organization":         code("The organization it is enrolled with."),
			"state":                state("The state its holder signs for."),
			"role":                 oneOf("The role its holder signs in.", enumOf(accord.RoleHeadOfDelegation, accord.RoleChairOfficer, accord.RoleDelegationOfficer)...),
			"person":               str("The holder, as the protocol names them."),
			"user_id":              id("The holder's account, when they have one."),
			"vkey":                 str("The public key in signed-note verifier form: name+hash+base64."),
			"fingerprint":          str("What the holder reads aloud to confirm the key."),
			"valid_from":           date("The first day it may sign."),
			"valid_until":          date("The last day it may sign; null for no end."),
			"enrolled_at":          stamp(""),
			"revoked_at":           stamp("Absent while it holds."),
			"revocation_reason":    str("Why it was revoked."),
			"log_index":            integer("The index of its enrolment in the transparency log."),
			"revocation_log_index": integer("The index of its revocation."),
		}, "id", "organization", "state", "role", "person", "vkey", "fingerprint", "valid_from", "valid_until", "enrolled_at", "log_index"),
		"Signing": obj(js{
			"id":               id("The signing's id."),
			"document_id":      id("The document."),
			"reference":        str("The document's reference."),
			"meeting_id":       id("The meeting whose member states sign."),
			"statement":        str("The canonical text each signatory signs as a signed note."),
			"statement_sha256": str("Hex SHA-256 of the statement."),
			"versions": arr(obj(js{
				"version_id": id("The version frozen for signature."),
				"lang":       str("Its language."),
				"revision":   integer("Its revision."),
				"sha256":     str("Its SHA-256."),
				"authentic":  boolean("It is in an official language, and so equally binding; the others are translations."),
			}, "version_id", "lang", "revision", "sha256", "authentic")),
			"required":             arr(ref("Signatory")),
			"signatures":           arr(ref("Signature")),
			"opened_at":            stamp(""),
			"completed_at":         stamp("When the last required signature arrived; absent until then."),
			"log_index":            integer("The index of the statement in the transparency log."),
			"completion_log_index": integer("The index of the completion, once signed by all."),
		}, "id", "document_id", "reference", "meeting_id", "statement", "statement_sha256", "versions", "required", "signatures", "opened_at", "log_index"),
		"Signatory": obj(js{
			"state": str("A state whose head of delegation must sign."),
			"names": ref("Text"),
			"head":  str("How the head is named, when the delegation is recorded."),
		}, "state", "names"),
		"Signature": obj(js{
			"id":         id("The signature's id."),
			"signing_id": id("The signing."),
			"state":      str("The state signed for."),
			"key_id":     id("The enrolled key that signed."),
			"note":       str("The signed note as uploaded."),
			"signed_at":  stamp(""),
			"log_index":  integer("Its index in the transparency log."),
		}, "id", "signing_id", "state", "key_id", "note", "signed_at", "log_index"),
		"SigningPage": obj(js{
			"document": ref("Document"),
			"signing":  desc(nullable(ref("Signing")), "null until the document is opened for signature."),
			"states": arr(allOf(ref("Signatory"), obj(js{
				"signed":      boolean("The state has signed."),
				"signed_at":   stamp("When."),
				"key":         str("The name of the key that signed."),
				"fingerprint": str("Its fingerprint."),
				"log_index":   integer("The signature's index in the transparency log."),
			}, "signed"))),
			"can_open": boolean("The reader may open the document for signature now."),
			"sign_as":  str("The state the reader may sign for now, if any."),
		}, "document", "signing", "states", "can_open"),
		"Done": obj(js{"status": oneOf("What was done.", "signed_out", "signed_out_everywhere", "revoked", "password_changed", "language_set", "deleted", "removed")}, "status"),
		"LoginResult": obj(js{
			"status": oneOf("Where the sign-in stands: signed in, or the second factor to give or to set up next (at next).", "signed_in", "totp_required", "totp_setup_required"),
			"user":   desc(ref("User"), "The user, once signed in."),
			"next":   str("Where to go next."),
		}, "status"),
		"PasskeyChallenge": obj(js{"options": js{"type": "object", "description": "What navigator.credentials.create or .get is called with (WebAuthn options, as JSON). The ceremony's key travels in an HttpOnly cookie, sent back with the finish request."}}, "options"),
		"Account": obj(js{
			"user":         ref("User"),
			"tokens":       arr(ref("Token")),
			"passkeys":     arr(ref("Passkey")),
			"token":        str("A token just made: its value, shown this once."),
			"signing_keys": arr(ref("KeySubmission")),
		}, "user", "tokens", "passkeys"),
		"MeetingRef":      allOf(ref("Meeting"), obj(js{"path": str("The meeting's page."), "body_names": desc(ref("Text"), "The body's names.")}, "path", "body_names")),
		"Choice":          obj(js{"value": str("What to send."), "label": str("What to show.")}, "value", "label"),
		"DocumentChanged": obj(js{"document": desc(ref("Document"), "The document as it is now.")}, "document"),
		"Proof": obj(js{
			"index":  integer("The entry's index (inclusion proofs)."),
			"old":    integer("The older tree's size (consistency proofs)."),
			"size":   integer("The tree's size."),
			"hashes": arr(js{"type": "string", "contentEncoding": "base64", "description": "A SHA-256 hash of the proof, RFC 6962."}),
		}, "size", "hashes"),
		"Verdict": oneOf("What replaying a handover against the rule finds.", string(rotation.Follows), string(rotation.Deviates), string(rotation.Gap),
			string(rotation.Extends), string(rotation.Decided)),
		"Invitation":    invitationSchema(),
		"KeySubmission": keySubmissionSchema(),
	}
	maps.Copy(out, adoptionSchemas())
	maps.Copy(out, bundleSchemas())
	maps.Copy(out, followUpSchemas())
	maps.Copy(out, followUpStatusSchemas())
	return out
}
