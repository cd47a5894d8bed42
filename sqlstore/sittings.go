package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/live"
)

var _ accord.SittingService = (*DB)(nil)

// SittingChannel is the PostgreSQL channel a change of a sitting notifies,
// with the event's id as its payload, once the change commits: each
// instance then reads the outbox from the last id it saw.
const SittingChannel = "accord_sittings"

// sittingEventsLock is the advisory lock that orders the outbox's ids.
const sittingEventsLock = 0x5177_1e55

// maxSittingEvents bounds one read of the outbox.
const maxSittingEvents = 1000

// Sitting is a meeting's state in session.
func (db *DB) Sitting(ctx context.Context, meeting int64) (accord.Sitting, error) {
	return fetch(ctx, db, "sitting", func(t *txn) (accord.Sitting, error) {
		if err := t.found("meeting", meeting, `SELECT 1 FROM meetings WHERE id = $1`, meeting); err != nil {
			return accord.Sitting{}, err
		}
		s, _, err := t.sitting(meeting, false)
		return s, err
	})
}

// sitting reads a meeting's state, locking its row when lock is set; a
// meeting never in session has the zero state, and no row.
func (t *txn) sitting(meeting int64, lock bool) (accord.Sitting, sql.NullString, error) {
	q := `SELECT state, sat_on FROM sittings WHERE meeting_id = $1`
	if lock {
		q = t.forUpdate(q)
	}
	var raw string
	var satOn sql.NullString
	err := t.queryRow(q, meeting).Scan(&raw, &satOn)
	if errors.Is(err, sql.ErrNoRows) {
		return accord.Sitting{}, satOn, nil
	}
	if err != nil {
		return accord.Sitting{}, satOn, err
	}
	var s accord.Sitting
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return accord.Sitting{}, satOn, fmt.Errorf("sitting of meeting %d: %w", meeting, err)
	}
	return s, satOn, nil
}

// ChangeSitting applies cmd under the lock of the meeting's row, so that
// two chairs' commands are judged one after the other, each against the
// state the other left.
func (db *DB) ChangeSitting(ctx context.Context, meeting int64, cmd accord.SittingCommand) (accord.Sitting, accord.SittingEvent, error) {
	var next accord.Sitting
	var ev accord.SittingEvent
	err := db.write(ctx, "change sitting", func(t *txn) error {
		var org, body string
		err := t.queryRow(t.forUpdate(`SELECT organization, body FROM meetings WHERE id = $1`), meeting).Scan(&org, &body)
		if errors.Is(err, sql.ErrNoRows) {
			return accord.NotFound("meeting", meeting)
		}
		if err != nil {
			return err
		}
		cur, satOn, err := t.sitting(meeting, true)
		if err != nil {
			return err
		}
		now := t.db.now()
		today := accord.DateOf(now.UTC()).String()
		f := live.Facts{Now: stamp(now)}
		if f.Items, err = all(t, scanID, `SELECT id FROM agenda_items WHERE meeting_id = $1 ORDER BY position`, meeting); err != nil {
			return err
		}
		if f.Delegations, err = t.attendingStates(meeting); err != nil {
			return err
		}
		o, err := one(t, scanOrganization, accord.NotFound("organization", org), selectOrganization+` WHERE code = $1`, org)
		if err != nil {
			return err
		}
		f.Langs = o.DocumentLanguages()
		if f.OtherInSession, err = t.exists(`SELECT 1 FROM sittings WHERE organization = $1 AND body = $2 AND sat_on = $3 AND meeting_id <> $4`,
			org, body, today, meeting); err != nil {
			return err
		}
		next, ev, err = live.Apply(cur, cmd, f)
		if err != nil {
			return err
		}
		// The day a meeting went into session stays its day until it
		// leaves session, even past midnight.
		var sat any
		switch {
		case next.InSession && cur.InSession && satOn.Valid:
			sat = satOn.String
		case next.InSession:
			sat = today
		}
		state, err := json.Marshal(next)
		if err != nil {
			return err
		}
		if err := t.exec(`INSERT INTO sittings (meeting_id, organization, body, sat_on, state) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (meeting_id) DO UPDATE SET sat_on = excluded.sat_on, state = excluded.state`,
			meeting, org, body, sat, string(state)); err != nil {
			if accord.ErrorCode(classify(err)) == accord.ECONFLICT {
				return &accord.Error{Code: accord.ECONFLICT, Field: "kind", Message: "another meeting of the body is in session today"}
			}
			return err
		}
		ev.Meeting = meeting
		if t.db.dialect == Postgres {
			// Ids in the order of commit, across meetings too: a feed
			// that has read event n never meets n-1 later, which a
			// sequence alone does not promise (two transactions take
			// 5 and 6, and 6 commits first). Commands are a chair's
			// clicks, so serializing their tails costs nothing.
			if err := t.exec(`SELECT pg_advisory_xact_lock($1)`, sittingEventsLock); err != nil {
				return err
			}
		}
		if ev.ID, err = t.insert(`INSERT INTO sitting_events (meeting_id, kind, item, request, state, version, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			meeting, string(ev.Kind), nullID(ev.Item), nullID(ev.Request), nullable(ev.State), ev.Version, timeArg(ev.At)); err != nil {
			return err
		}
		if t.db.dialect == Postgres {
			// Delivered when the transaction commits, and only then.
			if err := t.exec(`SELECT pg_notify($1, $2)`, SittingChannel, strconv.FormatInt(ev.ID, 10)); err != nil {
				return err
			}
		}
		return t.audit("sitting."+string(ev.Kind), fmt.Sprintf("sitting/%d", meeting), nil, ev)
	})
	if err != nil {
		return accord.Sitting{}, accord.SittingEvent{}, err
	}
	db.sittingChanged()
	return next, ev, nil
}

// SittingEvents reads the outbox after id, oldest first.
func (db *DB) SittingEvents(ctx context.Context, meeting, after int64, limit int) ([]accord.SittingEvent, error) {
	if limit < 1 || limit > maxSittingEvents {
		limit = maxSittingEvents
	}
	return fetch(ctx, db, "sitting events", func(t *txn) ([]accord.SittingEvent, error) {
		q, args := selectSittingEvent+` WHERE id > $1`, []any{after}
		if meeting != 0 {
			if err := t.found("meeting", meeting, `SELECT 1 FROM meetings WHERE id = $1`, meeting); err != nil {
				return nil, err
			}
			q += ` AND meeting_id = $2`
			args = append(args, meeting)
		}
		return all(t, scanSittingEvent, q+` ORDER BY id LIMIT `+strconv.Itoa(limit), args...)
	})
}

const selectSittingEvent = `SELECT id, meeting_id, kind, COALESCE(item, 0), COALESCE(request, 0), COALESCE(state, ''), version, at FROM sitting_events`

func scanSittingEvent(r scanner) (accord.SittingEvent, error) {
	var e accord.SittingEvent
	var kind, at string
	if err := r.Scan(&e.ID, &e.Meeting, &kind, &e.Item, &e.Request, &e.State, &e.Version, &at); err != nil {
		return e, err
	}
	e.Kind = accord.SittingChange(kind)
	t, err := time.Parse(timeFormat, at)
	e.At = t
	return e, err
}

func scanString(r scanner) (string, error) {
	var s string
	return s, r.Scan(&s)
}

// attendingStates are the states whose delegations take part in the
// meeting (accord.InvitationState.Attends), by code: those that may ask
// for the floor. A declined invitation sends nobody to ask.
func (t *txn) attendingStates(meeting int64) ([]string, error) {
	type row struct {
		state      string
		invitation accord.InvitationState
	}
	rows, err := all(t, func(r scanner) (x row, err error) { return x, r.Scan(&x.state, &x.invitation) },
		`SELECT state, invitation FROM delegations WHERE meeting_id = $1 AND state IS NOT NULL ORDER BY state`, meeting)
	if err != nil {
		return nil, err
	}
	states := []string{}
	for _, x := range rows {
		if x.invitation.Attends() {
			states = append(states, x.state)
		}
	}
	return states, nil
}
