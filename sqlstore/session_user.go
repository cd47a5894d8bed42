package sqlstore

import (
	"context"
	"encoding/hex"

	"github.com/accord-org/accord"
)

// FindSessionUser returns the session whose token hashes to tokenHash,
// revoked or not, with its user and the user's grants, and when v is not
// nil the change version of v.Scopes. Every signed-in request starts with
// it, so it is one statement outside any transaction, a row per grant: on
// PostgreSQL a transaction of two queries was four round trips, and a
// single statement sees one snapshot on its own. The version rides along
// as a subquery that both engines run once, not per row, because it was
// the signed-in page's one other round trip. It caches nothing, so that a
// revoked session stops at its next request on every instance.
func (db *DB) FindSessionUser(ctx context.Context, tokenHash []byte, v *accord.VersionQuery) (*accord.Session, *accord.User, error) {
	type found struct {
		s       *accord.Session
		u       *accord.User
		version int64
	}
	f, err := fetchOne(ctx, db, "find session", func(t *txn) (found, error) {
		var s accord.Session
		var hash string
		var version int64
		query, args := sessionUserQuery, []any{hex.EncodeToString(tokenHash)}
		dest := sessionDest(&s, &hash)
		if v != nil {
			places, vargs, err := versionArgs(t.at(), v.Scopes)
			if err != nil {
				return found{}, err
			}
			query, args = sessionVersionQueries[places], append(args, vargs...)
			dest = append([]any{&version}, dest...)
		}
		u, err := t.userWithGrants(accord.Errorf(accord.ENOTFOUND, "no such session"), query, args, dest...)
		if err != nil {
			return found{}, err
		}
		if s.TokenHash, err = hex.DecodeString(hash); err != nil {
			return found{}, err
		}
		return found{&s, u, version}, nil
	})
	if err == nil && v != nil {
		v.Version = f.version
	}
	return f.s, f.u, err
}

// sessionUserColumns and sessionUserFrom are the session lookup; the
// token hash is $1.
const (
	sessionUserColumns = `s.id, s.token_hash, s.user_id, s.mfa, s.created_at, s.last_seen_at, s.revoked_at, s.ip, s.user_agent, COALESCE(s.totp_setup, ''),
			` + userGrantColumns
	sessionUserFrom = `
			FROM sessions s JOIN users u ON u.id = s.user_id ` + userGrantJoin + `
			WHERE s.token_hash = $1 ORDER BY g.k, g.id`
	sessionUserQuery = `SELECT ` + sessionUserColumns + sessionUserFrom
)

// sessionVersionQueries are the session lookup with the change version as
// its first column, by the version's padded number of places.
var sessionVersionQueries = versionQueries(func(n int) string {
	return `SELECT (SELECT ` + versionSum(2, n) + `), ` + sessionUserColumns + sessionUserFrom
})
