package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/chromedp/chromedp"
)

// TestBrowserFollowUp runs axe-core on the follow-up pages of the demo in
// each language (the matrix, a state's page, a measure's timeline, the
// council's statuses and the summing-up on XXIII), checks that the demo's
// status of SCO's own shows in the reader's words, and that the matrix
// fits a phone, its table scrolling inside its frame. The secretariat's
// status form, refused for a missing label, marks the input at fault.
func TestBrowserFollowUp(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	dctx := accord.WithActor(t.Context(), &accord.Actor{Label: "demo"})
	if _, err := demo.LoadDraft(dctx, s.main.DB, accord.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadFollowUp(dctx, s.main.DB, time.Now()); err != nil {
		t.Fatal(err)
	}
	h, err := s.main.DB.FollowUp(dctx, "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	fu := "/organizations/SCO/bodies/PGM/meetings/22/follow-up"
	const statuses = "/organizations/SCO/follow-up/statuses"
	pages := []string{fu, fu + "/states/KZ", fmt.Sprintf("/measures/%d", h.Measures[2].ID), fmt.Sprintf("/documents/%d/measures", h.Measures[0].DocumentID), statuses}
	ctx := s.tab(t)
	for _, lang := range []string{"en", "ru", "zh"} {
		for _, path := range pages {
			s.do(t, ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+path+"?lang="+lang), chromedp.WaitVisible("main"))
			checkAxe(t, ctx, axe, path+" ("+lang+")")
			if want := h.Labels[demo.DemoStatus][lang]; path != pages[3] && !strings.Contains(text(t, ctx, "main"), want) {
				t.Errorf("%s (%s) does not name the demo status %q", path, lang, want)
			}
		}
	}
	s.do(t, ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+fu+"?lang=en"), chromedp.WaitVisible("main"))
	s.screenshot(t, ctx, "followup-matrix")

	sec := s.tab(t)
	s.signIn(t, sec, "secretariat@demo.accord")
	for _, lang := range []string{"en", "ru", "zh"} {
		s.do(t, sec, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+statuses+"?lang="+lang), chromedp.WaitVisible("#code-0"))
		checkAxe(t, sec, axe, statuses+" (secretariat, "+lang+")")
	}
	// A new status on the first blank line, without its Chinese label.
	blank := len(h.Statuses)
	s.do(t, sec, chromedp.SendKeys(fmt.Sprintf("#code-%d", blank), "referred"),
		chromedp.SendKeys(fmt.Sprintf("#label-%d-en", blank), "referred (demo)"),
		chromedp.SendKeys(fmt.Sprintf("#label-%d-ru", blank), "передано (демо)"),
		submitThen(fmt.Sprintf("#code-%d", blank), "#form-error"))
	if msg := text(t, sec, "#form-error"); !strings.Contains(msg, "referred") || !strings.Contains(msg, "zh") {
		t.Errorf("the refusal does not name the status and the language: %q", msg)
	}
	if _, err := chromedp.Run(sec, chromedp.WaitVisible(fmt.Sprintf(`#label-%d-zh[aria-invalid="true"]`, blank))); err != nil {
		t.Errorf("the missing Chinese label is not marked: %v", err)
	}
	checkAxe(t, sec, axe, statuses+" (refused)")
	if l, err := s.main.DB.FollowUpStatuses(dctx, "SCO"); err != nil || slices.Contains(l.Statuses, "referred") {
		t.Errorf("the refused form changed the list: %v %v", l.Statuses, err)
	}
	s.do(t, ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(s.url+fu), chromedp.WaitVisible("main"))
	s.fitsPhone(t, ctx)
	s.screenshot(t, ctx, "followup-phone-en")
}
