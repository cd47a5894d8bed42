package sqlstore_test

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// audits returns the actions of the audit records on resource, oldest
// first.
func audits(t *testing.T, db *sqlstore.DB, resource string) []string {
	t.Helper()
	rs, _, err := db.ListAudit(t.Context(), accord.AuditFilter{Resource: resource})
	ok(t, err)
	var out []string
	for i := len(rs) - 1; i >= 0; i-- {
		out = append(out, rs[i].Action)
	}
	return out
}

func TestUpdateDocument(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		other := &accord.Document{Reference: "SCO/PGM/XXII/OTHER", Kind: accord.DocOther, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
			Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}}, Versions: []accord.DocumentVersion{{Lang: "en", Title: "Other", Body: "Text"}}}
		ok(t, db.CreateDocument(ctx, other))
		before, err := db.FindDocument(ctx, f.protocol.ID)
		ok(t, err)

		for _, c := range []struct {
			name        string
			change      func(d *accord.Document)
			code, field string
		}{
			{"a reference in use", func(d *accord.Document) { d.Reference = other.Reference }, accord.ECONFLICT, ""},
			{"an unknown recipient", func(d *accord.Document) { d.Classification, d.Recipients = accord.Confidential, []string{"XX"} }, accord.EINVALID, "recipients[0]"},
			{"recipients of a public document", func(d *accord.Document) { d.Classification, d.Recipients = accord.Public, []string{"PK"} }, accord.EINVALID, "recipients"},
			{"another author", func(d *accord.Document) { d.AuthorKind = accord.AuthorSecretariat }, accord.EINVALID, "author_kind"},
			{"no such document", func(d *accord.Document) { d.ID = 999999 }, accord.ENOTFOUND, ""},
		} {
			d := *before
			c.change(&d)
			wantErr(t, db.UpdateDocument(ctx, &d), c.code, c.field)
		}
		got, err := db.FindDocument(ctx, f.protocol.ID)
		ok(t, err)
		equal(t, "the document after refused edits", got, before)

		d := *before
		d.Reference, d.Kind, d.Classification, d.Recipients = "SCO/PGM/XXII/PROTOCOL/FINAL", accord.DocDeclaration, accord.Confidential, []string{"PK", "KZ"}
		ok(t, db.UpdateDocument(ctx, &d))
		got, err = db.FindDocument(ctx, f.protocol.ID)
		ok(t, err)
		if got.Reference != d.Reference || got.Kind != d.Kind || got.Classification != accord.Confidential || strings.Join(got.Recipients, ",") != "KZ,PK" {
			t.Errorf("after the edit: %+v", got)
		}
		equal(t, "versions after the edit", got.Versions, before.Versions)
		rs, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: "document.update"})
		ok(t, err)
		if len(rs) != 1 || !strings.Contains(rs[0].Before, `"classification":"restricted"`) || !strings.Contains(rs[0].After, `"recipients":["PK","KZ"]`) {
			t.Errorf("audit of the edit: %+v", rs)
		}
	})
}

func TestLinkDocument(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		id := f.protocol.ID
		wantErr(t, db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: 999999}), accord.EINVALID, "meeting_id")
		wantErr(t, db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: f.ots3.ID, AgendaItemID: f.opening.ID}), accord.EINVALID, "agenda_item_id")
		wantErr(t, db.LinkDocument(ctx, 999999, accord.DocumentLink{MeetingID: f.ots3.ID}), accord.ENOTFOUND, "")
		ok(t, db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: f.ots3.ID}))
		// Linking again moves the link to another agenda item.
		ok(t, db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: f.ots3.ID, AgendaItemID: f.otsItem.ID}))
		ok(t, db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: f.sco22.ID}))
		d, err := db.FindDocument(ctx, id)
		ok(t, err)
		equal(t, "links", d.Links, []accord.DocumentLink{{MeetingID: f.sco22.ID}, {MeetingID: f.ots3.ID, AgendaItemID: f.otsItem.ID}})

		wantErr(t, db.UnlinkDocument(ctx, id, 999999), accord.ENOTFOUND, "")
		ok(t, db.UnlinkDocument(ctx, id, f.sco22.ID))
		wantErr(t, db.UnlinkDocument(ctx, id, f.ots3.ID), accord.EINVALID, "meeting_id") // the last link
		equal(t, "audit", audits(t, db, "document/"+itoa(id)+"/meeting/"),
			[]string{"document.link", "document.link", "document.link", "document.unlink"})

		// The meeting the author delegation attends says who wrote it.
		byKG := &accord.Document{Reference: "KG/STATEMENT", Kind: accord.DocStatement, Classification: accord.Public, AuthorKind: accord.AuthorDelegation,
			AuthorDelegationID: f.kg.ID, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}, {MeetingID: f.ots3.ID}}, Versions: []accord.DocumentVersion{}}
		ok(t, db.CreateDocument(ctx, byKG))
		wantErr(t, db.UnlinkDocument(ctx, byKG.ID, f.sco22.ID), accord.EINVALID, "meeting_id")
		ok(t, db.UnlinkDocument(ctx, byKG.ID, f.ots3.ID))
	})
}

func TestWithdrawnDocumentKeepsItsHistory(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		id := f.protocol.ID
		ok(t, db.AddDocumentVersion(ctx, &accord.DocumentVersion{DocumentID: id, Lang: "ru", Title: "Протокол", Body: "Исправленный текст"}))
		att := &accord.Attachment{DocumentID: id, Lang: "ru", Name: "протокол.pdf", MediaType: accord.MediaPDF, Size: 42, SHA256: strings.Repeat("0a", 32)}
		ok(t, db.AddAttachment(ctx, att, nil))
		before, err := db.FindDocument(ctx, id)
		ok(t, err)

		wantErr(t, db.WithdrawDocument(ctx, id, " "), accord.EINVALID, "reason")
		ok(t, db.WithdrawDocument(ctx, id, "Replaced by the signed protocol"))
		d, err := db.FindDocument(ctx, id)
		ok(t, err)
		if !d.Withdrawn() || d.WithdrawalReason != "Replaced by the signed protocol" || !d.WithdrawnAt.Equal(sqltest.Now()) {
			t.Errorf("withdrawal not recorded: %v %q", d.WithdrawnAt, d.WithdrawalReason)
		}
		equal(t, "versions", d.Versions, before.Versions)
		equal(t, "attachments", d.Attachments, before.Attachments)
		equal(t, "links", d.Links, before.Links)
		if len(d.Versions) != 3 {
			t.Errorf("%d versions, want both revisions in ru and the zh one", len(d.Versions))
		}

		// Lists leave it out unless asked; it changes no more.
		ds, err := db.ListDocuments(ctx, accord.DocumentFilter{})
		ok(t, err)
		if len(ds) != 0 {
			t.Errorf("the withdrawn document is listed: %d", len(ds))
		}
		ds, err = db.ListDocuments(ctx, accord.DocumentFilter{IncludeWithdrawn: true})
		ok(t, err)
		if len(ds) != 1 {
			t.Errorf("asked for, the withdrawn document is not listed: %d", len(ds))
		}
		wantErr(t, db.WithdrawDocument(ctx, id, "again"), accord.ECONFLICT, "")
		next := *d
		next.Kind = accord.DocOther
		wantErr(t, db.UpdateDocument(ctx, &next), accord.ECONFLICT, "")
		wantErr(t, db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: f.ots3.ID}), accord.ECONFLICT, "")
		wantErr(t, db.AddAttachment(ctx, &accord.Attachment{DocumentID: id, Name: "b.pdf", MediaType: accord.MediaPDF, Size: 1, SHA256: strings.Repeat("0b", 32)}, nil), accord.ECONFLICT, "")
		equal(t, "audit", audits(t, db, "document/"+itoa(id)), []string{"document.create", "document_version.create", "attachment.create", "document.withdraw"})
	})
}

// keeper is a staged file of another store, which AddAttachment keeps by
// calling its Keep: here, a function.
type keeper func() error

func (k keeper) Keep() error                     { return k() }
func (keeper) Write(p []byte) (int, error)       { return len(p), nil }
func (keeper) ReadAt([]byte, int64) (int, error) { return 0, io.EOF }
func (keeper) Size() int64                       { return 0 }
func (keeper) SHA256() string                    { return "" }
func (keeper) Discard() error                    { return nil }

func TestAttachments(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		id := f.protocol.ID
		kept := 0
		keep := keeper(func() error { kept++; return nil })
		pdf := accord.Attachment{DocumentID: id, Lang: "ru", Name: "Протокол.pdf", MediaType: accord.MediaPDF, Size: 1234, SHA256: strings.Repeat("ab", 32)}

		// Refused records keep no file; a file that cannot be kept leaves
		// no record.
		bad := pdf
		bad.Lang = "Russian"
		wantErr(t, db.AddAttachment(ctx, &bad, keep), accord.EINVALID, "lang")
		missing := pdf
		missing.DocumentID = 999999
		wantErr(t, db.AddAttachment(ctx, &missing, keep), accord.ENOTFOUND, "")
		failing := pdf
		if err := db.AddAttachment(ctx, &failing, keeper(func() error { return errors.New("disk full") })); accord.ErrorCode(err) != accord.EINTERNAL {
			t.Fatalf("a failed keep: %v", err)
		}
		d, err := db.FindDocument(ctx, id)
		ok(t, err)
		if kept != 0 || len(d.Attachments) != 0 {
			t.Fatalf("refused attachments left %d files and %d records", kept, len(d.Attachments))
		}

		a, b := pdf, pdf
		b.Name, b.Lang, b.MediaType, b.Size = "message.webm", "", accord.MediaWebM, 400<<20
		ok(t, db.AddAttachment(ctx, &a, keep))
		ok(t, db.AddAttachment(ctx, &b, keep))
		if kept != 2 || a.ID == 0 || !a.CreatedAt.Equal(sqltest.Now()) {
			t.Fatalf("kept %d, stored %+v", kept, a)
		}
		wantErr(t, db.WithdrawAttachment(ctx, id, a.ID, ""), accord.EINVALID, "reason")
		wantErr(t, db.WithdrawAttachment(ctx, id, 999999, "wrong file"), accord.ENOTFOUND, "")
		wantErr(t, db.WithdrawAttachment(ctx, id+1, a.ID, "wrong file"), accord.ENOTFOUND, "")
		ok(t, db.WithdrawAttachment(ctx, id, a.ID, "wrong file"))
		wantErr(t, db.WithdrawAttachment(ctx, id, a.ID, "wrong file"), accord.ECONFLICT, "")

		d, err = db.FindDocument(ctx, id)
		ok(t, err)
		a.WithdrawnAt, a.WithdrawalReason = sqltest.Now(), "wrong file"
		equal(t, "attachments", d.Attachments, []accord.Attachment{a, b})
		equal(t, "audit", audits(t, db, "document/"+itoa(id)+"/attachment/"), []string{"attachment.create", "attachment.create", "attachment.withdraw"})
	})
}

func TestDocumentFilters(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		var ids []int64
		for i, c := range []struct {
			meeting int64
			kind    accord.DocumentKind
			lang    string
		}{{f.ots3.ID, accord.DocStatement, "en"}, {f.ots3.ID, accord.DocReport, "tr"}, {f.sco22.ID, accord.DocStatement, "ru"}} {
			d := &accord.Document{Reference: "DOC/" + itoa(int64(i)), Kind: c.kind, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
				Links: []accord.DocumentLink{{MeetingID: c.meeting}}, Versions: []accord.DocumentVersion{{Lang: c.lang, Title: "T", Body: "B"}}}
			ok(t, db.CreateDocument(ctx, d))
			ids = append(ids, d.ID)
		}
		p := f.protocol.ID // sco22, protocol, ru and zh
		for _, c := range []struct {
			filter accord.DocumentFilter
			want   []int64
		}{
			{accord.DocumentFilter{Organization: "OTS"}, []int64{ids[0], ids[1]}},
			{accord.DocumentFilter{Organization: "SCO"}, []int64{p, ids[2]}},
			{accord.DocumentFilter{Kind: accord.DocStatement}, []int64{ids[0], ids[2]}},
			{accord.DocumentFilter{Lang: "ru"}, []int64{p, ids[2]}},
			{accord.DocumentFilter{Organization: "SCO", Lang: "zh"}, []int64{p}},
			{accord.DocumentFilter{Limit: 2}, []int64{ids[1], ids[2]}},
			{accord.DocumentFilter{Limit: 2, Offset: 2}, []int64{p, ids[0]}},
			{accord.DocumentFilter{Kind: accord.DocStatement, Limit: 1, Offset: 1}, []int64{ids[0]}},
		} {
			ds, err := db.ListDocuments(ctx, c.filter)
			ok(t, err)
			var got []int64
			for _, d := range ds {
				got = append(got, d.ID)
			}
			equal(t, fmt.Sprintf("documents %+v", c.filter), got, c.want)
		}
	})
}
