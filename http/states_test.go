package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestStatePages registers a state through its page without JavaScript:
// the form proposes CLDR's names of the code asked, the administrator
// overrides the Russian one, and the state's page shows it beside CLDR's.
// A refused form comes back with what was sent, and stores nothing.
func TestStatePages(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		admin := f.session(t, roleAdmin)
		page := f.do(t, request{path: "/states/new?code=AM", cookie: admin})
		for _, want := range []string{`name="names.en" value="Armenia"`, `name="names.ru" value="Армения"`, `name="names.zh" value="亚美尼亚"`, `name="code" value="AM"`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the form lacks %s\n%s", want, page.body)
			}
		}
		before := counts(t, db)
		for _, c := range []struct{ name, code, ru, field string }{
			{"not a country", "XX", "Икс", "code"},
			{"malformed", "am", "Армения", "code"},
			{"registered already", "KG", "Кыргызстан", "code"},
		} {
			res := f.postForm(t, admin, "/states", url.Values{"code": {c.code}, "names.ru": {c.ru}})
			// The code is not echoed back: a refused form drops every
			// field named code, the one-time code of a sign-in among them.
			if res.status < 400 || !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, `name="names.ru" value="`+c.ru+`"`) ||
				!strings.Contains(res.body, `name="`+c.field+`" value="" required aria-invalid="true"`) {
				t.Errorf("%s: %d\n%s", c.name, res.status, res.body)
			}
			if counts(t, db) != before {
				t.Errorf("%s: the database changed", c.name)
			}
		}
		// The setup's errors read in the reader's language on pages; the
		// API keeps the English.
		for lang, want := range map[string]string{"ru": "Это государство уже зарегистрировано.", "zh": "&#34;XX&#34; 不是 ISO 3166-1 国家代码", "en": "&#34;XX&#34; is not an ISO 3166-1 country code"} {
			code := map[string]string{"ru": "KG", "zh": "XX", "en": "XX"}[lang]
			res := f.postForm(t, admin, "/states?lang="+lang, url.Values{"code": {code}})
			if !strings.Contains(res.body, want) {
				t.Errorf("%s: the error lacks %q\n%s", lang, want, res.body)
			}
		}
		if api := f.do(t, request{method: "POST", path: "/api/v1/states?lang=ru", body: `{"code":"XX"}`, cookie: admin}); !strings.Contains(api.body, "is not an ISO 3166-1 country code") {
			t.Errorf("API error: %s", api.body)
		}
		if counts(t, db) != before {
			t.Errorf("the database changed")
		}

		res := f.postForm(t, admin, "/states", url.Values{"code": {"AM"}, "names.en": {"Armenia"}, "names.ru": {"Республика Армения"}, "names.zh": {"亚美尼亚"}})
		if res.status != 303 || res.header.Get("Location") != "/states/AM" {
			t.Fatalf("register Armenia: %d %s", res.status, res.header.Get("Location"))
		}
		page = f.do(t, request{path: "/states/AM?lang=ru"})
		if !strings.Contains(page.body, "<td lang=\"ru\">Республика Армения</td><td lang=\"ru\">Армения</td>") {
			t.Errorf("the state's page does not show its name beside CLDR's\n%s", page.body)
		}
		if api := f.do(t, request{path: "/api/v1/states/AM"}); !strings.Contains(api.body, `"ru": "Республика Армения"`) || !strings.Contains(api.body, `"ru": "Армения"`) {
			t.Errorf("API: %s", api.body)
		}
	})
}
