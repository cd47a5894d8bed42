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
			return l.Statuses
		}
		labels := func() map[accord.FollowUpStatus]accord.Text {
			t.Helper()
			l, err := db.FollowUpStatuses(ctx, "SCO")
			ok(t, err)
			return l.Labels
		}
		review := accord.Text{"en": "under review", "ru": "на рассмотрении", "zh": "审议中"}
		named := func(list ...accord.FollowUpStatus) accord.StatusList {
			l := accord.StatusList{Statuses: list, Labels: map[accord.FollowUpStatus]accord.Text{}}
			for _, s := range list {
				switch s {
				case "under_review":
					l.Labels[s] = review
				case "deferred":
					l.Labels[s] = accord.Text{"en": "deferred", "ru": "отложено", "zh": "推迟"}
				}
			}
			return l
		}
		equal(t, "the default list", list(), accord.DefaultFollowUpStatuses)

		own := []accord.FollowUpStatus{accord.StatusNotStarted, "under_review", accord.StatusInProgress, accord.StatusImplemented}
		ok(t, db.SetFollowUpStatuses(ctx, "SCO", named(own...)))
		equal(t, "the council's own list", list(), own)
		equal(t, "its labels", labels(), map[accord.FollowUpStatus]accord.Text{"under_review": review})
		other, err := db.FollowUpStatuses(ctx, "OTS")
		ok(t, err)
		equal(t, "another council keeps the default", other.Statuses, accord.DefaultFollowUpStatuses)
		equal(t, "and has no labels", other.Labels, map[accord.FollowUpStatus]accord.Text{})
		h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
		ok(t, err)
		equal(t, "the history's labels", h.Labels, labels())

		report := func(state string, s accord.FollowUpStatus) *accord.NationalReport {
			id := m.Obligations[slices.IndexFunc(m.Obligations, func(o accord.Obligation) bool { return o.State == state })].ID
			return &accord.NationalReport{State: state, Obligations: []int64{id}, Status: s, Texts: accord.Text{"en": "Demo report."}}
		}
		before := followUpState(t, db)
		wantErr(t, db.SubmitReport(ctx, report("IN", accord.StatusNotImplemented)), accord.EINVALID, "status")
		equal(t, "a refused report", followUpState(t, db), before)
		ok(t, db.SubmitReport(ctx, report("IN", "under_review")))
		ok(t, db.AddAssessments(ctx, []*accord.Assessment{{ObligationID: m.Obligations[1].ID, Status: accord.StatusInProgress}}))

		unlabelled := named(accord.StatusNotStarted, "under_review", accord.StatusInProgress, "deferred")
		delete(unlabelled.Labels["deferred"], "ru")
		tooLong := named(accord.StatusNotStarted, "under_review", accord.StatusInProgress)
		tooLong.Labels["under_review"] = accord.Text{"en": "under review", "ru": strings.Repeat("я", accord.MaxStatusLabel+1), "zh": "审议中"}
		builtin := named(accord.StatusNotStarted, "under_review", accord.StatusInProgress)
		builtin.Labels[accord.StatusInProgress] = accord.Text{"en": "ongoing"}
		for _, c := range []struct {
			name, org   string
			list        accord.StatusList
			code, field string
			names       string // what the message must name
		}{
			{"removing a status a report holds", "SCO", named(accord.StatusNotStarted, accord.StatusInProgress, accord.StatusImplemented), accord.ECONFLICT, "statuses", "under_review"},
			{"removing a status an assessment holds", "SCO", named(accord.StatusNotStarted, "under_review"), accord.ECONFLICT, "statuses", "in_progress"},
			{"a bad name", "SCO", named(accord.StatusNotStarted, "under_review", "in_progress", "Done!"), accord.EINVALID, "statuses[3]", ""},
			{"without not_started", "SCO", named("under_review", "in_progress"), accord.EINVALID, "statuses", ""},
			{"a status of its own without a Russian label", "SCO", unlabelled, accord.EINVALID, "labels.deferred.ru", "deferred"},
			{"a label too long", "SCO", tooLong, accord.EINVALID, "labels.under_review.ru", ""},
			{"a label on a built-in status", "SCO", builtin, accord.EINVALID, "labels.in_progress", ""},
			{"an unknown council", "XXX", named(accord.StatusNotStarted), accord.ENOTFOUND, "", ""},
		} {
			was, wasLabels := list(), labels()
			err := db.SetFollowUpStatuses(ctx, c.org, c.list)
			wantErr(t, err, c.code, c.field)
			if c.names != "" && !strings.Contains(err.Error(), c.names) {
				t.Errorf("%s: %v does not name %s", c.name, err, c.names)
			}
			equal(t, c.name+" leaves the list", list(), was)
			equal(t, c.name+" leaves the labels", labels(), wasLabels)
		}

		// A status nobody holds goes; the order is the one given.
		// A status in use may be named anew: records keep its code.
		reordered := []accord.FollowUpStatus{accord.StatusNotStarted, accord.StatusInProgress, "under_review", "deferred"}
		relabelled := named(reordered...)
		relabelled.Labels["under_review"] = accord.Text{"en": "being examined", "ru": "изучается", "zh": "正在研究"}
		ok(t, db.SetFollowUpStatuses(ctx, "SCO", relabelled))
		equal(t, "implemented removed, deferred added, reordered", list(), reordered)
		equal(t, "the labels after", labels(), relabelled.Labels)
		trail, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: "followup_statuses.set"})
		ok(t, err)
		if len(trail) != 2 {
			t.Errorf("audit records of the list: %d, want 2", len(trail))
		}
	})
}
