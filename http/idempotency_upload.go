package http

import (
	"crypto/sha256"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
)

// uploadFingerprint identifies an upload for its Idempotency-Key: each
// part's field name, file name and content, so that a retry of the same
// file matches although its multipart boundary changed, and another file
// under the same key does not. An upload is too large to hold in memory,
// so the body is kept in a temporary file while it is read, and the action
// reads it again from there; done removes the file.
func uploadFingerprint(w http.ResponseWriter, r *http.Request) (sum []byte, done func(), err error) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return nil, nil, accord.Invalid("file", "send the file as multipart/form-data, in a field named file")
	}
	tmp, err := os.CreateTemp("", "accord-upload-*")
	if err != nil {
		return nil, nil, accord.Wrap("idempotent upload", err)
	}
	done = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	defer func() {
		if err != nil {
			done()
		}
	}()
	body := io.TeeReader(http.MaxBytesReader(w, r.Body, accord.MaxFileSize()+fields.MaxFormBytes), tmp)
	mr := multipart.NewReader(body, params["boundary"])
	h := sha256.New()
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, uploadError(err)
		}
		part := sha256.New()
		if _, err := io.Copy(part, p); err != nil {
			return nil, nil, uploadError(err)
		}
		for _, s := range []string{p.FormName(), p.FileName(), string(part.Sum(nil))} {
			h.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
		}
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return nil, nil, uploadError(err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, nil, accord.Wrap("idempotent upload", err)
	}
	r.Body = tmp
	return h.Sum(nil), done, nil
}
