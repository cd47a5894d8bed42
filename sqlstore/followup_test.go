package sqlstore_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"golang.org/x/mod/sumdb/tlog"
)

// followUpState is what a refused change must leave as it was: every
// measure, obligation, report and assessment of meeting 22.
func followUpState(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	h, err := db.FollowUp(t.Context(), "SCO", "PGM", 22)
	ok(t, err)
	var b strings.Builder
	for _, m := range h.Measures {
		fmt.Fprintf(&b, "%s:", m.Number)
		for _, o := range m.Obligations {
			fmt.Fprintf(&b, "%s=%s/%s,", o.State, o.Claimed, o.Assessed)
		}
	}
	fmt.Fprintf(&b, " reports %d assessments %d rounds %d", len(h.Reports), len(h.Assessments), len(h.Rounds))
	return b.String()
}

// TestReportingRound plays a round from opening to summary: measures on a
// document's paragraphs, a round before meeting 23, reports (one late),
// assessments, the summing-up on meeting 23's agenda, whose numbers are the
// matrix's, and the matrix's CSV imported back as assessments. Each bad
// input is refused with its field and leaves the database as it was.
func TestReportingRound(t *testing.T) {
	var clock atomic.Int64
	clock.Store(sqltest.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	sqltest.RunWithClock(t, now, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		doc := &accord.Document{Reference: "SCO/PGM/XXII/MEASURES", Kind: accord.DocProtocol, Classification: accord.Public,
			AuthorKind: accord.AuthorChair, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
			Versions: []accord.DocumentVersion{
				{Lang: "ru", Title: "Протокол", Body: "Преамбула.\n\n1. Обмен опытом.\n\n2. Стратегии безопасности."},
				{Lang: "zh", Title: "纪要", Body: "序言。\n\n一、交流经验。\n\n二、安全战略。"},
			}}
		ok(t, db.CreateDocument(ctx, doc))
		m23 := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK", City: en("Islamabad"), Start: date("2025-07-01"),
			End: date("2025-07-01"), Format: accord.InPerson, Theme: en("Demo"), Chair: "PK", Status: accord.Planned}
		ok(t, db.CreateMeeting(ctx, m23))

		refused := func(what string, err error, code, field string) {
			t.Helper()
			wantErr(t, err, code, field)
		}
		unchanged := func(what string, call func() error, code, field string) {
			t.Helper()
			before := followUpState(t, db)
			refused(what, call(), code, field)
			if got := followUpState(t, db); got != before {
				t.Fatalf("%s changed the database: %s, was %s", what, got, before)
			}
		}
		measure := func(number string, paragraph int, states ...string) *accord.Measure {
			return &accord.Measure{DocumentID: doc.ID, Number: number, ExternalID: "PGM22-" + number, Paragraph: paragraph, States: states,
				Lead: "Prosecutors' offices", Due: date("2024-08-01")}
		}
		for _, c := range []struct {
			name        string
			ms          []*accord.Measure
			code, field string
		}{
			{"a paragraph the document lacks", []*accord.Measure{measure("1", 9)}, accord.EINVALID, "measures[0].paragraph"},
			{"a segment of a document with no draft", []*accord.Measure{{DocumentID: doc.ID, Number: "1", Segment: 3}}, accord.EINVALID, "measures[0].segment"},
			{"a state that was no member", []*accord.Measure{measure("1", 2, "AF")}, accord.EINVALID, "measures[0].states[0]"},
			{"a number twice", []*accord.Measure{measure("1", 2), measure("1", 3)}, accord.ECONFLICT, "measures[1].number"},
			{"a bad number", []*accord.Measure{measure("one two", 2)}, accord.EINVALID, "measures[0].number"},
		} {
			unchanged(c.name, func() error { return db.CreateMeasures(ctx, c.ms) }, c.code, c.field)
		}
		m1, m2 := measure("1", 2), measure("2", 3, "PK", "IN")
		m2.Due = accord.Date{}
		ok(t, db.CreateMeasures(ctx, []*accord.Measure{m1, m2}))
		equal(t, "m1's texts", m1.Texts, accord.Text{"ru": "1. Обмен опытом.", "zh": "一、交流经验。"})
		equal(t, "m1 binds the members on the meeting's date", m1.States, []string{"BY", "CN", "IN", "KG", "KZ", "PK", "RU"})
		equal(t, "m2 binds the states named", m2.States, []string{"IN", "PK"})
		unchanged("an external id twice", func() error { return db.CreateMeasures(ctx, []*accord.Measure{measure("1", 2)}) }, accord.ECONFLICT, "measures[0].number")

		obl := func(m *accord.Measure, state string) int64 {
			for _, o := range m.Obligations {
				if o.State == state {
					return o.ID
				}
			}
			t.Fatalf("measure %s binds no %s", m.Number, state)
			return 0
		}
		unchanged("a round before an unknown meeting", func() error {
			return db.OpenReportingRound(ctx, &accord.ReportingRound{Organization: "SCO", Body: "PGM", Meeting: 40, Deadline: now().Add(time.Hour)})
		}, accord.EINVALID, "meeting")
		unchanged("a deadline in the past", func() error {
			return db.OpenReportingRound(ctx, &accord.ReportingRound{Organization: "SCO", Body: "PGM", Meeting: 23, Deadline: now().Add(-time.Hour)})
		}, accord.EINVALID, "deadline")
		round := &accord.ReportingRound{Organization: "SCO", Body: "PGM", Meeting: 23, Deadline: now().Add(7 * 24 * time.Hour)}
		ok(t, db.OpenReportingRound(ctx, round))
		clock.Add(int64(time.Hour))

		report := func(state string, status accord.FollowUpStatus, ids ...int64) *accord.NationalReport {
			return &accord.NationalReport{State: state, Obligations: ids, Status: status, Texts: accord.Text{"en": "Demo report of " + state}}
		}
		unchanged("a status outside the list", func() error { return db.SubmitReport(ctx, report("IN", "done", obl(m1, "IN"))) }, accord.EINVALID, "status")
		unchanged("another state's obligation", func() error { return db.SubmitReport(ctx, report("IN", accord.StatusInProgress, obl(m1, "PK"))) }, accord.EFORBIDDEN, "obligations[0]")
		unchanged("an unknown obligation", func() error { return db.SubmitReport(ctx, report("IN", accord.StatusInProgress, 99999)) }, accord.EINVALID, "obligations[0]")
		unchanged("no text", func() error {
			r := report("IN", accord.StatusInProgress, obl(m1, "IN"))
			r.Texts = accord.Text{"en": " "}
			return db.SubmitReport(ctx, r)
		}, accord.EINVALID, "texts.en")
		in := report("IN", accord.StatusInProgress, obl(m1, "IN"), obl(m2, "IN"))
		ok(t, db.SubmitReport(ctx, in))
		equal(t, "an early report's round and lateness", [2]any{in.Round, in.Late}, [2]any{round.ID, false})
		ok(t, db.SubmitReport(ctx, report("KG", accord.StatusImplemented, obl(m1, "KG"))))

		unchanged("an assessment outside the list", func() error {
			return db.AddAssessments(ctx, []*accord.Assessment{{ObligationID: obl(m1, "IN"), Status: "great"}})
		}, accord.EINVALID, "status")
		unchanged("a batch with one bad assessment", func() error {
			return db.AddAssessments(ctx, []*accord.Assessment{{ObligationID: obl(m1, "KG"), Status: accord.StatusImplemented}, {ObligationID: obl(m1, "IN"), Status: "great"}})
		}, accord.EINVALID, "assessments[1].status")
		ok(t, db.AddAssessments(ctx, []*accord.Assessment{{ObligationID: obl(m1, "KG"), Status: accord.StatusImplemented, Comment: "Demo assessment."},
			{ObligationID: obl(m1, "IN"), Status: accord.StatusPartiallyImplemented}}))

		// After the deadline a report is accepted, and marked late.
		clock.Add(int64(8 * 24 * time.Hour))
		pk := report("PK", accord.StatusNotImplemented, obl(m2, "PK"))
		ok(t, db.SubmitReport(ctx, pk))
		equal(t, "a report after the round closed", [2]any{pk.Round, pk.Late}, [2]any{round.ID, true})

		h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
		ok(t, err)
		today := accord.DateOf(now())
		mx := followup.BuildMatrix(h.Measures, followup.Filter{}, today)
		counts := map[accord.FollowUpStatus]int{}
		overdue := 0
		for _, row := range mx.Rows {
			for _, c := range row.Cells {
				counts[c.Effective]++
				if c.Overdue {
					overdue++
				}
			}
		}
		equal(t, "the matrix", counts, map[accord.FollowUpStatus]int{accord.StatusNotStarted: 5, accord.StatusImplemented: 1,
			accord.StatusPartiallyImplemented: 1, accord.StatusInProgress: 1, accord.StatusNotImplemented: 1})
		equal(t, "overdue obligations: m1's unsettled ones (m2 is standing)", overdue, 6)
		if got := followup.Timeline(h, m1); len(got) != 4 || got[0].Kind != "report" || got[3].Kind != "assessment" {
			t.Errorf("m1's timeline: %+v", got)
		}

		s := followup.Summarize(h, "SCO", "PGM", now())
		sum, err := db.SaveSummary(ctx, &accord.SummaryRequest{Organization: "SCO", Body: "PGM", Number: 22,
			Versions: followup.Texts(s, []string{"ru", "zh", "en"}, 22, nil, now())})
		ok(t, err)
		equal(t, "the summing-up's meeting", sum.Links[0].MeetingID, m23.ID)
		agenda, err := db.ListAgenda(ctx, m23.ID)
		ok(t, err)
		if len(agenda) != 1 || agenda[0].ID != sum.Links[0].AgendaItemID {
			t.Fatalf("meeting 23's agenda: %+v, summary linked to item %d", agenda, sum.Links[0].AgendaItemID)
		}
		v, _ := sum.Version("en")
		want := fmt.Sprintf("All obligations: %d obligations; not started: %d; in progress: %d; implemented: %d; partially implemented: %d; not implemented: %d; no longer relevant: %d; overdue: %d.",
			9, counts[accord.StatusNotStarted], counts[accord.StatusInProgress], counts[accord.StatusImplemented],
			counts[accord.StatusPartiallyImplemented], counts[accord.StatusNotImplemented], counts[accord.StatusNoLongerRelevant], overdue)
		if !strings.Contains(v.Body, want) {
			t.Errorf("the summing-up does not say the matrix's numbers %q:\n%s", want, v.Body)
		}
		if !strings.Contains(v.Body, "Measure 1, KG: not started → implemented") || !strings.Contains(v.Body, "after their round's deadline: 1.") {
			t.Errorf("the summing-up lacks its changes or its late report:\n%s", v.Body)
		}
		again, err := db.SaveSummary(ctx, &accord.SummaryRequest{Organization: "SCO", Body: "PGM", Number: 22,
			Versions: followup.Texts(s, []string{"ru", "zh", "en"}, 22, nil, now())})
		ok(t, err)
		if again.ID != sum.ID || len(again.Versions) != 6 {
			t.Errorf("made again, the summing-up is document %d with %d versions, want %d with 6", again.ID, len(again.Versions), sum.ID)
		}

		// The CSV round-trips: the matrix exported, imported back as
		// assessments, exports the same.
		var out bytes.Buffer
		label := func(s accord.FollowUpStatus) string { return followup.StatusLabel(h.Labels, "en", s) }
		ok(t, followup.WriteCSV(&out, mx, label))
		lines, err := followup.ParseAssessments(bytes.NewReader(out.Bytes()), h.Measures, h.Statuses)
		ok(t, err)
		var as []*accord.Assessment
		for _, l := range lines {
			as = append(as, &accord.Assessment{ObligationID: l.Obligation.ID, Status: l.Status, Comment: l.Comment})
		}
		ok(t, db.AddAssessments(ctx, as))
		h2, err := db.FollowUp(ctx, "SCO", "PGM", 22)
		ok(t, err)
		var back bytes.Buffer
		ok(t, followup.WriteCSV(&back, followup.BuildMatrix(h2.Measures, followup.Filter{}, today), label))
		equal(t, "the CSV after a round trip", back.String(), out.String())

		r, err := db.VerifyLog(ctx, 0, tlog.Hash{})
		ok(t, err)
		if len(r.Problems) > 0 || r.Checked["national_report"] != 3 || r.Checked["assessment"] != 2+len(as) {
			t.Errorf("log verification: %v, checked %v", r.Problems, r.Checked)
		}
	})
}
