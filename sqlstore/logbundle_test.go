package sqlstore_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
)

// TestBundleFormat round-trips a tile's entries through the bundle format,
// and refuses each malformed bundle rather than misread it.
func TestBundleFormat(t *testing.T) {
	es := make([]*translog.Entry, translog.TileWidth)
	for i := range es {
		es[i] = benchEntry(256 + i)
		es[i].Index = int64(256 + i)
	}
	es[7].Kind, es[7].Ref = translog.KindSignature, -3 // a constant kind, a negative ref
	es[9].Data = []byte("{}")
	b := sqlstore.EncodeBundle(es)
	got, err := sqlstore.DecodeBundle(1, b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range es {
		if got[i].Index != es[i].Index || got[i].Kind != es[i].Kind || got[i].Ref != es[i].Ref || !bytes.Equal(got[i].Data, es[i].Data) {
			t.Fatalf("entry %d: got %+v, want %+v", i, got[i], es[i])
		}
	}
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"another version", append([]byte{2}, b[1:]...)},
		{"cut short", b[:len(b)-1]},
		{"cut after an entry", sqlstore.EncodeBundle(es[:255])},
		{"an entry too many", sqlstore.EncodeBundle(append(es[:256:256], es[0]))},
		{"a length past the end", append(bytes.Clone(b), 0xff, 0xff, 0xff)},
	} {
		if _, err := sqlstore.DecodeBundle(1, c.b); err == nil {
			t.Errorf("%s: decoded", c.name)
		}
	}
}

// TestLogBundles checks that full tiles are stored as one bundle each and
// are the only copy of their entries' bytes, that every read of entries
// goes through them, that a log stored before bundles is converted, and
// that log verify catches a bundle changed, cut or removed.
func TestLogBundles(t *testing.T) {
	const n = 3*translog.TileWidth + 100
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		fill(t, db, 0, n, 300)
		root, err := newLog(t, db).Root(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		count := func(q string, args ...any) int64 {
			t.Helper()
			c, err := db.Count(ctx, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if got := count(`SELECT COUNT(*) FROM log_bundles`); got != 3 {
			t.Errorf("%d bundles, want 3: one per full tile", got)
		}
		if got := count(`SELECT COUNT(*) FROM log_entries WHERE data <> ''`); got != 100 {
			t.Errorf("%d entries keep their bytes in log_entries, want the last tile's 100", got)
		}
		if got := count(`SELECT COUNT(*) FROM log_entries`); got != n {
			t.Errorf("%d rows of log_entries, want one per entry, %d, for the lookups by row", got, n)
		}
		same := func(what string) {
			t.Helper()
			es, err := db.LogEntries(ctx, 250, 800)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 550 {
				t.Fatalf("%s: LogEntries(250, 800) gave %d entries", what, len(es))
			}
			for k, e := range es {
				want := benchEntry(250 + k)
				if e.Index != int64(250+k) || e.Kind != want.Kind || e.Ref != want.Ref || !bytes.Equal(e.Data, want.Data) {
					t.Fatalf("%s: entry %d is %d %s %d %q", what, 250+k, e.Index, e.Kind, e.Ref, e.Data)
				}
			}
			e, err := db.LogEntryFor(ctx, "bench", 300)
			if err != nil || e.Index != 300 || !bytes.Equal(e.Data, benchEntry(300).Data) {
				t.Fatalf("%s: LogEntryFor(bench, 300) = %+v, %v", what, e, err)
			}
			r, err := db.VerifyLog(ctx, n, root)
			if err != nil || len(r.Problems) != 0 || r.Size != n {
				t.Fatalf("%s: log verify: %+v, %v", what, r, err)
			}
		}
		same("bundled")

		// A log stored before bundles: every entry's bytes in its row.
		if err := db.Tamper(ctx, `DELETE FROM log_bundles`); err != nil {
			t.Fatal(err)
		}
		for i := range 3 * translog.TileWidth {
			if err := db.Tamper(ctx, `UPDATE log_entries SET data = $1 WHERE idx = $2`, string(benchEntry(i).Data), i); err != nil {
				t.Fatal(err)
			}
		}
		// Reads before the integrator's next round find the rows.
		if es, err := db.LogEntries(ctx, 0, 2); err != nil || len(es) != 2 || !bytes.Equal(es[1].Data, benchEntry(1).Data) {
			t.Fatalf("LogEntries of an unconverted log: %v, %v", es, err)
		}
		same("converted") // log verify integrates first, which converts
		if got := count(`SELECT COUNT(*) FROM log_bundles`); got != 3 {
			t.Errorf("after conversion: %d bundles, want 3", got)
		}
		if got := count(`SELECT COUNT(*) FROM log_entries WHERE data <> ''`); got != 100 {
			t.Errorf("after conversion: %d entries keep their bytes in log_entries, want 100", got)
		}

		// The index rows of bundled entries, checked on request.
		if n, problems, err := db.VerifyLogIndex(ctx); err != nil || n != 3*translog.TileWidth || len(problems) != 0 {
			t.Fatalf("VerifyLogIndex: %d, %q, %v", n, problems, err)
		}
		if err := db.Tamper(ctx, `UPDATE log_entries SET ref = 9999 WHERE idx = 300`); err != nil {
			t.Fatal(err)
		}
		if _, problems, err := db.VerifyLogIndex(ctx); err != nil || len(problems) != 1 || problems[0] != "the row of log entry 300 names bench 9999, its bundle bench 300" {
			t.Errorf("VerifyLogIndex after a row's ref changed: %q, %v", problems, err)
		}
		// A lookup through the changed row checks what it finds.
		if e, err := db.LogEntryFor(ctx, "bench", 9999); err == nil {
			t.Errorf("LogEntryFor(bench, 9999) through a changed row: %+v", e)
		}
		if err := db.Tamper(ctx, `UPDATE log_entries SET ref = 300 WHERE idx = 300`); err != nil {
			t.Fatal(err)
		}
		if err := db.Tamper(ctx, `DELETE FROM log_entries WHERE idx = 5`); err != nil {
			t.Fatal(err)
		}
		if _, problems, err := db.VerifyLogIndex(ctx); err != nil || len(problems) != 1 || problems[0] != "log entries 5 to 5 have no row in log_entries" {
			t.Errorf("VerifyLogIndex after a row was deleted: %q, %v", problems, err)
		}
		if err := db.Tamper(ctx, `INSERT INTO log_entries (idx, kind, ref, data) VALUES (5, 'bench', 5, '')`); err != nil {
			t.Fatal(err)
		}

		verify := func() string {
			t.Helper()
			r, err := db.VerifyLog(ctx, n, root)
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(r.Problems, "\n")
		}
		tile1 := make([]*translog.Entry, translog.TileWidth)
		for i := range tile1 {
			tile1[i] = benchEntry(translog.TileWidth + i)
		}
		good := sqlstore.EncodeBundle(tile1)
		changed := benchEntry(300)
		changed.Data = bytes.Replace(changed.Data, []byte(`"lang":"ru"`), []byte(`"lang":"kk"`), 1)
		tile1[300-translog.TileWidth] = changed
		for _, c := range []struct {
			name, want string
			tamper     func() error
		}{
			{"one entry of a bundle changed", "log entry 300 (bench 300) does not hash to the tree's leaf 300", func() error {
				return db.Tamper(ctx, `UPDATE log_bundles SET data = $1 WHERE tile = 1`, sqlstore.EncodeBundle(tile1))
			}},
			{"a bundle cut short", "the bundle of log entries 256 to 511 cannot be read", func() error {
				return db.Tamper(ctx, `UPDATE log_bundles SET data = $1 WHERE tile = 1`, good[:len(good)/2])
			}},
			{"a bundle removed", "log entry 256 (bench 256) does not hash to the tree's leaf 256", func() error {
				return db.Tamper(ctx, `DELETE FROM log_bundles WHERE tile = 1`)
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				if err := c.tamper(); err != nil {
					t.Fatal(err)
				}
				if got := verify(); !strings.Contains(got, c.want) {
					t.Errorf("problems\n%s\nwant one with %q", got, c.want)
				}
				// Put the bundle back: the log verifies again.
				if err := db.Tamper(ctx, `DELETE FROM log_bundles WHERE tile = 1`); err != nil {
					t.Fatal(err)
				}
				if err := db.Tamper(ctx, `INSERT INTO log_bundles (tile, data) VALUES (1, $1)`, good); err != nil {
					t.Fatal(err)
				}
				if got := verify(); got != "" {
					t.Fatalf("after the bundle is put back: %s", got)
				}
			})
		}
	})
}

// TestLogVerifyAcrossWorkers replays a log of several ranges, which the
// replay's workers read and hash in parallel and hand on in order, and
// checks that a change in a later range is still named by its index.
func TestLogVerifyAcrossWorkers(t *testing.T) {
	const n = 3*8192 + 300 // ranges of 8,192 entries, and a partial tile
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		fill(t, db, 0, n, 5000)
		root, err := newLog(t, db).Root(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			r, err := db.VerifyLog(ctx, n, root)
			if err != nil || len(r.Problems) != 0 || r.Size != n || r.Root != root {
				t.Fatalf("log verify: %+v, %v", r, err)
			}
		}
		const tile = 2*32 + 5 // in the third range
		es := make([]*translog.Entry, translog.TileWidth)
		for i := range es {
			es[i] = benchEntry(tile*translog.TileWidth + i)
		}
		es[17].Data = bytes.Replace(es[17].Data, []byte(`"revision":1`), []byte(`"revision":2`), 1)
		if err := db.Tamper(ctx, `UPDATE log_bundles SET data = $1 WHERE tile = $2`, sqlstore.EncodeBundle(es), tile); err != nil {
			t.Fatal(err)
		}
		r, err := db.VerifyLog(ctx, n, root)
		if err != nil {
			t.Fatal(err)
		}
		idx := tile*translog.TileWidth + 17
		want := fmt.Sprintf("log entry %d (bench %d) does not hash to the tree's leaf %d", idx, idx, idx)
		if got := strings.Join(r.Problems, "\n"); !strings.Contains(got, want) {
			t.Errorf("problems\n%s\nwant one with %q", got, want)
		}
	})
}
