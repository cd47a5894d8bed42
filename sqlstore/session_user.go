package sqlstore

import (
	"context"
	"encoding/hex"

	"github.com/accord-org/accord"
)

// FindSessionUser returns the session whose token hashes to tokenHash,
// revoked or not, with its user and the user's grants. Every signed-in
// request starts with it, so it is one statement outside any transaction,
// a row per grant: on PostgreSQL a transaction of two queries was four
// round trips, and a single statement sees one snapshot on its own. It
// caches nothing, so that a revoked session stops at its next request on
// every instance.
func (db *DB) FindSessionUser(ctx context.Context, tokenHash []byte) (*accord.Session, *accord.User, error) {
	type found struct {
		s *accord.Session
		u *accord.User
	}
	f, err := fetchOne(ctx, db, "find session", func(t *txn) (found, error) {
		var s accord.Session
		var hash string
		u, err := t.userWithGrants(accord.Errorf(accord.ENOTFOUND, "no such session"),
			`SELECT s.id, s.token_hash, s.user_id, s.mfa, s.created_at, s.last_seen_at, s.revoked_at, s.ip, s.user_agent, COALESCE(s.totp_setup, ''),
			`+userGrantColumns+`
			FROM sessions s JOIN users u ON u.id = s.user_id `+userGrantJoin+`
			WHERE s.token_hash = $1 ORDER BY g.k, g.id`, []any{hex.EncodeToString(tokenHash)}, sessionDest(&s, &hash)...)
		if err != nil {
			return found{}, err
		}
		if s.TokenHash, err = hex.DecodeString(hash); err != nil {
			return found{}, err
		}
		return found{&s, u}, nil
	})
	return f.s, f.u, err
}
