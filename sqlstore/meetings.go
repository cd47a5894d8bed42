package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/accord-org/accord"
)

const refMeeting = `SELECT 1 FROM meetings WHERE id = $1`

// CreateMeeting stores a meeting of an existing body, refusing a number the
// body has used already.
func (db *DB) CreateMeeting(ctx context.Context, m *accord.Meeting) error {
	if err := m.Validate(); err != nil {
		return accord.Wrap("create meeting", err)
	}
	return db.write(ctx, "create meeting", func(t *txn) error {
		if err := t.ref("organization", "organization "+m.Organization, refOrganization, m.Organization); err != nil {
			return err
		}
		if err := t.ref("body", fmt.Sprintf("body %s of %s", m.Body, m.Organization), refBody, m.Organization, m.Body); err != nil {
			return err
		}
		chair, err := t.meetingRefs(m)
		if err != nil {
			return err
		}
		m.Sequence, m.Modified = 0, stamp(t.db.now())
		m.ID, err = t.insert(`INSERT INTO meetings (organization, body, number, host, city, venue, start_date, end_date, format, theme, chair, status, note, modified_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			m.Organization, m.Body, m.Number, m.Host, jsonArg(text(m.City)), jsonArg(text(m.Venue)), dateArg(m.Start), dateArg(m.End),
			m.Format, jsonArg(text(m.Theme)), chair, m.Status, m.Note, timeArg(m.Modified))
		if err == nil {
			err = t.reindex(accord.SearchMeeting, m.ID)
		}
		return t.created(withField("number", conflict(err, "meeting %s of %s %s already exists", m.Numeral(), m.Organization, m.Body)),
			"meeting.create", fmt.Sprintf("meeting/%d", m.ID), m)
	})
}

const selectMeeting = `SELECT id, organization, body, number, host, city, venue, start_date, end_date, format, theme, COALESCE(chair, ''), status, note, sequence, modified_at, cancelled_at, cancel_reason FROM meetings`

func scanMeeting(r scanner) (*accord.Meeting, error) {
	var m accord.Meeting
	var c accord.Cancellation
	err := r.Scan(&m.ID, &m.Organization, &m.Body, &m.Number, &m.Host, col(&m.City), col(&m.Venue),
		col(&m.Start), col(&m.End), &m.Format, col(&m.Theme), &m.Chair, &m.Status, &m.Note, &m.Sequence, col(&m.Modified),
		col(&c.At), &c.Reason)
	if !c.At.IsZero() {
		m.Cancelled = &c
	}
	return &m, err
}

// CancelMeeting calls a planned meeting off. It stays on record and its
// sequence rises, so that calendars show it as cancelled.
func (db *DB) CancelMeeting(ctx context.Context, id int64, reason string) error {
	if err := accord.ValidateCancelReason(reason); err != nil {
		return accord.Wrap("cancel meeting", err)
	}
	return db.setCancelled(ctx, "cancel meeting", "meeting.cancel", id, func(m *accord.Meeting, now time.Time) error {
		if err := m.CanCancel(); err != nil {
			return err
		}
		m.Cancelled = &accord.Cancellation{At: now, Reason: reason}
		return nil
	})
}

// ReinstateMeeting undoes a cancellation: the meeting stands again as it
// was, and its sequence rises once more so that calendars restore it.
func (db *DB) ReinstateMeeting(ctx context.Context, id int64) error {
	return db.setCancelled(ctx, "reinstate meeting", "meeting.reinstate", id, func(m *accord.Meeting, _ time.Time) error {
		if m.Cancelled == nil {
			return accord.Errorf(accord.ECONFLICT, "meeting %s is not cancelled", m.Numeral())
		}
		m.Cancelled = nil
		return nil
	})
}

// setCancelled locks a meeting, lets set change its cancellation, and
// stores that with the raised sequence, audited in the same transaction.
func (db *DB) setCancelled(ctx context.Context, op, action string, id int64, set func(m *accord.Meeting, now time.Time) error) error {
	return change(ctx, db, op, action, fmt.Sprintf("meeting/%d", id),
		func(t *txn) (*accord.Meeting, error) {
			return one(t, scanMeeting, accord.NotFound("meeting", id), t.forUpdate(selectMeeting+` WHERE id = $1`), id)
		},
		func(t *txn, before *accord.Meeting) (any, error) {
			after := *before
			now := stamp(t.db.now())
			if err := set(&after, now); err != nil {
				return nil, err
			}
			after.Sequence, after.Modified = before.Sequence+1, now
			var at any
			reason := ""
			if after.Cancelled != nil {
				at, reason = timeArg(after.Cancelled.At), after.Cancelled.Reason
			}
			return &after, t.exec(`UPDATE meetings SET cancelled_at = $2, cancel_reason = $3, sequence = $4, modified_at = $5 WHERE id = $1`,
				id, at, reason, after.Sequence, timeArg(after.Modified))
		})
}

// FindMeeting returns a body's meeting by number.
func (db *DB) FindMeeting(ctx context.Context, org, body string, number int) (*accord.Meeting, error) {
	return fetch(ctx, db, "find meeting", func(t *txn) (*accord.Meeting, error) {
		return one(t, scanMeeting, accord.NotFound("meeting", fmt.Sprintf("%s of %s %s", accord.Roman(number), org, body)),
			selectMeeting+` WHERE organization = $1 AND body = $2 AND number = $3`, org, body, number)
	})
}

// FindMeetingByID returns a meeting by id.
func (db *DB) FindMeetingByID(ctx context.Context, id int64) (*accord.Meeting, error) {
	return fetchOne(ctx, db, "find meeting", func(t *txn) (*accord.Meeting, error) {
		return one(t, scanMeeting, accord.NotFound("meeting", id), selectMeeting+` WHERE id = $1`, id)
	})
}

// ListMeetings returns the meetings that match f, in the order they were
// held. An unknown organization or body matches nothing.
func (db *DB) ListMeetings(ctx context.Context, f accord.MeetingFilter) ([]*accord.Meeting, error) {
	return fetch(ctx, db, "list meetings", func(t *txn) ([]*accord.Meeting, error) {
		q, args := selectMeeting+` WHERE 1 = 1`, []any{}
		if f.Organization != "" {
			q += ` AND organization = ` + placeholders(&args, []string{f.Organization})
		}
		if f.Body != "" {
			q += ` AND body = ` + placeholders(&args, []string{f.Body})
		}
		if f.Year != 0 {
			// Dates are YYYY, YYYY-MM or YYYY-MM-DD text, so a year is the
			// range of strings from "2026" (a meeting known by its year
			// only) up to "2027".
			q += ` AND start_date >= ` + placeholders(&args, []string{fmt.Sprintf("%04d", f.Year)}) +
				` AND start_date < ` + placeholders(&args, []string{fmt.Sprintf("%04d", f.Year+1)})
		}
		if f.Host != "" {
			q += ` AND host = ` + placeholders(&args, []string{f.Host})
		}
		if f.Status != "" {
			q += ` AND status = ` + placeholders(&args, []accord.MeetingStatus{f.Status})
		}
		return all(t, scanMeeting, q+` ORDER BY start_date, organization, body, number`, args...)
	})
}

// CreatePerson stores a person.
func (db *DB) CreatePerson(ctx context.Context, p *accord.Person) error {
	if err := p.Validate(); err != nil {
		return accord.Wrap("create person", err)
	}
	return db.write(ctx, "create person", func(t *txn) error {
		return t.created(t.createPerson(p), "person.create", fmt.Sprintf("person/%d", p.ID), p)
	})
}

func (t *txn) createPerson(p *accord.Person) (err error) {
	p.ID, err = t.insert(`INSERT INTO persons (name, title, affiliation, names) VALUES ($1, $2, $3, $4)`, p.Name, jsonArg(text(p.Title)), p.Affiliation, jsonArg(text(p.Names)))
	return err
}

// personColumns selects a person joined as alias p, NULL-safe for outer
// joins; personDest scans them, the id apart because it may be NULL.
const personColumns = `p.id, COALESCE(p.name, ''), COALESCE(p.title, '{}'), COALESCE(p.affiliation, ''), NULLIF(p.names, '{}')`

func personDest(p *accord.Person, id *sql.Null[int64]) []any {
	return []any{id, &p.Name, col(&p.Title), &p.Affiliation, col(&p.Names)}
}

// AddAgendaItems adds items at the end of a meeting's agenda, in order,
// in one transaction: a refused item stores none of them.
func (db *DB) AddAgendaItems(ctx context.Context, meetingID int64, items []*accord.AgendaItem) error {
	if len(items) == 0 {
		return accord.Invalid("titles", "give at least one title, one a line")
	}
	if len(items) > accord.MaxAgendaItemsAtOnce {
		return accord.Invalid("titles", "give at most %d titles at once", accord.MaxAgendaItemsAtOnce)
	}
	for i, a := range items {
		if a.MeetingID != meetingID {
			return accord.Invalid("titles", "the items are of one meeting")
		}
		if err := a.Validate(); err != nil {
			if accord.ErrorField(err) == "kind" {
				return err
			}
			return accord.Invalid("titles", "line %d: %s", i+1, accord.ErrorMessage(err))
		}
	}
	return db.write(ctx, "add agenda items", func(t *txn) error {
		for _, a := range items {
			a.ID, a.Position = 0, 0
			if err := t.addAgendaItem(a, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddAgendaItem stores an item on a meeting's agenda, refusing a position
// that is taken; position 0 puts it at the end.
func (db *DB) AddAgendaItem(ctx context.Context, a *accord.AgendaItem) error {
	if err := a.Validate(); err != nil {
		return accord.Wrap("add agenda item", err)
	}
	// A transaction that is run again must take the next position again,
	// not the one its first attempt took.
	next := a.Position == 0
	return db.write(ctx, "add agenda item", func(t *txn) error { return t.addAgendaItem(a, next) })
}

// addAgendaItem stores a validated item in t, after the others when next.
func (t *txn) addAgendaItem(a *accord.AgendaItem, next bool) error {
	// The lock on the meeting serializes the writers of its agenda.
	if err := t.ref("meeting_id", fmt.Sprint("meeting ", a.MeetingID), t.forUpdate(refMeeting), a.MeetingID); err != nil {
		return err
	}
	if next {
		if err := t.tx.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1`, a.MeetingID).Scan(&a.Position); err != nil {
			return err
		}
	}
	speaker, err := t.speakerRef(a)
	if err != nil {
		return err
	}
	a.ID, err = t.insert(`INSERT INTO agenda_items (meeting_id, position, kind, title, speaker_id) VALUES ($1, $2, $3, $4, $5)`,
		a.MeetingID, a.Position, a.Kind, jsonArg(a.Title), speaker)
	if err == nil {
		err = t.reindex(accord.SearchAgendaItem, a.ID)
	}
	return t.created(conflict(err, "the agenda has an item %d already", a.Position),
		"agenda_item.create", fmt.Sprintf("agenda_item/%d", a.ID), a)
}

// ListAgenda returns a meeting's agenda by position, with the speakers.
func (db *DB) ListAgenda(ctx context.Context, meetingID int64) ([]*accord.AgendaItem, error) {
	return fetch(ctx, db, "list agenda", func(t *txn) ([]*accord.AgendaItem, error) {
		if err := t.found("meeting", meetingID, refMeeting, meetingID); err != nil {
			return nil, err
		}
		return all(t, scanAgendaItem, selectAgenda+` WHERE a.meeting_id = $1 ORDER BY a.position`, meetingID)
	})
}

const selectAgenda = `SELECT a.id, a.meeting_id, a.position, a.kind, a.title, ` + personColumns + `
	FROM agenda_items a LEFT JOIN persons p ON p.id = a.speaker_id`

func scanAgendaItem(r scanner) (*accord.AgendaItem, error) {
	var a accord.AgendaItem
	var p accord.Person
	var speaker sql.Null[int64]
	err := r.Scan(append([]any{&a.ID, &a.MeetingID, &a.Position, &a.Kind, col(&a.Title)}, personDest(&p, &speaker)...)...)
	if speaker.Valid {
		p.ID, a.SpeakerID, a.Speaker = speaker.V, speaker.V, &p
	}
	return &a, err
}

// CreateDelegation stores a delegation of a state or of an organ of the
// meeting's organization, creating its head and members.
func (db *DB) CreateDelegation(ctx context.Context, d *accord.Delegation) error {
	if err := d.Validate(); err != nil {
		return accord.Wrap("create delegation", err)
	}
	return db.write(ctx, "create delegation", func(t *txn) error { return t.createDelegation(d) })
}

// createDelegation stores a validated delegation with its head and members.
func (t *txn) createDelegation(d *accord.Delegation) error {
	// The number too: people know a meeting as XXIII, not by its id.
	var org string
	var number int
	_, err := one(t, func(r scanner) (bool, error) { return true, r.Scan(&org, &number) },
		accord.Invalid("meeting_id", "meeting %d does not exist", d.MeetingID),
		`SELECT organization, number FROM meetings WHERE id = $1`, d.MeetingID)
	if err != nil {
		return err
	}
	var state, organ any
	if d.State != "" {
		state, err = d.State, t.ref("state", "state "+d.State, refState, d.State)
	} else {
		organ, err = d.Organ, t.ref("organ", fmt.Sprintf("organ %s of %s", d.Organ, org),
			`SELECT 1 FROM organs WHERE organization = $1 AND code = $2`, org, d.Organ)
	}
	if err != nil {
		return err
	}
	if err := t.createPerson(&d.Head); err != nil {
		return err
	}
	d.ID, err = t.insert(`INSERT INTO delegations (meeting_id, organization, state, organ, head_id, invitation) VALUES ($1, $2, $3, $4, $5, $6)`,
		d.MeetingID, org, state, organ, d.Head.ID, string(d.Invitation))
	party := "state"
	if d.State == "" {
		party = "organ"
	}
	if err = withField(party, conflict(err, "%s already has a delegation at meeting %s", d.Party(), accord.Roman(number))); err != nil {
		return err
	}
	for i := range d.Members {
		if err := t.createPerson(&d.Members[i]); err != nil {
			return err
		}
		if err := t.exec(`INSERT INTO delegation_members (delegation_id, person_id, position) VALUES ($1, $2, $3)`,
			d.ID, d.Members[i].ID, i+1); err != nil {
			return err
		}
	}
	return t.audit("delegation.create", fmt.Sprintf("delegation/%d", d.ID), nil, d)
}

// ListDelegations returns a meeting's delegations in the order they were
// registered, with their heads, members and the names of their parties.
func (db *DB) ListDelegations(ctx context.Context, meetingID int64) ([]*accord.Delegation, error) {
	return fetch(ctx, db, "list delegations", func(t *txn) ([]*accord.Delegation, error) {
		if err := t.found("meeting", meetingID, refMeeting, meetingID); err != nil {
			return nil, err
		}
		return t.delegations(meetingID)
	})
}

func (t *txn) delegations(meetingID int64) ([]*accord.Delegation, error) {
	ds, err := all(t, func(r scanner) (*accord.Delegation, error) {
		d := accord.Delegation{Members: []accord.Person{}}
		var head sql.Null[int64]
		err := r.Scan(append([]any{&d.ID, &d.MeetingID, &d.State, &d.Organ, col(&d.PartyNames), &d.Invitation}, personDest(&d.Head, &head)...)...)
		d.Head.ID = head.V
		return &d, err
	}, `SELECT d.id, d.meeting_id, COALESCE(d.state, ''), COALESCE(d.organ, ''), COALESCE(s.names, o.names), d.invitation, `+personColumns+`
		FROM delegations d
		JOIN persons p ON p.id = d.head_id
		LEFT JOIN states s ON s.code = d.state
		LEFT JOIN organs o ON o.organization = d.organization AND o.code = d.organ
		WHERE d.meeting_id = $1 ORDER BY d.id`, meetingID)
	if err != nil {
		return nil, err
	}
	type member struct {
		delegation int64
		accord.Person
	}
	ms, err := all(t, func(r scanner) (m member, err error) {
		var id sql.Null[int64]
		err = r.Scan(append([]any{&m.delegation}, personDest(&m.Person, &id)...)...)
		m.ID = id.V
		return m, err
	}, `SELECT m.delegation_id, `+personColumns+`
		FROM delegation_members m JOIN delegations d ON d.id = m.delegation_id JOIN persons p ON p.id = m.person_id
		WHERE d.meeting_id = $1 ORDER BY m.delegation_id, m.position`, meetingID)
	byID := map[int64]*accord.Delegation{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	for _, m := range ms {
		withParent(byID, m.delegation, func(d *accord.Delegation) { d.Members = append(d.Members, m.Person) })
	}
	return ds, err
}
