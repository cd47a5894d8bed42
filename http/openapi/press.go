package openapi

// embargoField is the embargo of a press release, on the forms that file
// and edit a document.
var embargoField = str("For a press release, when it is published: a date and time in UTC (2025-03-01T10:00, as a form's datetime-local field sends it) or in RFC 3339 with an offset. Until then only the secretariat reads it; empty publishes it at once. Only the secretariat schedules a release, for a time to come (a time past is refused, 400, naming this field); an embargo changes only while it lasts.")
