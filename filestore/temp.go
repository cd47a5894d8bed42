package filestore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"os"
	"sync"

	"github.com/accord-org/accord"
)

// Temp is a file being received into a folder on local disk: hashed while
// it is written, and readable back while it is checked. Every file store
// stages through one, so that an upload of 500 MiB costs disk, not memory,
// whatever keeps it in the end.
type Temp struct {
	mu   sync.Mutex
	f    *os.File
	h    hash.Hash
	size int64
	// sum is set once the file is closed: nothing more is written.
	sum  string
	done bool
}

// NewTemp creates a temporary file in dir.
func NewTemp(dir string) (*Temp, error) {
	f, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return nil, accord.Wrap("stage file", full(err))
	}
	return &Temp{f: f, h: sha256.New()}, nil
}

func (t *Temp) Write(p []byte) (int, error) {
	n, err := t.f.Write(p)
	t.h.Write(p[:n])
	t.size += int64(n)
	return n, full(err)
}

// ReadAt reads back what was written.
func (t *Temp) ReadAt(p []byte, off int64) (int, error) { return t.f.ReadAt(p, off) }

// Size is the number of bytes written.
func (t *Temp) Size() int64 { return t.size }

// SHA256 is the hash of the bytes written, in lower-case hex.
func (t *Temp) SHA256() string {
	if t.sum != "" {
		return t.sum
	}
	return hex.EncodeToString(t.h.Sum(nil))
}

// Path is where the file is on disk.
func (t *Temp) Path() string { return t.f.Name() }

// Reader reads the file from its start, without moving what Write appends
// to; each call starts again, so that a transaction that is retried can
// read it again.
func (t *Temp) Reader() io.Reader { return io.NewSectionReader(t.f, 0, t.size) }

// Close syncs and closes the file, which stays on disk for its keeper to
// move or read, and fixes its hash.
func (t *Temp) Close() error {
	t.sum = t.SHA256()
	return errors.Join(t.f.Sync(), t.f.Close())
}

// Discard removes the file unless it was kept (done); it is safe to call
// more than once.
func (t *Temp) Discard() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil
	}
	t.done = true
	return errors.Join(t.f.Close(), os.Remove(t.f.Name()))
}
