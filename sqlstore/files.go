package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/filestore"
)

// FileChunkSize is the size of the chunks a file is stored in: large enough
// that a 500 MiB video is 500 rows, small enough that a reader and a writer
// each hold one chunk in memory, never the file.
const FileChunkSize = 1 << 20

// Files is an accord.FileStore in the database, for several instances that
// share it. An upload is staged in a temporary file on local disk while it
// arrives and is checked; it is copied into the database chunk by chunk in
// the transaction that records its attachment, so that a file is kept with
// its record or not at all. A download reads one chunk at a time, in the
// order http.ServeContent asks for, ranges included.
type Files struct {
	db        *DB
	tmp       string
	chunkSize int
}

var _ accord.FileStore = (*Files)(nil)

// Files returns the database's file store, staging uploads in tmpDir.
func (db *DB) Files(tmpDir string) (*Files, error) {
	if err := os.MkdirAll(tmpDir, 0o750); err != nil {
		return nil, accord.Wrap("open file store", err)
	}
	return &Files{db: db, tmp: tmpDir, chunkSize: FileChunkSize}, nil
}

// Stage creates a temporary file for an upload.
func (f *Files) Stage(ctx context.Context) (accord.StagedFile, error) {
	t, err := filestore.NewTemp(f.tmp)
	if err != nil {
		return nil, err
	}
	return &stagedRow{Temp: t, files: f, ctx: ctx}, nil
}

// stagedRow is an upload on its way into the database. Its temporary file
// goes when it is discarded, kept or not: once kept, its bytes are in the
// database.
type stagedRow struct {
	*filestore.Temp
	files *Files
	ctx   context.Context
}

// Keep stores the file in a transaction of its own. AddAttachment does not
// call it: it stores the file in the attachment's transaction.
func (s *stagedRow) Keep() error {
	return s.files.db.bookkeep(s.ctx, "keep file", func(t *txn) error { return t.keepFile(s) })
}

// keepStaged keeps a staged file inside t: in t itself when it is bound
// for this database, else through its own store.
func (t *txn) keepStaged(file accord.StagedFile) error {
	if s, ok := file.(*stagedRow); ok && s.files.db == t.db {
		return t.keepFile(s)
	}
	return file.Keep()
}

// keepFile copies a staged file into the database, unless a file with its
// hash is there already: then it has the same bytes. A concurrent upload of
// the same bytes waits on the row's key until the first commits or rolls
// back, so the bytes are stored once. It reads the staged file from its
// start, so that a retried transaction can run it again.
func (t *txn) keepFile(s *stagedRow) error {
	sum, size, chunk := s.SHA256(), s.Size(), s.files.chunkSize
	if !accord.ValidSHA256(sum) || size <= 0 {
		return accord.Invalid("file", "an empty file is not kept")
	}
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO files (sha256, size, chunk_size, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
		sum, size, chunk, stamp(t.db.now()).Format(timeFormat))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	stmt, err := t.tx.PrepareContext(t.ctx, `INSERT INTO file_chunks (sha256, seq, data) VALUES ($1, $2, $3)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	r, buf := s.Reader(), make([]byte, chunk)
	var stored int64
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if _, err := stmt.ExecContext(t.ctx, sum, seq, buf[:n]); err != nil {
				return err
			}
			stored += int64(n)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read staged file: %w", err)
		}
	}
	if stored != size {
		return fmt.Errorf("the staged file has %d bytes, not the %d it was written with", stored, size)
	}
	return nil
}

// Open returns a reader of a stored file that fetches one chunk at a time,
// each in a read transaction of its own: the bytes under a hash never
// change, so the chunks need no common snapshot.
func (f *Files) Open(ctx context.Context, sum string) (io.ReadSeekCloser, error) {
	if !accord.ValidSHA256(sum) {
		return nil, accord.Invalid("sha256", "%q is not a SHA-256 in lower-case hex", sum)
	}
	r := &chunkReader{ctx: ctx, db: f.db, sum: sum, seq: -1}
	err := f.db.read(ctx, "open file", func(t *txn) error {
		err := t.tx.QueryRowContext(t.ctx, `SELECT size, chunk_size FROM files WHERE sha256 = $1`, sum).Scan(&r.size, &r.chunkSize)
		if errors.Is(err, sql.ErrNoRows) {
			return accord.NotFound("file", sum)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// chunkReader reads a stored file, holding the chunk it reads in buf.
type chunkReader struct {
	ctx             context.Context
	db              *DB
	sum             string
	size, chunkSize int64
	off             int64
	// seq is the chunk in buf, -1 for none.
	seq int64
	buf []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	if seq := r.off / r.chunkSize; seq != r.seq {
		if err := r.fetch(seq); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf[r.off-r.seq*r.chunkSize:])
	r.off += int64(n)
	return n, nil
}

// fetch reads chunk seq into buf, reusing its memory, and checks that it
// has the length the file's size gives it.
func (r *chunkReader) fetch(seq int64) error {
	r.seq = -1
	err := r.db.read(r.ctx, "read file", func(t *txn) error {
		rows, err := t.tx.QueryContext(t.ctx, `SELECT data FROM file_chunks WHERE sha256 = $1 AND seq = $2`, r.sum, seq)
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return fmt.Errorf("file %s lacks chunk %d", r.sum, seq)
		}
		var data sql.RawBytes
		if err := rows.Scan(&data); err != nil {
			return err
		}
		r.buf = append(r.buf[:0], data...)
		return rows.Close()
	})
	if err != nil {
		return err
	}
	if want := min(r.chunkSize, r.size-seq*r.chunkSize); int64(len(r.buf)) != want {
		return accord.Wrap("read file", fmt.Errorf("chunk %d of file %s has %d bytes, not %d", seq, r.sum, len(r.buf), want))
	}
	r.seq = seq
	return nil
}

func (r *chunkReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("seek: invalid whence")
	}
	if offset < 0 {
		return 0, errors.New("seek: negative position")
	}
	r.off = offset
	return offset, nil
}

// Close lets the chunk go.
func (r *chunkReader) Close() error {
	r.buf = nil
	return nil
}
