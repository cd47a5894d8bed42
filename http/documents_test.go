package http_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/filestore"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

var samplePDF = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// attachFixtureFiles gives the fixture a file store and a PDF attached to
// a public, a restricted and a confidential document.
func (f *fixture) attachFixtureFiles(t *testing.T) {
	t.Helper()
	var err error
	if f.files, err = filestore.New(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	f.atts = map[string]int64{}
	ctx := context.Background()
	for _, ref := range []string{"SCO/PGM/22/PROTOCOL", "SCO/PGM/22/MEASURES-DRAFT", "SCO/PGM/22/IN/CONFIDENTIAL"} {
		staged, err := f.files.Stage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		staged.Write(append(bytes.Clone(samplePDF), ref...))
		a := &accord.Attachment{DocumentID: f.docs[ref], Lang: "en", Name: "file.pdf", MediaType: accord.MediaPDF, Size: staged.Size(), SHA256: staged.SHA256()}
		if err := f.db.AddAttachment(ctx, a, staged); err != nil {
			t.Fatal(err)
		}
		f.atts[ref] = a.ID
	}
}

var placeholder = regexp.MustCompile(`\{(doc|att|meeting|delegation|user|measure|obligation|round):([^}]+)\}`)

// expand replaces the matrix's placeholders with ids: {doc:REF} and
// {att:REF} (the first attachment of document REF), {meeting:ORG/BODY/N}
// and {delegation:ORG/BODY/N/STATE}.
func (f *fixture) expand(t *testing.T, s string) string {
	t.Helper()
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		p := placeholder.FindStringSubmatch(m)
		var id int64
		switch p[1] {
		case "doc":
			id = f.docs[p[2]]
		case "att":
			id = f.atts[p[2]]
		case "user":
			id = f.users[p[2]].ID
		case "measure", "obligation", "round":
			id = f.followUpID(t, p[1], p[2])
		default:
			parts := strings.Split(p[2], "/")
			n, _ := strconv.Atoi(parts[2])
			meeting, err := f.db.FindMeeting(context.Background(), parts[0], parts[1], n)
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			id = meeting.ID
			if p[1] == "delegation" {
				id = 0
				ds, err := f.db.ListDelegations(context.Background(), meeting.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range ds {
					if d.State == parts[3] {
						id = d.ID
					}
				}
			}
		}
		if id == 0 {
			t.Fatalf("nothing is %s", m)
		}
		return strconv.FormatInt(id, 10)
	})
}

// documentsMatrix says who may use the routes that list, write and serve
// documents and their files. Refusals of bad input (400) show who passed
// the policy without changing anything.
func documentsMatrix() map[string][]matrixCase {
	writers := every(403, rolePublic, 401, roleSecretariat, 400) // of the chair's protocol: the secretariat
	return map[string][]matrixCase{
		"documents":    {{path: "/documents", want: every(200)}, {path: "/documents?kind=protocol&q=xxii&page=1", want: every(200)}, {path: "/documents?kind=poem", want: every(400)}},
		"document_new": {{path: "/documents/new", want: every(403, rolePublic, 401, roleDelegation, 200, roleOtherOrg, 200, roleHead, 200, roleSecretariat, 200)}},
		"document_create": {{method: "POST", path: "/documents",
			body: `{"meeting_id":"{meeting:SCO/PGM/22}","author":"delegation:{delegation:SCO/PGM/22/IN}","reference":"bad reference!","kind":"statement","classification":"public","lang":"en","title":"T","body":"B"}`,
			want: every(403, rolePublic, 401, roleDelegation, 400, roleSecretariat, 400)}},
		"document_edit": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/edit", want: every(403, rolePublic, 401, roleSecretariat, 200)},
			{path: "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}/edit", want: every(404, roleDelegation, 200, roleHead, 403)},
		},
		"document_update": {
			{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}", body: `{"reference":"bad ref!"}`, want: writers},
			{method: "POST", path: "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}", body: `{"reference":"bad ref!"}`, want: every(404, roleDelegation, 400, roleHead, 403)},
		},
		"document_version_add": {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/versions", body: `{"lang":"English","title":"T","body":"B"}`, want: writers}},
		"document_link": {
			{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/links", body: `{"meeting_id":"0"}`, want: writers},
			// The SCO's secretariat files nothing with the OTS.
			{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/links", body: `{"meeting_id":"{meeting:OTS/CGP/3}"}`, want: every(403, rolePublic, 401)},
		},
		"document_unlink":   {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/links/{meeting:SCO/PGM/22}/delete", want: writers}},
		"document_withdraw": {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/withdraw", body: `{"reason":""}`, want: writers}},
		"attachment_upload": {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/attachments", body: `{"lang":"en"}`, want: writers}},
		"attachment": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/attachments/{att:SCO/PGM/22/PROTOCOL}", want: every(200)},
			{path: "/documents/{doc:SCO/PGM/22/MEASURES-DRAFT}/attachments/{att:SCO/PGM/22/MEASURES-DRAFT}", want: every(404, roleDelegation, 200, roleHead, 200, roleChair, 200, roleSecretariat, 200)},
			{path: "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}/attachments/{att:SCO/PGM/22/IN/CONFIDENTIAL}", want: every(404, roleDelegation, 200, roleHead, 200)},
			// An attachment is found only under its own document.
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/attachments/{att:SCO/PGM/22/IN/CONFIDENTIAL}", want: every(404)},
		},
		"attachment_withdraw": {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/attachments/{att:SCO/PGM/22/PROTOCOL}/withdraw", body: `{"reason":""}`, want: writers}},
	}
}

// upload builds a multipart body with fields and one file.
func upload(t *testing.T, fields map[string]string, name string, content []byte) (string, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if name != "" {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	return b.String(), map[string]string{"Content-Type": w.FormDataContentType()}
}

func docx(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("[Content_Types].xml")
	w.Write([]byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// storedFiles counts the files kept and staged under the store's folder.
func storedFiles(t *testing.T, f *fixture) int {
	t.Helper()
	n := 0
	root := filepath.Dir(filepath.Dir(f.files.Path(strings.Repeat("0", 64))))
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	return n
}

func docJSON[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(res.body), &v); err != nil {
		t.Fatalf("%d %s: %v", res.status, res.body, err)
	}
	return v
}

// TestDelegationUploadsStatement walks what a delegation officer of India
// does from a phone: a statement in English, its Russian version, the
// Russian PDF, and what the public then sees.
func TestDelegationUploadsStatement(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		officer := f.session(t, roleDelegation)
		created := f.do(t, request{method: "POST", path: "/api/v1/documents", cookie: officer,
			body: f.expand(t, `{"meeting_id":{meeting:SCO/PGM/22},"author":"delegation:{delegation:SCO/PGM/22/IN}","reference":"SCO/PGM/22/STATEMENT/IN",`+
				`"kind":"statement","classification":"restricted","lang":"en","title":"Statement of India","body":"India supports the measures."}`)})
		if created.status != 201 {
			t.Fatalf("create: %d %s", created.status, created.body)
		}
		id := docJSON[struct{ Document accord.Document }](t, created).Document.ID
		doc := "/api/v1/documents/" + strconv.FormatInt(id, 10)
		if res := f.do(t, request{method: "POST", path: doc + "/versions", cookie: officer, body: `{"lang":"ru","title":"Заявление Индии","body":"Индия поддерживает меры."}`}); res.status != 201 {
			t.Fatalf("ru version: %d %s", res.status, res.body)
		}
		body, h := upload(t, map[string]string{"lang": "ru"}, "Заявление Индии.pdf", samplePDF)
		res := f.do(t, request{method: "POST", path: doc + "/attachments", cookie: officer, body: body, header: h})
		if res.status != 201 {
			t.Fatalf("upload: %d %s", res.status, res.body)
		}
		a := docJSON[struct {
			Attachment accord.Attachment
			URL        string
		}](t, res)
		if a.Attachment.MediaType != accord.MediaPDF || a.Attachment.Lang != "ru" || a.Attachment.Size != int64(len(samplePDF)) {
			t.Fatalf("stored %+v", a.Attachment)
		}
		if _, err := os.Stat(f.files.Path(a.Attachment.SHA256)); err != nil {
			t.Fatalf("the file is not under its hash: %v", err)
		}

		got := f.do(t, request{path: a.URL, cookie: officer})
		for k, want := range map[string]string{
			"Content-Type":           "application/pdf",
			"Content-Length":         strconv.Itoa(len(samplePDF)),
			"Content-Disposition":    `attachment; filename="_________ _____.pdf"; filename*=UTF-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5%20%D0%98%D0%BD%D0%B4%D0%B8%D0%B8.pdf`,
			"X-Content-Type-Options": "nosniff",
			"Etag":                   `"` + a.Attachment.SHA256 + `"`,
		} {
			if got.header.Get(k) != want {
				t.Errorf("%s: %q, want %q", k, got.header.Get(k), want)
			}
		}
		if got.status != 200 || got.body != string(samplePDF) {
			t.Errorf("download: %d %q", got.status, got.body)
		}
		// Video players ask for ranges.
		if r := f.do(t, request{path: a.URL, cookie: officer, header: map[string]string{"Range": "bytes=0-4"}}); r.status != 206 || r.body != "%PDF-" {
			t.Errorf("range: %d %q", r.status, r.body)
		}
		// The statement is restricted: the public and another council's
		// officer are told it does not exist, file and all.
		for _, role := range []string{rolePublic, roleOtherOrg, rolePress} {
			if r := f.do(t, request{path: a.URL, cookie: f.session(t, role)}); r.status != 404 || strings.Contains(r.body, "PDF") {
				t.Errorf("as %s: %d", role, r.status)
			}
		}
		page := f.do(t, request{path: "/documents/" + strconv.FormatInt(id, 10) + "?lang=ru", cookie: officer})
		for _, want := range []string{"Заявление Индии.pdf", "Заявление Индии", `href="/documents/` + strconv.FormatInt(id, 10) + `/edit"`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the document page lacks %q", want)
			}
		}
	})
}

// TestUploadRefusals: a file that is not what its name says, or over its
// limit, is refused next to the file field, and nothing is stored: no
// record, no file, nothing left in the staging area.
func TestUploadRefusals(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		officer := f.session(t, roleDelegation)
		id := f.docs["SCO/PGM/22/IN/CONFIDENTIAL"]
		path := "/api/v1/documents/" + strconv.FormatInt(id, 10) + "/attachments"
		before := storedFiles(t, f)
		big := append(bytes.Clone(samplePDF), make([]byte, 25<<20)...)
		for _, c := range []struct {
			name    string
			file    string
			content []byte
			fields  map[string]string
			field   string
		}{
			{"a PDF named .docx", "statement.docx", samplePDF, nil, "file"},
			{"text named .pdf", "statement.pdf", []byte("I am not a PDF.\n"), nil, "file"},
			{"a DOCX named .pdf", "statement.pdf", docx(t), nil, "file"},
			{"an HTML page", "statement.html", []byte("<script>alert(1)</script>"), nil, "file"},
			{"over the limit", "statement.pdf", big, nil, "file"},
			{"no file", "", nil, nil, "file"},
			{"an unknown language", "statement.pdf", samplePDF, map[string]string{"lang": "Russian"}, "lang"},
		} {
			body, h := upload(t, c.fields, c.file, c.content)
			res := f.do(t, request{method: "POST", path: path, cookie: officer, body: body, header: h})
			e := docJSON[struct{ Error struct{ Code, Field string } }](t, res)
			if res.status != 400 || e.Error.Field != c.field {
				t.Errorf("%s: %d %s", c.name, res.status, res.body)
			}
		}
		d, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Attachments) != 1 || storedFiles(t, f) != before {
			t.Errorf("refused uploads left %d attachments (want the fixture's 1) and %d files (want %d)", len(d.Attachments), storedFiles(t, f), before)
		}

		// The form comes back with the language kept and the error next to
		// the file field.
		body, h := upload(t, map[string]string{"form": "file", "lang": "ru"}, "statement.docx", samplePDF)
		res := f.do(t, request{method: "POST", path: "/documents/" + strconv.FormatInt(id, 10) + "/attachments", cookie: officer, body: body, header: h})
		for _, want := range []string{`id="f-file-error"`, "is not what its name says", `<option value="ru" selected>`} {
			if res.status != 400 || !strings.Contains(res.body, want) {
				t.Errorf("refused form (%d) lacks %q", res.status, want)
			}
		}
	})
}

// TestDocumentForms creates a document through the HTML form: a refused
// form keeps what was typed and shows the error next to its field.
func TestDocumentForms(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		officer := f.session(t, roleDelegation)
		meeting := f.expand(t, "{meeting:SCO/PGM/22}")
		form := f.do(t, request{path: "/documents/new?meeting=" + meeting + "&lang=ru", cookie: officer})
		author := "delegation:" + f.expand(t, "{delegation:SCO/PGM/22/IN}")
		for _, want := range []string{`name="reference"`, `value="` + author + `"`, `name="recipients" value="PK"`, "Заголовок"} {
			if form.status != 200 || !strings.Contains(form.body, want) {
				t.Errorf("the form (%d) lacks %q", form.status, want)
			}
		}
		if strings.Contains(form.body, `value="secretariat"`) {
			t.Error("a delegation officer is offered to write as the secretariat")
		}
		in := url.Values{"meeting_id": {meeting}, "author": {author}, "reference": {"SCO/PGM/22/STATEMENT IN"}, "kind": {"statement"},
			"classification": {"confidential"}, "recipients": {"PK"}, "lang": {"ru"}, "title": {"Заявление <b>Индии</b>"}, "body": {"Текст"}}
		post := func(in url.Values) response {
			return f.do(t, request{method: "POST", path: "/documents", cookie: officer, body: in.Encode(),
				header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
		}
		res := post(in)
		for _, want := range []string{`id="reference-error"`, `value="SCO/PGM/22/STATEMENT IN"`, `value="Заявление &lt;b&gt;Индии&lt;/b&gt;"`, `value="PK" checked`} {
			if res.status != 400 || !strings.Contains(res.body, want) {
				t.Errorf("the refused form (%d) lacks %q", res.status, want)
			}
		}
		in.Set("reference", "SCO/PGM/22/STATEMENT/IN")
		res = post(in)
		if res.status != 303 || !strings.HasPrefix(res.header.Get("Location"), "/documents/") {
			t.Fatalf("create: %d %s", res.status, res.header.Get("Location"))
		}
		page := f.do(t, request{path: res.header.Get("Location"), cookie: officer})
		if !strings.Contains(page.body, "Заявление &lt;b&gt;Индии&lt;/b&gt;") {
			t.Error("the new document's page does not show its title as text")
		}
		// A confidential statement of India for Pakistan: the public never
		// reaches it.
		if r := f.do(t, request{path: res.header.Get("Location")}); r.status != 404 {
			t.Errorf("the public reads the confidential statement: %d", r.status)
		}
	})
}

// TestDocumentListsNeverLeak: lists, counts and searches show a reader only
// what a direct read would.
func TestDocumentListsNeverLeak(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		type list struct {
			Total     int
			Documents []struct{ Reference string }
		}
		for _, role := range matrixRoles {
			cookie := f.session(t, role)
			allowed := role == roleDelegation || role == roleHead
			all := docJSON[list](t, f.do(t, request{path: "/api/v1/documents", cookie: cookie}))
			for _, q := range []string{"?q=confidential", "?classification=confidential", "?q=INDIA&organization=SCO", "?lang=en&kind=other"} {
				l := docJSON[list](t, f.do(t, request{path: "/api/v1/documents" + q, cookie: cookie}))
				found := slicesContains(l.Documents, "SCO/PGM/22/IN/CONFIDENTIAL")
				if found != allowed || l.Total != len(l.Documents) || q != "?lang=en&kind=other" && l.Total != len(l.Documents[:min(len(l.Documents), 1)]) {
					t.Errorf("%s as %s: total %d, lists the confidential note: %v", q, role, l.Total, found)
				}
			}
			if slicesContains(all.Documents, "SCO/PGM/22/IN/CONFIDENTIAL") != allowed || len(all.Documents) != all.Total {
				t.Errorf("all documents as %s: %d of %d", role, len(all.Documents), all.Total)
			}
			page := f.do(t, request{path: "/documents?q=Confidential", cookie: cookie})
			if strings.Contains(page.body, "Confidential note of India") != allowed {
				t.Errorf("the list page as %s shows the confidential note: %v", role, !allowed)
			}
		}
		// Paging: 2 documents a page would need more; the public's count
		// of everything is its own.
		public := docJSON[list](t, f.do(t, request{path: "/api/v1/documents"}))
		second := docJSON[struct{ Page, Pages int }](t, f.do(t, request{path: "/api/v1/documents?page=2"}))
		if public.Total == 0 || second.Page != 2 || second.Pages != 1 {
			t.Errorf("paging: %d documents, page %d of %d", public.Total, second.Page, second.Pages)
		}
	})
}

func slicesContains(ds []struct{ Reference string }, ref string) bool {
	for _, d := range ds {
		if d.Reference == ref {
			return true
		}
	}
	return false
}

// TestWithdrawKeepsHistory withdraws a document and a file over HTTP: both
// stay readable, marked, and the document leaves the lists.
func TestWithdrawKeepsHistory(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		officer := f.session(t, roleDelegation)
		ref := "SCO/PGM/22/IN/CONFIDENTIAL"
		doc := "/api/v1/documents/" + strconv.FormatInt(f.docs[ref], 10)
		att := doc + "/attachments/" + strconv.FormatInt(f.atts[ref], 10)
		if res := f.do(t, request{method: "POST", path: att + "/withdraw", cookie: officer, body: `{"reason":"Wrong file"}`}); res.status != 200 {
			t.Fatalf("withdraw the file: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{method: "POST", path: doc + "/withdraw", cookie: officer, body: `{"reason":"Sent in error"}`}); res.status != 200 {
			t.Fatalf("withdraw: %d %s", res.status, res.body)
		}
		// Still there, marked, with its file.
		d := docJSON[struct{ Document accord.Document }](t, f.do(t, request{path: doc, cookie: officer})).Document
		if !d.Withdrawn() || d.WithdrawalReason != "Sent in error" || len(d.Versions) != 1 || !d.Attachments[0].Withdrawn() {
			t.Errorf("after withdrawal: %+v", d)
		}
		if res := f.do(t, request{path: strings.TrimPrefix(att, "/api/v1"), cookie: officer}); res.status != 200 {
			t.Errorf("the withdrawn file: %d", res.status)
		}
		page := f.do(t, request{path: strings.TrimPrefix(doc, "/api/v1"), cookie: officer})
		if !strings.Contains(page.body, "Sent in error") || strings.Contains(page.body, "/edit") {
			t.Error("the page does not show the withdrawal, or still offers to edit")
		}
		// It leaves lists and the home page unless asked for.
		list := f.do(t, request{path: "/api/v1/documents", cookie: officer})
		with := f.do(t, request{path: "/api/v1/documents?withdrawn=1", cookie: officer})
		home := f.do(t, request{path: "/api/v1/", cookie: officer})
		if strings.Contains(list.body, ref) || !strings.Contains(with.body, ref) || strings.Contains(home.body, ref) {
			t.Error("the withdrawn document is listed by default, or not when asked for")
		}
		// And changes no more.
		if res := f.do(t, request{method: "POST", path: doc + "/versions", cookie: officer, body: `{"lang":"ru","title":"T","body":"B"}`}); res.status != 409 {
			t.Errorf("a version of a withdrawn document: %d", res.status)
		}
	})
}

// TestHomeOutlook: the home page gives each body its chair, next and last
// meetings, and each organization the documents its reader may read.
func TestHomeOutlook(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		type home struct {
			Organizations []struct {
				Code   string
				Bodies []struct {
					Code  string
					Chair *accord.State
					Next  *accord.Meeting `json:"next_meeting"`
					Last  *accord.Meeting `json:"last_meeting"`
				}
				Recent []struct{ Reference, Classification string } `json:"recent_documents"`
			}
		}
		for _, role := range []string{rolePublic, roleSecretariat} {
			h := docJSON[home](t, f.do(t, request{path: "/api/v1/", cookie: f.session(t, role)}))
			for _, o := range h.Organizations {
				if o.Code != "SCO" {
					continue
				}
				b := o.Bodies[0]
				if b.Chair == nil || b.Chair.Code != "PK" || b.Last == nil || b.Last.Number != 22 || b.Next != nil {
					t.Errorf("SCO PGM as %s: chair %+v, last %+v, next %+v", role, b.Chair, b.Last, b.Next)
				}
				restricted := 0
				for _, d := range o.Recent {
					if d.Classification != "public" {
						restricted++
					}
				}
				if len(o.Recent) == 0 || (restricted > 0) != (role == roleSecretariat) {
					t.Errorf("recent SCO documents as %s: %+v", role, o.Recent)
				}
			}
		}
		page := f.do(t, request{path: "/?lang=zh"})
		for _, want := range []string{"巴基斯坦", "/documents?organization=SCO"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the home page lacks %q", want)
			}
		}
	})
}
