package sqlstore

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// BenchmarkReplayMemory reports the heap that log verify's replay holds
// for a million document version entries until their rows are checked:
// the one part of a replay that grows with the log. Reported, not
// asserted.
func BenchmarkReplayMemory(b *testing.B) {
	const n = 1_000_000
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var used uint64
	for b.Loop() {
		before := heap()
		p := &replay{byRow: map[rowKey]logged{}, kept: map[rowKey][]byte{}}
		for i := range n {
			// Scanned, as the reader's are: the kind is a string of its own.
			e := &translog.Entry{Index: int64(i), Kind: string([]byte(translog.KindDocumentVersion)), Ref: int64(i), Data: fmt.Appendf(nil,
				`{"type":"document_version","version_id":%d,"document_id":%d,"reference":"SCO/PGM/22/DOC-%07d","classification":"public","lang":"ru","revision":1,"sha256":"%064x","created_at":"2024-07-25T09:00:00.000000Z"}`,
				i, i/3, i, i)}
			p.add(e, tlog.RecordHash(e.Data))
		}
		used = heap() - before
		runtime.KeepAlive(p)
	}
	b.ReportMetric(float64(used)/1e6, "MB/1M-entries")
}
