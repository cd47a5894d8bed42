package demo_test

import (
	"slices"
	"strings"
	"testing"
	"time"

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
	// The store's clock runs a moment ahead of the caller's now, as a
	// real one does while the demo loads.
	now := today.Time().Add(12 * time.Hour)
	sqltest.RunWithClock(t, func() time.Time { return now.Add(time.Second) }, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
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
		// One status of SCO's own, labelled an illustration in each
		// language and used by a demo assessment; other councils keep the
		// default list.
		if !slices.Contains(h.Statuses, demo.DemoStatus) {
			t.Errorf("SCO's list has no status of its own: %v", h.Statuses)
		}
		for _, lang := range accord.StatusLabelLanguages {
			if l := h.Labels[demo.DemoStatus][lang]; !strings.Contains(l, "demo") && !strings.Contains(l, "демо") && !strings.Contains(l, "演示") {
				t.Errorf("the demo status's %s label %q does not say it is an illustration", lang, l)
			}
		}
		used := 0
		for _, a := range h.Assessments {
			if a.Status == demo.DemoStatus {
				used++
				if !strings.Contains(a.Comment, "DEMO") {
					t.Errorf("the assessment with the demo status is not marked as demo data: %q", a.Comment)
				}
			}
		}
		if used != 1 {
			t.Errorf("%d assessments use the demo status, want 1", used)
		}
		for _, r := range h.Reports {
			if r.Status == demo.DemoStatus {
				t.Errorf("a state's report claims the demo status: %+v", r)
			}
		}
		orgs, err := db.ListOrganizations(ctx)
		must(t, err)
		for _, o := range orgs {
			if o.Code == "SCO" {
				continue
			}
			l, err := db.FollowUpStatuses(ctx, o.Code)
			must(t, err)
			if !slices.Equal(l.Statuses, accord.DefaultFollowUpStatuses) {
				t.Errorf("%s has a list of its own: %v", o.Code, l.Statuses)
			}
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
		// Its changes count from the demo's round, which it names.
		for _, d := range docs {
			if d.Reference != "SCO/PGM/23/FOLLOW-UP/22" {
				continue
			}
			full, err := db.FindDocument(ctx, d.ID)
			must(t, err)
			for _, v := range full.Versions {
				if v.Lang == "ru" && (strings.Contains(v.Body, "циклы ещё не открывались") || !strings.Contains(v.Body, "запрошены уточнения (демо-статус): 1")) {
					t.Errorf("the summing-up in Russian does not count from the round or does not name the demo status:\n%s", v.Body)
				}
			}
		}
	})
}
