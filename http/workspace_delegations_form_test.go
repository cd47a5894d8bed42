package http_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDelegationFormStates: the form that registers one delegation
// chooses no state for the secretariat (it defaulted to Afghanistan, the
// first of the alphabet), offers the states on the roll on the meeting's
// first day before any other (which may come as guests), and refuses a
// form sent without a choice, naming the field and changing nothing.
func TestDelegationFormStates(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		ctx := context.Background()
		xxi := "/organizations/SCO/bodies/PGM/meetings/21/delegations"
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 21)
		if err != nil {
			t.Fatal(err)
		}
		roll, err := db.MembersOn(ctx, "SCO", m.Start)
		if err != nil {
			t.Fatal(err)
		}
		onRoll := map[string]bool{}
		for _, ms := range roll {
			onRoll[ms.State] = true
		}
		page := f.do(t, request{path: xxi, cookie: sec})
		sel := regexp.MustCompile(`(?s)<select[^>]*name="state"[^>]*>(.*?)</select>`).FindStringSubmatch(page.body)
		if sel == nil {
			t.Fatalf("no state select:\n%s", page.body)
		}
		if regexp.MustCompile(`<option value="[A-Z]+" selected`).MatchString(sel[1]) {
			t.Errorf("the form chooses a state for the reader: %.300s", sel[1])
		}
		values := regexp.MustCompile(`<option value="([A-Z]*)"`).FindAllStringSubmatch(sel[1], -1)
		if len(values) < 2 || values[0][1] != "" {
			t.Fatalf("the first option is not the empty choice: %v", values)
		}
		seenOther, others := false, 0
		for _, v := range values[1:] {
			switch {
			case !onRoll[v[1]]:
				seenOther = true
				others++
			case seenOther:
				t.Errorf("%s, on the roll, comes after states that are not", v[1])
			}
		}
		if others == 0 {
			t.Error("no state off the roll is offered as a guest")
		}

		before := counts(t, db)
		res := f.postForm(t, sec, xxi, url.Values{"state": {""}, "head.name": {"Someone"}, "head.title.en": {"Prosecutor General"}})
		if res.status != 400 || !strings.Contains(res.body, `role="alert"`) {
			t.Errorf("a form with no state: %d", res.status)
		}
		if after := counts(t, db); after != before {
			t.Error("a form with no state changed the database")
		}
	})
}
