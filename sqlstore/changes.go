package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// changeShards is how many rows each scope's counter is spread over.
const changeShards = 8

// touchFor records the scopes that a write to resource (an audit record's,
// such as "document/12/version/40") changes. It runs as the audit record is
// written, so that no write can skip it; a resource it cannot place bumps
// accord.ScopeReference, which every page shows, so an unknown change
// empties too much rather than too little.
func (t *txn) touchFor(resource string) error {
	// A transaction that audits several changes of one record resolves
	// its scopes once.
	if t.resolved[resource] {
		return nil
	}
	if t.resolved == nil {
		t.resolved = map[string]bool{}
	}
	t.resolved[resource] = true
	kind, rest, _ := strings.Cut(resource, "/")
	head, tail, _ := strings.Cut(rest, "/")
	id, _ := strconv.ParseInt(head, 10, 64)
	switch kind {
	case "user":
		return nil // accounts, sessions and tokens: no public page shows them
	case "state", "person", "organization":
		t.touch(accord.ScopeReference)
		return nil
	case "body", "organ":
		t.touch(accord.OrgScope(head), accord.ScopeStructure)
		return nil
	case "membership":
		return t.touchOrgOf(`SELECT organization FROM memberships WHERE id = $1`, id)
	case "chair_term":
		return t.touchOrgOf(`SELECT organization FROM chair_terms WHERE id = $1`, id)
	case "signing_key":
		return t.touchOrgOf(`SELECT organization FROM signing_keys WHERE id = $1`, id)
	case "meeting":
		// Its dates, venue or number: its body's list, the home page, and
		// the organization's pages that name it.
		return t.touchMeetings(true, true, `SELECT organization, body, number FROM meetings WHERE id = $1`, id)
	case "sitting":
		// The meeting in session: its own pages, not the lists that name it.
		return t.touchMeetings(false, true, `SELECT organization, body, number FROM meetings WHERE id = $1`, id)
	case "agenda_item":
		return t.touchMeetings(false, true, `SELECT m.organization, m.body, m.number FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = $1`, id)
	case "delegation":
		return t.touchMeetings(false, true, `SELECT m.organization, m.body, m.number FROM delegations d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = $1`, id)
	case "document":
		t.touch(accord.DocumentScope(id), accord.ScopeDocuments)
		// Its meetings now, and the one it was just unlinked from.
		if sub, meeting, ok := strings.Cut(tail, "/"); ok && sub == "meeting" {
			m, _ := strconv.ParseInt(meeting, 10, 64)
			if err := t.touchMeetings(false, true, `SELECT organization, body, number FROM meetings WHERE id = $1`, m); err != nil {
				return err
			}
		}
		// A document in no meeting is on no meeting's page.
		return t.touchMeetings(false, false, `SELECT m.organization, m.body, m.number FROM document_meetings dm CROSS JOIN meetings m
			WHERE dm.document_id = $1 AND m.id = dm.meeting_id`, id)
	}
	t.touch(accord.ScopeReference)
	return nil
}

func (t *txn) touch(scopes ...string) {
	if t.scopes == nil {
		t.scopes = map[string]bool{}
	}
	for _, s := range scopes {
		t.scopes[s] = true
	}
}

// touchOrgOf touches the organization that query finds, or every page when
// it finds none.
func (t *txn) touchOrgOf(query string, id int64) error {
	var org string
	err := t.tx.QueryRowContext(t.ctx, query, id).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		t.touch(accord.ScopeReference)
		return nil
	}
	t.touch(accord.OrgScope(org), accord.ScopeStructure)
	return err
}

// touchMeetings touches the meetings that query finds (organization, body,
// number); with rows, their organizations' and bodies' lists too. When it
// finds none and missingIsAll, as for a meeting no longer there (a deleted
// agenda item), it touches every page.
func (t *txn) touchMeetings(rows, missingIsAll bool, query string, id int64) error {
	type key struct {
		org, body string
		number    int
	}
	ms, err := all(t, func(r scanner) (k key, err error) { return k, r.Scan(&k.org, &k.body, &k.number) }, query, id)
	if err != nil {
		return err
	}
	if len(ms) == 0 && missingIsAll {
		t.touch(accord.ScopeReference)
	}
	for _, m := range ms {
		t.touch(accord.MeetingScope(m.org, m.body, m.number))
		if rows {
			t.touch(accord.OrgScope(m.org), accord.BodyScope(m.org, m.body), accord.ScopeStructure)
		}
	}
	return nil
}

// touched returns the scopes the transaction touched, in order, so that
// two writers bumping their counters (flush) never wait on each other in a
// cycle. A shard of each is bumped at the transaction's end, so that the
// rows, which writers share, stay locked only until the commit.
func (t *txn) touched() []string {
	scopes := make([]string, 0, len(t.scopes))
	for s := range t.scopes {
		scopes = append(scopes, s)
	}
	slices.Sort(scopes)
	return scopes
}

// maxChangeScopes bounds the scopes of one change version: a page shows a
// handful, and the query's IN list grows with them.
const maxChangeScopes = 64

// changeVersionQueries are the change-version queries by their number of
// places. Scopes are padded to the next of a few sizes (with the first
// scope again, which IN counts once), so that any number of scopes up to
// maxChangeScopes runs one of five statements, each prepared once.
var changeVersionQueries = versionQueries(func(n int) string { return "SELECT " + versionSum(1, n) })

// versionQueries builds a statement for each padded number of scopes.
func versionQueries(query func(places int) string) map[int]string {
	qs := map[int]string{}
	for _, n := range changeVersionPlaces {
		qs[n] = query(n)
	}
	return qs
}

// versionSum is the change version's expression, from its FROM on: the
// reader's moment is $first, and the places scopes follow it.
func versionSum(first, places int) string {
	ps := make([]string, places)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(first+1+i)
	}
	// The embargoes ended by the reader's moment count too: an embargo
	// that ends changes what a page shows with no write to bump a
	// counter. Their number only grows (accord.ValidateEmbargo).
	return `COALESCE(SUM(n), 0) + (SELECT COUNT(*) FROM documents WHERE embargo_until IS NOT NULL AND embargo_until <= $` + strconv.Itoa(first) + `)
		FROM change_counters WHERE scope IN (` + strings.Join(ps, ", ") + `)`
}

var changeVersionPlaces = [...]int{3, 8, 16, 32, maxChangeScopes}

// versionArgs are the arguments of the version query for scopes, the
// reader's moment first, padded to one of changeVersionPlaces.
func versionArgs(at time.Time, scopes []string) (int, []any, error) {
	if len(scopes) == 0 || len(scopes) > maxChangeScopes {
		return 0, nil, accord.Errorf(accord.EINTERNAL, "change version of %d scopes: give one to %d", len(scopes), maxChangeScopes)
	}
	places := maxChangeScopes
	for _, n := range changeVersionPlaces {
		if len(scopes) <= n {
			places = n
			break
		}
	}
	args := make([]any, places+1)
	for i := range args {
		args[i] = scopes[0]
	}
	args[0] = timeArg(at)
	for i, s := range scopes {
		args[i+1] = s
	}
	return places, args, nil
}

// ChangeVersion sums the counters of scopes: it grows with every commit
// that touched one of them.
func (db *DB) ChangeVersion(ctx context.Context, scopes ...string) (int64, error) {
	// One statement, outside a transaction: every page that can be cached
	// asks for it, and on PostgreSQL BEGIN and COMMIT were two of its
	// three round trips.
	return fetchOne(ctx, db, "change version", func(t *txn) (int64, error) {
		places, args, err := versionArgs(t.at(), scopes)
		if err != nil {
			return 0, err
		}
		var n int64
		return n, t.queryRow(changeVersionQueries[places], args...).Scan(&n)
	})
}
