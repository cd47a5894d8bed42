package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserSitting is meeting XXII in session in Chromium: the
// secretariat opens it from the console by keyboard, India's delegation
// asks for the floor from a browser of its own, and when the chair gives
// India the floor, the hall screen open in a third browser shows it
// without being reloaded. The console, the screen and the public page
// pass axe-core in English, Russian and Chinese.
func TestBrowserSitting(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	xxii := s.url + "/organizations/SCO/bodies/PGM/meetings/22"

	chair := s.tab(t)
	s.do(t, chair, chromedp.EmulateViewport(1200, 900))
	s.signIn(t, chair, "secretariat@demo.accord")
	s.do(t, chair, chromedp.Navigate(xxii+"/sitting?lang=en"), chromedp.WaitVisible(`input[value="session_opened"] + button`))
	// By keyboard: focus the button, press Enter.
	s.do(t, chair, chromedp.Focus(`input[value="session_opened"] + button`), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`input[value="item_opened"] + input + button`))
	s.do(t, chair, chromedp.Focus(`input[value="item_opened"] + input + button`), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitReady(`input[value="item_closed"]`))

	screen := s.tab(t, chromedp.WithNewBrowserContext())
	s.do(t, screen, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(xxii+"/screen?lang=ru"), chromedp.WaitVisible(".screen-item"))
	s.do(t, screen, chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))

	india := s.tab(t, chromedp.WithNewBrowserContext())
	s.signIn(t, india, "delegation@demo.accord")
	s.do(t, india, chromedp.Navigate(xxii+"/sitting"), chromedp.WaitVisible(`#kind-IN`),
		chromedp.SetValue(`#kind-IN`, "normal"), submitThen(`#kind-IN`, `#ask-IN`))
	if got := text(t, india, "main"); !strings.Contains(got, "Your places in the line: 1") {
		t.Errorf("India's delegation does not see its place:\n%s", got)
	}

	s.do(t, chair, chromedp.Navigate(xxii+"/sitting?lang=en"), chromedp.WaitVisible(`button[data-give="IN"]`),
		chromedp.Focus(`button[data-give="IN"]`), chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(`input[value="floor_taken"]`))

	// The screen learns of it from its stream.
	s.do(t, screen, chromedp.WaitVisible(".screen-speaker"))
	if got := text(t, screen, ".screen-speaker"); !strings.Contains(got, "Индия") {
		t.Errorf("hall screen: %q", got)
	}
	kept, err := chromedp.Run(screen, chromedp.Evaluate[bool](`window.notReloaded === true`))
	if err != nil || !kept {
		t.Errorf("the hall screen was reloaded (%v)", err)
	}
	s.screenshot(t, screen, "sitting-screen")

	for _, path := range []string{"/sitting", "/screen", "/follow"} {
		for _, lang := range []string{"en", "ru", "zh"} {
			s.do(t, chair, chromedp.Navigate(xxii+path+"?lang="+lang), chromedp.WaitVisible("main"))
			checkAxe(t, chair, axe, path+" ("+lang+")")
		}
	}
	s.do(t, chair, chromedp.EmulateViewport(360, 740), chromedp.Navigate(xxii+"/sitting?lang=en"), chromedp.WaitVisible("main"))
	s.fitsPhone(t, chair)
}
