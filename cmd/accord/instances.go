package main

import (
	"context"
	"path/filepath"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/filestore"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
)

// What lets several instances serve one PostgreSQL database: one log key,
// recorded in the database, and files kept in the database.

// logKeyPath is the log's private key file: --log-key, else log.key in the
// data folder.
func (c *Config) logKeyPath() string {
	if c.LogKey != "" {
		return c.LogKey
	}
	return filepath.Join(c.DataDir, logKeyFile)
}

// checkLogKey records the instance's log key in the database on the log's
// first start, and refuses to serve a log recorded with another key: its
// checkpoints would be signed by two keys, and a trust file names one.
//
// A log from before keys were recorded is claimed only by the key that
// signed its latest checkpoint, so that the instance that starts first after
// the upgrade cannot claim a log another key signed.
func checkLogKey(ctx context.Context, db *sqlstore.DB, cfg *Config, signer *translog.LogSigner) error {
	ctx = accord.WithActor(ctx, &accord.Actor{Label: "accord serve"})
	if _, err := db.LogKey(ctx); accord.ErrorCode(err) == accord.ENOTFOUND {
		if err := checkSignedLatest(ctx, db, cfg, signer); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	recorded, err := db.RecordLogKey(ctx, signer.VKey())
	if err != nil || recorded == signer.VKey() {
		return err
	}
	fp, _ := translog.Fingerprint(recorded)
	return accord.Errorf(accord.ECONFLICT, "the log in this database is signed with the key %s (fingerprint %s), but this instance's key in %s is %s: "+
		"give every instance the log's key, by copying log.key from the data folder of the instance that made it, or with --log-key FILE",
		recorded, fp, cfg.logKeyPath(), signer.VKey())
}

// checkSignedLatest refuses a key that did not sign the log's latest
// checkpoint.
func checkSignedLatest(ctx context.Context, db *sqlstore.DB, cfg *Config, signer *translog.LogSigner) error {
	cp, err := db.LatestCheckpoint(ctx)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	trust, err := translog.ParseTrust([]byte("log " + signer.VKey() + "\nquorum none\n"))
	if err != nil {
		return err
	}
	if _, err := trust.VerifyCheckpoint(cp.Note); err != nil {
		return accord.Errorf(accord.ECONFLICT, "the log's latest checkpoint (size %d) is not signed by this instance's key in %s (%s): "+
			"start first the instance whose key signed it, or give this one that key with --log-key FILE", cp.Size, cfg.logKeyPath(), signer.VKey())
	}
	return nil
}

// fileStore is where attachments are kept: the folder --files names, for
// one instance; else in the database on PostgreSQL, which every instance
// reads, and the data folder on SQLite, whose one instance is on one
// machine. Uploads to the database are staged in the data folder.
func (m *Main) fileStore() (accord.FileStore, error) {
	switch {
	case m.Config.Files != "":
		return filestore.New(m.Config.Files)
	case m.DB.Dialect() == sqlstore.Postgres:
		return m.DB.Files(filepath.Join(m.Config.DataDir, "uploads"))
	}
	return filestore.New(filepath.Join(m.Config.DataDir, "files"))
}
