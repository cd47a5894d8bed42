package openapi

// feedsOperationDocs describe the public's feeds (feedRoutes): iCalendar
// files of meetings and Atom feeds per language.
func feedsOperationDocs() map[string]operationDoc {
	const (
		tag      = "Feeds"
		calNote  = "RFC 5545. Each meeting is one VEVENT: UID stable per meeting, SEQUENCE rising with each change of its dates, place or status, LAST-MODIFIED, STATUS TENTATIVE or CONFIRMED, times in the host state's zone with a generated VTIMEZONE. Meetings known only to the month or the year are left out. Served with an ETag to the public."
		atomNote = "RFC 4287, in the path's language (en, ru or zh), newest first, at most 100 entries. Entry ids are permanent URNs; updated changes only when the entry does; titles in another language say so with xml:lang. Only what the reader may read is listed."
		badLang  = "?lang= is not en, ru or zh."
	)
	lang := param{"lang", "The language of the texts: en, ru or zh; the reader's by default.", oneOf("", "en", "ru", "zh")}
	calendar := js{"type": "string", "contentMediaType": "text/calendar", "description": "An iCalendar object."}
	feed := js{"type": "string", "contentMediaType": "application/atom+xml", "description": "An Atom feed."}
	media := []string{"text/calendar"}
	atomMedia := []string{"application/atom+xml"}
	return map[string]operationDoc{
		"calendar": {Tag: tag, Summary: "Every organization's meetings as a calendar", Description: calNote, Media: media, Query: []param{lang},
			Conditional: true, Response: calendar, Errors: map[int]string{400: badLang}},
		"org_calendar": {Tag: tag, Summary: "An organization's meetings as a calendar", Description: calNote, Media: media, Query: []param{lang},
			Conditional: true, Response: calendar, Errors: map[int]string{400: badLang, 404: "The organization does not exist."}},
		"body_calendar": {Tag: tag, Summary: "A body's meetings as a calendar", Description: calNote, Media: media, Query: []param{lang},
			Conditional: true, Response: calendar, Errors: map[int]string{400: badLang, 404: "The organization or the body does not exist."}},
		"meeting_event": {Tag: tag, Summary: "One meeting as a calendar event", Description: calNote, Media: media, Query: []param{lang},
			Conditional: true, Response: calendar, Errors: map[int]string{400: badLang + " Or the number is malformed.",
				404: "The organization, the body or the meeting does not exist, or the meeting is known only to the month or the year."}},
		"press_feed": {Tag: tag, Summary: "An organization's press releases as an Atom feed", Description: atomNote, Media: atomMedia,
			Conditional: true, Response: feed, Errors: map[int]string{404: "The organization does not exist, or the language is not en, ru or zh."}},
		"body_feed": {Tag: tag, Summary: "A body's meetings and documents as an Atom feed", Description: atomNote, Media: atomMedia,
			Conditional: true, Response: feed, Errors: map[int]string{404: "The organization or the body does not exist, or the language is not en, ru or zh."}},
		"meeting_feed": {Tag: tag, Summary: "A meeting's documents as an Atom feed", Description: atomNote, Media: atomMedia,
			Conditional: true, Response: feed, Errors: map[int]string{400: "The number is malformed.",
				404: "The organization, the body or the meeting does not exist, or the language is not en, ru or zh."}},
	}
}

// pressOperationDocs describe the press room (pressRoutes).
func pressOperationDocs() map[string]operationDoc {
	meeting := allOf(ref("MeetingRef"), obj(js{"name": str("The meeting's name in the reader's language.")}, "name"))
	return map[string]operationDoc{
		"press": {Tag: "Feeds", Summary: "An organization's press room",
			Description: "Its press releases, newest first, with their meetings; the public statements and outcome documents of each meeting, latest meeting first; the Atom feeds of its releases per language and its calendar. Only what the reader may read is listed.",
			Response: obj(js{
				"organization": ref("Organization"),
				"releases": arr(allOf(ref("DocumentSummary"), obj(js{
					"published":     date("The day it was published: its embargo's end, or the day it was stored."),
					"embargo_until": stamp("For the secretariat, when a release not yet published will be; absent once it is."),
					"meetings":      arr(meeting),
					"photos":        arr(ref("Attachment")),
					"files":         arr(ref("Attachment")),
				}, "published", "meetings", "photos", "files"))),
				"meetings": arr(obj(js{"meeting": meeting, "documents": arr(ref("DocumentSummary"))}, "meeting", "documents")),
				"feeds":    arr(obj(js{"lang": str("The feed's language."), "href": str("Its path.")}, "lang", "href")),
				"calendar": obj(js{"https": str("The calendar's address."), "webcal": str("The same as a webcal:// subscription.")}, "https", "webcal"),
			}, "organization", "releases", "meetings", "feeds", "calendar"),
			Errors: map[int]string{404: "The organization does not exist."}},
		"favicon": {Tag: "Feeds", Summary: "The site's icon", Media: []string{"image/svg+xml"}, Conditional: true,
			Description: "The emblem, an SVG; pages link it under a hashed, immutable static name.",
			Response:    js{"type": "string", "contentMediaType": "image/svg+xml", "description": "The icon."}},
	}
}
