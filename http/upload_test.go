package http_test

import (
	"bytes"
	"context"
	"strconv"
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
	})
}

// TestIdempotentUpload retries an upload under one Idempotency-Key: the
// same file again, with a new multipart boundary as every client makes,
// gets the first answer; another file under the same key is a 409 and is
// not kept.
func TestIdempotentUpload(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		officer := f.session(t, roleDelegation)
		id := f.docs["SCO/PGM/22/IN/CONFIDENTIAL"]
		path := "/api/v1/documents/" + strconv.FormatInt(id, 10) + "/attachments"
		send := func(key, name string, content []byte) response {
			body, h := upload(t, map[string]string{"lang": "ru"}, name, content)
			h["Idempotency-Key"] = key
			return f.do(t, request{method: "POST", path: path, cookie: officer, body: body, header: h})
		}
		first := send("upload-1", "statement.pdf", samplePDF)
		if first.status != 201 {
			t.Fatalf("first upload: %d %s", first.status, first.body)
		}
		again := send("upload-1", "statement.pdf", samplePDF)
		if again.status != 201 || again.header.Get("Idempotent-Replayed") != "true" || again.body != first.body {
			t.Errorf("the same upload retried: %d replayed=%q\n%s", again.status, again.header.Get("Idempotent-Replayed"), again.body)
		}
		files := storedFiles(t, f)
		other := append(bytes.Clone(samplePDF), []byte("\n% another file\n")...)
		for name, res := range map[string]response{
			"another file":      send("upload-1", "statement.pdf", other),
			"another file name": send("upload-1", "statement-ru.pdf", samplePDF),
		} {
			if res.status != 409 || res.header.Get("Idempotent-Replayed") != "" {
				t.Errorf("%s under a used key: %d replayed=%q\n%s", name, res.status, res.header.Get("Idempotent-Replayed"), res.body)
			}
		}
		d, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Attachments) != 2 {
			t.Errorf("%d attachments, want the fixture's and the first upload's", len(d.Attachments))
		}
		if got := storedFiles(t, f); got != files {
			t.Errorf("the refused uploads left %d files in the store, want the %d there before them", got, files)
		}
	})
}
