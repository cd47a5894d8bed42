package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDocumentLanguagesOfOrganization files versions and attachments in
// languages the document's organizations do and do not use: a registered
// tag that is none of the organization's official, working or translation
// languages is refused, naming the field, and changes nothing; a
// translation language is accepted, and signs as a translation. A link to
// an organization whose languages lack one the document has is refused.
func TestDocumentLanguagesOfOrganization(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		ver := func(lang string) accord.DocumentVersion {
			return accord.DocumentVersion{Lang: lang, Title: "Decision " + lang, Body: "Text in " + lang}
		}
		newDoc := func(ref string, langs ...string) *accord.Document {
			d := &accord.Document{Reference: ref, Kind: accord.DocStatement, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
				Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}}, Versions: []accord.DocumentVersion{}}
			for _, l := range langs {
				d.Versions = append(d.Versions, ver(l))
			}
			return d
		}
		// French is a registered tag, and none of the SCO's languages.
		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
		ok(t, err)
		wantErr(t, db.CreateDocument(ctx, newDoc("SCO/FR", "ru", "zh", "fr")), accord.EINVALID, "versions[2].lang")
		if again, err := db.ListDocuments(ctx, accord.DocumentFilter{}); err != nil || len(again) != len(docs) {
			t.Errorf("the refused document was stored: %d documents, were %d (%v)", len(again), len(docs), err)
		}

		d := newDoc("SCO/DECISION", "ru", "zh")
		ok(t, db.CreateDocument(ctx, d))
		before, err := db.FindDocument(ctx, d.ID)
		ok(t, err)
		fr := ver("fr")
		fr.DocumentID = d.ID
		wantErr(t, db.AddDocumentVersion(ctx, &fr), accord.EINVALID, "lang")
		att := &accord.Attachment{DocumentID: d.ID, Lang: "de", Name: "a.pdf", MediaType: accord.MediaPDF, Size: 1, SHA256: strings.Repeat("0a", 32)}
		wantErr(t, db.AddAttachment(ctx, att, nil), accord.EINVALID, "lang")
		after, err := db.FindDocument(ctx, d.ID)
		ok(t, err)
		equal(t, "the document after refused languages", after, before)

		// English is the SCO's translation language: accepted, never
		// authentic.
		en := ver("en")
		en.DocumentID = d.ID
		ok(t, db.AddDocumentVersion(ctx, &en))
		att.Lang = "en"
		ok(t, db.AddAttachment(ctx, att, nil))
		s, err := db.OpenSigning(ctx, d.ID)
		ok(t, err)
		authentic := map[string]bool{}
		for _, v := range s.Versions {
			authentic[v.Lang] = v.Authentic
		}
		equal(t, "authentic versions", authentic, map[string]bool{"ru": true, "zh": true, "en": false})

		// The OTS publishes no Kazakh; a document with a Kazakh version
		// cannot join its meeting.
		kk := newDoc("SCO/KK", "ru", "kk")
		ok(t, db.CreateDocument(ctx, kk))
		wantErr(t, db.LinkDocument(ctx, kk.ID, accord.DocumentLink{MeetingID: f.ots3.ID}), accord.EINVALID, "meeting_id")
		got, err := db.FindDocument(ctx, kk.ID)
		ok(t, err)
		equal(t, "links after the refused link", got.Links, []accord.DocumentLink{{MeetingID: f.sco22.ID}})

		// Once the secretariat declares French a translation language,
		// French versions are filed.
		sco := *f.sco
		sco.TranslationLanguages = append(sco.TranslationLanguages, "fr")
		ok(t, db.UpdateOrganization(ctx, &sco))
		fr.ID, fr.Revision = 0, 0
		ok(t, db.AddDocumentVersion(ctx, &fr))
	})
}
