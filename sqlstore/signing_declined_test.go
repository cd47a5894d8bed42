package sqlstore_test

import (
	"slices"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestSigningLeavesOutDeclined: a state whose invitation was declined is
// not among the signatories, one waiting for its answer is; when every
// member declined, the signing is refused and nothing is stored.
func TestSigningLeavesOutDeclined(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		m := *f.sco22
		m.ID, m.Number, m.Status = 0, 23, accord.Planned
		ok(t, db.CreateMeeting(ctx, &m))
		roll, err := db.MembersOn(ctx, "SCO", m.Start, accord.Member)
		ok(t, err)
		var members []string
		for _, ms := range roll {
			members = append(members, ms.State)
		}
		if len(members) < 2 {
			t.Fatalf("the seed has %d members", len(members))
		}
		ok(t, db.CreateDelegations(ctx, m.ID, invited(m.ID, members...)))
		ds, err := db.ListDelegations(ctx, m.ID)
		ok(t, err)
		doc := &accord.Document{Reference: "SCO/PGM/23/PROTOCOL", Kind: accord.DocProtocol, Classification: accord.Public, AuthorKind: accord.AuthorChair,
			Links: []accord.DocumentLink{{MeetingID: m.ID}}, Versions: []accord.DocumentVersion{
				{Lang: "ru", Title: "Протокол", Body: "Текст."}, {Lang: "zh", Title: "纪要", Body: "文本。"}}}
		ok(t, db.CreateDocument(ctx, doc))

		ok(t, db.DeclineDelegation(ctx, ds[0].ID))
		s, err := db.PreviewSigning(ctx, doc.ID)
		ok(t, err)
		var got []string
		for _, r := range s.Required {
			got = append(got, r.State)
		}
		want := slices.Clone(members[1:])
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("signatories with %s declined: %v, want %v", members[0], got, want)
		}

		for _, d := range ds[1:] {
			ok(t, db.DeclineDelegation(ctx, d.ID))
		}
		before := snapshot(t, db, f)
		if _, err := db.OpenSigning(ctx, doc.ID); accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "document_id" {
			t.Errorf("every member declined: %v, want a refusal", err)
		}
		if _, err := db.FindSigning(ctx, doc.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("a refused signing was stored: %v", err)
		}
		if after := snapshot(t, db, f); after != before {
			t.Errorf("the database changed:\n%s\n%s", before, after)
		}
	})
}
