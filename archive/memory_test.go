package archive

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/accord-org/accord/internal/memtest"
)

// pattern is a reader of n bytes that holds none of them: the payload of a
// bag larger than the memory bound without a file that size in memory.
type pattern struct {
	n, off int64
}

func (p *pattern) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	k := int(min(int64(len(b)), p.n-p.off))
	for i := range k {
		b[i] = byte((p.off + int64(i)) * 2654435761 >> 13)
	}
	p.off += int64(k)
	return k, nil
}

// TestBoundedMemory writes and verifies a bag larger than the memory bound,
// as a folder and as a zip, and reports the heap each took. The size is
// 128 MiB (four times the bound), or ACCORD_TEST_ARCHIVE_MB (1024 for the 1 GB archive).
// Not parallel, so that other tests' memory does not count.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large bag")
	}
	size := int64(128)
	if s := os.Getenv("ACCORD_TEST_ARCHIVE_MB"); s != "" {
		mb, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		size = mb
	}
	size <<= 20
	const bound = 32 << 20
	const files = 8
	for _, name := range []string{"bag", "bag.zip"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), name)
			stop := memtest.HeapPeak()
			w, err := Create(p, bagTime)
			if err != nil {
				t.Fatal(err)
			}
			for i := range files {
				if err := w.Add(fmt.Sprintf("files/%d.bin", i), &pattern{n: size / files}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.Finish(nil); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			written := stop()
			stop = memtest.HeapPeak()
			b, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Verify(b)
			b.Close()
			if err != nil {
				t.Fatal(err)
			}
			verified := stop()
			t.Logf("a %d MiB bag (%s): heap peak %.1f MiB writing, %.1f MiB verifying", size>>20, name, float64(written)/(1<<20), float64(verified)/(1<<20))
			if !r.OK() || r.PayloadBytes != size {
				t.Fatalf("the large bag: %v, %d bytes", r.Problems, r.PayloadBytes)
			}
			if written > bound || verified > bound {
				t.Errorf("a %d MiB bag took %d MiB writing, %d MiB verifying, above %d MiB", size>>20, written>>20, verified>>20, bound>>20)
			}
		})
	}
}
