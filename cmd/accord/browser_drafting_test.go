package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/chromedp/chromedp"
)

// TestBrowserAmendment is issue 11's scenario in Chromium: India's
// delegation officer proposes an amendment to the Russian text of a
// circulated draft, the secretariat accepts it, and the Chinese text of the
// segment then shows "needs review". axe-core checks the draft page.
func TestBrowserAmendment(t *testing.T) {
	s := newBrowserSite(t)
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	id := s.documentID(t, "SCO/PGM/22/MEASURES-DRAFT")
	d := &accord.Draft{DocumentID: id, DraftingLang: "ru", Languages: []string{"ru", "zh"}, Segments: []*accord.Segment{
		{Kind: accord.SegmentOperative, Texts: map[string]*accord.SegmentText{"ru": {Text: "Стороны договорились обмениваться опытом."}, "zh": {Text: "各方同意交流经验。"}}}}}
	if err := s.main.DB.CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := s.main.DB.CirculateRevision(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/documents/%d/draft", s.url, id)

	india := s.tab(t)
	s.do(t, india, chromedp.EmulateViewport(360, 740))
	s.signIn(t, india, "delegation@demo.accord")
	s.do(t, india, chromedp.Navigate(page), chromedp.WaitVisible("#seg-1"),
		chromedp.Click("#seg-1 ~ details summary"), chromedp.WaitVisible("#am-1-ru"),
		chromedp.SendKeys("#am-1-ru", "Стороны договорились регулярно обмениваться опытом."),
		chromedp.SendKeys("#j-1", "Регулярность обмена."),
		submitThen("#am-1-ru", ".amendment"))
	if got := text(t, india, ".amendment"); !strings.Contains(got, "регулярно") {
		t.Fatalf("India's amendment is not shown: %s", got)
	}
	s.fitsPhone(t, india)

	sec := s.tab(t)
	s.signIn(t, sec, "secretariat@demo.accord")
	s.do(t, sec, chromedp.Navigate(page), chromedp.WaitVisible("#dec-1"),
		chromedp.SetValue("#dec-1", "accept"), submitThen("#dec-1", ".badge"))
	if got := text(t, sec, "#seg-1 ~ .languages"); !strings.Contains(got, "needs review") || !strings.Contains(got, "регулярно") {
		t.Errorf("after the acceptance the segment reads: %s", got)
	}
	s.screenshot(t, sec, "draft-en")
	if axe, err := os.ReadFile(os.Getenv("ACCORD_TEST_AXE")); err == nil {
		for _, lang := range []string{"en", "ru", "zh"} {
			s.do(t, sec, chromedp.Navigate(page+"?lang="+lang), chromedp.WaitVisible("main"))
			checkAxe(t, sec, axe, "draft page ("+lang+")")
		}
	}
}
