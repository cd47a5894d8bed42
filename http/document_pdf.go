package http

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/pdf"
)

// documentPDFRoutes serve an outcome document or a press release as a PDF,
// for printing and for the archive (issue 14, item 5). The file is served
// the same at both addresses: the API's is the one clients find in
// OpenAPI. They are public, so the page cache keeps the public's PDFs:
// making one costs a tenth of a second or more, and the press asks for the
// same protocol at once.
func (s *Server) documentPDFRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/documents/{id}/pdf", Name: "document_pdf", Public: true, handler: s.documentPDF},
		{Method: "GET", Pattern: APIPrefix + "/documents/{id}/pdf", Name: "document_pdf_api", Public: true, handler: s.documentPDF},
	}
}

// hasPDF says which documents are printed: the outcome documents, which
// are signed and archived, and press releases, which are handed out. A
// statement or a report is read on its page.
func hasPDF(k accord.DocumentKind) bool {
	return k == accord.DocProtocol || k == accord.DocDeclaration || k == accord.DocPressRelease
}

// errNoFonts is the answer of a server that found no fonts to print with;
// the operator's log says which files it looked for.
var errNoFonts = accord.Errorf(accord.EUNAVAILABLE, "PDFs cannot be made on this server: the fonts they need are not installed.")

func (s *Server) documentPDF(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	// The document is judged first, as its page judges it: a reader who
	// may not read it learns nothing, not even that PDFs are off.
	d, j, _, err := s.documentFor(r, accord.ActRead)
	if err != nil {
		return err
	}
	layout := pdf.Parallel
	switch r.URL.Query().Get("layout") {
	case "", string(pdf.Parallel):
	case string(pdf.Sequential):
		layout = pdf.Sequential
	default:
		return accord.Invalid("layout", "%q is not a layout: parallel or sequential", r.URL.Query().Get("layout"))
	}
	if !hasPDF(d.Kind) {
		return accord.Errorf(accord.ENOTFOUND, "Only outcome documents and press releases are printed as PDF.")
	}
	if s.pdf == nil {
		return errNoFonts
	}
	lang := i18n.RequestLanguage(r)
	meetings := j.linked(d)
	sg, err := s.store.FindSigning(ctx, d.ID)
	switch accord.ErrorCode(err) {
	case "":
	case accord.ENOTFOUND:
		sg = nil
	default:
		return err
	}
	var authentic []string
	if sg == nil && len(meetings) > 0 {
		org, err := s.store.FindOrganization(ctx, meetings[0].Organization)
		if err != nil {
			return err
		}
		authentic = org.AuthenticLanguages()
	}
	doc := &pdf.Document{Title: d.Reference, Lang: lang, Layout: layout, Footer: d.Reference}
	// The PDF is dated by its content, its newest version, not by the
	// moment it is made: the same document is then the same PDF on every
	// instance.
	for _, v := range d.Versions {
		if v.CreatedAt.After(doc.Created) {
			doc.Created = v.CreatedAt
		}
	}
	doc.Facts = append(doc.Facts, pdf.Fact{Label: i18n.T(lang, "Kind"), Value: i18n.Enum(lang, d.Kind)})
	for _, m := range meetings {
		doc.Facts = append(doc.Facts, pdf.Fact{Label: i18n.T(lang, "Meeting"),
			Value: m.Organization + " " + m.Body + " " + m.Numeral() + ", " + i18n.FormatDateRange(lang, m.Start, m.End)})
	}
	doc.Texts, err = pdfTexts(lang, d, sg, authentic)
	if err != nil {
		return err
	}
	if sg != nil {
		if err := s.pdfSigning(r, doc, d, sg); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := s.pdf.Render(ctx, &buf, doc); err != nil {
		if errors.Is(err, pdf.ErrTooLarge) {
			return &accord.Error{Code: accord.EINVALID, Message: "This document is too long to print as one PDF.", Err: err}
		}
		if _, ok := errors.AsType[*pdf.MissingFontError](err); ok {
			return &accord.Error{Code: accord.EUNAVAILABLE, Message: errNoFonts.Error(), Err: err}
		}
		return err
	}
	name := strings.NewReplacer("/", "-", ".", "-", `"`, "", `\`, "").Replace(d.Reference)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.pdf"`, name))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

// pdfTexts are the versions to print: those frozen for signature when the
// document was opened for it, else the latest in each authentic language,
// else (a press release in a working language) every latest version.
func pdfTexts(lang string, d *accord.Document, sg *accord.Signing, authentic []string) ([]pdf.Text, error) {
	type pick struct {
		v         *accord.DocumentVersion
		authentic bool
	}
	var picks []pick
	if sg != nil {
		for _, sv := range sg.Versions {
			v := shownVersion(d, sv.VersionID)
			if v == nil {
				return nil, accord.Errorf(accord.EINTERNAL, "version %d frozen for signature is not a version of document %d", sv.VersionID, d.ID)
			}
			picks = append(picks, pick{v, sv.Authentic})
		}
	} else {
		latest := d.LatestVersions()
		for _, v := range latest {
			if slices.Contains(authentic, v.Lang) {
				picks = append(picks, pick{v, true})
			}
		}
		if len(picks) == 0 {
			for _, v := range latest {
				picks = append(picks, pick{v, false})
			}
		}
	}
	// The authentic texts come first, side by side; translations after.
	slices.SortStableFunc(picks, func(a, b pick) int {
		switch {
		case a.authentic == b.authentic:
			return 0
		case a.authentic:
			return -1
		}
		return 1
	})
	out := make([]pdf.Text, 0, len(picks))
	for _, p := range picks {
		name := cmp.Or(i18n.Names[p.v.Lang], p.v.Lang)
		heading := name
		if p.authentic {
			heading = i18n.Tf(lang, "%s (authentic text)", name)
		}
		out = append(out, pdf.Text{Lang: p.v.Lang, Heading: heading, Title: p.v.Title, Paragraphs: pdfParagraphs(p.v.Body)})
	}
	return out, nil
}

// pdfParagraphs splits a body at its line breaks, as the page shows it.
func pdfParagraphs(body string) []string {
	var out []string
	for line := range strings.SplitSeq(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// pdfSigning adds the signatories and the verification block: the log
// indexes, the SHA-256 of each version frozen, the latest checkpoint, and
// the signing page, where the offline bundle is.
func (s *Server) pdfSigning(r *http.Request, doc *pdf.Document, d *accord.Document, sg *accord.Signing) error {
	lang := doc.Lang
	doc.SignatoriesHeading = i18n.Tf(lang, "Signatories: %d of %d signed", len(sg.Signatures), len(sg.Required))
	for _, req := range sg.Required {
		st := pdf.Signatory{State: req.State, Name: req.Names.Get(lang), Head: req.Head}
		if sig := sg.SignatureOf(req.State); sig != nil {
			st.Signed = i18n.Tf(lang, "signed %s, log index %d", i18n.FormatTime(lang, sig.SignedAt), sig.LogIndex)
		} else {
			st.Signed = i18n.T(lang, "not signed yet")
		}
		doc.Signatories = append(doc.Signatories, st)
	}
	v := &pdf.Verification{Heading: i18n.T(lang, "Verification"), URLLabel: i18n.T(lang, "Verify at"),
		URL: s.absoluteURL(r, docPath(d.ID)+"/signing")}
	for _, sv := range sg.Versions {
		v.Lines = append(v.Lines, pdf.Fact{Label: i18n.Tf(lang, "SHA-256 of %s, revision %d", cmp.Or(i18n.Names[sv.Lang], sv.Lang), sv.Revision), Value: sv.SHA256})
	}
	v.Lines = append(v.Lines,
		pdf.Fact{Label: i18n.T(lang, "SHA-256 of the signing statement"), Value: sg.StatementSHA256},
		pdf.Fact{Label: i18n.T(lang, "Log index of the opening for signature"), Value: strconv.FormatInt(sg.LogIndex, 10)})
	if sg.CompletionLogIndex != 0 {
		v.Lines = append(v.Lines, pdf.Fact{Label: i18n.T(lang, "Log index of the completion"), Value: strconv.FormatInt(sg.CompletionLogIndex, 10)})
	}
	// The checkpoint /log/checkpoint serves.
	if s.translog != nil {
		cp, err := s.latestCheckpoint(r.Context())
		if err != nil {
			return err
		}
		v.CheckpointLabel, v.Checkpoint = i18n.T(lang, "Checkpoint"), string(cp.Best())
	}
	doc.Verification = v
	return nil
}
