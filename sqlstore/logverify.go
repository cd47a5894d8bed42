package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// LogReport is what replaying the database against its log found.
type LogReport struct {
	Size int64
	// Root is the tree hash recomputed from the entries.
	Root tlog.Hash
	// Checked counts the rows compared with their entries, by kind.
	Checked map[string]int
	// Problems name each row or entry that does not match, in log order
	// where they have an index.
	Problems []string
}

// logged is what the replay keeps of an entry until its row is checked:
// its leaf hash, not its bytes, since a million entries' bytes were most of
// a replay's memory; the leaf hash is computed for the tree anyway. The bytes are read again for the rare entry that
// differs, to name the field.
type logged struct {
	index int64
	leaf  tlog.Hash
}

// replay holds the entries whose rows are still to be checked. kept holds
// the bytes of the few that need them: handovers, which are recomputed
// from what they name, and pending entries, which have no index to read
// them again by.
type replay struct {
	byRow map[rowKey]logged
	kept  map[rowKey][]byte
}

// add records e, whose leaf hash is leaf, which replaces any earlier entry
// of its row. Entries of
// other kinds name no row, and are not kept.
func (p *replay) add(e *translog.Entry, leaf tlog.Hash) {
	kind, ok := canonicalKind(e.Kind)
	if !ok {
		return
	}
	// The kind is the package's constant, not the scanned string, so the
	// million keys share its bytes.
	key := rowKey{kind, e.Ref}
	p.byRow[key] = logged{e.Index, leaf}
	if kind == translog.KindChairHandover || e.Index < 0 {
		// A copy: the replay reuses the bytes of the entries it read.
		p.kept[key] = bytes.Clone(e.Data)
	} else {
		delete(p.kept, key)
	}
}

// rowKey names the row an entry records.
type rowKey struct {
	kind string
	ref  int64
}

// verifyPage is how many entries a replay reads per query.
// A multiple of the tile width, so that tiles do not straddle two reads.
const verifyPage = 32 * translog.TileWidth

// VerifyLog replays every entry of the log: it recomputes the tree from the
// entries and compares its root with the checkpoint's (cpSize, cpRoot), and
// with the stored hashes; then it recomputes each recorded row's entry and
// compares it with the logged one. Reading happens in one read-only
// transaction, so the replay sees one state of the database.
func (db *DB) VerifyLog(ctx context.Context, cpSize int64, cpRoot tlog.Hash) (*LogReport, error) {
	// The replay compares the stored hashes with the entries, so the
	// pending entries are integrated and the hashes of the latest entries
	// built first.
	if _, err := db.integrate(ctx, false); err != nil {
		return nil, err
	}
	return fetch(ctx, db, "verify log", func(t *txn) (*LogReport, error) {
		r := &LogReport{Checked: map[string]int{}}
		if err := t.tx.QueryRowContext(t.ctx, `SELECT size FROM log_state WHERE id = 1`).Scan(&r.Size); err != nil {
			return nil, err
		}
		if cpSize > r.Size {
			r.Problems = append(r.Problems, fmt.Sprintf("the checkpoint is of size %d but the database's log has %d entries: entries were removed", cpSize, r.Size))
		}
		p := &replay{byRow: map[rowKey]logged{}, kept: map[rowKey][]byte{}}
		byRow := p.byRow
		var batches []translog.AuditBatchEntry
		var b translog.RootBuilder
		// Each full tile's root is compared with the stored hash of that
		// subtree: one stored hash per 256 entries, and the entries of a
		// tile that differs are then named one by one.
		var mismatched []int64 // first indexes of tiles that differ
		var partial []tlog.Hash
		// checkRoot compares the tree of the first cpSize entries with the
		// checkpoint, once c holds exactly them.
		checkRoot := func(c *translog.RootBuilder) {
			if c.Size() == cpSize && c.Root() != cpRoot {
				r.Problems = append(r.Problems, fmt.Sprintf("the first %d entries do not hash to the signed checkpoint's root: entries were changed, removed or reordered", cpSize))
			}
		}
		next := int64(0)
		batchesIn, recycle, stop := t.readLeaves(t.ctx, r.Size)
		defer stop()
		for vb := range batchesIn {
			if be := (*bundleError)(nil); errors.As(vb.err, &be) {
				r.Problems = append(r.Problems, fmt.Sprintf("the bundle of log entries %d to %d cannot be read: it was changed behind the log's back", be.tile*translog.TileWidth, (be.tile+1)*translog.TileWidth-1))
				return r, nil
			}
			if vb.err != nil {
				return nil, vb.err
			}
			for i := range vb.entries {
				e := &vb.entries[i]
				if e.Index != next {
					r.Problems = append(r.Problems, fmt.Sprintf("log entries %d to %d are missing", next, e.Index-1))
					return r, nil
				}
				next++
				switch {
				case e.Kind == translog.KindAuditBatch:
					var ab translog.AuditBatchEntry
					if err := json.Unmarshal(e.Data, &ab); err != nil {
						r.Problems = append(r.Problems, fmt.Sprintf("log entry %d is not an audit batch", e.Index))
						continue
					}
					batches = append(batches, ab)
				default:
					p.add(e, vb.leaves[i])
				}
			}
			if next != vb.end {
				r.Problems = append(r.Problems, fmt.Sprintf("log entries %d to %d are missing", next, vb.end-1))
				return r, nil
			}
			for i, st := 0, vb.start; st < vb.end; i, st = i+1, st+translog.TileWidth {
				leaves := vb.leaves[st-vb.start : min(st+translog.TileWidth, vb.end)-vb.start]
				if st < cpSize && cpSize < st+int64(len(leaves)) {
					c := b.Clone()
					for _, h := range leaves[:cpSize-st] {
						c.AddHash(h)
					}
					checkRoot(&c)
				}
				if len(leaves) < translog.TileWidth {
					partial = slices.Clone(leaves) // vb is reused
					for _, h := range leaves {
						b.AddHash(h)
					}
					break
				}
				b.AddSubtree(vb.roots[i], translog.TileHeight)
				if vb.stored == nil || vb.stored[i] != vb.roots[i] {
					mismatched = append(mismatched, st)
				}
				checkRoot(&b)
			}
			recycle(vb)
		}
		stop()
		if len(partial) > 0 {
			checkRoot(&b)
		}
		tile := partial
		// The tiles that differ, and the last, partial one, are checked
		// leaf by leaf.
		if len(tile) > 0 {
			mismatched = append(mismatched, next-int64(len(tile)))
		}
		for _, first := range mismatched {
			if err := t.nameChangedLeaves(first, min(first+translog.TileWidth, r.Size), r); err != nil {
				return nil, err
			}
		}
		r.Root = b.Root()
		if cpSize == 0 && cpRoot != r.Root && r.Size == 0 {
			r.Problems = append(r.Problems, "the empty log does not match the checkpoint")
		}
		if r.Size > 0 {
			stored, err := tlog.TreeHash(r.Size, tlog.HashReaderFunc(t.logHashes))
			if err != nil || stored != r.Root {
				r.Problems = append(r.Problems, "the tree's stored hashes do not match its entries: proofs served from them would fail")
			}
		}
		// Entries stored since the integrator ran are in the log too,
		// without an index yet.
		pending, err := all(t, scanEntry, `SELECT -1, kind, ref, data FROM log_pending ORDER BY id`)
		if err != nil {
			return nil, err
		}
		for _, e := range pending {
			p.add(e, tlog.RecordHash(e.Data)) // newer than any with an index
		}
		var readErr error
		check := func(kind string, ref int64, what string, want []byte) {
			r.Checked[kind]++
			key := rowKey{kind, ref}
			got, ok := byRow[key]
			delete(byRow, key)
			switch {
			case !ok:
				r.Problems = append(r.Problems, fmt.Sprintf("%s is not in the log: it was added behind the log's back", what))
			case got.leaf != tlog.RecordHash(want):
				data, ok := p.kept[key]
				if !ok {
					es, err := t.entries(got.index, got.index+1)
					if err != nil {
						readErr = cmp.Or(readErr, err)
					} else if len(es) == 1 {
						data = es[0].Data
					}
				}
				r.Problems = append(r.Problems, fmt.Sprintf("%s no longer matches its log entry at index %d%s", what, got.index, differs(data, want)))
			}
		}
		if err := t.verifyRows(check); err != nil {
			return nil, err
		}
		if readErr != nil {
			return nil, readErr
		}
		if err := t.verifyHandovers(p, check); err != nil {
			return nil, err
		}
		if readErr != nil {
			return nil, readErr
		}
		var orphans []logged
		names := map[int64]string{}
		for key, l := range byRow {
			if !knownKind(key.kind) {
				continue
			}
			orphans = append(orphans, l)
			names[l.index] = fmt.Sprintf("%s %d", strings.ReplaceAll(key.kind, "_", " "), key.ref)
		}
		sort.Slice(orphans, func(i, j int) bool { return orphans[i].index < orphans[j].index })
		for _, o := range orphans {
			r.Problems = append(r.Problems, fmt.Sprintf("%s is in the log at index %d but its row is missing: it was deleted", names[o.index], o.index))
		}
		if err := t.verifyAudit(batches, r); err != nil {
			return nil, err
		}
		return r, nil
	})
}

func knownKind(kind string) bool {
	_, ok := canonicalKind(kind)
	return ok
}

// canonicalKind is the constant equal to kind, if kind names rows.
func canonicalKind(kind string) (string, bool) {
	for _, k := range [...]string{translog.KindDocumentVersion, translog.KindKeyEnrolment, translog.KindKeyRevocation,
		translog.KindSigningStatement, translog.KindSignature, translog.KindSigningComplete, translog.KindChairHandover, translog.KindDraftRevision,
		translog.KindNationalReport, translog.KindAssessment, translog.KindArchiveImport} {
		if k == kind {
			return k, true
		}
	}
	return "", false
}

// differs says which field of two JSON entries differs, when it can.
func differs(logged, now []byte) string {
	var a, b map[string]any
	if json.Unmarshal(logged, &a) != nil || json.Unmarshal(now, &b) != nil {
		return ""
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if fmt.Sprint(a[k]) == fmt.Sprint(b[k]) {
			continue
		}
		switch a[k].(type) {
		case map[string]any, []any:
			return fmt.Sprintf(": its %s differ from what the log recorded", k)
		}
		return fmt.Sprintf(": %s is now %v, the log recorded %v", k, b[k], a[k])
	}
	return ""
}

// nameChangedLeaves compares the entries [start, end) with the stored
// hashes of their leaves, and reports each that differs.
func (t *txn) nameChangedLeaves(start, end int64, r *LogReport) error {
	entries, err := t.entries(start, end)
	if err != nil {
		return err
	}
	idx := make([]int64, len(entries))
	for i, e := range entries {
		idx[i] = tlog.StoredHashIndex(0, e.Index)
	}
	stored, err := t.logHashes(idx)
	if err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf("the stored hashes of log entries %d to %d are missing", start, end-1))
		return nil
	}
	for i, e := range entries {
		if stored[i] != tlog.RecordHash(e.Data) {
			r.Problems = append(r.Problems, fmt.Sprintf("log entry %d (%s %d) does not hash to the tree's leaf %d: the entry was changed or moved", e.Index, e.Kind, e.Ref, e.Index))
		}
	}
	return nil
}

// verifyRows recomputes the entry of every row that has one.
func (t *txn) verifyRows(check func(kind string, ref int64, what string, want []byte)) error {
	// A row with a salt was logged sealed with it; one without, as before
	// salts (translog's entry version 1), whatever its document is now.
	salts, err := t.salts()
	if err != nil {
		return err
	}
	ds, err := t.documents(`1 = 1`)
	if err != nil {
		return err
	}
	for _, d := range ds {
		for i := range d.Versions {
			v := &d.Versions[i]
			what := fmt.Sprintf("document version %d (%s, %s, revision %d)", v.ID, d.Reference, v.Lang, v.Revision)
			check(translog.KindDocumentVersion, v.ID, what, translog.NewVersionDetails(d, v).Entry(salts[rowKey{translog.KindDocumentVersion, v.ID}]))
		}
	}
	revs, err := all(t, scanRevision, selectRevision+` ORDER BY id`)
	if err != nil {
		return err
	}
	for _, rv := range revs {
		what := fmt.Sprintf("revision %d of %s", rv.Number, rv.Reference)
		check(translog.KindDraftRevision, rv.ID, what, translog.NewRevisionDetails(rv).Entry(salts[rowKey{translog.KindDraftRevision, rv.ID}]))
	}
	if err := t.verifyFollowUp(salts, check); err != nil {
		return err
	}
	if err := t.verifyImports(check); err != nil {
		return err
	}
	keys, err := all(t, scanKey, selectKey+` ORDER BY k.id`)
	if err != nil {
		return err
	}
	for _, k := range keys {
		what := fmt.Sprintf("signing key %d (%s, %s)", k.ID, k.State, k.Fingerprint)
		check(translog.KindKeyEnrolment, k.ID, what, translog.NewKeyEnrolment(k).Bytes())
		if !k.RevokedAt.IsZero() {
			check(translog.KindKeyRevocation, k.ID, "the revocation of "+what, translog.NewKeyRevocation(k).Bytes())
		}
	}
	signings, err := all(t, scanSigning, selectSigning+` ORDER BY s.id`)
	if err != nil {
		return err
	}
	for _, s := range signings {
		full, err := t.signing(s.DocumentID, false)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("the signing statement of %s", s.Reference)
		check(translog.KindSigningStatement, s.ID, what, translog.NewStatementEntry(full).Entry(salts[rowKey{translog.KindSigningStatement, s.ID}]))
		for _, sig := range full.Signatures {
			check(translog.KindSignature, sig.ID, fmt.Sprintf("signature %d (%s on %s)", sig.ID, sig.State, s.Reference),
				translog.NewSignatureEntry(full, sig).Entry(salts[rowKey{translog.KindSignature, sig.ID}]))
		}
		if full.SignedByAll() {
			check(translog.KindSigningComplete, s.ID, "the completion of "+what, translog.NewCompleteEntry(full).Entry(salts[rowKey{translog.KindSigningComplete, s.ID}]))
		}
	}
	return nil
}

// verifyAudit compares the audit trail with the batches logged for it.
func (t *txn) verifyAudit(batches []translog.AuditBatchEntry, r *LogReport) error {
	type rec struct {
		id     int64
		record string
	}
	recs, err := all(t, func(s scanner) (x rec, err error) { return x, s.Scan(&x.id, &x.record) },
		`SELECT id, record FROM audit_log ORDER BY id`)
	if err != nil {
		return err
	}
	now := map[int64]string{}
	for _, x := range recs {
		now[x.id] = translog.SHA256Hex([]byte(x.record))
	}
	// Records not yet linked are named in audit_pending; one that is in
	// neither a batch nor there was inserted behind the log's back.
	waiting, err := all(t, scanID, `SELECT id FROM audit_pending`)
	if err != nil {
		return err
	}
	for _, id := range waiting {
		delete(now, id)
	}
	for _, b := range batches {
		for _, lr := range b.Records {
			r.Checked[translog.KindAuditBatch]++
			h, ok := now[lr.ID]
			delete(now, lr.ID)
			switch {
			case !ok:
				r.Problems = append(r.Problems, fmt.Sprintf("audit record %d was deleted: the log's batch of records %d to %d holds it", lr.ID, b.FirstID, b.LastID))
			case h != lr.SHA256:
				r.Problems = append(r.Problems, fmt.Sprintf("audit record %d was altered: its SHA-256 is %s, the log's batch of records %d to %d recorded %s", lr.ID, h, b.FirstID, b.LastID, lr.SHA256))
			}
		}
	}
	ids := make([]int64, 0, len(now))
	for id := range now {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		r.Problems = append(r.Problems, fmt.Sprintf("audit record %d is in no logged batch: it was inserted behind the log's back", id))
	}
	return nil
}

// verifyHandovers recomputes the entry of each logged handover from the two
// chair terms it names.
func (t *txn) verifyHandovers(p *replay, check func(kind string, ref int64, what string, want []byte)) error {
	var entries []translog.HandoverEntry
	for key, l := range p.byRow {
		if key.kind != translog.KindChairHandover {
			continue
		}
		var e translog.HandoverEntry
		if err := json.Unmarshal(p.kept[key], &e); err != nil {
			return fmt.Errorf("log entry %d: %w", l.index, err)
		}
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].OpenedTermID < entries[j].OpenedTermID })
	errNoTerm := errors.New("no such chair term")
	term := func(id int64) (*accord.ChairTerm, error) {
		return one(t, scanChairTerm, errNoTerm, chairTermColumns+` WHERE id = $1`, id)
	}
	for _, e := range entries {
		what := fmt.Sprintf("the handover of the chair of %s %s from %s to %s on %s", e.Organization, e.Body, e.From, e.To, e.Date)
		closed, err := term(e.ClosedTermID)
		if err != nil {
			if errors.Is(err, errNoTerm) {
				continue // the missing row is reported with the entry
			}
			return err
		}
		opened, err := term(e.OpenedTermID)
		if err != nil {
			if errors.Is(err, errNoTerm) {
				continue
			}
			return err
		}
		check(translog.KindChairHandover, e.OpenedTermID, what, translog.NewHandoverEntry(closed, opened).Bytes())
	}
	return nil
}
