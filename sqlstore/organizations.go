package sqlstore

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
)

const (
	refState        = `SELECT 1 FROM states WHERE code = $1`
	refOrganization = `SELECT 1 FROM organizations WHERE code = $1`
	refBody         = `SELECT 1 FROM bodies WHERE organization = $1 AND code = $2`
)

// CreateState stores a state.
func (db *DB) CreateState(ctx context.Context, s *accord.State) error {
	if err := s.Validate(); err != nil {
		return accord.Wrap("create state", err)
	}
	return db.write(ctx, "create state", func(t *txn) error {
		return t.created(conflict(t.exec(`INSERT INTO states (code, names, time_zone) VALUES ($1, $2, $3)`, s.Code, jsonArg(s.Names), s.TimeZone),
			"state %s already exists", s.Code), "state.create", "state/"+s.Code, s)
	})
}

func scanState(r scanner) (*accord.State, error) {
	var s accord.State
	return &s, r.Scan(&s.Code, col(&s.Names), &s.TimeZone)
}

// FindState returns the state with the given code.
func (db *DB) FindState(ctx context.Context, code string) (*accord.State, error) {
	return fetch(ctx, db, "find state", func(t *txn) (*accord.State, error) {
		return one(t, scanState, accord.NotFound("state", code), `SELECT code, names, time_zone FROM states WHERE code = $1`, code)
	})
}

// ListStates returns every state, by code.
func (db *DB) ListStates(ctx context.Context) ([]*accord.State, error) {
	return fetch(ctx, db, "list states", func(t *txn) ([]*accord.State, error) {
		return all(t, scanState, `SELECT code, names, time_zone FROM states ORDER BY code`)
	})
}

// CreateOrganization stores an organization.
func (db *DB) CreateOrganization(ctx context.Context, o *accord.Organization) error {
	if err := o.Validate(); err != nil {
		return accord.Wrap("create organization", err)
	}
	return db.write(ctx, "create organization", func(t *txn) error {
		return t.created(withField("code", conflict(t.exec(`INSERT INTO organizations (code, names, founded, official_languages, working_languages, translation_languages)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			o.Code, jsonArg(o.Names), dateArg(o.Founded), jsonArg(texts(o.OfficialLanguages)), jsonArg(texts(o.WorkingLanguages)), jsonArg(texts(o.TranslationLanguages))),
			"organization %s already exists", o.Code)), "organization.create", "organization/"+o.Code, o)
	})
}

const selectOrganization = `SELECT code, names, founded, official_languages, working_languages, translation_languages FROM organizations`

// organizationColumns are selectOrganization's columns, of organizations
// joined as o.
const organizationColumns = `o.code, o.names, o.founded, o.official_languages, o.working_languages, o.translation_languages`

func scanOrganization(r scanner) (*accord.Organization, error) { return scanOrganizationAfter(r) }

// scanOrganizationAfter scans a row of the columns before, then an
// organization's.
func scanOrganizationAfter(r scanner, before ...any) (*accord.Organization, error) {
	var o accord.Organization
	return &o, r.Scan(append(before, &o.Code, col(&o.Names), col(&o.Founded), col(&o.OfficialLanguages), col(&o.WorkingLanguages), col(&o.TranslationLanguages))...)
}

// FindOrganization returns the organization with the given code.
func (db *DB) FindOrganization(ctx context.Context, code string) (*accord.Organization, error) {
	return fetch(ctx, db, "find organization", func(t *txn) (*accord.Organization, error) {
		return one(t, scanOrganization, accord.NotFound("organization", code), selectOrganization+` WHERE code = $1`, code)
	})
}

// ListOrganizations returns every organization, by code.
func (db *DB) ListOrganizations(ctx context.Context) ([]*accord.Organization, error) {
	return fetch(ctx, db, "list organizations", func(t *txn) ([]*accord.Organization, error) {
		return all(t, scanOrganization, selectOrganization+` ORDER BY code`)
	})
}

// AddMembership stores a membership, refusing one that overlaps another of
// the same state in the same organization. An unknown start counts as "since
// ever" and an open end as "still", so that a gap in the record cannot hide
// an overlap.
func (db *DB) AddMembership(ctx context.Context, m *accord.Membership) error {
	if err := m.Validate(); err != nil {
		return accord.Wrap("add membership", err)
	}
	return db.write(ctx, "add membership", func(t *txn) error {
		if err := t.ref("organization", "organization "+m.Organization, t.forUpdate(refOrganization), m.Organization); err != nil {
			return err
		}
		if err := t.ref("state", "state "+m.State, refState, m.State); err != nil {
			return err
		}
		if err := t.noOverlap(m); err != nil {
			return err
		}
		var err error
		m.ID, err = t.insert(`INSERT INTO memberships (organization, state, status, from_date, until_date) VALUES ($1, $2, $3, $4, $5)`,
			m.Organization, m.State, m.Status, dateArg(m.From), dateArg(m.Until))
		return t.created(err, "membership.create", fmt.Sprintf("membership/%d", m.ID), m)
	})
}

// noOverlap refuses a membership that overlaps another of the same state in
// the same organization; the caller holds the organization's lock.
func (t *txn) noOverlap(m *accord.Membership) error {
	others, err := all(t, scanMemberState, selectMemberState+` AND m.state = $2 AND m.id <> $3`, m.Organization, m.State, m.ID)
	if err != nil {
		return err
	}
	for _, o := range others {
		if overlaps(o.From, o.Until, m.From, m.Until) {
			return accord.Conflict("from", "%s is already recorded as %s of %s %s, which overlaps", m.State, o.Status, m.Organization, period(o.From, o.Until))
		}
	}
	return nil
}

// overlaps reports whether two periods share a day; a zero start or end is
// open.
func overlaps(aFrom, aUntil, bFrom, bUntil accord.Date) bool {
	return (aFrom.IsZero() || bUntil.IsZero() || !bUntil.Before(aFrom)) &&
		(bFrom.IsZero() || aUntil.IsZero() || !aUntil.Before(bFrom))
}

func period(from, until accord.Date) string {
	s := "from " + from.String()
	if from.IsZero() {
		s = "from an unknown date"
	}
	if until.IsZero() {
		return s + " on"
	}
	return s + " until " + until.String()
}

const selectMemberState = `SELECT m.id, m.organization, m.state, m.status, m.from_date, m.until_date, s.names
	FROM memberships m JOIN states s ON s.code = m.state WHERE m.organization = $1`

// COALESCE puts unknown starts first on both engines, which otherwise place
// NULLs differently.
const orderMemberState = ` ORDER BY m.state, COALESCE(m.from_date, ''), m.id`

func scanMemberState(r scanner) (*accord.MemberState, error) {
	var m accord.MemberState
	return &m, r.Scan(&m.ID, &m.Organization, &m.State, &m.Status, col(&m.From), col(&m.Until), col(&m.Names))
}

// ListMemberships returns every membership of an organization, past and
// present, by state and start.
func (db *DB) ListMemberships(ctx context.Context, org string) ([]*accord.MemberState, error) {
	return fetch(ctx, db, "list memberships", func(t *txn) ([]*accord.MemberState, error) {
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		return all(t, scanMemberState, selectMemberState+orderMemberState, org)
	})
}

// MembersOn returns the memberships active on d, by state. A membership
// whose start is unknown is left out, as accord.Membership.ActiveOn does.
func (db *DB) MembersOn(ctx context.Context, org string, d accord.Date, statuses ...accord.MembershipStatus) ([]*accord.MemberState, error) {
	return fetch(ctx, db, "members on", func(t *txn) ([]*accord.MemberState, error) {
		if d.IsZero() {
			return nil, accord.Invalid("date", "is required")
		}
		for _, s := range statuses {
			if !s.Valid() {
				return nil, accord.Invalid("status", "%q is not a membership status", s)
			}
		}
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		q := selectMemberState + ` AND m.from_date <= $2 AND (m.until_date IS NULL OR m.until_date >= $2)`
		args := []any{org, d.String()}
		if len(statuses) > 0 {
			q += ` AND m.status IN (` + placeholders(&args, statuses) + `)`
		}
		return all(t, scanMemberState, q+orderMemberState, args...)
	})
}

// CreateBody stores a body of an existing organization, with its
// settings.
func (db *DB) CreateBody(ctx context.Context, b *accord.Body) error {
	if err := b.Validate(); err != nil {
		return accord.Wrap("create body", err)
	}
	return db.write(ctx, "create body", func(t *txn) error {
		if err := t.ref("organization", "organization "+b.Organization, refOrganization, b.Organization); err != nil {
			return err
		}
		return t.created(withField("code", conflict(t.exec(`INSERT INTO bodies (organization, code, names, observers_may_ask) VALUES ($1, $2, $3, $4)`,
			b.Organization, b.Code, jsonArg(b.Names), b.ObserversMayAsk),
			"%s %s of %s already exists", "body", b.Code, b.Organization)), "body.create", "body/"+b.Organization+"/"+b.Code,
			map[string]any{"organization": b.Organization, "code": b.Code, "names": b.Names, "observers_may_ask": b.ObserversMayAsk})
	})
}

// CreateOrgan stores an organ of an existing organization.
func (db *DB) CreateOrgan(ctx context.Context, o *accord.Organ) error {
	if err := o.Validate(); err != nil {
		return accord.Wrap("create organ", err)
	}
	return db.createPart(ctx, "organs", "organ", o.Organization, o.Code, o.Names)
}

// createPart stores a body or an organ: both are a code and names within an
// organization, in tables of the same shape.
func (db *DB) createPart(ctx context.Context, table, kind, org, code string, names accord.Text) error {
	return db.write(ctx, "create "+kind, func(t *txn) error {
		if err := t.ref("organization", "organization "+org, refOrganization, org); err != nil {
			return err
		}
		return t.created(withField("code", conflict(t.exec(`INSERT INTO `+table+` (organization, code, names) VALUES ($1, $2, $3)`, org, code, jsonArg(names)),
			"%s %s of %s already exists", kind, code, org)), kind+".create", kind+"/"+org+"/"+code, map[string]any{"organization": org, "code": code, "names": names})
	})
}

// selectBody is what scanBody reads.
const selectBody = `SELECT organization, code, names, observers_may_ask FROM bodies`

func scanBody(r scanner) (*accord.Body, error) {
	var b accord.Body
	return &b, r.Scan(&b.Organization, &b.Code, col(&b.Names), &b.ObserversMayAsk)
}

func scanOrgan(r scanner) (*accord.Organ, error) {
	var o accord.Organ
	return &o, r.Scan(&o.Organization, &o.Code, col(&o.Names))
}

// FindBody returns a body of an organization.
func (db *DB) FindBody(ctx context.Context, org, code string) (*accord.Body, error) {
	return fetch(ctx, db, "find body", func(t *txn) (*accord.Body, error) {
		return one(t, scanBody, accord.NotFound("body", org+" "+code),
			selectBody+` WHERE organization = $1 AND code = $2`, org, code)
	})
}

// ListBodies returns the bodies of an organization, by code.
func (db *DB) ListBodies(ctx context.Context, org string) ([]*accord.Body, error) {
	return fetch(ctx, db, "list bodies", func(t *txn) ([]*accord.Body, error) {
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		return all(t, scanBody, selectBody+` WHERE organization = $1 ORDER BY code`, org)
	})
}

// ListOrgans returns the organs of an organization, by code.
func (db *DB) ListOrgans(ctx context.Context, org string) ([]*accord.Organ, error) {
	return listParts(ctx, db, "organs", org, scanOrgan)
}

func listParts[T any](ctx context.Context, db *DB, table, org string, scan func(scanner) (T, error)) ([]T, error) {
	return fetch(ctx, db, "list "+table, func(t *txn) ([]T, error) {
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		return all(t, scan, `SELECT organization, code, names FROM `+table+` WHERE organization = $1 ORDER BY code`, org)
	})
}
