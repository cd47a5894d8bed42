package openapi

import (
	"github.com/accord-org/accord"
)

// sittingOperationDocs describe a meeting in session (issue 13): the
// chair's console and its commands, the hall screen, the public live
// page, and the event stream (sittingRoutes).
func sittingOperationDocs() map[string]operationDoc {
	const (
		tag       = "Meeting in session"
		noMeeting = "The organization, the body or the meeting does not exist."
	)
	kinds := []accord.SittingChange{accord.SittingOpened, accord.SittingClosed, accord.ItemOpened, accord.ItemClosed, accord.FloorRequested,
		accord.RequestWithdrawn, accord.RequestMoved, accord.FloorGiven, accord.FloorTaken, accord.TimerSet, accord.ScreenSet}
	event := obj(js{
		"id":      integer("The event's id, in the order of the outbox: the Last-Event-ID of a client that returns."),
		"meeting": integer("The meeting's id."), "kind": oneOf("What changed.", enumOf(kinds...)...),
		"item": integer("The agenda item concerned."), "request": integer("The request for the floor concerned."),
		"state": str("The state concerned."), "version": integer("The sitting's version after the change."), "at": stamp("When."),
	}, "id", "meeting", "kind", "version", "at")
	request := obj(js{"id": integer(""), "item": integer(""), "state": str(""), "kind": oneOf("", enumOf(accord.FloorRequestKinds...)...),
		"asked": stamp(""), "names": ref("Text")}, "id", "state", "kind")
	sitting := obj(js{
		"in_session": boolean(""), "item": integer("The agenda item open."),
		"floor": obj(js{"request": integer(""), "state": str(""), "item": integer(""), "since": stamp(""),
			"limit": integer("The speaking time in nanoseconds; absent for none.")}),
		"lists":        js{"type": "object", "description": "The speakers lists by agenda item id, in the order the floor will be given.", "additionalProperties": arr(request)},
		"screen":       obj(js{"lang": str(""), "message": str("")}),
		"version":      integer("Counts the changes."),
		"last_request": integer("The last request id given out."),
	}, "in_session", "screen", "version")
	console := obj(js{
		"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"), "sitting": sitting,
		"agenda": arr(ref("AgendaItem")), "list": arr(request), "floor": request,
		"remaining": integer("The speaker's time left in seconds, negative once over; absent when none was set."),
		"can_run":   boolean("Whether the reader runs the sitting."),
		"ask_as":    arr(obj(js{"state": str(""), "names": ref("Text"), "places": arr(integer("A place in the open item's line, from 1."))})),
		"langs":     arr(str("")), "stream": str("The path of the meeting's event stream."),
	}, "organization", "body", "meeting", "sitting", "agenda", "list", "can_run", "ask_as", "langs", "stream")
	screen := obj(js{
		"organization": ref("Organization"), "body": ref("Body"), "meeting": ref("Meeting"),
		"in_session": boolean(""), "lang": str("The language the screen is read in."), "item": ref("Text"),
		"message": str("Shown instead of the item and speaker."), "floor": request,
		"limit":     integer("The speaking time in seconds."),
		"remaining": integer("Seconds left, negative once over."),
		"next":      arr(request), "version": integer(""), "stream": str(""),
		"record": arr(allOf(event, obj(js{"item_title": ref("Text"), "names": ref("Text")}))),
	}, "organization", "body", "meeting", "in_session", "lang", "next", "version", "stream")
	return map[string]operationDoc{
		"sitting": {Tag: tag, Summary: "The chair's console of a meeting in session",
			Description: "The sitting's state: in session or not, the agenda item open, the speaker and their time, the speakers list; the forms the reader may submit: the chair's, and a delegation's request for the floor with its places in the line.",
			Response:    console, Errors: map[int]string{404: noMeeting}},
		"sitting_change": {Tag: tag, Summary: "Change a meeting in session", Access: needsSignIn,
			Description: "One command, by kind; each reads only its own fields and refuses any other. The chair officer of the state holding the chair (in its term) or the secretariat runs the sitting; a state's head or delegation officer asks for the floor for it and withdraws its own requests. " +
				"Points of order go first in the line, then requests in the order asked, then rights of reply; the chair may reorder. Every change is audited, written to the outbox and pushed to the meeting's stream.",
			Body: obj(js{
				"kind":         oneOf("The command.", enumOf(kinds...)...),
				"item":         formInt("item_opened: the item to open; floor_requested: the item asked on, the open one by default."),
				"request":      formInt("request_withdrawn, request_moved, floor_given: the request."),
				"state":        str("floor_requested: the state asking; the reader's by default."),
				"request_kind": oneOf("floor_requested: the kind of request, normal by default.", enumOf(accord.FloorRequestKinds...)...),
				"position":     formInt("request_moved: the new place in the list, from 1."),
				"limit":        formInt("floor_given, timer_set: the speaking time in seconds, 0 to 7200."),
				"lang":         str("screen_set: the language the hall screen is read in."),
				"message":      str("screen_set: a message shown instead of the speaker, at most 500 characters; empty to clear."),
			}, "kind"),
			Response: console,
			Errors: map[int]string{400: "A field is malformed, is not read by the kind, or is out of bounds: an item not on the agenda, a state with no delegation at the meeting, a timer below 0 or over 7200 seconds, a language the organization does not use.",
				401: "Sign in first.", 403: "Only the chair officer of the state holding the chair, or the secretariat, runs the sitting; only a state's head or delegation officer asks for it.",
				404: noMeeting, 409: "The command does not fit the state: the meeting is not in session (or is already), another meeting of the body is in session today, nobody has the floor, the state asked already, the list is full."}},
		"sitting_screen": {Tag: tag, Summary: "The hall screen of a meeting",
			Description: "The item open, the speaker and their timer, the next speakers, in large type and in the language the chair chose for the screen (else the reader's). The page follows the stream when scripts run, and is reloaded otherwise.",
			Response:    screen, Errors: map[int]string{404: noMeeting}},
		"sitting_follow": {Tag: tag, Summary: "The public live page of a meeting",
			Description: "What the hall screen shows, in the reader's language, and the record of the sitting: the session opened and closed, the items opened and closed, the floor given.",
			Response:    screen, Errors: map[int]string{404: noMeeting}},
		"sitting_stream": {Tag: tag, Summary: "The meeting's events, as Server-Sent Events", Media: []string{"text/event-stream"},
			Description: "One stream per browser. Each event has an id and says what changed (kind, ids, the sitting's version) as the JSON of its data, never the whole state: pages fetch what they show. " +
				"A client that returns sends Last-Event-ID (browsers do on their own) and is given every event after it, from memory or from the outbox; when too many were missed, an event named reset tells it to read the state again. " +
				"A comment line every 20 seconds keeps proxies from closing a quiet stream. A client that falls 32 events behind is closed, and reconnects.",
			Query:    []param{{"last_event_id", "The Last-Event-ID, for a client that cannot send the header.", js{"type": "string", "pattern": "^[0-9]+$"}}},
			Response: js{"type": "string", "description": "The stream: lines id: and data: (a SittingEvent: " + "id, meeting, kind, item, request, state, version, at" + "), separated by blank lines."},
			Errors:   map[int]string{400: "Last-Event-ID (or last_event_id) is not an event id.", 404: noMeeting, 503: "The server is shutting down: reconnect."}},
	}
}
