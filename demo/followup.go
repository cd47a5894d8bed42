package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
)

// followUpNote labels every demo measure: the protocol states its measures
// in general terms, and these only illustrate them.
const followUpNote = "Demo: an illustration of the protocol's stated content (coordinated measures between the prosecutors' offices; strategies for law and order and security in the region), not measures the Parties adopted in these words."

// demoReport labels every demo report and assessment: no state reported
// any of this.
const demoReport = "[DEMO DATA: not a report of any government] "

// DemoStatus is the demo's one status of a council's own, on SCO: a step
// of the secretariat's in Accord, so that it says nothing a government
// did, and labelled as an illustration in every language.
const DemoStatus accord.FollowUpStatus = "clarification_requested"

// demoStatusLabels are DemoStatus's labels.
var demoStatusLabels = accord.Text{
	"en": "clarification requested (demo status)",
	"ru": "запрошены уточнения (демо-статус)",
	"zh": "已要求澄清（演示状态）",
}

// LoadFollowUp adds, after LoadDraft, the follow-up of the XXII protocol:
// four measures on its two operative paragraphs, a reporting round before
// the invented meeting XXIII, demo reports of three states, the
// secretariat's assessments (one with SCO's demo status of its own,
// DemoStatus), one obligation overdue, and the summing-up on XXIII's
// agenda. A second call adds nothing.
func LoadFollowUp(ctx context.Context, store accord.Store, now time.Time) (Report, error) {
	l := &loader{store: store, today: accord.DateOf(now)}
	if err := l.loadFollowUp(ctx, now); err != nil {
		return l.report, fmt.Errorf("demo follow-up of the XXII protocol: %w", err)
	}
	return l.report, nil
}

func (l *loader) loadFollowUp(ctx context.Context, now time.Time) error {
	docs, err := l.store.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		return err
	}
	var protocol *accord.Document
	for _, d := range docs {
		if d.Reference == ProtocolReference {
			protocol = d
		}
	}
	if protocol == nil {
		return accord.NotFound("document", ProtocolReference)
	}
	existing, err := l.store.ListMeasures(ctx, protocol.ID)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		l.report.Existing += len(existing)
		return nil
	}
	ms := []*accord.Measure{
		{Number: "1.1", ExternalID: "SCO-PGM-22-1.1", Paragraph: 3, Lead: "Offices of the Prosecutors General (demo)", Due: accord.MustDate("2025-12-31")},
		{Number: "1.2", ExternalID: "SCO-PGM-22-1.2", Paragraph: 3, Lead: "Offices of the Prosecutors General (demo)"},
		{Number: "2.1", ExternalID: "SCO-PGM-22-2.1", Paragraph: 4, Lead: "Offices of the Prosecutors General (demo)", Due: accord.MustDate("2027-05-31")},
		{Number: "2.2", ExternalID: "SCO-PGM-22-2.2", Paragraph: 4, States: []string{"KG", "KZ", "PK", "UZ"}, Lead: "Offices of the Prosecutors General (demo)"},
	}
	for _, m := range ms {
		m.DocumentID, m.Note = protocol.ID, followUpNote
	}
	if err := l.store.CreateMeasures(ctx, ms); err != nil {
		return err
	}
	l.report.Created += len(ms)
	obl := func(m *accord.Measure, state string) int64 {
		for _, o := range m.Obligations {
			if o.State == state {
				return o.ID
			}
		}
		return 0
	}
	if err := l.keep(l.store.OpenReportingRound(ctx, &accord.ReportingRound{Organization: "SCO", Body: "PGM", Meeting: 23,
		Deadline: demoDraftDay.Time().Add(-30 * 24 * time.Hour)})); err != nil {
		return err
	}
	reports := []*accord.NationalReport{
		{State: "KG", Obligations: []int64{obl(ms[0], "KG"), obl(ms[1], "KG")}, Status: accord.StatusImplemented,
			Texts: accord.Text{"ru": demoReport + "Пример доклада: обмен опытом проведён.", "en": demoReport + "Sample report: the exchange of experience took place."}},
		{State: "KZ", Obligations: []int64{obl(ms[2], "KZ")}, Status: accord.StatusInProgress,
			Texts: accord.Text{"ru": demoReport + "Пример доклада: работа продолжается."}},
		{State: "PK", Obligations: []int64{obl(ms[3], "PK")}, Status: accord.StatusPartiallyImplemented,
			Texts: accord.Text{"en": demoReport + "Sample report: partly done."}},
		{State: "CN", Obligations: []int64{obl(ms[1], "CN")}, Status: accord.StatusInProgress,
			Texts: accord.Text{"zh": "【演示数据，并非任何政府的报告】示例报告：工作正在进行。"}},
	}
	for _, r := range reports {
		if err := l.keep(l.store.SubmitReport(ctx, r)); err != nil {
			return err
		}
	}
	list := accord.StatusList{Statuses: append(slices.Clone(accord.DefaultFollowUpStatuses), DemoStatus),
		Labels: map[accord.FollowUpStatus]accord.Text{DemoStatus: demoStatusLabels}}
	if err := l.keep(l.store.SetFollowUpStatuses(ctx, "SCO", list)); err != nil {
		return err
	}
	if err := l.keep(l.store.AddAssessments(ctx, []*accord.Assessment{
		{ObligationID: obl(ms[0], "KG"), Status: accord.StatusImplemented, Comment: demoReport + "Sample assessment."},
		{ObligationID: obl(ms[3], "PK"), Status: accord.StatusInProgress, Comment: demoReport + "Sample assessment: more to do."},
		{ObligationID: obl(ms[2], "KZ"), Status: DemoStatus, Comment: demoReport + "Sample assessment: the demo secretariat asks for more detail."},
	})); err != nil {
		return err
	}
	h, err := l.store.FollowUp(ctx, "SCO", "PGM", 22)
	if err != nil {
		return err
	}
	org, err := l.store.FindOrganization(ctx, "SCO")
	if err != nil {
		return err
	}
	states, err := l.store.ListStates(ctx)
	if err != nil {
		return err
	}
	names := map[string]accord.Text{}
	for _, s := range states {
		names[s.Code] = s.Names
	}
	// The store stamps the round and the reports with its own clock, a
	// moment after now: summed up at now, the round would not have opened
	// yet and the changes would not count from it.
	at := now
	for _, r := range h.Rounds {
		at = later(at, r.OpenedAt)
	}
	for _, r := range h.Reports {
		at = later(at, r.SubmittedAt)
	}
	for _, a := range h.Assessments {
		at = later(at, a.AssessedAt)
	}
	s := followup.Summarize(h, "SCO", "PGM", at)
	_, err = l.store.SaveSummary(ctx, &accord.SummaryRequest{Organization: "SCO", Body: "PGM", Number: 22,
		Versions: followup.Texts(s, org.DocumentLanguages(), 22, names, at)})
	return l.keep(err)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
