package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write the screenshots of the key pages to docs/screenshots")

// browserSite is the whole server on the demo data, with a Chromium to
// drive it.
type browserSite struct {
	main     *Main
	url      string
	accounts map[string]demo.Account
	browser  context.Context
	shots    string
}

// chromiumPath finds Debian's Chromium, or ACCORD_TEST_CHROMIUM.
func chromiumPath() string {
	if p := os.Getenv("ACCORD_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func newBrowserSite(t *testing.T) *browserSite {
	t.Helper()
	chromium := chromiumPath()
	if chromium == "" {
		t.Skip("Chromium not found (install Debian's chromium or set ACCORD_TEST_CHROMIUM): browser tests skipped")
	}
	ctx := context.Background()
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "accord.db"), DataDir: t.TempDir(), Migrate: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { m.Close() })
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	dctx := accord.WithActor(ctx, &accord.Actor{Label: "demo"})
	if _, err := demo.Load(dctx, m.DB, accord.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	accounts, err := demo.LoadAccounts(dctx, m.DB, m.Auth)
	if err != nil {
		t.Fatal(err)
	}
	site := &browserSite{main: m, url: m.URL(), accounts: map[string]demo.Account{}}
	for _, a := range accounts {
		site.accounts[a.Email] = a
	}
	site.startChromium(t, chromium)
	return site
}

// startChromium starts the Chromium that drives the site.
func (site *browserSite) startChromium(t *testing.T, chromium string) {
	t.Helper()
	ctx := context.Background()
	// The flags keep Chromium off the network, which this machine does not
	// have, and out of the sandbox, which root cannot use.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.NoFirstRun)
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancel)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	site.browser = bctx
	site.shots = os.Getenv("ACCORD_TEST_OUTPUT")
	if site.shots == "" {
		site.shots = filepath.Join(os.TempDir(), "accord-browser-tests")
	}
	if err := os.MkdirAll(site.shots, 0o755); err != nil {
		t.Fatal(err)
	}
}

// tab opens a fresh tab, for one person's visit. Tabs share the browser's
// cookies unless opts give the tab a browser context of its own
// (chromedp.WithNewBrowserContext), as two people side by side need.
func (s *browserSite) tab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser, opts...)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

// do runs steps, each call within 30 seconds, and on failure says where the
// browser was and what the page said.
func (s *browserSite) do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(step, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		main, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main") ? document.querySelector("main").innerText.slice(0, 600) : ""`))
		t.Fatalf("in the browser, at %s: %v\n%s", loc, err, main)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// screenshot saves the page for a person to look at, and with
// -update-screenshots also under docs/screenshots for the README.
func (s *browserSite) screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(s.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if *updateScreenshots {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserPublic is a journalist's visit: from the home page to the XXII
// meeting, its public statement, and not its restricted draft; then the
// interface in Chinese.
func TestBrowserPublic(t *testing.T) {
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+"/"), chromedp.WaitVisible("main h1"))
	// One click from the home page to the meeting.
	s.do(t, ctx, chromedp.Click(`a[href="/organizations/SCO/bodies/PGM/meetings/22"]`), chromedp.WaitVisible("#agenda"))
	if got := text(t, ctx, "main h1"); !strings.Contains(got, "XXII Meeting of the Prosecutors General of the SCO Member States, Bishkek, 25 July 2024") {
		t.Errorf("meeting heading: %q", got)
	}
	page := text(t, ctx, "main")
	for _, want := range []string{"Opening statement of the Prosecutor General of the Kyrgyz Republic", "Ala-Archa state residence", "Pakistan"} {
		if !strings.Contains(page, want) {
			t.Errorf("the meeting page lacks %q", want)
		}
	}
	if strings.Contains(page, "Draft list of coordinated measures") {
		t.Error("the public sees the restricted draft")
	}
	s.do(t, ctx, chromedp.Click(`//a[contains(., "Opening statement")]`), chromedp.WaitVisible("article"))
	if got := text(t, ctx, "article h2"); !strings.Contains(got, "Opening statement") {
		t.Errorf("statement page: %q", got)
	}
	// Switch the interface to Chinese.
	s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/22"), chromedp.WaitVisible("#agenda"),
		chromedp.Click(`a[hreflang="zh"]`), chromedp.WaitVisible(`html[lang="zh"]`))
	if got := text(t, ctx, "#agenda"); got != "议程" {
		t.Errorf("agenda heading in Chinese: %q", got)
	}
	if got := text(t, ctx, "#delegations"); got != "代表团" {
		t.Errorf("delegations heading in Chinese: %q", got)
	}
}

// signIn signs in through the forms: password, then the code of the
// authenticator app.
func (s *browserSite) signIn(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	s.do(t, ctx, chromedp.Navigate(s.url+"/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", demo.Password),
		submitThen("#password", "#code"))
	code, err := totp.GenerateCode(s.accounts[email].TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.do(t, ctx, chromedp.SendKeys("#code", code), submitThen("#code", `a[href="/account"]`))
}

// TestBrowserStatementUpload is a delegation officer of India who signs in
// with a code from an authenticator app and, on a phone, files a statement
// in English and then its Russian version; the public then reads it.
func TestBrowserStatementUpload(t *testing.T) {
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(360, 740))
	s.signIn(t, ctx, "delegation@demo.accord")
	s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/22"), chromedp.WaitVisible("#agenda"))
	if page := text(t, ctx, "main"); !strings.Contains(page, "Draft list of coordinated measures") {
		t.Error("India's delegation officer does not see the restricted draft after signing in")
	}
	m, err := s.main.DB.FindMeeting(context.Background(), "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	s.do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/documents/new?meeting=%d", s.url, m.ID)), chromedp.WaitVisible("#reference"),
		chromedp.SendKeys("#reference", "SCO/PGM/22/STATEMENT/IN"),
		chromedp.SetValue("#kind", "statement"), chromedp.SetValue("#classification", "public"), chromedp.SetValue("#lang", "en"),
		chromedp.SendKeys("#title", "Statement of the delegation of India"),
		chromedp.SendKeys("#body", "India supports the coordinated measures of the protocol."),
		submitThen("#title", "article"))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	s.do(t, ctx, chromedp.Navigate(loc+"/edit"), chromedp.WaitVisible("#v-title"),
		chromedp.SetValue("#v-lang", "ru"),
		chromedp.SendKeys("#v-title", "Выступление делегации Индии"),
		chromedp.SendKeys("#v-body", "Индия поддерживает согласованные меры протокола."),
		chromedp.Submit("#v-title"))
	// The version is stored when the edit page shows it in the history.
	s.do(t, ctx, chromedp.WaitVisible(`//section//*[contains(., "Выступление делегации Индии")]`))
	s.screenshot(t, ctx, "document-edit-phone-en")
	s.fitsPhone(t, ctx)

	public := s.tab(t)
	s.do(t, public, chromedp.Navigate(loc+"?v=ru"), chromedp.WaitVisible("article"))
	if got := text(t, public, "article h2"); got != "Выступление делегации Индии" {
		t.Errorf("the public reads the Russian version as %q", got)
	}
	s.do(t, public, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/22"), chromedp.WaitVisible("#agenda"))
	if page := text(t, public, "main"); !strings.Contains(page, "Statement of the delegation of India") {
		t.Error("the public does not see India's public statement on the meeting page")
	}
}

// TestBrowserSecretariatCreatesMeeting is the SCO secretariat setting up
// meeting XXIII in Pakistan with an agenda of three items, in the browser.
func TestBrowserSecretariatCreatesMeeting(t *testing.T) {
	s := newBrowserSite(t)
	ctx := s.tab(t)
	s.do(t, ctx, chromedp.EmulateViewport(1200, 900))
	s.signIn(t, ctx, "secretariat@demo.accord")
	s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/new"), chromedp.WaitVisible(`input[name="number"]`),
		// The form proposes the next number; the officer confirms it.
		chromedp.SetValue(`input[name="number"]`, "23"),
		chromedp.SetValue(`select[name="host"]`, "PK"),
		chromedp.SendKeys(`input[name="city.en"]`, "Islamabad"),
		chromedp.SetValue(`input[name="start"]`, "2025-09-10"),
		chromedp.SetValue(`input[name="end"]`, "2025-09-11"),
		chromedp.SetValue(`select[name="format"]`, "in_person"),
		chromedp.SetValue(`select[name="status"]`, "planned"),
		submitThen(`input[name="number"]`, "#agenda"))
	if got := text(t, ctx, "main h1"); !strings.Contains(got, "XXIII Meeting of the Prosecutors General of the SCO Member States, Islamabad") {
		t.Fatalf("new meeting's heading: %q", got)
	}
	titles := []string{"Opening of the meeting by the Chair", "Statements by the heads of delegation", "Adoption of the protocol"}
	for _, title := range titles {
		s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/23/agenda"), chromedp.WaitVisible(`input[name="title.en"]`),
			chromedp.SendKeys(`input[name="title.en"]`, title), chromedp.Submit(`input[name="title.en"]`),
			chromedp.WaitVisible(fmt.Sprintf(`//li[contains(., %q)]`, title)))
	}
	s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/23"), chromedp.WaitVisible("#agenda"))
	agenda := text(t, ctx, "ol.agenda")
	last := -1
	for _, title := range titles {
		i := strings.Index(agenda, title)
		if i <= last {
			t.Errorf("agenda of XXIII lacks %q or has it out of order:\n%s", title, agenda)
		}
		last = i
	}
	if host := text(t, ctx, "dl.facts"); !strings.Contains(host, "Pakistan") {
		t.Errorf("meeting XXIII facts: %s", host)
	}
}

// axeResult is what axe-core reports of one rule that failed.
type axeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// TestBrowserAccessibility runs axe-core in the home, meeting and document
// pages, in each language, and fails on serious or critical violations. It
// also saves the screenshots of these pages.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	ctx := s.tab(t)
	pages := map[string]string{"home": "/", "meeting": "/organizations/SCO/bodies/PGM/meetings/22", "document": "/documents/1", "press-room": "/organizations/SCO/press"}
	for _, lang := range []string{"en", "ru", "zh"} {
		for name, path := range pages {
			s.do(t, ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+path+"?lang="+lang), chromedp.WaitVisible("main"))
			checkAxe(t, ctx, axe, path+" ("+lang+")")
			s.screenshot(t, ctx, fmt.Sprintf("%s-%s", name, lang))
		}
	}
	// And on a 360 px phone.
	s.do(t, ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(s.url+pages["meeting"]), chromedp.WaitVisible("main"))
	s.fitsPhone(t, ctx)
	s.screenshot(t, ctx, "meeting-phone-en")
	// A table's scroll box is a keyboard stop with a name (axe-core's
	// scrollable-region-focusable, which needs the box to overflow: so at
	// 390 px), here the meeting's delegations.
	s.do(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.url+pages["meeting"]), chromedp.WaitVisible("main"))
	checkAxe(t, ctx, axe, pages["meeting"]+" (390 px)")
	s.fitsPhone(t, ctx)
	// The new-meeting form is one Tab and Enter away, past the header and
	// the breadcrumbs: the first Tab reaches the skip link to the form, and
	// the next the form's first field.
	s.signIn(t, ctx, "secretariat@demo.accord")
	s.do(t, ctx, chromedp.Navigate(s.url+"/organizations/SCO/bodies/PGM/meetings/new?lang=en"), chromedp.WaitVisible(`input[name="number"]`))
	checkAxe(t, ctx, axe, "new meeting (390 px)")
	s.do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if got := text(t, ctx, ":focus"); got != "Skip to the form" {
		t.Errorf("the first Tab reaches %q, not the skip link to the form", got)
	}
	s.do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab))
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.name`)); err != nil || got != "number" {
		t.Errorf("after the skip link, Tab reaches %q, not the form's first field (%v)", got, err)
	}
	// The secretariat's new-document form has the embargo field of a
	// press release: labelled, with its hint, in each language.
	for _, lang := range []string{"en", "ru", "zh"} {
		// The first step chooses the meeting (XXII, the first offered).
		s.do(t, ctx, chromedp.Navigate(s.url+"/documents/new?lang="+lang), chromedp.WaitVisible(`select#meeting`),
			chromedp.Submit(`select#meeting`), chromedp.WaitVisible(`input[name="embargo_until"]`))
		checkAxe(t, ctx, axe, "new document with its embargo field ("+lang+", 390 px)")
		if got := text(t, ctx, `label[for="embargo_until"]`); got == "" {
			t.Errorf("%s: the embargo field has no label", lang)
		}
	}
}

// axeScript reads axe-core, or skips the test without it.
func axeScript(t *testing.T) []byte {
	t.Helper()
	axePath := os.Getenv("ACCORD_TEST_AXE")
	if axePath == "" {
		axePath = filepath.Join(os.TempDir(), "accord-axe", "node_modules", "axe-core", "axe.min.js")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Skipf("axe-core not found at %s (npm install axe-core; set ACCORD_TEST_AXE): accessibility checks with Chromium skipped", axePath)
	}
	return axe
}

// checkAxe runs axe-core in the page of ctx and fails on its serious or
// critical violations, and on a scroll box a keyboard cannot reach.
func checkAxe(t *testing.T, ctx context.Context, axe []byte, label string) {
	t.Helper()
	// Evaluated through the DevTools protocol, the script is not subject
	// to the page's Content-Security-Policy.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe))); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core on %s: %v", label, err)
	}
	var violations []axeResult
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		t.Fatal(err)
	}
	checkScrollBoxes(t, ctx, label)
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: %s %s: %s, at %v", label, v.Impact, v.ID, v.Help, v.Nodes)
		}
	}
}

// checkScrollBoxes fails on a table's scroll box that a keyboard cannot
// reach or that has no name. axe-core's scrollable-region-focusable judges
// only a box that overflows at the width tested, and a box's content
// overflows at some width or in some language: so every box must be a
// named region with tabindex 0.
func checkScrollBoxes(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".scroll")].filter(e => {
		const by = e.getAttribute("aria-labelledby"), named = by ? document.getElementById(by) : null;
		const name = (e.getAttribute("aria-label") || (named ? named.textContent : "")).trim();
		return e.getAttribute("tabindex") !== "0" || e.getAttribute("role") !== "region" || name === "";
	}).map(e => e.outerHTML.slice(0, 120))`))
	if err != nil {
		t.Fatalf("scroll boxes of %s: %v", label, err)
	}
	for _, b := range bad {
		t.Errorf("%s: a scroll box is not a named keyboard stop (tabindex 0, role region, a name): %s", label, b)
	}
}

// fitsPhone fails when the page in ctx, shown as wide as a phone (the
// viewport the test emulates, 360 or 390 px), scrolls sideways.
func (s *browserSite) fitsPhone(t *testing.T, ctx context.Context) {
	t.Helper()
	widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if width, screen := widths[0], widths[1]; screen > 400 || width > screen {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".scroll")).map(e => e.tagName + "#" + e.id + "." + e.className).slice(0, 5)`))
		t.Errorf("%s is %d px wide on a %d px phone: it scrolls sideways; too wide: %v", loc, width, screen, wide)
	}
}

// submitThen submits the form that holds sel and waits for want on the page
// that answers it. The old page is marked first: a selector it shows too
// would otherwise match before the browser has left it, and reading that
// node then fails once the answer replaces it.
func submitThen(sel, want string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for _, a := range []chromedp.Action[chromedp.Void]{
			chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.left = "1"`),
			chromedp.Submit(sel),
			chromedp.WaitVisible("html:not([data-left]) " + want),
		} {
			if _, err := a(ctx, tg); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	}
}
