package sqlstore

import (
	"context"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
)

// statusInUse finds whether an obligation, a report or an assessment of
// the organization's measures holds a status.
const statusInUse = `SELECT 1 FROM obligations o JOIN measures m ON m.id = o.measure_id WHERE m.organization = $1 AND (o.claimed = $2 OR o.assessed = $2
	OR EXISTS (SELECT 1 FROM assessments a WHERE a.obligation_id = o.id AND a.status = $2)
	OR EXISTS (SELECT 1 FROM report_obligations ro JOIN national_reports r ON r.id = ro.report_id WHERE ro.obligation_id = o.id AND r.status = $2))`

// SetFollowUpStatuses replaces the council's controlled list, in the
// order given, with the labels of its own statuses. A status in use is
// kept on the record it is on, so it cannot be removed from the list: the
// matrix and the summing-up must still count it. Its labels may change:
// records keep the code.
func (db *DB) SetFollowUpStatuses(ctx context.Context, org string, l accord.StatusList) error {
	if err := followup.CheckStatusList(l); err != nil {
		return err
	}
	list := l.Statuses
	return db.write(ctx, "set follow-up statuses", func(t *txn) error {
		if err := t.found("organization", org, t.forUpdate(`SELECT 1 FROM organizations WHERE code = $1`), org); err != nil {
			return err
		}
		before, err := t.statusList(org)
		if err != nil {
			return err
		}
		for _, s := range followup.Removed(before.Statuses, list) {
			used, err := t.exists(statusInUse, org, s)
			if err != nil {
				return err
			}
			if used {
				return accord.Conflict("statuses", "%s is in use by an obligation, a report or an assessment: it cannot be removed", s)
			}
		}
		if t.db.holdingStatuses != nil {
			t.db.holdingStatuses("set", t)
		}
		if err := t.exec(`DELETE FROM followup_statuses WHERE organization = $1`, org); err != nil {
			return err
		}
		after := accord.StatusList{Statuses: list, Labels: map[accord.FollowUpStatus]accord.Text{}}
		for i, s := range list {
			if len(l.Labels[s]) > 0 {
				after.Labels[s] = l.Labels[s]
			}
			if err := t.exec(`INSERT INTO followup_statuses (organization, position, status, labels) VALUES ($1, $2, $3, $4)`,
				org, i, s, jsonArg(text(after.Labels[s]))); err != nil {
				return err
			}
		}
		return t.audit("followup_statuses.set", "organization/"+org+"/follow-up/statuses", before, after)
	})
}

// statusesHeld reads the council's list for a write that stores one of its
// statuses, holding the organization's row in share mode until commit:
// SetFollowUpStatuses takes that row for update, so it cannot remove the
// status between this check and the commit. SQLite runs one write at a
// time, so there is nothing to hold.
func (t *txn) statusesHeld(org string) ([]accord.FollowUpStatus, error) {
	if t.db.dialect == Postgres {
		if err := t.exec(`SELECT 1 FROM organizations WHERE code = $1 FOR SHARE`, org); err != nil {
			return nil, err
		}
	}
	list, err := t.statuses(org)
	if err == nil && t.db.holdingStatuses != nil {
		t.db.holdingStatuses("store", t)
	}
	return list, err
}
