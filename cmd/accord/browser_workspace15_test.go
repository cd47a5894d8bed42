package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserWorkspaceSteps is the secretariat preparing meeting XXI's
// delegations and a document, in the browser without scripts of its own:
// the invitations go out in one step and the delegations step shows each
// one's state; an invitation is declined from its answer page; a version
// stored from the document's edit page comes back to that page's section
// with its confirmation. Every page passes axe-core at 1280 and 390 px and
// fits the phone.
func TestBrowserWorkspaceSteps(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(1280, 900))
	s.signIn(t, ctx, "secretariat@demo.accord")
	both := func(label, shot string) {
		t.Helper()
		for _, width := range []int64{1280, 390} {
			s.do(t, ctx, chromedp.EmulateViewport(width, 900))
			checkAxe(t, ctx, axe, label)
			if width == 390 {
				s.fitsPhone(t, ctx)
			}
			if shot != "" {
				s.screenshot(t, ctx, shot+map[int64]string{1280: "-1280", 390: "-390"}[width])
			}
		}
		s.do(t, ctx, chromedp.EmulateViewport(1280, 900))
	}

	s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/21/agenda"), chromedp.WaitVisible(`textarea[name="titles"]`))
	both("the agenda with its forms", "agenda")
	step := s.url + "/organizations/SCO/bodies/PGM/meetings/21/delegations"
	s.do(t, ctx, chromedp.Navigate(step+"/invite"), chromedp.WaitVisible(`input[name="states"]`))
	both("the bulk invitation", "delegations-invite")
	s.do(t, ctx, submitThen(`input[name="states"]`, "#invitations"))
	if page := text(t, ctx, "main"); !strings.Contains(page, "The delegations are registered") || !strings.Contains(page, "sent, no answer yet") {
		t.Errorf("the delegations step after the invitations:\n%s", page)
	}
	both("the delegations step", "delegations-step")

	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("tbody th a").href`))
	if err != nil {
		t.Fatal(err)
	}
	s.do(t, ctx, chromedp.Navigate(first+"/answer"), chromedp.WaitVisible("#decline-h"))
	both("the answer to an invitation", "delegation-answer")
	s.do(t, ctx, submitThen(`form[action$="/decline"] button`, "#invitations"))
	if page := text(t, ctx, `section[aria-labelledby="invitations"] dl`); !strings.Contains(page, "Declined\n1") {
		t.Errorf("the delegations step does not count the decline: %q", page)
	}

	s.do(t, ctx, chromedp.Navigate(s.url+"/documents/1/edit"), chromedp.WaitVisible("#v-title"))
	both("the document's edit page", "")
	s.do(t, ctx, chromedp.SetValue("#v-lang", "en"),
		chromedp.SendKeys("#v-title", "Protocol, revised (browser test)"),
		chromedp.SendKeys("#v-body", "The revised text."),
		submitThen("#v-title", `section[aria-labelledby="add-version"] .confirmation`))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/documents/1/edit#add-version") {
		t.Errorf("storing a version led to %s, not back to the edit page's section", loc)
	}
	if got := text(t, ctx, `section[aria-labelledby="add-version"] .confirmation`); !strings.Contains(got, "The version is stored.") {
		t.Errorf("the section confirms %q", got)
	}
	both("the document's edit page after storing a version", "document-edit")
}
