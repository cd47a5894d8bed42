package http_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// countingReader counts what the client's transport took of a body.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestIdempotentUploadJudgedFirst sends a 64 MiB upload under an
// Idempotency-Key to a document its sender may not change, and to one that
// does not exist: the refusal comes before the body is read to fingerprint
// it, so the server takes no more of it than the sockets buffer, and keeps
// no file.
func TestIdempotentUploadJudgedFirst(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		const size = 64 << 20
		files := storedFiles(t, f)
		cases := []struct {
			name, role string
			doc        int64
			status     int
		}{
			{"a document the press may read but not change", rolePress, f.docs["SCO/PGM/22/PROTOCOL"], 403},
			{"a draft the officer may not change", roleDelegation, f.docs["SCO/PGM/22/MEASURES-DRAFT"], 403},
			{"no such document", roleDelegation, 999999, 404},
		}
		for _, c := range cases {
			const boundary = "XyZ"
			body := &countingReader{r: io.MultiReader(
				strings.NewReader("--"+boundary+"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"),
				io.LimitReader(zeros{}, size),
				strings.NewReader("\r\n--"+boundary+"--\r\n"))}
			req, err := http.NewRequest("POST", f.srv.URL+"/api/v1/documents/"+strconv.FormatInt(c.doc, 10)+"/attachments", body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
			req.Header.Set("Idempotency-Key", "big-"+strconv.Itoa(int(c.doc)))
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: f.session(t, c.role)})
			res, err := http.DefaultClient.Do(req)
			status := 0
			if err == nil {
				status = res.StatusCode
				res.Body.Close()
			}
			if status != c.status || body.n.Load() > size/4 {
				t.Errorf("%s: %d (%v) after the server took %d of %d bytes, want %d before reading the file", c.name, status, err, body.n.Load(), size, c.status)
			}
		}
		if got := storedFiles(t, f); got != files {
			t.Errorf("%d files in the store, want the %d there before", got, files)
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
