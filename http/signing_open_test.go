package http_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestOpeningAsksFirst: the signing page shows the secretariat the
// signatories that opening would fix, and opening from the page needs the
// confirming box; without it nothing is opened and the database is as it
// was. Once opened, the page confirms it.
func TestOpeningAsksFirst(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		d := &accord.Document{Reference: "SCO/PGM/22/COMMUNIQUE", Kind: accord.DocOther, Classification: accord.Public,
			AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: m.ID}},
			Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Коммюнике", Body: "Текст."}, {Lang: "zh", Title: "公报", Body: "文本。"},
				{Lang: "en", Title: "Communiqué", Body: "Text."}}}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		id := itoa(d.ID)
		sec := f.session(t, roleSecretariat)
		want, err := db.PreviewSigning(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		page := f.do(t, request{path: "/documents/" + id + "/signing", cookie: sec})
		if page.status != 200 || !strings.Contains(page.body, `<input type="checkbox" name="confirm" value="yes" required>`) {
			t.Fatalf("the signing page does not ask to confirm the opening: %d\n%s", page.status, page.body)
		}
		if len(want.Required) < 2 {
			t.Fatalf("preview: %d signatories", len(want.Required))
		}
		for _, sg := range want.Required {
			if !strings.Contains(page.body, sg.Names.Get("en")) {
				t.Errorf("the preview does not name %s", sg.State)
			}
		}
		if !strings.Contains(page.body, "Signatories: "+itoa(int64(len(want.Required)))) {
			t.Errorf("the preview does not count the signatories")
		}
		if ru := f.do(t, request{path: "/documents/" + id + "/signing?lang=ru", cookie: sec}); !strings.Contains(ru.body, "Подписанты: ") {
			t.Errorf("the preview is not in Russian")
		}
		before := counts(t, db)
		for _, c := range []struct {
			name string
			form url.Values
		}{
			{"no box", url.Values{}},
			{"box not ticked", url.Values{"confirm": {""}}},
			{"another value", url.Values{"confirm": {"on"}}},
		} {
			res := f.postForm(t, sec, "/documents/"+id+"/signing", c.form)
			if res.status != 400 || !strings.Contains(res.body, "tick the box to confirm: the signatories and the versions are fixed") ||
				!strings.Contains(res.body, `aria-invalid="true"`) {
				t.Errorf("%s: %d\n%.2000s", c.name, res.status, res.body)
			}
			if _, err := db.FindSigning(ctx, d.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Fatalf("%s: an unconfirmed opening opened the signing: %v", c.name, err)
			}
			if counts(t, db) != before {
				t.Fatalf("%s: an unconfirmed opening changed the database", c.name)
			}
		}
		if zh := f.postForm(t, sec, "/documents/"+id+"/signing?lang=zh", url.Values{}); !strings.Contains(zh.body, "请勾选以确认") {
			t.Errorf("the refusal is not in Chinese")
		}
		res := f.postForm(t, sec, "/documents/"+id+"/signing", url.Values{"confirm": {"yes"}})
		if res.status != 303 {
			t.Fatalf("confirmed opening: %d %s", res.status, res.body)
		}
		sg, err := db.FindSigning(ctx, d.ID)
		if err != nil || len(sg.Required) != len(want.Required) {
			t.Fatalf("the signing opened: %v", err)
		}
		for i := range sg.Required {
			if sg.Required[i].State != want.Required[i].State {
				t.Errorf("signatory %d: opened %s, previewed %s", i, sg.Required[i].State, want.Required[i].State)
			}
		}
		cookie := ""
		for _, c := range res.header.Values("Set-Cookie") {
			if strings.HasPrefix(c, "accord_flash=") {
				cookie, _, _ = strings.Cut(c, ";")
			}
		}
		after := f.do(t, request{path: "/documents/" + id + "/signing", cookie: sec, header: map[string]string{"Cookie": cookie}})
		if cookie == "" || !strings.Contains(after.body, "The document is open for signature.") {
			t.Errorf("the opening is not confirmed (cookie %q)", cookie)
		}
	})
}
