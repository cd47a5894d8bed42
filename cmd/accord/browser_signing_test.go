package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/translog"
	"github.com/chromedp/chromedp"
)

// TestBrowserSigning is Pakistan's head of delegation signing the XXII
// protocol in Chromium: the browser generates a non-extractable Ed25519
// key, the secretariat enrols it after checking its fingerprint, and the
// browser signs the statement; the bundle then verifies offline.
func TestBrowserSigning(t *testing.T) {
	s := newBrowserSite(t)
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	db := s.main.DB
	docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var doc int64
	for _, d := range docs {
		if d.Reference == demo.ProtocolReference {
			doc = d.ID
		}
	}
	page := fmt.Sprintf("%s/documents/%d/signing", s.url, doc)
	s.openForSignature(t, page, doc)
	tab := s.tab(t)
	s.do(t, tab, chromedp.EmulateViewport(1200, 900))
	s.signIn(t, tab, "head@demo.accord")
	s.do(t, tab, chromedp.Navigate(page), chromedp.WaitVisible("[data-generate]"),
		chromedp.Click("[data-generate]"), chromedp.WaitVisible("[data-vkey]"))
	vkey, fp := text(t, tab, "[data-vkey]"), text(t, tab, "[data-fingerprint]")
	if !strings.HasPrefix(vkey, "sco-pk-head-browser+") {
		t.Fatalf("public key %q", vkey)
	}
	// The fingerprint the head reads aloud is the one Accord computes.
	if want, err := translog.Fingerprint(vkey); err != nil || want != fp {
		t.Fatalf("fingerprint in the browser %q, Accord's %q (%v)", fp, want, err)
	}
	// The private key cannot be read out of the browser.
	exported, err := chromedp.Run(tab, chromedp.Evaluate[string](`new Promise((resolve) => {
		const open = indexedDB.open("accord-signing", 1);
		open.onsuccess = () => {
			const req = open.result.transaction("keys").objectStore("keys").get("key:PK");
			req.onsuccess = () => crypto.subtle.exportKey("pkcs8", req.result.privateKey).then(() => resolve("exported"), (e) => resolve(e.name));
		};
	})`, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil || exported != "InvalidAccessError" {
		t.Errorf("exporting the private key: %q, %v; want InvalidAccessError", exported, err)
	}
	// Signing before enrolment is refused with the reason.
	s.do(t, tab, chromedp.Click("[data-sign]"), chromedp.WaitVisible(`#form-error`))
	if got := text(t, tab, "#form-error"); !strings.Contains(got, "is not enrolled") {
		t.Errorf("unenrolled: %q", got)
	}
	k := &accord.SigningKey{Organization: "SCO", State: "PK", Role: accord.RoleHeadOfDelegation, Person: "Attorney General for Pakistan",
		VKey: vkey, ValidFrom: accord.MustDate("2024-07-01")}
	if err := db.EnrolKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	s.do(t, tab, chromedp.Navigate(page), chromedp.WaitEnabled("[data-sign]"), chromedp.Click("[data-sign]"),
		chromedp.WaitVisible(`//p[@role="status" and contains(., "Signed by 1 of 10")]`))
	if row := text(t, tab, `//tr[th[contains(., "Pakistan")]]`); !strings.Contains(row, "signed") || !strings.Contains(row, fp) {
		t.Errorf("Pakistan's row: %q", row)
	}
	s.screenshot(t, tab, "signing-browser")
	// On a phone the page, with its hashes and fingerprints, fits the
	// screen, and its table scrolls within a box a keyboard reaches.
	s.do(t, tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(page), chromedp.WaitVisible(`//p[@role="status" and contains(., "Signed by 1 of 10")]`))
	s.fitsPhone(t, tab)
	s.screenshot(t, tab, "signing-phone-en")
	if axe, err := os.ReadFile(os.Getenv("ACCORD_TEST_AXE")); err == nil {
		checkAxe(t, tab, axe, "signing page, a head of delegation, 390 px")
	}
	sg, err := db.FindSigning(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if sig := sg.SignatureOf("PK"); sig == nil || sig.KeyID != k.ID {
		t.Fatalf("Pakistan's signature: %+v", sig)
	}
	bundle, err := s.main.Log.Bundle(ctx, db, doc)
	if err != nil {
		t.Fatal(err)
	}
	trust, err := translog.ParseTrust([]byte("log " + s.main.Log.Signer.VKey() + "\nquorum none\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := translog.VerifyBundle(bundle, trust)
	if err != nil || !r.OK() {
		t.Fatalf("bundle: %v %q", err, r.Problems)
	}
}

// openForSignature is the SCO secretariat opening the protocol for
// signature on a 390 px phone: the page shows the signatories first, and
// opens only once the box that says they were checked is ticked.
func (s *browserSite) openForSignature(t *testing.T, page string, doc int64) {
	t.Helper()
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	sec := s.tab(t, chromedp.WithNewBrowserContext())
	s.do(t, sec, chromedp.EmulateViewport(390, 844))
	s.signIn(t, sec, "secretariat@demo.accord")
	s.do(t, sec, chromedp.Navigate(page), chromedp.WaitVisible(`input[name="confirm"]`))
	preview := text(t, sec, "#preview-signatories")
	if !strings.Contains(preview, "Signatories: 10") || !strings.Contains(text(t, sec, "main"), "Pakistan") {
		t.Errorf("the preview before opening: %q", preview)
	}
	s.fitsPhone(t, sec)
	if axe, err := os.ReadFile(os.Getenv("ACCORD_TEST_AXE")); err == nil {
		checkAxe(t, sec, axe, "signing preview, the secretariat, 390 px")
	}
	// Submitted without the box ticked (form.submit() skips the browser's
	// own check), the opening is refused and nothing opens.
	s.do(t, sec, submitThen(`input[name="confirm"]`, "#form-error"))
	if got := text(t, sec, "#form-error"); !strings.Contains(got, "tick the box to confirm") {
		t.Errorf("unconfirmed opening: %q", got)
	}
	if _, err := s.main.DB.FindSigning(ctx, doc); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Fatalf("an unconfirmed opening opened the signing: %v", err)
	}
	s.do(t, sec, chromedp.Click(`input[name="confirm"]`), submitThen(`input[name="confirm"]`, ".confirmation"))
	if got := text(t, sec, ".confirmation"); !strings.Contains(got, "The document is open for signature.") {
		t.Errorf("the opening's confirmation: %q", got)
	}
	s.screenshot(t, sec, "signing-opened-phone-en")
	if _, err := s.main.DB.FindSigning(ctx, doc); err != nil {
		t.Fatalf("the confirmed opening: %v", err)
	}
}
