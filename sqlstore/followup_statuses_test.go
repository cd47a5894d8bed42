package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestFollowUpStatuses sets a council's own list of statuses: a report
// then takes only its statuses; a status in use is not removed (the error
// names it); a bad list or an unknown council changes nothing.
func TestFollowUpStatuses(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		doc := &accord.Document{Reference: "SCO/PGM/XXII/MEASURES", Kind: accord.DocProtocol, Classification: accord.Public,
			AuthorKind: accord.AuthorChair, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
			Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Протокол", Body: "Преамбула.\n\n1. Обмен опытом."},
				{Lang: "zh", Title: "纪要", Body: "序言。\n\n一、交流经验。"}}}
		ok(t, db.CreateDocument(ctx, doc))
		m := &accord.Measure{DocumentID: doc.ID, Number: "1", Paragraph: 2, States: []string{"IN", "PK"}}
		ok(t, db.CreateMeasures(ctx, []*accord.Measure{m}))
		list := func() []accord.FollowUpStatus {
			t.Helper()
			l, err := db.FollowUpStatuses(ctx, "SCO")
			ok(t, err)
			return l
		}
		equal(t, "the default list", list(), accord.DefaultFollowUpStatuses)

		own := []accord.FollowUpStatus{accord.StatusNotStarted, "under_review", accord.StatusInProgress, accord.StatusImplemented}
		ok(t, db.SetFollowUpStatuses(ctx, "SCO", own))
		equal(t, "the council's own list", list(), own)
		other, err := db.FollowUpStatuses(ctx, "OTS")
		ok(t, err)
		equal(t, "another council keeps the default", other, accord.DefaultFollowUpStatuses)

		report := func(state string, s accord.FollowUpStatus) *accord.NationalReport {
			id := m.Obligations[slices.IndexFunc(m.Obligations, func(o accord.Obligation) bool { return o.State == state })].ID
			return &accord.NationalReport{State: state, Obligations: []int64{id}, Status: s, Texts: accord.Text{"en": "Demo report."}}
		}
		before := followUpState(t, db)
		wantErr(t, db.SubmitReport(ctx, report("IN", accord.StatusNotImplemented)), accord.EINVALID, "status")
		equal(t, "a refused report", followUpState(t, db), before)
		ok(t, db.SubmitReport(ctx, report("IN", "under_review")))
		ok(t, db.AddAssessments(ctx, []*accord.Assessment{{ObligationID: m.Obligations[1].ID, Status: accord.StatusInProgress}}))

		for _, c := range []struct {
			name, org   string
			list        []accord.FollowUpStatus
			code, field string
			names       string // what the message must name
		}{
			{"removing a status a report holds", "SCO", []accord.FollowUpStatus{accord.StatusNotStarted, accord.StatusInProgress, accord.StatusImplemented}, accord.ECONFLICT, "statuses", "under_review"},
			{"removing a status an assessment holds", "SCO", []accord.FollowUpStatus{accord.StatusNotStarted, "under_review"}, accord.ECONFLICT, "statuses", "in_progress"},
			{"a bad name", "SCO", []accord.FollowUpStatus{accord.StatusNotStarted, "under_review", "in_progress", "Done!"}, accord.EINVALID, "statuses[3]", ""},
			{"without not_started", "SCO", []accord.FollowUpStatus{"under_review", "in_progress"}, accord.EINVALID, "statuses", ""},
			{"an unknown council", "XXX", []accord.FollowUpStatus{accord.StatusNotStarted}, accord.ENOTFOUND, "", ""},
		} {
			was := list()
			err := db.SetFollowUpStatuses(ctx, c.org, c.list)
			wantErr(t, err, c.code, c.field)
			if c.names != "" && !strings.Contains(err.Error(), c.names) {
				t.Errorf("%s: %v does not name %s", c.name, err, c.names)
			}
			equal(t, c.name+" leaves the list", list(), was)
		}

		// A status nobody holds goes; the order is the one given.
		reordered := []accord.FollowUpStatus{accord.StatusNotStarted, accord.StatusInProgress, "under_review", "deferred"}
		ok(t, db.SetFollowUpStatuses(ctx, "SCO", reordered))
		equal(t, "implemented removed, deferred added, reordered", list(), reordered)
		trail, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: "followup_statuses.set"})
		ok(t, err)
		if len(trail) != 2 {
			t.Errorf("audit records of the list: %d, want 2", len(trail))
		}
	})
}
