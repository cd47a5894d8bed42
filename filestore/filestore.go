// Package filestore keeps attachment files in a folder, content-addressed
// by SHA-256: <root>/sha256/ab/abcdef…. A file is written to <root>/tmp
// while it arrives, then renamed into place, so a reader never sees half a
// file, and a file whose hash exists already is not stored twice.
package filestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/accord-org/accord"
)

// Dir is an accord.FileStore in a folder.
type Dir struct{ root string }

var _ accord.FileStore = (*Dir)(nil)

// New returns the store in root, creating its folders.
func New(root string) (*Dir, error) {
	for _, sub := range []string{"sha256", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, sub), 0o750); err != nil {
			return nil, accord.Wrap("open file store", err)
		}
	}
	return &Dir{root: root}, nil
}

// Path is where a file with the hash sum is kept.
func (d *Dir) Path(sum string) string { return filepath.Join(d.root, "sha256", sum[:2], sum) }

// Stage creates a file in the store's tmp folder, on the same file system
// as its final place so that keeping it is a rename.
func (d *Dir) Stage(ctx context.Context) (accord.StagedFile, error) {
	f, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "upload-*")
	if err != nil {
		return nil, accord.Wrap("stage file", full(err))
	}
	return &staged{dir: d, f: f, h: sha256.New()}, nil
}

// Open opens a kept file.
func (d *Dir) Open(ctx context.Context, sum string) (io.ReadSeekCloser, error) {
	// The hash becomes a path: anything but hex could climb out of root.
	if !accord.ValidSHA256(sum) {
		return nil, accord.Invalid("sha256", "%q is not a SHA-256 in lower-case hex", sum)
	}
	f, err := os.Open(d.Path(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, accord.NotFound("file", sum)
	}
	if err != nil {
		return nil, accord.Wrap("open file", err)
	}
	return f, nil
}

type staged struct {
	dir  *Dir
	mu   sync.Mutex
	f    *os.File
	h    hash.Hash
	size int64
	done bool
	sum  string
}

func (s *staged) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	s.h.Write(p[:n])
	s.size += int64(n)
	return n, full(err)
}

// full codes a write refused for lack of space, so that the user is told
// storage is full rather than that something went wrong.
func full(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return accord.StorageFull(err)
	}
	return err
}

func (s *staged) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }
func (s *staged) Size() int64                             { return s.size }

func (s *staged) SHA256() string {
	if s.sum != "" {
		return s.sum // kept: nothing more is written
	}
	return hex.EncodeToString(s.h.Sum(nil))
}

// Keep syncs the file and renames it into place. When a file with the same
// hash is there already it has the same bytes, and the staged copy goes.
func (s *staged) Keep() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return accord.Wrap("keep file", errors.New("the staged file was kept or discarded already"))
	}
	sum := s.SHA256()
	s.sum = sum
	err := s.f.Sync()
	err = errors.Join(err, s.f.Close())
	if err == nil {
		err = os.MkdirAll(filepath.Dir(s.dir.Path(sum)), 0o750)
	}
	if err == nil {
		if _, serr := os.Stat(s.dir.Path(sum)); serr == nil {
			err = os.Remove(s.f.Name())
		} else {
			err = os.Rename(s.f.Name(), s.dir.Path(sum))
		}
	}
	if err != nil {
		os.Remove(s.f.Name())
		s.done = true
		return accord.Wrap("keep file", full(err))
	}
	s.done = true
	return nil
}

func (s *staged) Discard() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return nil
	}
	s.done = true
	return errors.Join(s.f.Close(), os.Remove(s.f.Name()))
}
