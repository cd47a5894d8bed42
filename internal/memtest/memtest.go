// Package memtest measures the heap a piece of code holds, for the tests
// that show a file or an archive passes through in bounded memory.
package memtest

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// HeapPeak samples the live heap until stop is called, and returns its
// peak over what it was at the start.
func HeapPeak() (stop func() uint64) {
	// With the default GOGC the heap may grow by as much garbage as the
	// process holds live before a collection, so the peak would measure
	// the test binary's other data rather than the file's working set:
	// collect often while measuring.
	gc := debug.SetGCPercent(10)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-quit:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(quit)
		<-done
		debug.SetGCPercent(gc)
		return max(peak.Load(), base) - base
	}
}
