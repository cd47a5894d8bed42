package demo_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/followup"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDemoFollowUp checks what the demo promises of the XXII protocol's
// follow-up: at least four measures labelled an illustration, demo
// reports of at least three states, one overdue obligation, and the
// summing-up on XXIII's agenda; a second load adds nothing.
func TestDemoFollowUp(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		now := today.Time().Add(12 * 3600e9)
		if _, err := demo.Load(ctx, db, today); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadDraft(ctx, db, today); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadFollowUp(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if r, err := demo.LoadFollowUp(ctx, db, now); err != nil || r.Created != 0 {
			t.Fatalf("a second load: %v, %v", r, err)
		}
		h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
		must(t, err)
		if len(h.Measures) < 4 {
			t.Fatalf("%d measures", len(h.Measures))
		}
		states := map[string]bool{}
		for _, r := range h.Reports {
			states[r.State] = true
			for _, x := range r.Texts {
				if !strings.Contains(x, "DEMO") && !strings.Contains(x, "演示") {
					t.Errorf("a demo report is not marked as demo data: %q", x)
				}
			}
		}
		if len(states) < 3 {
			t.Errorf("reports from %d states", len(states))
		}
		overdue := 0
		for _, m := range h.Measures {
			if !strings.HasPrefix(m.Note, "Demo:") {
				t.Errorf("measure %s is not labelled an illustration", m.Number)
			}
			for _, o := range m.Obligations {
				if followup.Overdue(m, o, accord.MustDate("2026-06-01")) {
					overdue++
				}
			}
		}
		if overdue == 0 {
			t.Error("no obligation is overdue")
		}
		m23, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		must(t, err)
		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{MeetingID: m23.ID})
		must(t, err)
		found := false
		for _, d := range docs {
			found = found || d.Reference == "SCO/PGM/23/FOLLOW-UP/22"
		}
		if !found {
			t.Error("the summing-up is not on meeting XXIII")
		}
	})
}
