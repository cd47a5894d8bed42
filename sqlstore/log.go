package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// appendLog appends entries to the transparency log inside t and sets
// their indexes, for the few writes that record an entry's index in the
// transaction (signatures, key enrolments, handovers). It takes the log's
// state row, which t then holds until it ends, and first integrates the
// entries still pending, so that the log keeps the order in which t saw
// the changes. Every other write stores its entries with logLater, and
// takes no lock of the log at all.
//
// Locks are taken in one order: the rows the write is about, then
// log_state, then the pending rows, then change_counters (flush). The
// integrator takes log_state first too, and no writer waits for
// log_state while it holds a row the integrator wants.
func (t *txn) appendLog(entries ...*translog.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		if err := checkEntry(e); err != nil {
			return err
		}
	}
	size, err := t.lockLog()
	if err != nil {
		return err
	}
	if size, _, err = t.integratePending(size); err != nil {
		return err
	}
	if err := t.sequence(size, entries); err != nil {
		return err
	}
	return t.exec(`UPDATE log_state SET size = $1 WHERE id = 1`, size+int64(len(entries)))
}

// lockLog takes the log's state row until the transaction ends, and
// returns the log's size.
func (t *txn) lockLog() (int64, error) {
	var size int64
	err := t.tx.QueryRowContext(t.ctx, t.forUpdate(`SELECT size FROM log_state WHERE id = 1`)).Scan(&size)
	return size, err
}

// sequence stores entries at the indexes from size on; the caller holds
// log_state and updates its size.
func (t *txn) sequence(size int64, entries []*translog.Entry) error {
	rows := make([][]any, len(entries))
	for k, e := range entries {
		e.Index = size + int64(k)
		rows[k] = []any{e.Index, e.Kind, e.Ref, string(e.Data)}
	}
	return t.insertRows(`INSERT INTO log_entries (idx, kind, ref, data) VALUES `, rows)
}

// logLater stores entries in log_pending when the transaction ends
// (flush), in the transaction: nothing is stored without its entry. The
// integrator (BatchAudit) gives them their indexes later, within a
// checkpoint's interval, so their indexes are not known in t.
func (t *txn) logLater(entries ...*translog.Entry) {
	t.pendingLog = append(t.pendingLog, entries...)
}

func checkEntry(e *translog.Entry) error {
	if len(e.Data) > translog.MaxEntrySize {
		return fmt.Errorf("log entry of %d bytes is too large", len(e.Data))
	}
	return nil
}

// integrateBatch bounds the pending entries, and the audit records, that
// one transaction of the integrator takes.
const integrateBatch = 4096

// integratePending moves up to integrateBatch pending entries into the
// log, in the order they were stored, from index size on, and returns the
// log's new size and how many it moved; the caller holds log_state. An
// entry whose transaction commits after one stored later simply comes
// later: the pending rows are taken by what is committed, not by id.
func (t *txn) integratePending(size int64) (int64, int, error) {
	es, err := all(t, func(r scanner) (e *translog.Entry, err error) {
		e = &translog.Entry{}
		var id int64
		var data string
		err = r.Scan(&id, &e.Kind, &e.Ref, &data)
		e.Index, e.Data = id, []byte(data)
		return e, err
	}, `DELETE FROM log_pending WHERE id IN (SELECT id FROM log_pending ORDER BY id LIMIT `+fmt.Sprint(integrateBatch)+`)
		RETURNING id, kind, ref, data`)
	if err != nil || len(es) == 0 {
		return size, 0, err
	}
	// RETURNING gives no order: the pending ids give it.
	slices.SortFunc(es, func(a, b *translog.Entry) int { return cmp.Compare(a.Index, b.Index) })
	if err := t.sequence(size, es); err != nil {
		return size, 0, err
	}
	size += int64(len(es))
	return size, len(es), t.exec(`UPDATE log_state SET size = $1 WHERE id = 1`, size)
}

// hashBatch bounds the entries one transaction of hashLog hashes.
const hashBatch = 4096

// hashLog builds the tree's hashes for the entries stored since it last
// ran, in batches, and returns the size of the tree that has its hashes.
// Its lock is log_tree's row, which no writer takes, so building hashes
// never holds up a write. The entries it reads are a prefix of the log
// without gaps: an index is handed out under log_state's lock, which the
// transaction that took the index before holds until it commits.
func (db *DB) hashLog(ctx context.Context) (int64, error) {
	var size int64
	for {
		done := false
		err := db.bookkeep(ctx, "hash log", func(t *txn) error {
			if err := t.tx.QueryRowContext(t.ctx, t.forUpdate(`SELECT size FROM log_tree WHERE id = 1`)).Scan(&size); err != nil {
				return err
			}
			es, err := all(t, scanEntry, `SELECT idx, kind, ref, data FROM log_entries WHERE idx >= $1 ORDER BY idx LIMIT `+fmt.Sprint(hashBatch), size)
			if err != nil {
				return err
			}
			done = len(es) < hashBatch
			for k, e := range es {
				if e.Index != size+int64(k) {
					es, done = es[:k], true // a gap: a writer is still committing
					break
				}
			}
			if len(es) == 0 {
				// An older log's tiles are bundled here too, a
				// round at a time.
				more, err := t.bundle(size)
				done = done && !more
				return err
			}
			hashes, err := t.treeHashes(size, es)
			if err != nil {
				return err
			}
			first := tlog.StoredHashIndex(0, size)
			rows := make([][]any, len(hashes))
			for k, h := range hashes {
				rows[k] = []any{first + int64(k), h[:]}
			}
			if err := t.insertRows(`INSERT INTO log_hashes (id, hash) VALUES `, rows); err != nil {
				return err
			}
			size += int64(len(es))
			if err := t.exec(`UPDATE log_tree SET size = $1 WHERE id = 1`, size); err != nil {
				return err
			}
			more, err := t.bundle(size)
			done = done && !more
			return err
		})
		if err != nil || done {
			return size, err
		}
	}
}

// treeHashes computes the stored hashes that entries add to a tree of size
// entries, in memory from the hashes on the tree's right edge, which are
// read once.
func (t *txn) treeHashes(size int64, entries []*translog.Entry) ([]tlog.Hash, error) {
	pending := map[int64]tlog.Hash{}
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		var missing []int64
		for _, i := range indexes {
			if _, ok := pending[i]; !ok {
				missing = append(missing, i)
			}
		}
		if len(missing) > 0 {
			got, err := t.logHashes(missing)
			if err != nil {
				return nil, err
			}
			for k, i := range missing {
				pending[i] = got[k]
			}
		}
		out := make([]tlog.Hash, len(indexes))
		for k, i := range indexes {
			out[k] = pending[i]
		}
		return out, nil
	})
	var hashes []tlog.Hash
	for _, e := range entries {
		hs, err := tlog.StoredHashes(e.Index, e.Data, reader)
		if err != nil {
			return nil, err
		}
		base := tlog.StoredHashIndex(0, e.Index)
		for j, h := range hs {
			pending[base+int64(j)] = h
		}
		hashes = append(hashes, hs...)
	}
	return hashes, nil
}

// insertRows inserts rows with multi-row INSERTs, in chunks under
// PostgreSQL's limit of 65535 parameters. SQLite gets anonymous "?"
// placeholders: it resolves numbered ones by a linear search per
// parameter, which makes a long statement quadratic.
func (t *txn) insertRows(prefix string, rows [][]any) error {
	const chunk = 1000
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		var q strings.Builder
		q.WriteString(prefix)
		var args []any
		for k, row := range part {
			if k > 0 {
				q.WriteString(", ")
			}
			q.WriteByte('(')
			for j, v := range row {
				if j > 0 {
					q.WriteString(", ")
				}
				args = append(args, v)
				if t.db.dialect == SQLite {
					q.WriteByte('?')
				} else {
					fmt.Fprintf(&q, "$%d", len(args))
				}
			}
			q.WriteByte(')')
		}
		if err := t.exec(q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// logHashes reads stored hashes by index, in the order asked.
func (t *txn) logHashes(indexes []int64) ([]tlog.Hash, error) {
	return queryHashes(t.ctx, t.tx, indexes)
}

// queryer is a *sql.Tx or a *sql.DB.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryHashes(ctx context.Context, q queryer, indexes []int64) ([]tlog.Hash, error) {
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT id, hash FROM log_hashes WHERE id IN (`+placeholders(&args, indexes)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[int64]tlog.Hash{}
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		if len(b) != tlog.HashSize {
			return nil, fmt.Errorf("log hash %d has %d bytes", id, len(b))
		}
		found[id] = tlog.Hash(b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(indexes))
	for k, i := range indexes {
		h, ok := found[i]
		if !ok {
			return nil, fmt.Errorf("log hash %d is missing", i)
		}
		out[k] = h
	}
	return out, nil
}

// logVersion appends the entry of a document version just stored.
func (t *txn) logVersion(v *accord.DocumentVersion) error {
	var d accord.Document
	if err := t.tx.QueryRowContext(t.ctx, `SELECT id, reference, classification FROM documents WHERE id = $1`, v.DocumentID).
		Scan(&d.ID, &d.Reference, &d.Classification); err != nil {
		return err
	}
	e, err := t.versionEntry(&d, v)
	if err != nil {
		return err
	}
	t.logLater(e)
	return nil
}

// versionEntry is the log entry of a version of d, sealed with a salt of its
// own unless d is public.
func (t *txn) versionEntry(d *accord.Document, v *accord.DocumentVersion) (*translog.Entry, error) {
	salt, err := t.saltIf(d.Classification != accord.Public, translog.KindDocumentVersion, v.ID)
	if err != nil {
		return nil, err
	}
	return &translog.Entry{Kind: translog.KindDocumentVersion, Ref: v.ID, Data: translog.NewVersionDetails(d, v).Entry(salt)}, nil
}

// AppendLog appends entries that record no row of their own, in one
// transaction. Accord's own entries are appended with the rows they record;
// this serves benchmarks and tools that load a log in bulk.
func (db *DB) AppendLog(ctx context.Context, entries []*translog.Entry) error {
	if err := db.bookkeep(ctx, "append log", func(t *txn) error { return t.appendLog(entries...) }); err != nil {
		return err
	}
	_, err := db.hashLog(ctx)
	return err
}

// LogSize returns the number of entries in the log's tree: the entries
// stored, once their hashes are built, which it does first if some are not,
// after integrating the entries still pending.
func (db *DB) LogSize(ctx context.Context) (int64, error) {
	type sizes struct {
		stored, tree int64
		pending      bool
	}
	s, err := fetch(ctx, db, "log size", func(t *txn) (s sizes, err error) {
		return s, t.tx.QueryRowContext(t.ctx, `SELECT s.size, t.size, EXISTS (SELECT 1 FROM log_pending) FROM log_state s, log_tree t WHERE s.id = 1 AND t.id = 1`).
			Scan(&s.stored, &s.tree, &s.pending)
	})
	if err != nil || s.tree == s.stored && !s.pending {
		return s.tree, err
	}
	if s.pending {
		_, err := db.integrate(ctx, false)
		if err != nil {
			return 0, err
		}
	}
	return db.hashLog(ctx)
}

// LogHashes reads stored hashes by index, as tlog.HashReader does.
func (db *DB) LogHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	// One statement needs no transaction to see one state, and skipping
	// BEGIN and COMMIT halves the cost of the reads that proofs make.
	hs, err := queryHashes(ctx, db.r, indexes)
	if err != nil {
		return nil, accord.Wrap("log hashes", classify(err))
	}
	return hs, nil
}

var _ translog.Store = (*DB)(nil)

// LogEntries returns the entries with indexes in [start, end).
func (db *DB) LogEntries(ctx context.Context, start, end int64) ([]*translog.Entry, error) {
	return fetch(ctx, db, "log entries", func(t *txn) ([]*translog.Entry, error) {
		return t.entries(start, end)
	})
}

// LogEntryFor returns the latest entry of kind that records the row ref.
// An entry still pending is integrated first: a write's entry is in the
// log as soon as someone asks for it.
func (db *DB) LogEntryFor(ctx context.Context, kind string, ref int64) (*translog.Entry, error) {
	var pending bool
	e, err := fetch(ctx, db, "log entry", func(t *txn) (*translog.Entry, error) {
		e, err := t.logEntryFor(kind, ref)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			pending, _ = t.exists(`SELECT 1 FROM log_pending WHERE kind = $1 AND ref = $2`, kind, ref)
		}
		return e, err
	})
	if !pending {
		return e, err
	}
	if _, err := db.integrate(ctx, false); err != nil {
		return nil, err
	}
	return fetch(ctx, db, "log entry", func(t *txn) (*translog.Entry, error) { return t.logEntryFor(kind, ref) })
}

func (t *txn) logEntryFor(kind string, ref int64) (*translog.Entry, error) {
	e, err := one(t, scanEntry, accord.NotFound("log entry", kind+"/"+fmt.Sprint(ref)),
		`SELECT idx, kind, ref, data FROM log_entries WHERE kind = $1 AND ref = $2 ORDER BY idx DESC LIMIT 1`, kind, ref)
	if err != nil || len(e.Data) > 0 {
		return e, err
	}
	// The entry's bytes are in its tile's bundle.
	es, err := t.entries(e.Index, e.Index+1)
	if err != nil {
		return nil, err
	}
	if len(es) != 1 || es[0].Kind != kind || es[0].Ref != ref {
		return nil, fmt.Errorf("log entry %d: its tile's bundle does not hold %s %d", e.Index, kind, ref)
	}
	return es[0], nil
}

func scanEntry(r scanner) (*translog.Entry, error) {
	var e translog.Entry
	var data string
	if err := r.Scan(&e.Index, &e.Kind, &e.Ref, &data); err != nil {
		return nil, err
	}
	e.Data = []byte(data)
	return &e, nil
}

// SaveCheckpoint stores a signed checkpoint; one of the same size stored
// already is kept.
func (db *DB) SaveCheckpoint(ctx context.Context, size int64, note []byte) error {
	return db.bookkeep(ctx, "save checkpoint", func(t *txn) error {
		ok, err := t.exists(`SELECT 1 FROM log_checkpoints WHERE size = $1`, size)
		if err != nil || ok {
			return err
		}
		return t.exec(`INSERT INTO log_checkpoints (size, note, cosigned, created_at) VALUES ($1, $2, '', $3)`, size, string(note), timeArg(db.now()))
	})
}

// SaveCosigned stores a checkpoint with the cosignatures gathered for it.
func (db *DB) SaveCosigned(ctx context.Context, size int64, cosigned []byte) error {
	return db.bookkeep(ctx, "save cosigned checkpoint", func(t *txn) error {
		return t.exec(`UPDATE log_checkpoints SET cosigned = $1 WHERE size = $2`, string(cosigned), size)
	})
}

// LatestCheckpoint returns the checkpoint of the largest size.
func (db *DB) LatestCheckpoint(ctx context.Context) (*translog.StoredCheckpoint, error) {
	return fetch(ctx, db, "latest checkpoint", func(t *txn) (*translog.StoredCheckpoint, error) {
		return one(t, func(r scanner) (*translog.StoredCheckpoint, error) {
			var c translog.StoredCheckpoint
			var n, co string
			err := r.Scan(&c.Size, &n, &co)
			c.Note, c.Cosigned = []byte(n), []byte(co)
			return &c, err
		}, accord.NotFound("checkpoint", "latest"), `SELECT size, note, cosigned FROM log_checkpoints ORDER BY size DESC LIMIT 1`)
	})
}

// BatchAudit is the integrator (see the package doc): it gives the pending
// entries their indexes, links the audit records not yet in the log into
// it, in batches of at most translog.MaxAuditBatch, builds the tree's
// hashes, and returns how many records it linked. The checkpoint loop
// runs it under the signer lock, so one instance at a time does it; it
// takes log_state all the same, since appendLog sequences under it.
// Writers take neither log_state nor a lock of audit_log's, so it never
// waits for them, nor they for it.
func (db *DB) BatchAudit(ctx context.Context) (int, error) { return db.integrate(ctx, true) }

// integrate gives the pending entries their indexes, links the pending
// audit records with audit, and builds the tree's hashes.
func (db *DB) integrate(ctx context.Context, audit bool) (int, error) {
	linked := 0
	for {
		full := false
		err := db.bookkeep(ctx, "batch audit", func(t *txn) error {
			size, err := t.lockLog()
			if err != nil {
				return err
			}
			size, moved, err := t.integratePending(size)
			if err != nil {
				return err
			}
			n := 0
			if audit {
				n, err = t.linkAudit(size)
			}
			full = moved == integrateBatch || n == integrateBatch
			linked += n
			return err
		})
		if err != nil {
			return linked, err
		}
		if !full {
			break
		}
	}
	_, err := db.hashLog(ctx)
	return linked, err
}

// linkAudit appends the entries of up to integrateBatch pending audit
// records at index size, and returns how many it linked; the caller holds
// log_state.
func (t *txn) linkAudit(size int64) (int, error) {
	ids, err := all(t, scanID,
		`DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT `+fmt.Sprint(integrateBatch)+`) RETURNING id`)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	slices.Sort(ids)
	type rec struct {
		id     int64
		record string
	}
	// A range, filtered here, rather than an IN list of thousands: SQLite
	// resolves numbered placeholders by a linear search each.
	pending := make(map[int64]bool, len(ids))
	for _, id := range ids {
		pending[id] = true
	}
	recs, err := all(t, func(r scanner) (x rec, err error) { return x, r.Scan(&x.id, &x.record) },
		`SELECT id, record FROM audit_log WHERE id >= $1 AND id <= $2 ORDER BY id`, ids[0], ids[len(ids)-1])
	if err != nil {
		return 0, err
	}
	recs = slices.DeleteFunc(recs, func(x rec) bool { return !pending[x.id] })
	if len(recs) == 0 {
		return 0, nil
	}
	var entries []*translog.Entry
	for start := 0; start < len(recs); start += translog.MaxAuditBatch {
		part := recs[start:min(start+translog.MaxAuditBatch, len(recs))]
		b := translog.AuditBatchEntry{Type: translog.KindAuditBatch, FirstID: part[0].id, LastID: part[len(part)-1].id}
		for _, r := range part {
			b.Records = append(b.Records, translog.AuditRecord{ID: r.id, SHA256: translog.SHA256Hex([]byte(r.record))})
		}
		entries = append(entries, &translog.Entry{Kind: translog.KindAuditBatch, Ref: b.LastID, Data: b.Bytes()})
	}
	if err := t.sequence(size, entries); err != nil {
		return 0, err
	}
	return len(ids), t.exec(`UPDATE log_state SET size = $1, audited_through = CASE WHEN audited_through > $2 THEN audited_through ELSE $2 END WHERE id = 1`,
		size+int64(len(entries)), recs[len(recs)-1].id)
}
