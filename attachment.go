package accord

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is a file a document carries: the signed PDF of a statement,
// its DOCX, the recording of a video message. Like versions, attachments
// never change; a withdrawn one stays, marked.
type Attachment struct {
	ID         int64 `json:"id"`
	DocumentID int64 `json:"document_id"`
	// Lang is the language of the file's content, "" for none (a video
	// without speech).
	Lang string `json:"lang,omitempty"`
	// Name is the file name as uploaded, without any folder.
	Name      string    `json:"name"`
	MediaType string    `json:"media_type"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	// WithdrawnAt is zero while the attachment stands.
	WithdrawnAt      time.Time `json:"withdrawn_at,omitzero"`
	WithdrawalReason string    `json:"withdrawal_reason,omitempty"`
	// Alt, Width and Height are a photo's: its description for those who
	// do not see it, in the release's languages, and its size in pixels,
	// so that a page keeps its place while it loads.
	Alt    Text `json:"alt,omitempty"`
	Width  int  `json:"width,omitempty"`
	Height int  `json:"height,omitempty"`
}

// Withdrawn reports whether the attachment was withdrawn.
func (a *Attachment) Withdrawn() bool { return !a.WithdrawnAt.IsZero() }

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidSHA256 reports whether s is a SHA-256 in lower-case hex, as files are
// named by.
func ValidSHA256(s string) bool { return sha256Hex.MatchString(s) }

// Validate checks an attachment before it is stored.
func (a *Attachment) Validate() error {
	if a.DocumentID <= 0 {
		return Invalid("document_id", "is required")
	}
	if a.Lang != "" {
		if err := ValidateLanguageTag("lang", a.Lang); err != nil {
			return err
		}
	}
	if err := ValidateFileName("file", a.Name); err != nil {
		return err
	}
	ft := FileTypeOf(a.MediaType)
	if ft == nil {
		return Invalid("file", "%q is not a media type Accord keeps", a.MediaType)
	}
	if a.Size <= 0 || a.Size > ft.MaxSize {
		return Invalid("file", "a %s file has 1 to %d bytes, not %d", ft.Label, ft.MaxSize, a.Size)
	}
	if err := a.validatePhoto(ft); err != nil {
		return err
	}
	if !ValidSHA256(a.SHA256) {
		return Invalid("sha256", "is not a SHA-256 in lower-case hex")
	}
	return nil
}

// ValidateWithdrawal checks the reason given for withdrawing a document or
// an attachment: the record must say why.
func ValidateWithdrawal(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return Invalid("reason", "is required: say why it is withdrawn")
	}
	if utf8.RuneCountInString(reason) > 1000 {
		return Invalid("reason", "is longer than 1000 characters")
	}
	return nil
}

// Media types of the files Accord keeps.
const (
	MediaPDF  = "application/pdf"
	MediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MediaMP4  = "video/mp4"
	MediaWebM = "video/webm"
	// Photos of press releases (photo.go).
	MediaJPEG = "image/jpeg"
	MediaPNG  = "image/png"
)

const mib = 1 << 20

// FileType is a kind of file Accord keeps, with the name extensions that
// may carry it and its size limit.
type FileType struct {
	MediaType  string
	Label      string
	Extensions []string
	MaxSize    int64
	// Photo is set for the images a press release shows: they are added
	// with their description and stripped of metadata (photo.go), never
	// as a plain file.
	Photo bool
}

// FileTypes are the only files Accord keeps: documents as PDF or DOCX,
// video messages, and the photos of press releases as JPEG or PNG. Anything else (HTML, SVG, executables) could run in a
// reader's browser or machine, so it is refused rather than served.
var FileTypes = []FileType{
	{MediaPDF, "PDF", []string{".pdf"}, 25 * mib, false},
	{MediaDOCX, "DOCX", []string{".docx"}, 25 * mib, false},
	{MediaMP4, "MP4", []string{".mp4", ".m4v"}, 500 * mib, false},
	{MediaWebM, "WebM", []string{".webm"}, 500 * mib, false},
	{MediaJPEG, "JPEG", []string{".jpg", ".jpeg"}, MaxPhotoSize, true},
	{MediaPNG, "PNG", []string{".png"}, MaxPhotoSize, true},
}

// MaxFileSize is the largest size of any file type.
func MaxFileSize() int64 {
	var m int64
	for _, ft := range FileTypes {
		m = max(m, ft.MaxSize)
	}
	return m
}

// FileTypeOf returns the type with a media type, nil for none.
func FileTypeOf(mediaType string) *FileType {
	for i := range FileTypes {
		if FileTypes[i].MediaType == mediaType {
			return &FileTypes[i]
		}
	}
	return nil
}

// FileTypeByName returns the type of a plain file (not a photo) that a
// file name's extension promises.
func FileTypeByName(name string) (*FileType, error) {
	ext := strings.ToLower(path.Ext(name))
	for i := range FileTypes {
		if !FileTypes[i].Photo && slices.Contains(FileTypes[i].Extensions, ext) {
			return &FileTypes[i], nil
		}
	}
	return nil, Invalid("file", "%q is not a PDF, DOCX, MP4 or WebM file: its name must end in .pdf, .docx, .mp4 or .webm", name)
}

// ValidateFileName checks a name as a download will offer it: no folder,
// no control or formatting characters, not too long.
func ValidateFileName(field, name string) error {
	switch {
	case name == "" || strings.TrimSpace(name) != name:
		return Invalid(field, "needs a file name without leading or trailing spaces")
	case !utf8.ValidString(name) || len(name) > 255:
		return Invalid(field, "the file name must be UTF-8 and at most 255 bytes")
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		return Invalid(field, "the file name must not name a folder")
	case strings.ContainsFunc(name, unicode.IsControl):
		return Invalid(field, "the file name must not contain control characters")
	case strings.ContainsFunc(name, isFormat):
		// Format characters (category Cf) are invisible and some reorder
		// what follows: "invoice\u202Egpj.pdf" shows as "invoicefdp.jpg".
		return Invalid(field, "the file name must not contain invisible formatting characters such as a right-to-left override")
	}
	return nil
}

// CheckFile tells the type of a file from its content and checks that its
// name promises the same type and that it is within that type's limit. It
// reads only what it needs: the first bytes, and for a DOCX the ZIP's
// directory and [Content_Types].xml.
func CheckFile(name string, r io.ReaderAt, size int64) (*FileType, error) {
	if err := ValidateFileName("file", name); err != nil {
		return nil, err
	}
	want, err := FileTypeByName(name)
	if err != nil {
		return nil, err
	}
	return checkContent(name, r, size, want)
}

// CheckPhoto is CheckFile for a photo: the name must promise JPEG or PNG.
func CheckPhoto(name string, r io.ReaderAt, size int64) (*FileType, error) {
	if err := ValidateFileName("file", name); err != nil {
		return nil, err
	}
	want, err := PhotoTypeByName(name)
	if err != nil {
		return nil, err
	}
	return checkContent(name, r, size, want)
}

// checkContent checks that a file of the type its name promises is within
// that type's limit and has that type's content.
func checkContent(name string, r io.ReaderAt, size int64, want *FileType) (*FileType, error) {
	if size <= 0 {
		return nil, Invalid("file", "%q is empty", name)
	}
	if size > want.MaxSize {
		return nil, Invalid("file", "%q is larger than the limit of %d MiB for %s files", name, want.MaxSize/mib, want.Label)
	}
	got, err := DetectFileType(r, size)
	if err != nil {
		return nil, err
	}
	if got != want {
		what := "not a file Accord keeps"
		if got != nil {
			what = "a " + got.Label + " file"
		}
		return nil, Invalid("file", "%q is not what its name says: its content is %s, not %s", name, what, want.Label)
	}
	return want, nil
}

// DetectFileType tells a file's type from its content, or nil when it is
// none of FileTypes. The error is only for failing to read.
func DetectFileType(r io.ReaderAt, size int64) (*FileType, error) {
	head := make([]byte, min(size, 64))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("read file head: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xFF\xD8\xFF")):
		return FileTypeOf(MediaJPEG), nil
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1A\n")):
		return FileTypeOf(MediaPNG), nil
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return FileTypeOf(MediaPDF), nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if isDOCX(r, size) {
			return FileTypeOf(MediaDOCX), nil
		}
	case len(head) >= 12 && string(head[4:8]) == "ftyp" && isVideoBrand(head):
		return FileTypeOf(MediaMP4), nil
	case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}) && bytes.Contains(head, []byte("\x42\x82\x84webm")):
		// An EBML header whose DocType element says webm (Matroska
		// files, which browsers need not play, say matroska).
		return FileTypeOf(MediaWebM), nil
	}
	return nil, nil
}

// isVideoBrand reads the brands of an ISO media file's ftyp box: MP4 video
// has an ISO or MP4 brand; HEIF images and QuickTime files share the box
// but are not what a .mp4 name promises.
func isVideoBrand(head []byte) bool {
	major := string(head[8:12])
	if slices.Contains([]string{"qt  ", "heic", "heix", "mif1", "msf1", "avif", "avis"}, major) {
		return false
	}
	brands := []string{major}
	boxSize := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
	for i := 16; i+4 <= min(boxSize, len(head)); i += 4 {
		brands = append(brands, string(head[i:i+4]))
	}
	return slices.ContainsFunc(brands, func(b string) bool {
		return slices.Contains([]string{"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "mmp4"}, b)
	})
}

// maxContentTypesSize bounds what is read of [Content_Types].xml, which is a
// few kilobytes in real files; a ZIP bomb stops here.
const maxContentTypesSize = 1 * mib

// isDOCX reports whether a ZIP is a Word document: its [Content_Types].xml
// declares the main part of WordprocessingML. A macro-enabled document
// declares another type and is refused.
func isDOCX(r io.ReaderAt, size int64) bool {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if f.Name != "[Content_Types].xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		var types struct {
			Overrides []struct {
				ContentType string `xml:"ContentType,attr"`
			} `xml:"Override"`
		}
		if err := xml.NewDecoder(io.LimitReader(rc, maxContentTypesSize)).Decode(&types); err != nil {
			return false
		}
		for _, o := range types.Overrides {
			if o.ContentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" {
				return true
			}
		}
		return false
	}
	return false
}

// FileStore keeps the bytes of attachments, content-addressed by SHA-256:
// a file is stored once however many documents carry it, and its name
// proves its content. Files are never removed, because documents keep
// their history.
type FileStore interface {
	// Stage starts a new file, written and checked before it is kept.
	Stage(ctx context.Context) (StagedFile, error)
	// Open returns a kept file; ENOTFOUND when there is none.
	Open(ctx context.Context, sha256 string) (io.ReadSeekCloser, error)
}

// StagedFile is a file being received: written, then read back to check
// its type, then kept under its hash or discarded.
type StagedFile interface {
	io.Writer
	io.ReaderAt
	// Size and SHA256 are those of the bytes written so far.
	Size() int64
	SHA256() string
	// Keep moves the file to its place under its hash.
	Keep() error
	// Discard removes the file unless it was kept; it is safe to call
	// more than once, so that callers can defer it.
	Discard() error
}

func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }
