package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestObserversMayAskRoundTrip stores the body setting that lets observers
// and guests ask for the floor: off for a body recorded before it existed,
// on and off again through UpdateBody, and on from creation, each change
// audited with the value before and after, on both engines.
func TestObserversMayAskRoundTrip(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		if f.pgm.ObserversMayAsk {
			t.Fatal("the fixture's body lets observers ask")
		}
		got, err := db.FindBody(ctx, "SCO", "PGM")
		ok(t, err)
		if got.ObserversMayAsk {
			t.Error("a body lets observers ask by default")
		}

		for _, on := range []bool{true, false} {
			pgm := *got
			pgm.ObserversMayAsk = on
			ok(t, db.UpdateBody(ctx, &pgm))
			stored, err := db.FindBody(ctx, "SCO", "PGM")
			ok(t, err)
			equal(t, "body", *stored, pgm)
			rec := lastAudit(t, db, "body.update")
			before, after := `"observers_may_ask":`+map[bool]string{true: "false", false: "true"}[on], `"observers_may_ask":`+map[bool]string{true: "true", false: "false"}[on]
			if !strings.Contains(rec.Before, before) || !strings.Contains(rec.After, after) {
				t.Errorf("audit of observers_may_ask=%v: before %s after %s", on, rec.Before, rec.After)
			}
			got = stored
		}

		council := &accord.Body{Organization: "SCO", Code: "CHS", Names: accord.Text{"en": "Council of Heads of State"}, ObserversMayAsk: true}
		ok(t, db.CreateBody(ctx, council))
		bodies, err := db.ListBodies(ctx, "SCO")
		ok(t, err)
		seen := map[string]bool{}
		for _, b := range bodies {
			seen[b.Code] = b.ObserversMayAsk
		}
		if !seen["CHS"] || seen["PGM"] {
			t.Errorf("listed settings %v, want CHS on and PGM off", seen)
		}
		if rec := lastAudit(t, db, "body.create"); !strings.Contains(rec.After, `"observers_may_ask":true`) {
			t.Errorf("creation audit: %s", rec.After)
		}
	})
}
