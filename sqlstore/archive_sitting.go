package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/accord-org/accord"
)

// ImportSitting is a meeting's sitting as a bag holds it: the state the
// sitting pages show, the day it went into session, and its events, the
// outbox from which the public page reads the record of the sitting. Ids
// of agenda items in the state and the events are the sender's; request
// ids are the sitting's own counter (Sitting.LastRequest), and travel as
// they are. Sittings are audited, not logged: the bag's signed manifests
// are what protect them.
type ImportSitting struct {
	// Meeting is the sender's id of the meeting; Body and Number name it
	// for a reader of the bag.
	Meeting int64  `json:"meeting_id"`
	Body    string `json:"body"`
	Number  int    `json:"number"`
	// SatOn is the day the meeting went into session, empty when it is
	// not in session.
	SatOn  string                `json:"sat_on,omitempty"`
	State  accord.Sitting        `json:"state"`
	Events []accord.SittingEvent `json:"events"`
}

// ArchiveSitting is a meeting's sitting for an archive, with every event
// oldest first; ENOTFOUND when the meeting was never in session.
func (db *DB) ArchiveSitting(ctx context.Context, meeting int64) (*ImportSitting, error) {
	return fetch(ctx, db, "archive sitting", func(t *txn) (*ImportSitting, error) {
		x := &ImportSitting{Meeting: meeting}
		err := t.queryRow(`SELECT body, number FROM meetings WHERE id = $1`, meeting).Scan(&x.Body, &x.Number)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, accord.NotFound("meeting", meeting)
		}
		if err != nil {
			return nil, err
		}
		ok, err := t.exists(`SELECT 1 FROM sittings WHERE meeting_id = $1`, meeting)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, accord.NotFound("sitting", meeting)
		}
		st, satOn, err := t.sitting(meeting, false)
		if err != nil {
			return nil, err
		}
		x.State, x.SatOn = st, satOn.String
		// All of them: the pages read at most a thousand at a time, the
		// archive keeps the whole record.
		if x.Events, err = all(t, scanSittingEvent, selectSittingEvent+` WHERE meeting_id = $1 ORDER BY id`, meeting); err != nil {
			return nil, err
		}
		return x, nil
	})
}

// Problem says what makes the sitting's record inconsistent, "" when it
// is not: its events are the changes that made its state, one version
// each, so they count up from 1 to the state's version; the day it sat is
// set exactly while it is in session; and every item the state and the
// events name is one of items, the meeting's agenda, by the bag's ids.
// 'archive verify' and the import both ask it.
func (x *ImportSitting) Problem(items []int64) string {
	for i, e := range x.Events {
		if e.Version != int64(i+1) {
			return fmt.Sprintf("event %d has version %d: the events of a sitting count its versions from 1", i+1, e.Version)
		}
		if e.Kind == "" || e.At.IsZero() {
			return fmt.Sprintf("event %d has no kind or no time", i+1)
		}
		if e.Item != 0 && !slices.Contains(items, e.Item) {
			return fmt.Sprintf("event %d names agenda item %d, which is not on the meeting's agenda in the bag", i+1, e.Item)
		}
	}
	if x.State.Version != int64(len(x.Events)) {
		return fmt.Sprintf("the state is at version %d, its events at %d", x.State.Version, len(x.Events))
	}
	if x.State.InSession != (x.SatOn != "") {
		return "the day it sat (sat_on) is set only while the meeting is in session"
	}
	if x.SatOn != "" {
		if _, err := accord.ParseDate(x.SatOn); err != nil {
			return fmt.Sprintf("sat_on %q is not a date", x.SatOn)
		}
	}
	named := []int64{x.State.Item}
	if x.State.Floor != nil {
		named = append(named, x.State.Floor.Item)
	}
	for item, list := range x.State.Lists {
		named = append(named, item)
		for _, r := range list {
			if r.Item != item {
				return fmt.Sprintf("request %d is on the list of item %d but names item %d", r.ID, item, r.Item)
			}
		}
	}
	for _, id := range named {
		if id != 0 && !slices.Contains(items, id) {
			return fmt.Sprintf("the state names agenda item %d, which is not on the meeting's agenda in the bag", id)
		}
	}
	return ""
}

// sitting stores a meeting's sitting with its events, the agenda items
// they name made the receiver's. The events go into the outbox, so that
// the receiver's public page shows the record of the sitting; its feed
// hands them on as any new event, and a page that follows the meeting
// reads the state again.
func (im *importer) sitting(x *ImportSitting) error {
	meeting, ok := im.meetings[x.Meeting]
	if !ok {
		return accord.Invalid("bag", "the sitting of meeting %d of %s is of a meeting the bag does not hold", x.Number, x.Body)
	}
	var items []int64
	for sender, local := range im.agenda {
		if im.itemMeeting[local] == meeting {
			items = append(items, sender)
		}
	}
	if p := x.Problem(items); p != "" {
		return accord.Invalid("bag", "the sitting of meeting %d of %s does not hold together: %s", x.Number, x.Body, p)
	}
	item := func(id int64) int64 {
		if id == 0 {
			return 0
		}
		return im.agenda[id]
	}
	st := x.State
	if st.Floor != nil {
		f := *st.Floor
		f.Item = item(f.Item)
		st.Floor = &f
	}
	st.Item = item(st.Item)
	if st.Lists != nil {
		lists := make(map[int64][]accord.FloorRequest, len(st.Lists))
		for _, k := range slices.Sorted(maps.Keys(st.Lists)) {
			list := slices.Clone(st.Lists[k])
			for i := range list {
				list[i].Item = item(list[i].Item)
			}
			lists[item(k)] = list
		}
		st.Lists = lists
	}
	// A sitting here already, from an earlier import, may have gone on at
	// the sender since: its events are a record that only grows, so the
	// bag's must begin with the ones here, and then the rest is added and
	// the bag's state taken; an older bag's events must all be here.
	var local *accord.Sitting
	if im.merge {
		ok, err := im.exists(`SELECT 1 FROM sittings WHERE meeting_id = $1`, meeting)
		if err != nil {
			return err
		}
		if ok {
			s, _, err := im.txn.sitting(meeting, false)
			if err != nil {
				return err
			}
			local = &s
		}
	}
	if len(x.Events) > 0 && im.db.dialect == Postgres && !im.outboxLocked {
		// The outbox's ids in the order of commit, as ChangeSitting
		// keeps them: a feed that read a later id never meets these.
		if err := im.exec(`SELECT pg_advisory_xact_lock($1)`, sittingEventsLock); err != nil {
			return err
		}
		im.outboxLocked = true
	}
	for _, e := range x.Events {
		if err := im.row("sitting events", "sitting_events", "meeting_id*, version*, kind, item, request, state, at",
			meeting, e.Version, string(e.Kind), nullID(item(e.Item)), nullID(e.Request), nullable(e.State), timeArg(e.At)); err != nil {
			return im.named(err, "event %d of the sitting of meeting %d of %s differs from the one here: an import adds what is new and skips what is the same, it does not change a record; nothing was imported",
				e.Version, x.Number, x.Body)
		}
	}
	inUse := func(err error) error {
		return conflict(err, "the sitting of meeting %d of %s is in session on %s, and so is another meeting of the body here", x.Number, x.Body, x.SatOn)
	}
	switch {
	case local == nil || local.Version == st.Version:
		if err := im.row("sittings", "sittings", "meeting_id*, organization, body, sat_on, state",
			meeting, im.bag.Organization.Code, x.Body, nullable(x.SatOn), jsonArg(st)); err != nil {
			return inUse(im.named(err, "the sitting of meeting %d of %s differs from the one here: an import adds what is new and skips what is the same, it does not change a record; nothing was imported",
				x.Number, x.Body))
		}
	case local.Version < st.Version:
		if err := im.exec(`UPDATE sittings SET sat_on = $1, state = $2 WHERE meeting_id = $3`, nullable(x.SatOn), jsonArg(st), meeting); err != nil {
			return inUse(err)
		}
		im.res.Added["sittings continued"]++
	default:
		im.res.Same++
	}
	if len(x.Events) > 0 {
		im.sittingsAdded = true
	}
	return nil
}

// named is a refused change (put's) told as format says, which names the
// sitting by its meeting's body and number rather than the receiver's ids.
func (im *importer) named(err error, format string, args ...any) error {
	if e, ok := err.(*accord.Error); ok && e.Code == accord.ECONFLICT && e.Err == nil {
		return accord.Errorf(accord.ECONFLICT, format, args...)
	}
	return err
}
