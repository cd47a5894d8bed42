// Package sqltest gives tests a fresh, migrated Accord database on every
// storage engine, so that one test body checks SQLite and PostgreSQL alike.
//
// SQLite always runs, in a file under t.TempDir(). PostgreSQL runs when the
// environment variable ACCORD_TEST_POSTGRES holds a server URL; each database
// is then a schema of its own, dropped when the test ends, so tests can run in
// parallel against one server.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
)

// PostgresEnv names the environment variable that holds the URL of the
// PostgreSQL server tests may use.
const PostgresEnv = "ACCORD_TEST_POSTGRES"

// Engines are the engines Run runs on, by the names Open takes.
var Engines = []string{sqlstore.SQLite, sqlstore.Postgres}

// Now is the clock of the databases Run and Open return. It stands still, so
// that stored timestamps, and the golden files that show them, do not change
// from run to run.
func Now() time.Time { return time.Date(2024, 7, 25, 9, 0, 0, 0, time.UTC) }

// Run runs fn as a subtest per engine, named after it, each with a fresh
// migrated database whose clock is Now.
func Run(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	RunWithClock(t, Now, fn)
}

// RunWithClock is Run with another clock.
func RunWithClock(t *testing.T, now accord.Clock, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) { fn(t, OpenWithClock(t, engine, now)) })
	}
}

// Open returns a fresh migrated database on engine whose clock is Now,
// closed when the test ends. It skips the test when engine is postgres and
// no server is set.
func Open(t testing.TB, engine string) *sqlstore.DB {
	t.Helper()
	return OpenWithClock(t, engine, Now)
}

// OpenWithClock is Open with another clock; nil means time.Now.
func OpenWithClock(t testing.TB, engine string, now accord.Clock) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), DSN(t, engine), now)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return db
}

// DSN returns the address of a fresh, empty database on engine, for tests of
// opening and migrating. The database is removed when the test ends.
func DSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case sqlstore.SQLite:
		return filepath.Join(sqliteDir(t), "accord.db")
	case sqlstore.Postgres:
		return postgresSchema(t)
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

// postgresSchema creates a schema with a random name and returns a URL whose
// connections use it.
func postgresSchema(t testing.TB) string {
	server := os.Getenv(PostgresEnv)
	if server == "" {
		t.Skip(PostgresEnv + " not set: PostgreSQL storage tests skipped")
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "test_" + strings.ToLower(rand.Text()[:16])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	// Registered after admin's Close, so it runs before it; and before the
	// database's own Close is registered, so it runs after.
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("postgres: drop schema: %v", err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// sqliteDir is a folder for a test's SQLite files, removed when the test
// ends. Not t.TempDir: a connection database/sql was still opening when the
// store closed makes SQLite's -wal and -shm files and removes them a moment
// later, and t.TempDir's one RemoveAll then failed the test ("directory not
// empty"). The removal is tried again for a while instead.
func sqliteDir(t testing.TB) string {
	dir, err := os.MkdirTemp("", "accord-sqltest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var err error
		for range 50 {
			if err = os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("removing the test's SQLite folder: %v", err)
	})
	return dir
}
