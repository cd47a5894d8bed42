package drafting_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
)

var (
	t0        = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	authentic = []string{"ru", "zh"}
	members   = []string{"PK", "CN", "RU", "KZ"}
)

func finalDraft() accord.AdoptionDraft {
	return accord.AdoptionDraft{Revision: 2, SHA256: strings.Repeat("a", 64), Segments: []accord.AdoptionSegment{
		{ID: "s1", States: map[string]string{"ru": "final", "zh": "final", "en": "translated"}},
		{ID: "s2", States: map[string]string{"ru": "final", "zh": "final"}},
	}}
}

func fieldOf(err error) string { return accord.ErrorField(err) }

func TestOpenAdoption(t *testing.T) {
	rules := drafting.DefaultAdoptionRules
	open := &accord.Adoption{Method: accord.AdoptSilence, Revision: 1}
	adopted := &accord.Adoption{Method: accord.AdoptInSession, Revision: 1, Result: accord.Adopted}
	broken := &accord.Adoption{Method: accord.AdoptSilence, Revision: 1, Result: accord.NotAdopted, BrokenBy: "RU"}
	cases := []struct {
		name     string
		req      accord.AdoptionRequest
		draft    func(d *accord.AdoptionDraft)
		existing []*accord.Adoption
		members  []string
		code     string
		field    string
		deadline time.Time
	}{
		{name: "silence with the default 72 hours", req: accord.AdoptionRequest{Method: accord.AdoptSilence}, deadline: t0.Add(72 * time.Hour)},
		{name: "silence with a longer deadline", req: accord.AdoptionRequest{Method: accord.AdoptSilence, Deadline: t0.Add(96 * time.Hour)}, deadline: t0.Add(96 * time.Hour)},
		{name: "silence of exactly 72 hours", req: accord.AdoptionRequest{Method: accord.AdoptSilence, Deadline: t0.Add(72 * time.Hour)}, deadline: t0.Add(72 * time.Hour)},
		{name: "in session", req: accord.AdoptionRequest{Method: accord.AdoptInSession}},
		{name: "after a broken silence", req: accord.AdoptionRequest{Method: accord.AdoptSilence}, existing: []*accord.Adoption{broken}, deadline: t0.Add(72 * time.Hour)},
		{name: "the latest revision named", req: accord.AdoptionRequest{Method: accord.AdoptInSession, Revision: 2}},
		{name: "unknown method", req: accord.AdoptionRequest{Method: "vote"}, code: accord.EINVALID, field: "method"},
		{name: "silence shorter than 72 hours", req: accord.AdoptionRequest{Method: accord.AdoptSilence, Deadline: t0.Add(71 * time.Hour)}, code: accord.EINVALID, field: "deadline"},
		{name: "silence longer than a month", req: accord.AdoptionRequest{Method: accord.AdoptSilence, Deadline: t0.Add(31 * 24 * time.Hour)}, code: accord.EINVALID, field: "deadline"},
		{name: "a deadline in session", req: accord.AdoptionRequest{Method: accord.AdoptInSession, Deadline: t0.Add(80 * time.Hour)}, code: accord.EINVALID, field: "deadline"},
		{name: "a second open procedure", req: accord.AdoptionRequest{Method: accord.AdoptInSession}, existing: []*accord.Adoption{open}, code: accord.ECONFLICT, field: "document_id"},
		{name: "adopted already", req: accord.AdoptionRequest{Method: accord.AdoptInSession}, existing: []*accord.Adoption{broken, adopted}, code: accord.ECONFLICT, field: "document_id"},
		{name: "never circulated", req: accord.AdoptionRequest{Method: accord.AdoptInSession}, draft: func(d *accord.AdoptionDraft) { d.Revision = 0 }, code: accord.EINVALID, field: "revision"},
		{name: "an older revision", req: accord.AdoptionRequest{Method: accord.AdoptInSession, Revision: 1}, code: accord.EINVALID, field: "revision"},
		{name: "changed since circulated", req: accord.AdoptionRequest{Method: accord.AdoptInSession}, draft: func(d *accord.AdoptionDraft) { d.Changed = true }, code: accord.EINVALID, field: "revision"},
		{name: "no segments", req: accord.AdoptionRequest{Method: accord.AdoptInSession}, draft: func(d *accord.AdoptionDraft) { d.Segments = nil }, code: accord.EINVALID, field: "segments"},
		{name: "zh needs review", req: accord.AdoptionRequest{Method: accord.AdoptSilence},
			draft: func(d *accord.AdoptionDraft) { d.Segments[1].States["zh"] = "needs_review" }, code: accord.EINVALID, field: "segments.s2.texts.zh.state"},
		{name: "ru only verified", req: accord.AdoptionRequest{Method: accord.AdoptInSession},
			draft: func(d *accord.AdoptionDraft) { d.Segments[0].States["ru"] = "verified" }, code: accord.EINVALID, field: "segments.s1.texts.ru.state"},
		{name: "zh missing", req: accord.AdoptionRequest{Method: accord.AdoptInSession},
			draft: func(d *accord.AdoptionDraft) { delete(d.Segments[0].States, "zh") }, code: accord.EINVALID, field: "segments.s1.texts.zh"},
		{name: "no members", req: accord.AdoptionRequest{Method: accord.AdoptInSession}, members: []string{}, code: accord.EINVALID, field: "document_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := finalDraft()
			if c.draft != nil {
				c.draft(&d)
			}
			ms := members
			if c.members != nil {
				ms = c.members
			}
			a, err := rules.OpenAdoption(&c.req, d, authentic, ms, c.existing, t0)
			if got := accord.ErrorCode(err); got != c.code {
				t.Fatalf("code %q (%v), want %q", got, err, c.code)
			}
			if c.code != "" {
				if fieldOf(err) != c.field {
					t.Fatalf("field %q, want %q (%v)", fieldOf(err), c.field, err)
				}
				return
			}
			if a.Revision != 2 || !a.Open() || !a.Deadline.Equal(c.deadline) || strings.Join(a.Members, ",") != "CN,KZ,PK,RU" {
				t.Fatalf("got %+v", a)
			}
		})
	}
}

// step is one event of a procedure: a position at an hour after opening, a
// close, or only the clock reading the procedure.
type step struct {
	at     time.Duration
	state  string
	kind   accord.PositionKind
	text   string
	close  accord.AdoptionResult
	closes bool
	// want is the code of the error, field the field it names.
	want, field string
}

func TestProcedures(t *testing.T) {
	const reservation = "Pakistan understands paragraph 3 as applying within its domestic law."
	cases := []struct {
		name   string
		method accord.AdoptionMethod
		steps  []step
		result accord.AdoptionResult
		// read is when the result is read, after opening.
		read     time.Duration
		closedAt time.Duration
		brokenBy string
	}{
		{name: "silence holds: adopted at the deadline, read later", method: accord.AdoptSilence,
			steps: []step{{at: time.Hour, state: "CN", kind: accord.NoObjection}},
			read:  100 * time.Hour, result: accord.Adopted, closedAt: 72 * time.Hour},
		{name: "silence still running", method: accord.AdoptSilence,
			steps: []step{{at: time.Hour, state: "CN", kind: accord.NoObjection}}, read: 71*time.Hour + 59*time.Minute},
		{name: "silence broken by an objection", method: accord.AdoptSilence,
			steps: []step{{at: 10 * time.Hour, state: "RU", kind: accord.Objection, text: "Paragraph 2 needs further consultation."},
				{at: 11 * time.Hour, state: "KZ", kind: accord.NoObjection, want: accord.ECONFLICT, field: "document_id"}},
			read: 100 * time.Hour, result: accord.NotAdopted, closedAt: 10 * time.Hour, brokenBy: "RU"},
		{name: "an objection at the deadline comes too late", method: accord.AdoptSilence,
			steps: []step{{at: 72 * time.Hour, state: "RU", kind: accord.Objection, text: "Late.", want: accord.ECONFLICT, field: "document_id"}},
			read:  72 * time.Hour, result: accord.Adopted, closedAt: 72 * time.Hour},
		{name: "a reservation does not break the silence", method: accord.AdoptSilence,
			steps: []step{{at: time.Hour, state: "PK", kind: accord.Reservation, text: reservation}},
			read:  80 * time.Hour, result: accord.Adopted, closedAt: 72 * time.Hour},
		{name: "the chair may not end a silence early", method: accord.AdoptSilence,
			steps: []step{{at: time.Hour, closes: true, close: accord.Adopted, want: accord.EINVALID, field: "result"},
				{at: time.Hour, closes: true, want: accord.EINVALID, field: "result"}},
			read: 2 * time.Hour},
		{name: "the chair withdraws a silence", method: accord.AdoptSilence,
			steps: []step{{at: 5 * time.Hour, closes: true, close: accord.Withdrawn}},
			read:  100 * time.Hour, result: accord.Withdrawn, closedAt: 5 * time.Hour},
		{name: "in session: declared adopted", method: accord.AdoptInSession,
			steps: []step{{at: time.Minute, state: "KZ", kind: accord.InterpretativeStatement, text: "Kazakhstan reads paragraph 1 as a recommendation."},
				{at: 2 * time.Minute, closes: true, close: accord.Adopted}},
			read: time.Hour, result: accord.Adopted, closedAt: 2 * time.Minute},
		{name: "in session: an objection blocks the declaration", method: accord.AdoptInSession,
			steps: []step{{at: time.Minute, state: "CN", kind: accord.Objection, text: "Not yet."},
				{at: 2 * time.Minute, closes: true, close: accord.Adopted, want: accord.EINVALID, field: "result"},
				{at: 3 * time.Minute, closes: true}},
			read: time.Hour, result: accord.NotAdopted, closedAt: 3 * time.Minute},
		{name: "in session: an objection withdrawn", method: accord.AdoptInSession,
			steps: []step{{at: time.Minute, state: "CN", kind: accord.Objection, text: "Not yet."},
				{at: 2 * time.Minute, state: "CN", kind: accord.NoObjection},
				{at: 3 * time.Minute, closes: true}},
			read: time.Hour, result: accord.Adopted, closedAt: 3 * time.Minute},
		{name: "in session never ends by itself", method: accord.AdoptInSession, read: 1000 * time.Hour},
		{name: "bad positions", method: accord.AdoptSilence,
			steps: []step{
				{at: time.Hour, state: "IN", kind: accord.NoObjection, want: accord.EINVALID, field: "state"},
				{at: time.Hour, state: "CN", kind: "abstention", want: accord.EINVALID, field: "kind"},
				{at: time.Hour, state: "CN", kind: accord.Objection, want: accord.EINVALID, field: "text"},
				{at: time.Hour, state: "CN", kind: accord.NoObjection, text: "but", want: accord.EINVALID, field: "text"},
				{at: time.Hour, state: "CN", kind: accord.Reservation, text: strings.Repeat("я", 10001), want: accord.EINVALID, field: "text"},
				{at: time.Hour, state: "CN", kind: accord.Reservation, text: "a\x00b", want: accord.EINVALID, field: "text"},
				{at: time.Hour, closes: true, close: "postponed", want: accord.EINVALID, field: "result"},
			},
			read: 10 * time.Hour},
		{name: "closing twice", method: accord.AdoptInSession,
			steps: []step{{at: time.Minute, closes: true, close: accord.Withdrawn},
				{at: 2 * time.Minute, closes: true, close: accord.Adopted, want: accord.ECONFLICT, field: "document_id"}},
			read: time.Hour, result: accord.Withdrawn, closedAt: time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := drafting.DefaultAdoptionRules.OpenAdoption(&accord.AdoptionRequest{DocumentID: 7, Method: c.method}, finalDraft(), authentic, members, nil, t0)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range c.steps {
				before := len(a.Positions)
				if s.closes {
					err = drafting.CloseAdoption(a, accord.AdoptionClose{Result: s.close}, t0.Add(s.at))
				} else {
					err = drafting.RecordPosition(a, accord.AdoptionPosition{State: s.state, Kind: s.kind, Text: s.text}, t0.Add(s.at))
				}
				if accord.ErrorCode(err) != s.want || fieldOf(err) != s.field {
					t.Fatalf("step %d: %v (field %q), want %q on %q", i, err, fieldOf(err), s.want, s.field)
				}
				if err != nil && len(a.Positions) != before {
					t.Fatalf("step %d: a refused position changed the procedure", i)
				}
			}
			drafting.SettleAdoption(a, t0.Add(c.read))
			if a.Result != c.result || a.BrokenBy != c.brokenBy {
				t.Fatalf("result %q broken by %q, want %q by %q", a.Result, a.BrokenBy, c.result, c.brokenBy)
			}
			if c.result != "" && !a.ClosedAt.Equal(t0.Add(c.closedAt)) {
				t.Fatalf("closed at %s, want %s", a.ClosedAt, t0.Add(c.closedAt))
			}
		})
	}
}

func TestFreezeAdopted(t *testing.T) {
	a := &accord.Adoption{DocumentID: 7, Method: accord.AdoptSilence, Result: accord.Adopted, Positions: []accord.AdoptionPosition{
		{State: "CN", Kind: accord.NoObjection},
		{State: "KZ", Kind: accord.InterpretativeStatement, Text: "Paragraph 1 is a recommendation."},
		{State: "PK", Kind: accord.Reservation, Text: "Within domestic law."},
	}}
	names := map[string]accord.Text{"KZ": {"en": "Kazakhstan", "ru": "Казахстан", "zh": "哈萨克斯坦"}, "PK": {"en": "Pakistan", "ru": "Пакистан", "zh": "巴基斯坦"}}
	texts := []accord.AdoptedText{{Lang: "ru", Title: "Протокол", Body: "1. Текст.\n"}, {Lang: "zh", Title: "纪要", Body: "1. 文本。"}}
	vs, err := drafting.FreezeAdopted(a, texts, names)
	if err != nil {
		t.Fatal(err)
	}
	wantRU := "1. Текст.\n\nПриложение: оговорки и заявления о толковании, сделанные при принятии\n\nКазахстан (заявление о толковании): Paragraph 1 is a recommendation.\n\nПакистан (оговорка): Within domestic law.\n"
	if vs[0].Body != wantRU || vs[0].Lang != "ru" || vs[0].DocumentID != 7 {
		t.Fatalf("ru body:\n%q\nwant\n%q", vs[0].Body, wantRU)
	}
	if !strings.Contains(vs[1].Body, "巴基斯坦 (保留): Within domestic law.") {
		t.Fatalf("zh body: %q", vs[1].Body)
	}
	for _, c := range []struct {
		name   string
		result accord.AdoptionResult
		texts  []accord.AdoptedText
		code   string
	}{
		{"not adopted", accord.NotAdopted, texts, accord.ECONFLICT},
		{"no texts", accord.Adopted, nil, accord.EINVALID},
		{"an empty text", accord.Adopted, []accord.AdoptedText{{Lang: "ru", Title: "П"}}, accord.EINVALID},
	} {
		b := *a
		b.Result = c.result
		if _, err := drafting.FreezeAdopted(&b, c.texts, names); accord.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

func TestAdoptionOf(t *testing.T) {
	d, err := drafting.New(7, "ru", []string{"ru", "zh"}, []string{"ru", "zh"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	h, err := drafting.AddSegment(d, 0, accord.SegmentHeading, map[string]string{"ru": "Протокол", "zh": "纪要"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	op, err := drafting.AddSegment(d, h.ID, accord.SegmentOperative, map[string]string{"ru": "Стороны договорились.", "zh": "双方商定。"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{h.ID, op.ID} {
		for _, l := range []string{"ru", "zh"} {
			s := d.Segment(id)
			if _, err := drafting.SetText(d, id, l, accord.SegmentText{Text: s.Texts[l].Text, State: accord.TextFinal}, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, _ := drafting.AdoptionOf(d, nil, nil); got.Revision != 0 {
		t.Fatalf("before circulation: %+v", got)
	}
	rev, _, err := drafting.Circulate(d, nil, "SCO/PGM/XXIII/PROTOCOL", nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	state, texts := drafting.AdoptionOf(d, rev, map[string]string{"ru": "Протокол XXIII"})
	if state.Revision != 1 || state.Changed || len(state.Segments) != 2 || state.Segments[1].States["zh"] != "final" {
		t.Fatalf("state %+v", state)
	}
	if texts[0].Title != "Протокол XXIII" || texts[0].Body != "Протокол\n\n1. Стороны договорились." || texts[1].Title != "纪要" || texts[1].Body != "1. 双方商定。" {
		t.Fatalf("texts %+v", texts)
	}
	if _, err := drafting.SetText(d, op.ID, "ru", accord.SegmentText{Text: "Стороны договорились о встрече.", State: accord.TextFinal}, t0); err != nil {
		t.Fatal(err)
	}
	if state, _ = drafting.AdoptionOf(d, rev, nil); !state.Changed {
		t.Fatal("an edit after circulation is not seen")
	}
}
