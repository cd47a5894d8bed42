package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestChangeVersionScopes: a change version of any number of scopes up to
// the bound is the sum of each scope's own (a fourth scope was refused with
// an internal error, a 500), whichever padded statement it runs; none and
// too many are refused.
func TestChangeVersionScopes(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		// Each document bumps its own scope: scopes whose counters are
		// all above zero and all distinct.
		var scopes []string
		for i := range 33 {
			d := &accord.Document{Reference: fmt.Sprintf("SCOPE/%d", i), Kind: accord.DocOther, Classification: accord.Public,
				AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
				Versions: []accord.DocumentVersion{{Lang: "en", Title: "T", Body: "B"}}}
			ok(t, db.CreateDocument(ctx, d))
			scopes = append(scopes, accord.DocumentScope(d.ID))
		}
		// Scopes no write touched count nothing; they fill a list to the
		// bound.
		for i := len(scopes); i < 64; i++ {
			scopes = append(scopes, fmt.Sprintf("none:%d", i))
		}
		own := map[string]int64{}
		for _, s := range scopes {
			v, err := db.ChangeVersion(ctx, s)
			ok(t, err)
			own[s] = v
		}
		for _, n := range []int{1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33, 34, 63, 64} {
			var want int64
			for _, s := range scopes[:n] {
				want += own[s]
			}
			got, err := db.ChangeVersion(ctx, scopes[:n]...)
			if err != nil {
				t.Errorf("%d scopes: %v", n, err)
				continue
			}
			if got != want || (n <= 33 && got < int64(n)) {
				t.Errorf("%d scopes: version %d, want %d (the sum of each scope's)", n, got, want)
			}
		}
		// The same scope twice counts once, as a page that names it twice
		// shows it once.
		twice, err := db.ChangeVersion(ctx, scopes[0], scopes[0], scopes[1], scopes[0])
		ok(t, err)
		if twice != own[scopes[0]]+own[scopes[1]] {
			t.Errorf("repeated scopes: version %d, want %d", twice, own[scopes[0]]+own[scopes[1]])
		}
		for _, bad := range [][]string{nil, append(scopes, "one:too-many")} {
			if _, err := db.ChangeVersion(ctx, bad...); accord.ErrorCode(err) != accord.EINTERNAL {
				t.Errorf("%d scopes: error %v, want %s", len(bad), err, accord.EINTERNAL)
			}
		}
	})
}
