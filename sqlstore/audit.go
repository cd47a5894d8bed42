package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// auditEntry is the canonical form of an audit record. Its fields are
// marshalled in this order, and the JSON is stored as written, so that a hash
// of the stored bytes (the transparency log's, later) stays valid.
type auditEntry struct {
	Version  int             `json:"v"`
	At       string          `json:"at"`
	UserID   int64           `json:"user_id,omitempty"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Resource string          `json:"resource"`
	IP       string          `json:"ip,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
}

// audit records who did action to resource, with the state before and
// after, in the transaction that makes the change. The actor comes from the
// context (accord.WithActor).
func (t *txn) audit(action, resource string, before, after any) error {
	return t.auditAs(accord.ActorFrom(t.ctx), action, resource, before, after)
}

// created audits the creation of a record once err, the insert's, is nil.
func (t *txn) created(err error, action, resource string, after any) error {
	if err != nil {
		return err
	}
	return t.audit(action, resource, nil, after)
}

// auditAs records an entry for an actor other than the context's, such as
// the user who is signing in.
func (t *txn) auditAs(a *accord.Actor, action, resource string, before, after any) error {
	e := auditEntry{Version: 1, At: stamp(t.db.now()).Format(timeFormat), Actor: a.Name(), Action: action, Resource: resource, IP: a.IP}
	if a.User != nil {
		e.UserID = a.User.ID
	}
	var err error
	if e.Before, err = rawJSON(before); err != nil {
		return err
	}
	if e.After, err = rawJSON(after); err != nil {
		return err
	}
	if e.Before != nil && e.After != nil {
		if e.Before, e.After, err = changedFields(e.Before, e.After); err != nil {
			return err
		}
	}
	record, err := json.Marshal(e)
	if err != nil {
		return err
	}
	var userID any
	if e.UserID != 0 {
		userID = e.UserID
	}
	// The record is inserted when the transaction ends (flush), after any
	// log entry: see appendLog on the order of locks.
	t.pendingAudit = append(t.pendingAudit, []any{e.At, userID, e.Actor, e.Action, e.Resource, e.IP, string(record)})
	t.audited = true
	return t.touchFor(resource)
}

// flush writes what the transaction deferred to its end, in the order every
// write takes its locks: the log entries that need no index in the
// transaction (logLater), then the audit records. On PostgreSQL the entries
// go in one statement with the update of log_state, so that a transaction
// holds log_state for that statement, the audit records' and its commit
// alone. The audit records cannot join that statement: PostgreSQL locks
// every table a statement names before it runs, so audit_log would be
// locked before log_state, the order that deadlocks with BatchAudit.
func (t *txn) flush() error {
	entries, audits := t.pendingLog, t.pendingAudit
	t.pendingLog, t.pendingAudit = nil, nil
	if len(entries) > 0 && t.db.dialect == Postgres {
		if err := t.appendLogNow(entries); err != nil {
			return err
		}
	} else if err := t.appendLog(entries...); err != nil {
		return err
	}
	return t.insertRows(`INSERT INTO audit_log (at, user_id, actor, action, resource, ip, record) VALUES `, audits)
}

// appendLogNow is appendLog in one statement, for PostgreSQL, without the
// entries' indexes.
func (t *txn) appendLogNow(entries []*translog.Entry) error {
	for _, e := range entries {
		if err := checkEntry(e); err != nil {
			return err
		}
	}
	var q strings.Builder
	args := []any{int64(len(entries))}
	q.WriteString(`WITH s AS (UPDATE log_state SET size = size + $1 WHERE id = 1 RETURNING size - $1 AS base)
		INSERT INTO log_entries (idx, kind, ref, data) SELECT s.base + v.k, v.kind, v.ref, v.data FROM s, (VALUES `)
	for k, e := range entries {
		if k > 0 {
			q.WriteString(", ")
		}
		args = append(args, e.Kind, e.Ref, string(e.Data))
		fmt.Fprintf(&q, "(%d, $%d::text, $%d::bigint, $%d::text)", k, len(args)-2, len(args)-1, len(args))
	}
	q.WriteString(`) AS v (k, kind, ref, data)`)
	return t.exec(q.String(), args...)
}

func rawJSON(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

// Audit appends a record that goes with no other change, such as a refused
// sign-in.
func (db *DB) Audit(ctx context.Context, action, resource string, before, after any) error {
	return db.write(ctx, "audit "+action, func(t *txn) error { return t.audit(action, resource, before, after) })
}

// ListAudit returns the records that match f, newest first, and how many
// match in all.
func (db *DB) ListAudit(ctx context.Context, f accord.AuditFilter) ([]*accord.AuditRecord, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.UserID != 0 {
		add("user_id = $%d", f.UserID)
	}
	if f.Action != "" {
		add(`action LIKE $%d ESCAPE '\'`, likePrefix(f.Action))
	}
	if f.Resource != "" {
		add(`resource LIKE $%d ESCAPE '\'`, likePrefix(f.Resource))
	}
	if !f.From.IsZero() {
		add("at >= $%d", timeArg(f.From))
	}
	if !f.To.IsZero() {
		add("at < $%d", timeArg(f.To))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	type page struct {
		records []*accord.AuditRecord
		total   int
	}
	p, err := fetch(ctx, db, "list audit", func(t *txn) (page, error) {
		var p page
		if f.Visible != nil {
			return p, t.visibleAudit(f, cond, args, limit, &p.records, &p.total)
		}
		if err := t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&p.total); err != nil {
			return p, err
		}
		var err error
		p.records, err = all(t, scanAudit, `SELECT id, record FROM audit_log`+cond+fmt.Sprintf(` ORDER BY id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
		return p, err
	})
	return p.records, p.total, err
}

// visibleAudit pages through the records that f.Visible keeps. Only ids,
// resources and users are read to judge every match, so that counting
// stays light; the page's records are read whole afterwards.
func (t *txn) visibleAudit(f accord.AuditFilter, cond string, args []any, limit int, records *[]*accord.AuditRecord, total *int) error {
	type row struct {
		id, user int64
		resource string
	}
	rows, err := all(t, func(r scanner) (x row, err error) { return x, r.Scan(&x.id, &x.user, &x.resource) },
		`SELECT id, COALESCE(user_id, 0), resource FROM audit_log`+cond+` ORDER BY id DESC`, args...)
	if err != nil {
		return err
	}
	subs := newSubjects(t)
	var page []int64
	bySubject := map[int64]accord.AuditSubject{}
	for _, x := range rows {
		sub, err := subs.of(x.resource, x.user)
		if err != nil {
			return err
		}
		if !f.Visible(sub) {
			continue
		}
		if *total >= max(f.Offset, 0) && len(page) < limit {
			page = append(page, x.id)
			bySubject[x.id] = sub
		}
		*total++
	}
	if len(page) == 0 {
		return nil
	}
	var ids []any
	*records, err = all(t, scanAudit, `SELECT id, record FROM audit_log WHERE id IN (`+placeholders(&ids, page)+`) ORDER BY id DESC`, ids...)
	for _, r := range *records {
		r.Subject = bySubject[r.ID]
	}
	return err
}

// likePrefix escapes LIKE's wildcards so that a filter matches a prefix
// literally.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

func scanAudit(r scanner) (*accord.AuditRecord, error) {
	var a accord.AuditRecord
	if err := r.Scan(&a.ID, &a.Record); err != nil {
		return nil, err
	}
	var e auditEntry
	if err := json.Unmarshal([]byte(a.Record), &e); err != nil {
		return nil, fmt.Errorf("audit record %d: %w", a.ID, err)
	}
	at, err := time.Parse(timeFormat, e.At)
	if err != nil {
		return nil, fmt.Errorf("audit record %d: %w", a.ID, err)
	}
	a.At, a.UserID, a.Actor, a.Action, a.Resource, a.IP = at, e.UserID, e.Actor, e.Action, e.Resource, e.IP
	a.Before, a.After = string(e.Before), string(e.After)
	return &a, nil
}
