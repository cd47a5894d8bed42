// Package pdf prints Accord's outcome documents and press releases as PDF
// files, for printing and for the archive, without a browser: the texts in
// their authentic languages side by side or one after the other, the
// signatories, and a verification block (log indexes, the checkpoint, the
// SHA-256 of each version, and a QR code to the verification page).
//
// It lays out what it is given and reads nothing but its fonts: the http
// adapter gathers the document, the signing and the log entries, and
// translates the labels. Text is shaped and broken into lines by
// github.com/tdewolff/canvas (which breaks Chinese lines by the Unicode
// rules, punctuation kept off the start of a line), and the fonts are
// embedded as subsets, so that pdftotext gives the texts back.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/skip2/go-qrcode"
	"github.com/tdewolff/canvas"
	cpdf "github.com/tdewolff/canvas/renderers/pdf"
)

// Layout is how the texts of a document in several languages are set.
type Layout string

const (
	// Parallel sets the texts side by side, two columns, paragraph by
	// paragraph, as treaties print their authentic texts.
	Parallel Layout = "parallel"
	// Sequential sets them one after the other.
	Sequential Layout = "sequential"
)

// Document is what a PDF shows. Every string is printed as given: the
// caller has translated the labels into the reader's language.
type Document struct {
	// Title is the PDF's title, in its metadata and at the top of the
	// first page; Lang is the language of the labels (BCP 47).
	Title, Lang string
	// Facts are label and value lines under the title: the reference, the
	// meeting, the kind.
	Facts []Fact
	// Texts are the language versions to print, in order.
	Texts  []Text
	Layout Layout
	// Signatories heads the list of those who must sign, and Signed says
	// "signed" in the reader's language; both empty for a document never
	// opened for signature.
	SignatoriesHeading string
	Signatories        []Signatory
	Verification       *Verification
	// Footer is printed at the foot of every page, with the page number.
	Footer string
	// Created is the PDF's CreationDate: the time of the content printed
	// (the latest version shown), so that the same document renders to
	// the same bytes on every server and at every moment. Zero leaves the
	// writer's clock.
	Created time.Time
}

// Fact is one line of the facts: a label and its value.
type Fact struct{ Label, Value string }

// Text is a language version: its heading (the language's name, and
// whether it is authentic), title and paragraphs.
type Text struct {
	Lang, Heading, Title string
	Paragraphs           []string
}

// Signatory is a state whose head signs, and what the log says of it.
type Signatory struct {
	State, Name, Head string
	// Signed is the signature's time and log index as the caller writes
	// them, empty while the state has not signed.
	Signed string
}

// Verification is what lets a reader check the printed text against the
// transparency log.
type Verification struct {
	Heading string
	// Lines are label and value pairs: each version's SHA-256 and log
	// index, the statement's, the completion's.
	Lines []Fact
	// Checkpoint is the log's checkpoint note, printed as it is.
	CheckpointLabel, Checkpoint string
	// URL is the verification page, which the QR code encodes.
	URLLabel, URL string
}

// Limits bound a PDF, so that no document makes the server work without
// end: the texts' size and the pages.
type Limits struct {
	MaxRunes int // of all texts together
	MaxPages int
}

// DefaultLimits fit the longest protocols councils sign (a few dozen
// pages) with room to spare.
var DefaultLimits = Limits{MaxRunes: 200_000, MaxPages: 150}

// ErrTooLarge is returned for a document over the Limits.
var ErrTooLarge = errors.New("pdf: document too large to print")

// Renderer makes PDFs with the fonts it found. Its fonts are read on the
// first PDF, not at start: the server starts fast, and a server that is
// never asked for a PDF never holds them.
type Renderer struct {
	paths  FontPaths
	limits Limits
	once   sync.Once
	fonts  *fonts
	err    error
	// mu makes one PDF at a time: the shaper's font caches are not safe
	// for concurrent use, and on a small machine one layout at a time
	// keeps a rush of readers from taking every core.
	mu sync.Mutex
}

// NewRenderer returns a renderer with the fonts at paths (FindFonts).
func NewRenderer(paths FontPaths, limits Limits) *Renderer {
	return &Renderer{paths: paths, limits: limits}
}

// Fonts says which font files the renderer uses.
func (r *Renderer) Fonts() FontPaths { return r.paths }

// Page geometry, in millimetres: A4 with 20 mm margins.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 20.0
	footH        = 10.0
	gap          = 8.0
	bodyPt       = 10.5
	titlePt      = 15.0
	headPt       = 12.0
	smallPt      = 8.0
	// maxParagraphRunes: a longer paragraph is set in pieces, since the
	// line breaker's cost grows faster than the paragraph.
	maxParagraphRunes = 1200
)

// Render writes d as a PDF to w.
func (r *Renderer) Render(ctx context.Context, w io.Writer, d *Document) (err error) {
	r.once.Do(func() { r.fonts, r.err = loadFonts(r.paths) })
	if r.err != nil {
		return r.err
	}
	n := utf8.RuneCountInString(d.Title)
	for _, t := range d.Texts {
		n += utf8.RuneCountInString(t.Title)
		for _, p := range t.Paragraphs {
			n += utf8.RuneCountInString(p)
		}
	}
	if n > r.limits.MaxRunes {
		return fmt.Errorf("%w: %d characters, at most %d", ErrTooLarge, n, r.limits.MaxRunes)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// The PDF writer panics when a font cannot be subset; a PDF that
	// cannot be made is an error, not a crashed request.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdf: %v", p)
		}
	}()
	var buf bytes.Buffer
	out := cpdf.New(&buf, pageW, pageH, nil)
	out.SetInfo(d.Title, "", "", "", "Accord")
	out.SetLang(d.Lang)
	l := &layout{ctx: ctx, f: r.fonts, out: out, doc: d, maxPages: r.limits.MaxPages}
	if err := l.run(); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	b := buf.Bytes()
	if !d.Created.IsZero() {
		b = unstampFonts(setCreationDate(b, d.Created), d.Created)
	}
	_, err = w.Write(b)
	return err
}

// creationDate is the writer's CreationDate, which it stamps with its
// clock (time.Now), to the second: two renders of one document a second
// apart differed, and so did their ETags.
var creationDate = regexp.MustCompile(`/CreationDate\s*\(D:(\d{14})(Z|[+-]\d{4})\)`)

// setCreationDate replaces the writer's CreationDate with when, in the
// same zone's format, so that the value keeps its length and the offsets
// of the cross-reference table stay right.
func setCreationDate(b []byte, when time.Time) []byte {
	m := creationDate.FindSubmatchIndex(b)
	if m == nil {
		return b
	}
	zone := string(b[m[4]:m[5]])
	offset := 0
	if zone != "Z" {
		h, _ := strconv.Atoi(zone[1:3])
		mi, _ := strconv.Atoi(zone[3:5])
		offset = (h*60 + mi) * 60
		if zone[0] == '-' {
			offset = -offset
		}
	}
	v := when.In(time.FixedZone("", offset)).Format("20060102150405Z0700")
	if len(v) != m[5]-m[2] {
		return b // not the writer's form: leave it rather than break the offsets
	}
	copy(b[m[2]:m[5]], v)
	return b
}

// layout fills pages top to bottom.
type layout struct {
	ctx      context.Context
	f        *fonts
	out      *cpdf.PDF
	doc      *Document
	c        *canvas.Canvas
	cx       *canvas.Context
	y        float64 // the top of the free space, from the page's bottom
	pages    int
	maxPages int
}

func (l *layout) run() error {
	if err := l.newPage(); err != nil {
		return err
	}
	d := l.doc
	if err := l.paragraph(d.Title, titlePt, true, margin, pageW-2*margin, 4); err != nil {
		return err
	}
	for _, f := range d.Facts {
		if err := l.paragraph(f.Label+": "+f.Value, smallPt+1, false, margin, pageW-2*margin, 1); err != nil {
			return err
		}
	}
	l.y -= 4
	if d.Layout == Parallel && len(d.Texts) >= 2 {
		for i := 0; i < len(d.Texts); i += 2 {
			if i+1 == len(d.Texts) {
				if err := l.sequential(d.Texts[i]); err != nil {
					return err
				}
				break
			}
			if err := l.parallel(d.Texts[i], d.Texts[i+1]); err != nil {
				return err
			}
		}
	} else {
		for _, t := range d.Texts {
			if err := l.sequential(t); err != nil {
				return err
			}
		}
	}
	if len(d.Signatories) > 0 {
		if err := l.signatories(); err != nil {
			return err
		}
	}
	if d.Verification != nil {
		if err := l.verification(d.Verification); err != nil {
			return err
		}
	}
	l.finishPage()
	return nil
}

func (l *layout) newPage() error {
	if l.c != nil {
		l.finishPage()
	}
	if l.pages >= l.maxPages {
		return fmt.Errorf("%w: more than %d pages", ErrTooLarge, l.maxPages)
	}
	if err := l.ctx.Err(); err != nil {
		return err
	}
	if l.pages > 0 {
		l.out.NewPage(pageW, pageH)
	}
	l.pages++
	l.c = canvas.New(pageW, pageH)
	l.cx = canvas.NewContext(l.c)
	l.y = pageH - margin
	return nil
}

func (l *layout) finishPage() {
	foot := fmt.Sprintf("%s · %d", l.doc.Footer, l.pages)
	if l.doc.Footer == "" {
		foot = fmt.Sprint(l.pages)
	}
	t := l.rich(foot, smallPt, false).ToText(pageW-2*margin, 0, canvas.Center, canvas.Top, lineBreaks)
	l.cx.DrawText(margin, margin-2, t)
	l.c.RenderTo(l.out)
	l.c = nil
}

// bottom is where the page's free space ends.
func (l *layout) bottom() float64 { return margin + footH }

// isCJK says whether a rune is set in the Chinese face: Han, kana,
// hangul, and the CJK punctuation and full-width forms.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x2E80 && r <= 0x2FDF)
}

// rich sets s in the Latin face, and its Chinese runs in the Chinese
// face, so that a Russian text quoting a Chinese name, or a Chinese one
// with Latin letters, loses no glyph.
func (l *layout) rich(s string, pt float64, bold bool) *canvas.RichText {
	latin := l.f.regular
	if bold {
		latin = l.f.bold
	}
	lf := latin.Face(pt, canvas.Black)
	cf := l.f.cjk.Face(pt, canvas.Black)
	if bold {
		// The Chinese face has no bold; a faux bold keeps headings
		// heavier than the text.
		cf = l.f.cjk.Face(pt, canvas.Black, canvas.FontBold)
	}
	rt := canvas.NewRichText(lf)
	start, cjk := 0, false
	flush := func(end int) {
		if end > start {
			if cjk {
				rt.WriteFace(cf, s[start:end])
			} else {
				rt.WriteFace(lf, s[start:end])
			}
		}
		start = end
	}
	for i, r := range s {
		// Spaces stay with the run they are in; ASCII digits and
		// letters are the Latin face's, even inside Chinese text (the
		// Chinese face maps its Latin glyphs to no text).
		if unicode.IsSpace(r) {
			continue
		}
		if c := isCJK(r); c != cjk {
			flush(i)
			cjk = c
		}
	}
	flush(len(s))
	return rt
}

// lineBreaks: ragged-right text gains little from Knuth-Plass, which
// took three quarters of a long document's time; the greedy breaker
// keeps the same break opportunities (no comma at the start of a
// Chinese line).
var lineBreaks = &canvas.TextOptions{Linebreaker: canvas.GreedyLinebreaker{}}

func (l *layout) box(s string, pt float64, bold bool, width float64) *canvas.Text {
	return l.rich(s, pt, bold).ToText(width, 0, canvas.Left, canvas.Top, lineBreaks)
}

// paragraph sets s at x, width wide, breaking the page (and, when it is
// taller than a page, the paragraph) where needed; after is the space
// below it.
func (l *layout) paragraph(s string, pt float64, bold bool, x, width, after float64) error {
	for _, piece := range pieces(s) {
		rest := piece
		for rest != "" {
			t := l.box(rest, pt, bold, width)
			if l.y-t.Height >= l.bottom() {
				l.cx.DrawText(x, l.y, t)
				l.y -= t.Height
				break
			}
			head, tail := l.fit(rest, pt, bold, width, l.y-l.bottom())
			if head != "" {
				t := l.box(head, pt, bold, width)
				l.cx.DrawText(x, l.y, t)
			}
			if err := l.newPage(); err != nil {
				return err
			}
			rest = tail
		}
	}
	l.y -= after
	return nil
}

// pieces splits a paragraph too long for the line breaker at a space
// or after a Chinese full stop.
func pieces(s string) []string {
	var out []string
	for utf8.RuneCountInString(s) > maxParagraphRunes {
		cut, n := 0, 0
		for i, r := range s {
			if n++; n > maxParagraphRunes {
				break
			}
			if r == ' ' || r == '。' || r == '；' {
				cut = i + utf8.RuneLen(r)
			}
		}
		if cut == 0 {
			cut = len(string([]rune(s)[:maxParagraphRunes]))
		}
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	return append(out, s)
}

// fit splits s into the lines that fit in height and the rest. It lays
// the text out once and finds where each line starts in s, so that the
// rest is set again from the source, not from rebuilt lines. A head that
// would hold no whole line is empty.
func (l *layout) fit(s string, pt float64, bold bool, width, height float64) (head, tail string) {
	t := l.box(s, pt, bold, width)
	var ys []float64
	var starts []int
	offset := 0
	t.WalkLines(func(y float64, spans []canvas.TextSpan) {
		start := -1
		for _, sp := range spans {
			if i := strings.Index(s[offset:], sp.Text); sp.Text != "" && i >= 0 {
				if start < 0 {
					start = offset + i
				}
				offset += i + len(sp.Text)
			}
		}
		if start >= 0 {
			ys, starts = append(ys, -y), append(starts, start)
		}
	})
	if len(ys) == 0 {
		return "", s
	}
	// Below the last line's baseline the box keeps its descent; a line
	// fits when it and that descent do.
	descent := t.Height - ys[len(ys)-1]
	n := 0
	for n < len(ys) && ys[n]+descent <= height {
		n++
	}
	if n == 0 {
		return "", s
	}
	if n == len(ys) {
		return s, ""
	}
	return strings.TrimSpace(s[:starts[n]]), strings.TrimSpace(s[starts[n]:])
}

func (l *layout) sequential(t Text) error {
	w := pageW - 2*margin
	if err := l.keep(14); err != nil {
		return err
	}
	if err := l.paragraph(t.Heading, smallPt, true, margin, w, 1); err != nil {
		return err
	}
	if err := l.paragraph(t.Title, headPt, true, margin, w, 3); err != nil {
		return err
	}
	for _, p := range t.Paragraphs {
		if err := l.paragraph(p, bodyPt, false, margin, w, 2.5); err != nil {
			return err
		}
	}
	l.y -= 4
	return nil
}

// parallel sets two texts side by side: the headings, the titles, then
// each pair of paragraphs on one row, so that a reader finds the same
// clause in the other language at the same height.
func (l *layout) parallel(a, b Text) error {
	w := (pageW - 2*margin - gap) / 2
	rows := [][2]string{{a.Heading, b.Heading}, {a.Title, b.Title}}
	for i := 0; i < max(len(a.Paragraphs), len(b.Paragraphs)); i++ {
		var pa, pb []string
		if i < len(a.Paragraphs) {
			pa = pieces(a.Paragraphs[i])
		}
		if i < len(b.Paragraphs) {
			pb = pieces(b.Paragraphs[i])
		}
		for k := 0; k < max(len(pa), len(pb)); k++ {
			var row [2]string
			if k < len(pa) {
				row[0] = pa[k]
			}
			if k < len(pb) {
				row[1] = pb[k]
			}
			rows = append(rows, row)
		}
	}
	for i, row := range rows {
		pt, bold, after := bodyPt, false, 2.5
		switch i {
		case 0:
			pt, bold, after = smallPt, true, 1
		case 1:
			pt, bold, after = headPt, true, 3
		}
		if err := l.row(row, pt, bold, w, after); err != nil {
			return err
		}
	}
	l.y -= 4
	return nil
}

// row sets two cells of one row, splitting both over pages when the row
// is taller than the space left.
func (l *layout) row(cells [2]string, pt float64, bold bool, w, after float64) error {
	xs := [2]float64{margin, margin + w + gap}
	for cells[0] != "" || cells[1] != "" {
		var ts [2]*canvas.Text
		h := 0.0
		for k, s := range cells {
			if s != "" {
				ts[k] = l.box(s, pt, bold, w)
				h = max(h, ts[k].Height)
			}
		}
		if l.y-h >= l.bottom() {
			for k, t := range ts {
				if t != nil {
					l.cx.DrawText(xs[k], l.y, t)
				}
			}
			l.y -= h
			break
		}
		for k, s := range cells {
			if s == "" {
				continue
			}
			if ts[k].Height <= l.y-l.bottom() {
				l.cx.DrawText(xs[k], l.y, ts[k])
				cells[k] = ""
				continue
			}
			head, tail := l.fit(s, pt, bold, w, l.y-l.bottom())
			if head != "" {
				l.cx.DrawText(xs[k], l.y, l.box(head, pt, bold, w))
			}
			cells[k] = tail
		}
		if err := l.newPage(); err != nil {
			return err
		}
	}
	l.y -= after
	return nil
}

// keep starts a new page unless h millimetres are left, so that a
// heading is not left alone at the foot of a page.
func (l *layout) keep(h float64) error {
	if l.y-h < l.bottom() {
		return l.newPage()
	}
	return nil
}

func (l *layout) rule() {
	l.cx.SetStrokeColor(canvas.Gray)
	l.cx.SetStrokeWidth(0.2)
	l.cx.DrawPath(margin, l.y, canvas.Line(pageW-2*margin, 0))
	l.y -= 3
}

func (l *layout) signatories() error {
	d := l.doc
	if err := l.keep(30); err != nil {
		return err
	}
	l.rule()
	w := pageW - 2*margin
	if err := l.paragraph(d.SignatoriesHeading, headPt, true, margin, w, 2); err != nil {
		return err
	}
	// Two columns: the state and its head, then the signature.
	cw := [2]float64{w * 0.55, w * 0.45}
	for _, s := range d.Signatories {
		left := s.Name
		if s.Head != "" {
			left += " — " + s.Head
		}
		if err := l.rowWidths([2]string{left, s.Signed}, bodyPt-1, cw, 1.5); err != nil {
			return err
		}
	}
	l.y -= 4
	return nil
}

// rowWidths is row with columns of the given widths and no gap beyond
// a small one; a cell of a signatory row is short, and never split.
func (l *layout) rowWidths(cells [2]string, pt float64, cw [2]float64, after float64) error {
	var ts [2]*canvas.Text
	h := 0.0
	for k, s := range cells {
		ts[k] = l.box(s, pt, false, cw[k]-2)
		h = max(h, ts[k].Height)
	}
	if err := l.keep(h); err != nil {
		return err
	}
	l.cx.DrawText(margin, l.y, ts[0])
	l.cx.DrawText(margin+cw[0], l.y, ts[1])
	l.y -= h + after
	return nil
}

// qrSize is the QR code's side, in millimetres: large enough for a phone
// to read from paper.
const qrSize = 32.0

func (l *layout) verification(v *Verification) error {
	w := pageW - 2*margin
	if err := l.keep(60); err != nil {
		return err
	}
	l.rule()
	if err := l.paragraph(v.Heading, headPt, true, margin, w, 2); err != nil {
		return err
	}
	if v.URL != "" {
		if err := l.keep(qrSize + 4); err != nil {
			return err
		}
		top := l.y
		if err := l.qr(v.URL, margin, top); err != nil {
			return err
		}
		tw := w - qrSize - gap
		x := margin + qrSize + gap
		t := l.box(v.URLLabel, smallPt+1, true, tw)
		l.cx.DrawText(x, l.y, t)
		l.y -= t.Height + 1
		u := l.box(v.URL, smallPt+1, false, tw)
		l.cx.DrawText(x, l.y, u)
		l.y = min(l.y-u.Height, top-qrSize) - 4
	}
	cw := [2]float64{w * 0.3, w * 0.7}
	for _, f := range v.Lines {
		if err := l.rowWidths([2]string{f.Label, f.Value}, smallPt, cw, 1); err != nil {
			return err
		}
	}
	if v.Checkpoint != "" {
		l.y -= 2
		if err := l.paragraph(v.CheckpointLabel, smallPt, true, margin, w, 1); err != nil {
			return err
		}
		for _, line := range strings.Split(strings.TrimRight(v.Checkpoint, "\n"), "\n") {
			if line == "" {
				line = " "
			}
			if err := l.paragraph(line, smallPt-1, false, margin, w, 0.3); err != nil {
				return err
			}
		}
	}
	return nil
}

// qr draws the QR code of url with its top left corner at (x, top), as
// vector squares, one rectangle per run of dark modules in a row.
func (l *layout) qr(url string, x, top float64) error {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("pdf: QR code: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	m := qrSize / float64(len(bm))
	p := &canvas.Path{}
	for row, bits := range bm {
		for col := 0; col < len(bits); {
			if !bits[col] {
				col++
				continue
			}
			end := col
			for end < len(bits) && bits[end] {
				end++
			}
			p = p.Append(canvas.Rectangle(float64(end-col)*m, m).Translate(float64(col)*m, -float64(row+1)*m))
			col = end
		}
	}
	l.cx.SetFillColor(canvas.Black)
	l.cx.SetStrokeColor(canvas.Transparent)
	l.cx.DrawPath(x, top, p)
	return nil
}
