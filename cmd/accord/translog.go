package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
	"github.com/transparency-dev/formats/witness"
	"golang.org/x/mod/sumdb/note"
)

// logKeyFile is the log's private key in the data folder, unless --log-key
// names another file. Every instance behind a load balancer must hold the
// same key: the database records it, and refuses another.
const logKeyFile = "log.key"

// loadLogSigner reads the log's key from path. Only the commands that start
// a log (serve, demo) make it when it is missing (create): a key made by any
// other command would sign checkpoints that the real key's trust file
// refuses. The key's name, which is the log's origin, is fixed then:
// "<host>/log".
func loadLogSigner(path, publicURL string, create bool) (*translog.LogSigner, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !create {
		return nil, accord.Errorf(accord.ENOTFOUND, "there is no log key at %s: give --data the folder of the server whose log this is ('accord serve' makes the key on its first start)", path)
	}
	if errors.Is(err, os.ErrNotExist) {
		host := "accord.local"
		if u, err := url.Parse(publicURL); err == nil && u.Host != "" {
			host = u.Host
		}
		skey, _, err := note.GenerateKey(rand.Reader, host+"/log")
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			// Another process made it first: use theirs.
			return loadLogSigner(path, publicURL, create)
		}
		if err != nil {
			return nil, fmt.Errorf("create the log key: %w", err)
		}
		if _, err := f.WriteString(skey + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		b = []byte(skey)
	} else if err != nil {
		return nil, fmt.Errorf("read the log key: %w", err)
	}
	return translog.NewLogSigner(string(b))
}

// loadWitnesses reads a witness policy file: the witnesses Accord submits
// its checkpoints to.
func loadWitnesses(path string) ([]*translog.WitnessClient, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g, err := witness.ParsePolicy(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []*translog.WitnessClient
	for u, v := range g.Endpoints() {
		out = append(out, &translog.WitnessClient{URL: u, Verifier: v, HTTP: &http.Client{Timeout: 10 * time.Second}})
	}
	return out, nil
}

// newLog makes the log of a running server.
func (m *Main) newLog(ctx context.Context) (*translog.Log, error) {
	signer, err := loadLogSigner(m.Config.logKeyPath(), m.publicURL, true)
	if err != nil {
		return nil, err
	}
	if err := checkLogKey(ctx, m.DB, &m.Config, signer); err != nil {
		return nil, err
	}
	ws, err := loadWitnesses(m.Config.Witnesses)
	if err != nil {
		return nil, err
	}
	return &translog.Log{Store: m.DB, Signer: signer, Witnesses: ws, Logger: m.Config.Logger}, nil
}

// checkpointLoop signs a checkpoint (and links the audit trail) every
// interval until ctx ends, so that witnesses and readers see the log grow.
func checkpointLoop(ctx context.Context, l *translog.Log, every time.Duration, logger *slog.Logger) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// Another instance's round is as good as this one's.
			if _, _, err := l.TryCheckpoint(ctx); err != nil && ctx.Err() == nil {
				logger.Error("checkpoint failed", "err", err)
			}
		}
	}
}

// parseArgs parses flags that may come before or after positional
// arguments ("accord verify BUNDLE --trust FILE"), and returns the
// positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// passphrase reads the passphrase of a key file from a file, or from the
// environment variable ACCORD_PASSPHRASE, for scripts and tests. There is
// no prompt: a terminal prompt needs x/term, and an operator can use a file
// descriptor (--passphrase-file /dev/fd/3).
func passphrase(file string, env func(string) string) ([]byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		return []byte(strings.TrimRight(string(b), "\r\n")), nil
	}
	if p := env("ACCORD_PASSPHRASE"); p != "" {
		return []byte(p), nil
	}
	return nil, accord.Invalid("passphrase-file", "give the passphrase with --passphrase-file FILE or the environment variable ACCORD_PASSPHRASE")
}

func runKey(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "new" && args[0] != "show") {
		unknownSubcommand(stderr, "key", args)
		fmt.Fprintln(stderr, "Usage: accord key new|show [flags]\n  new   make an Ed25519 signing key; the private key is sealed with a passphrase\n  show  print a key file's public key and fingerprint")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet("key "+args[0], "", stderr)
	if args[0] == "show" {
		pos, err := parseArgs(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "Usage: accord key show FILE")
			return errUsage
		}
		b, err := os.ReadFile(pos[0])
		if err != nil {
			return err
		}
		kf, err := translog.ParseKeyFile(b)
		if err != nil {
			return err
		}
		return printKey(stdout, kf.VKey)
	}
	name := fs.String("name", "", "the key's name, such as pk-head-2024 (letters, digits, . _ : / -)")
	out := fs.String("out", "", "file to write the sealed private key to (required; never overwritten)")
	pfile := fs.String("passphrase-file", "", "file holding the passphrase (else $ACCORD_PASSPHRASE)")
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	if *name == "" || *out == "" {
		fmt.Fprintln(stderr, "accord key new: --name and --out are required")
		return errUsage
	}
	pass, err := passphrase(*pfile, env)
	if err != nil {
		return err
	}
	vkey, err := newKeyFile(*name, *out, pass, translog.DefaultKDF)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote the sealed private key to %s. Keep it, and its passphrase, to yourself.\n", *out)
	return printKey(stdout, vkey)
}

// newKeyFile makes a key and writes it sealed to path, which must not exist.
func newKeyFile(name, path string, pass []byte, kdf translog.KDF) (vkey string, err error) {
	skey, vkey, err := translog.NewKey(name)
	if err != nil {
		return "", err
	}
	sealed, err := translog.SealKey(skey, vkey, pass, kdf)
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("write the key: %w", err)
	}
	if _, err := f.Write(sealed); err != nil {
		f.Close()
		return "", err
	}
	return vkey, f.Close()
}

func printKey(w io.Writer, vkey string) error {
	fp, err := translog.Fingerprint(vkey)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Public key:  %s\nFingerprint: %s\n", vkey, fp)
	return nil
}

func runSign(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sign", "Signs a signing statement as a signed note and prints it:\n  accord sign --key FILE statement.txt\n", stderr)
	keyPath := fs.String("key", "", "your sealed key file (required)")
	pfile := fs.String("passphrase-file", "", "file holding the passphrase (else $ACCORD_PASSPHRASE)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *keyPath == "" || len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	statement, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	_, signer, err := openKeyFile(*keyPath, *pfile, env)
	if err != nil {
		return err
	}
	signed, err := translog.SignStatement(statement, signer)
	if err != nil {
		return err
	}
	_, err = stdout.Write(signed)
	return err
}

// openKeyFile opens a sealed key file with its passphrase.
func openKeyFile(path, pfile string, env func(string) string) (*translog.KeyFile, note.Signer, error) {
	kb, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	kf, err := translog.ParseKeyFile(kb)
	if err != nil {
		return nil, nil, err
	}
	pass, err := passphrase(pfile, env)
	if err != nil {
		return nil, nil, err
	}
	signer, err := kf.Open(pass)
	return kf, signer, err
}

// errVerify makes the exit status 1 once the report is printed.
var errVerify = errors.New("verification failed")

func runVerify(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("verify", "Checks a signed document's bundle offline, against trusted keys:\n  accord verify BUNDLE --trust FILE\n"+
		"It exits 0 only when the document is in force: every signatory's signature and the completion verify.\n", stderr)
	trustPath := fs.String("trust", "", "trust file: the log's key, the witnesses' keys and the witness policy (required)")
	allowPartial := fs.Bool("allow-partial", false, "exit 0 also for a bundle that verifies but is not signed by all, such as one of a signing still open")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *trustPath == "" || len(pos) != 1 {
		switch {
		case len(pos) != 1:
			fmt.Fprintln(stderr, "accord verify: give one bundle file (a document's /bundle download)")
		default:
			fmt.Fprintln(stderr, "accord verify: --trust FILE is missing: the trust file with the log's key and its witnesses ('accord log trust' prints it; the demo writes <data>/trust.txt)")
		}
		fs.Usage()
		return errUsage
	}
	trust, err := readTrust(*trustPath)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	r, err := translog.VerifyBundle(raw, trust)
	if err != nil {
		return accord.Errorf(accord.EINVALID, "%v", err)
	}
	printReport(stdout, r, *allowPartial)
	if !r.OK() {
		fmt.Fprintf(stderr, "accord verify: %d problem(s):\n", len(r.Problems))
		for _, p := range r.Problems {
			fmt.Fprintf(stderr, "  - %s\n", p)
		}
		return errVerify
	}
	// A host that hides signatures must not make a bundle look as good as
	// a signed one.
	if !r.SignedByAll && !*allowPartial {
		return fmt.Errorf("the document is not in force: %s (--allow-partial accepts a signing that is not complete)", notSignedBy(r))
	}
	return nil
}

// readTrust reads and parses a trust file.
func readTrust(path string) (*translog.Trust, error) {
	tb, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	trust, err := translog.ParseTrust(tb)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%v", err)
	}
	return trust, nil
}

// notSignedBy says what a verified bundle lacks to be signed by all.
func notSignedBy(r *translog.Report) string {
	var missing []string
	for _, s := range r.States {
		if !s.Signed {
			missing = append(missing, s.State)
		}
	}
	if len(missing) == 0 {
		return "the bundle holds no completion entry"
	}
	return "the bundle holds no signature of " + strings.Join(missing, ", ")
}

func printReport(w io.Writer, r *translog.Report, allowPartial bool) {
	fmt.Fprintf(w, "Document %s, log %s, checkpoint of %d entries", r.Reference, r.Origin, r.TreeSize)
	if len(r.Witnesses) > 0 {
		fmt.Fprintf(w, ", cosigned by %s", strings.Join(r.Witnesses, ", "))
	}
	fmt.Fprintln(w, ".")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATUS\tSHA-256\tLOG INDEX\tMATCHES")
	for _, v := range r.Versions {
		status := "translation"
		if v.Authentic {
			status = "authentic"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s…\t%d\t%s\n", v.Lang, status, v.SHA256[:min(16, len(v.SHA256))], v.LogIndex, yesNo(v.Matches))
	}
	tw.Flush()
	if len(r.Revisions) > 0 {
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "REVISION\tCIRCULATED\tSHA-256\tLOG INDEX\tADOPTED")
		for _, c := range r.Revisions {
			adopted := "no"
			if c.Adopted {
				adopted = "yes"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s…\t%d\t%s\n", c.Number, c.CirculatedAt, c.SHA256[:min(16, len(c.SHA256))], c.LogIndex, adopted)
		}
		tw.Flush()
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tSIGNED\tBY\tKEY\tFINGERPRINT\tLOG INDEX\tAT")
	for _, s := range r.States {
		if !s.Signed {
			fmt.Fprintf(tw, "%s\tno\t\t\t\t\t\n", s.State)
			continue
		}
		fmt.Fprintf(tw, "%s\tyes\t%s\t%s\t%s\t%d\t%s\n", s.State, s.Person, s.Key, s.Fingerprint, s.LogIndex, s.SignedAt)
	}
	tw.Flush()
	switch {
	case !r.OK():
		fmt.Fprintln(w, "NOT VERIFIED.")
	case r.SignedByAll:
		fmt.Fprintln(w, "Verified: signed by all, and every authentic version matches what was signed.")
	case allowPartial:
		fmt.Fprintf(w, "Verified, but not every signatory has signed yet (%s): the document is not in force.\n", notSignedBy(r))
	default:
		fmt.Fprintf(w, "NOT IN FORCE: %s.\n", notSignedBy(r))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

func runLog(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "trust" && args[0] != "checkpoint") {
		unknownSubcommand(stderr, "log", args)
		fmt.Fprintln(stderr, "Usage: accord log verify|trust|checkpoint [flags]\n  verify      replay the database against the log and its latest checkpoint\n  trust       print a trust file for 'accord verify' with this log's key\n  checkpoint  sign a checkpoint now and print it")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet("log "+args[0], "", stderr)
	cfg := bindConfig(fs, env)
	if args[0] != "verify" {
		bindWitnesses(fs, env, cfg)
	}
	var rows *bool
	if args[0] == "verify" {
		rows = fs.Bool("rows", false, "also compare the index rows of bundled entries with their bundles, reading a row per entry (slower)")
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	signer, err := loadLogSigner(cfg.logKeyPath(), "", false)
	if err != nil {
		return err
	}
	if args[0] == "trust" {
		return printTrust(stdout, signer.VKey(), cfg.Witnesses)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ws, err := loadWitnesses(cfg.Witnesses)
	if err != nil {
		return err
	}
	l := &translog.Log{Store: db, Signer: signer, Witnesses: ws}
	if args[0] == "checkpoint" {
		if err := checkLogKey(ctx, db, cfg, signer); err != nil {
			return err
		}
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			return err
		}
		_, err = stdout.Write(cp.Best())
		return err
	}
	return logVerify(ctx, db, l, *rows, stdout, stderr)
}

// printTrust prints a trust file for 'accord verify': the log's key and,
// from the witness policy file, the witnesses and the quorum.
func printTrust(w io.Writer, vkey, policyFile string) error {
	if policyFile == "" {
		fmt.Fprintf(w, "# Trust file for 'accord verify'. Add a 'witness NAME KEY URL' line per witness\n# and replace 'quorum none' with a policy, such as 'group members 2 kz ru cn' and 'quorum members'\n# (or run 'accord log trust --witnesses FILE' with the server's witness policy file).\nlog %s\nquorum none\n", vkey)
		return nil
	}
	b, err := os.ReadFile(policyFile)
	if err != nil {
		return err
	}
	if _, err := witness.ParsePolicy(b); err != nil {
		return accord.Invalid("witnesses", "%s: %v", policyFile, err)
	}
	fmt.Fprintf(w, "# Trust file for 'accord verify', with the witness policy of %s.\nlog %s\n", policyFile, vkey)
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(strings.SplitN(line, "#", 2)[0])
		if len(f) == 0 || f[0] == "log" {
			continue
		}
		fmt.Fprintln(w, strings.Join(f, " "))
	}
	return nil
}

// logVerify replays the database against the latest checkpoint. It makes
// no checkpoint: it checks the one the log signed and witnesses saw.
func logVerify(ctx context.Context, db *sqlstore.DB, l *translog.Log, rows bool, stdout, stderr io.Writer) error {
	start := time.Now()
	cp, err := db.LatestCheckpoint(ctx)
	if err != nil {
		return err
	}
	trust, err := translog.ParseTrust([]byte("log " + l.Signer.VKey() + "\nquorum none\n"))
	if err != nil {
		return err
	}
	c, err := trust.VerifyCheckpoint(cp.Note)
	if err != nil {
		return accord.Errorf(accord.EINVALID, "the latest checkpoint: %v", err)
	}
	var root [32]byte
	copy(root[:], c.Hash)
	r, err := db.VerifyLog(ctx, int64(c.Size), root)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Replayed %d log entries against the checkpoint of size %d in %s.\n", r.Size, c.Size, time.Since(start).Round(time.Millisecond))
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, k := range []string{translog.KindDocumentVersion, translog.KindKeyEnrolment, translog.KindKeyRevocation, translog.KindSigningStatement,
		translog.KindSignature, translog.KindSigningComplete, translog.KindChairHandover, translog.KindAuditBatch} {
		what := map[string]string{translog.KindDocumentVersion: "document versions", translog.KindKeyEnrolment: "key enrolments",
			translog.KindKeyRevocation: "key revocations", translog.KindSigningStatement: "signing statements", translog.KindSignature: "signatures",
			translog.KindSigningComplete: "completed signings", translog.KindChairHandover: "chair handovers", translog.KindAuditBatch: "audit records"}[k]
		fmt.Fprintf(tw, "  %s\t%d checked\n", what, r.Checked[k])
	}
	tw.Flush()
	if rows {
		n, problems, err := db.VerifyLogIndex(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  index rows          %d checked against their bundles\n", n)
		r.Problems = append(r.Problems, problems...)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(stdout, "%d problem(s):\n", len(r.Problems))
		for _, p := range r.Problems {
			fmt.Fprintf(stdout, "  - %s\n", p)
		}
		return errVerify
	}
	fmt.Fprintln(stdout, "The database matches its log.")
	return nil
}

func runWitness(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "key" {
		fs := newFlagSet("witness key", "Makes a witness key and prints its public key for the logs' trust files.\n", stderr)
		name := fs.String("name", "", "the witness's name, such as kz-witness (required)")
		out := fs.String("out", "", "file to write the private key to (required)")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if *name == "" || *out == "" {
			fs.Usage()
			return errUsage
		}
		skey, _, err := note.GenerateKey(rand.Reader, *name)
		if err != nil {
			return err
		}
		c, err := translog.NewCosigner(skey, nil)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, []byte(skey+"\n"), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Witness public key: %s\n", c.VKey())
		return nil
	}
	fs := newFlagSet("witness", "Runs a C2SP tlog-witness: it cosigns a log's checkpoints only when they are consistent\nwith the largest one it cosigned, which it keeps in --state.\n", stderr)
	keyPath := fs.String("key", "", "the witness's private key file ('accord witness key' makes one) (required)")
	var logs multiFlag
	fs.Var(&logs, "log", "the verifier key of a log to follow (repeatable; 'accord log trust' prints it)")
	addr := fs.String("addr", "localhost:8090", "address to listen on")
	state := fs.String("state", "witness-state.json", "file where the witness remembers what it cosigned")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *keyPath == "" || len(logs) == 0 {
		fs.Usage()
		return errUsage
	}
	w, err := newWitness(*keyPath, logs, *state)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: w, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "Witness %s (%s) is listening on http://%s/add-checkpoint\n", w.Cosigner.Name(), w.Cosigner.VKey(), ln.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func newWitness(keyPath string, logs []string, state string) (*translog.Witness, error) {
	kb, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	c, err := translog.NewCosigner(string(kb), nil)
	if err != nil {
		return nil, err
	}
	w := &translog.Witness{Cosigner: c, Logs: map[string]note.Verifier{}, State: &translog.FileState{Path: state}}
	for _, k := range logs {
		v, err := note.NewVerifier(k)
		if err != nil {
			return nil, accord.Invalid("log", "%q is not a log's verifier key: %v", k, err)
		}
		w.Logs[v.Name()] = v
	}
	return w, nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func printDemoSigning(w io.Writer, r *demo.SigningReport) {
	fmt.Fprintf(w, "Protocol %s: signed by %d of %d heads of delegation (%d keys enrolled, %d signatures added now).\n",
		demo.ProtocolReference, r.Signatures, r.Required, r.Enrolled, r.Signed)
	fmt.Fprintf(w, "  demo signing keys: %s (passphrase %q)\n", r.KeyDir, demo.Password)
	fmt.Fprintf(w, "  verify offline:    %s verify %s --trust %s\n", selfCommand(), r.BundlePath, r.TrustPath)
}
