package sqlstore_test

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// benchEntry is an entry of the size of a public document version's.
func benchEntry(i int) *translog.Entry {
	return &translog.Entry{Kind: "bench", Ref: int64(i), Data: fmt.Appendf(nil,
		`{"type":"document_version","version_id":%d,"document_id":%d,"reference":"SCO/PGM/22/DOC-%07d","classification":"public","lang":"ru","revision":1,"sha256":"%064x","created_at":"2024-07-25T09:00:00.000000Z"}`,
		i, i/3, i, i)}
}

// fill appends n entries in batches of batch, each batch one durable
// transaction.
func fill(b testing.TB, db *sqlstore.DB, from, n, batch int) {
	for start := from; start < from+n; start += batch {
		es := make([]*translog.Entry, 0, batch)
		for i := start; i < min(start+batch, from+n); i++ {
			es = append(es, benchEntry(i))
		}
		if err := db.AppendLog(b.Context(), es); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppend measures sustained appends with durable commits batched
// 1000 entries to a transaction, on each engine, into a log that already
// holds 100,000 entries.
func BenchmarkAppend(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := sqltest.OpenWithClock(b, engine, nil)
			fill(b, db, 0, 100_000, 1000)
			next := 100_000
			const batch = 1000
			start := time.Now()
			n := 0
			for b.Loop() {
				fill(b, db, next, batch, batch)
				next += batch
				n += batch
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "entries/s")
		})
	}
}

// BenchmarkMillion builds a log of 1,000,000 entries on SQLite, then
// measures proofs at that size (with their 99th percentile), and the replay
// of 'accord log verify' against the raw SHA-256 throughput of the same run.
func BenchmarkMillion(b *testing.B) {
	const size = 1_000_000
	db := sqltest.OpenWithClock(b, sqlstore.SQLite, nil)
	built := time.Now()
	fill(b, db, 0, size, 5000)
	b.Logf("built a log of %d entries in %s", size, time.Since(built).Round(time.Millisecond))
	l := newLog(b, db)
	root, err := l.Root(b.Context(), size)
	if err != nil {
		b.Fatal(err)
	}
	p99 := func(b *testing.B, ds []time.Duration) {
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), "p99-µs")
	}
	b.Run("inclusion", func(b *testing.B) {
		var ds []time.Duration
		i := int64(0)
		for b.Loop() {
			idx := (i * 7919) % size
			t := time.Now()
			p, err := l.InclusionProof(b.Context(), idx, size)
			ds = append(ds, time.Since(t))
			if err != nil {
				b.Fatal(err)
			}
			if err := tlog.CheckRecord(p, size, root, idx, tlog.RecordHash(benchEntry(int(idx)).Data)); err != nil {
				b.Fatal(err)
			}
			i++
		}
		p99(b, ds)
	})
	b.Run("consistency", func(b *testing.B) {
		var ds []time.Duration
		i := int64(1)
		for b.Loop() {
			old := (i * 7919) % size
			t := time.Now()
			if _, err := l.ConsistencyProof(b.Context(), old, size); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
			i++
		}
		p99(b, ds)
	})
	b.Run("logverify", func(b *testing.B) {
		var entryBytes int64
		for i := range size {
			entryBytes += int64(len(benchEntry(i).Data))
		}
		// The raw SHA-256 throughput of this machine, over buffers of
		// the entries' size, measured in the same run.
		buf := benchEntry(0).Data
		shaStart := time.Now()
		for range size {
			sha256.Sum256(buf)
		}
		shaRate := float64(int64(len(buf))*size) / time.Since(shaStart).Seconds()
		var verifyRate float64
		for b.Loop() {
			t := time.Now()
			r, err := db.VerifyLog(b.Context(), size, root)
			if err != nil {
				b.Fatal(err)
			}
			if len(r.Problems) > 0 {
				b.Fatal(r.Problems)
			}
			verifyRate = float64(entryBytes) / time.Since(t).Seconds()
		}
		b.ReportMetric(shaRate/1e6, "sha256-MB/s")
		b.ReportMetric(verifyRate/1e6, "verify-MB/s")
		b.ReportMetric(verifyRate/shaRate, "ratio")
	})
}
