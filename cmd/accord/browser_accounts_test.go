package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// TestBrowserAccountAdministration is issue 10's account administration
// in Chromium, from an empty database: accord init; the administrator
// signs in, registers an organization and invites its first secretary, who
// accepts and sets up an authenticator app; the administrator makes them
// the secretariat; the secretary invites a head of delegation and grants
// the role; the head submits a key made with accord key new; the secretary
// confirms it by its fingerprint, after a wrong one is refused. Every page
// on the way passes axe-core.
func TestBrowserAccountAdministration(t *testing.T) {
	chromium := chromiumPath()
	if chromium == "" {
		t.Skip("Chromium not found (install Debian's chromium or set ACCORD_TEST_CHROMIUM): browser tests skipped")
	}
	axe, err := os.ReadFile(os.Getenv("ACCORD_TEST_AXE"))
	if err != nil {
		t.Skip("axe-core not found (set ACCORD_TEST_AXE): the account administration browser test is skipped")
	}
	dsn, data := filepath.Join(t.TempDir(), "accord.db"), t.TempDir()
	code, stdout, stderr := runCLI(t, "init", "--db", dsn, "--data", data, "--email", "admin@example.org", "--name", "Platform Administrator")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	pw, key := initPassword.FindStringSubmatch(stdout), initKey.FindStringSubmatch(stdout)
	if pw == nil || key == nil {
		t.Fatalf("init printed no secrets:\n%s", stdout)
	}
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: dsn, DataDir: data, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { m.Close() })
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := &browserSite{main: m, url: m.URL()}
	s.startChromium(t, chromium)

	// visit opens path and checks the page with axe-core.
	visit := func(ctx context.Context, path, ready string) {
		t.Helper()
		s.do(t, ctx, chromedp.Navigate(s.url+path), chromedp.WaitVisible(ready))
		checkAxe(t, ctx, axe, path)
	}
	// signIn signs in with a password and the code of secret's app.
	signIn := func(ctx context.Context, email, password, secret string) {
		t.Helper()
		s.do(t, ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(s.url+"/login"), chromedp.WaitVisible("#email"),
			chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", password), submitThen("#password", "#code"))
		s.do(t, ctx, chromedp.SendKeys("#code", totpCode(t, secret)), submitThen("#code", `a[href="/account"]`))
	}
	// invite fills the invitation form and returns the link's path.
	invite := func(ctx context.Context, name, email string) string {
		t.Helper()
		visit(ctx, "/organizations/TST/accounts", "#form-organizations-TST-invitations")
		s.do(t, ctx, chromedp.SendKeys("#form-organizations-TST-invitations-name", name), chromedp.SendKeys("#form-organizations-TST-invitations-email", email),
			submitThen("#form-organizations-TST-invitations-email", "#invitation-link"))
		checkAxe(t, ctx, axe, "invitation made")
		link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#invitation-link").value`))
		if err != nil {
			t.Fatal(err)
		}
		// The link is on the public URL, which the server, listening on
		// port 0 here, set before it knew its port: the test follows its
		// path.
		_, path, ok := strings.Cut(link, "/invitations/inv_")
		if !ok || !strings.HasPrefix(link, "http://") {
			t.Fatalf("invitation link %q", link)
		}
		return "/invitations/inv_" + path
	}
	// accept opens an invitation in a fresh tab and sets up the account.
	accept := func(path string) context.Context {
		t.Helper()
		ctx := s.tab(t, chromedp.WithNewBrowserContext())
		s.do(t, ctx, chromedp.EmulateViewport(1200, 900))
		visit(ctx, path, "#authenticator-key")
		secret := text(t, ctx, "#authenticator-key")
		s.do(t, ctx, chromedp.SendKeys("#password", "a long enough password"), chromedp.SendKeys("#code", totpCode(t, secret)),
			submitThen("#code", "ul.codes"))
		checkAxe(t, ctx, axe, "recovery codes")
		return ctx
	}
	// grant opens the account of name and grants role (with state).
	grant := func(ctx context.Context, name, role, state string) {
		t.Helper()
		visit(ctx, "/organizations/TST/accounts", "main table")
		s.do(t, ctx, chromedp.Click(`//a[text()="`+name+`"]`), chromedp.WaitVisible(`form[action$="/grants"]`))
		checkAxe(t, ctx, axe, "account of "+name)
		s.do(t, ctx, chromedp.SetValue(`form[action$="/grants"] select[name="role"]`, role))
		if state != "" {
			s.do(t, ctx, chromedp.SetValue(`form[action$="/grants"] select[name="state"]`, state))
		}
		s.do(t, ctx, submitThen(`form[action$="/grants"] select[name="role"]`, `form[action$="/revoke"]`))
	}

	// The administrator registers the organization through its page, and
	// a state through the API from the same session.
	admin := s.tab(t, chromedp.WithNewBrowserContext())
	signIn(admin, "admin@example.org", pw[1], key[1])
	visit(admin, "/organizations/new", "#form-organizations-code")
	s.do(t, admin, chromedp.SendKeys("#form-organizations-code", "TST"), chromedp.SendKeys("#form-organizations-names-en", "Test Council of Illustration"),
		submitThen("#form-organizations-code", `a[href="/organizations/TST/accounts"]`))
	checkAxe(t, admin, axe, "organization TST")
	status, err := chromedp.Run(admin, chromedp.Evaluate[int](`fetch("/api/v1/states", {method: "POST", headers: {"Content-Type": "application/json"}, body: '{"code":"KZ"}'}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != 201 {
		t.Fatalf("register KZ: %d %v", status, err)
	}
	secretary := accept(invite(admin, "Illustrative Secretary", "secretary@tst.example.org"))
	grant(admin, "Illustrative Secretary", "secretariat", "")

	// The secretary invites the head, who accepts; the secretary grants
	// the role.
	head := accept(invite(secretary, "Illustrative Head", "head@tst.example.org"))
	grant(secretary, "Illustrative Head", "head_of_delegation", "KZ")

	// The head makes a key with accord key new and submits it.
	keyFile := filepath.Join(t.TempDir(), "head.key")
	code, out, errOut := cli(t, map[string]string{"ACCORD_PASSPHRASE": "a long passphrase"}, "key", "new", "--name", "tst-kz-head", "--out", keyFile)
	if code != 0 {
		t.Fatalf("key new: %s", errOut)
	}
	vkey := regexp.MustCompile(`Public key:  (\S+)`).FindStringSubmatch(out)[1]
	fingerprint := regexp.MustCompile(`Fingerprint: (\S+)`).FindStringSubmatch(out)[1]
	visit(head, "/account", "#key-vkey")
	s.do(t, head, chromedp.SendKeys("#key-vkey", vkey), submitThen("#key-vkey", "code.fingerprint"))
	checkAxe(t, head, axe, "account with a submitted key")
	if got := text(t, head, "code.fingerprint"); got != fingerprint {
		t.Errorf("the account page shows the fingerprint %q, accord key new %q", got, fingerprint)
	}

	// The secretary finds the key from the organization's page, refuses
	// a wrong fingerprint and confirms the right one.
	visit(secretary, "/organizations/TST", `a[href="/organizations/TST/signing-keys"]`)
	s.do(t, secretary, chromedp.Click(`a[href="/organizations/TST/signing-keys"]`), chromedp.WaitVisible(`form[action$="/confirm"]`))
	checkAxe(t, secretary, axe, "signing keys with a pending key")
	confirm := `form[action$="/confirm"] input[name="fingerprint"]`
	s.do(t, secretary, chromedp.SendKeys(confirm, "AAAA-BBBB-CCCC"), submitThen(confirm, "#form-error"))
	if got := text(t, secretary, "#form-error"); !strings.Contains(got, "does not match") {
		t.Errorf("a wrong fingerprint: %q", got)
	}
	checkAxe(t, secretary, axe, "a refused fingerprint")
	s.do(t, secretary, chromedp.SetValue(confirm, strings.ToLower(fingerprint)), submitThen(confirm, "main table"))
	if page := text(t, secretary, "main"); !strings.Contains(page, fingerprint) || !strings.Contains(page, "Illustrative Head") || strings.Contains(page, "Confirm and enrol") {
		t.Errorf("after the confirmation the signing-keys page shows:\n%s", page)
	}
	visit(head, "/account", "code.fingerprint")
	if page := text(t, head, "main"); !strings.Contains(page, "enrolled") {
		t.Errorf("the head's account does not show the key enrolled")
	}
	s.do(t, secretary, chromedp.EmulateViewport(360, 740))
	visit(secretary, "/organizations/TST/accounts", "main table")
	s.fitsPhone(t, secretary)
}

func totpCode(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
