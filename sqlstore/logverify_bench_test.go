package sqlstore_test

import (
	"crypto/sha256"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/accord-org/accord/sqlstore/sqltest"
)

// BenchmarkLogVerify measures the replay of 'accord log verify' against the
// raw SHA-256 throughput of this machine over the same bytes, measured in
// the same run, on each engine. ACCORD_BENCH_LOG_SIZE sets the log's size
// (100,000 entries unless set; the figure is at 1,000,000).
func BenchmarkLogVerify(b *testing.B) {
	size := 100_000
	if s := os.Getenv("ACCORD_BENCH_LOG_SIZE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > 10_000_000 {
			b.Fatalf("ACCORD_BENCH_LOG_SIZE=%q: want a count of entries up to 10,000,000", s)
		}
		size = n
	}
	for _, engine := range sqltest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := sqltest.OpenWithClock(b, engine, nil)
			fill(b, db, 0, size, 5000)
			root, err := newLog(b, db).Root(b.Context(), int64(size))
			if err != nil {
				b.Fatal(err)
			}
			entries := make([][]byte, size)
			var entryBytes int64
			for i := range size {
				entries[i] = benchEntry(i).Data
				entryBytes += int64(len(entries[i]))
			}
			var shaRate, verifyRate float64
			for b.Loop() {
				// The baseline hashes each entry once, as it is stored.
				t := time.Now()
				for _, e := range entries {
					sha256.Sum256(e)
				}
				shaRate = float64(entryBytes) / time.Since(t).Seconds()
				t = time.Now()
				r, err := db.VerifyLog(b.Context(), int64(size), root)
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
}
