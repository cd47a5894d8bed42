package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDesk: the head of Pakistan's delegation signs in and lands on
// the desk, which lists what waits for Pakistan; it passes axe-core at 1280
// and 360 px in each language, and fits the phone.
func TestBrowserDesk(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(1280, 900))
	s.signIn(t, ctx, "head@demo.accord")
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(location, "/desk") {
		t.Fatalf("signing in led to %s, not the desk", location)
	}
	if tasks := text(t, ctx, "#todo + ul, #todo + p"); tasks == "" {
		t.Fatalf("the desk lists nothing")
	}
	for _, width := range []int64{1280, 390, 360} {
		for _, lang := range []string{"en", "ru", "zh"} {
			s.do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.url+"/desk?lang="+lang), chromedp.WaitVisible("main"))
			checkAxe(t, ctx, axe, fmt.Sprintf("/desk (%s, %d px)", lang, width))
			if width < 400 {
				s.fitsPhone(t, ctx)
			}
			if lang == "en" && width != 360 {
				s.screenshot(t, ctx, fmt.Sprintf("desk-%d", width))
			}
		}
	}
	s.screenshot(t, ctx, "desk-phone-zh")
}
