package sqlstore_test

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL's restarts and a full disk are failures of the service, not
// bugs: 503 and 507, never "internal".
func TestClassifyOutages(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name string
		err  error
		code string
	}{
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, accord.EUNAVAILABLE},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, accord.EUNAVAILABLE},
		{"starting up", &pgconn.PgError{Code: "57P03"}, accord.EUNAVAILABLE},
		{"connection failure", &pgconn.PgError{Code: "08006"}, accord.EUNAVAILABLE},
		{"connection refused", fmt.Errorf("begin: %w", refused), accord.EUNAVAILABLE},
		{"disk full", &pgconn.PgError{Code: "53100"}, accord.EFULL},
		{"no space", fmt.Errorf("write: %w", syscall.ENOSPC), accord.EFULL},
		{"syntax error stays internal", &pgconn.PgError{Code: "42601"}, accord.EINTERNAL},
		{"unique", &pgconn.PgError{Code: "23505"}, accord.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := accord.ErrorCode(sqlstore.Classify(tc.err)); got != tc.code {
				t.Errorf("code %q, want %q", got, tc.code)
			}
		})
	}
}

// While the database is down, calls fail at once instead of dialing, and
// one call at growing intervals tries again.
func TestOutageBacksOff(t *testing.T) {
	t.Parallel()
	db := sqltest.Open(t, sqlstore.SQLite)
	now := time.Unix(0, 0)
	db.SetOutageClock(func() time.Time { return now }, nil)
	down := &pgconn.PgError{Code: "57P01"}

	if err := db.Gate(down); err != nil {
		t.Fatalf("the first failure was refused before it ran: %v", err)
	}
	// A store call during the backoff does not reach the database.
	if _, err := db.ListStates(t.Context()); accord.ErrorCode(err) != accord.EUNAVAILABLE {
		t.Fatalf("during the backoff: %v, want unavailable", err)
	}
	if err := db.Ping(t.Context()); accord.ErrorCode(err) != accord.EUNAVAILABLE {
		t.Fatalf("ping during the backoff: %v, want unavailable", err)
	}
	// Each failed probe doubles the wait.
	for _, wait := range []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond} {
		now = now.Add(wait - time.Millisecond)
		if err := db.Gate(nil); err == nil {
			t.Fatalf("a call went through %s into a wait of %s", wait-time.Millisecond, wait)
		}
		now = now.Add(time.Millisecond)
		if err := db.Gate(down); err != nil {
			t.Fatalf("the probe after %s was refused: %v", wait, err)
		}
	}
	// The database is back: the probe succeeds and every call goes through.
	now = now.Add(400 * time.Millisecond)
	if err := db.Gate(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ListStates(t.Context()); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
}

// A full disk refuses the write with EFULL, changes nothing, and /readyz's
// check says so until there is room again.
func TestFullDisk(t *testing.T) {
	t.Parallel()
	db := sqltest.Open(t, sqlstore.SQLite)
	ctx := t.Context()
	free := uint64(0)
	db.SetOutageClock(time.Now, func(string) (uint64, error) { return free, nil })
	ok(t, db.CreateOrganization(ctx, &accord.Organization{Code: "CIS", Names: en("Commonwealth of Independent States")}))
	// max_page_count stops the file growing, as a full disk does.
	ok(t, db.ExecWriter(ctx, "PRAGMA max_page_count = 1"))
	before, err := db.Rows(ctx)
	ok(t, err)
	big := strings.Repeat("x", 64<<10)
	err = db.CreateOrganization(ctx, &accord.Organization{Code: "BIG", Names: en(big)})
	wantErr(t, err, accord.EFULL, "")
	if msg := accord.ErrorMessage(err); !strings.Contains(msg, "Storage is full") {
		t.Errorf("message %q does not say storage is full", msg)
	}
	after, err := db.Rows(ctx)
	ok(t, err)
	equal(t, "rows after the refused write", after, before)
	if err := db.StorageFull(ctx); accord.ErrorCode(err) != accord.EFULL {
		t.Fatalf("StorageFull with no room: %v", err)
	}
	// Room again, as when the operator frees space: ready without a write.
	free = 1 << 30
	if err := db.StorageFull(ctx); err != nil {
		t.Fatalf("StorageFull with room: %v", err)
	}
	// And a write that succeeds clears it too.
	free = 0
	err = db.CreateOrganization(ctx, &accord.Organization{Code: "BIG", Names: en(big)})
	wantErr(t, err, accord.EFULL, "")
	ok(t, db.ExecWriter(ctx, "PRAGMA max_page_count = 1073741823"))
	ok(t, db.CreateOrganization(ctx, &accord.Organization{Code: "BIG", Names: en(big)}))
	if err := db.StorageFull(ctx); err != nil {
		t.Fatalf("StorageFull after a successful write: %v", err)
	}
}

// Opening a PostgreSQL URL that names a missing database says so, where it
// said "cannot be reached" whatever PostgreSQL answered.
func TestOpenSaysWhy(t *testing.T) {
	server := os.Getenv(sqltest.PostgresEnv)
	if server == "" {
		t.Skip(sqltest.PostgresEnv + " not set: PostgreSQL storage tests skipped")
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/accord_no_such_database"
	db, err := sqlstore.Open(t.Context(), u.String(), nil)
	if err == nil {
		err = db.Ping(t.Context())
		db.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "does not exist (SQLSTATE 3D000)") {
		t.Fatalf("open %s: %v, want the missing database named", u.Redacted(), err)
	}
}
