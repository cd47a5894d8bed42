package drafting_test

import (
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
)

var now = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)

// fixture is a draft in ru (drafting) and zh with three segments,
// circulated as revision 1.
func fixture(t *testing.T) (*accord.Draft, *accord.DraftRevision) {
	t.Helper()
	d, err := drafting.New(7, "ru", []string{"ru", "zh"}, []string{"ru", "zh", "en"}, now)
	if err != nil {
		t.Fatal(err)
	}
	var after int64
	for _, s := range []struct{ ru, zh string }{{"Преамбула.", "序言。"}, {"Пункт первый.", "第一段。"}, {"Пункт второй.", "第二段。"}} {
		seg, err := drafting.AddSegment(d, after, accord.SegmentOperative, map[string]string{"ru": s.ru, "zh": s.zh}, now)
		if err != nil {
			t.Fatal(err)
		}
		after = seg.ID
	}
	r1, _, err := drafting.Circulate(d, nil, "X/1", nil, now)
	if err != nil {
		t.Fatal(err)
	}
	return d, r1
}

func propose(t *testing.T, d *accord.Draft, rev *accord.DraftRevision, as *[]*accord.Amendment, state string, seg int64, op accord.AmendmentOp, texts map[string]string) *accord.Amendment {
	t.Helper()
	a := &accord.Amendment{SegmentID: seg, Revision: rev.Number, Op: op, Texts: texts, AuthorState: state}
	if err := drafting.Propose(d, rev, rev, a, len(*as), now); err != nil {
		t.Fatal(err)
	}
	*as = append(*as, a)
	return a
}

func live(d *accord.Draft) []string {
	var out []string
	for _, s := range d.Segments {
		if !s.Deleted {
			out = append(out, s.Texts["ru"].Text)
		}
	}
	return out
}

func TestEngine(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T, d *accord.Draft, r1 *accord.DraftRevision)
	}{
		{"carry-over across revisions", func(t *testing.T, d *accord.Draft, r1 *accord.DraftRevision) {
			var as []*accord.Amendment
			a := propose(t, d, r1, &as, "KZ", 2, accord.AmendReplace, map[string]string{"ru": "Пункт первый, изменённый."})
			b := propose(t, d, r1, &as, "CN", 3, accord.AmendReplace, map[string]string{"zh": "第二段，修改。"})
			// The chair changes segment 3 only; revision 2 carries a over
			// and flags b.
			if _, err := drafting.EditSegment(d, accord.DraftEdit{SegmentID: 3, Texts: map[string]string{"ru": "Пункт второй, новый."}}, now); err != nil {
				t.Fatal(err)
			}
			r2, changed, err := drafting.Circulate(d, r1, "X/1", as, now)
			if err != nil {
				t.Fatal(err)
			}
			if r2.Number != 2 || len(changed) != 2 || a.CarriedTo != 2 || a.Flagged || !b.Flagged || b.CarriedTo != 0 {
				t.Fatalf("r2 %d; a %+v; b %+v", r2.Number, a, b)
			}
			// The zh text of segment 3 was checked against version 1.
			drafting.Mark(d)
			if !d.Segment(3).Texts["zh"].NeedsReview || d.Segment(2).Texts["zh"].NeedsReview {
				t.Fatalf("review marks: %+v %+v", d.Segment(3).Texts["zh"], d.Segment(2).Texts["zh"])
			}
			// An amendment made now against revision 1 is flagged at once
			// for segment 3 and carried for segment 2.
			late := &accord.Amendment{SegmentID: 3, Revision: 1, Op: accord.AmendDelete, AuthorState: "IN"}
			if err := drafting.Propose(d, r1, r2, late, len(as), now); err != nil || !late.Flagged {
				t.Fatalf("late: %v %+v", err, late)
			}
		}},
		{"conflicting amendments to one segment", func(t *testing.T, d *accord.Draft, r1 *accord.DraftRevision) {
			var as []*accord.Amendment
			a := propose(t, d, r1, &as, "KZ", 2, accord.AmendReplace, map[string]string{"ru": "Вариант Казахстана."})
			b := propose(t, d, r1, &as, "RU", 2, accord.AmendReplace, map[string]string{"ru": "Вариант России."})
			if _, err := drafting.Decide(d, a, as, accord.AmendmentDecision{Outcome: accord.DecideAccept}, now); err != nil {
				t.Fatal(err)
			}
			_, err := drafting.Decide(d, b, as, accord.AmendmentDecision{Outcome: accord.DecideAccept}, now)
			if accord.ErrorCode(err) != accord.ECONFLICT || b.Status != accord.AmendmentOpen {
				t.Fatalf("accepting the second: %v, %s", err, b.Status)
			}
			if got := d.Segment(2).Texts["ru"].Text; got != "Вариант Казахстана." {
				t.Fatalf("segment 2: %s", got)
			}
			if _, err := drafting.Decide(d, b, as, accord.AmendmentDecision{Outcome: accord.DecideReject, Reason: "Принят вариант Казахстана."}, now); err != nil || b.Status != accord.AmendmentRejected {
				t.Fatalf("rejecting: %v %s", err, b.Status)
			}
		}},
		{"delete then insert", func(t *testing.T, d *accord.Draft, r1 *accord.DraftRevision) {
			var as []*accord.Amendment
			del := propose(t, d, r1, &as, "KZ", 2, accord.AmendDelete, nil)
			ins := propose(t, d, r1, &as, "CN", 2, accord.AmendInsertAfter, map[string]string{"ru": "Новый пункт.", "zh": "新段落。"})
			for _, a := range []*accord.Amendment{del, ins} {
				if _, err := drafting.Decide(d, a, as, accord.AmendmentDecision{Outcome: accord.DecideAccept}, now); err != nil {
					t.Fatal(err)
				}
			}
			got := live(d)
			if len(got) != 3 || got[1] != "Новый пункт." || ins.Decision.Into != 4 || d.Segment(2) == nil || !d.Segment(2).Deleted {
				t.Fatalf("after delete then insert: %v, into %d", got, ins.Decision.Into)
			}
			// The deleted segment keeps its id: the next new one is 5.
			if s, err := drafting.AddSegment(d, 0, accord.SegmentHeading, map[string]string{"ru": "Заголовок"}, now); err != nil || s.ID != 5 {
				t.Fatalf("next id: %v %v", s, err)
			}
			r2, _, err := drafting.Circulate(d, r1, "X/1", as, now)
			if err != nil || r2.Segment(2) != nil || r2.Segment(4) == nil {
				t.Fatalf("revision 2: %v %+v", err, r2)
			}
		}},
		{"a merge", func(t *testing.T, d *accord.Draft, r1 *accord.DraftRevision) {
			var as []*accord.Amendment
			a := propose(t, d, r1, &as, "KZ", 3, accord.AmendReplace, map[string]string{"ru": "Ежегодно."})
			b := propose(t, d, r1, &as, "RU", 3, accord.AmendReplace, map[string]string{"ru": "Раз в два года."})
			other := propose(t, d, r1, &as, "IN", 2, accord.AmendDelete, nil)
			if _, err := drafting.Decide(d, a, as, accord.AmendmentDecision{Outcome: accord.DecideMerge, With: []int{other.Number}, Texts: map[string]string{"ru": "Не реже раза в два года."}}, now); accord.ErrorField(err) != "with" {
				t.Fatalf("merging with another segment's amendment: %v", err)
			}
			changed, err := drafting.Decide(d, a, as, accord.AmendmentDecision{Outcome: accord.DecideMerge, With: []int{b.Number}, Texts: map[string]string{"ru": "Не реже раза в два года."}}, now)
			if err != nil || len(changed) != 2 || a.Status != accord.AmendmentMerged || b.Status != accord.AmendmentMerged || b.Decision.With[0] != a.Number {
				t.Fatalf("merge: %v %+v %+v", err, a, b)
			}
			if s := d.Segment(3); s.Texts["ru"].Text != "Не реже раза в два года." || s.Version != 2 || !s.Texts["zh"].NeedsReview {
				t.Fatalf("segment 3 after the merge: %+v", s.Texts)
			}
			cs := drafting.Consolidate(d, as)
			if len(cs[2].Accepted) != 2 {
				t.Fatalf("consolidated marks: %+v", cs[2])
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, r1 := fixture(t)
			c.run(t, d, r1)
		})
	}
}

func TestRefusals(t *testing.T) {
	d, r1 := fixture(t)
	for _, c := range []struct {
		name, field string
		a           accord.Amendment
		rev         *accord.DraftRevision
	}{
		{"a missing segment", "segment_id", accord.Amendment{SegmentID: 99, Revision: 1, Op: accord.AmendDelete, AuthorState: "KZ"}, r1},
		{"an uncirculated revision", "revision", accord.Amendment{SegmentID: 1, Revision: 2, Op: accord.AmendDelete, AuthorState: "KZ"}, nil},
		{"a language the draft lacks", "texts.en", accord.Amendment{SegmentID: 1, Revision: 1, Op: accord.AmendReplace, Texts: map[string]string{"en": "x"}, AuthorState: "KZ"}, r1},
		{"a deletion with a text", "texts", accord.Amendment{SegmentID: 1, Revision: 1, Op: accord.AmendDelete, Texts: map[string]string{"ru": "x"}, AuthorState: "KZ"}, r1},
		{"an insertion without the drafting language", "texts.ru", accord.Amendment{SegmentID: 1, Revision: 1, Op: accord.AmendInsertAfter, Texts: map[string]string{"zh": "x"}, AuthorState: "KZ"}, r1},
	} {
		a := c.a
		if err := drafting.Propose(d, c.rev, r1, &a, 0, now); accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != c.field {
			t.Errorf("%s: %v (field %q)", c.name, err, accord.ErrorField(err))
		}
	}
	if _, err := drafting.New(1, "ru", []string{"ru", "fr"}, []string{"ru", "zh"}, now); accord.ErrorField(err) != "languages" {
		t.Errorf("a language the organization does not use: %v", err)
	}
	if _, _, err := drafting.Circulate(d, r1, "X/1", nil, now); accord.ErrorCode(err) != accord.ECONFLICT {
		t.Errorf("an unchanged revision: %v", err)
	}
}
