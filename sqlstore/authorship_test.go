package sqlstore_test

import (
	"os"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestAuthorStateFixed checks that a document's author state is set once,
// at creation, from the author delegation or the chair of its meeting then,
// whatever the caller sent, and that neither a new chair of the meeting nor
// a link to a meeting of a lower id changes it; and that migration 0009
// fills it in for stored documents as the documents meant before.
func TestAuthorStateFixed(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		sco21 := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 21, Host: "IN", Start: date("2023-07-04"), End: date("2023-07-04"),
			Format: accord.InPerson, Chair: "IN", Status: accord.Concluded}
		ok(t, db.CreateMeeting(ctx, sco21))
		doc := func(ref string, kind accord.AuthorKind, delegation int64, meeting int64) *accord.Document {
			d := &accord.Document{Reference: ref, Kind: accord.DocOther, Classification: accord.Restricted, AuthorKind: kind,
				AuthorDelegationID: delegation, AuthorState: "PK", // the caller's word counts for nothing
				Links: []accord.DocumentLink{{MeetingID: meeting}}, Versions: []accord.DocumentVersion{{Lang: "en", Title: ref, Body: "Text."}}}
			ok(t, db.CreateDocument(ctx, d))
			return d
		}
		docs := map[*accord.Document]string{
			f.protocol: "KG",
			doc("CHAIR", accord.AuthorChair, 0, f.sco22.ID):                    "KG",
			doc("KG", accord.AuthorDelegation, f.kg.ID, f.sco22.ID):            "KG",
			doc("ORGAN", accord.AuthorDelegation, f.secretariat.ID, f.ots3.ID): "",
			doc("SEC", accord.AuthorSecretariat, 0, f.sco22.ID):                "",
		}
		check := func(when string) {
			t.Helper()
			for d, want := range docs {
				got, err := db.FindDocument(ctx, d.ID)
				ok(t, err)
				if got.AuthorState != want {
					t.Errorf("%s: %s is written by %q, want %q", when, d.Reference, got.AuthorState, want)
				}
			}
		}
		check("created")
		// A correction of XXII's chair and a link to XXI, whose id is not
		// the lowest but whose chair is India, change no author.
		sco22 := *f.sco22
		sco22.Chair = "PK"
		ok(t, db.UpdateMeeting(ctx, &sco22))
		ok(t, db.LinkDocument(ctx, f.protocol.ID, accord.DocumentLink{MeetingID: sco21.ID}))
		check("after the chair's correction and a link")

		// The migration's backfill reads what documents meant before it:
		// the delegation's state, or the chair of the lowest-id meeting.
		ok(t, db.UpdateMeeting(ctx, f.sco22))
		ok(t, db.ExecMigration(ctx, `UPDATE documents SET author_state = 'XX' WHERE author_kind <> 'secretariat'`))
		b, err := os.ReadFile("migrations/0009_access.sql")
		ok(t, err)
		for _, stmt := range strings.Split(string(b), ";") {
			if strings.Contains(stmt, "UPDATE documents") {
				ok(t, db.ExecMigration(ctx, stmt))
			}
		}
		check("backfilled")
	})
}
