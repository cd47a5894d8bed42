package demo

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
)

// DraftReference is the demo draft protocol of meeting XXIII.
const DraftReference = "SCO/PGM/XXIII/PROTOCOL/DEMO-DRAFT"

// timeZones are the time zones of the SCO members' capitals, in which a
// silence's deadline is shown to each delegation.
var timeZones = map[string]string{
	"BY": "Europe/Minsk", "CN": "Asia/Shanghai", "IN": "Asia/Kolkata", "IR": "Asia/Tehran", "KG": "Asia/Bishkek",
	"KZ": "Asia/Almaty", "PK": "Asia/Karachi", "RU": "Europe/Moscow", "TJ": "Asia/Dushanbe", "UZ": "Asia/Tashkent",
}

// demoLabel starts every text of the demo draft, so that nobody mistakes it
// for what a government said.
var demoLabel = map[string]string{"ru": "[ДЕМОНСТРАЦИОННЫЙ ПРОЕКТ] ", "zh": "【演示草案】", "en": "[DEMO DRAFT] "}

func demoTexts(ru, zh string) map[string]string {
	return map[string]string{"ru": demoLabel["ru"] + ru, "zh": demoLabel["zh"] + zh}
}

// LoadDraft adds, after Load, the demo's draft: see loadDemoDraft. It is a
// step of its own so that what Load gives, the record of real meetings,
// stays as it was. A second call adds nothing.
func LoadDraft(ctx context.Context, store accord.Store, today accord.Date) (Report, error) {
	l := &loader{store: store, today: today}
	if err := l.loadDemoDraft(ctx); err != nil {
		return l.report, fmt.Errorf("demo draft of meeting XXIII: %w", err)
	}
	return l.report, nil
}

// demoDraftDay is the invented meeting XXIII's day. It is fixed, not a
// number of days from today, so that the forecasts and pages the demo
// gives are the same from one day to the next.
var demoDraftDay = accord.MustDate("2027-06-15")

// loadDemoDraft adds an invented meeting XXIII, chaired by Pakistan, whose
// protocol is being negotiated: two circulated revisions, amendments of
// three delegations (one rejected, one accepted after the second revision
// so that its segment's Chinese text needs review, one open), and a silence
// procedure on revision 2 that is still running. Its texts are placeholders
// labelled as a demo; nothing in them was said by any government.
func (l *loader) loadDemoDraft(ctx context.Context) error {
	m, err := l.ensureMeeting(ctx, &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK",
		City:  accord.Text{"en": "Islamabad", "ru": "Исламабад", "zh": "伊斯兰堡"},
		Start: demoDraftDay, End: demoDraftDay, Format: accord.Hybrid, Chair: "PK", Status: accord.Planned,
		Theme: accord.Text{"en": "Demo meeting: an illustration of drafting and adoption", "ru": "Демонстрационное совещание: пример подготовки и принятия протокола", "zh": "演示会议：起草和通过纪要示例"},
		Note:  "demo: an invented meeting, illustrating how a protocol is negotiated"})
	if err != nil {
		return fmt.Errorf("meeting XXIII: %w", err)
	}
	if err := l.loadDemoSitting(ctx, m); err != nil {
		return fmt.Errorf("meeting XXIII: %w", err)
	}
	docs, err := l.store.ListDocuments(ctx, accord.DocumentFilter{MeetingID: m.ID, IncludeWithdrawn: true})
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.Reference == DraftReference {
			l.report.Existing++
			return nil
		}
	}
	d := &accord.Document{Reference: DraftReference, Kind: accord.DocProtocol, Classification: accord.Restricted, AuthorKind: accord.AuthorChair,
		Links: []accord.DocumentLink{{MeetingID: m.ID}}, Versions: []accord.DocumentVersion{
			{Lang: "ru", Title: "Протокол XXIII совещания (демонстрационный проект)", Body: "Демонстрационный проект: текст согласуется, см. проект."},
			{Lang: "zh", Title: "第二十三次会议纪要（演示草案）", Body: "演示草案：案文正在商定，见草案。"},
		}}
	if err := l.keep(l.store.CreateDocument(ctx, d)); err != nil {
		return err
	}
	id := d.ID
	if err := l.keep(l.store.CreateDraft(ctx, &accord.Draft{DocumentID: id, DraftingLang: "ru", Languages: []string{"ru", "zh"}})); err != nil {
		return err
	}
	segs := []struct {
		kind     accord.SegmentKind
		ru, zh   string
		id       int64
		finalTxt map[string]string
	}{
		{kind: accord.SegmentHeading, ru: "Протокол XXIII совещания генеральных прокуроров", zh: "第二十三次总检察长会议纪要"},
		{kind: accord.SegmentPreamble, ru: "Участники рассмотрели пример текста.", zh: "与会者审议了示例案文。"},
		{kind: accord.SegmentOperative, ru: "Участники договорились продолжить обмен опытом.", zh: "与会者商定继续交流经验。"},
		{kind: accord.SegmentOperative, ru: "Участники поручили рабочей группе подготовить доклад.", zh: "与会者责成工作组编写报告。"},
		{kind: accord.SegmentOperative, ru: "Следующее совещание состоится в порядке ротации.", zh: "下次会议将按轮值顺序举行。"},
	}
	var after int64
	for i := range segs {
		s, err := l.store.AddSegment(ctx, id, accord.DraftEdit{After: after, Kind: segs[i].kind, Texts: demoTexts(segs[i].ru, segs[i].zh)})
		if err != nil {
			return fmt.Errorf("segment %d: %w", i+1, err)
		}
		segs[i].id, after = s.ID, s.ID
	}
	final := func(seg int64, texts map[string]string) error {
		for _, lang := range []string{"ru", "zh"} {
			if _, err := l.store.SetSegmentText(ctx, id, seg, lang, accord.SegmentText{Text: texts[lang], State: accord.TextFinal}); err != nil {
				return fmt.Errorf("segment %d %s: %w", seg, lang, err)
			}
		}
		return nil
	}
	for _, s := range segs {
		if err := final(s.id, demoTexts(s.ru, s.zh)); err != nil {
			return err
		}
	}
	if _, err := l.store.CirculateRevision(ctx, id, 0); err != nil {
		return fmt.Errorf("revision 1: %w", err)
	}
	// Russia's amendment to revision 1 is rejected.
	ru := &accord.Amendment{DocumentID: id, SegmentID: segs[3].id, Op: accord.AmendReplace, Revision: 1, AuthorState: "RU",
		Texts: demoTexts("Участники поручили рабочей группе подготовить доклад в течение года.", "与会者责成工作组在一年内编写报告。"), Justification: "Demo: an invented amendment."}
	if err := l.store.ProposeAmendment(ctx, ru); err != nil {
		return fmt.Errorf("amendment of RU: %w", err)
	}
	if _, err := l.store.DecideAmendment(ctx, id, ru.Number, accord.AmendmentDecision{Outcome: accord.DecideReject, Reason: "Demo: the chair keeps the text."}); err != nil {
		return fmt.Errorf("decision on amendment %d: %w", ru.Number, err)
	}
	// The chair reworded the preamble for revision 2, in both languages.
	if err := final(segs[1].id, demoTexts("Участники рассмотрели пример текста и отметили ход работы.", "与会者审议了示例案文并注意到工作进展。")); err != nil {
		return err
	}
	rev2, err := l.store.CirculateRevision(ctx, id, 0)
	if err != nil {
		return fmt.Errorf("revision 2: %w", err)
	}
	if err := l.openDemoSilence(ctx, d, rev2); err != nil {
		return err
	}
	// Kazakhstan's amendment to revision 2 is accepted into the working
	// text: its Chinese text now needs review.
	kz := &accord.Amendment{DocumentID: id, SegmentID: segs[2].id, Op: accord.AmendReplace, Revision: 2, AuthorState: "KZ",
		Texts: map[string]string{"ru": demoLabel["ru"] + "Участники договорились продолжить и расширить обмен опытом."}, Justification: "Demo: an invented amendment."}
	if err := l.store.ProposeAmendment(ctx, kz); err != nil {
		return fmt.Errorf("amendment of KZ: %w", err)
	}
	if _, err := l.store.VoteAmendment(ctx, id, kz.Number, accord.AmendmentVote{State: "CN"}, false); err != nil {
		return err
	}
	if _, err := l.store.DecideAmendment(ctx, id, kz.Number, accord.AmendmentDecision{Outcome: accord.DecideAccept, Reason: "Demo: accepted for a next revision."}); err != nil {
		return fmt.Errorf("decision on amendment %d: %w", kz.Number, err)
	}
	// India's amendment stays open.
	in := &accord.Amendment{DocumentID: id, SegmentID: segs[4].id, Op: accord.AmendInsertAfter, Kind: accord.SegmentOperative, Revision: 2, AuthorState: "IN",
		Texts: demoTexts("Участники приветствовали демонстрационный пример.", "与会者欢迎演示示例。"), Justification: "Demo: an invented amendment."}
	if err := l.store.ProposeAmendment(ctx, in); err != nil {
		return fmt.Errorf("amendment of IN: %w", err)
	}
	l.report.Created++
	return nil
}

// openDemoSilence puts revision 2 to a silence procedure that runs for the
// default 72 hours from the load, with two positions recorded.
func (l *loader) openDemoSilence(ctx context.Context, d *accord.Document, rev *accord.DraftRevision) error {
	draft, err := l.store.FindDraft(ctx, d.ID)
	if err != nil {
		return err
	}
	req := &accord.AdoptionRequest{DocumentID: d.ID, Method: accord.AdoptSilence}
	req.Draft, req.Texts = drafting.AdoptionOf(draft, rev, map[string]string{"ru": d.Versions[0].Title, "zh": d.Versions[1].Title})
	if _, err := l.store.OpenAdoption(ctx, req); err != nil {
		return fmt.Errorf("silence procedure: %w", err)
	}
	for _, p := range []*accord.AdoptionPosition{
		{State: "CN", Kind: accord.NoObjection},
		{State: "KG", Kind: accord.InterpretativeStatement, Lang: "en", Text: "Demo: an invented interpretative statement, to show how one is annexed."},
	} {
		if _, err := l.store.RecordPosition(ctx, d.ID, p); err != nil {
			return fmt.Errorf("position of %s: %w", p.State, err)
		}
	}
	return nil
}
