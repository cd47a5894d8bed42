package sqlstore_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestFindSessionUser checks, on both engines, that the one lookup a
// signed-in request starts with returns what the session's and the user's
// own lookups return, grants and administration included; that a revoked
// session comes back revoked at once; that it is one statement outside a
// transaction; and that an unknown one is ENOTFOUND.
func TestFindSessionUser(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		ok(t, db.CreateOrganization(ctx, &accord.Organization{Code: "TST", Names: accord.Text{"en": "Test Council"}}))
		factor := accord.SecondFactor{Secret: "JBSWY3DPEHPK3PXPJBSWY3DP", RecoveryHashes: []string{"h1"}}
		admin := &accord.User{Name: "Admin", Email: "admin@example.org"}
		ok(t, db.CreateFirstAdministrator(ctx, admin, "hash", factor))
		officer := &accord.User{Name: "Officer", Email: "officer@example.org", Grants: []accord.Grant{
			{Role: accord.RoleSecretariat, Organization: "TST"},
			{Role: accord.RoleObserver, Organization: "TST"},
		}}
		ok(t, db.CreateUser(ctx, officer, "hash"))
		nobody := &accord.User{Name: "Nobody", Email: "nobody@example.org"}
		ok(t, db.CreateUser(ctx, nobody, "hash"))

		for _, u := range []*accord.User{admin, officer, nobody} {
			s := &accord.Session{TokenHash: []byte("session of " + u.Email), UserID: u.ID, MFA: true, IP: "192.0.2.1", UserAgent: "test"}
			ok(t, db.CreateSession(ctx, s))
			before := db.ReadCounts()
			gotS, gotU, err := db.FindSessionUser(ctx, s.TokenHash, nil)
			ok(t, err)
			if c := db.ReadCounts().Sub(before); c != (sqlstore.ReadCounts{Statements: 1}) {
				t.Errorf("%s: the lookup ran %d transactions and %d statements, want one statement alone", u.Name, c.Transactions, c.Statements)
			}
			wantS, err := db.FindSession(ctx, s.TokenHash)
			ok(t, err)
			wantU, err := db.FindUser(ctx, u.ID)
			ok(t, err)
			if !reflect.DeepEqual(gotS, wantS) {
				t.Errorf("%s: session %+v, want %+v", u.Name, gotS, wantS)
			}
			if !reflect.DeepEqual(gotU, wantU) {
				t.Errorf("%s: user %+v, want %+v", u.Name, gotU, wantU)
			}
			if len(gotU.Grants) != len(u.Grants) {
				t.Errorf("%s: grants %+v, want %+v", u.Name, gotU.Grants, u.Grants)
			}
			for i := range min(len(gotU.Grants), len(u.Grants)) {
				if g, w := gotU.Grants[i], u.Grants[i]; g.Role != w.Role || g.Organization != w.Organization {
					t.Errorf("%s: grant %d is %+v, want %+v", u.Name, i, g, w)
				}
			}
			ok(t, db.RevokeSession(accord.WithActor(ctx, &accord.Actor{User: u}), s.ID))
			gotS, _, err = db.FindSessionUser(ctx, s.TokenHash, nil)
			ok(t, err)
			if gotS.RevokedAt.IsZero() {
				t.Errorf("%s: the revoked session is not revoked", u.Name)
			}
		}
		if _, _, err := db.FindSessionUser(ctx, []byte("no such session"), nil); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("an unknown session: %v", err)
		}

		// With a version query, the same statement answers the change
		// version, equal to ChangeVersion's before and after a write to
		// one of its scopes, for few scopes and for many (padded).
		s := &accord.Session{TokenHash: []byte("versioned"), UserID: officer.ID, MFA: true, IP: "192.0.2.1", UserAgent: "test"}
		ok(t, db.CreateSession(ctx, s))
		many := []string{accord.ScopeReference, accord.OrgScope("TST")}
		for i := range 10 {
			many = append(many, accord.OrgScope(fmt.Sprint("X", i)))
		}
		check := func(step string) {
			for _, scopes := range [][]string{{accord.ScopeReference}, many} {
				want, err := db.ChangeVersion(ctx, scopes...)
				ok(t, err)
				v := &accord.VersionQuery{Scopes: scopes, Version: -1}
				before := db.ReadCounts()
				_, u, err := db.FindSessionUser(ctx, s.TokenHash, v)
				ok(t, err)
				if c := db.ReadCounts().Sub(before); c != (sqlstore.ReadCounts{Statements: 1}) {
					t.Errorf("%s, %d scopes: %d transactions and %d statements, want one statement", step, len(scopes), c.Transactions, c.Statements)
				}
				if v.Version != want {
					t.Errorf("%s, %d scopes: version %d, ChangeVersion says %d", step, len(scopes), v.Version, want)
				}
				if u.ID != officer.ID || len(u.Grants) != 2 {
					t.Errorf("%s, %d scopes: user %+v", step, len(scopes), u)
				}
			}
		}
		check("before")
		v0, err := db.ChangeVersion(ctx, accord.ScopeReference)
		ok(t, err)
		org, err := db.FindOrganization(ctx, "TST")
		ok(t, err)
		org.Names["ru"] = "Тестовый совет"
		ok(t, db.UpdateOrganization(accord.WithActor(ctx, &accord.Actor{User: admin}), org))
		if v1, err := db.ChangeVersion(ctx, accord.ScopeReference); err != nil || v1 <= v0 {
			t.Fatalf("the write did not move the version: %d, then %d (%v)", v0, v1, err)
		}
		check("after a write")
		tooMany := make([]string, 65)
		for i := range tooMany {
			tooMany[i] = fmt.Sprint("s", i)
		}
		if _, _, err := db.FindSessionUser(ctx, s.TokenHash, &accord.VersionQuery{Scopes: tooMany}); accord.ErrorCode(err) != accord.EINTERNAL {
			t.Errorf("65 scopes: %v, want EINTERNAL", err)
		}
		if _, _, err := db.FindSessionUser(ctx, []byte("no such session"), &accord.VersionQuery{Scopes: many}); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("an unknown session with a version query: %v", err)
		}
	})
}
