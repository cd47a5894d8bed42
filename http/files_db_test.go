package http_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/accord-org/accord"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestAttachmentsFromTheDatabase: with the database's file store, as
// instances on PostgreSQL have, a file of several chunks is uploaded and
// served whole, by ranges across chunk boundaries, and by its tag.
func TestAttachmentsFromTheDatabase(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		files, err := db.Files(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: f.auth, Now: f.clock.Now, Files: files, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		f.srv = httptest.NewServer(h)
		t.Cleanup(f.srv.Close)
		officer := f.session(t, roleDelegation)

		content := append(bytes.Clone(samplePDF), make([]byte, 2*sqlstore.FileChunkSize)...)
		rand.NewChaCha8([32]byte{9}).Read(content[len(samplePDF):])
		id := f.docs["SCO/PGM/22/IN/CONFIDENTIAL"]
		body, hdr := upload(t, map[string]string{"lang": "en"}, "note.pdf", content)
		res := f.do(t, request{method: "POST", path: "/api/v1/documents/" + strconv.FormatInt(id, 10) + "/attachments", cookie: officer, body: body, header: hdr})
		if res.status != 201 {
			t.Fatalf("upload: %d %s", res.status, res.body)
		}
		a := docJSON[struct {
			Attachment accord.Attachment
			URL        string
		}](t, res)
		tag := `"` + a.Attachment.SHA256 + `"`
		n := len(content)
		chunk := sqlstore.FileChunkSize
		for _, c := range []struct {
			name          string
			header        map[string]string
			status        int
			body          []byte
			contentRange  string
			contentLength string
		}{
			{"whole", nil, 200, content, "", strconv.Itoa(n)},
			{"first bytes", map[string]string{"Range": "bytes=0-4"}, 206, content[:5], fmt.Sprintf("bytes 0-4/%d", n), "5"},
			{"across a chunk boundary", map[string]string{"Range": fmt.Sprintf("bytes=%d-%d", chunk-3, chunk+2)}, 206, content[chunk-3 : chunk+3],
				fmt.Sprintf("bytes %d-%d/%d", chunk-3, chunk+2, n), "6"},
			{"the last bytes", map[string]string{"Range": "bytes=-7"}, 206, content[n-7:], fmt.Sprintf("bytes %d-%d/%d", n-7, n-1, n), "7"},
			{"past the end", map[string]string{"Range": fmt.Sprintf("bytes=%d-", n)}, 416, nil, fmt.Sprintf("bytes */%d", n), ""},
			{"the tag matches", map[string]string{"If-None-Match": tag}, 304, nil, "", ""},
			{"If-Range with the tag", map[string]string{"Range": "bytes=0-4", "If-Range": tag}, 206, content[:5], fmt.Sprintf("bytes 0-4/%d", n), "5"},
			{"If-Range with another tag", map[string]string{"Range": "bytes=0-4", "If-Range": `"other"`}, 200, content, "", strconv.Itoa(n)},
		} {
			got := f.do(t, request{path: a.URL, cookie: officer, header: c.header})
			if got.status != c.status || (c.body != nil && got.body != string(c.body)) || got.header.Get("Content-Range") != c.contentRange ||
				(c.contentLength != "" && got.header.Get("Content-Length") != c.contentLength) {
				t.Errorf("%s: %d, %d bytes, Content-Range %q, Content-Length %q", c.name, got.status, len(got.body), got.header.Get("Content-Range"), got.header.Get("Content-Length"))
			}
			if c.status < 300 && (got.header.Get("Etag") != tag || got.header.Get("Content-Type") != accord.MediaPDF) {
				t.Errorf("%s: ETag %q, Content-Type %q", c.name, got.header.Get("Etag"), got.header.Get("Content-Type"))
			}
		}
		// Others are told it does not exist, file and all.
		if r := f.do(t, request{path: a.URL, cookie: f.session(t, rolePublic)}); r.status != 404 {
			t.Errorf("as the public: %d", r.status)
		}
	})
}
