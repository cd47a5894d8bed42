package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/accord-org/accord"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/pdf"
	"github.com/accord-org/accord/pdf/pdftest"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// fixturePDF is the fixture's renderer on the system's fonts, nil when
// they are missing (the PDF routes then answer 503, which the matrix
// expects). One renderer serves every fixture: its fonts are loaded once.
var fixturePDF = sync.OnceValue(func() *pdf.Renderer {
	paths, err := pdf.FindFonts(pdf.SystemFontDirs()...)
	if err != nil {
		return nil
	}
	return pdf.NewRenderer(paths, pdf.DefaultLimits)
})

// pdfOK is what a readable document's PDF answers on this machine.
func pdfOK() int {
	if fixturePDF() == nil {
		return http.StatusServiceUnavailable
	}
	return http.StatusOK
}

// documentPDFMatrix: a document one may read prints for everyone; one
// may not read is missing before its query is even looked at, so that a
// bad layout is a 400 only for those who may read the document.
func documentPDFMatrix() map[string][]matrixCase {
	cases := func(prefix string) []matrixCase {
		return []matrixCase{
			{path: prefix + "/documents/{doc:SCO/PGM/22/PROTOCOL}/pdf", want: every(pdfOK())},
			{path: prefix + "/documents/{doc:KABAR/2024-07-25}/pdf?layout=sequential", want: every(pdfOK())},
			{path: prefix + "/documents/{doc:SCO/PGM/22/MEASURES-DRAFT}/pdf?layout=x", want: every(404, roleDelegation, 400, roleHead, 400, roleChair, 400, roleSecretariat, 400)},
			{path: prefix + "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}/pdf", want: every(404)},
		}
	}
	return map[string][]matrixCase{"document_pdf": cases(""), "document_pdf_api": cases(accordhttp.APIPrefix)}
}

// TestDocumentPDF prints the demo's XXII protocol through the real router:
// its Russian and Chinese texts, side by side or one after the other, its
// ten signatories and its verification block come back from pdftotext.
func TestDocumentPDF(t *testing.T) {
	if fixturePDF() == nil {
		t.Skip("PDF fonts missing")
	}
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		d, err := db.FindDocument(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		sg, err := db.FindSigning(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(sg.Required) != 10 {
			t.Fatalf("the demo's protocol has %d signatories, want 10", len(sg.Required))
		}
		// Every Russian and Chinese line of the protocol, without its
		// white space: pdftotext breaks lines where the layout did.
		var want []string
		for _, v := range d.LatestVersions() {
			if v.Lang != "ru" && v.Lang != "zh" {
				continue
			}
			want = append(want, v.Title)
			for line := range strings.SplitSeq(v.Body, "\n") {
				if strings.TrimSpace(line) != "" {
					want = append(want, line)
				}
			}
		}
		if len(want) < 4 {
			t.Fatalf("the protocol has %d ru and zh lines", len(want))
		}
		for _, c := range []struct{ name, path, lang string }{
			{"parallel", docPDF(id, ""), "en"},
			{"sequential", docPDF(id, "?layout=sequential"), "ru"},
			{"api", accordhttp.APIPrefix + docPDF(id, ""), "zh"},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := f.do(t, request{path: c.path + querySep(c.path) + "lang=" + c.lang})
				if res.status != 200 {
					t.Fatalf("status %d: %.300s", res.status, res.body)
				}
				if ct := res.header.Get("Content-Type"); ct != "application/pdf" {
					t.Errorf("Content-Type %q", ct)
				}
				if cd := res.header.Get("Content-Disposition"); cd != `inline; filename="SCO-PGM-22-PROTOCOL.pdf"` {
					t.Errorf("Content-Disposition %q", cd)
				}
				text := pdftest.Text(t, []byte(res.body))
				flat := strings.Join(strings.Fields(text), "")
				// pdftotext joins a word broken at its hyphen
				// ("государств-" "членов") without the hyphen.
				dehyphen := strings.NewReplacer("-", "")
				for _, w := range want {
					if !strings.Contains(dehyphen.Replace(flat), dehyphen.Replace(strings.Join(strings.Fields(w), ""))) {
						t.Errorf("pdftotext lacks %q", w)
					}
				}
				for _, req := range sg.Required {
					if name := req.Names.Get(c.lang); !strings.Contains(flat, strings.Join(strings.Fields(name), "")) {
						t.Errorf("pdftotext lacks the signatory %q", name)
					}
				}
				for _, v := range sg.Versions {
					if !strings.Contains(flat, v.SHA256) {
						t.Errorf("pdftotext lacks the SHA-256 of version %s %d", v.Lang, v.Revision)
					}
				}
				count := map[string]string{"en": "Signatories: 0 of 10 signed", "ru": "Подписанты: подписали 0 из 10", "zh": "签署方：已签署 0 / 10"}[c.lang]
				if !strings.Contains(flat, strings.Join(strings.Fields(count), "")) {
					t.Errorf("pdftotext lacks %q:\n%s", count, text)
				}
				if !strings.Contains(flat, "/documents/"+strconv.FormatInt(id, 10)+"/signing") {
					t.Errorf("pdftotext lacks the verification page")
				}
				if cp := map[string]string{"en": "Checkpoint", "ru": "Контрольнаяточкажурнала", "zh": "日志检查点"}[c.lang]; !strings.Contains(flat, cp) || !strings.Contains(flat, "accord.test/log") {
					t.Errorf("pdftotext lacks the checkpoint")
				}
			})
		}
		// Side by side, a Russian and a Chinese paragraph share a line.
		res := f.do(t, request{path: docPDF(id, "")})
		parallel := pdftest.Text(t, []byte(res.body), "-layout")
		if !sharesLine(parallel, "г. Бишкек", "比什凯克") {
			t.Errorf("parallel layout: no line holds both Russian and Chinese:\n%s", parallel)
		}
		res = f.do(t, request{path: docPDF(id, "?layout=sequential")})
		if seq := pdftest.Text(t, []byte(res.body), "-layout"); sharesLine(seq, "г. Бишкек", "比什凯克") {
			t.Errorf("sequential layout: Russian and Chinese share a line:\n%s", seq)
		}
	})
}

func httptestDo(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

func docPDF(id int64, query string) string {
	return "/documents/" + strconv.FormatInt(id, 10) + "/pdf" + query
}

func querySep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

func sharesLine(text, a, b string) bool {
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(line, a) && strings.Contains(line, b) {
			return true
		}
	}
	return false
}

// TestDocumentPDFRefused: a document the reader may not read is missing,
// as on its page, and so is an unknown one; a server without fonts says
// so, translated, in its error page; nothing of these answers is a PDF.
func TestDocumentPDFRefused(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		// A confidential declaration, which only Kyrgyzstan may read
		// besides the secretariat: of a kind that prints, so that only
		// the policy refuses it.
		conf := &accord.Document{Reference: "SCO/PGM/22/KG/CONFIDENTIAL-DECLARATION", Kind: accord.DocDeclaration, Classification: accord.Confidential,
			AuthorKind: accord.AuthorSecretariat, Recipients: []string{"KG"}, Links: []accord.DocumentLink{{MeetingID: m.ID}},
			Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Секретная декларация", Body: "Не для всех."}}}
		if err := db.CreateDocument(accord.WithActor(ctx, &accord.Actor{Label: "test"}), conf); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, path, role string
			want             int
		}{
			{"unreadable, public", docPDF(conf.ID, ""), rolePublic, 404},
			{"unreadable, press", accordhttp.APIPrefix + docPDF(conf.ID, ""), rolePress, 404},
			{"unreadable, other delegation", docPDF(conf.ID, "?layout=sequential"), roleDelegation, 404},
			{"unknown", docPDF(999999, ""), rolePublic, 404},
			{"unknown, API", accordhttp.APIPrefix + docPDF(999999, ""), roleSecretariat, 404},
			{"not an id", "/documents/x/pdf", rolePublic, 400},
			{"a statement", docPDF(f.docs["SCO/PGM/22/STATEMENT/KG"], ""), rolePublic, 404},
		} {
			t.Run(c.name, func(t *testing.T) {
				cookie := f.session(t, c.role)
				page := f.do(t, request{path: strings.Replace(c.path, "/pdf", "", 1), cookie: cookie})
				res := f.do(t, request{path: c.path, cookie: cookie})
				if res.status != c.want {
					t.Fatalf("status %d, want %d: %.300s", res.status, c.want, res.body)
				}
				if c.want == 404 && !strings.HasPrefix(c.path, accordhttp.APIPrefix) && c.name != "a statement" && page.status != 404 {
					t.Errorf("the document page answers %d where its PDF answers 404", page.status)
				}
				if strings.HasPrefix(res.header.Get("Content-Type"), "application/pdf") {
					t.Errorf("a refusal served as a PDF")
				}
			})
		}
	})
	// No fonts: a clear, translated 503, and never a panic.
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: f.auth, Now: f.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		for lang, want := range map[string]string{
			"en": "the fonts they need are not installed",
			"ru": "не установлены нужные для них шрифты",
			"zh": "未安装所需字体",
		} {
			rec := httptestDo(h, docPDF(id, "?lang="+lang))
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s without fonts: %d %.400s, want 503 with %q", lang, rec.Code, rec.Body.String(), want)
			}
		}
		// The document one may not read stays missing.
		if rec := httptestDo(h, docPDF(f.docs["SCO/PGM/22/IN/CONFIDENTIAL"], "")); rec.Code != 404 {
			t.Errorf("unreadable document without fonts: %d, want 404", rec.Code)
		}
	})
}

// TestDocumentPDFLink: the page of a document that prints links its PDF,
// in each language; one that does not print has no link.
func TestDocumentPDFLink(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, c := range []struct {
			ref  string
			link bool
		}{{"SCO/PGM/22/PROTOCOL", true}, {"OTS/CGP/3/DECLARATION", true}, {"KABAR/2024-07-25", true}, {"SCO/PGM/22/STATEMENT/KG", false}} {
			id := f.docs[c.ref]
			for lang, text := range map[string]string{"en": "PDF for printing", "ru": "PDF для печати", "zh": "打印用 PDF"} {
				res := f.do(t, request{path: "/documents/" + strconv.FormatInt(id, 10) + "?lang=" + lang})
				if res.status != 200 {
					t.Fatalf("%s: %d", c.ref, res.status)
				}
				href := `<a href="` + docPDF(id, "") + `" type="application/pdf">` + text + `</a>`
				if got := strings.Contains(res.body, href); got != c.link {
					t.Errorf("%s in %s: link to the PDF %v, want %v", c.ref, lang, got, c.link)
				}
			}
		}
	})
}

// TestDocumentPDFCached shows that the public's PDF comes from the page
// cache, with a validator, until the document changes: making one costs a
// tenth of a second, and the press asks for the same protocol at once.
func TestDocumentPDFCached(t *testing.T) {
	if fixturePDF() == nil {
		t.Skip("PDF fonts missing")
	}
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		id := f.docs["KABAR/2024-07-25"]
		path := docPDF(id, "")
		first := f.do(t, request{path: path})
		if first.status != 200 || first.header.Get("ETag") == "" || !strings.Contains(first.header.Get("Cache-Control"), "public") {
			t.Fatalf("first PDF: status %d, ETag %q, Cache-Control %q", first.status, first.header.Get("ETag"), first.header.Get("Cache-Control"))
		}
		again := f.do(t, request{path: path})
		if again.header.Get("ETag") != first.header.Get("ETag") || again.body != first.body {
			t.Errorf("the second PDF differs from the first: ETag %q, then %q", first.header.Get("ETag"), again.header.Get("ETag"))
		}
		if err := db.AddDocumentVersion(context.Background(), &accord.DocumentVersion{DocumentID: id, Lang: "en", Title: "Renamed for the cache test", Body: "A new text, for the test."}); err != nil {
			t.Fatal(err)
		}
		after := f.do(t, request{path: path})
		if after.header.Get("ETag") == first.header.Get("ETag") || !strings.Contains(pdftest.Text(t, []byte(after.body)), "Renamed for the cache test") {
			t.Error("after a new version the cache still serves the old PDF")
		}
	})
}
