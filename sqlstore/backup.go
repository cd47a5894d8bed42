package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/accord-org/accord"
)

// A backup is the whole instance, table by table, row by row, exactly as
// stored: the log's entries, hashes and checkpoints with the rows they
// record, so that a restored instance's log verifies as the original's
// did. Going through the tables rather than the domain types keeps a
// backup complete when a migration adds a table: it is in the next backup
// without a line changed here.

// accountTables hold accounts, credentials and sessions: a backup leaves
// them out unless asked, since a copy of them is a copy of every way in.
var accountTables = []string{"grants", "recovery_codes", "sessions", "tokens", "login_failures", "passkeys",
	"webauthn_ceremonies", "invitations", "administrators", "idempotency_keys", "key_submissions"}

// derivedTables are never backed up: the file store's own tables, whose
// bytes the backup carries as files (on SQLite they live in a folder), and
// the migrator's, which the restoring binary writes itself.
var derivedTables = []string{"files", "file_chunks", "schema_migrations"}

// seededTables are those a fresh migration fills with one row; a restore
// replaces that row.
var seededTables = []string{"log_state", "log_tree"}

var tableStatement = regexp.MustCompile(`(?im)^\s*(CREATE|DROP) TABLE\s+(?:IF (?:NOT )?EXISTS\s+)?([a-z_][a-z0-9_]*)`)

// BackupTables names the tables a backup holds, in the order the
// migrations create them: a table can reference only tables created before
// it, so restoring in this order satisfies every foreign key. A table a
// later migration drops is not among them.
func BackupTables(withAccounts bool) ([]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		for _, g := range tableStatement.FindAllStringSubmatch(forDialect(m.sql, SQLite), -1) {
			name := g[2]
			if strings.EqualFold(g[1], "DROP") {
				out = slices.DeleteFunc(out, func(n string) bool { return n == name })
				continue
			}
			if slices.Contains(out, name) || slices.Contains(derivedTables, name) || (!withAccounts && slices.Contains(accountTables, name)) {
				continue
			}
			out = append(out, name)
		}
	}
	return out, nil
}

// TableSink receives a backup: each table's columns, then its rows. The
// values are nil, int64, float64, string, []byte or bool, as the engine
// returns them.
type TableSink interface {
	Table(name string, columns []string) error
	Row(values []any) error
}

// BackupOptions says what a backup holds.
type BackupOptions struct {
	// WithAccounts keeps accounts, credentials and sessions. Without it
	// the users stay, since records name them, but with no password, no
	// authenticator and disabled: no one can sign in with a copy.
	WithAccounts bool
}

// Backup streams every table of the backup to sink, in one read-only
// transaction, so that the backup is one state of the instance.
func (db *DB) Backup(ctx context.Context, opts BackupOptions, sink TableSink) error {
	tables, err := BackupTables(opts.WithAccounts)
	if err != nil {
		return accord.Wrap("backup", err)
	}
	return db.read(ctx, "backup", func(t *txn) error {
		now := stamp(t.db.now()).Format(timeFormat)
		for _, table := range tables {
			cols, err := t.columns(table)
			if err != nil {
				return err
			}
			if err := sink.Table(table, cols); err != nil {
				return err
			}
			if err := t.dumpTable(table, cols, func(vals []any) error {
				if table == "users" && !opts.WithAccounts {
					withoutCredentials(cols, vals, now)
				}
				return sink.Row(vals)
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// withoutCredentials blanks a user row's ways in and disables it.
func withoutCredentials(cols []string, vals []any, now string) {
	for i, c := range cols {
		switch c {
		case "password_hash":
			vals[i] = ""
		case "totp_secret":
			vals[i] = nil
		case "disabled_at":
			if vals[i] == nil {
				vals[i] = now
			}
		}
	}
}

// tableColumn is a column of this database, as a restore converts to it.
type tableColumn struct {
	name, typ string
}

// tableColumns lists a table's stored columns with their declared types,
// lower case; generated columns (PostgreSQL's search vector) are left out,
// since the engine computes them.
func (t *txn) tableColumns(table string) ([]tableColumn, error) {
	var q string
	if t.db.dialect == Postgres {
		q = `SELECT column_name, lower(data_type) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`
	} else {
		q = `SELECT name, lower(type) FROM pragma_table_info($1) ORDER BY cid`
	}
	cols, err := all(t, func(r scanner) (c tableColumn, err error) { return c, r.Scan(&c.name, &c.typ) }, q, table)
	if err == nil && len(cols) == 0 {
		err = fmt.Errorf("table %s does not exist", table)
	}
	return cols, err
}

func (t *txn) columns(table string) ([]string, error) {
	cols, err := t.tableColumns(table)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names, err
}

// dumpTable reads every row of table, ordered by its first column so that
// rows that refer to earlier rows of the same table come after them.
func (t *txn) dumpTable(table string, cols []string, fn func([]any) error) error {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT `+quoteColumns(cols)+` FROM `+table+` ORDER BY 1`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = slices.Clone(b) // the driver reuses its buffer
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

func quoteColumns(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// RestoreTable is one table of a backup, as a restore reads it: its
// columns, and its rows one at a time through Rows.
type RestoreTable struct {
	Name    string
	Columns []string
	// Rows calls fn with each row in turn, stopping at its first error.
	Rows func(fn func([]any) error) error
}

// RestoreReport counts what a restore stored.
type RestoreReport struct {
	Tables int
	Rows   map[string]int
}

// maxRestoreRows bounds the rows of one table a restore accepts, so that a
// crafted backup cannot run a transaction forever.
const maxRestoreRows = 50_000_000

// Restore stores a backup into this database, which must be empty: every
// table, in one transaction, or nothing. The rows are inserted as they
// are, with their ids; PostgreSQL's id sequences are then moved past them.
// Only the tables this binary's migrations create are accepted.
func (db *DB) Restore(ctx context.Context, next func() (*RestoreTable, error), source string) (*RestoreReport, error) {
	known, err := BackupTables(true)
	if err != nil {
		return nil, accord.Wrap("restore", err)
	}
	var rep *RestoreReport
	err = db.write(ctx, "restore", func(t *txn) error {
		rep = &RestoreReport{Rows: map[string]int{}}
		if err := t.checkEmpty(known); err != nil {
			return err
		}
		var done []string
		for {
			tab, err := next()
			if err != nil {
				return err
			}
			if tab == nil {
				break
			}
			if !slices.Contains(known, tab.Name) {
				return accord.Invalid("backup", "table %s is not one this version of Accord has", tab.Name)
			}
			if slices.Contains(done, tab.Name) {
				return accord.Invalid("backup", "table %s comes twice", tab.Name)
			}
			done = append(done, tab.Name)
			n, err := t.restoreTable(tab)
			if err != nil {
				return err
			}
			rep.Tables++
			rep.Rows[tab.Name] = n
		}
		if err := t.moveSequences(done); err != nil {
			return err
		}
		return t.audit("instance.restore", "backup", nil, map[string]any{"source": source, "tables": rep.Tables, "rows": rep.Rows})
	})
	return rep, err
}

// checkEmpty refuses a database that holds records: a restore adds an
// instance's whole history, which cannot merge with another's.
func (t *txn) checkEmpty(tables []string) error {
	for _, table := range tables {
		var n int64
		if err := t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return err
		}
		if slices.Contains(seededTables, table) {
			continue
		}
		if n > 0 {
			return accord.Errorf(accord.ECONFLICT, "the database is not empty: table %s holds %d rows; restore into a new, empty database", table, n)
		}
	}
	var size int64
	if err := t.tx.QueryRowContext(t.ctx, `SELECT size FROM log_state WHERE id = 1`).Scan(&size); err != nil && err != sql.ErrNoRows {
		return err
	}
	if size > 0 {
		return accord.Errorf(accord.ECONFLICT, "the database is not empty: its log holds %d entries; restore into a new, empty database", size)
	}
	return nil
}

// restoreTable inserts a table's rows, converted to this engine's column
// types: a SQLite backup has booleans as 0 and 1.
func (t *txn) restoreTable(tab *RestoreTable) (int, error) {
	cols, err := t.tableColumns(tab.Name)
	if err != nil {
		return 0, err
	}
	types := make([]string, len(tab.Columns))
	for i, name := range tab.Columns {
		k := slices.IndexFunc(cols, func(c tableColumn) bool { return c.name == name })
		if k < 0 {
			return 0, accord.Invalid("backup", "table %s has no column %s in this version of Accord", tab.Name, name)
		}
		if slices.Contains(tab.Columns[:i], name) {
			return 0, accord.Invalid("backup", "table %s lists column %s twice", tab.Name, name)
		}
		types[i] = cols[k].typ
	}
	if slices.Contains(seededTables, tab.Name) {
		if err := t.exec(`DELETE FROM ` + tab.Name); err != nil {
			return 0, err
		}
	}
	var args strings.Builder
	for i := range tab.Columns {
		if i > 0 {
			args.WriteString(", ")
		}
		fmt.Fprintf(&args, "$%d", i+1)
	}
	stmt, err := t.tx.PrepareContext(t.ctx, `INSERT INTO `+tab.Name+` (`+quoteColumns(tab.Columns)+`) VALUES (`+args.String()+`)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	n := 0
	err = tab.Rows(func(vals []any) error {
		if n++; n > maxRestoreRows {
			return accord.Invalid("backup", "table %s holds more than %d rows", tab.Name, maxRestoreRows)
		}
		if len(vals) != len(types) {
			return accord.Invalid("backup", "row %d of table %s has %d values for %d columns", n, tab.Name, len(vals), len(types))
		}
		for i, v := range vals {
			if vals[i], err = convert(v, types[i]); err != nil {
				return accord.Invalid("backup", "row %d of table %s, tableColumn %s: %v", n, tab.Name, tab.Columns[i], err)
			}
		}
		if _, err := stmt.ExecContext(t.ctx, vals...); err != nil {
			return accord.Errorf(accord.EINVALID, "row %d of table %s is refused: %v", n, tab.Name, err)
		}
		return nil
	})
	return n, err
}

// convert turns a backed-up value into what the tableColumn takes.
func convert(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch {
	case typ == "boolean":
		switch b := v.(type) {
		case bool:
			return b, nil
		case int64:
			return b != 0, nil
		}
		return nil, fmt.Errorf("%T is not a boolean", v)
	case typ == "bytea" || typ == "blob":
		switch b := v.(type) {
		case []byte:
			return b, nil
		}
		return nil, fmt.Errorf("%T is not bytes", v)
	case strings.Contains(typ, "int"):
		switch i := v.(type) {
		case int64:
			return i, nil
		case bool: // a SQLite BOOLEAN never reaches here, but an INTEGER 0/1 may be read as one
			if i {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return nil, fmt.Errorf("%T is not an integer", v)
	}
	switch v.(type) {
	case string, int64, float64:
		return v, nil
	}
	return nil, fmt.Errorf("%T is not text", v)
}

// moveSequences sets each PostgreSQL identity past the restored ids, so
// that the next row gets a new one; SQLite takes the largest id plus one
// by itself.
func (t *txn) moveSequences(tables []string) error {
	if t.db.dialect != Postgres {
		return nil
	}
	// Only tables with an identity id: asking PostgreSQL for the sequence
	// of a tableColumn that is not there aborts the transaction.
	var args []any
	withID, err := all(t, func(r scanner) (s string, err error) { return s, r.Scan(&s) },
		`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'
			AND (is_identity = 'YES' OR column_default LIKE 'nextval%') AND table_name IN (`+placeholders(&args, tables)+`) ORDER BY table_name`, args...)
	if err != nil {
		return err
	}
	for _, table := range withID {
		if err := t.exec(`SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM `+table+`), 0) + 1, false)`, table); err != nil {
			return err
		}
	}
	return nil
}
