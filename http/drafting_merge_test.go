package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDraftPageMerge decides on amendments with the page's form, without
// JavaScript: the form offers every decision the API takes (accept,
// reject, and a merge with the other amendments into a compromise text);
// a refused decision comes back in the reader's language naming the field,
// and changes nothing.
func TestDraftPageMerge(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec, deleg, head := f.session(t, roleSecretariat), f.session(t, roleDelegation), f.session(t, roleHead)
		id := f.docs["SCO/PGM/22/MEASURES-DRAFT"]
		doc := "/documents/" + itoa(id)
		for _, s := range []struct{ cookie, path, body string }{
			{sec, doc + "/draft", `{"drafting_lang":"ru","languages":"ru, zh"}`},
			{sec, doc + "/draft/segments", `{"kind":"operative","texts":{"ru":"Стороны обмениваются опытом.","zh":"各方交流经验。"}}`},
			{sec, doc + "/draft/revisions", ``},
			{deleg, doc + "/amendments", `{"segment_id":"1","revision":"1","op":"replace","texts":{"ru":"Стороны регулярно обмениваются опытом."}}`},
			{head, doc + "/amendments", `{"segment_id":"1","revision":"1","op":"replace","texts":{"ru":"Стороны ежегодно обмениваются опытом."}}`},
		} {
			if res := f.do(t, request{method: "POST", path: "/api/v1" + s.path, body: s.body, cookie: s.cookie}); res.status >= 300 {
				t.Fatalf("%s: %d %s", s.path, res.status, res.body)
			}
		}
		page := f.do(t, request{path: doc + "/draft", cookie: sec})
		for _, want := range []string{`<option value="accept">`, `<option value="reject">`, `<option value="merge">merge into a compromise</option>`,
			`name="with"`, `name="texts.zh" lang="zh"`, `name="reason"`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the chair's draft page lacks %s", want)
			}
		}
		before := draftSnapshot(t, db, id)
		for _, c := range []struct {
			name, lang string
			form       url.Values
			want       []string
		}{
			{"a merge with no other amendment", "ru", url.Values{"outcome": {"merge"}, "with": {""}, "texts.ru": {"Компромисс."}},
				[]string{"укажите поправки, с которыми объединить", "(with)"}},
			{"a merge with itself", "zh", url.Values{"outcome": {"merge"}, "with": {"1"}, "texts.ru": {"Компромисс."}},
				[]string{"1 不是本草案的另一项修正", "(with)"}},
			{"an unknown decision", "zh", url.Values{"outcome": {"postpone"}},
				[]string{"&#34;postpone&#34; 不是决定：请使用 accept、reject 或 merge", "(outcome)"}},
		} {
			res := f.postForm(t, sec, doc+"/amendments/1/decision?lang="+c.lang, c.form)
			if res.status != 400 {
				t.Errorf("%s: %d, want 400", c.name, res.status)
			}
			for _, w := range c.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("%s: the page lacks %q\n%.3000s", c.name, w, res.body)
				}
			}
			if after := draftSnapshot(t, db, id); after != before {
				t.Errorf("%s changed the draft", c.name)
			}
		}
		res := f.postForm(t, sec, doc+"/amendments/1/decision", url.Values{"outcome": {"merge"}, "with": {"2"},
			"texts.ru": {"Стороны регулярно, не реже раза в год, обмениваются опытом."}, "texts.zh": {""}, "reason": {"Компромисс Индии и Пакистана."}})
		if res.status != 303 {
			t.Fatalf("the merge: %d %s", res.status, res.body)
		}
		as, err := db.ListAmendments(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.FindDraft(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].Status != accord.AmendmentMerged || as[1].Status != accord.AmendmentMerged ||
			d.Segment(1).Texts["ru"].Text != "Стороны регулярно, не реже раза в год, обмениваются опытом." {
			t.Errorf("after the merge: amendments %+v %+v, segment %+v", as[0], as[1], d.Segment(1).Texts["ru"])
		}
	})
}
