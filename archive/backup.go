package archive

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
)

// A backup is a bag of the Accord profile whose Accord-Scope is "backup":
// data/tables/NNN-<table>.jsonl holds a table, its first line
// {"table": name, "columns": [...]} and then one JSON array per row, bytes
// as {"base64": "..."}; data/files/<sha256> holds each attachment's bytes.
// Its rows are the database's own, log and all, so a restore gives an
// instance whose log verifies, on either engine.

// ScopeBackup is the Accord-Scope of a backup.
const ScopeBackup = "backup"

// LabelWithAccounts says whether a backup holds accounts and sessions.
const LabelWithAccounts = "Accord-With-Accounts"

// BackupResult describes a written backup.
type BackupResult struct {
	Tables, Rows, Files int
	PayloadBytes        int64
}

// Backup writes the whole instance to a new bag at p.
func Backup(ctx context.Context, db *sqlstore.DB, files accord.FileStore, p string, now time.Time, withAccounts bool) (res *BackupResult, err error) {
	w, err := Create(p, now)
	if err != nil {
		return nil, accord.Invalid("out", "%v", err)
	}
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	s := &tableSink{w: w, res: &BackupResult{}, sums: map[string]bool{}}
	err = db.Backup(ctx, sqlstore.BackupOptions{WithAccounts: withAccounts}, s)
	if cerr := s.end(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	for _, sum := range sortedKeys(s.sums) {
		if err := backupFile(ctx, w, files, sum); err != nil {
			return nil, err
		}
		s.res.Files++
	}
	var info Info
	info.Add("Source-Organization", "Accord instance")
	info.Add("External-Identifier", "backup "+now.UTC().Format(time.RFC3339))
	info.Add("Bag-Software-Agent", "Accord")
	info.Add(LabelScope, ScopeBackup)
	info.Add(LabelFor, "the instance itself")
	leftOut := "accounts and sessions (users kept disabled, without credentials)"
	if withAccounts {
		leftOut = "none"
	}
	info.Add(LabelLeftOut, leftOut)
	// A backup is not signed: restored, its own log proves its records,
	// and accord log verify checks them against the log's key.
	origin := "none"
	if vkey, err := db.LogKey(ctx); err == nil {
		origin, _, _ = strings.Cut(vkey, "+")
	} else if accord.ErrorCode(err) != accord.ENOTFOUND {
		return nil, err
	}
	info.Add(LabelLogOrigin, origin)
	info.Add(LabelSigner, "none")
	info.Add(LabelWithAccounts, map[bool]string{true: "yes", false: "no"}[withAccounts])
	info.Add(LabelRecordKind, fmt.Sprintf("tables %d", s.res.Tables))
	info.Add(LabelRecordKind, fmt.Sprintf("rows %d", s.res.Rows))
	info.Add(LabelRecordKind, fmt.Sprintf("files %d", s.res.Files))
	if _, err := w.Finish(info); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	s.res.PayloadBytes = w.oxumSize
	return s.res, nil
}

func backupFile(ctx context.Context, w *Writer, files accord.FileStore, sum string) error {
	f, err := files.Open(ctx, sum)
	if err != nil {
		return fmt.Errorf("attachment file %s: %w", sum, err)
	}
	defer f.Close()
	return w.Add("files/"+sum, f)
}

// tableSink streams each table into its payload file through a pipe, so
// that a table larger than memory is written a row at a time.
type tableSink struct {
	w    *Writer
	res  *BackupResult
	pw   *io.PipeWriter
	enc  *json.Encoder
	buf  *bufio.Writer
	done chan error
	// sums are the attachments' files, found in document_attachments.
	sums    map[string]bool
	sumCol  int
	current string
}

func (s *tableSink) Table(name string, columns []string) error {
	if err := s.end(); err != nil {
		return err
	}
	s.res.Tables++
	pr, pw := io.Pipe()
	s.pw, s.done, s.current = pw, make(chan error, 1), name
	file := fmt.Sprintf("tables/%03d-%s.jsonl", s.res.Tables, name)
	go func() {
		err := s.w.Add(file, pr)
		pr.CloseWithError(err) // unblocks the writer side if Add failed
		s.done <- err
	}()
	s.buf = bufio.NewWriterSize(pw, 64<<10)
	s.enc = json.NewEncoder(s.buf)
	s.enc.SetEscapeHTML(false)
	s.sumCol = -1
	if name == "document_attachments" {
		s.sumCol = slices.Index(columns, "sha256")
	}
	return s.enc.Encode(map[string]any{"table": name, "columns": columns})
}

type bytesValue struct {
	Base64 string `json:"base64"`
}

func (s *tableSink) Row(values []any) error {
	s.res.Rows++
	out := make([]any, len(values))
	for i, v := range values {
		if b, ok := v.([]byte); ok {
			out[i] = bytesValue{base64.StdEncoding.EncodeToString(b)}
		} else {
			out[i] = v
		}
	}
	if s.sumCol >= 0 {
		if sum, ok := values[s.sumCol].(string); ok {
			s.sums[sum] = true
		}
	}
	return s.enc.Encode(out)
}

// end closes the current table's file and waits until it is written.
func (s *tableSink) end() error {
	if s.pw == nil {
		return nil
	}
	err := s.buf.Flush()
	s.pw.CloseWithError(err)
	if werr := <-s.done; err == nil {
		err = werr
	}
	s.pw = nil
	return err
}

var tableFile = regexp.MustCompile(`^data/tables/[0-9]{3}-[a-z_][a-z0-9_]*\.jsonl$`)
var fileName = regexp.MustCompile(`^data/files/[0-9a-f]{64}$`)

// RestoreResult describes a restore.
type RestoreResult struct {
	*sqlstore.RestoreReport
	Files int
}

// ErrNotValid is returned, wrapped, when the bag fails its checks; the
// Report names each problem.
var ErrNotValid = errors.New("the backup is not a valid bag")

// Restore checks the backup at p as a bag (RFC 8493), then stores its
// attachment files and, in one transaction, every table into db, which
// must be empty. A bag with any problem restores nothing, and its Report
// names the problems.
func Restore(ctx context.Context, db *sqlstore.DB, files accord.FileStore, p string) (*RestoreResult, *Report, error) {
	b, err := Open(p)
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	r, err := Verify(b)
	if err != nil {
		return nil, nil, err
	}
	if r.OK() && r.Info.Get(LabelScope) != ScopeBackup {
		r.problem(BagInfoTxt, "%s is %q: not a backup ('accord archive import' takes an archive export)", LabelScope, r.Info.Get(LabelScope))
	}
	var tables, blobs []string
	for _, n := range b.names {
		switch {
		case !strings.HasPrefix(n, "data/"):
		case tableFile.MatchString(n):
			tables = append(tables, n)
		case fileName.MatchString(n):
			blobs = append(blobs, n)
		default:
			r.problem(n, "a payload file that is neither a table nor an attachment file of a backup")
		}
	}
	if !r.OK() {
		return nil, r, ErrNotValid
	}
	slices.Sort(tables)
	// The files first: they are named by their hash, so one left behind by
	// a restore that fails later is harmless, while records whose files
	// are missing are not.
	for _, n := range blobs {
		if err := restoreFile(ctx, b, files, n); err != nil {
			return nil, r, err
		}
	}
	i := 0
	var open fs.File
	defer func() {
		if open != nil {
			open.Close()
		}
	}()
	rep, err := db.Restore(ctx, func() (*sqlstore.RestoreTable, error) {
		if open != nil {
			open.Close()
			open = nil
		}
		if i == len(tables) {
			return nil, nil
		}
		name := tables[i]
		i++
		f, err := b.FS.Open(name)
		if err != nil {
			return nil, err
		}
		open = f
		return readTable(name, f)
	}, p)
	if err != nil {
		return nil, r, err
	}
	return &RestoreResult{RestoreReport: rep, Files: len(blobs)}, r, nil
}

func restoreFile(ctx context.Context, b *Bag, files accord.FileStore, n string) error {
	f, err := b.FS.Open(n)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := files.Stage(ctx)
	if err != nil {
		return err
	}
	defer st.Discard()
	if _, err := io.Copy(st, f); err != nil {
		return fmt.Errorf("%s: %w", n, err)
	}
	if want := path.Base(n); st.SHA256() != want {
		return accord.Invalid("backup", "%s holds bytes whose SHA-256 is %s", n, st.SHA256())
	}
	return st.Keep()
}

// readTable reads a table file's header, and returns the table whose Rows
// decode the rest a row at a time.
func readTable(name string, f io.Reader) (*sqlstore.RestoreTable, error) {
	dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	dec.UseNumber()
	var head struct {
		Table   string   `json:"table"`
		Columns []string `json:"columns"`
	}
	if err := dec.Decode(&head); err != nil {
		return nil, accord.Invalid("backup", "%s: the first line is not a table's header: %v", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".jsonl")[4:]; head.Table != want || len(head.Columns) == 0 {
		return nil, accord.Invalid("backup", "%s: its header names table %q with %d columns", name, head.Table, len(head.Columns))
	}
	return &sqlstore.RestoreTable{Name: head.Table, Columns: head.Columns, Rows: func(fn func([]any) error) error {
		for line := 2; ; line++ {
			var row []any
			err := dec.Decode(&row)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return accord.Invalid("backup", "%s: row %d is not a JSON array: %v", name, line, err)
			}
			for i, v := range row {
				if row[i], err = decodeValue(v); err != nil {
					return accord.Invalid("backup", "%s: row %d: %v", name, line, err)
				}
			}
			if err := fn(row); err != nil {
				return err
			}
		}
	}}, nil
}

func decodeValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		return x.Float64()
	case map[string]any:
		s, ok := x["base64"].(string)
		if !ok || len(x) != 1 {
			return nil, errors.New("an object that is not {\"base64\": ...}")
		}
		return base64.StdEncoding.DecodeString(s)
	case []any:
		return nil, errors.New("a nested array")
	}
	return v, nil
}
