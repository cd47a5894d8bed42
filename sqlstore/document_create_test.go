package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
)

// TestCreatedDocumentAsRead checks that CreateDocument leaves the document
// as a read of it returns it, which the API answers with instead of
// reading it again: its ids, author state, links, recipients and versions,
// ordered alike, on both engines and for every kind of author.
func TestCreatedDocumentAsRead(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		for _, c := range []struct {
			name string
			d    accord.Document
		}{
			{"by the secretariat, in two meetings, to two states", accord.Document{Reference: "SCO/PGM/XXII/JOINT", Kind: accord.DocReport,
				Classification: accord.Confidential, AuthorKind: accord.AuthorSecretariat, Recipients: []string{"RU", "KZ"},
				Links:    []accord.DocumentLink{{MeetingID: f.ots3.ID, AgendaItemID: f.otsItem.ID}, {MeetingID: f.sco22.ID}},
				Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Доклад", Body: "Текст\r\n"}, {Lang: "en", Title: "Report", Body: "Text"}}}},
			{"by the chair, on an agenda item", accord.Document{Reference: "SCO/PGM/XXII/CHAIR", Kind: accord.DocStatement,
				Classification: accord.Public, AuthorKind: accord.AuthorChair,
				Links:    []accord.DocumentLink{{MeetingID: f.sco22.ID, AgendaItemID: f.opening.ID}},
				Versions: []accord.DocumentVersion{{Lang: "zh", Title: "发言", Body: "文本"}}}},
			{"by a delegation", accord.Document{Reference: "SCO/PGM/XXII/KG", Kind: accord.DocStatement,
				Classification: accord.Restricted, AuthorKind: accord.AuthorDelegation, AuthorDelegationID: f.kg.ID,
				Links:    []accord.DocumentLink{{MeetingID: f.sco22.ID}},
				Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Выступление", Body: "Текст"}}}},
			{"without versions", accord.Document{Reference: "SCO/PGM/XXII/EMPTY", Kind: accord.DocOther,
				Classification: accord.Public, AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				d := c.d
				ok(t, db.CreateDocument(ctx, &d))
				got, err := db.FindDocument(ctx, d.ID)
				ok(t, err)
				if got.Versions == nil || len(d.Versions) == 0 {
					d.Versions = got.Versions // a read's empty list for none given
				}
				equal(t, "the created document", &d, got)
				if c.d.AuthorKind != accord.AuthorSecretariat && got.AuthorState == "" {
					t.Errorf("no author state: %+v", got)
				}
				for _, v := range got.Versions {
					e, err := db.LogEntryFor(ctx, translog.KindDocumentVersion, v.ID)
					ok(t, err)
					if e.Ref != v.ID {
						t.Errorf("log entry of version %d: %+v", v.ID, e)
					}
				}
			})
		}
	})
}

// TestFindUserInOneStatement checks that a user read with its grants in
// one statement (FindUser, FindUserByEmail) has the roles that ListUsers
// gives it, in the same order: the administrator's role first, then the
// grants by id; and that a user without grants, or none at all, reads as
// before.
func TestFindUserInOneStatement(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		plain := &accord.User{Name: "Plain", Email: "plain@example.org"}
		officer := &accord.User{Name: "Officer", Email: "officer@example.org"}
		ok(t, db.CreateUser(ctx, plain, "hash"))
		ok(t, db.CreateUser(ctx, officer, "hash"))
		for _, g := range []*accord.Grant{
			{Role: accord.RoleSecretariat, Organization: f.sco.Code},
			{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "KG"},
			{Role: accord.RoleAdministrator},
			{Role: accord.RolePress},
		} {
			g.UserID = officer.ID
			ok(t, db.AddGrant(ctx, g))
		}
		all, err := db.ListUsers(ctx)
		ok(t, err)
		for _, want := range all {
			got, err := db.FindUser(ctx, want.ID)
			ok(t, err)
			equal(t, "user by id", got, want)
			got, err = db.FindUserByEmail(ctx, want.Email)
			ok(t, err)
			equal(t, "user by e-mail", got, want)
		}
		if got, err := db.FindUser(ctx, officer.ID); err != nil || len(got.Grants) != 4 || got.Grants[0].Role != accord.RoleAdministrator {
			t.Errorf("officer's grants: %+v, %v", got, err)
		}
		_, err = db.FindUser(ctx, 999999)
		wantErr(t, err, accord.ENOTFOUND, "")
		_, err = db.FindUserByEmail(ctx, "nobody@example.org")
		wantErr(t, err, accord.ENOTFOUND, "")
	})
}

// TestFetchOneRefusesTwoStatements checks the guard of the reads made
// outside a transaction: a second statement could see a later snapshot
// than the first, so it is an error, not a quiet inconsistency.
func TestFetchOneRefusesTwoStatements(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ok(t, db.FetchOneOf(t.Context(), "SELECT 1"))
		if err := db.FetchOneOf(t.Context(), "SELECT 1", "SELECT 2"); err == nil || !strings.Contains(err.Error(), "2 statements outside a transaction") {
			t.Errorf("two statements: %v", err)
		}
	})
}
