package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
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
	// The record is inserted when the transaction ends (flush): see
	// appendLog on the order of locks.
	t.pendingAudit = append(t.pendingAudit, []any{e.At, userID, e.Actor, e.Action, e.Resource, e.IP, string(record)})
	t.audited = true
	return t.touchFor(resource)
}

// flush writes what the transaction deferred to its end: the log entries
// that need no index in the transaction (logLater), into log_pending; the
// audit records, named in audit_pending until the integrator links them;
// and a shard of the change counter of each scope touched. Last, so that
// the counters' rows, which writers share, stay locked only from there to
// the commit. On PostgreSQL it is one statement, one round trip: no writer
// takes a table lock any more, so naming every table in one statement
// cannot deadlock, and the counters' rows are taken in order of scope.
func (t *txn) flush() error {
	entries, audits := t.pendingLog, t.pendingAudit
	t.pendingLog, t.pendingAudit = nil, nil
	for _, e := range entries {
		if err := checkEntry(e); err != nil {
			return err
		}
	}
	scopes := t.touched()
	shard := rand.IntN(changeShards)
	if t.db.dialect == Postgres {
		return t.flushPostgres(entries, audits, scopes, shard)
	}
	rows := make([][]any, len(entries))
	for k, e := range entries {
		rows[k] = []any{e.Kind, e.Ref, string(e.Data)}
	}
	if err := t.insertRows(`INSERT INTO log_pending (kind, ref, data) VALUES `, rows); err != nil {
		return err
	}
	for _, a := range audits {
		id, err := t.insert(`INSERT INTO audit_log (at, user_id, actor, action, resource, ip, record) VALUES ($1, $2, $3, $4, $5, $6, $7)`, a...)
		if err != nil {
			return err
		}
		if err := t.exec(`INSERT INTO audit_pending (id) VALUES ($1)`, id); err != nil {
			return err
		}
	}
	for _, s := range scopes {
		if err := t.exec(bumpCounter+`($1, $2, 1)`+onBump, s, shard); err != nil {
			return err
		}
	}
	return nil
}

// bumpCounter and onBump add one to a change counter's shard.
const (
	bumpCounter = `INSERT INTO change_counters (scope, shard, n) VALUES `
	onBump      = ` ON CONFLICT (scope, shard) DO UPDATE SET n = change_counters.n + 1`
)

// flushPostgres is flush in one statement of data-modifying CTEs, which
// PostgreSQL runs whether or not the query reads them.
func (t *txn) flushPostgres(entries []*translog.Entry, audits [][]any, scopes []string, shard int) error {
	var q strings.Builder
	var args []any
	values := func(row ...any) string {
		var b strings.Builder
		b.WriteByte('(')
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			fmt.Fprintf(&b, "$%d", len(args))
		}
		b.WriteByte(')')
		return b.String()
	}
	ctes := 0
	cte := func(body string) {
		if ctes == 0 {
			q.WriteString("WITH ")
		} else {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "c%d AS (%s)", ctes, body)
		ctes++
	}
	list := func(n int, row func(k int) string) string {
		parts := make([]string, n)
		for k := range n {
			parts[k] = row(k)
		}
		return strings.Join(parts, ", ")
	}
	if len(entries) > 0 {
		cte(`INSERT INTO log_pending (kind, ref, data) VALUES ` + list(len(entries), func(k int) string {
			return values(entries[k].Kind, entries[k].Ref, string(entries[k].Data))
		}))
	}
	if len(audits) > 0 {
		cte(`INSERT INTO audit_log (at, user_id, actor, action, resource, ip, record) VALUES ` +
			list(len(audits), func(k int) string { return values(audits[k]...) }) + ` RETURNING id`)
		cte(fmt.Sprintf(`INSERT INTO audit_pending (id) SELECT id FROM c%d`, ctes-1))
	}
	if len(scopes) > 0 {
		cte(bumpCounter + list(len(scopes), func(k int) string { return values(scopes[k], shard, 1) }) + onBump)
	}
	if ctes == 0 {
		return nil
	}
	q.WriteString(" SELECT 1")
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
