package http_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestCreateState registers states with CLDR's names and the council's
// own, and refuses bad input naming the field, storing nothing.
func TestCreateState(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		admin := f.session(t, roleAdmin)
		ctx := context.Background()
		for _, tc := range []struct {
			name, body string
			status     int
			field      string
		}{
			{"unassigned code", `{"code":"XX"}`, 400, "code"},
			{"ill-formed code", `{"code":"kg"}`, 400, "code"},
			{"no code", `{}`, 400, "code"},
			{"registered already", `{"code":"KG"}`, 409, "code"},
			{"suffix without names", `{"code":"GB-SCT","names":{"en":"Scotland"}}`, 400, "names.ru"},
			{"unknown name language", `{"code":"GE","names":{"xx":"Georgia"}}`, 400, "names.xx"},
		} {
			before, err := db.ListStates(ctx)
			if err != nil {
				t.Fatal(err)
			}
			res := f.do(t, request{method: "POST", path: "/api/v1/states", body: tc.body, cookie: admin})
			var e struct{ Error struct{ Field string } }
			json.Unmarshal([]byte(res.body), &e)
			if res.status != tc.status || e.Error.Field != tc.field {
				t.Errorf("%s: %d field %q, want %d field %q\n%s", tc.name, res.status, e.Error.Field, tc.status, tc.field, res.body)
			}
			after, err := db.ListStates(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(before) {
				t.Errorf("%s: %d states after, %d before", tc.name, len(after), len(before))
			}
		}
		for _, tc := range []struct {
			body       string
			en, ru, zh string
		}{
			{`{"code":"GE"}`, "Georgia", "Грузия", "格鲁吉亚"},
			{`{"code":"AM","names":{"ru":"Армения (РА)"}}`, "Armenia", "Армения (РА)", "亚美尼亚"},
			{`{"code":"GB-SCT","names":{"en":"Scotland","ru":"Шотландия","zh":"苏格兰"}}`, "Scotland", "Шотландия", "苏格兰"},
		} {
			res := f.do(t, request{method: "POST", path: "/api/v1/states", body: tc.body, cookie: admin})
			if res.status != 201 {
				t.Fatalf("%s: %d\n%s", tc.body, res.status, res.body)
			}
			var code struct{ Code string }
			json.Unmarshal([]byte(res.body), &code)
			st, err := db.FindState(ctx, code.Code)
			if err != nil {
				t.Fatal(err)
			}
			if st.Names["en"] != tc.en || st.Names["ru"] != tc.ru || st.Names["zh"] != tc.zh {
				t.Errorf("%s: stored %v", tc.body, st.Names)
			}
		}
	})
}

// TestCreateUser checks who makes which accounts and that bad input stores
// nothing.
func TestCreateUser(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		for _, tc := range []struct {
			name, role, body string
			status           int
			field            string
		}{
			{"e-mail taken", roleAdmin, `{"name":"X","email":"user0@example.org"}`, 409, "email"},
			{"bad e-mail", roleAdmin, `{"name":"X","email":"not an address"}`, 400, "email"},
			{"secretariat without organization", roleAdmin, `{"name":"X","email":"x@example.org","role":"secretariat"}`, 400, "organization"},
			{"administrator with organization", roleAdmin, `{"name":"X","email":"x@example.org","role":"administrator","organization":"SCO"}`, 400, "organization"},
			{"unknown organization", roleAdmin, `{"name":"X","email":"x@example.org","role":"secretariat","organization":"NOPE"}`, 400, "organization"},
			{"unknown role", roleAdmin, `{"name":"X","email":"x@example.org","role":"king","organization":"SCO"}`, 400, "role"},
			{"secretariat makes an administrator", roleSecretariat, `{"name":"X","email":"x@example.org","role":"administrator"}`, 403, ""},
		} {
			before, err := db.ListUsers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			res := f.do(t, request{method: "POST", path: "/api/v1/users", body: tc.body, cookie: f.session(t, tc.role)})
			var e struct{ Error struct{ Field string } }
			json.Unmarshal([]byte(res.body), &e)
			if res.status != tc.status || e.Error.Field != tc.field {
				t.Errorf("%s: %d field %q, want %d field %q\n%s", tc.name, res.status, e.Error.Field, tc.status, tc.field, res.body)
			}
			if after, err := db.ListUsers(ctx); err != nil || len(after) != len(before) {
				t.Errorf("%s: %d users after, %d before (%v)", tc.name, len(after), len(before), err)
			}
		}
		res := f.do(t, request{method: "POST", path: "/api/v1/users", body: `{"name":"SCO Clerk","email":"clerk@example.org","role":"observer","organization":"SCO"}`, cookie: f.session(t, roleSecretariat)})
		var e struct {
			User     struct{ ID int64 }
			Password string
		}
		json.Unmarshal([]byte(res.body), &e)
		if res.status != 201 || e.Password == "" {
			t.Fatalf("secretariat makes an observer: %d\n%s", res.status, res.body)
		}
		if u, err := db.FindUser(ctx, e.User.ID); err != nil || !u.TOTPEnabled || len(u.Grants) != 1 {
			t.Errorf("the new account: %+v, %v", u, err)
		}
	})
}
