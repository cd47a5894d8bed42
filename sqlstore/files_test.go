package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/internal/memtest"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// randomBytes returns a reader of n reproducible bytes that do not
// compress, as a video does not.
func randomBytes(n int64, seed byte) io.Reader {
	return io.LimitReader(rand.NewChaCha8([32]byte{seed}), n)
}

// stageBytes stages n bytes from r in the database's file store.
func stageBytes(t *testing.T, files *sqlstore.Files, r io.Reader) accord.StagedFile {
	t.Helper()
	f, err := files.Stage(t.Context())
	ok(t, err)
	t.Cleanup(func() { f.Discard() })
	_, err = io.Copy(f, r)
	ok(t, err)
	return f
}

func sumOf(t *testing.T, r io.Reader) string {
	t.Helper()
	h := sha256.New()
	_, err := io.Copy(h, r)
	ok(t, err)
	return hex.EncodeToString(h.Sum(nil))
}

// pdfAttachment is the record of a staged file on the protocol.
func attachmentOf(f *fixture, file accord.StagedFile, name string) *accord.Attachment {
	return &accord.Attachment{DocumentID: f.protocol.ID, Name: name, MediaType: accord.MediaWebM, Size: file.Size(), SHA256: file.SHA256()}
}

// TestFilesInTheDatabase: a file kept with its attachment is stored in
// chunks of FileChunkSize, the last one shorter, and reads back whole and
// by ranges, across chunk boundaries; a second attachment of the same bytes
// stores nothing more.
func TestFilesInTheDatabase(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		files, err := db.Files(t.TempDir())
		ok(t, err)
		const size = 3*sqlstore.FileChunkSize + 12345
		staged := stageBytes(t, files, randomBytes(size, 1))
		want := sumOf(t, randomBytes(size, 1))
		if staged.SHA256() != want || staged.Size() != size {
			t.Fatalf("staged %s, %d bytes; want %s, %d", staged.SHA256(), staged.Size(), want, size)
		}
		ok(t, db.AddAttachment(ctx, attachmentOf(f, staged, "message.webm"), staged))
		chunks, err := db.FileChunks(ctx, want)
		ok(t, err)
		equal(t, "chunks", chunks, []int{sqlstore.FileChunkSize, sqlstore.FileChunkSize, sqlstore.FileChunkSize, 12345})

		r, err := files.Open(ctx, want)
		ok(t, err)
		defer r.Close()
		if got := sumOf(t, r); got != want {
			t.Fatalf("read back %s, want %s", got, want)
		}
		whole, err := io.ReadAll(randomBytes(size, 1))
		ok(t, err)
		for _, c := range []struct {
			name      string
			off, n    int64
			wantBytes []byte
		}{
			{"first bytes", 0, 10, whole[:10]},
			{"across a chunk boundary", sqlstore.FileChunkSize - 5, 10, whole[sqlstore.FileChunkSize-5 : sqlstore.FileChunkSize+5]},
			{"across two boundaries", sqlstore.FileChunkSize - 1, sqlstore.FileChunkSize + 2, whole[sqlstore.FileChunkSize-1 : 2*sqlstore.FileChunkSize+1]},
			{"the tail", size - 100, 100, whole[size-100:]},
			{"past the end", size - 3, 10, whole[size-3:]},
		} {
			pos, err := r.Seek(c.off, io.SeekStart)
			ok(t, err)
			got, err := io.ReadAll(io.LimitReader(r, c.n))
			ok(t, err)
			if pos != c.off || !bytes.Equal(got, c.wantBytes) {
				t.Errorf("%s: read %d bytes at %d, want %d", c.name, len(got), pos, len(c.wantBytes))
			}
		}
		if end, err := r.Seek(0, io.SeekEnd); err != nil || end != size {
			t.Errorf("seek to the end: %d, %v", end, err)
		}

		// The same bytes again, for another attachment: stored once.
		again := stageBytes(t, files, randomBytes(size, 1))
		ok(t, db.AddAttachment(ctx, attachmentOf(f, again, "copy.webm"), again))
		nFiles, nChunks, err := db.FileRows(ctx)
		ok(t, err)
		if nFiles != 1 || nChunks != 4 {
			t.Errorf("after a duplicate: %d files, %d chunks; want 1, 4", nFiles, nChunks)
		}
		d, err := db.FindDocument(ctx, f.protocol.ID)
		ok(t, err)
		if len(d.Attachments) != 2 || d.Attachments[0].SHA256 != d.Attachments[1].SHA256 {
			t.Errorf("attachments: %+v", d.Attachments)
		}

		_, err = files.Open(ctx, hex.EncodeToString(make([]byte, 32)))
		wantErr(t, err, accord.ENOTFOUND, "")
		_, err = files.Open(ctx, "../"+want[3:])
		wantErr(t, err, accord.EINVALID, "sha256")
	})
}

// TestFileKeptOnlyWithItsRecord: a refused attachment leaves no file in the
// database, a file kept alone (Keep, outside an attachment) is found, and
// uploads of the same bytes at once store them once.
func TestFileKeptOnlyWithItsRecord(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		files, err := db.Files(t.TempDir())
		ok(t, err)
		for _, c := range []struct {
			name  string
			edit  func(a *accord.Attachment)
			code  string
			field string
		}{
			{"no such document", func(a *accord.Attachment) { a.DocumentID = 999999 }, accord.ENOTFOUND, ""},
			{"bad language", func(a *accord.Attachment) { a.Lang = "Russian" }, accord.EINVALID, "lang"},
		} {
			staged := stageBytes(t, files, randomBytes(100_000, 2))
			a := attachmentOf(f, staged, "refused.webm")
			c.edit(a)
			wantErr(t, db.AddAttachment(ctx, a, staged), c.code, c.field)
			if nFiles, nChunks, err := db.FileRows(ctx); err != nil || nFiles+nChunks != 0 {
				t.Errorf("%s: the refused attachment left %d files and %d chunks (%v)", c.name, nFiles, nChunks, err)
			}
		}

		alone := stageBytes(t, files, randomBytes(100_000, 3))
		ok(t, alone.Keep())
		ok(t, alone.Discard())
		r, err := files.Open(ctx, alone.SHA256())
		ok(t, err)
		if got := sumOf(t, r); got != alone.SHA256() {
			t.Errorf("kept alone: read back %s", got)
		}

		const writers = 4
		done := make(chan error, writers)
		for i := range writers {
			staged := stageBytes(t, files, randomBytes(sqlstore.FileChunkSize+1, 4))
			go func() { done <- db.AddAttachment(ctx, attachmentOf(f, staged, "same-"+itoa(int64(i))+".webm"), staged) }()
		}
		for range writers {
			ok(t, <-done)
		}
		if nFiles, nChunks, err := db.FileRows(ctx); err != nil || nFiles != 2 || nChunks != 1+2 {
			t.Errorf("after %d uploads of one file at once: %d files, %d chunks (%v); want 2, 3", writers, nFiles, nChunks, err)
		}
	})
}

// TestLargeFileBoundedMemory: a 64 MiB file goes into the database and
// comes back out with a few chunks' worth of memory, never the file's.
// Not parallel, so that other tests' memory does not count.
func TestLargeFileBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB per engine")
	}
	const size = 64 << 20
	const bound = 16 << 20
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		files, err := db.Files(t.TempDir())
		ok(t, err)
		staged := stageBytes(t, files, randomBytes(size, 5))
		stop := memtest.HeapPeak()
		ok(t, db.AddAttachment(ctx, attachmentOf(f, staged, "long.webm"), staged))
		peak := stop()
		t.Logf("keeping a %d MiB file: heap peak %.1f MiB", size>>20, float64(peak)/(1<<20))
		if peak > bound {
			t.Errorf("keeping a %d MiB file took %d MiB of heap", size>>20, peak>>20)
		}
		r, err := files.Open(context.WithoutCancel(ctx), staged.SHA256())
		ok(t, err)
		stop = memtest.HeapPeak()
		got := sumOf(t, r)
		peak = stop()
		t.Logf("reading a %d MiB file: heap peak %.1f MiB", size>>20, float64(peak)/(1<<20))
		if peak > bound {
			t.Errorf("reading a %d MiB file took %d MiB of heap", size>>20, peak>>20)
		}
		if got != staged.SHA256() {
			t.Errorf("read back %s, want %s", got, staged.SHA256())
		}
		chunks, err := db.FileChunks(ctx, got)
		ok(t, err)
		if len(chunks) != size/sqlstore.FileChunkSize {
			t.Errorf("%d chunks, want %d", len(chunks), size/sqlstore.FileChunkSize)
		}
	})
}
