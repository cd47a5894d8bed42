package main

import (
	"context"
	"fmt"
	"io"

	"github.com/accord-org/accord"
)

// runInit sets up a production database: it brings the schema up to date
// and makes the first administrator, who then registers organizations,
// states and their secretariats through the API. It refuses a database that
// has an administrator, so that it cannot hand out a second key to the
// platform by being run again.
func runInit(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", "Migrates an empty database and creates its first administrator; prints the password, authenticator key and recovery codes once.\n", stderr)
	cfg := bindConfig(fs, env)
	u := &accord.User{}
	fs.StringVar(&u.Email, "email", "", "e-mail address of the administrator (required)")
	fs.StringVar(&u.Name, "name", "", "full name of the administrator (required)")
	fs.StringVar(&u.Lang, "lang", "en", "interface language: en, ru or zh")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = accord.WithActor(ctx, &accord.Actor{Label: "cli init"})
	// The role is known before the account is made, so that Enrol
	// provisions the second factor to store with it.
	u.Grants = []accord.Grant{{Role: accord.RoleAdministrator}}
	if err := enrol(ctx, db, u, db.CreateFirstAdministrator, stdout); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nSign in with these, then register the organizations, their states and secretariats (POST /api/v1/organizations, /api/v1/states, /api/v1/users).")
	return nil
}
