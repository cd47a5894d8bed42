package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/accord-org/accord"
)

// The secretariat workspace's writes: editing what the create methods store,
// reordering agendas, and a delegation's participants.

// withField names the input a conflict is about, so that a form can show
// the error next to it.
func withField(field string, err error) error {
	if e, ok := errors.AsType[*accord.Error](err); ok && e.Field == "" {
		c := *e
		c.Field = field
		return &c
	}
	return err
}

// change runs an edit of one record: load reads it as it is, under a lock
// that keeps concurrent editors out; apply writes the new state and returns
// it. Both states go into the audit record, so that the trail shows what an
// edit changed and not only that there was one.
func change[T any](ctx context.Context, db *DB, op, action, resource string, load func(t *txn) (T, error), apply func(t *txn, before T) (any, error)) error {
	return db.write(ctx, op, func(t *txn) error {
		before, err := load(t)
		if err != nil {
			return err
		}
		after, err := apply(t, before)
		if err != nil {
			return err
		}
		return t.audit(action, resource, before, after)
	})
}

// UpdateOrganization changes an organization's names, founding date and
// languages.
func (db *DB) UpdateOrganization(ctx context.Context, o *accord.Organization) error {
	if err := o.Validate(); err != nil {
		return accord.Wrap("update organization", err)
	}
	return change(ctx, db, "update organization", "organization.update", "organization/"+o.Code,
		func(t *txn) (*accord.Organization, error) {
			return one(t, scanOrganization, accord.NotFound("organization", o.Code), t.forUpdate(selectOrganization+` WHERE code = $1`), o.Code)
		},
		func(t *txn, _ *accord.Organization) (any, error) {
			return o, t.exec(`UPDATE organizations SET names = $2, founded = $3, official_languages = $4, working_languages = $5, translation_languages = $6 WHERE code = $1`,
				o.Code, jsonArg(o.Names), dateArg(o.Founded), jsonArg(texts(o.OfficialLanguages)), jsonArg(texts(o.WorkingLanguages)), jsonArg(texts(o.TranslationLanguages)))
		})
}

const selectMembershipByID = `SELECT m.id, m.organization, m.state, m.status, m.from_date, m.until_date, s.names
	FROM memberships m JOIN states s ON s.code = m.state WHERE m.id = $1`

// FindMembership returns a membership with the names of its state.
func (db *DB) FindMembership(ctx context.Context, id int64) (*accord.MemberState, error) {
	return fetch(ctx, db, "find membership", func(t *txn) (*accord.MemberState, error) {
		return one(t, scanMemberState, accord.NotFound("membership", id), selectMembershipByID, id)
	})
}

// UpdateMembership changes a membership's status and dates. The
// organization's row is locked first, as AddMembership locks it, so that
// the check against overlaps sees every other writer's result.
func (db *DB) UpdateMembership(ctx context.Context, m *accord.Membership) error {
	return change(ctx, db, "update membership", "membership.update", fmt.Sprintf("membership/%d", m.ID),
		func(t *txn) (*accord.Membership, error) {
			org, err := one(t, func(r scanner) (org string, err error) { return org, r.Scan(&org) },
				accord.NotFound("membership", m.ID), `SELECT organization FROM memberships WHERE id = $1`, m.ID)
			if err != nil {
				return nil, err
			}
			if _, err := t.exists(t.forUpdate(refOrganization), org); err != nil {
				return nil, err
			}
			ms, err := one(t, scanMemberState, accord.NotFound("membership", m.ID), selectMembershipByID, m.ID)
			if err != nil {
				return nil, err
			}
			return &ms.Membership, nil
		},
		func(t *txn, before *accord.Membership) (any, error) {
			m.Organization, m.State = before.Organization, before.State
			if err := m.Validate(); err != nil {
				return nil, err
			}
			if err := t.noOverlap(m); err != nil {
				return nil, err
			}
			return m, t.exec(`UPDATE memberships SET status = $2, from_date = $3, until_date = $4 WHERE id = $1`,
				m.ID, m.Status, dateArg(m.From), dateArg(m.Until))
		})
}

// UpdateBody changes a body's names and settings.
func (db *DB) UpdateBody(ctx context.Context, b *accord.Body) error {
	if err := b.Validate(); err != nil {
		return accord.Wrap("update body", err)
	}
	return change(ctx, db, "update body", "body.update", "body/"+b.Organization+"/"+b.Code,
		func(t *txn) (*accord.Body, error) {
			return one(t, scanBody, accord.NotFound("body", b.Organization+" "+b.Code),
				t.forUpdate(selectBody+` WHERE organization = $1 AND code = $2`), b.Organization, b.Code)
		},
		func(t *txn, _ *accord.Body) (any, error) {
			return b, t.exec(`UPDATE bodies SET names = $3, observers_may_ask = $4 WHERE organization = $1 AND code = $2`,
				b.Organization, b.Code, jsonArg(b.Names), b.ObserversMayAsk)
		})
}

// meetingRefs checks the states a meeting names, and returns the chair as
// the column takes it (NULL for none).
func (t *txn) meetingRefs(m *accord.Meeting) (chair any, err error) {
	if err := t.ref("host", "state "+m.Host, refState, m.Host); err != nil {
		return nil, err
	}
	if m.Chair == "" {
		return nil, nil
	}
	return m.Chair, t.ref("chair", "state "+m.Chair, refState, m.Chair)
}

// UpdateMeeting changes a meeting. The number is checked before the update
// so that the error names the field; the unique index stays the backstop.
func (db *DB) UpdateMeeting(ctx context.Context, m *accord.Meeting) error {
	return change(ctx, db, "update meeting", "meeting.update", fmt.Sprintf("meeting/%d", m.ID),
		func(t *txn) (*accord.Meeting, error) {
			return one(t, scanMeeting, accord.NotFound("meeting", m.ID), t.forUpdate(selectMeeting+` WHERE id = $1`), m.ID)
		},
		func(t *txn, before *accord.Meeting) (any, error) {
			m.Organization, m.Body = before.Organization, before.Body
			if err := m.Validate(); err != nil {
				return nil, err
			}
			chair, err := t.meetingRefs(m)
			if err != nil {
				return nil, err
			}
			taken, err := t.exists(`SELECT 1 FROM meetings WHERE organization = $1 AND body = $2 AND number = $3 AND id <> $4`, m.Organization, m.Body, m.Number, m.ID)
			if err != nil {
				return nil, err
			}
			if taken {
				return nil, accord.Conflict("number", "meeting %s of %s %s already exists", m.Numeral(), m.Organization, m.Body)
			}
			// Cancelling has its own act (CancelMeeting), and a cancelled
			// meeting neither opens nor concludes until it is reinstated.
			m.Cancelled = before.Cancelled
			if m.Cancelled != nil && m.Status != before.Status {
				e := accord.Errorf(accord.ECONFLICT, "meeting %s is cancelled: reinstate it before changing its status", m.Numeral())
				e.Field = "status"
				return nil, e
			}
			// Calendars replace an event only when its sequence rises.
			m.Sequence, m.Modified = before.Sequence, stamp(t.db.now())
			if before.CalendarChange(m) {
				m.Sequence++
			}
			err = t.exec(`UPDATE meetings SET number = $2, host = $3, city = $4, venue = $5, start_date = $6, end_date = $7, format = $8, theme = $9, chair = $10, status = $11, note = $12,
				sequence = $13, modified_at = $14
				WHERE id = $1`, m.ID, m.Number, m.Host, jsonArg(text(m.City)), jsonArg(text(m.Venue)), dateArg(m.Start), dateArg(m.End),
				m.Format, jsonArg(text(m.Theme)), chair, m.Status, m.Note, m.Sequence, timeArg(m.Modified))
			if err == nil {
				err = t.reindex(accord.SearchMeeting, m.ID)
			}
			return m, withField("number", conflict(err, "meeting %s of %s %s already exists", m.Numeral(), m.Organization, m.Body))
		})
}

// speakerRef checks an agenda item's speaker, and returns it as the column
// takes it (NULL for none).
func (t *txn) speakerRef(a *accord.AgendaItem) (any, error) {
	if a.SpeakerID == 0 {
		return nil, nil
	}
	return a.SpeakerID, t.ref("speaker_id", fmt.Sprint("person ", a.SpeakerID), `SELECT 1 FROM persons WHERE id = $1`, a.SpeakerID)
}

// FindAgendaItem returns an agenda item with its speaker.
func (db *DB) FindAgendaItem(ctx context.Context, id int64) (*accord.AgendaItem, error) {
	return fetch(ctx, db, "find agenda item", func(t *txn) (*accord.AgendaItem, error) {
		return one(t, scanAgendaItem, accord.NotFound("agenda item", id), selectAgenda+` WHERE a.id = $1`, id)
	})
}

// lockAgendaItem locks the meeting of an agenda item, which every writer of
// the meeting's agenda does first, then reads the item.
func (t *txn) lockAgendaItem(id int64) (*accord.AgendaItem, error) {
	notFound := accord.NotFound("agenda item", id)
	meeting, err := one(t, func(r scanner) (m int64, err error) { return m, r.Scan(&m) }, notFound, `SELECT meeting_id FROM agenda_items WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if _, err := t.exists(t.forUpdate(refMeeting), meeting); err != nil {
		return nil, err
	}
	return one(t, scanAgendaItem, notFound, selectAgenda+` WHERE a.id = $1`, id)
}

// UpdateAgendaItem changes an item's kind, title and speaker.
func (db *DB) UpdateAgendaItem(ctx context.Context, a *accord.AgendaItem) error {
	return change(ctx, db, "update agenda item", "agenda_item.update", fmt.Sprintf("agenda_item/%d", a.ID),
		func(t *txn) (*accord.AgendaItem, error) { return t.lockAgendaItem(a.ID) },
		func(t *txn, before *accord.AgendaItem) (any, error) {
			a.MeetingID, a.Position, a.Speaker = before.MeetingID, before.Position, nil
			if err := a.Validate(); err != nil {
				return nil, err
			}
			speaker, err := t.speakerRef(a)
			if err != nil {
				return nil, err
			}
			if err := t.exec(`UPDATE agenda_items SET kind = $2, title = $3, speaker_id = $4 WHERE id = $1`, a.ID, a.Kind, jsonArg(a.Title), speaker); err != nil {
				return nil, err
			}
			return a, t.reindex(accord.SearchAgendaItem, a.ID)
		})
}

// DeleteAgendaItem removes an item and numbers the rest 1, 2, 3…. An item
// that documents are attached to stays: removing it would detach them
// without anyone deciding where they belong.
func (db *DB) DeleteAgendaItem(ctx context.Context, id int64) error {
	return change(ctx, db, "delete agenda item", "agenda_item.delete", fmt.Sprintf("agenda_item/%d", id),
		func(t *txn) (*accord.AgendaItem, error) { return t.lockAgendaItem(id) },
		func(t *txn, before *accord.AgendaItem) (any, error) {
			attached, err := t.exists(`SELECT 1 FROM document_meetings WHERE agenda_item_id = $1`, id)
			if err != nil {
				return nil, err
			}
			if attached {
				return nil, &accord.Error{Code: accord.ECONFLICT, Field: "id", Message: "Documents are attached to this item: attach them elsewhere first."}
			}
			if err := t.exec(`DELETE FROM agenda_items WHERE id = $1`, id); err != nil {
				return nil, err
			}
			if err := t.unindex(accord.SearchAgendaItem, id); err != nil {
				return nil, err
			}
			return nil, t.renumberAgenda(before.MeetingID, 0, 0)
		})
}

// MoveAgendaItem puts an item at position and numbers the agenda 1, 2, 3….
func (db *DB) MoveAgendaItem(ctx context.Context, id int64, position int) error {
	return change(ctx, db, "move agenda item", "agenda_item.move", fmt.Sprintf("agenda_item/%d", id),
		func(t *txn) (*accord.AgendaItem, error) { return t.lockAgendaItem(id) },
		func(t *txn, before *accord.AgendaItem) (any, error) {
			if err := t.renumberAgenda(before.MeetingID, id, position); err != nil {
				return nil, err
			}
			return map[string]any{"id": id, "meeting_id": before.MeetingID, "position": position}, nil
		})
}

// renumberAgenda numbers a meeting's agenda 1, 2, 3… in its order, with
// item moved to position (none when moved is 0). Both engines check
// UNIQUE (meeting_id, position) row by row, so the items first move out of
// the way, past every position in use, and then into place.
func (t *txn) renumberAgenda(meetingID, moved int64, position int) error {
	ids, err := all(t, scanID,
		`SELECT id FROM agenda_items WHERE meeting_id = $1 ORDER BY position`, meetingID)
	if err != nil {
		return err
	}
	if moved != 0 {
		if position < 1 || position > len(ids) {
			return accord.Invalid("position", "must be from 1 to %d, the length of the agenda; got %d", len(ids), position)
		}
		ids = slices.Insert(slices.DeleteFunc(ids, func(id int64) bool { return id == moved }), position-1, moved)
	}
	var top int
	if err := t.tx.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = $1`, meetingID).Scan(&top); err != nil {
		return err
	}
	if err := t.exec(`UPDATE agenda_items SET position = position + $2 WHERE meeting_id = $1`, meetingID, top); err != nil {
		return err
	}
	for i, id := range ids {
		if err := t.exec(`UPDATE agenda_items SET position = $2 WHERE id = $1`, id, i+1); err != nil {
			return err
		}
	}
	return nil
}

// FindDelegation returns a delegation with its head, members and the names
// of its party.
func (db *DB) FindDelegation(ctx context.Context, id int64) (*accord.Delegation, error) {
	return fetch(ctx, db, "find delegation", func(t *txn) (*accord.Delegation, error) {
		meeting, err := one(t, func(r scanner) (m int64, err error) { return m, r.Scan(&m) },
			accord.NotFound("delegation", id), `SELECT meeting_id FROM delegations WHERE id = $1`, id)
		if err != nil {
			return nil, err
		}
		ds, err := t.delegations(meeting)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(ds, func(d *accord.Delegation) bool { return d.ID == id })
		return ds[i], nil
	})
}

// lockDelegation locks a delegation's row against other editors of its
// participants and returns its party and head.
func (t *txn) lockDelegation(id int64) (party string, head int64, err error) {
	type row struct {
		party string
		head  int64
	}
	d, err := one(t, func(r scanner) (d row, err error) { return d, r.Scan(&d.party, &d.head) },
		accord.NotFound("delegation", id), t.forUpdate(`SELECT COALESCE(state, organ), head_id FROM delegations WHERE id = $1`), id)
	return d.party, d.head, err
}

func (t *txn) person(id int64) (*accord.Person, error) {
	return one(t, func(r scanner) (*accord.Person, error) {
		var p accord.Person
		return &p, r.Scan(&p.ID, &p.Name, col(&p.Title), &p.Affiliation, col(&p.Names))
	}, accord.NotFound("participant", id), `SELECT id, name, title, affiliation, NULLIF(names, '{}') FROM persons WHERE id = $1`, id)
}

// AddParticipant adds a member after the others; a member without an
// affiliation serves the delegation's party.
func (db *DB) AddParticipant(ctx context.Context, delegationID int64, p *accord.Person) error {
	if err := p.Validate(); err != nil {
		return accord.Wrap("add participant", err)
	}
	return db.write(ctx, "add participant", func(t *txn) error {
		party, _, err := t.lockDelegation(delegationID)
		if err != nil {
			return err
		}
		if p.Affiliation == "" {
			p.Affiliation = party
		}
		if err := t.appendMember(delegationID, p); err != nil {
			return err
		}
		return t.audit("delegation.participant.add", fmt.Sprintf("delegation/%d", delegationID), nil, p)
	})
}

// appendMember stores p and lists it last among the delegation's members,
// whose row the caller has locked.
func (t *txn) appendMember(delegationID int64, p *accord.Person) error {
	if err := t.createPerson(p); err != nil {
		return err
	}
	return t.exec(`INSERT INTO delegation_members (delegation_id, person_id, position)
		SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM delegation_members WHERE delegation_id = $1`, delegationID, p.ID)
}

// participant checks that person is the head or a member of a delegation,
// whose row the caller has locked.
func (t *txn) participant(delegationID, personID int64) (*accord.Person, error) {
	in, err := t.exists(`SELECT 1 FROM delegations WHERE id = $1 AND head_id = $2
		UNION ALL SELECT 1 FROM delegation_members WHERE delegation_id = $1 AND person_id = $2`, delegationID, personID)
	if err == nil && !in {
		err = accord.NotFound("participant", personID)
	}
	if err != nil {
		return nil, err
	}
	return t.person(personID)
}

// UpdateParticipant changes the name and title of the head or a member.
func (db *DB) UpdateParticipant(ctx context.Context, delegationID int64, p *accord.Person) error {
	if err := p.Validate(); err != nil {
		return accord.Wrap("update participant", err)
	}
	return change(ctx, db, "update participant", "delegation.participant.update", fmt.Sprintf("delegation/%d", delegationID),
		func(t *txn) (*accord.Person, error) {
			if _, _, err := t.lockDelegation(delegationID); err != nil {
				return nil, err
			}
			return t.participant(delegationID, p.ID)
		},
		func(t *txn, before *accord.Person) (any, error) {
			if p.Affiliation == "" {
				p.Affiliation = before.Affiliation
			}
			return p, t.exec(`UPDATE persons SET name = $2, title = $3, affiliation = $4, names = $5 WHERE id = $1`, p.ID, p.Name, jsonArg(text(p.Title)), p.Affiliation, jsonArg(text(p.Names)))
		})
}

// RemoveParticipant takes a member off a delegation. The head stays: a
// delegation always has one, and a new head is entered by editing it.
func (db *DB) RemoveParticipant(ctx context.Context, delegationID, personID int64) error {
	return change(ctx, db, "remove participant", "delegation.participant.remove", fmt.Sprintf("delegation/%d", delegationID),
		func(t *txn) (*accord.Person, error) {
			_, head, err := t.lockDelegation(delegationID)
			if err != nil {
				return nil, err
			}
			if head == personID {
				return nil, &accord.Error{Code: accord.ECONFLICT, Field: "person", Message: "The head of a delegation cannot be removed: edit the head instead."}
			}
			return t.participant(delegationID, personID)
		},
		func(t *txn, _ *accord.Person) (any, error) {
			return nil, t.exec(`DELETE FROM delegation_members WHERE delegation_id = $1 AND person_id = $2`, delegationID, personID)
		})
}
