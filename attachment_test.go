package accord_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/accord-org/accord"
)

// Sample files, as small as their formats allow.
var (
	samplePDF  = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	sampleMP4  = append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isommp42"), make([]byte, 32)...)
	sampleWebM = []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04")
)

// office builds an Office Open XML package whose [Content_Types].xml
// declares mainType.
func office(t *testing.T, mainType string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="` + mainType + `"/></Types>`,
		"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckFile(t *testing.T) {
	docx := office(t, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
	docm := office(t, "application/vnd.ms-word.document.macroEnabled.main+xml")
	xlsx := office(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
	heic := append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 32)...)
	mkv := bytes.Replace(sampleWebM, []byte("\x84webm"), []byte("\x88matroska"), 1)
	for _, c := range []struct {
		name    string
		content []byte
		want    string // media type, or "" for a refusal
		because string // in the refusal's message
	}{
		{"statement.pdf", samplePDF, accord.MediaPDF, ""},
		{"Заявление.PDF", samplePDF, accord.MediaPDF, ""},
		{"statement.docx", docx, accord.MediaDOCX, ""},
		{"message.mp4", sampleMP4, accord.MediaMP4, ""},
		{"message.webm", sampleWebM, accord.MediaWebM, ""},
		{"statement.docx", samplePDF, "", "its content is a PDF file, not DOCX"},
		{"statement.pdf", []byte("Just some text, not a PDF.\n"), "", "not a file Accord keeps"},
		{"statement.pdf", docx, "", "a DOCX file, not PDF"},
		{"macro.docx", docm, "", "not a file Accord keeps"},
		{"sheet.docx", xlsx, "", "not a file Accord keeps"},
		{"photo.mp4", heic, "", "not a file Accord keeps"},
		{"film.webm", mkv, "", "not a file Accord keeps"},
		{"message.webm", sampleMP4, "", "MP4 file, not WebM"},
		{"broken.docx", []byte("PK\x03\x04 truncated"), "", "not a file Accord keeps"},
		{"page.html", []byte("<script>alert(1)</script>"), "", "must end in .pdf"},
		{"statement", samplePDF, "", "must end in .pdf"},
		{"empty.pdf", nil, "", "is empty"},
		{"../../etc/passwd.pdf", samplePDF, "", "must not name a folder"},
		{"bell\a.pdf", samplePDF, "", "control characters"},
	} {
		t.Run(c.name+"/"+c.want, func(t *testing.T) {
			ft, err := accord.CheckFile(c.name, bytes.NewReader(c.content), int64(len(c.content)))
			if c.want != "" {
				if err != nil || ft.MediaType != c.want {
					t.Fatalf("CheckFile(%q) = %v, %v; want %s", c.name, ft, err, c.want)
				}
				return
			}
			if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "file" || !strings.Contains(err.Error(), c.because) {
				t.Fatalf("CheckFile(%q) = %v, %v; want an invalid file because %q", c.name, ft, err, c.because)
			}
		})
	}
}

// TestCheckFileLimit refuses a file over its type's limit before looking at
// its content, which the size alone decides.
func TestCheckFileLimit(t *testing.T) {
	for _, c := range []struct {
		name string
		size int64
		ok   bool
	}{{"a.pdf", 25 << 20, true}, {"a.pdf", 25<<20 + 1, false}, {"a.docx", 25<<20 + 1, false}, {"a.mp4", 500 << 20, true}, {"a.webm", 500<<20 + 1, false}} {
		// A PDF head followed by nothing: ReaderAt reads only the head.
		r := bytes.NewReader(append(bytes.Clone(samplePDF), sampleMP4...))
		_, err := accord.CheckFile(c.name, r, c.size)
		if tooLarge := err != nil && strings.Contains(err.Error(), "larger than the limit"); tooLarge == c.ok {
			t.Errorf("CheckFile(%s, %d bytes): %v", c.name, c.size, err)
		}
	}
}

func TestAttachmentValidate(t *testing.T) {
	good := accord.Attachment{DocumentID: 1, Lang: "ru", Name: "заявление.pdf", MediaType: accord.MediaPDF, Size: 10, SHA256: strings.Repeat("ab", 32)}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for field, change := range map[string]func(a *accord.Attachment){
		"document_id": func(a *accord.Attachment) { a.DocumentID = 0 },
		"lang":        func(a *accord.Attachment) { a.Lang = "Russian" },
		"file":        func(a *accord.Attachment) { a.MediaType = "text/html" },
		"sha256":      func(a *accord.Attachment) { a.SHA256 = "../../x" },
	} {
		a := good
		change(&a)
		if err := a.Validate(); accord.ErrorField(err) != field {
			t.Errorf("%s: %v", field, err)
		}
	}
	if err := accord.ValidateWithdrawal("  "); accord.ErrorField(err) != "reason" {
		t.Errorf("an empty reason: %v", err)
	}
}

func TestValidateFileName(t *testing.T) {
	for name, ok := range map[string]bool{
		"заявление.pdf":        true,
		"声明 2024.docx":         true,
		"invoice\u202Egpj.pdf": false, // right-to-left override
		"a\u200Bb.pdf":         false, // zero-width space
		"a\u2066b\u2069.pdf":   false, // isolates
		"\uFEFFa.pdf":          false, // byte-order mark
		"a\u00ADb.pdf":         false, // soft hyphen
		"a\rb.pdf":             false,
		"a\nb.pdf":             false,
		"a\x00b.pdf":           false,
		"../a.pdf":             false,
	} {
		if err := accord.ValidateFileName("file", name); (err == nil) != ok {
			t.Errorf("ValidateFileName(%q): %v", name, err)
		}
	}
}
