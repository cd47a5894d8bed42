package http_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// deskTasks is the desk's answer as the API gives it: kind, state and
// document of each task.
func deskTasks(t *testing.T, f *fixture, cookie string) []string {
	t.Helper()
	res := f.do(t, request{path: "/api/v1/desk", cookie: cookie})
	if res.status != 200 {
		t.Fatalf("desk: %d %s", res.status, res.body)
	}
	var v struct {
		Tasks []struct {
			Kind       string
			State      string
			DocumentID int64 `json:"document_id"`
			Path       string
		}
	}
	if err := json.Unmarshal([]byte(res.body), &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, task := range v.Tasks {
		out = append(out, task.Kind+" "+task.State+" "+itoa(task.DocumentID))
	}
	slices.Sort(out)
	return out
}

// TestDesk: each person's desk lists what the policy lets them do now,
// and a task done leaves it.
func TestDesk(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		draft := loadDemoDraft(t, f)
		protocol := f.docs["SCO/PGM/22/PROTOCOL"]
		d, p := itoa(draft), itoa(protocol)
		// The fixture opened the XXII protocol for signature (without
		// signatures); the demo draft has an open amendment and a silence
		// procedure that India's and Pakistan's delegations have not
		// answered.
		for _, tc := range []struct {
			role string
			want []string
		}{
			{roleHead, []string{"position PK " + d, "sign PK " + p}},
			{roleDelegation, []string{"position IN " + d}},
			{roleChair, []string{"decide_amendments  " + d}},
			{roleSecretariat, []string{"decide_amendments  " + d}},
			{roleObserver, nil},
			{rolePress, nil},
			{roleOtherOrg, nil},
		} {
			t.Run(tc.role, func(t *testing.T) {
				if got := deskTasks(t, f, f.session(t, tc.role)); !slices.Equal(got, tc.want) {
					t.Errorf("tasks %q, want %q", got, tc.want)
				}
			})
		}
		if res := f.do(t, request{path: "/desk"}); res.status != 401 {
			t.Errorf("the public's desk: %d", res.status)
		}

		// India states its position: its task goes, Pakistan's stays.
		officer := f.session(t, roleDelegation)
		if res := f.postForm(t, officer, "/documents/"+d+"/adoption/positions", url.Values{"state": {"IN"}, "kind": {"no_objection"}, "text": {""}, "lang": {""}}); res.status != 303 {
			t.Fatalf("India's position: %d %s", res.status, res.body)
		}
		if got := deskTasks(t, f, officer); len(got) != 0 {
			t.Errorf("after its position India's desk shows %q", got)
		}
		if got := deskTasks(t, f, f.session(t, roleHead)); !slices.Contains(got, "position PK "+d) {
			t.Errorf("Pakistan's position task went with India's: %q", got)
		}

		// The page, in each language, links each task to where it is done.
		head := f.session(t, roleHead)
		for _, tc := range []struct{ lang, want string }{
			{"en", "Sign for Pakistan"}, {"ru", "Подписать от имени: Пакистан"}, {"zh", "代表巴基斯坦签署"},
		} {
			page := f.do(t, request{path: "/desk?lang=" + tc.lang, cookie: head})
			if page.status != 200 || !strings.Contains(page.body, `<a href="/documents/`+p+`/signing">`+tc.want+`</a>`) {
				t.Errorf("%s: the desk page lacks %q:\n%s", tc.lang, tc.want, page.body)
			}
		}
	})
}

// TestSignInLeadsToDesk: signing in without a page to return to leads to
// the desk; with one, back to it.
func TestSignInLeadsToDesk(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		for _, tc := range []struct{ next, want string }{
			{"", "/desk"}, {"/", "/desk"}, {"//evil.example", "/desk"}, {"/documents", "/documents"},
		} {
			res := f.postForm(t, "", "/login", url.Values{"email": {f.users[rolePress].Email}, "password": {testPassword}, "next": {tc.next}})
			// The fixture's accounts owe a second factor first, which
			// carries the destination on.
			if res.status != 303 || res.header.Get("Location") != "/account/totp?next="+url.QueryEscape(tc.want) {
				t.Errorf("next %q: %d to %q, want %q", tc.next, res.status, res.header.Get("Location"), tc.want)
			}
		}
	})
}
