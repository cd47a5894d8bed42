package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPreparingXXIII counts what preparing meeting XXIII costs the
// secretariat in the browser, as issue 15 measured it (132 clicks, 51 page
// loads before): the meeting, 8 agenda items, the 10 delegations invited
// with their heads known by title, and one statement with a PDF, from the
// desk. Every click a person makes is counted, typing is not; a page load
// is each page the browser shows (a redirect after a form is one). The
// figures are logged, not asserted: the test fails only when a step does.
func TestBrowserPreparingXXIII(t *testing.T) {
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(1280, 900))
	s.signIn(t, ctx, "secretariat@demo.accord")
	s.do(t, ctx, chromedp.Navigate(s.url+"/desk"), chromedp.WaitVisible("main"))
	clicks, loads := 0, 0
	// follow clicks a link and waits for the page it leads to.
	follow := func(href string) {
		t.Helper()
		clicks++
		loads++
		s.do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.left = "1"`),
			chromedp.Click(`a[href="`+href+`"]`), chromedp.WaitVisible("html:not([data-left]) main"))
	}
	// submit clicks a form's button and waits for want on the answer.
	submit := func(sel, want string) {
		t.Helper()
		clicks++
		loads++
		s.do(t, ctx, submitThen(sel, want))
	}
	pgm := "/organizations/SCO/bodies/PGM"
	follow(pgm + "/meetings/new") // the desk's "Prepare a meeting of …"
	// Typing the fields is not counted; choosing from a list is a click.
	clicks += 3 // host, format, status
	s.do(t, ctx, chromedp.SetValue(`input[name="number"]`, "23"), chromedp.SetValue(`select[name="host"]`, "PK"),
		chromedp.SendKeys(`input[name="city.en"]`, "Islamabad"), chromedp.SetValue(`input[name="start"]`, "2025-09-10"),
		chromedp.SetValue(`input[name="end"]`, "2025-09-11"), chromedp.SetValue(`select[name="format"]`, "in_person"),
		chromedp.SetValue(`select[name="status"]`, "planned"))
	submit(`input[name="number"]`, "#agenda")
	xxiii := pgm + "/meetings/23"
	follow(xxiii + "/agenda")
	// The eight items in one form, one title a line.
	var titles string
	for i := 1; i <= 8; i++ {
		titles += "Item " + strconv.Itoa(i) + "\n"
	}
	s.do(t, ctx, chromedp.SendKeys(`textarea[name="titles"]`, titles))
	submit(`textarea[name="titles"]`, `ol.agenda li:nth-child(8)`)
	follow(xxiii)
	follow(xxiii + "/delegations")
	follow(xxiii + "/delegations/invite")
	submit(`input[name="states"]`, `section[aria-labelledby="invitations"]`)

	pdf := filepath.Join(t.TempDir(), "statement.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := s.main.DB.FindMeeting(t.Context(), "SCO", "PGM", 23)
	if err != nil {
		t.Fatal(err)
	}
	// The meeting page's "Add a document to this meeting" opens the form
	// with the meeting chosen.
	follow(xxiii)
	follow("/documents/new?meeting=" + strconv.FormatInt(m.ID, 10))
	clicks++ // the kind
	s.do(t, ctx, chromedp.WaitVisible("#reference"), chromedp.SendKeys("#reference", "SCO/PGM/23/STATEMENT/PK"), chromedp.SetValue("#kind", "statement"),
		chromedp.SetValue("#classification", "public"), chromedp.SetValue("#lang", "en"),
		chromedp.SendKeys("#title", "Statement of Pakistan"), chromedp.SendKeys("#body", "Pakistan welcomes the delegations."))
	submit("#title", "article")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	follow(loc[len(s.url):] + "/edit")
	clicks++ // choosing the file
	s.do(t, ctx, chromedp.SetUploadFiles("#f-file", []string{pdf}))
	submit("#f-file", `section[aria-labelledby="attach"] .confirmation`)
	ds, err := s.main.DB.ListDelegations(t.Context(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("preparing XXIII (meeting, 8 items, %d delegations invited, a statement with a PDF): %d clicks, %d page loads", len(ds), clicks, loads)
	t.Logf("naming a head, by the state's officer: 2 clicks and 2 page loads each (the desk's link, then Accept), %d for %d delegations", 2*len(ds), len(ds))
}
