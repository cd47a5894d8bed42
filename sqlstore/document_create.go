package sqlstore

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
)

// The creation of a document is the write that a secretariat makes most,
// so its transaction makes few round trips: one read of everything it
// checks (the meetings, their organizations' languages, the chair, the
// recipients' states), one statement that stores the document with its
// links, recipients and versions on PostgreSQL, and the end of every write
// (flush). Each of these was a statement of its own, and at 32 clients the
// round trips, not PostgreSQL's work, were the cost of a write.

// linkedMeeting is what a new document's checks need of a meeting it is
// filed with.
type linkedMeeting struct {
	id               int64
	org, body, chair string
	number           int
	organization     *accord.Organization
}

// linkedMeetings reads the meetings of d's links with their organizations,
// and the states among d's recipients, in one statement; a link to a
// meeting that does not exist, or a recipient that is no state, is
// EINVALID and names its field.
func (t *txn) linkedMeetings(d *accord.Document) (map[int64]*linkedMeeting, error) {
	ids := make([]int64, len(d.Links))
	for i, l := range d.Links {
		ids[i] = l.MeetingID
	}
	var args []any
	q := `SELECT m.id, m.organization, m.body, m.number, COALESCE(m.chair, ''), ` + organizationColumns +
		` FROM meetings m JOIN organizations o ON o.code = m.organization WHERE m.id IN (` + placeholders(&args, ids) + `)`
	if len(d.Recipients) > 0 {
		// The states come as rows of their own, with no meeting.
		q += ` UNION ALL SELECT 0, code, '', 0, '', '', '{}', NULL, '[]', '[]', '[]' FROM states WHERE code IN (` + placeholders(&args, d.Recipients) + `)`
	}
	rows, err := all(t, func(r scanner) (*linkedMeeting, error) {
		m := &linkedMeeting{}
		o, err := scanOrganizationAfter(r, &m.id, &m.org, &m.body, &m.number, &m.chair)
		m.organization = o
		return m, err
	}, q, args...)
	if err != nil {
		return nil, err
	}
	meetings, states := map[int64]*linkedMeeting{}, map[string]bool{}
	for _, m := range rows {
		if m.id == 0 {
			states[m.org] = true
		} else {
			meetings[m.id] = m
		}
	}
	for i, l := range d.Links {
		if meetings[l.MeetingID] == nil {
			return nil, accord.Invalid("links["+strconv.Itoa(i)+"].meeting_id", "meeting %d does not exist", l.MeetingID)
		}
	}
	for i, s := range d.Recipients {
		if !states[s] {
			return nil, accord.Invalid(fmt.Sprintf("recipients[%d]", i), "state %s does not exist", s)
		}
		if slices.Contains(d.Recipients[:i], s) {
			return nil, accord.Errorf(accord.ECONFLICT, "state %s is named twice as a recipient", s)
		}
	}
	return meetings, nil
}

// organizations returns the organizations of meetings, each once, by code.
func organizationsOf(meetings map[int64]*linkedMeeting) []*accord.Organization {
	var orgs []*accord.Organization
	for _, m := range meetings {
		if !slices.ContainsFunc(orgs, func(o *accord.Organization) bool { return o.Code == m.org }) {
			orgs = append(orgs, m.organization)
		}
	}
	slices.SortFunc(orgs, func(a, b *accord.Organization) int { return cmp.Compare(a.Code, b.Code) })
	return orgs
}

// insertDocument stores d, its links, recipients and versions, and sets
// the ids; the versions' hashes and times are set already.
func (t *txn) insertDocument(d *accord.Document, meetings map[int64]*linkedMeeting, author any) error {
	if t.db.dialect == Postgres {
		return t.insertDocumentPostgres(d, meetings, author)
	}
	var err error
	d.ID, err = t.insert(`INSERT INTO documents (reference, kind, classification, author_kind, author_delegation_id, author_state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		d.Reference, d.Kind, d.Classification, d.AuthorKind, author, d.AuthorState, d.CreatedAt.Format(timeFormat))
	if err := conflict(err, "document %s already exists", d.Reference); err != nil {
		return err
	}
	for _, l := range d.Links {
		if err := t.exec(`INSERT INTO document_meetings (document_id, meeting_id, agenda_item_id, organization) VALUES ($1, $2, $3, $4)`,
			d.ID, l.MeetingID, agendaItem(l), meetings[l.MeetingID].org); err != nil {
			return err
		}
	}
	for _, s := range d.Recipients {
		if err := t.exec(`INSERT INTO document_recipients (document_id, state) VALUES ($1, $2)`, d.ID, s); err != nil {
			return err
		}
	}
	for i := range d.Versions {
		v := &d.Versions[i]
		v.DocumentID = d.ID
		if err := t.insertVersion(v); err != nil {
			return err
		}
	}
	return nil
}

// insertDocumentPostgres is insertDocument in one statement of
// data-modifying CTEs. The rows that point at the document are checked
// against it at the statement's end, when it is there.
func (t *txn) insertDocumentPostgres(d *accord.Document, meetings map[int64]*linkedMeeting, author any) error {
	var args []any
	p := func(v any, cast string) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args)) + cast
	}
	var q strings.Builder
	fmt.Fprintf(&q, `WITH d AS (INSERT INTO documents (reference, kind, classification, author_kind, author_delegation_id, author_state, created_at)
		VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id)`, p(d.Reference, ""), p(d.Kind, ""), p(d.Classification, ""), p(d.AuthorKind, ""),
		p(author, "::bigint"), p(d.AuthorState, ""), p(d.CreatedAt.Format(timeFormat), ""))
	rows := func(n int, row func(k int) string) string {
		parts := make([]string, n)
		for k := range n {
			parts[k] = row(k)
		}
		return strings.Join(parts, ", ")
	}
	if len(d.Links) > 0 {
		fmt.Fprintf(&q, `, l AS (INSERT INTO document_meetings (document_id, meeting_id, agenda_item_id, organization)
			SELECT d.id, x.m, x.a, x.o FROM d, (VALUES %s) x (m, a, o))`, rows(len(d.Links), func(k int) string {
			l := d.Links[k]
			return "(" + p(l.MeetingID, "::bigint") + ", " + p(agendaItem(l), "::bigint") + ", " + p(meetings[l.MeetingID].org, "::text") + ")"
		}))
	}
	if len(d.Recipients) > 0 {
		fmt.Fprintf(&q, `, r AS (INSERT INTO document_recipients (document_id, state) SELECT d.id, x.s FROM d, (VALUES %s) x (s))`,
			rows(len(d.Recipients), func(k int) string { return "(" + p(d.Recipients[k], "::text") + ")" }))
	}
	if len(d.Versions) == 0 {
		q.WriteString(` SELECT d.id, 0, '' FROM d`)
	} else {
		fmt.Fprintf(&q, `, v AS (INSERT INTO document_versions (document_id, lang, revision, title, body, sha256, created_at)
			SELECT d.id, x.l, 1, x.t, x.b, x.h, x.c FROM d, (VALUES %s) x (l, t, b, h, c) RETURNING id, lang)
			SELECT d.id, v.id, v.lang FROM d CROSS JOIN v`, rows(len(d.Versions), func(k int) string {
			v := &d.Versions[k]
			return "(" + p(v.Lang, "::text") + ", " + p(v.Title, "::text") + ", " + p(v.Body, "::text") + ", " + p(v.SHA256, "::text") + ", " +
				p(v.CreatedAt.Format(timeFormat), "::text") + ")"
		}))
	}
	got, err := all(t, func(r scanner) (x struct {
		doc, version int64
		lang         string
	}, err error) {
		return x, r.Scan(&x.doc, &x.version, &x.lang)
	}, q.String(), args...)
	if err := conflict(err, "document %s already exists", d.Reference); err != nil {
		return err
	}
	if len(got) != max(len(d.Versions), 1) {
		return fmt.Errorf("stored %d rows of a document with %d versions", len(got), len(d.Versions))
	}
	d.ID = got[0].doc
	for i := range d.Versions {
		v := &d.Versions[i]
		v.DocumentID = d.ID
		for _, x := range got {
			if x.lang == v.Lang {
				v.ID = x.version
			}
		}
	}
	return nil
}

func agendaItem(l accord.DocumentLink) any {
	if l.AgendaItemID == 0 {
		return nil
	}
	return l.AgendaItemID
}

// touchNewDocument touches what touchFor would for the resource of a new
// document (its own scope, the lists, its meetings' pages) from the
// meetings the transaction read, without reading them again.
func (t *txn) touchNewDocument(d *accord.Document, meetings map[int64]*linkedMeeting) {
	t.touch(accord.DocumentScope(d.ID), accord.ScopeDocuments)
	for _, m := range meetings {
		t.touch(accord.MeetingScope(m.org, m.body, m.number))
	}
	if t.resolved == nil {
		t.resolved = map[string]bool{}
	}
	t.resolved[documentResource(d.ID)] = true
}

// asRead orders a new document's lists as a read returns them.
func asRead(d *accord.Document) {
	slices.SortFunc(d.Links, func(a, b accord.DocumentLink) int { return cmp.Compare(a.MeetingID, b.MeetingID) })
	slices.Sort(d.Recipients)
	slices.SortFunc(d.Versions, func(a, b accord.DocumentVersion) int {
		return cmp.Or(cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Revision, b.Revision))
	})
}
