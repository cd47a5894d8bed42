package http_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPersonNamesInScripts: the head of a delegation gets ru and zh forms
// of the name on the edit form, without JavaScript; pages in ru and zh
// show them (with the full-width comma in Chinese), English keeps the name
// as recorded, and a refused form changes nothing.
func TestPersonNamesInScripts(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		india := f.expand(t, "/organizations/SCO/bodies/PGM/meetings/22/delegations/{delegation:SCO/PGM/22/IN}")
		ctx := context.Background()
		id, err := strconv.ParseInt(india[strings.LastIndex(india, "/")+1:], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.FindDelegation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		head := india + "/participants/" + itoa(d.Head.ID)

		form := f.do(t, request{path: head + "/edit", cookie: sec})
		for _, want := range []string{`name="names.ru"`, `name="names.zh"`, `lang="zh"`} {
			if !strings.Contains(form.body, want) {
				t.Errorf("the participant form lacks %s", want)
			}
		}

		// The registration form labels the head's name, title and scripts
		// each as itself.
		reg := f.do(t, request{path: india[:strings.LastIndex(india, "/")], cookie: sec})
		for _, want := range []string{`Name of the head of delegation</label>`, `<legend>Title of the head of delegation</legend>`,
			`<legend>The name in Russian and Chinese, when it is written so</legend>`, `name="head.names.zh"`} {
			if !strings.Contains(reg.body, want) {
				t.Errorf("the registration form lacks %s", want)
			}
		}

		before := counts(t, db)
		for name, in := range map[string]url.Values{
			"a language that is none": {"name": {d.Head.Name}, "names.x!": {"Ван"}},
			"scripts without a name":  {"name": {""}, "title.en": {"Attorney General"}, "names.ru": {"Ван"}},
		} {
			if res := f.postForm(t, sec, head, in); res.status != 400 {
				t.Errorf("%s: %d", name, res.status)
			}
		}
		if counts(t, db) != before {
			t.Fatalf("a refused form changed the database")
		}

		in := url.Values{"name": {"Wang Yi (demo)"}, "title.en": {"Attorney General"}, "title.zh": {"总检察长"}, "title.ru": {"Генеральный прокурор"},
			"names.ru": {"Ван И (демо)"}, "names.zh": {"王毅（演示）"}}
		if res := f.postForm(t, sec, head, in); res.status != 303 {
			t.Fatalf("saving the names: %d %s", res.status, res.body)
		}
		for lang, want := range map[string]string{
			"en": "Wang Yi (demo), Attorney General",
			"ru": "Ван И (демо), Генеральный прокурор",
			"zh": "王毅（演示），总检察长",
		} {
			page := f.do(t, request{path: india + "?lang=" + lang})
			if !strings.Contains(page.body, want) {
				t.Errorf("%s: the delegation page does not name the head %q", lang, want)
			}
		}
		// A form that does not send the scripts keeps them.
		if res := f.postForm(t, sec, head, url.Values{"name": {"Wang Yi (demo)"}, "title.en": {"Attorney General"}}); res.status != 303 {
			t.Fatalf("saving without the scripts: %d", res.status)
		}
		if d, err := db.FindDelegation(ctx, d.ID); err != nil || d.Head.Names["zh"] != "王毅（演示）" {
			t.Errorf("the scripts were lost: %v %+v", err, d.Head)
		}
		// The API gives them.
		if res := f.do(t, request{path: "/api/v1" + india}); !strings.Contains(res.body, `"ru": "Ван И (демо)"`) {
			t.Errorf("the API does not give the names in other scripts:\n%s", res.body)
		}
	})
}
