package sqlstore_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestCloseReportingRound closes a round before its deadline: a report
// before is on time, one after is accepted and marked late, and the round
// keeps its deadline. Closing an unknown round, another body's, or a
// closed one is refused and changes nothing.
func TestCloseReportingRound(t *testing.T) {
	var clock atomic.Int64
	clock.Store(sqltest.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	sqltest.RunWithClock(t, now, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		doc := &accord.Document{Reference: "SCO/PGM/XXII/MEASURES", Kind: accord.DocProtocol, Classification: accord.Public,
			AuthorKind: accord.AuthorChair, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
			Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Протокол", Body: "Преамбула.\n\n1. Обмен опытом."},
				{Lang: "zh", Title: "纪要", Body: "序言。\n\n一、交流经验。"}}}
		ok(t, db.CreateDocument(ctx, doc))
		ok(t, db.CreateMeeting(ctx, &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK", City: en("Islamabad"),
			Start: date("2025-07-01"), End: date("2025-07-01"), Format: accord.InPerson, Theme: en("Demo"), Chair: "PK", Status: accord.Planned}))
		m := &accord.Measure{DocumentID: doc.ID, Number: "1", Paragraph: 2, States: []string{"IN", "PK"}}
		ok(t, db.CreateMeasures(ctx, []*accord.Measure{m}))
		round := &accord.ReportingRound{Organization: "SCO", Body: "PGM", Meeting: 23, Deadline: now().Add(30 * 24 * time.Hour)}
		ok(t, db.OpenReportingRound(ctx, round))
		report := func(o accord.Obligation) *accord.NationalReport {
			return &accord.NationalReport{State: o.State, Obligations: []int64{o.ID}, Status: accord.StatusInProgress, Texts: accord.Text{"en": "Demo report."}}
		}
		early := report(m.Obligations[0])
		ok(t, db.SubmitReport(ctx, early))
		equal(t, "a report before closing", [2]any{early.Round, early.Late}, [2]any{round.ID, false})

		for _, c := range []struct {
			name, org, body string
			id              int64
			code, field     string
		}{
			{"an unknown round", "SCO", "PGM", round.ID + 100, accord.ENOTFOUND, ""},
			{"the round under another body", "OTS", "CGP", round.ID, accord.ENOTFOUND, ""},
		} {
			before := followUpState(t, db)
			_, err := db.CloseReportingRound(ctx, c.org, c.body, c.id)
			wantErr(t, err, c.code, c.field)
			if got := followUpState(t, db); got != before {
				t.Fatalf("%s changed the database: %s, was %s", c.name, got, before)
			}
		}

		clock.Add(int64(time.Hour))
		closed, err := db.CloseReportingRound(ctx, "SCO", "PGM", round.ID)
		ok(t, err)
		equal(t, "the closed round", [2]time.Time{closed.ClosedAt, closed.Deadline}, [2]time.Time{now(), round.Deadline})
		h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
		ok(t, err)
		equal(t, "the stored round", [2]time.Time{h.Rounds[0].ClosedAt, h.Rounds[0].Deadline}, [2]time.Time{now(), round.Deadline})

		before := followUpState(t, db)
		_, err = db.CloseReportingRound(ctx, "SCO", "PGM", round.ID)
		wantErr(t, err, accord.ECONFLICT, "id")
		if got := followUpState(t, db); got != before {
			t.Fatalf("closing twice changed the database: %s, was %s", got, before)
		}

		clock.Add(int64(time.Minute))
		late := report(m.Obligations[1])
		ok(t, db.SubmitReport(ctx, late))
		equal(t, "a report after closing, before the deadline", [2]any{late.Round, late.Late}, [2]any{round.ID, true})

		trail, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: "reporting_round.close"})
		ok(t, err)
		if len(trail) != 1 {
			t.Errorf("audit records of the close: %d, want 1", len(trail))
		}
	})
}
