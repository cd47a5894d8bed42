// Package filestore keeps attachment files in a folder, content-addressed
// by SHA-256: <root>/sha256/ab/abcdef…. A file is written to <root>/tmp
// while it arrives, then renamed into place, so a reader never sees half a
// file, and a file whose hash exists already is not stored twice. The
// folder suits one instance; several instances on PostgreSQL keep files in
// the database (sqlstore.Files), staging them through Temp as this store
// does.
package filestore

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	t, err := NewTemp(filepath.Join(d.root, "tmp"))
	if err != nil {
		return nil, err
	}
	return &staged{Temp: t, dir: d}, nil
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
	*Temp
	dir  *Dir
	kept bool
}

// Keep syncs the file and renames it into place. When a file with the same
// hash is there already it has the same bytes, and the staged copy goes.
// Keeping a kept file again does nothing, so that a transaction that is
// retried may keep it again.
func (s *staged) Keep() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kept {
		return nil
	}
	if s.done {
		return accord.Wrap("keep file", errors.New("the staged file was discarded already"))
	}
	s.done = true
	sum := s.SHA256()
	err := s.Close()
	path := s.dir.Path(sum)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o750)
	}
	if err == nil {
		if _, serr := os.Stat(path); serr == nil {
			err = os.Remove(s.Temp.Path())
		} else {
			err = os.Rename(s.Temp.Path(), path)
		}
	}
	if err != nil {
		os.Remove(s.Temp.Path())
		return accord.Wrap("keep file", full(err))
	}
	s.kept = true
	return nil
}

// full codes a write refused for lack of space, so that the user is told
// storage is full rather than that something went wrong.
func full(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return accord.StorageFull(err)
	}
	return err
}
