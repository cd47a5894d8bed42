package openapi

import "github.com/accord-org/accord"

// adoptionOperationDocs describe the routes of a draft's adoption.
func adoptionOperationDocs() map[string]operationDoc {
	const tagAdoption = "Adoption"
	const badDocID = "The document id is malformed."
	const noDoc = "No such document, or the reader may not read it."
	errs := func(extra map[int]string) map[int]string {
		e := map[int]string{400: badDocID, 404: noDoc}
		for k, v := range extra {
			e[k] = v
		}
		return e
	}
	return map[string]operationDoc{
		"adoption": {Tag: tagAdoption, Summary: "A document's adoption: the procedure, each member's position, the deadline",
			Description: "The deadline is given in each member state's time zone and in the reader's: ?tz= names one, else the reader's state's, else UTC. A silence whose deadline passed without objection is adopted at the deadline.",
			Query:       []param{{"tz", "An IANA time zone to say times in (Asia/Karachi).", js{"type": "string"}}},
			Response:    ref("AdoptionPage"), Errors: errs(nil)},
		"adoption_open": {Tag: tagAdoption, Summary: "Put the draft's latest circulated revision to adoption", Access: needsSignIn, Status: 201,
			Description: "In session, or by silence: the revision is circulated with a deadline, by default 72 hours, at least 72 (as in UN General Assembly decision 74/544), at most 30 days. Every segment must be final in every authentic language.",
			Body: obj(js{
				"method":    oneOf("How the text is adopted.", enumOf(accord.AdoptionMethods...)...),
				"revision":  formInt("The revision meant: refused unless it is the latest circulated one."),
				"deadline":  str("The silence's deadline: RFC 3339, or 2006-01-02T15:04 in time_zone."),
				"time_zone": str("The IANA time zone of a deadline without offset; UTC by default."),
			}, "method"),
			Response: ref("AdoptionPage"),
			Errors: errs(map[int]string{400: "A field is malformed; the document has no draft or no circulated revision, the draft changed since, or a segment is not final in an authentic language (the field names it: segments.{id}.texts.{lang}.state).",
				401: "Sign in first.", 403: "Only the chair officer of the state chairing the meeting, or the secretariat, opens the adoption.",
				409: "A procedure is open already, or the document was adopted (field document_id)."})},
		"adoption_position": {Tag: tagAdoption, Summary: "Record a member state's position", Access: needsSignIn,
			Description: "A delegation officer or head records their own state's position; a second one replaces the first while the procedure is open. An objection breaks a silence: the draft is not adopted and returns to negotiation. Reservations and interpretative statements are annexed to the adopted text.",
			Body: obj(js{
				"state": str("The state; by default the reader's."),
				"kind":  oneOf("The position.", enumOf(accord.PositionKinds...)...),
				"text":  str("The objection, reservation or statement; none for no objection."),
				"lang":  str("The language of text."),
			}, "kind"),
			Response: ref("AdoptionPage"),
			Errors: errs(map[int]string{400: "A field is malformed, or the state was not a member on the meeting's first day (field state).", 401: "Sign in first.",
				403: "Only the state's delegation officer or head records its position.", 404: noDoc + " Or it has no adoption procedure.",
				409: "The procedure has ended."})},
		"adoption_close": {Tag: tagAdoption, Summary: "Close the adoption procedure", Access: needsSignIn,
			Description: "In session the chair declares the text adopted without objection (refused while an objection stands) or not adopted; a silence ends by itself, and before its deadline may only be withdrawn. Adoption freezes the revision, with its annex, as the document's versions; signing then opens as for any document, and its statement names the adopted revision.",
			Body:        obj(js{"result": oneOf("The result.", string(accord.Adopted), string(accord.NotAdopted), string(accord.Withdrawn)), "note": str("What the chair says.")}),
			Response:    ref("AdoptionPage"),
			Errors: errs(map[int]string{400: "The result is not possible now (field result).", 401: "Sign in first.",
				403: "Only the chair officer of the state chairing the meeting, or the secretariat, closes the adoption.",
				404: noDoc + " Or it has no adoption procedure.", 409: "The procedure has ended."})},
	}
}

// adoptionSchemas are the answers of the adoption routes.
func adoptionSchemas() js {
	position := obj(js{
		"state":       str("The state."),
		"kind":        oneOf("The position.", enumOf(accord.PositionKinds...)...),
		"text":        str("Its text."),
		"lang":        str("The language of text."),
		"recorded_at": stamp("When."),
		"user_id":     integer("Who recorded it."),
	}, "state", "kind", "recorded_at")
	adoption := obj(js{
		"id":              integer("The procedure."),
		"document_id":     integer("The document."),
		"meeting_id":      integer("The meeting."),
		"method":          oneOf("How.", enumOf(accord.AdoptionMethods...)...),
		"revision":        integer("The draft revision put to adoption."),
		"revision_sha256": str("Its hash, as logged when it was circulated."),
		"members":         arr(str("A state whose position counts.")),
		"opened_at":       stamp("When it opened."),
		"deadline":        stamp("The end of a silence."),
		"positions":       arr(position),
		"result":          oneOf("The result; absent while open.", string(accord.Adopted), string(accord.NotAdopted), string(accord.Withdrawn)),
		"closed_at":       stamp("When it ended; a silence that held ends at its deadline."),
		"broken_by":       str("The state whose objection broke the silence."),
		"note":            str("What the chair said."),
	}, "id", "document_id", "method", "revision", "members", "opened_at", "positions")
	return js{
		"Adoption": adoption,
		"AdoptionPage": obj(js{
			"document": ref("Document"),
			"adoption": desc(nullable(ref("Adoption")), "The latest procedure; null before the first."),
			"earlier":  arr(ref("Adoption")),
			"states": arr(obj(js{
				"state":     str("A member state."),
				"names":     ref("Text"),
				"time_zone": str("Its IANA time zone, when known."),
				"deadline":  str("The deadline in its time zone, in the reader's language."),
				"position":  desc(nullable(position), "Its position; null when none is recorded."),
			}, "state", "names", "position")),
			"zone":                  str("The reader's time zone."),
			"deadline":              str("The deadline in the reader's zone and language."),
			"remaining":             str("How long the silence still runs."),
			"can_open":              boolean("The reader may open a procedure now."),
			"can_close":             boolean("The reader may close the open procedure."),
			"position_as":           arr(str("A state the reader may take a position for now.")),
			"default_silence_hours": integer("The period of a silence with no deadline."),
		}, "document", "adoption", "earlier", "states", "zone", "can_open", "can_close", "position_as"),
	}
}
