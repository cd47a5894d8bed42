package sqlstore_test

import (
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
			gotS, gotU, err := db.FindSessionUser(ctx, s.TokenHash)
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
			gotS, _, err = db.FindSessionUser(ctx, s.TokenHash)
			ok(t, err)
			if gotS.RevokedAt.IsZero() {
				t.Errorf("%s: the revoked session is not revoked", u.Name)
			}
		}
		if _, _, err := db.FindSessionUser(ctx, []byte("no such session")); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("an unknown session: %v", err)
		}
	})
}
