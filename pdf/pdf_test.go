package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord/pdf"
	"github.com/accord-org/accord/pdf/pdftest"
)

// renderer returns a renderer on the system's fonts, or skips with the
// reason.
func renderer(t *testing.T, lim pdf.Limits) *pdf.Renderer {
	t.Helper()
	paths, err := pdf.FindFonts(pdf.SystemFontDirs()...)
	if err != nil {
		t.Skip("PDF fonts missing: " + err.Error())
	}
	return pdf.NewRenderer(paths, lim)
}

// squeeze removes all white space: a Chinese line break leaves a newline
// between two characters that were one word, and a Russian one a newline
// for a space.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

var sample = pdf.Document{
	Title: "SCO/PGM/22/PROTOCOL", Lang: "en", Footer: "SCO/PGM/22/PROTOCOL",
	Facts: []pdf.Fact{{Label: "Meeting", Value: "SCO PGM XXII, 25 July 2024"}},
	Texts: []pdf.Text{
		{Lang: "ru", Heading: "Русский (аутентичный текст)", Title: "Протокол XXII Совещания генеральных прокуроров",
			Paragraphs: []string{"г. Бишкек, 25 июля 2024 года", "1. Стороны принимают согласованные меры по укреплению взаимодействия генеральных прокуратур государств-членов ШОС.", "Совершено в г. Бишкеке в одном экземпляре на русском и китайском языках."}},
		{Lang: "zh", Heading: "中文（作准文本）", Title: "上海合作组织成员国总检察长第二十二次会议纪要",
			Paragraphs: []string{"2024年7月25日，比什凯克", "一、各方采取协调一致的措施，加强上海合作组织成员国总检察机关之间的相互协作。", "本纪要于2024年7月25日在比什凯克签订，一式一份，用俄文和中文写成，两种文本同等作准。"}},
	},
	SignatoriesHeading: "Signatories",
	Signatories: []pdf.Signatory{
		{State: "KG", Name: "Kyrgyzstan", Head: "Head of the delegation (demo)", Signed: "signed 2024-07-25 10:00 UTC, log index 31"},
		{State: "CN", Name: "China", Signed: "signed 2024-07-25 10:05 UTC, log index 32"},
	},
	Verification: &pdf.Verification{Heading: "Verification",
		Lines:           []pdf.Fact{{Label: "ru revision 1", Value: "sha256 0d3c… log index 5"}},
		CheckpointLabel: "Checkpoint", Checkpoint: "example.org/log\n42\nAAAA=\n\n— example.org/log abcd\n",
		URLLabel: "Verify at", URL: "https://accord.example.org/documents/1/signing"},
}

// TestRenderTexts: in either layout, pdftotext gives back every
// paragraph in Russian and Chinese, the signatories and the
// verification block, and the fonts are embedded as subsets.
func TestRenderTexts(t *testing.T) {
	r := renderer(t, pdf.DefaultLimits)
	for _, layout := range []pdf.Layout{pdf.Parallel, pdf.Sequential} {
		t.Run(string(layout), func(t *testing.T) {
			d := sample
			d.Layout = layout
			var buf bytes.Buffer
			if err := r.Render(context.Background(), &buf, &d); err != nil {
				t.Fatal(err)
			}
			got := squeeze(pdftest.Text(t, buf.Bytes()))
			want := []string{"Kyrgyzstan", "China", "Verification", "example.org/log", "https://accord.example.org/documents/1/signing"}
			for _, tx := range d.Texts {
				want = append(want, tx.Title, tx.Heading)
				want = append(want, tx.Paragraphs...)
			}
			for _, w := range want {
				if !strings.Contains(got, squeeze(w)) {
					t.Errorf("pdftotext lacks %q", w)
				}
			}
			if fonts := pdfFonts(t, buf.Bytes()); strings.Count(fonts, "SUBSET+") < 2 || strings.Contains(fonts, " no ") {
				t.Errorf("fonts not embedded as subsets:\n%s", fonts)
			}
		})
	}
}

// TestParallelSideBySide: in the parallel layout the first Russian and
// Chinese paragraphs stand on one line, as pdftotext -layout reads it.
func TestParallelSideBySide(t *testing.T) {
	r := renderer(t, pdf.DefaultLimits)
	for _, tc := range []struct {
		layout pdf.Layout
		want   bool
	}{{pdf.Parallel, true}, {pdf.Sequential, false}} {
		d := sample
		d.Layout = tc.layout
		var buf bytes.Buffer
		if err := r.Render(context.Background(), &buf, &d); err != nil {
			t.Fatal(err)
		}
		side := false
		for _, line := range strings.Split(pdftest.Text(t, buf.Bytes(), "-layout"), "\n") {
			if strings.Contains(line, "г. Бишкек, 25 июля 2024 года") && strings.Contains(line, "2024年7月25日，比什凯克") {
				side = true
			}
		}
		if side != tc.want {
			t.Errorf("%s: ru and zh side by side %v, want %v", tc.layout, side, tc.want)
		}
	}
}

func pdfFonts(t *testing.T, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Skip("pdffonts not installed (Debian poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v: %s", err, out)
	}
	return string(out)
}

// TestLimits: a text over the size limit, or one that would take more
// pages than allowed, is refused with ErrTooLarge; a long paragraph is
// split across pages, and none of it is lost.
func TestLimits(t *testing.T) {
	long := strings.Repeat("Стороны принимают согласованные меры. ", 400)
	longZH := strings.Repeat("各方采取协调一致的措施。", 600)
	both := []pdf.Text{{Lang: "ru", Title: "T", Paragraphs: []string{long}}, {Lang: "zh", Title: "标题", Paragraphs: []string{longZH}}}
	// In the parallel layout pdftotext reads a page's left column, then
	// its right one: a Chinese sentence cut by a page break has the next
	// page's Russian between its halves, so only the Russian is counted.
	for _, tc := range []struct {
		name   string
		lim    pdf.Limits
		layout pdf.Layout
		texts  []pdf.Text
		err    error
		count  map[string]int
	}{
		{"too many characters", pdf.Limits{MaxRunes: 1000, MaxPages: 100}, pdf.Parallel, []pdf.Text{{Lang: "ru", Title: "T", Paragraphs: []string{long}}}, pdf.ErrTooLarge, nil},
		{"too many pages", pdf.Limits{MaxRunes: 1 << 20, MaxPages: 2}, pdf.Sequential, []pdf.Text{{Lang: "ru", Title: "T", Paragraphs: []string{long, long, long}}}, pdf.ErrTooLarge, nil},
		{"long paragraphs split over pages, sequential", pdf.Limits{MaxRunes: 1 << 20, MaxPages: 100}, pdf.Sequential, both, nil,
			map[string]int{"Стороныпринимают": 400, "各方采取协调一致的措施": 600}},
		{"long paragraphs split over pages, parallel", pdf.Limits{MaxRunes: 1 << 20, MaxPages: 100}, pdf.Parallel, both, nil,
			map[string]int{"Стороныпринимают": 400}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := renderer(t, tc.lim)
			d := pdf.Document{Title: "Limits", Lang: "en", Layout: tc.layout, Texts: tc.texts}
			var buf bytes.Buffer
			err := r.Render(context.Background(), &buf, &d)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if err != nil {
				if buf.Len() != 0 {
					t.Errorf("a refused PDF wrote %d bytes", buf.Len())
				}
				return
			}
			// The page numbers at the feet of the pages stand between
			// the halves of a sentence a page break cut.
			var kept []string
			for _, line := range strings.Split(strings.ReplaceAll(pdftest.Text(t, buf.Bytes()), "\f", "\n"), "\n") {
				if strings.Trim(line, "0123456789 ") != "" {
					kept = append(kept, line)
				}
			}
			got := squeeze(strings.Join(kept, "\n"))
			for sentence, want := range tc.count {
				if n := strings.Count(got, sentence); n != want {
					t.Errorf("%q: %d times, want %d", sentence, n, want)
				}
			}
		})
	}
}

// TestMissingFonts: a font folder without the fonts names the face that
// is missing and where it was looked for.
func TestMissingFonts(t *testing.T) {
	dir := t.TempDir()
	_, err := pdf.FindFonts(dir)
	var missing *pdf.MissingFontError
	if !errors.As(err, &missing) {
		t.Fatalf("err %v, want a MissingFontError", err)
	}
	if !strings.Contains(err.Error(), "NotoSans-Regular.ttf") || !strings.Contains(err.Error(), dir) {
		t.Errorf("error does not name the font and the folder: %v", err)
	}
}

// TestCanceled: a request gone away stops the layout.
func TestCanceled(t *testing.T) {
	r := renderer(t, pdf.DefaultLimits)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := sample
	if err := r.Render(ctx, &bytes.Buffer{}, &d); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// TestRenderCreationDate: the PDF's CreationDate is the document's
// Created, not the clock: the writer stamped time.Now, so that two renders
// a second apart differed (and their ETags). pdfinfo still reads the file,
// so the cross-reference offsets are whole.
func TestRenderCreationDate(t *testing.T) {
	r := renderer(t, pdf.DefaultLimits)
	d := sample
	d.Created = time.Date(2024, 7, 25, 11, 30, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := r.Render(context.Background(), &buf, &d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("/CreationDate(D:")) {
		t.Fatalf("no CreationDate in the PDF")
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo not installed")
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", "-isodates", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "2024-07-25T11:30:00Z") || strings.Contains(strings.ToLower(string(out)), "error") {
		t.Errorf("pdfinfo: %v\n%s", err, out)
	}
}

// TestRenderSameBytes: two renders of one document on either side of a
// second's boundary are the same bytes (the writer's CreationDate and the
// font subsets' head.modified both came from the clock), and the file
// still reads: pdftotext gives back its text, pdffonts its subsets.
func TestRenderSameBytes(t *testing.T) {
	r := renderer(t, pdf.DefaultLimits)
	d := sample
	d.Created = time.Date(2024, 7, 25, 11, 30, 0, 0, time.UTC)
	render := func() []byte {
		var buf bytes.Buffer
		if err := r.Render(context.Background(), &buf, &d); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first := render()
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 50*time.Millisecond)))
	if again := render(); !bytes.Equal(first, again) {
		t.Errorf("a render a second later differs: %d bytes, then %d", len(first), len(again))
	}
	got := squeeze(pdftest.Text(t, first))
	for _, w := range append([]string{d.Texts[0].Title, d.Texts[1].Title}, d.Texts[1].Paragraphs...) {
		if !strings.Contains(got, squeeze(w)) {
			t.Errorf("pdftotext lost %q", w)
		}
	}
	if fonts := pdfFonts(t, first); !strings.Contains(fonts, "+") {
		t.Errorf("no subset font:\n%s", fonts)
	}
}
