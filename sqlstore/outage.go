package sqlstore

import (
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/accord-org/accord"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Outages. When PostgreSQL stops, every request would otherwise dial it
// again at once (thousands of dials a second, each a 500); when a disk
// fills, every write would fail with a generic error while the load
// balancer, asking /readyz, keeps sending writes. The gate below answers
// EUNAVAILABLE without dialing while the database is known to be down, and
// lets one request through at growing intervals to see whether it is back.

// Backoff bounds between two attempts to reach a database that is down.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 2 * time.Second
	// fullCooldown is how long the store is reported full after a write
	// failed for a full disk, when it cannot measure the free space itself
	// (PostgreSQL's disk is on another machine).
	fullCooldown = 5 * time.Second
	// minFree is the free space below which a SQLite database whose writes
	// failed for a full disk is still reported full.
	minFree = 4 << 20
)

// gate is the breaker in front of the connection pool.
type gate struct {
	now func() time.Time
	mu  sync.Mutex
	// backoff is zero while the database answers.
	backoff time.Duration
	until   time.Time
	probing bool
	// fullAt is when a write last failed because the disk was full; zero
	// when the last write succeeded.
	fullAt time.Time
	// free measures the free bytes of the file system that holds path.
	free func(path string) (uint64, error)
}

func freeSpace(path string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

var errDown = &accord.Error{Code: accord.EUNAVAILABLE, Message: "the database cannot be reached"}

// enter says whether a call may use the database now; probe is set when
// this call is the one that tests whether a down database is back.
func (g *gate) enter() (probe bool, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.backoff == 0 {
		return false, nil
	}
	if g.probing || g.now().Before(g.until) {
		return false, errDown
	}
	g.probing = true
	return true, nil
}

// leave records the outcome of a call that enter let through.
func (g *gate) leave(probe bool, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if probe {
		g.probing = false
	}
	if !isDown(err) {
		if err == nil || probe {
			g.backoff = 0
		}
		return
	}
	switch {
	case g.backoff == 0:
		g.backoff = minBackoff
	case probe:
		g.backoff = min(2*g.backoff, maxBackoff)
	default:
		return // a call that began before the outage was seen
	}
	g.until = g.now().Add(g.backoff)
}

// wrote records the outcome of a write transaction, for StorageFull.
func (g *gate) wrote(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case err == nil:
		g.fullAt = time.Time{}
	case accord.ErrorCode(err) == accord.EFULL:
		g.fullAt = g.now()
	}
}

// StorageFull is an EFULL error while writes fail for a full disk, for
// /readyz. It clears itself: at the next write that succeeds, and on SQLite
// as soon as the database's file system has room again, on PostgreSQL a few
// seconds after the last failure, so that an instance the load balancer
// took out of service comes back without a restart.
func (db *DB) StorageFull(ctx context.Context) error {
	g := &db.gate
	g.mu.Lock()
	at := g.fullAt
	g.mu.Unlock()
	if at.IsZero() {
		return nil
	}
	recovered := g.now().Sub(at) > fullCooldown
	if db.dialect == SQLite && db.path != "" {
		if free, err := g.free(filepath.Dir(db.path)); err == nil {
			recovered = free >= minFree
		}
	}
	if recovered {
		g.mu.Lock()
		if g.fullAt.Equal(at) {
			g.fullAt = time.Time{}
		}
		g.mu.Unlock()
		return nil
	}
	return errFull
}

var errFull = accord.StorageFull(nil)

// isDown reports an error that says the database cannot be used at all
// for now, as opposed to a query that failed.
func isDown(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := errors.AsType[*accord.Error](err); ok && e == errDown {
		return true
	}
	switch s := sqlState(err); {
	case s == "57P01", s == "57P02", s == "57P03", strings.HasPrefix(s, "08"):
		return true
	case s != "":
		return false
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	// A connection the server closed under a query surfaces as EOF.
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}

// isFull reports a write refused for lack of disk space, on either engine.
func isFull(err error) bool {
	if sqlState(err) == "53100" {
		return true
	}
	if e, ok := errors.AsType[*sqlite.Error](err); ok && e.Code()&0xff == 13 { // SQLITE_FULL
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}
