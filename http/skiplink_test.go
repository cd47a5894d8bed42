package http_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestSkipToForm: a form page's first link leads to its form, in the
// reader's language; a page that is not a form has only the skip link to
// the content.
func TestSkipToForm(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		const form = "form-organizations-SCO-bodies-PGM-meetings"
		if res := f.do(t, request{path: "/organizations/SCO/bodies/PGM/meetings/new", cookie: sec}); !strings.Contains(res.body,
			`<form method="post" action="/organizations/SCO/bodies/PGM/meetings" id="`+form+`"`) {
			t.Fatalf("the new-meeting form is not %s", form)
		}
		for _, c := range []struct{ path, want string }{
			{"/organizations/SCO/bodies/PGM/meetings/new", `<a class="skip" href="#` + form + `">Skip to the form</a>`},
			{"/organizations/SCO/bodies/PGM/meetings/new?lang=ru", `<a class="skip" href="#` + form + `">Перейти к форме</a>`},
			{"/organizations/SCO/bodies/PGM/meetings/22", ""},
		} {
			res := f.do(t, request{path: c.path, cookie: sec})
			if res.status != 200 {
				t.Fatalf("%s: %d", c.path, res.status)
			}
			head, _, _ := strings.Cut(res.body, "<header")
			if c.want == "" {
				if strings.Count(head, `class="skip"`) != 1 {
					t.Errorf("%s: a skip link to a form on a page that is none:\n%s", c.path, head)
				}
			} else if !strings.Contains(head, c.want) {
				t.Errorf("%s: no skip link to the form before the header:\n%s", c.path, head)
			}
		}
	})
}
