package sqlstore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"golang.org/x/mod/sumdb/tlog"
)

func draftTexts(ru, zh string) map[string]*accord.SegmentText {
	return map[string]*accord.SegmentText{"ru": {Text: ru}, "zh": {Text: zh}}
}

// draftState is what a refused write must leave as it was.
func draftState(t *testing.T, db *sqlstore.DB, id int64) string {
	t.Helper()
	ctx := t.Context()
	d, err := db.FindDraft(ctx, id)
	if err != nil {
		return accord.ErrorCode(err)
	}
	as, err := db.ListAmendments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.ListRevisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{"draft": d, "amendments": as, "revisions": rs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDrafting(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		doc := f.protocol.ID

		// A language the organization does not use is refused, and no
		// draft is stored.
		err := db.CreateDraft(ctx, &accord.Draft{DocumentID: doc, DraftingLang: "ru", Languages: []string{"ru", "zh", "en"}})
		if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "languages" {
			t.Fatalf("create in en: %v (field %q)", err, accord.ErrorField(err))
		}
		if got := draftState(t, db, doc); got != accord.ENOTFOUND {
			t.Fatalf("after a refused draft: %s", got)
		}

		d := &accord.Draft{DocumentID: doc, DraftingLang: "ru", Languages: []string{"ru", "zh"}, Segments: []*accord.Segment{
			{Kind: accord.SegmentPreamble, Texts: draftTexts("Генеральные прокуроры провели заседание.", "总检察长举行了会议。")},
			{Kind: accord.SegmentOperative, Texts: draftTexts("Стороны договорились обмениваться опытом.", "各方同意交流经验。")},
		}}
		if err := db.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if len(d.Segments) != 2 || d.Segments[0].ID != 1 || d.Segments[1].ID != 2 {
			t.Fatalf("segments: %+v", d.Segments)
		}
		if err := db.CreateDraft(ctx, &accord.Draft{DocumentID: doc, DraftingLang: "ru"}); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("a second draft: %v", err)
		}
		r1, err := db.CirculateRevision(ctx, doc, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r1.Number != 1 || r1.LogIndex < 0 || r1.SHA256 != r1.ComputeSHA256() {
			t.Fatalf("revision 1: %+v", r1)
		}
		if _, err := db.CirculateRevision(ctx, doc, 0); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("an unchanged revision: %v", err)
		}

		before := draftState(t, db, doc)
		for _, c := range []struct {
			name, field string
			a           accord.Amendment
		}{
			{"a segment that does not exist", "segment_id", accord.Amendment{SegmentID: 9, Revision: 1, Op: accord.AmendReplace, Texts: map[string]string{"ru": "x"}}},
			{"a revision not circulated", "revision", accord.Amendment{SegmentID: 1, Revision: 2, Op: accord.AmendReplace, Texts: map[string]string{"ru": "x"}}},
			{"a language the draft lacks", "texts.en", accord.Amendment{SegmentID: 1, Revision: 1, Op: accord.AmendReplace, Texts: map[string]string{"en": "x"}}},
			{"an unknown operation", "op", accord.Amendment{SegmentID: 1, Revision: 1, Op: "rewrite", Texts: map[string]string{"ru": "x"}}},
		} {
			a := c.a
			a.DocumentID, a.AuthorState = doc, "KZ"
			if err := db.ProposeAmendment(ctx, &a); accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != c.field {
				t.Errorf("%s: %v (field %q), want %s", c.name, err, accord.ErrorField(err), c.field)
			}
			if got := draftState(t, db, doc); got != before {
				t.Errorf("%s changed the draft:\n%s\n%s", c.name, before, got)
			}
		}

		a1 := &accord.Amendment{DocumentID: doc, SegmentID: 1, Revision: 1, Op: accord.AmendReplace, AuthorState: "KZ",
			Texts: map[string]string{"ru": "Генеральные прокуроры провели очередное заседание."}, Justification: "Точнее."}
		a2 := &accord.Amendment{DocumentID: doc, SegmentID: 2, Revision: 1, Op: accord.AmendInsertAfter, AuthorState: "CN",
			Texts: map[string]string{"ru": "Стороны продолжат сотрудничество.", "zh": "各方将继续合作。"}}
		for _, a := range []*accord.Amendment{a1, a2} {
			if err := db.ProposeAmendment(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if a1.Number != 1 || a2.Number != 2 || a1.SegmentVersion != 1 {
			t.Fatalf("numbers: %d %d", a1.Number, a2.Number)
		}
		if _, err := db.VoteAmendment(ctx, doc, 1, accord.AmendmentVote{State: "CN"}, false); err != nil {
			t.Fatal(err)
		}
		got, err := db.VoteAmendment(ctx, doc, 1, accord.AmendmentVote{State: "RU", Text: "Не нужно."}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Supports) != 1 || got.Supports[0].State != "CN" || len(got.Objections) != 1 || got.Objections[0].Text != "Не нужно." {
			t.Fatalf("votes: %+v %+v", got.Supports, got.Objections)
		}
		if got, err = db.DecideAmendment(ctx, doc, 1, accord.AmendmentDecision{Outcome: accord.DecideAccept}); err != nil || got.Status != accord.AmendmentAccepted {
			t.Fatalf("accept: %v %+v", err, got)
		}
		wd, err := db.FindDraft(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		if s := wd.Segment(1); s.Version != 2 || !s.Texts["zh"].NeedsReview || s.Texts["ru"].NeedsReview || !strings.Contains(s.Texts["ru"].Text, "очередное") {
			t.Fatalf("segment 1 after the amendment: %+v zh %+v", s, s.Texts["zh"])
		}
		r2, err := db.CirculateRevision(ctx, doc, 0)
		if err != nil {
			t.Fatal(err)
		}
		as, err := db.ListAmendments(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		if as[1].CarriedTo != 2 || as[1].Flagged {
			t.Fatalf("amendment 2 after revision 2: %+v", as[1])
		}
		if got, err := db.FindRevision(ctx, doc, 2); err != nil || got.SHA256 != r2.SHA256 || got.LogIndex != r2.LogIndex || len(got.Segments) != 2 {
			t.Fatalf("find revision 2: %v %+v", err, got)
		}

		verify := func() []string {
			r, err := db.VerifyLog(ctx, 0, tlog.Hash{})
			if err != nil {
				t.Fatal(err)
			}
			return r.Problems
		}
		if p := verify(); len(p) != 0 {
			t.Fatalf("clean log: %v", p)
		}
		// A circulated revision changed behind Accord's back is caught.
		if err := db.Tamper(ctx, `UPDATE draft_revisions SET content = REPLACE(content, 'провели', 'не провели') WHERE id = $1`, r1.ID); err != nil {
			t.Fatal(err)
		}
		p := verify()
		if len(p) != 1 || !strings.Contains(p[0], "revision 1 of SCO/PGM/XXII/PROTOCOL no longer matches its log entry") {
			t.Fatalf("tampered revision: %v", p)
		}
	})
}
