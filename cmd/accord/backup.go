package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/archive"
	"github.com/accord-org/accord/sqlstore"
)

func runBackup(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", "Writes the whole instance as one BagIt bag (a folder, or .zip), every table as stored,\n"+
		"the transparency log with it, and the attachment files:\n"+
		"  accord backup --db accord.db --out accord-backup.zip\n"+
		"Accounts and sessions stay out unless --with-accounts; the users stay, disabled and without credentials,\n"+
		"because records name them. 'accord restore' puts a backup into an empty database of either engine.\n", stderr)
	cfg := bindConfig(fs, env)
	fs.StringVar(&cfg.Files, "files", envOr(env, "ACCORD_FILES", ""), "folder the server keeps attachment files in, if it was given one (env ACCORD_FILES)")
	out := fs.String("out", "", "the bag to write: a new folder, or a file ending in .zip (required)")
	withAccounts := fs.Bool("with-accounts", false, "keep accounts, credentials and sessions too: the backup then opens every account")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return accord.Invalid("out", "is required: a new folder, or a file ending in .zip")
	}
	db, files, err := openWithFiles(ctx, cfg, openDB)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := archive.Backup(ctx, db, files, *out, time.Now(), *withAccounts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s: %d tables, %d rows, %d attachment files, %d payload bytes.\n", *out, res.Tables, res.Rows, res.Files, res.PayloadBytes)
	if !*withAccounts {
		fmt.Fprintln(stdout, "  accounts and sessions left out; users kept disabled, without credentials (--with-accounts keeps them)")
	}
	fmt.Fprintf(stdout, "  restore into an empty database: %s restore %s --db URL --data DIR (with this instance's log key in DIR)\n", selfCommand(), *out)
	return nil
}

func runRestore(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", "Restores a backup ('accord backup') into an empty database, SQLite or PostgreSQL, in one\n"+
		"transaction; the bag is checked first (RFC 8493) and nothing is stored if it fails:\n"+
		"  accord restore accord-backup.zip --db postgres://accord@db/accord --data /srv/accord\n"+
		"Copy the old instance's log key (log.key) into the new data folder: the restored log is signed by it.\n", stderr)
	cfg := bindConfig(fs, env)
	fs.StringVar(&cfg.Files, "files", envOr(env, "ACCORD_FILES", ""), "folder to keep attachment files in, if the server is given one (env ACCORD_FILES)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "accord restore: give one backup (a folder or a .zip)")
		fs.Usage()
		return errUsage
	}
	// An empty database is migrated first: the backup's rows go into this
	// binary's schema.
	db, files, err := openWithFiles(ctx, cfg, openMigrated)
	if err != nil {
		return err
	}
	defer db.Close()
	actx := accord.WithActor(ctx, &accord.Actor{Label: "accord restore"})
	res, rep, err := archive.Restore(actx, db, files, pos[0])
	if err := bagOutcome(stdout, stderr, "NOT RESTORED", pos[0], rep, err); err != nil {
		return err
	}
	rows := 0
	for _, n := range res.Rows {
		rows += n
	}
	fmt.Fprintf(stdout, "Restored %s into %s: %d tables, %d rows, %d attachment files.\n", pos[0], describeDB(cfg.dsn()), res.Tables, rows, res.Files)
	fmt.Fprintf(stdout, "  check it: %s log verify --db %s --data %s\n", selfCommand(), cfg.dsn(), cfg.DataDir)
	return nil
}

// openWithFiles opens the database with open, and the folder the server
// keeps attachment files in: what backup, restore and import read and
// write.
func openWithFiles(ctx context.Context, cfg *Config, open func(context.Context, *Config) (*sqlstore.DB, error)) (*sqlstore.DB, accord.FileStore, error) {
	db, err := open(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	files, err := (&Main{Config: *cfg, DB: db}).fileStore()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, files, nil
}
