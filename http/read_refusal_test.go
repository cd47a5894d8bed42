package http

import (
	"net/http/httptest"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// TestReadRefusal: a read the policy denies is told in the very words a
// record that does not exist gets, in the JSON message and on the page in
// every language, so that no answer tells the one from the other.
func TestReadRefusal(t *testing.T) {
	restricted := accord.Resource{Kind: accord.KindDocument, Organizations: []string{"SCO"}, Classification: accord.Restricted}
	r := httptest.NewRequest("GET", "/documents/3", nil)
	r = r.WithContext(accord.WithActor(r.Context(), &accord.Actor{}))
	for _, c := range []struct {
		what    string
		missing *accord.Error
	}{
		{"document 3", accord.NotFound("document", int64(3))},
		{"measure 12", accord.NotFound("measure", int64(12))},
		{"obligation 7", accord.NotFound("obligation", int64(7))},
		{"user 5", accord.NotFound("user", int64(5))},
	} {
		err := authorize(r, accord.ActRead, restricted, c.what)
		e, ok := err.(*accord.Error)
		if !ok || e.Code != accord.ENOTFOUND {
			t.Fatalf("%s: refused read gave %v, want not found", c.what, err)
		}
		if got, want := accord.ErrorMessage(err), accord.ErrorMessage(c.missing); got != want {
			t.Errorf("%s: message %q, a missing one's %q", c.what, got, want)
		}
		for _, lang := range i18n.Languages {
			if got, want := i18n.ErrorText(lang, err), i18n.ErrorText(lang, c.missing); got != want {
				t.Errorf("%s, %s: page text %q, a missing one's %q", c.what, lang, got, want)
			}
		}
		if e.Op == "" {
			t.Errorf("%s: the refusal lost its operation, which the logs need", c.what)
		}
	}
	// A kind alone, for a list, still reads as not found.
	if err := authorize(r, accord.ActRead, restricted, "accounts"); accord.ErrorCode(err) != accord.ENOTFOUND || i18n.ErrorText("en", err) != "Accounts not found." {
		t.Errorf("a list's refused read: %v, %q", err, i18n.ErrorText("en", err))
	}
}
