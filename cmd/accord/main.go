// Command accord is Accord's single binary: the server, the demo, schema
// migrations, and the offline tools that later issues add.
//
// Usage: accord <command> [flags]; `accord help` lists the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/accord-org/accord"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// command is one subcommand of accord.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the server on an existing, migrated database", runServe},
		{"demo", "load the SCO and OTS demo data into the database, then serve it", runDemo},
		{"init", "migrate an empty database and create its first administrator", runInit},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"chairs", "forecast, check and hand over a body's rotating chair", runChairs},
		{"user", "add or list accounts (the first secretariat account)", runUser},
		{"totp-code", "print the current code of an authenticator key", runTOTPCode},
		{"key", "make a signing key sealed with a passphrase, or show one", runKey},
		{"sign", "sign a signing statement with your key", runSign},
		{"verify", "check a signed document's bundle offline against trusted keys", runVerify},
		{"negotiation", "play a whole negotiation of an outcome document through the API, on a throwaway demo server", runNegotiation},
		{"log", "verify the database against the transparency log; print its trust file", runLog},
		{"archive", "export an archive as a signed BagIt bag for the next chair; verify one offline", runArchive},
		{"backup", "write the whole instance as a BagIt bag, accounts and sessions left out unless asked", runBackup},
		{"restore", "restore a backup into an empty database, SQLite or PostgreSQL", runRestore},
		{"witness", "run a C2SP witness that cosigns a log's consistent checkpoints", runWitness},
		{"version", "print the version", runVersion},
		{"help", "describe the commands", nil},
	}
}

// run dispatches to a subcommand and turns its error into an exit status: 2
// for usage errors, 1 for the rest.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// Scripts that call accord with nothing to do have a bug.
		usage(stderr)
		return 2
	}
	if isHelp(args[0]) {
		// "accord help chairs" is "accord chairs -h". Help about help, or
		// a flag after it, is the list of commands: sending it round again
		// would never end.
		if len(args) > 1 && !isHelp(args[1]) && !strings.HasPrefix(args[1], "-") {
			return run(ctx, []string{args[1], "-h"}, env, stdout, stderr)
		}
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] || c.run == nil {
			continue
		}
		err := c.run(ctx, args[1:], env, stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(stderr, "accord %s: %s\n", c.name, userMessage(err))
			return 1
		}
	}
	fmt.Fprintf(stderr, "accord: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

var errUsage = errors.New("usage")

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "-help" || arg == "--help"
}

// unknownSubcommand names the subcommand a command did not recognise, if
// one was given, before its usage.
func unknownSubcommand(stderr io.Writer, command string, args []string) {
	if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintf(stderr, "accord %s: unknown subcommand %q\n", command, args[0])
	}
}

// selfCommand is how to run this binary again in the hints it prints:
// "go run ./cmd/accord" when it was started by go run (from a temporary
// build folder), else the name it was started by.
func selfCommand() string {
	if exe := os.Args[0]; !strings.Contains(exe, "go-build") {
		return exe
	}
	return "go run ./cmd/accord"
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Accord, the digital secretariat of intergovernmental councils.\n\nUsage: accord <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'accord <command> -h' for a command's flags.")
}

// userMessage shows coded errors as their message and field, and the full
// chain for the rest, since the operator at a terminal is also the one who
// reads the logs.
func userMessage(err error) string {
	var e *accord.Error
	if errors.As(err, &e) && e.Code != accord.EINTERNAL {
		msg := accord.ErrorMessage(err)
		if f := accord.ErrorField(err); f != "" {
			msg = f + ": " + msg
		}
		return msg
	}
	return err.Error()
}

func runVersion(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "accord", version)
	return nil
}

func newFlagSet(name, extra string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: accord %s [flags]\n%s\nFlags:\n", name, extra)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and refuses stray arguments, which are usually a typo
// for a flag.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "accord %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}
