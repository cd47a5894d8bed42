package http_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDocumentEditWorkspace: every form of a document's edit page brings
// the reader back to that page, at the form's section, and confirms there
// once (not also at the top); a refused form comes back to its section
// too and changes nothing. Without JavaScript: plain forms and redirects.
func TestDocumentEditWorkspace(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		id := itoa(f.docs["SCO/PGM/22/MEASURES-DRAFT"])
		edit := "/documents/" + id + "/edit"

		page := f.do(t, request{path: edit, cookie: sec})
		for _, want := range []string{
			`<h2 id="sections">On this page</h2>`, `<a href="#add-version">Texts in each language</a>`,
			`action="/documents/` + id + `/versions#add-version"`, `action="/documents/` + id + `#metadata"`,
			`<button type="submit">Save the reference, kind and classification</button>`,
		} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the edit page lacks %s", want)
			}
		}
		if strings.Contains(page.body, `>Save</button>`) {
			t.Errorf("the edit page still has a bare Save button")
		}

		before := counts(t, db)
		refused := f.postForm(t, sec, "/documents/"+id+"/versions", url.Values{"form": {"version"}, "lang": {"xx-!!"}, "title": {"T"}, "body": {"B"}})
		if refused.status != 400 || !strings.Contains(refused.body, `action="/documents/`+id+`/versions#add-version"`) || strings.Contains(refused.body, `class="confirmation"`) {
			t.Errorf("a refused version: %d", refused.status)
		}
		if counts(t, db) != before {
			t.Fatalf("a refused version changed the database")
		}

		for _, tc := range []struct {
			route, path, section, confirm string
			form                          url.Values
		}{
			{"document_version_add", "/versions", "add-version", "The version is stored.", url.Values{"form": {"version"}, "lang": {"ru"}, "title": {"Проект"}, "body": {"Текст."}}},
			{"document_update", "", "metadata", "The document is saved.", url.Values{"form": {"metadata"}, "reference": {"SCO/PGM/22/MEASURES-DRAFT"}, "kind": {"other"}, "classification": {"public"}}},
		} {
			res := f.postForm(t, sec, "/documents/"+id+tc.path, tc.form)
			if res.status != 303 || res.header.Get("Location") != edit+"#"+tc.section {
				t.Fatalf("%s: %d to %q, want the edit page's #%s\n%s", tc.route, res.status, res.header.Get("Location"), tc.section, res.body)
			}
			for lang, want := range map[string]string{"en": tc.confirm, "ru": "", "zh": ""} {
				back := f.do(t, request{path: edit + "?lang=" + lang, cookie: sec, header: map[string]string{"Cookie": "accord_flash=" + tc.route}})
				if n := strings.Count(back.body, `class="confirmation"`); n != 1 {
					t.Errorf("%s %s: %d confirmations, want 1", tc.route, lang, n)
				}
				at := strings.Index(back.body, `<h2 id="`+tc.section+`">`)
				conf := strings.Index(back.body, `class="confirmation"`)
				next := strings.Index(back.body[at+1:], `<h2 id=`)
				if at < 0 || conf < at || next >= 0 && conf > at+1+next {
					t.Errorf("%s %s: the confirmation is not in section %s", tc.route, lang, tc.section)
				}
				if want != "" && !strings.Contains(back.body, want) {
					t.Errorf("%s: no %q", tc.route, want)
				}
			}
		}
		// An upload from the page's form comes back to the files.
		d0, err := db.FindDocument(context.Background(), f.docs["SCO/PGM/22/MEASURES-DRAFT"])
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("form", "file")
		_ = mw.WriteField("lang", "en")
		fw, _ := mw.CreateFormFile("file", "draft.pdf")
		_, _ = fw.Write(samplePDF)
		_ = mw.Close()
		up := f.do(t, request{method: "POST", path: "/documents/" + id + "/attachments", cookie: sec, body: body.String(),
			header: map[string]string{"Content-Type": mw.FormDataContentType()}})
		if up.status != 303 || up.header.Get("Location") != edit+"#attach" {
			t.Errorf("an upload from the page: %d to %q", up.status, up.header.Get("Location"))
		}
		d, err := db.FindDocument(context.Background(), f.docs["SCO/PGM/22/MEASURES-DRAFT"])
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Attachments) != len(d0.Attachments)+1 {
			t.Errorf("the upload is not kept: %d attachments, %d before", len(d.Attachments), len(d0.Attachments))
		}
		if v, ok := d.Version("ru"); !ok || v.Title != "Проект" {
			t.Errorf("the Russian version is not stored: %+v", d.Versions)
		}

		// A page that confirms at the top still does, where no section
		// takes it.
		other := f.do(t, request{path: "/documents", cookie: sec, header: map[string]string{"Cookie": "accord_flash=document_update"}})
		if !strings.Contains(other.body, `<p class="confirmation" role="status"><span aria-hidden="true">✓ </span>The document is saved.</p>`) {
			t.Errorf("the documents list does not confirm")
		}
	})
}

// TestPreparingShortcuts: the desk leads to a new meeting's form, and the
// meeting page to a new document for that meeting, each offered only to
// those the policy lets do it (the press and the public see neither).
func TestPreparingShortcuts(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		newMeeting := `<a href="/organizations/SCO/bodies/PGM/meetings/new">Prepare a meeting of `
		xxii := "/organizations/SCO/bodies/PGM/meetings/22"
		m, err := db.FindMeeting(context.Background(), "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		addDoc := `<a href="/documents/new?meeting=` + itoa(m.ID) + `">Add a document to this meeting</a>`
		for _, c := range []struct {
			role           string
			desk, document bool
		}{
			{roleSecretariat, true, true},
			{roleDelegation, false, true},
			{roleHead, false, true},
			{rolePress, false, false},
			{rolePublic, false, false},
		} {
			cookie := f.session(t, c.role)
			if c.role != rolePublic {
				if desk := f.do(t, request{path: "/desk", cookie: cookie}); strings.Contains(desk.body, newMeeting) != c.desk {
					t.Errorf("%s: the desk offers a new meeting: %v, want %v", c.role, !c.desk, c.desk)
				}
			}
			page := f.do(t, request{path: xxii, cookie: cookie})
			if strings.Contains(page.body, addDoc) != c.document {
				t.Errorf("%s: the meeting page offers a new document: %v, want %v", c.role, !c.document, c.document)
			}
			if c.document {
				form := f.do(t, request{path: "/documents/new?meeting=" + itoa(m.ID), cookie: cookie})
				if form.status != 200 || !strings.Contains(form.body, `name="meeting_id" value="`+itoa(m.ID)+`"`) {
					t.Errorf("%s: the new document's form for XXII: %d", c.role, form.status)
				}
			}
		}
	})
}

// TestAgendaSeveralItems: the agenda takes several items in one form, one
// title a line, all or none; a refused form changes nothing.
func TestAgendaSeveralItems(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		agenda := "/organizations/SCO/bodies/PGM/meetings/22/agenda"
		m, err := db.FindMeeting(context.Background(), "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		before, err := db.ListAgenda(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		page := f.do(t, request{path: agenda, cookie: sec})
		if !strings.Contains(page.body, `<textarea id="form-organizations-SCO-bodies-PGM-meetings-22-agenda-several-titles" name="titles"`) {
			t.Fatalf("the agenda page has no form for several items")
		}
		snapshot := counts(t, db)
		for name, in := range map[string]url.Values{
			"no title":   {"kind": {"statement"}, "titles": {"\r\n  \r\n"}},
			"a bad kind": {"kind": {"lunch"}, "titles": {"Lunch\r\nCoffee"}},
		} {
			if res := f.postForm(t, sec, agenda+"/several", in); res.status != 400 {
				t.Errorf("%s: %d", name, res.status)
			}
		}
		if counts(t, db) != snapshot {
			t.Fatalf("a refused form changed the database")
		}
		res := f.postForm(t, sec, agenda+"/several?lang=ru", url.Values{"kind": {"report"}, "titles": {"Доклад секретариата\r\n\r\nДоклад председателя\r\n"}})
		if res.status != 303 || res.header.Get("Location") != agenda {
			t.Fatalf("several items: %d %s", res.status, res.header.Get("Location"))
		}
		after, err := db.ListAgenda(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+2 || after[len(after)-2].Title["ru"] != "Доклад секретариата" || after[len(after)-1].Title["ru"] != "Доклад председателя" ||
			after[len(after)-1].Kind != "report" || after[len(after)-1].Position != len(before)+2 {
			t.Errorf("the agenda after adding two items: %d items, was %d", len(after), len(before))
		}
	})
}
