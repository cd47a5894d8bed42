package sqlstore_test

import (
	"context"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestChairTerms records a history as a secretariat enters it: terms, an
// extension of the open term and one of a closed last term, and a batch
// that is stored whole or not at all.
func TestChairHistory(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		term := func(state, from, until string, basis accord.ChairBasis, note string) *accord.ChairTerm {
			c := &accord.ChairTerm{Organization: "OTS", Body: "CGP", State: state, From: date(from), Basis: basis, Note: note}
			if until != "" {
				c.Until = date(until)
			}
			return c
		}
		first := term("AZ", "2021-11-01", "", accord.ByDecision, "founding meeting")
		ok(t, db.AddChairTerm(ctx, first))
		// Azerbaijan chairs the next meeting too: its open term ends
		// where the extension begins.
		ext := term("AZ", "2023-10-23", "", accord.ByDecision, "chairs the second meeting as well")
		ok(t, db.AddChairTerm(ctx, ext))
		terms, err := db.ListChairTerms(ctx, "OTS", "CGP")
		ok(t, err)
		first.Until = date("2023-10-23")
		equal(t, "extended", terms, []*accord.ChairTerm{first, ext})

		cases := []struct {
			name        string
			call        func(context.Context) error
			code, field string
		}{
			{"a term after the open one", add(db, term("KG", "2024-07-25", "", accord.ByDecision, "host")), accord.ECONFLICT, "from"},
			{"an extension by rule", add(db, term("AZ", "2024-07-25", "", accord.ByRule, "")), accord.EINVALID, "basis"},
			{"an overlapping term", add(db, term("TR", "2022-01-01", "2023-01-01", accord.ByDecision, "host")), accord.ECONFLICT, "from"},
			{"an extension of a term that is not the last", add(db, term("AZ", "2023-10-23", "2024-01-01", accord.ByDecision, "again")), accord.ECONFLICT, "from"},
			{"a term before its meeting", add(db, &accord.ChairTerm{Organization: "OTS", Body: "CGP", State: "KG", FromMeetingID: f.ots3.ID,
				From: date("2020-01-01"), Until: date("2021-01-01"), Basis: accord.ByDecision, Note: "host"}), accord.EINVALID, "from"},
			{"a batch with one bad term", func(ctx context.Context) error {
				return db.AddChairTerms(ctx, []*accord.ChairTerm{term("TR", "2019-01-01", "2020-01-01", accord.ByDecision, "host"),
					term("ZZ", "2020-01-01", "2021-01-01", accord.ByDecision, "host")})
			}, accord.EINVALID, "terms[1].state"},
			{"a batch whose terms overlap each other", func(ctx context.Context) error {
				return db.AddChairTerms(ctx, []*accord.ChairTerm{term("TR", "2019-01-01", "2020-06-01", accord.ByDecision, "host"),
					term("KZ", "2020-01-01", "2021-01-01", accord.ByDecision, "host")})
			}, accord.ECONFLICT, "terms[1].from"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { refused(t, db, c.call, c.code, c.field) })
		}
		terms, err = db.ListChairTerms(ctx, "OTS", "CGP")
		ok(t, err)
		equal(t, "terms after refusals", terms, []*accord.ChairTerm{first, ext})
	})
}

func add(db *sqlstore.DB, c *accord.ChairTerm) func(context.Context) error {
	return func(ctx context.Context) error { return db.AddChairTerm(ctx, c) }
}
