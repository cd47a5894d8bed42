package http

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/photo"
)

// Photos of press releases: attachments of a kind (accord's photo.go),
// uploaded with their description in each of the release's languages,
// checked and stripped of their metadata by package photo, then kept as
// any attachment is, and withdrawn with the attachment's form.

func (s *Server) photoRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/documents/{id}/photos", Name: "photo_upload", Template: "document_edit.html", action: s.uploadPhoto, page: s.documentEditPage, judge: s.judgePhotoUpload},
	}
}

// photoTarget is the release a photo goes to, judged before a byte of it
// is read: only a press release carries photos.
func (s *Server) photoTarget(r *http.Request) (*accord.Document, error) {
	d, err := s.uploadTarget(r)
	if err != nil {
		return nil, err
	}
	if d.Kind != accord.DocPressRelease {
		return nil, accord.Invalid("file", "only a press release carries photos; attach other images as a PDF")
	}
	return d, nil
}

func (s *Server) judgePhotoUpload(r *http.Request) error {
	_, err := s.photoTarget(r)
	return err
}

func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, err := s.photoTarget(r)
	if err != nil {
		return outcome{}, err
	}
	rec, err := s.receiveFile(w, r, in, "photo_upload", s.stagePhoto)
	if err != nil {
		return outcome{}, err
	}
	defer rec.file.Discard()
	a := &accord.Attachment{DocumentID: d.ID, Name: rec.name, MediaType: rec.typ.MediaType, Size: rec.file.Size(), SHA256: rec.file.SHA256(),
		Alt: altOf(in), Width: rec.width, Height: rec.height}
	if err := s.store.AddAttachment(r.Context(), a, rec.file); err != nil {
		return outcome{}, err
	}
	return outcome{view: attachmentView{a, attachmentPath(a)}, status: http.StatusCreated, redirect: editPath(d.ID, "photo_upload")}, nil
}

// altOf reads the descriptions sent as alt.<lang>; empty ones are none.
func altOf(in url.Values) accord.Text {
	alt := accord.Text{}
	for k, vs := range in {
		if lang, ok := strings.CutPrefix(k, "alt."); ok && len(vs) > 0 {
			if v := strings.TrimSpace(vs[0]); v != "" {
				alt[lang] = v
			}
		}
	}
	return alt
}

// stagePhoto receives a photo: the upload is staged as it comes (cut off
// at the photo limit), checked and re-encoded by package photo, and the
// clean bytes staged in its place. The upload itself is never kept.
func (s *Server) stagePhoto(ctx context.Context, p *multipart.Part) (*received, error) {
	name := p.FileName()
	if name == "" {
		return nil, accord.Invalid("file", "choose a file to upload")
	}
	if _, err := accord.PhotoTypeByName(name); err != nil {
		return nil, err
	}
	raw, err := s.files.Stage(ctx)
	if err != nil {
		return nil, err
	}
	defer raw.Discard()
	n, err := io.Copy(raw, io.LimitReader(p, accord.MaxPhotoSize+1))
	if err != nil {
		return nil, uploadError(err)
	}
	clean, err := photo.Clean(name, raw, n)
	if err != nil {
		return nil, err
	}
	f, err := s.files.Stage(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(f, bytes.NewReader(clean.Data)); err != nil {
		f.Discard()
		return nil, accord.Wrap("stage photo", err)
	}
	return &received{name: name, typ: clean.Type, file: f, width: clean.Width, height: clean.Height}, nil
}

// photoOf is a document's photo as its page shows it: the description in
// the language of the version shown, or the nearest.
type photoOf struct {
	*accord.Attachment
	URL     string
	Alt     string
	AltLang string
}

// Photos are the standing photos of the document, described in lang.
func (v documentView) Photos() []photoOf {
	lang := ""
	if v.Shown != nil {
		lang = v.Shown.Lang
	}
	var out []photoOf
	for i := range v.Document.Attachments {
		a := &v.Document.Attachments[i]
		if ft := accord.FileTypeOf(a.MediaType); ft == nil || !ft.Photo || a.Withdrawn() {
			continue
		}
		alt, altLang := a.Alt.In(lang)
		out = append(out, photoOf{Attachment: a, URL: attachmentPath(a), Alt: alt, AltLang: altLang})
	}
	return out
}

// PhotoLanguages are the languages a new photo of the release is described
// in: those of its versions.
func (v documentEditView) PhotoLanguages() []string {
	var langs []string
	for _, ver := range v.Document.Versions {
		if !slices.Contains(langs, ver.Lang) {
			langs = append(langs, ver.Lang)
		}
	}
	return langs
}
