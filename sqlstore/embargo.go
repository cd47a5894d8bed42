package sqlstore

import (
	"time"

	"github.com/accord-org/accord"
)

// at is the moment the transaction judges embargoes at: its actor's
// (accord.Actor.At), so that a request's change version, its lists and its
// checks agree on one instant; the store's clock for an actor without one.
func (t *txn) at() time.Time {
	if a := accord.ActorFrom(t.ctx); !a.At.IsZero() {
		return a.At
	}
	return t.db.now()
}
