package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/archive"
	"github.com/accord-org/accord/translog"
)

const archiveUsage = `Usage: accord archive export|verify|import [flags]
  export  write an organization's, a body's or a meeting's archive as a BagIt bag (a folder, or .zip)
  verify  check a bag offline: its manifests, the signature over its tag manifest, its log proof
  import  verify a bag, then store it into this instance in one transaction (the incoming chair's server)
`

func runArchive(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	subs := map[string]func(context.Context, []string, func(string) string, io.Writer, io.Writer) error{
		"export": runArchiveExport, "verify": runArchiveVerify, "import": runArchiveImport,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		if len(args) > 0 && isHelp(args[0]) {
			fmt.Fprint(stdout, archiveUsage)
			return flag.ErrHelp
		}
		unknownSubcommand(stderr, "archive", args)
		fmt.Fprint(stderr, archiveUsage)
		return errUsage
	}
	return subs[args[0]](ctx, args[1:], env, stdout, stderr)
}

func runArchiveExport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("archive export", "Writes one BagIt 1.0 bag of the archive, filtered by what the party it is for may read:\n"+
		"  accord archive export --org SCO --body PGM --for PK --key sco-secretariat.key --out sco-pgm.zip\n"+
		"The tag manifest is signed with the secretariat's key and entered in the transparency log.\n", stderr)
	cfg := bindConfig(fs, env)
	bindWitnesses(fs, env, cfg)
	fs.StringVar(&cfg.Files, "files", envOr(env, "ACCORD_FILES", ""), "folder the server keeps attachment files in, if it was given one (env ACCORD_FILES)")
	org := fs.String("org", "", "organization code, such as SCO (required)")
	body := fs.String("body", "", "body code, such as PGM; without it, the whole organization")
	meeting := fs.Int("meeting", 0, "one meeting's number, within --body")
	forState := fs.String("for", "", "the state of the incoming chair the bag is for; without it, the secretariat")
	out := fs.String("out", "", "the bag to write: a new folder, or a file ending in .zip (required)")
	keyPath := fs.String("key", "", "the secretariat's sealed key file ('accord key new'), which signs the tag manifest (required)")
	pfile := fs.String("passphrase-file", "", "file holding the key's passphrase (else $ACCORD_PASSPHRASE)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *org == "":
		return accord.Invalid("org", "is required, such as --org SCO")
	case *out == "":
		return accord.Invalid("out", "is required: a new folder, or a file ending in .zip")
	case *keyPath == "":
		return accord.Invalid("key", "is required: the secretariat's key file, which signs the bag ('accord key new' makes one)")
	case *meeting < 0 || *meeting > 10000:
		return accord.Invalid("meeting", "must be a meeting's number")
	}
	kf, signer, err := openKeyFile(*keyPath, *pfile, env)
	if err != nil {
		return err
	}
	logSigner, err := loadLogSigner(cfg.logKeyPath(), "", false)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkLogKey(ctx, db, cfg, logSigner); err != nil {
		return err
	}
	ws, err := loadWitnesses(cfg.Witnesses)
	if err != nil {
		return err
	}
	m := &Main{Config: *cfg, DB: db}
	files, err := m.fileStore()
	if err != nil {
		return err
	}
	x := &archive.Exporter{Store: db, Files: files, Log: &translog.Log{Store: db, Signer: logSigner, Witnesses: ws},
		Signer: signer, SignerKey: kf.VKey, Now: time.Now}
	if isTerminal(stderr) {
		x.Progress = func(p archive.Progress) {
			fmt.Fprintf(stderr, "\rexporting: %d documents, %d files, %.1f MB", p.Documents, p.Files, float64(p.Bytes)/1e6)
			if p.Done {
				fmt.Fprintln(stderr)
			}
		}
	}
	actx := accord.WithActor(ctx, &accord.Actor{Label: "cli"})
	res, err := x.Export(actx, archive.Request{Org: *org, Body: *body, Meeting: *meeting, For: strings.ToUpper(*forState), Path: *out})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s: %d payload files, %d bytes, for the %s.\n", *out, res.PayloadFiles, res.PayloadBytes, res.Export.PreparedFor)
	fmt.Fprintf(stdout, "  left out: %s\n", archive.CountList(res.LeftOut))
	fmt.Fprintf(stdout, "  tag manifest SHA-256 %s, signed by %s, in the log at index %d\n", res.Export.TagManifestSHA256, kf.VKey, res.Export.LogIndex)
	fmt.Fprintf(stdout, "  verify offline: %s archive verify %s --trust FILE (the log's trust file with a line \"signer %s\")\n", selfCommand(), *out, kf.VKey)
	return nil
}

// isTerminal reports whether w is a terminal, where a progress line that
// rewrites itself is welcome; in a log file it would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func runArchiveVerify(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("archive verify", "Checks a bag offline: complete and valid by RFC 8493, its tag manifest signed by a trusted\n"+
		"secretariat, its entry in the log under a trusted checkpoint, and every signing bundle inside:\n  accord archive verify BAG --trust FILE\n", stderr)
	trustPath := fs.String("trust", "", "trust file: the log's key, its witnesses, and a \"signer <vkey>\" line per trusted secretariat (required)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *trustPath == "" || len(pos) != 1 {
		fmt.Fprintln(stderr, "accord archive verify: give one bag (a folder or a .zip) and --trust FILE")
		fs.Usage()
		return errUsage
	}
	trust, err := readTrust(*trustPath)
	if err != nil {
		return err
	}
	c, err := archive.CheckBag(pos[0], trust)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return accord.Errorf(accord.ENOTFOUND, "%v", err)
		}
		return accord.Errorf(accord.EINVALID, "%s: %v", pos[0], err)
	}
	fmt.Fprintf(stdout, "Bag %s (%s, for the %s): %d payload files, %d bytes, %d tag files.\n", pos[0],
		c.Info.Get("External-Identifier"), c.Info.Get(archive.LabelFor), c.PayloadFiles, c.PayloadBytes, c.TagFiles)
	fmt.Fprintf(stdout, "  left out: %s\n", c.Info.Get(archive.LabelLeftOut))
	if c.Signer != "" {
		fmt.Fprintf(stdout, "  tag manifest signed by %s\n", c.Signer)
	}
	if c.LogIndex >= 0 {
		fmt.Fprintf(stdout, "  in the log at index %d of a checkpoint of %d entries", c.LogIndex, c.TreeSize)
		if len(c.Witnesses) > 0 {
			fmt.Fprintf(stdout, ", cosigned by %s", strings.Join(c.Witnesses, ", "))
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "  %d signing bundles and %d record log entries checked, %d sittings against their meetings\n", c.Bundles, c.Entries, c.Sittings)
	for _, w := range c.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if !c.OK() {
		fmt.Fprintf(stdout, "NOT VERIFIED: %d problem(s):\n", len(c.Problems))
		for _, p := range c.Problems {
			fmt.Fprintf(stdout, "  - %s\n", p)
		}
		return errVerify
	}
	fmt.Fprintln(stdout, "Verified: the bag is complete, signed, and in the log.")
	return nil
}

func runArchiveImport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("archive import", "Verifies a bag as 'accord archive verify' does, then stores it into this instance in one\n"+
		"transaction, or nothing: the incoming chair's server takes the outgoing chair's archive.\n"+
		"  accord archive import sco-pgm.zip --trust archive-trust.txt --db postgres://accord@db/accord --data /srv/accord\n"+
		"The records keep the sender's log entries and proofs; the import is one entry of this instance's log.\n"+
		"Importing the same bag again adds nothing.\n", stderr)
	cfg := bindConfig(fs, env)
	fs.StringVar(&cfg.Files, "files", envOr(env, "ACCORD_FILES", ""), "folder to keep attachment files in, if the server is given one (env ACCORD_FILES)")
	trustPath := fs.String("trust", "", "trust file: the sender's log key, its witnesses, and a \"signer <vkey>\" line for the sending secretariat (required)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *trustPath == "" || len(pos) != 1 {
		fmt.Fprintln(stderr, "accord archive import: give one bag (a folder or a .zip) and --trust FILE")
		fs.Usage()
		return errUsage
	}
	trust, err := readTrust(*trustPath)
	if err != nil {
		return err
	}
	db, files, err := openWithFiles(ctx, cfg, openMigrated)
	if err != nil {
		return err
	}
	defer db.Close()
	var progress func(int)
	if isTerminal(stderr) {
		progress = func(n int) { fmt.Fprintf(stderr, "\rimporting: %d documents", n) }
	}
	actx := accord.WithActor(ctx, &accord.Actor{Label: "accord archive import"})
	res, c, err := archive.Import(actx, db, files, pos[0], trust, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	var rep *archive.Report
	if c != nil {
		rep = c.Report
	}
	if err := bagOutcome(stdout, stderr, "NOT IMPORTED", pos[0], rep, err); err != nil {
		return err
	}
	if res.Already {
		fmt.Fprintf(stdout, "%s is already imported (import %d), nothing added; it had added %s.\n", pos[0], res.ImportID, archive.CountList(res.Added))
		return nil
	}
	fmt.Fprintf(stdout, "Imported %s (%s) into %s as import %d: %s, %d attachment files.\n", pos[0], c.Info.Get("External-Identifier"),
		describeDB(cfg.dsn()), res.ImportID, archive.CountList(res.Added), res.Files)
	if res.Same > 0 {
		fmt.Fprintf(stdout, "  added to the earlier import of %s: %d records were here already, the same, and were skipped\n", c.Info.Get("External-Identifier"), res.Same)
	}
	fmt.Fprintf(stdout, "  verified first: signed by %s, in the sender's log at index %d; tag manifest SHA-256 %s is in this log too\n",
		c.Signer, c.LogIndex, translog.SHA256Hex(c.TagManifest))
	return nil
}

// bagOutcome tells what checking a bag found, as import and restore both
// do: the problems on stdout under refused ("NOT IMPORTED"), and then
// errVerify; a bag that is not there as not found; and the warnings of
// a bag that passed, on stderr.
func bagOutcome(stdout, stderr io.Writer, refused, path string, rep *archive.Report, err error) error {
	if errors.Is(err, archive.ErrNotValid) && rep != nil {
		fmt.Fprintf(stdout, "%s: %s has %d problem(s):\n", refused, path, len(rep.Problems))
		for _, p := range rep.Problems {
			fmt.Fprintf(stdout, "  - %s\n", p)
		}
		return errVerify
	}
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return accord.Errorf(accord.ENOTFOUND, "%v", err)
		}
		return err
	}
	if rep != nil {
		for _, w := range rep.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
	}
	return nil
}
