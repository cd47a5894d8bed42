package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
)

// CloseReportingRound closes a body's round before its deadline. The
// deadline is kept as it was set, so that the record shows both what the
// states were told and when the secretariat closed the round.
func (db *DB) CloseReportingRound(ctx context.Context, org, body string, id int64) (*accord.ReportingRound, error) {
	var out *accord.ReportingRound
	err := db.write(ctx, "close reporting round", func(t *txn) error {
		before, err := one(t, scanRound, accord.NotFound("reporting round", id),
			t.forUpdate(selectRound+` WHERE id = $1 AND organization = $2 AND body = $3`), id, org, body)
		if err != nil {
			return err
		}
		now := stamp(t.db.now())
		if before.Closed(now) {
			return accord.Conflict("id", "the round before meeting %s is closed already", accord.Roman(before.Meeting))
		}
		after := *before
		after.ClosedAt = now
		if err := t.exec(`UPDATE reporting_rounds SET closed_at = $1 WHERE id = $2`, timeArg(now), id); err != nil {
			return err
		}
		out = &after
		return t.audit("reporting_round.close", fmt.Sprintf("body/%s/%s/reporting_rounds/%d", org, body, id), before, &after)
	})
	return out, err
}
