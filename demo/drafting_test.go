package demo_test

import (
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDemoDraft checks that the XXIII draft shows what the demo promises:
// two revisions, amendments of three delegations (rejected, accepted, open),
// a Chinese text needing review, and a silence still running.
func TestDemoDraft(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		if _, err := demo.Load(ctx, db, today); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadDraft(ctx, db, today); err != nil {
			t.Fatal(err)
		}
		if r, err := demo.LoadDraft(ctx, db, today); err != nil || r.Created != 0 {
			t.Fatalf("a second load: %v, %v", r, err)
		}
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		must(t, err)
		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{MeetingID: m.ID})
		must(t, err)
		if len(docs) != 1 || docs[0].Reference != demo.DraftReference || m.Chair != "PK" {
			t.Fatalf("meeting XXIII chaired by %s has %d documents", m.Chair, len(docs))
		}
		id := docs[0].ID
		d, err := db.FindDraft(ctx, id)
		must(t, err)
		review := 0
		for _, s := range d.Segments {
			if s.Texts["zh"] != nil && s.Texts["zh"].NeedsReview {
				review++
			}
		}
		if d.Revision != 2 || review != 1 {
			t.Errorf("revision %d, %d zh texts need review; want 2 and 1", d.Revision, review)
		}
		as, err := db.ListAmendments(ctx, id)
		must(t, err)
		got := map[accord.AmendmentStatus]string{}
		for _, a := range as {
			got[a.Status] += a.AuthorState
		}
		if got[accord.AmendmentRejected] != "RU" || got[accord.AmendmentAccepted] != "KZ" || got[accord.AmendmentOpen] != "IN" {
			t.Errorf("amendments by status: %v", got)
		}
		a, err := db.FindAdoption(ctx, id)
		must(t, err)
		if a.Method != accord.AdoptSilence || !a.Open() || a.Revision != 2 || len(a.Positions) != 2 {
			t.Errorf("adoption %+v", a)
		}
		pk, err := db.FindState(ctx, "PK")
		must(t, err)
		if pk.TimeZone != "Asia/Karachi" {
			t.Errorf("Pakistan's time zone is %q", pk.TimeZone)
		}
	})
}
