package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/metrics"
	"github.com/accord-org/accord/pdf"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
)

// Config is what the server needs, from flags or the environment.
type Config struct {
	Addr    string
	DB      string
	DataDir string
	// Migrate brings the schema up to date at start; only the demo does,
	// because on a production database that is an operator's decision.
	Migrate bool
	// PublicURL is where browsers reach the server; passkeys are bound to
	// its origin. Empty means http:// and the listening address.
	PublicURL string
	// Witnesses names a witness policy file: the witnesses the log submits
	// its checkpoints to. CheckpointEvery is how often it signs one.
	Witnesses       string
	CheckpointEvery time.Duration
	// HashMemory is the memory, in MiB, that password hashing may hold at
	// once; sign-ins beyond it wait briefly, then are refused with 503.
	HashMemory int
	// LogKey is the log's private key file; empty means log.key in DataDir.
	// Every instance of one database needs the same key.
	LogKey string
	// Files is a folder to keep attachments in; empty means the database on
	// PostgreSQL and DataDir/files on SQLite.
	Files string
	// Fonts is a folder searched first for the fonts of PDFs; the
	// system's font folders are searched after it.
	Fonts string
	// MetricsAddr is where Prometheus scrapes /metrics; empty for none.
	// It is a listener of its own, so that the metrics are not public.
	MetricsAddr string
	// TrustedProxies are the load balancers whose X-Forwarded-For is
	// believed.
	TrustedProxies []netip.Prefix
	Now            accord.Clock
	Logger         *slog.Logger
	// Loading keeps /healthz and /readyz at 503 until the data a command
	// loads after Run is in (Main.Loaded), and holds the checkpoint loop
	// back until then.
	Loading bool
}

// bindConfig registers the flags every command that opens the database
// shares: where it is, and the data folder. Flags win over the environment,
// which wins over the defaults.
func bindConfig(fs *flag.FlagSet, env func(string) string) *Config {
	c := &Config{}
	dataDir := envOr(env, "ACCORD_DATA", "./accord-data")
	fs.StringVar(&c.DB, "db", envOr(env, "ACCORD_DB", ""), "SQLite file path, or a postgres:// URL (env ACCORD_DB; default <data>/accord.db)")
	fs.StringVar(&c.DataDir, "data", dataDir, "folder for files and keys (env ACCORD_DATA)")
	return c
}

// bindWitnesses registers the log's flags, --witnesses and --log-key, for
// the server and the log commands.
func bindWitnesses(fs *flag.FlagSet, env func(string) string, c *Config) {
	fs.StringVar(&c.LogKey, "log-key", envOr(env, "ACCORD_LOG_KEY", ""), "the log's private key file, the same for every instance of a database (env ACCORD_LOG_KEY; default <data>/log.key)")
	fs.StringVar(&c.Witnesses, "witnesses", envOr(env, "ACCORD_WITNESSES", ""), "witness policy file: the witnesses to submit checkpoints to (env ACCORD_WITNESSES)")
}

// serverFlags are the flags only a running server has; parse turns them
// into the Config once the flags are parsed.
type serverFlags struct {
	cfg            *Config
	logFormat      string
	trustedProxies string
}

// bindServerConfig registers the flags of the commands that serve: serve
// and demo.
func bindServerConfig(fs *flag.FlagSet, env func(string) string) *serverFlags {
	c := bindConfig(fs, env)
	f := &serverFlags{cfg: c}
	fs.StringVar(&c.Addr, "addr", envOr(env, "ACCORD_ADDR", "localhost:8080"), "address to listen on (env ACCORD_ADDR)")
	bindWitnesses(fs, env, c)
	fs.StringVar(&c.Files, "files", envOr(env, "ACCORD_FILES", ""), "folder to keep attachment files in, for a single instance (env ACCORD_FILES; default: the database on PostgreSQL, <data>/files on SQLite)")
	fs.StringVar(&c.Fonts, "fonts", envOr(env, "ACCORD_FONTS", ""), "folder searched first for the fonts of PDFs: Noto Sans and a TrueType Chinese font (env ACCORD_FONTS; then "+strings.Join(pdf.SystemFontDirs(), ", ")+")")
	fs.DurationVar(&c.CheckpointEvery, "checkpoint-every", 10*time.Second, "how often the log signs a checkpoint and links the audit trail; 0 for never")
	fs.IntVar(&c.HashMemory, "hash-memory", envInt(env, "ACCORD_HASH_MEMORY", auth.DefaultHashMemory/1024), "MiB that password hashing may hold at once, 64 per sign-in (env ACCORD_HASH_MEMORY)")
	fs.StringVar(&c.PublicURL, "public-url", envOr(env, "ACCORD_PUBLIC_URL", ""), "URL browsers reach the server at, which passkeys are bound to (env ACCORD_PUBLIC_URL; default http://<addr>)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", envOr(env, "ACCORD_METRICS_ADDR", ""), "address of a separate listener for Prometheus metrics at /metrics; off when empty (env ACCORD_METRICS_ADDR)")
	fs.StringVar(&f.logFormat, "log-format", envOr(env, "ACCORD_LOG_FORMAT", "text"), "log format on stderr: text or json (env ACCORD_LOG_FORMAT)")
	fs.StringVar(&f.trustedProxies, "trusted-proxies", envOr(env, "ACCORD_TRUSTED_PROXIES", ""), "comma-separated CIDR prefixes of the load balancers whose X-Forwarded-For names the client (env ACCORD_TRUSTED_PROXIES)")
	return f
}

// config checks the server flags and returns the Config they make.
func (f *serverFlags) config(stderr io.Writer) (*Config, error) {
	c := f.cfg
	var h slog.Handler
	switch f.logFormat {
	case "text":
		h = slog.NewTextHandler(stderr, nil)
	case "json":
		h = slog.NewJSONHandler(stderr, nil)
	default:
		return nil, accord.Invalid("log-format", "%q is not a log format: text or json", f.logFormat)
	}
	c.Logger = slog.New(accordhttp.WithRequestIDs(h))
	proxies, err := accordhttp.ParseProxies(f.trustedProxies)
	if err != nil {
		return nil, accord.Invalid("trusted-proxies", "%q is not a list of CIDR prefixes (10.0.0.0/8,2001:db8::/32): %v", f.trustedProxies, err)
	}
	c.TrustedProxies = proxies
	return c, nil
}

func envOr(env func(string) string, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

// envInt is a whole number from the environment, or def when unset or not
// a number.
func envInt(env func(string) string, key string, def int) int {
	if n, err := strconv.Atoi(env(key)); err == nil {
		return n
	}
	return def
}

func (c *Config) dsn() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "accord.db")
}

// Main is the whole server: storage, HTTP and the listener. An end-to-end
// test starts it on :0 with a temporary database, as the binary does.
type Main struct {
	Config Config
	DB     *sqlstore.DB
	Log    *translog.Log
	Auth   *auth.Service
	Server *http.Server
	// Handler is the router, whose readiness waits for Loaded.
	Handler *accordhttp.Server
	ln      net.Listener
	// publicURL is Config.PublicURL, or else where the listener answers.
	publicURL string
	// Metrics is nil unless Config.MetricsAddr is set.
	Metrics       *metrics.Metrics
	metricsServer *http.Server
	metricsLn     net.Listener
	// startLog starts the checkpoint loop, once; stopLog ends it.
	startLog, stopLog func()
	// stopFeed ends the feed of the sittings' streams, and feedDone is
	// closed once it has.
	stopFeed func()
	feedDone chan struct{}
	done     chan error
}

// NewMain returns a Main for cfg; Run starts it.
func NewMain(cfg Config) *Main {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(accordhttp.WithRequestIDs(slog.NewTextHandler(os.Stderr, nil)))
	}
	return &Main{Config: cfg}
}

// Run opens the database, checks its schema, and starts serving in the
// background. It returns once the listener is open, so that URL works.
func (m *Main) Run(ctx context.Context) (err error) {
	if err := os.MkdirAll(m.Config.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	// Listen first: the links the server hands out and the log's origin
	// need the port it got, which --addr localhost:0 leaves to the kernel.
	if m.ln, err = listen("addr", m.Config.Addr); err != nil {
		return err
	}
	defer func() {
		if err != nil && m.Server == nil {
			m.ln.Close()
		}
	}()
	m.publicURL = publicURL(m.Config.PublicURL, m.Config.Addr, m.ln.Addr().(*net.TCPAddr))
	db, err := sqlstore.Open(ctx, m.Config.dsn(), m.Config.Now)
	if err != nil {
		return err
	}
	m.DB = db
	if m.Config.Migrate {
		if _, err := db.Migrate(ctx); err != nil {
			return err
		}
	}
	if err := checkSchema(ctx, db); err != nil {
		return err
	}
	m.Auth = auth.New(db, m.Config.Now)
	if m.Config.HashMemory > 0 {
		m.Auth.Hashing = auth.NewBudget(uint64(m.Config.HashMemory)*1024, auth.HashWait, auth.HashQueue)
	}
	if m.Log, err = m.newLog(ctx); err != nil {
		return err
	}
	files, err := m.fileStore()
	if err != nil {
		return err
	}
	hcfg := accordhttp.Config{Store: db, Auth: m.Auth, Now: m.Config.Now, Logger: m.Config.Logger, PublicURL: m.publicURL,
		Log: m.Log, Files: files, PDF: m.pdfRenderer(), TrustedProxies: m.Config.TrustedProxies, Loading: m.Config.Loading}
	if m.Config.MetricsAddr != "" {
		m.Metrics = m.newMetrics()
		hcfg.Observer = m.Metrics
	}
	handler, err := accordhttp.New(hcfg)
	if err != nil {
		return err
	}
	m.Handler = handler
	if m.Metrics != nil {
		if err := m.serveMetrics(); err != nil {
			return err
		}
	}
	m.Server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Config.Logger.Handler(), slog.LevelWarn),
	}
	if err := m.followSittings(ctx); err != nil {
		return err
	}
	m.done = make(chan error, 1)
	go func() { m.done <- m.Server.Serve(m.ln) }()
	lctx, stop := context.WithCancel(context.Background())
	m.stopLog = stop
	m.startLog = sync.OnceFunc(func() { go checkpointLoop(lctx, m.Log, m.Config.CheckpointEvery, m.Config.Logger) })
	if !m.Config.Loading {
		m.startLog()
	}
	return nil
}

// Loaded ends Config.Loading: the health checks answer as their other
// checks say, and the checkpoint loop starts. The loop waits because the
// demo's loader sets the store's clock to a record's date while it records
// it (demo.Clock): a checkpoint stored meanwhile would carry that date, and
// the latest checkpoint's age, which the metrics report, would read as two
// years. The loader's own checkpoint (the signed bundle's) is made on the
// real time.
func (m *Main) Loaded() {
	m.Handler.Loaded()
	m.startLog()
}

// followSittings feeds the streams of the meetings in session from the
// outbox, from its newest event on: a change made on any instance reaches
// this one's clients. Shutting down the server closes the hub first, which
// ends every stream, since Shutdown would otherwise wait for streams that
// never end on their own.
func (m *Main) followSittings(ctx context.Context) error {
	last, err := m.DB.LastSittingEvent(ctx)
	if err != nil {
		return err
	}
	hub := m.Handler.Hub()
	hub.Resume(last)
	m.Server.RegisterOnShutdown(hub.Close)
	fctx, stop := context.WithCancel(context.Background())
	m.stopFeed, m.feedDone = stop, make(chan struct{})
	log := m.Config.Logger
	go func() {
		defer close(m.feedDone)
		m.DB.FollowSittings(fctx, last, hub.Publish, func(err error) {
			log.Warn("the feed of the sittings failed; trying again", "err", err)
		})
	}()
	return nil
}

// checkSchema refuses a database whose schema is not the one this binary
// was built for: older, it lacks what the code writes; newer, the code may
// break what a newer binary relies on.
func checkSchema(ctx context.Context, db *sqlstore.DB) error {
	current, latest, err := db.SchemaVersion(ctx)
	switch {
	case err != nil:
		return err
	case current < latest:
		return accord.Errorf(accord.ESCHEMA, "the database schema is at version %d and this binary needs version %d: run 'accord migrate' first", current, latest)
	case current > latest:
		return accord.Errorf(accord.ESCHEMA, "the database schema is at version %d, newer than this binary knows (%d): run a newer accord", current, latest)
	}
	return nil
}

// openDB opens the configured database for a command, refusing a schema
// that is not this binary's, as the server does.
func openDB(ctx context.Context, cfg *Config) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, cfg.dsn(), cfg.Now)
	if err != nil {
		return nil, err
	}
	if err := checkSchema(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openMigrated opens the configured database for a command that may start
// from nothing (init, restore): it makes the data folder, brings the schema
// up to date, and refuses a schema newer than this binary's.
func openMigrated(ctx context.Context, cfg *Config) (*sqlstore.DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	db, err := sqlstore.Open(ctx, cfg.dsn(), cfg.Now)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := checkSchema(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// URL is where the running server answers (see publicURL).
func (m *Main) URL() string {
	return publicURL("", m.Config.Addr, m.ln.Addr().(*net.TCPAddr))
}

// listen opens a TCP listener, and says what to do when its port is taken.
func listen(flagName, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, accord.Invalid(flagName, "%s is in use by another program: stop it, or listen elsewhere with --%s (such as --%s localhost:8081)", addr, flagName, flagName)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Wait blocks until the server stops or ctx ends.
func (m *Main) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-m.done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// Close lets requests in flight finish, then closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.stopLog != nil {
		m.stopLog()
	}
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.Server.Shutdown(ctx))
	}
	if m.metricsServer != nil {
		errs = append(errs, m.metricsServer.Close())
	}
	if m.stopFeed != nil {
		m.stopFeed()
		<-m.feedDone
	}
	if m.Handler != nil {
		// Already closed by Shutdown when the server ran.
		m.Handler.Hub().Close()
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "Serves Accord on a database that 'accord migrate' has brought up to date.\n", stderr)
	sf := bindServerConfig(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := sf.config(stderr)
	if err != nil {
		return err
	}
	return serve(ctx, NewMain(*cfg), stdout, nil)
}

func runDemo(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "Loads the SCO and OTS demo data (their members since their founding, 11 SCO and 4 OTS meetings,\nthe documents of the two Bishkek meetings of 25 July 2024, demo accounts and a signed protocol)\nand serves it. Loading twice adds nothing twice.\n", stderr)
	sf := bindServerConfig(fs, env)
	loadOnly := fs.Bool("load-only", false, "load the demo data and exit without serving")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := sf.config(stderr)
	if err != nil {
		return err
	}
	cfg.Migrate, cfg.Loading = true, true
	// The store runs on the demo's clock, which the loader sets to the
	// real date of what it records from July 2024 and back to the real
	// time after each record.
	clock := &demo.Clock{}
	cfg.Now = clock.Now
	m := NewMain(*cfg)
	return serve(ctx, m, stdout, func() error {
		if _, err := loadDemo(ctx, m, stdout, demo.WithClock(clock)); err != nil {
			return err
		}
		if *loadOnly {
			return errStop
		}
		return nil
	})
}

var errStop = errors.New("stop")

// serve runs m; before, when set, runs once the database is ready and before
// the address is announced.
func serve(ctx context.Context, m *Main, stdout io.Writer, before func() error) (err error) {
	defer func() { err = errors.Join(err, m.Close()) }()
	if err := m.Run(ctx); err != nil {
		return err
	}
	if before != nil {
		if err := before(); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
	m.Loaded()
	fmt.Fprintf(stdout, "Accord is serving %s on %s\n", describeDB(m.Config.dsn()), m.URL())
	fmt.Fprintf(stdout, "  pages: %s/organizations/SCO/bodies/PGM/meetings/22\n  API:   %s/api/v1/organizations\n", m.URL(), m.URL())
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")
	return m.Wait(ctx)
}

// describeDB names the database without the password a URL may carry.
func describeDB(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if at := strings.LastIndex(dsn, "@"); at >= 0 {
			return "PostgreSQL at " + strings.SplitN(dsn[at+1:], "?", 2)[0]
		}
		return "PostgreSQL"
	}
	return "SQLite " + dsn
}

func runMigrate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "Applies the schema migrations this binary carries, in order.\n", stderr)
	cfg := bindConfig(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	db, err := sqlstore.Open(ctx, cfg.dsn(), nil)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	current, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Applied %d migration(s); %s is at schema version %d.\n", applied, describeDB(cfg.dsn()), current)
	return nil
}
