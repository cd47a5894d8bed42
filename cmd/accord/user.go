package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/pquerna/otp/totp"
)

// runUser manages accounts from the command line, which is how the first
// secretariat account comes to exist.
func runUser(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(stderr, "Usage: accord user add|list [flags]\n  add   create an account with one role; prints its password and authenticator key\n  list  list the accounts and their roles")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet("user "+args[0], "", stderr)
	cfg := bindConfig(fs, env)
	var u accord.User
	var g accord.Grant
	var role string
	if args[0] == "add" {
		fs.StringVar(&u.Email, "email", "", "e-mail address (required)")
		fs.StringVar(&u.Name, "name", "", "full name (required)")
		fs.StringVar(&u.Lang, "lang", "en", "interface language: en, ru or zh")
		fs.StringVar(&role, "role", "", "secretariat, chair_officer, delegation_officer, head_of_delegation, observer, press or administrator; none for a public account")
		fs.StringVar(&g.Organization, "org", "", "organization of the role (SCO)")
		fs.StringVar(&g.Body, "body", "", "body of a chair officer (PGM)")
		fs.StringVar(&g.State, "state", "", "state of a chair officer, delegation officer or head of delegation (KG)")
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = accord.WithActor(ctx, &accord.Actor{Label: "cli"})
	if args[0] == "list" {
		return listUsers(ctx, db, stdout)
	}
	if role != "" {
		g.Role = accord.Role(role)
		u.Grants = []accord.Grant{g}
	}
	return addUser(ctx, db, &u, stdout)
}

func addUser(ctx context.Context, db *sqlstore.DB, u *accord.User, stdout io.Writer) error {
	return enrol(ctx, db, u, nil, stdout)
}

// enrol makes the account and prints what its holder needs, once.
func enrol(ctx context.Context, db *sqlstore.DB, u *accord.User, create auth.CreateFunc, stdout io.Writer) error {
	e, err := auth.New(db, nil).Enrol(ctx, u, create)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created account %d for %s <%s>.\nPassword (shown once): %s\n", u.ID, u.Name, u.Email, e.Password)
	if e.TOTPSecret != "" {
		fmt.Fprintf(stdout, "Authenticator key (add it to an authenticator app): %s\nRecovery codes (each works once): %s\n", e.TOTPSecret, strings.Join(e.RecoveryCodes, " "))
	}
	return nil
}

func listUsers(ctx context.Context, db *sqlstore.DB, stdout io.Writer) error {
	users, err := db.ListUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tTOTP\tROLES")
	for _, u := range users {
		var roles []string
		for _, g := range u.Grants {
			roles = append(roles, g.String())
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%v\t%s\n", u.ID, u.Email, u.Name, u.TOTPEnabled, strings.Join(roles, "; "))
	}
	return tw.Flush()
}

// runTOTPCode prints the current code for an authenticator key, so that the
// demo accounts can sign in without a phone.
func runTOTPCode(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("totp-code", "Prints the current 6-digit code of an authenticator key, as an app would.\n", stderr)
	secret := fs.String("secret", "", "the authenticator key (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	code, err := totp.GenerateCode(strings.ToUpper(strings.TrimSpace(*secret)), time.Now())
	if err != nil || *secret == "" {
		return accord.Invalid("secret", "%q is not an authenticator key", *secret)
	}
	fmt.Fprintln(stdout, code)
	return nil
}

func printDemoAccounts(w io.Writer, accounts []demo.Account) {
	fmt.Fprintf(w, "\nDemo accounts (password %q; then the code from '%s totp-code --secret KEY'):\n", demo.Password, selfCommand())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  E-MAIL\tROLE\tAUTHENTICATOR KEY")
	for _, a := range accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Email, a.Role, a.TOTPSecret)
	}
	tw.Flush()
	fmt.Fprintln(w)
}
