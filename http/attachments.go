package http

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
)

// uploadTimeout is how long an upload may take to arrive: a video from a
// phone on a slow link needs far longer than the server's read timeout,
// which suits every other request.
const uploadTimeout = 30 * time.Minute

// received is a file that arrived, checked and staged, not yet kept.
type received struct {
	name string
	typ  *accord.FileType
	file accord.StagedFile
	// width and height are a photo's.
	width, height int
}

// stager receives the file part of an upload into the file store's
// staging area, checked.
type stager func(ctx context.Context, p *multipart.Part) (*received, error)

// receiveFile reads a multipart form with one file, field "file". The
// other fields go into in, so that a refused form shows them again. The
// file is streamed to the file store's staging area while it is hashed,
// cut off at its type's limit (its name's extension says the type before a
// byte of it is read), then checked from its content.
func (s *Server) receiveFile(w http.ResponseWriter, r *http.Request, in url.Values, route string, stage stager) (rec *received, err error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return nil, accord.Invalid("file", "send the file as multipart/form-data, in a field named file")
	}
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTimeout))
	r.Body = http.MaxBytesReader(w, r.Body, accord.MaxFileSize()+fields.MaxFormBytes)
	defer func() {
		if err != nil && rec != nil {
			rec.file.Discard()
			rec = nil
		}
	}()
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fields.BodyError(err)
	}
	fieldBytes := 0
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rec, uploadError(err)
		}
		if p.FormName() == "file" {
			if rec != nil {
				return rec, accord.Invalid("file", "send one file at a time")
			}
			if rec, err = stage(r.Context(), p); err != nil {
				return rec, err
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p, int64(fields.MaxFormBytes-fieldBytes+1)))
		if err != nil {
			return rec, uploadError(err)
		}
		if fieldBytes += len(b); fieldBytes > fields.MaxFormBytes {
			return rec, accord.Invalid("body", "the form's fields are too large")
		}
		if err := accord.ValidateText(p.FormName(), string(b)); err != nil {
			return rec, err
		}
		// As strict as any other form: a field the upload does not
		// read is refused by name.
		if schema := s.bodySchema(route); schema != nil {
			if err := schema.Field(p.FormName()); err != nil {
				return rec, err
			}
		}
		in.Add(p.FormName(), string(b))
	}
	if rec == nil {
		return nil, accord.Invalid("file", "choose a file to upload")
	}
	return rec, nil
}

func (s *Server) stageFile(ctx context.Context, p *multipart.Part) (*received, error) {
	name := p.FileName()
	if name == "" {
		return nil, accord.Invalid("file", "choose a file to upload")
	}
	ft, err := accord.FileTypeByName(name)
	if err != nil {
		return nil, err
	}
	f, err := s.files.Stage(ctx)
	if err != nil {
		return nil, err
	}
	rec := &received{name: name, file: f}
	n, err := io.Copy(f, io.LimitReader(p, ft.MaxSize+1))
	if err == nil && n > ft.MaxSize {
		err = accord.Invalid("file", "%q is larger than the limit of %d MiB for %s files", name, ft.MaxSize>>20, ft.Label)
	}
	if err == nil {
		rec.typ, err = accord.CheckFile(name, f, n)
	}
	if err != nil {
		f.Discard()
		return nil, uploadError(err)
	}
	return rec, nil
}

// uploadError gives a code to what can go wrong while reading an upload:
// too large, or cut off by the client, is the client's; the rest is ours.
func uploadError(err error) error {
	if _, ok := errors.AsType[*accord.Error](err); ok {
		return err
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &accord.Error{Code: accord.EINVALID, Field: "file", Message: "the file is larger than any file Accord keeps", Err: err}
	}
	// A part's header that does not parse (a raw line break in a file
	// name, a control byte) is the client's mistake, as a bad body is.
	if _, ok := errors.AsType[textproto.ProtocolError](err); ok || errors.Is(err, multipart.ErrMessageTooLarge) {
		return &accord.Error{Code: accord.EINVALID, Field: "file", Message: "a part of the upload has a malformed header: a file name must not contain line breaks or control characters", Err: err}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "multipart") {
		return &accord.Error{Code: accord.EINVALID, Field: "file", Message: "the upload was cut off or malformed: send it again", Err: err}
	}
	return accord.Wrap("receive file", err)
}

// attachmentView answers an upload.
type attachmentView struct {
	Attachment *accord.Attachment `json:"attachment"`
	URL        string             `json:"url"`
}

func (v attachmentView) title(lang string) string   { return v.Attachment.Name }
func (v attachmentView) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

func attachmentPath(a *accord.Attachment) string {
	return docPath(a.DocumentID) + "/attachments/" + strconv.FormatInt(a.ID, 10)
}

// uploadTarget is the document an upload goes to, judged before a byte of
// the file is read, so that nobody can make the server receive 500 MiB it
// will refuse.
func (s *Server) uploadTarget(r *http.Request) (*accord.Document, error) {
	if s.files == nil {
		return nil, accord.Errorf(accord.EUNAVAILABLE, "This server keeps no files.")
	}
	d, _, _, err := s.documentFor(r, accord.ActUpdate)
	if err != nil {
		return nil, err
	}
	if d.Withdrawn() {
		return nil, accord.Errorf(accord.ECONFLICT, "document %s is withdrawn and no longer changes", d.Reference)
	}
	return d, nil
}

func (s *Server) judgeUpload(r *http.Request) error {
	_, err := s.uploadTarget(r)
	return err
}

func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, err := s.uploadTarget(r)
	if err != nil {
		return outcome{}, err
	}
	rec, err := s.receiveFile(w, r, in, "attachment_upload", s.stageFile)
	if err != nil {
		return outcome{}, err
	}
	defer rec.file.Discard()
	a := &accord.Attachment{DocumentID: d.ID, Lang: in.Get("lang"), Name: rec.name, MediaType: rec.typ.MediaType,
		Size: rec.file.Size(), SHA256: rec.file.SHA256()}
	if err := s.store.AddAttachment(r.Context(), a, rec.file); err != nil {
		return outcome{}, err
	}
	return outcome{view: attachmentView{a, attachmentPath(a)}, status: http.StatusCreated, redirect: editPath(d.ID, "attachment_upload")}, nil
}

// attachmentOf finds the attachment the path's {attachment} names on d.
func attachmentOf(r *http.Request, d *accord.Document) (*accord.Attachment, error) {
	id, err := strconv.ParseInt(r.PathValue("attachment"), 10, 64)
	if err != nil {
		return nil, accord.Invalid("attachment", "%q is not an attachment id", r.PathValue("attachment"))
	}
	for i := range d.Attachments {
		if d.Attachments[i].ID == id {
			return &d.Attachments[i], nil
		}
	}
	return nil, accord.NotFound("attachment", id)
}

// downloadAttachment serves a file to those who may read its document,
// with the type it was checked to be, never one a browser guesses.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) error {
	d, _, _, err := s.documentFor(r, accord.ActRead)
	if err != nil {
		return err
	}
	a, err := attachmentOf(r, d)
	if err != nil {
		return err
	}
	if s.files == nil {
		return accord.Errorf(accord.EUNAVAILABLE, "This server keeps no files.")
	}
	f, err := s.files.Open(r.Context(), a.SHA256)
	if err != nil {
		return err
	}
	defer f.Close()
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(uploadTimeout))
	h := w.Header()
	h.Set("Content-Type", a.MediaType)
	disposition := contentDisposition(a.Name)
	if ft := accord.FileTypeOf(a.MediaType); ft != nil && ft.Photo {
		// A photo is shown on the release's page, and opened in the
		// browser from it; re-encoded from its pixels, it holds no script.
		disposition = "inline" + strings.TrimPrefix(disposition, "attachment")
	}
	h.Set("Content-Disposition", disposition)
	h.Set("X-Content-Type-Options", "nosniff")
	// The bytes under a hash never change, so the hash is the tag.
	h.Set("ETag", `"`+a.SHA256+`"`)
	http.ServeContent(w, r, "", a.CreatedAt, f)
	return nil
}

// contentDisposition offers a file for download under its name: an ASCII
// fallback for old clients, and the UTF-8 name as RFC 6266 and RFC 8187
// give it (filename*), so that a Russian or Chinese name survives.
func contentDisposition(name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			enc.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(b)|0x100, 16)[1:]))
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

func (s *Server) withdrawAttachment(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, _, _, err := s.documentFor(r, accord.ActDelete)
	if err != nil {
		return outcome{}, err
	}
	a, err := attachmentOf(r, d)
	if err != nil {
		return outcome{}, err
	}
	if err := confirmedWithdrawal(r, in); err != nil {
		return outcome{}, err
	}
	if err := s.store.WithdrawAttachment(r.Context(), d.ID, a.ID, strings.TrimSpace(in.Get("reason"))); err != nil {
		return outcome{}, err
	}
	return s.changed(r.Context(), d.ID, http.StatusOK, editPath(d.ID, "attachment_withdraw"))
}
