package http_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestUploadMalformedNames sends uploads whose part headers a careful
// client would never write, by hand: each is a 400 that names the file,
// never a 500, and leaves no attachment and no file behind.
func TestUploadMalformedNames(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		officer := f.session(t, roleDelegation)
		id := f.docs["SCO/PGM/22/IN/CONFIDENTIAL"]
		path := "/api/v1/documents/" + strconv.FormatInt(id, 10) + "/attachments"
		before := storedFiles(t, f)
		const boundary = "XyZ"
		for name, disposition := range map[string]string{
			"a raw CR in the name":              "form-data; name=\"file\"; filename=\"a\rb.pdf\"",
			"a raw LF in the name":              "form-data; name=\"file\"; filename=\"a\nb.pdf\"",
			"a raw CRLF in the name":            "form-data; name=\"file\"; filename=\"a\r\nb.pdf\"",
			"a control byte in the header":      "form-data; name=\"file\"; filename=\"a\x01b.pdf\"",
			"a NUL in the header":               "form-data; name=\"file\"; filename=\"a\x00b.pdf\"",
			"an encoded line break":             "form-data; name=\"file\"; filename*=UTF-8''a%0D%0Ab.pdf",
			"a right-to-left override":          "form-data; name=\"file\"; filename=\"invoice\u202Egpj.pdf\"",
			"an encoded right-to-left override": "form-data; name=\"file\"; filename*=UTF-8''invoice%E2%80%AEgpj.pdf",
		} {
			body := "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: application/pdf\r\n\r\n" +
				string(samplePDF) + "\r\n--" + boundary + "--\r\n"
			res := f.do(t, request{method: "POST", path: path, cookie: officer, body: body,
				header: map[string]string{"Content-Type": "multipart/form-data; boundary=" + boundary}})
			e := docJSON[struct{ Error struct{ Code, Field string } }](t, res)
			if res.status != 400 || e.Error.Field != "file" {
				t.Errorf("%s: %d %s", name, res.status, res.body)
			}
		}
		d, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Attachments) != 1 || storedFiles(t, f) != before {
			t.Errorf("refused uploads left %d attachments (want the fixture's 1) and %d files (want %d)", len(d.Attachments), storedFiles(t, f), before)
		}
		if strings.Contains(d.Attachments[0].Name, "\u202E") {
			t.Errorf("stored %q", d.Attachments[0].Name)
		}
	})
}
