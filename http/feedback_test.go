package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestEveryActionConfirms: every route that changes something says so on
// the page it leads to, in every interface language.
func TestEveryActionConfirms(t *testing.T) {
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	h, err := accordhttp.New(accordhttp.Config{Store: db, Now: fixedNow, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	actions := 0
	for _, rt := range h.Routes() {
		if !rt.IsAction() {
			continue
		}
		actions++
		en := accordhttp.Confirmation("en", rt.Name)
		if en == "" {
			t.Errorf("action route %s confirms nothing: add its text to confirmation in http/feedback.go, and its ru and zh translations", rt.Name)
			continue
		}
		for _, lang := range []string{"ru", "zh"} {
			if accordhttp.Confirmation(lang, rt.Name) == en {
				t.Errorf("route %s: the confirmation %q has no %s translation", rt.Name, en, lang)
			}
		}
	}
	if actions < 50 {
		t.Fatalf("only %d action routes: the scan is broken", actions)
	}
}

// responseCookie is the value a response sets for the cookie name, and whether it
// sets it at all.
func responseCookie(res response, name string) (*http.Cookie, bool) {
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// TestConfirmationAfterAction: a form answered with a redirect confirms on
// the next page, once, in the reader's language; a refused one confirms
// nothing; a confirmation never reaches the public cache.
func TestConfirmationAfterAction(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/organizations/SCO/bodies/PGM"
		form := url.Values{"number": {"23"}, "host": {"PK"}, "city.en": {"Islamabad"}, "city.ru": {""}, "start": {"2025-09-10"}, "end": {"2025-09-01"},
			"format": {"hybrid"}, "theme.en": {""}, "chair": {""}, "status": {"planned"}, "note": {""}}
		refused := f.postForm(t, sec, pgm+"/meetings", form)
		if _, set := responseCookie(refused, "accord_flash"); refused.status != 400 || set || strings.Contains(refused.body, `class="confirmation"`) {
			t.Fatalf("a refused form: %d, confirms %v", refused.status, set)
		}
		form.Set("end", "2025-09-11")
		res := f.postForm(t, sec, pgm+"/meetings", form)
		c, set := responseCookie(res, "accord_flash")
		if res.status != 303 || !set || c.Value != "meeting_create" || !c.HttpOnly {
			t.Fatalf("accepted form: %d, cookie %+v", res.status, c)
		}
		for _, tc := range []struct{ lang, want string }{
			{"en", "The meeting is created."}, {"ru", "Заседание создано."}, {"zh", "会议已创建。"},
		} {
			page := f.do(t, request{path: res.header.Get("Location") + "?lang=" + tc.lang, cookie: sec, header: map[string]string{"Cookie": "accord_flash=meeting_create"}})
			if !strings.Contains(page.body, `<p class="confirmation" role="status"><span aria-hidden="true">✓ </span>`+tc.want+`</p>`) {
				t.Errorf("%s: the meeting page does not confirm:\n%s", tc.lang, page.body)
			}
			if c, set := responseCookie(page, "accord_flash"); !set || c.MaxAge >= 0 {
				t.Errorf("%s: the page shown does not clear the confirmation", tc.lang)
			}
		}
		if page := f.do(t, request{path: res.header.Get("Location"), cookie: sec}); strings.Contains(page.body, `class="confirmation"`) {
			t.Errorf("the confirmation shows again")
		}
		// A name that is no route's, or a text, shows nothing.
		for _, v := range []string{"nonsense", "%3Cb%3Ehi%3C%2Fb%3E"} {
			if page := f.do(t, request{path: "/organizations/SCO", header: map[string]string{"Cookie": "accord_flash=" + v}}); strings.Contains(page.body, `class="confirmation"`) {
				t.Errorf("cookie %q made a confirmation", v)
			}
		}
		// The public's page after signing out confirms it, and the next
		// reader's copy of that page, from the cache, does not.
		home := f.do(t, request{path: "/"})
		signedOut := f.do(t, request{path: "/", header: map[string]string{"Cookie": "accord_flash=logout"}})
		if !strings.Contains(signedOut.body, "You are signed out.") {
			t.Errorf("the home page does not confirm the sign-out")
		}
		if again := f.do(t, request{path: "/"}); again.body != home.body || strings.Contains(again.body, "You are signed out.") {
			t.Errorf("a confirmation reached the public cache")
		}
	})
}

// TestWithdrawalAsksFirst: withdrawing a document or a file from a page
// needs the confirming checkbox; without it nothing changes. The API asks
// nothing.
func TestWithdrawalAsksFirst(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		id := f.docs["SCO/PGM/22/MEASURES-DRAFT"]
		edit := f.do(t, request{path: "/documents/" + itoa(id) + "/edit", cookie: sec})
		if !strings.Contains(edit.body, `<input type="checkbox" name="confirm" value="yes" required>`) {
			t.Fatalf("the edit page does not ask to confirm a withdrawal")
		}
		before := counts(t, db)
		res := f.postForm(t, sec, "/documents/"+itoa(id)+"/withdraw", url.Values{"form": {"withdraw"}, "reason": {"A mistake"}})
		if res.status != 400 || !strings.Contains(res.body, `id="w-confirm-error">tick the box to confirm: a withdrawal cannot be undone</p>`) {
			t.Fatalf("withdrawal without confirming: %d\n%s", res.status, res.body)
		}
		if counts(t, db) != before {
			t.Fatalf("an unconfirmed withdrawal changed the database")
		}
		ru := f.postForm(t, sec, "/documents/"+itoa(id)+"/withdraw?lang=ru", url.Values{"form": {"withdraw"}, "reason": {"A mistake"}})
		if !strings.Contains(ru.body, "отметьте флажок для подтверждения") {
			t.Errorf("the refusal is not in Russian")
		}
		res = f.postForm(t, sec, "/documents/"+itoa(id)+"/withdraw", url.Values{"form": {"withdraw"}, "reason": {"A mistake"}, "confirm": {"yes"}})
		if res.status != 303 {
			t.Fatalf("confirmed withdrawal: %d %s", res.status, res.body)
		}
		d, err := db.FindDocument(context.Background(), id)
		if err != nil || !d.Withdrawn() {
			t.Fatalf("the document is not withdrawn: %v", err)
		}
		other := f.docs["SCO/PGM/22/PROTOCOL"]
		if res := f.do(t, request{method: "POST", path: "/api/v1/documents/" + itoa(other) + "/withdraw", cookie: sec, body: `{"reason":"test"}`}); res.status != 200 {
			t.Errorf("the API asks for a confirmation: %d %s", res.status, res.body)
		}
	})
}

// TestLanguageChoiceKept: a language chosen by a link stays for the next
// link, and the links keep the page's query; the documents filter's
// language is not the interface's.
func TestLanguageChoiceKept(t *testing.T) {
	srv := newDemoServer(t, sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow))
	res := get(t, srv, "/documents?kind=report&page=1&lang=zh")
	if !strings.Contains(res.body, `<a href="/documents?kind=report&amp;lang=ru&amp;page=1" lang="ru" hreflang="ru">Русский</a>`) {
		t.Errorf("the language links drop the query:\n%s", res.body)
	}
	c, set := responseCookie(res, "lang")
	if !set || c.Value != "zh" {
		t.Fatalf("choosing zh by a link keeps nothing: %+v", c)
	}
	if cc := res.header.Get("Cache-Control"); strings.Contains(cc, "public") {
		t.Errorf("a response that sets a cookie is %q", cc)
	}
	if next := get(t, srv, "/organizations/SCO", "Cookie", "lang=zh"); !strings.Contains(next.body, `<html lang="zh">`) {
		t.Errorf("the next link is not in zh")
	}
	if again := get(t, srv, "/organizations/SCO?lang=zh", "Cookie", "lang=zh"); again.header.Get("Set-Cookie") != "" {
		t.Errorf("the cookie is set again although it holds the language")
	}
	if api := get(t, srv, "/api/v1/organizations/SCO?lang=ru"); api.header.Get("Set-Cookie") != "" {
		t.Errorf("the API sets a language cookie")
	}
	filtered := get(t, srv, "/api/v1/documents?language=zh&lang=ru")
	if filtered.status != 200 || !strings.Contains(filtered.body, `"language": "zh"`) {
		t.Errorf("the language filter: %d %s", filtered.status, filtered.body)
	}
	if bad := get(t, srv, "/api/v1/documents?language=!!"); bad.status != 400 || !strings.Contains(bad.body, `"field": "language"`) {
		t.Errorf("a bad language filter: %d %s", bad.status, bad.body)
	}
}

// TestMessagesForPeople: refusals name what people know (meeting XXII,
// not its id) and read as sentences, translated on pages.
func TestMessagesForPeople(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		xxii := "/organizations/SCO/bodies/PGM/meetings/22/delegations"
		before := counts(t, db)
		res := f.do(t, request{method: "POST", path: "/api/v1" + xxii, cookie: sec, body: `{"state":"IN","head":{"name":"X"}}`})
		if res.status != 409 || !strings.Contains(res.body, "IN already has a delegation at meeting XXII") {
			t.Errorf("a second delegation: %d %s", res.status, res.body)
		}
		res = f.do(t, request{method: "POST", path: "/api/v1" + xxii, cookie: sec, body: `{"state":"MN","head":{}}`})
		if res.status != 400 || !strings.Contains(res.body, "give the person's name, or their title when the name is not known") {
			t.Errorf("a head without a name: %d %s", res.status, res.body)
		}
		if counts(t, db) != before {
			t.Errorf("a refused delegation changed the database")
		}
		ru := f.postForm(t, sec, xxii+"?lang=ru", url.Values{"state": {"IN"}, "head.name": {"X"}})
		if !strings.Contains(ru.body, "IN: делегация на совещании XXII уже зарегистрирована") {
			t.Errorf("the Russian page: %d %s", ru.status, ru.body)
		}
	})
}
