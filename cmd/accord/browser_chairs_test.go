package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserChairs is the SCO secretariat at its chairmanship pages in
// Chromium: the rule form on the body's page, the pages of the rule, the
// history and the preview pass axe-core, the preview's form hands the
// chair to the state the rule gives, chosen from a list, and a bad CSV is
// answered with its line.
func TestBrowserChairs(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(1200, 900))
	s.signIn(t, ctx, "secretariat@demo.accord")
	pgm := s.url + "/organizations/SCO/bodies/PGM"
	for _, c := range []struct{ path, wait string }{
		{"", `select[name="kind"]`},
		{"/rule", `select[name="kind"]`},
		{"/chairs", `textarea[name="csv"]`},
		{"/chairs/handover/preview?date=2025-07-25", `select[name="to"]`},
	} {
		for _, lang := range []string{"en", "ru", "zh"} {
			sep := "?"
			if strings.Contains(c.path, "?") {
				sep = "&"
			}
			s.do(t, ctx, chromedp.Navigate(pgm+c.path+sep+"lang="+lang), chromedp.WaitVisible(c.wait))
			checkAxe(t, ctx, axe, c.path+" ("+lang+")")
		}
	}
	s.do(t, ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(pgm+"/chairs?lang=en"), chromedp.WaitVisible("main"))
	s.fitsPhone(t, ctx)
	s.do(t, ctx, chromedp.EmulateViewport(1200, 900))

	// The preview says whom the rule gives, and its form has chosen it.
	s.do(t, ctx, chromedp.Navigate(pgm+"/chairs/handover/preview?date=2025-07-25"), chromedp.WaitVisible(`select[name="to"]`))
	if got := text(t, ctx, "main"); !strings.Contains(got, "the rule gives the chair to Russia") {
		t.Errorf("preview: %s", got)
	}
	to, err := chromedp.Run(ctx, chromedp.Value(`select[name="to"]`))
	if err != nil || to != "RU" {
		t.Errorf("the form offers %q (%v), want RU", to, err)
	}
	s.do(t, ctx, submitThen(`select[name="to"]`, `textarea[name="csv"]`))
	if got := text(t, ctx, "table"); !strings.Contains(got, "Russia") {
		t.Errorf("history after the handover: %s", got)
	}
	s.do(t, ctx, chromedp.SendKeys(`textarea[name="csv"]`, "KZ,2001-13-01,,,rule,"), submitThen(`textarea[name="csv"]`, "#import-error"))
	if got := text(t, ctx, "#import-error"); !strings.Contains(got, "line 1, from") {
		t.Errorf("CSV error: %q", got)
	}
}
