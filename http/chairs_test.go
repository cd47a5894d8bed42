package http_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPrecedenceFollowsRule checks that a meeting page orders delegations
// as the body's rotation rule orders states, with the chair first: change
// the rule, and the page changes with it.
func TestPrecedenceFollowsRule(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		srv := newDemoServer(t, db)
		order := func() []string {
			t.Helper()
			var v struct{ Delegations []accord.Delegation }
			if err := json.Unmarshal([]byte(get(t, srv, "/api/v1/organizations/SCO/bodies/PGM/meetings/22").body), &v); err != nil {
				t.Fatal(err)
			}
			var states []string
			for _, d := range v.Delegations {
				states = append(states, d.Party())
			}
			return states
		}
		// The demo rule: the Russian alphabet, Kyrgyzstan in the chair.
		if got, want := order(), []string{"KG", "BY", "IN", "IR", "KZ", "CN", "PK", "RU", "TJ", "UZ"}; !slices.Equal(got, want) {
			t.Errorf("by the Russian alphabet: %v, want %v", got, want)
		}
		// A change takes effect after the last recorded term began
		// (2024-07-25); today is 2025-03-01.
		rule := &accord.RotationRule{Organization: "SCO", Body: "PGM", EffectiveFrom: accord.MustDate("2025-01-01"), Kind: accord.RotateOrder, Order: []string{"UZ", "TJ", "RU", "PK", "KZ", "CN", "KG", "IN", "IR", "BY"},
			Eligibility: accord.EligibleDayBefore, Term: accord.TermMeeting, TermMonths: 12}
		if err := db.SetRotationRule(t.Context(), rule); err != nil {
			t.Fatal(err)
		}
		if got, want := order(), []string{"KG", "UZ", "TJ", "RU", "PK", "KZ", "CN", "IN", "IR", "BY"}; !slices.Equal(got, want) {
			t.Errorf("by an explicit order: %v, want %v", got, want)
		}
	})
}
