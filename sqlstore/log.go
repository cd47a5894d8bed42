package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// appendLog appends entries to the transparency log inside t, setting their
// indexes. It takes the log's state row, which every appending transaction
// then holds until it ends, and gives the entries the next indexes in one
// statement; the tree's hashes are built later, in batches, by hashLog.
// So the lock covers two statements and the commit.
//
// Locks are taken in one order in every write: the rows the write is
// about, then log_state, then audit_log, whose records are inserted when
// the transaction ends (flush). BatchAudit takes log_state before its lock
// on audit_log, so a writer that holds the state row never waits for
// BatchAudit.
func (t *txn) appendLog(entries ...*translog.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		if err := checkEntry(e); err != nil {
			return err
		}
	}
	n := int64(len(entries))
	var size int64
	if err := t.tx.QueryRowContext(t.ctx, `UPDATE log_state SET size = size + $1 WHERE id = 1 RETURNING size - $1`, n).Scan(&size); err != nil {
		return err
	}
	rows := make([][]any, len(entries))
	for k, e := range entries {
		e.Index = size + int64(k)
		rows[k] = []any{e.Index, e.Kind, e.Ref, string(e.Data)}
	}
	return t.insertRows(`INSERT INTO log_entries (idx, kind, ref, data) VALUES `, rows)
}

// logLater appends entries when the transaction ends (flush), which
// holds log_state for the shortest time. Their indexes are not known before
// then: entries whose index the transaction records elsewhere are appended
// with appendLog.
func (t *txn) logLater(entries ...*translog.Entry) {
	t.pendingLog = append(t.pendingLog, entries...)
}

func checkEntry(e *translog.Entry) error {
	if len(e.Data) > translog.MaxEntrySize {
		return fmt.Errorf("log entry of %d bytes is too large", len(e.Data))
	}
	return nil
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
				return nil
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
			return t.exec(`UPDATE log_tree SET size = $1 WHERE id = 1`, size)
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
// stored, once their hashes are built, which it does first if some are not.
func (db *DB) LogSize(ctx context.Context) (int64, error) {
	type sizes struct{ stored, tree int64 }
	s, err := fetch(ctx, db, "log size", func(t *txn) (s sizes, err error) {
		return s, t.tx.QueryRowContext(t.ctx, `SELECT s.size, t.size FROM log_state s, log_tree t WHERE s.id = 1 AND t.id = 1`).Scan(&s.stored, &s.tree)
	})
	if err != nil || s.tree == s.stored {
		return s.tree, err
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
		return all(t, scanEntry, `SELECT idx, kind, ref, data FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, end)
	})
}

// LogEntryFor returns the latest entry of kind that records the row ref.
func (db *DB) LogEntryFor(ctx context.Context, kind string, ref int64) (*translog.Entry, error) {
	return fetch(ctx, db, "log entry", func(t *txn) (*translog.Entry, error) { return t.logEntryFor(kind, ref) })
}

func (t *txn) logEntryFor(kind string, ref int64) (*translog.Entry, error) {
	return one(t, scanEntry, accord.NotFound("log entry", kind+"/"+fmt.Sprint(ref)),
		`SELECT idx, kind, ref, data FROM log_entries WHERE kind = $1 AND ref = $2 ORDER BY idx DESC LIMIT 1`, kind, ref)
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

// BatchAudit links the audit records not yet in the log into it, in
// batches of at most translog.MaxAuditBatch, builds the tree's hashes, and
// returns how many records it linked. On PostgreSQL it takes a lock that
// waits for every transaction still writing audit records, because identity
// values are handed out before commit: without the wait, a record committed
// late with a smaller id would fall behind a batch and never be linked. It
// takes log_state first, as every writer does (see appendLog): the other
// order deadlocked with writers that hold log_state and then insert their
// audit record.
func (db *DB) BatchAudit(ctx context.Context) (int, error) {
	linked := 0
	err := db.bookkeep(ctx, "batch audit", func(t *txn) error {
		var through int64
		if err := t.tx.QueryRowContext(t.ctx, t.forUpdate(`SELECT audited_through FROM log_state WHERE id = 1`)).Scan(&through); err != nil {
			return err
		}
		if db.dialect == Postgres {
			if err := t.exec(`LOCK TABLE audit_log IN SHARE MODE`); err != nil {
				return err
			}
		}
		type rec struct {
			id     int64
			record string
		}
		recs, err := all(t, func(r scanner) (x rec, err error) { return x, r.Scan(&x.id, &x.record) },
			`SELECT id, record FROM audit_log WHERE id > $1 ORDER BY id`, through)
		if err != nil || len(recs) == 0 {
			return err
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
		if err := t.appendLog(entries...); err != nil {
			return err
		}
		linked = len(recs)
		return t.exec(`UPDATE log_state SET audited_through = $1 WHERE id = 1`, recs[len(recs)-1].id)
	})
	if err != nil {
		return 0, err
	}
	_, err = db.hashLog(ctx)
	return linked, err
}
