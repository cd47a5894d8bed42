package http_test

import (
	"encoding/json"
	"testing"

	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestErrorBodyLocalized shows a JSON error body in each language: the
// English message, key included, stays as it was for clients that match on
// it, and localized_message is the reader's, naming only the kind of
// record not found.
func TestErrorBodyLocalized(t *testing.T) {
	srv := newDemoServer(t, sqltest.OpenWithClock(t, "sqlite", fixedNow))
	for _, c := range []struct{ lang, localized string }{
		{"en", "Meeting not found."},
		{"ru", "Совещание не найдено."},
		{"zh", "未找到该会议。"},
	} {
		res := get(t, srv, "/api/v1/organizations/SCO/bodies/PGM/meetings/99?lang="+c.lang)
		if res.status != 404 {
			t.Fatalf("%s: status %d, body %s", c.lang, res.status, res.body)
		}
		var body struct {
			Error struct {
				Code, Message string
				Localized     string `json:"localized_message"`
			}
		}
		if err := json.Unmarshal([]byte(res.body), &body); err != nil {
			t.Fatalf("%s: %v: %s", c.lang, err, res.body)
		}
		e := body.Error
		if e.Code != "not_found" || e.Message != "meeting XCIX of SCO PGM not found" || e.Localized != c.localized {
			t.Errorf("%s: error %+v, want not_found, the English message with the meeting's key, and %q", c.lang, e, c.localized)
		}
	}
}
