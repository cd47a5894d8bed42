package sqlstore_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// adoptionRequest puts revision rev of a two-segment draft to adoption;
// zh is the state of the second segment's Chinese text.
func adoptionRequest(docID int64, method accord.AdoptionMethod, rev int, zh string) *accord.AdoptionRequest {
	return &accord.AdoptionRequest{DocumentID: docID, Method: method,
		Draft: accord.AdoptionDraft{Revision: rev, SHA256: strings.Repeat("b", 64), Segments: []accord.AdoptionSegment{
			{ID: "1", States: map[string]string{"ru": "final", "zh": "final"}},
			{ID: "2", States: map[string]string{"ru": "final", "zh": zh}},
		}},
		Texts: []accord.AdoptedText{{Lang: "ru", Title: "Протокол", Body: "1. Принятый текст."}, {Lang: "zh", Title: "纪要", Body: "1. 通过的文本。"}}}
}

// adoptionState is what a refused change must leave as it was.
func adoptionState(t *testing.T, db *sqlstore.DB, docID int64) string {
	t.Helper()
	as, err := db.ListAdoptions(t.Context(), docID)
	ok(t, err)
	d, err := db.FindDocument(t.Context(), docID)
	ok(t, err)
	var b strings.Builder
	for _, a := range as {
		b.WriteString(string(a.Method) + "/" + string(a.Result) + "/")
		for _, p := range a.Positions {
			b.WriteString(p.State + ":" + string(p.Kind) + ",")
		}
		b.WriteString(";")
	}
	for _, v := range d.Versions {
		b.WriteString(v.Lang + "@" + string(rune('0'+v.Revision)))
	}
	return b.String()
}

func TestAdoption(t *testing.T) {
	var clock atomic.Int64
	clock.Store(sqltest.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	sqltest.RunWithClock(t, now, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		doc := f.protocol.ID
		clock.Store(sqltest.Now().UnixNano())
		refused := func(what string, call func() error, code, field string) {
			t.Helper()
			before := adoptionState(t, db, doc)
			wantErr(t, call(), code, field)
			if got := adoptionState(t, db, doc); got != before {
				t.Fatalf("%s changed the database: %s, was %s", what, got, before)
			}
		}

		before := adoptionState(t, db, doc)
		_, err := db.OpenAdoption(ctx, adoptionRequest(doc, accord.AdoptSilence, 1, "translated"))
		wantErr(t, err, accord.EINVALID, "segments.2.texts.zh.state")
		equal(t, "after a refused opening", adoptionState(t, db, doc), before)
		req := adoptionRequest(doc, accord.AdoptSilence, 1, "final")
		req.Texts = req.Texts[:1]
		_, err = db.OpenAdoption(ctx, req)
		wantErr(t, err, accord.EINVALID, "texts.zh")
		equal(t, "after a refused opening", adoptionState(t, db, doc), before)

		// The first silence: China has no objection, Russia breaks it.
		a, err := db.OpenAdoption(ctx, adoptionRequest(doc, accord.AdoptSilence, 1, "final"))
		ok(t, err)
		equal(t, "deadline", a.Deadline, sqltest.Now().Add(72*time.Hour))
		equal(t, "members", strings.Join(a.Members, ","), "BY,CN,IN,KG,KZ,PK,RU")
		refused("a second procedure", func() error {
			_, err := db.OpenAdoption(ctx, adoptionRequest(doc, accord.AdoptInSession, 1, "final"))
			return err
		}, accord.ECONFLICT, "document_id")
		refused("an observer's position", func() error {
			_, err := db.RecordPosition(ctx, doc, &accord.AdoptionPosition{State: "AF", Kind: accord.NoObjection})
			return err
		}, accord.EINVALID, "state")
		refused("a non-member's position", func() error {
			_, err := db.RecordPosition(ctx, doc, &accord.AdoptionPosition{State: "TR", Kind: accord.NoObjection})
			return err
		}, accord.EINVALID, "state")
		refused("an early adoption", func() error {
			_, err := db.CloseAdoption(ctx, &accord.AdoptionClose{DocumentID: doc, Result: accord.Adopted})
			return err
		}, accord.EINVALID, "result")

		_, err = db.RecordPosition(ctx, doc, &accord.AdoptionPosition{State: "CN", Kind: accord.NoObjection})
		ok(t, err)
		clock.Add(int64(5 * time.Hour))
		a, err = db.RecordPosition(ctx, doc, &accord.AdoptionPosition{State: "RU", Kind: accord.Objection, Text: "Paragraph 2 needs consultation.", Lang: "ru"})
		ok(t, err)
		equal(t, "broken", string(a.Result)+" by "+a.BrokenBy, "not_adopted by RU")

		// The second silence holds; Pakistan's reservation is annexed.
		a, err = db.OpenAdoption(ctx, adoptionRequest(doc, accord.AdoptSilence, 2, "final"))
		ok(t, err)
		_, err = db.RecordPosition(ctx, doc, &accord.AdoptionPosition{State: "PK", Kind: accord.Reservation, Text: "Within its domestic law."})
		ok(t, err)
		clock.Add(int64(73 * time.Hour))
		got, err := db.FindAdoption(ctx, doc)
		ok(t, err)
		equal(t, "result", got.Result, accord.Adopted)
		equal(t, "adopted at the deadline", got.ClosedAt, a.Deadline)
		d, err := db.FindDocument(ctx, doc)
		ok(t, err)
		ru, _ := d.Version("ru")
		equal(t, "ru revision", ru.Revision, 2)
		equal(t, "ru body", ru.Body, "1. Принятый текст.\n\nПриложение: оговорки и заявления о толковании, сделанные при принятии\n\nПакистан (оговорка): Within its domestic law.\n")
		all, err := db.ListAdoptions(ctx, doc)
		ok(t, err)
		equal(t, "procedures", len(all), 2)

		refused("adopting twice", func() error {
			_, err := db.OpenAdoption(ctx, adoptionRequest(doc, accord.AdoptInSession, 2, "final"))
			return err
		}, accord.ECONFLICT, "document_id")
		refused("a late objection", func() error {
			_, err := db.RecordPosition(ctx, doc, &accord.AdoptionPosition{State: "KZ", Kind: accord.Objection, Text: "Late."})
			return err
		}, accord.ECONFLICT, "document_id")

		s, err := db.OpenSigning(ctx, doc)
		ok(t, err)
		if !strings.Contains(s.Statement, "\nadopted revision 2 silence ") {
			t.Fatalf("the statement names no adopted revision:\n%s", s.Statement)
		}
	})
}

func TestAdoptionNotFound(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		_, err := db.FindAdoption(t.Context(), f.protocol.ID)
		wantErr(t, err, accord.ENOTFOUND, "")
		_, err = db.FindAdoption(t.Context(), 999)
		wantErr(t, err, accord.ENOTFOUND, "")
		_, err = db.RecordPosition(t.Context(), f.protocol.ID, &accord.AdoptionPosition{State: "KG", Kind: accord.NoObjection})
		wantErr(t, err, accord.ENOTFOUND, "")
	})
}
