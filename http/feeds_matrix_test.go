package http_test

// feedsMatrix: the feeds are public, and a bad language or an unknown
// body is refused to everyone alike.
func feedsMatrix() map[string][]matrixCase {
	const pgm = "/organizations/SCO/bodies/PGM"
	return map[string][]matrixCase{
		"calendar":      {{path: "/calendar.ics", want: every(200)}, {path: "/calendar.ics?lang=fr", want: every(400)}},
		"org_calendar":  {{path: "/organizations/SCO/calendar.ics", want: every(200)}, {path: "/organizations/XX/calendar.ics", want: every(404)}},
		"body_calendar": {{path: pgm + "/calendar.ics?lang=zh", want: every(200)}, {path: "/organizations/SCO/bodies/NONE/calendar.ics", want: every(404)}},
		"meeting_event": {{path: pgm + "/meetings/22/event.ics", want: every(200)}, {path: pgm + "/meetings/999/event.ics", want: every(404)}},
		"press_feed":    {{path: "/organizations/SCO/press/atom/ru", want: every(200)}, {path: "/organizations/SCO/press/atom/fr", want: every(404)}},
		"body_feed":     {{path: pgm + "/atom/en", want: every(200)}, {path: "/organizations/SCO/bodies/NONE/atom/en", want: every(404)}},
		"press":         {{path: "/organizations/SCO/press", want: every(200)}, {path: "/organizations/XX/press", want: every(404)}},
		"favicon":       {{path: "/favicon.ico", want: every(200)}},
		"meeting_feed":  {{path: pgm + "/meetings/XXII/atom/zh", want: every(200)}, {path: pgm + "/meetings/22/atom/xx", want: every(404)}},
	}
}
