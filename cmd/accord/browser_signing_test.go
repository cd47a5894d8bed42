package main

import (
	"context"
	"fmt"
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
	if _, err := db.OpenSigning(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tab := s.tab(t)
	s.do(t, tab, chromedp.EmulateViewport(1200, 900))
	s.signIn(t, tab, "head@demo.accord")
	page := fmt.Sprintf("%s/documents/%d/signing", s.url, doc)
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
