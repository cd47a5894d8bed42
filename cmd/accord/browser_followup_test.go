package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/chromedp/chromedp"
)

// TestBrowserFollowUp runs axe-core on the follow-up pages of the demo in
// each language (the matrix, a state's page, a measure's timeline and the
// summing-up on XXIII) and checks that the matrix fits a phone, its table
// scrolling inside its frame.
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
	pages := []string{fu, fu + "/states/KG", fmt.Sprintf("/measures/%d", h.Measures[0].ID), fmt.Sprintf("/documents/%d/measures", h.Measures[0].DocumentID)}
	ctx := s.tab(t)
	for _, lang := range []string{"en", "ru", "zh"} {
		for _, path := range pages {
			s.do(t, ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+path+"?lang="+lang), chromedp.WaitVisible("main"))
			checkAxe(t, ctx, axe, path+" ("+lang+")")
		}
	}
	s.do(t, ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(s.url+fu), chromedp.WaitVisible("main"))
	s.fitsPhone(t, ctx)
	s.screenshot(t, ctx, "followup-phone-en")
}
