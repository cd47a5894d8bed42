package sqlstore

import (
	"context"
	"encoding/hex"
	"slices"

	"github.com/accord-org/accord"
)

// FindSessionUser returns the session whose token hashes to tokenHash,
// revoked or not, with its user and the user's grants, from one snapshot.
// Every signed-in request starts with it, so it is one transaction of two
// queries rather than a session's and a user's lookups of their own; it
// caches nothing, so that a revoked session stops at its next request on
// every instance.
func (db *DB) FindSessionUser(ctx context.Context, tokenHash []byte) (*accord.Session, *accord.User, error) {
	type found struct {
		s *accord.Session
		u *accord.User
	}
	f, err := fetch(ctx, db, "find session", func(t *txn) (found, error) {
		var userCols collector
		u, _ := scanUser(&userCols)
		s, err := one(t, func(r scanner) (*accord.Session, error) {
			return scanSession(prefixedScan{r, userCols.dest})
		}, accord.Errorf(accord.ENOTFOUND, "no such session"),
			`SELECT u.id, u.name, u.email, u.lang, u.created_at, u.totp_secret IS NOT NULL, u.disabled_at,
				s.id, s.token_hash, s.user_id, s.mfa, s.created_at, s.last_seen_at, s.revoked_at, s.ip, s.user_agent, COALESCE(s.totp_setup, '')
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, hex.EncodeToString(tokenHash))
		if err != nil {
			return found{}, err
		}
		return found{s, u}, t.withGrants(u)
	})
	return f.s, f.u, err
}

// collector records the destinations a scan function gives, so that two
// scan functions can read one row: see prefixedScan.
type collector struct{ dest []any }

func (c *collector) Scan(dest ...any) error {
	c.dest = append(c.dest, dest...)
	return nil
}

// prefixedScan scans a row whose first columns go to prefix, and the rest to
// the destinations given.
type prefixedScan struct {
	row    scanner
	prefix []any
}

func (p prefixedScan) Scan(dest ...any) error {
	return p.row.Scan(append(slices.Clip(p.prefix), dest...)...)
}
