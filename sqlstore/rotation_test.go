package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/rotation"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

func scoRule() *accord.RotationRule {
	return &accord.RotationRule{Organization: "SCO", Body: "PGM", Kind: accord.RotateAlphabetical, Lang: "ru",
		Eligibility: accord.EligibleDayBefore, Term: accord.TermMeeting, TermMonths: 12}
}

// planned adds a planned meeting of SCO PGM hosted by host.
func planned(t *testing.T, db *sqlstore.DB, number int, host, day string) *accord.Meeting {
	t.Helper()
	m := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: number, Host: host, Start: date(day), End: date(day),
		Format: accord.InPerson, Status: accord.Planned, Chair: host}
	ok(t, db.CreateMeeting(t.Context(), m))
	return m
}

func TestRotationRules(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		seed(t, db)
		ctx := t.Context()
		_, err := db.FindRotationRule(ctx, "SCO", "PGM")
		wantErr(t, err, accord.ENOTFOUND, "")
		_, err = db.FindRotationRule(ctx, "SCO", "XYZ")
		wantErr(t, err, accord.ENOTFOUND, "")

		r := scoRule()
		ok(t, db.SetRotationRule(ctx, r))
		got, err := db.FindRotationRule(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "rule", got, r)

		// The same rule again is no change: nothing is stored or audited.
		before, err := db.Rows(ctx)
		ok(t, err)
		_, audited, err := db.ListAudit(ctx, accord.AuditFilter{Action: "rotation_rule.set"})
		ok(t, err)
		same := scoRule()
		same.EffectiveFrom = date("2030-01-01")
		ok(t, db.SetRotationRule(ctx, scoRule()))
		ok(t, db.SetRotationRule(ctx, same))
		after, err := db.Rows(ctx)
		ok(t, err)
		_, audited2, err := db.ListAudit(ctx, accord.AuditFilter{Action: "rotation_rule.set"})
		ok(t, err)
		equal(t, "rows after the same rule again", after, before)
		equal(t, "audited after the same rule again", audited2, audited)

		// A change takes effect from a day after the last recorded term
		// began (2024-07-25); the earlier version stays for the replay.
		changed := &accord.RotationRule{Organization: "SCO", Body: "PGM", EffectiveFrom: date("2024-07-26"), Kind: accord.RotateOrder, Order: []string{"RU", "CN", "KZ"},
			Eligibility: accord.EligibleOnHandoverDay, Term: accord.TermPeriod, TermMonths: 6, WaitDays: 180, Note: "by treaty"}
		ok(t, db.SetRotationRule(ctx, changed))
		got, err = db.FindRotationRule(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "in force today (2024-07-25)", got, r)
		versions, err := db.ListRotationRules(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "versions", versions, []*accord.RotationRule{r, changed})
		// The same day again replaces that version.
		changed.Note = "by the treaty of 2024"
		ok(t, db.SetRotationRule(ctx, changed))
		versions, err = db.ListRotationRules(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "version replaced", versions, []*accord.RotationRule{r, changed})

		for _, c := range []struct {
			name string
			day  string
		}{{"an undated change, once terms are recorded", ""}, {"a change dated the day the last term began", "2024-07-25"}, {"a change dated before it", "2020-01-01"}} {
			t.Run(c.name, func(t *testing.T) {
				bad := scoRule()
				bad.Lang = "en"
				if c.day != "" {
					bad.EffectiveFrom = date(c.day)
				}
				refused(t, db, func(ctx context.Context) error { return db.SetRotationRule(ctx, bad) }, accord.ECONFLICT, "effective_from")
			})
		}
		versions, err = db.ListRotationRules(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "versions after refusals", versions, []*accord.RotationRule{r, changed})
	})
}

// TestHandover hands the chair over by rule, then by decision, then by rule
// again, and checks that earlier terms are never rewritten and that the
// rotation continues from the decision.
func TestHandover(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		ok(t, db.SetRotationRule(ctx, scoRule()))
		m23, m24, m25 := planned(t, db, 23, "PK", "2025-06-01"), planned(t, db, 24, "RU", "2026-06-01"), planned(t, db, 25, "KZ", "2027-06-01")

		// XXIII: by rule, Pakistan to Russia.
		res, err := db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", MeetingID: m23.ID})
		ok(t, err)
		closedPK := *f.pkChair
		closedPK.Until = date("2025-06-01")
		ru := &accord.ChairTerm{ID: res.Opened.ID, Organization: "SCO", Body: "PGM", State: "RU", FromMeetingID: m23.ID, From: date("2025-06-01"), Basis: accord.ByRule}
		equal(t, "result", res, &accord.HandoverResult{Closed: &closedPK, Opened: ru, RuleGave: "RU"})

		// XXIV: the rule gives Belarus (wrapping round); Russia hands over
		// to Kazakhstan by decision instead.
		res, err = db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", MeetingID: m24.ID, To: "KZ",
			Reason: "Belarus asked to chair later", SourceDocumentID: f.protocol.ID})
		ok(t, err)
		equal(t, "rule gave", res.RuleGave, "BY")
		kz := &accord.ChairTerm{ID: res.Opened.ID, Organization: "SCO", Body: "PGM", State: "KZ", FromMeetingID: m24.ID, From: date("2026-06-01"),
			Basis: accord.ByDecision, Note: "Belarus asked to chair later", SourceDocumentID: f.protocol.ID}
		equal(t, "opened by decision", res.Opened, kz)

		// XXV: the rule continues from Kazakhstan, on a date given by hand.
		res, err = db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", MeetingID: m25.ID, Date: date("2027-06-02")})
		ok(t, err)
		equal(t, "after the decision", res.Opened.State, "CN")
		equal(t, "date given", res.Opened.From, date("2027-06-02"))

		terms, err := db.ListChairTerms(ctx, "SCO", "PGM")
		ok(t, err)
		ru.Until, kz.Until = date("2026-06-01"), date("2027-06-02")
		equal(t, "history", terms, []*accord.ChairTerm{f.kgChair, &closedPK, ru, kz, res.Opened})

		// Each handover is in the audit trail, with the rule's choice.
		records, n, err := db.ListAudit(ctx, accord.AuditFilter{Action: "chair.handover"})
		ok(t, err)
		equal(t, "handovers audited", n, 3)
		for _, r := range records {
			if !strings.Contains(r.After, `"rule_gave":`) {
				t.Errorf("audit record without the rule's choice: %s", r.Record)
			}
		}

		// The replay sees one deviation, with its reason.
		rec, err := rotation.Load(ctx, db, "SCO", "PGM", accord.DateOf(time.Now()))
		ok(t, err)
		findings, err := rec.Engine.Check(rec.Terms, rec.Meetings)
		ok(t, err)
		var verdicts []rotation.Verdict
		for _, f := range findings {
			verdicts = append(verdicts, f.Verdict)
		}
		equal(t, "verdicts", verdicts, []rotation.Verdict{rotation.Follows, rotation.Follows, rotation.Deviates, rotation.Follows})
		equal(t, "reason", findings[2].Reason, "Belarus asked to chair later")

		// A handover without a meeting or a date happens today.
		res, err = db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", To: "KG", Reason: "agreed by correspondence"})
		if accord.ErrorField(err) != "date" {
			t.Fatalf("a handover today (%s), before the term in office began, was not refused: %v %+v", sqltest.Now(), err, res)
		}
	})
}

// TestHandoverRejects feeds bad rules and handovers to the store and checks
// that each is refused with the field at fault, and that nothing changed.
func TestHandoverRejects(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		m23 := planned(t, db, 23, "PK", "2025-06-01")
		handover := func(h accord.Handover) func(context.Context) error {
			if h.Organization == "" {
				h.Organization, h.Body = "SCO", "PGM"
			}
			return func(ctx context.Context) error { _, err := db.Handover(ctx, &h); return err }
		}
		setRule := func(change func(r *accord.RotationRule)) func(context.Context) error {
			r := scoRule()
			change(r)
			return func(ctx context.Context) error { return db.SetRotationRule(ctx, r) }
		}
		cases := []struct {
			name        string
			call        func(context.Context) error
			code, field string
		}{
			{"handover with no rule and no incoming state", handover(accord.Handover{MeetingID: m23.ID}), accord.EINVALID, "to"},
			{"rule with an unknown language", setRule(func(r *accord.RotationRule) { r.Lang = "xx" }), accord.EINVALID, "lang"},
			{"rule with a malformed language", setRule(func(r *accord.RotationRule) { r.Lang = "RU" }), accord.EINVALID, "lang"},
			{"order with a non-member", setRule(func(r *accord.RotationRule) { r.Kind, r.Lang, r.Order = accord.RotateOrder, "", []string{"RU", "TR"} }), accord.EINVALID, "order[1]"},
			{"order with an observer", setRule(func(r *accord.RotationRule) { r.Kind, r.Lang, r.Order = accord.RotateOrder, "", []string{"AF"} }), accord.EINVALID, "order[0]"},
			{"order with a duplicate", setRule(func(r *accord.RotationRule) {
				r.Kind, r.Lang, r.Order = accord.RotateOrder, "", []string{"RU", "CN", "RU"}
			}), accord.EINVALID, "order[2]"},
			{"rule of an unknown body", setRule(func(r *accord.RotationRule) { r.Body = "XYZ" }), accord.EINVALID, "body"},
			{"rule with a negative wait", setRule(func(r *accord.RotationRule) { r.WaitDays = -1 }), accord.EINVALID, "wait_days"},
			{"rule with no term", setRule(func(r *accord.RotationRule) { r.Term = "" }), accord.EINVALID, "term"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { refused(t, db, c.call, c.code, c.field) })
		}

		ok(t, db.SetRotationRule(ctx, scoRule()))
		cases = []struct {
			name        string
			call        func(context.Context) error
			code, field string
		}{
			{"handover to a non-member", handover(accord.Handover{MeetingID: m23.ID, To: "TR", Reason: "invited"}), accord.EINVALID, "to"},
			{"handover to an observer", handover(accord.Handover{MeetingID: m23.ID, To: "AF", Reason: "invited"}), accord.EINVALID, "to"},
			{"handover to an unknown state", handover(accord.Handover{MeetingID: m23.ID, To: "ZZ", Reason: "invited"}), accord.EINVALID, "to"},
			{"extension without a reason", handover(accord.Handover{MeetingID: m23.ID, To: "PK"}), accord.EINVALID, "reason"},
			{"handover dated before its meeting", handover(accord.Handover{MeetingID: m23.ID, Date: date("2025-05-31")}), accord.EINVALID, "date"},
			{"handover against the rule without a reason", handover(accord.Handover{MeetingID: m23.ID, To: "KZ"}), accord.EINVALID, "reason"},
			{"reason without an incoming state", handover(accord.Handover{MeetingID: m23.ID, Reason: "because"}), accord.EINVALID, "to"},
			{"handover before the term in office began", handover(accord.Handover{Date: date("2024-07-24")}), accord.EINVALID, "date"},
			{"handover at another body's meeting", handover(accord.Handover{MeetingID: f.ots3.ID}), accord.EINVALID, "meeting_id"},
			{"handover citing an unknown document", handover(accord.Handover{MeetingID: m23.ID, To: "KZ", Reason: "r", SourceDocumentID: 9999}), accord.EINVALID, "source_document_id"},
			{"handover in an unknown body", handover(accord.Handover{Organization: "SCO", Body: "XYZ", MeetingID: m23.ID}), accord.EINVALID, "body"},
			{"handover with no term open", handover(accord.Handover{Organization: "OTS", Body: "CGP", To: "TR", Reason: "host of the summit"}), accord.ECONFLICT, "body"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { refused(t, db, c.call, c.code, c.field) })
		}
		terms, err := db.ListChairTerms(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "terms after refusals", terms, []*accord.ChairTerm{f.kgChair, f.pkChair})
	})
}

// refused checks that call fails with code on field and leaves every table
// as it was.
func refused(t *testing.T, db *sqlstore.DB, call func(context.Context) error, code, field string) {
	t.Helper()
	before, err := db.Rows(t.Context())
	ok(t, err)
	err = call(t.Context())
	wantErr(t, err, code, field)
	if accord.ErrorMessage(err) == "" || accord.ErrorCode(err) == accord.EINTERNAL {
		t.Errorf("no clear message: %v", err)
	}
	after, err := db.Rows(t.Context())
	ok(t, err)
	equal(t, "rows", after, before)
}
