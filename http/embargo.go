package http

import (
	"net/url"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// embargoLayout is how a form's datetime-local field sends a moment: no
// zone, which the form's label says is UTC.
const embargoLayout = "2006-01-02T15:04"

// formEmbargo reads the field embargo_until: a moment in UTC as a form's
// datetime-local field sends it, or RFC 3339 with its offset as an API
// client does; empty for none (the release is published as it is stored).
func formEmbargo(in url.Values) (time.Time, error) {
	raw := strings.TrimSpace(in.Get("embargo_until"))
	if raw == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{embargoLayout, embargoLayout + ":05"} {
		if t, err := time.ParseInLocation(layout, raw, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, accord.Invalid("embargo_until", "%q is not a date and time: write it as 2025-03-01T10:00 (UTC) or in RFC 3339", raw)
}

// embargoValue is t as the form's datetime-local field shows it.
func embargoValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(embargoLayout)
}

// MaySchedule tells whether the form offers the embargo: only the
// secretariat schedules a release (accord.embargoed), so the field is for
// whoever may write as the secretariat.
func (v documentFormView) MaySchedule() bool {
	for _, a := range v.Authors {
		if a.Value == "secretariat" {
			return true
		}
	}
	return false
}

// EmbargoPending tells whether the document is a release still under
// embargo, whose time the metadata form may change; once it has ended the
// page says when it was published.
func (v documentEditView) EmbargoPending() bool { return v.Document.Embargoed(v.now) }

// EmbargoValue is the field's value: what the refused form held, else the
// document's.
func (v documentEditView) EmbargoValue() string {
	return v.Value("metadata", "embargo_until", embargoValue(v.Document.EmbargoUntil))
}

// MaySchedule tells whether the metadata form offers the embargo: on a
// release not yet published, which only the secretariat reads.
func (v documentEditView) MaySchedule() bool { return v.EmbargoPending() }
