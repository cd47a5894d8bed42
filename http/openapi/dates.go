package openapi

// partialDatePattern is the text form of accord.Date in any precision.
const partialDatePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`

// formPartialDate documents a meeting's date in an action's input.
func formPartialDate(d string) js {
	return js{"type": "string", "pattern": `^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$`,
		"description": d + " YYYY, YYYY-MM or YYYY-MM-DD; an empty string clears it.", "examples": []any{"2026", "2026-09", "2026-09-01"}}
}
