package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPhotos stores the photos of a press release as attachments: on a
// release only, described in each of its languages, read back with their
// description and size, and listed for the press room without the
// withdrawn ones. Each refusal leaves the attachments as they were.
func TestPhotos(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		rel := scheduledRelease(f, "SCO/PRESS/PHOTOS", time.Time{}) // published at once
		rel.Versions = append(rel.Versions, accord.DocumentVersion{Lang: "ru", Title: "Релиз", Body: "Текст."})
		ok(t, db.CreateDocument(ctx, rel))
		sum := strings.Repeat("a", 64)
		photo := func(doc int64, alt accord.Text) *accord.Attachment {
			return &accord.Attachment{DocumentID: doc, Name: "p.png", MediaType: accord.MediaPNG, Size: 100, SHA256: sum, Alt: alt, Width: 40, Height: 30}
		}
		for _, c := range []struct {
			name  string
			a     *accord.Attachment
			field string
		}{
			{"a photo of a protocol", photo(f.protocol.ID, accord.Text{"en": "x", "ru": "x"}), "file"},
			{"no Russian description", photo(rel.ID, accord.Text{"en": "Prosecutors"}), "alt.ru"},
			{"no description", photo(rel.ID, nil), "alt.en"},
			{"a description too long", photo(rel.ID, accord.Text{"en": strings.Repeat("x", accord.MaxAltRunes+1), "ru": "x"}), "alt.en"},
			{"no size", &accord.Attachment{DocumentID: rel.ID, Name: "p.png", MediaType: accord.MediaPNG, Size: 100, SHA256: sum, Alt: accord.Text{"en": "x", "ru": "x"}}, "file"},
			{"too many pixels", &accord.Attachment{DocumentID: rel.ID, Name: "p.png", MediaType: accord.MediaPNG, Size: 100, SHA256: sum, Alt: accord.Text{"en": "x", "ru": "x"}, Width: 6000, Height: 6000}, "file"},
			{"a PDF with a description", &accord.Attachment{DocumentID: rel.ID, Name: "p.pdf", MediaType: accord.MediaPDF, Size: 100, SHA256: sum, Alt: accord.Text{"en": "x"}}, "alt"},
		} {
			wantErr(t, db.AddAttachment(ctx, c.a, nil), accord.EINVALID, c.field)
		}
		as, err := db.ListAttachments(ctx, []int64{rel.ID, f.protocol.ID})
		ok(t, err)
		if len(as) != 0 {
			t.Errorf("refused photos were stored: %+v", as)
		}
		p := photo(rel.ID, accord.Text{"en": "Prosecutors General in Bishkek", "ru": "Генеральные прокуроры в Бишкеке"})
		ok(t, db.AddAttachment(ctx, p, nil))
		pdf := &accord.Attachment{DocumentID: rel.ID, Name: "r.pdf", MediaType: accord.MediaPDF, Size: 100, SHA256: sum}
		ok(t, db.AddAttachment(ctx, pdf, nil))
		got, err := db.FindDocument(ctx, rel.ID)
		ok(t, err)
		equal(t, "the release's attachments", got.Attachments, []accord.Attachment{*p, *pdf})
		ok(t, db.WithdrawAttachment(ctx, rel.ID, pdf.ID, "Wrong file"))
		as, err = db.ListAttachments(ctx, []int64{rel.ID, f.protocol.ID, rel.ID})
		ok(t, err)
		equal(t, "the standing attachments", as, []accord.Attachment{*p})
	})
}
