package sqlstore

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/accord-org/accord"
)

// CreateUser stores a user with its grants and password hash.
// At most one factor is given; it is enabled in the same transaction.
func (db *DB) CreateUser(ctx context.Context, u *accord.User, passwordHash string, factor ...accord.SecondFactor) error {
	if err := validateNewUser("create user", u, passwordHash, factor); err != nil {
		return err
	}
	return db.write(ctx, "create user", func(t *txn) error { return t.createUser(u, passwordHash, factor) })
}

func validateNewUser(op string, u *accord.User, passwordHash string, factor []accord.SecondFactor) error {
	if len(factor) > 1 {
		return accord.Wrap(op, accord.Invalid("totp", "an account has one second factor"))
	}
	for i := range factor {
		if err := factor[i].Validate(); err != nil {
			return accord.Wrap(op, err)
		}
	}
	u.Email = accord.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return accord.Wrap(op, err)
	}
	for i := range u.Grants {
		if err := u.Grants[i].Validate(); err != nil {
			return accord.Wrap(op, err)
		}
	}
	if passwordHash == "" {
		return accord.Wrap(op, accord.Invalid("password", "is required"))
	}
	return nil
}

func (t *txn) createUser(u *accord.User, passwordHash string, factor []accord.SecondFactor) error {
	u.CreatedAt = stamp(t.db.now())
	var err error
	u.ID, err = t.insert(`INSERT INTO users (name, email, lang, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
		u.Name, u.Email, u.Lang, passwordHash, timeArg(u.CreatedAt))
	if err := conflict(err, "an account with this e-mail address already exists"); err != nil {
		return err
	}
	for i := range u.Grants {
		u.Grants[i].UserID = u.ID
		if err := t.addGrant(&u.Grants[i]); err != nil {
			return err
		}
	}
	if err := t.audit("user.create", fmt.Sprintf("user/%d", u.ID), nil, u); err != nil {
		return err
	}
	for _, f := range factor {
		if err := t.enableTOTP(u.ID, f); err != nil {
			return err
		}
		u.TOTPEnabled = true
	}
	return nil
}

// CreateFirstAdministrator stores the platform's first account, an
// administrator, and refuses once any administrator exists: the check and
// the insert share the transaction, so a second `accord init` cannot slip in.
func (db *DB) CreateFirstAdministrator(ctx context.Context, u *accord.User, passwordHash string, factor ...accord.SecondFactor) error {
	u.Grants = []accord.Grant{{Role: accord.RoleAdministrator}}
	if err := validateNewUser("create administrator", u, passwordHash, factor); err != nil {
		return err
	}
	if len(factor) == 0 {
		return accord.Wrap("create administrator", accord.Invalid("totp", "an administrator is stored with its second factor"))
	}
	return db.write(ctx, "create administrator", func(t *txn) error {
		if db.dialect == Postgres {
			// Two inits at once would each see no administrator.
			if err := t.exec(`LOCK TABLE administrators IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		found, err := t.exists(`SELECT 1 FROM administrators`)
		if err != nil {
			return err
		}
		if found {
			return accord.Errorf(accord.ECONFLICT, "This database has an administrator already; accord init sets up only an empty one.")
		}
		return t.createUser(u, passwordHash, factor)
	})
}

// AddGrant gives a user a role.
func (db *DB) AddGrant(ctx context.Context, g *accord.Grant) error {
	if err := g.Validate(); err != nil {
		return accord.Wrap("add grant", err)
	}
	return db.write(ctx, "add grant", func(t *txn) error {
		if err := t.ref("user_id", fmt.Sprint("user ", g.UserID), `SELECT 1 FROM users WHERE id = $1`, g.UserID); err != nil {
			return err
		}
		if err := t.addGrant(g); err != nil {
			return err
		}
		return t.audit("grant.create", fmt.Sprintf("user/%d/grant/%d", g.UserID, g.ID), nil, g)
	})
}

func (t *txn) addGrant(g *accord.Grant) (err error) {
	if g.Role == accord.RoleAdministrator {
		return conflict(t.exec(`INSERT INTO administrators (user_id, granted_at) VALUES ($1, $2)`, g.UserID, timeArg(stamp(t.db.now()))),
			"the user already has this role")
	}
	if g.Organization != "" {
		if err := t.ref("organization", "organization "+g.Organization, refOrganization, g.Organization); err != nil {
			return err
		}
	}
	if g.Body != "" {
		if err := t.ref("body", fmt.Sprintf("body %s of %s", g.Body, g.Organization), refBody, g.Organization, g.Body); err != nil {
			return err
		}
	}
	if g.State != "" {
		if err := t.ref("state", "state "+g.State, refState, g.State); err != nil {
			return err
		}
	}
	g.ID, err = t.insert(`INSERT INTO grants (user_id, role, organization, body, state) VALUES ($1, $2, $3, $4, $5)`,
		g.UserID, g.Role, nullable(g.Organization), nullable(g.Body), nullable(g.State))
	return conflict(err, "the user already has this role")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const selectUser = `SELECT id, name, email, lang, created_at, totp_secret IS NOT NULL, disabled_at FROM users`

func scanUser(r scanner) (*accord.User, error) {
	u := accord.User{Grants: []accord.Grant{}}
	return &u, r.Scan(&u.ID, &u.Name, &u.Email, &u.Lang, col(&u.CreatedAt), &u.TOTPEnabled, col(&u.DisabledAt))
}

// withGrants loads the grants of users in one query.
func (t *txn) withGrants(users ...*accord.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*accord.User{}
	var args []any
	ids := make([]int64, len(users))
	for i, u := range users {
		byID[u.ID], ids[i] = u, u.ID
	}
	// One query for both kinds: administrators first, as a user's first
	// grant, then the grants by id. The signed-in read path runs it on
	// every request.
	grants, err := all(t, func(r scanner) (g accord.Grant, err error) {
		return g, r.Scan(&g.ID, &g.UserID, &g.Role, &g.Organization, &g.Body, &g.State)
	}, `SELECT id, user_id, role, organization, body, state FROM (
		SELECT 0 AS kind, 0 AS id, user_id, 'administrator' AS role, '' AS organization, '' AS body, '' AS state
			FROM administrators WHERE user_id IN (`+placeholders(&args, ids)+`)
		UNION ALL
		SELECT 1, id, user_id, role, COALESCE(organization, ''), COALESCE(body, ''), COALESCE(state, '')
			FROM grants WHERE user_id IN (`+placeholders(&args, ids)+`)) g
		ORDER BY kind, id`, args...)
	for _, g := range grants {
		withParent(byID, g.UserID, func(u *accord.User) { u.Grants = append(u.Grants, g) })
	}
	return err
}

// FindUser returns a user with its grants.
func (db *DB) FindUser(ctx context.Context, id int64) (*accord.User, error) {
	return db.findUser(ctx, "find user", accord.NotFound("user", id), `u.id = $1`, id)
}

// FindUserByEmail returns the user with an address, compared in lower case.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*accord.User, error) {
	email = accord.NormalizeEmail(email)
	return db.findUser(ctx, "find user by email", accord.NotFound("user", email), `u.email = $1`, email)
}

// findUser reads the user that cond finds with its grants in one
// statement, a row per grant: every request by a signed-in user or a token
// makes it, and on PostgreSQL a transaction of three statements was five
// round trips.
func (db *DB) findUser(ctx context.Context, op string, notFound error, cond string, arg any) (*accord.User, error) {
	return fetchOne(ctx, db, op, func(t *txn) (*accord.User, error) {
		return t.userWithGrants(notFound, `SELECT `+userGrantColumns+` FROM users u `+userGrantJoin+`
			WHERE `+cond+` ORDER BY g.k, g.id`, []any{arg})
	})
}

// userGrantColumns and userGrantJoin read a user (u) with its grants (g),
// a row per grant and one row without any for a user who has none, in the
// order userWithGrants scans them. Administration comes first, as the
// user's first grant.
const (
	userGrantColumns = `u.id, u.name, u.email, u.lang, u.created_at, u.totp_secret IS NOT NULL, u.disabled_at,
			COALESCE(g.k, -1), COALESCE(g.id, 0), COALESCE(g.role, ''), COALESCE(g.organization, ''), COALESCE(g.body, ''), COALESCE(g.state, '')`
	userGrantJoin = `LEFT JOIN (
				SELECT 0 AS k, 0 AS id, user_id, '` + string(accord.RoleAdministrator) + `' AS role, '' AS organization, '' AS body, '' AS state FROM administrators
				UNION ALL SELECT 1, id, user_id, role, COALESCE(organization, ''), COALESCE(body, ''), COALESCE(state, '') FROM grants
			) g ON g.user_id = u.id`
)

// userWithGrants runs query, whose columns are those of first (scanned from
// every row, which repeat them) and then userGrantColumns, and returns the
// user it finds with its grants, or notFound for no row.
func (t *txn) userWithGrants(notFound error, query string, args []any, first ...any) (*accord.User, error) {
	var u *accord.User
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var next accord.User
		var k int
		var g accord.Grant
		dest := append(first[:len(first):len(first)], &next.ID, &next.Name, &next.Email, &next.Lang, col(&next.CreatedAt), &next.TOTPEnabled, col(&next.DisabledAt),
			&k, &g.ID, &g.Role, &g.Organization, &g.Body, &g.State)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if u == nil {
			next.Grants = []accord.Grant{}
			u = &next
		}
		if k >= 0 {
			g.UserID = u.ID
			u.Grants = append(u.Grants, g)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, notFound
	}
	return u, nil
}

// ListUsers returns every user, by id, with grants.
func (db *DB) ListUsers(ctx context.Context) ([]*accord.User, error) {
	return fetch(ctx, db, "list users", func(t *txn) ([]*accord.User, error) {
		us, err := all(t, scanUser, selectUser+` ORDER BY id`)
		if err != nil {
			return nil, err
		}
		return us, t.withGrants(us...)
	})
}

// SetUserLanguage records the language a user reads the interface in.
func (db *DB) SetUserLanguage(ctx context.Context, userID int64, lang string) error {
	if err := accord.ValidateLanguageTag("lang", lang); err != nil {
		return accord.Wrap("set user language", err)
	}
	return db.updateUser(ctx, "set user language", userID, "user.language", `UPDATE users SET lang = $2 WHERE id = $1`, lang)
}

// updateUser changes one thing of a user's row and audits it; secrets are
// audited as "(changed)" rather than by value.
func (db *DB) updateUser(ctx context.Context, op string, userID int64, action, query string, args ...any) error {
	return db.write(ctx, op, func(t *txn) error { return t.updateUser(userID, action, query, args...) })
}

func (t *txn) updateUser(userID int64, action, query string, args ...any) error {
	res, err := t.tx.ExecContext(t.ctx, query, append([]any{userID}, args...)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmpErr(err, accord.NotFound("user", userID))
	}
	after := any("(changed)")
	if action == "user.language" {
		after = args[0]
	}
	return t.audit(action, fmt.Sprintf("user/%d", userID), nil, after)
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// PasswordHash returns a user's password hash.
func (db *DB) PasswordHash(ctx context.Context, userID int64) (string, error) {
	return db.userSecret(ctx, "password hash", userID, `SELECT password_hash FROM users WHERE id = $1`)
}

// SetPasswordHash replaces a user's password hash and ends the user's
// sessions in the same transaction, so that no session opened with the old
// password outlives it, even when the server stops between the two.
func (db *DB) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	if hash == "" {
		return accord.Wrap("set password", accord.Invalid("password", "is required"))
	}
	return db.write(ctx, "set password", func(t *txn) error {
		if err := t.updateUser(userID, "user.password", `UPDATE users SET password_hash = $2 WHERE id = $1`, hash); err != nil {
			return err
		}
		return t.revokeSessions("session.revoke_all", fmt.Sprintf("user/%d", userID), `user_id = $2`, userID, false)
	})
}

// TOTPSecret returns a user's TOTP secret, "" when none is set up.
func (db *DB) TOTPSecret(ctx context.Context, userID int64) (string, error) {
	return db.userSecret(ctx, "totp secret", userID, `SELECT COALESCE(totp_secret, '') FROM users WHERE id = $1`)
}

func (db *DB) userSecret(ctx context.Context, op string, userID int64, query string) (string, error) {
	return fetch(ctx, db, op, func(t *txn) (string, error) {
		return one(t, func(r scanner) (s string, err error) { return s, r.Scan(&s) }, accord.NotFound("user", userID), query, userID)
	})
}

// EnableTOTP sets a user's TOTP secret and replaces the recovery codes.
func (db *DB) EnableTOTP(ctx context.Context, userID int64, secret string, recoveryHashes []string) error {
	f := accord.SecondFactor{Secret: secret, RecoveryHashes: recoveryHashes}
	if err := f.Validate(); err != nil {
		return accord.Wrap("enable totp", err)
	}
	return db.write(ctx, "enable totp", func(t *txn) error {
		if err := t.found("user", userID, `SELECT 1 FROM users WHERE id = $1`, userID); err != nil {
			return err
		}
		return t.enableTOTP(userID, f)
	})
}

func (t *txn) enableTOTP(userID int64, f accord.SecondFactor) error {
	if err := t.exec(`UPDATE users SET totp_secret = $2, totp_last_step = 0 WHERE id = $1`, userID, f.Secret); err != nil {
		return err
	}
	// A secret offered to another session must not replace this one
	// later.
	if err := t.exec(`UPDATE sessions SET totp_setup = NULL WHERE user_id = $1`, userID); err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range f.RecoveryHashes {
		if err := t.exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return err
		}
	}
	return t.audit("user.totp_enable", fmt.Sprintf("user/%d", userID), nil, map[string]int{"recovery_codes": len(f.RecoveryHashes)})
}

// UseTOTPStep accepts a time step once. The update's condition makes the
// check and the write one statement, so two requests racing with the same
// code cannot both pass.
func (db *DB) UseTOTPStep(ctx context.Context, userID int64, step int64) error {
	return db.write(ctx, "use totp", func(t *txn) error {
		res, err := t.tx.ExecContext(t.ctx, `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, userID, step)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, accord.Errorf(accord.ECONFLICT, "this code was used already"))
		}
		return t.audit("user.totp_use", fmt.Sprintf("user/%d", userID), nil, map[string]int64{"step": step})
	})
}

// UseRecoveryCode spends a recovery code.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, hash string) error {
	return db.write(ctx, "use recovery code", func(t *txn) error {
		res, err := t.tx.ExecContext(t.ctx, `UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
			userID, hash, timeArg(t.db.now()))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, accord.Errorf(accord.ENOTFOUND, "no such unused recovery code"))
		}
		return t.audit("user.recovery_code_use", fmt.Sprintf("user/%d", userID), nil, nil)
	})
}

// CreateSession stores a new session: a sign-in, audited as its user.
func (db *DB) CreateSession(ctx context.Context, s *accord.Session) error {
	return db.write(ctx, "create session", func(t *txn) error {
		s.CreatedAt, s.LastSeenAt = stamp(t.db.now()), stamp(t.db.now())
		if err := t.enabled(s.UserID); err != nil {
			return err
		}
		var err error
		s.ID, err = t.insert(`INSERT INTO sessions (token_hash, user_id, mfa, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			hex.EncodeToString(s.TokenHash), s.UserID, s.MFA, timeArg(s.CreatedAt), timeArg(s.LastSeenAt), s.IP, s.UserAgent)
		if err != nil {
			return err
		}
		u, err := one(t, scanUser, accord.Invalid("user_id", "user %d does not exist", s.UserID), selectUser+` WHERE id = $1`, s.UserID)
		if err != nil {
			return err
		}
		action := "session.password"
		if s.MFA {
			action = "session.signin"
		}
		return t.auditAs(&accord.Actor{User: u, IP: s.IP}, action, fmt.Sprintf("session/%d", s.ID), nil,
			map[string]any{"mfa": s.MFA, "user_agent": s.UserAgent})
	})
}

const selectSession = `SELECT id, token_hash, user_id, mfa, created_at, last_seen_at, revoked_at, ip, user_agent, COALESCE(totp_setup, '') FROM sessions`

func scanSession(r scanner) (*accord.Session, error) {
	var s accord.Session
	var hash string
	if err := r.Scan(sessionDest(&s, &hash)...); err != nil {
		return nil, err
	}
	var err error
	s.TokenHash, err = hex.DecodeString(hash)
	return &s, err
}

// sessionDest are the scan destinations of selectSession's columns, the
// token's hash in hex to hash.
func sessionDest(s *accord.Session, hash *string) []any {
	return []any{&s.ID, hash, &s.UserID, &s.MFA, col(&s.CreatedAt), col(&s.LastSeenAt), col(&s.RevokedAt), &s.IP, &s.UserAgent, &s.TOTPSetup}
}

// FindSession returns the session whose token hashes to tokenHash, revoked
// or not: the caller decides what an old session may still do (nothing).
func (db *DB) FindSession(ctx context.Context, tokenHash []byte) (*accord.Session, error) {
	return fetch(ctx, db, "find session", func(t *txn) (*accord.Session, error) {
		return one(t, scanSession, accord.Errorf(accord.ENOTFOUND, "no such session"), selectSession+` WHERE token_hash = $1`, hex.EncodeToString(tokenHash))
	})
}

// TouchSession records activity, which the idle timeout counts from.
func (db *DB) TouchSession(ctx context.Context, id int64, at time.Time) error {
	return db.bookkeep(ctx, "touch session", func(t *txn) error {
		return t.exec(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, id, timeArg(at))
	})
}

// RevokeSession ends one session: a sign-out.
func (db *DB) RevokeSession(ctx context.Context, id int64) error {
	return db.write(ctx, "revoke session", func(t *txn) error {
		return t.revokeSessions("session.revoke", fmt.Sprintf("session/%d", id), `id = $2`, id, false)
	})
}

// RevokeUserSessions ends every session of a user and, with tokens, every
// personal access token, in one transaction.
func (db *DB) RevokeUserSessions(ctx context.Context, userID int64, tokens bool) error {
	return db.write(ctx, "revoke user sessions", func(t *txn) error {
		return t.revokeSessions("session.revoke_all", fmt.Sprintf("user/%d", userID), `user_id = $2`, userID, tokens)
	})
}

func (t *txn) revokeSessions(action, resource, where string, arg int64, tokens bool) error {
	now := timeArg(t.db.now())
	res, err := t.tx.ExecContext(t.ctx, `UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND `+where, now, arg)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	after := map[string]int64{"revoked": n}
	if tokens {
		res, err := t.tx.ExecContext(t.ctx, `UPDATE tokens SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id = $2`, now, arg)
		if err != nil {
			return err
		}
		if after["tokens_revoked"], err = res.RowsAffected(); err != nil {
			return err
		}
	}
	return t.audit(action, resource, nil, after)
}

// SetSessionTOTPSetup keeps the secret a session was offered for setting up
// an authenticator app. Like the session's activity time it is bookkeeping:
// enabling the secret is what the audit trail records.
func (db *DB) SetSessionTOTPSetup(ctx context.Context, id int64, secret string) error {
	if secret == "" || len(secret) > 64 {
		return accord.Wrap("set session totp setup", accord.Invalid("secret", "is required, at most 64 characters"))
	}
	return db.bookkeep(ctx, "set session totp setup", func(t *txn) error {
		res, err := t.tx.ExecContext(t.ctx, `UPDATE sessions SET totp_setup = $2 WHERE id = $1 AND revoked_at IS NULL`, id, secret)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, accord.Errorf(accord.ENOTFOUND, "no such session"))
		}
		return nil
	})
}

// ListSessions returns a user's sessions, newest first.
func (db *DB) ListSessions(ctx context.Context, userID int64) ([]*accord.Session, error) {
	return fetch(ctx, db, "list sessions", func(t *txn) ([]*accord.Session, error) {
		return all(t, scanSession, selectSession+` WHERE user_id = $1 ORDER BY id DESC`, userID)
	})
}

// CreateToken stores a personal access token.
func (db *DB) CreateToken(ctx context.Context, tk *accord.Token) error {
	if tk.Name == "" || len(tk.Name) > 100 {
		return accord.Wrap("create token", accord.Invalid("name", "is required, at most 100 characters"))
	}
	if tk.Scope != accord.ScopeRead && tk.Scope != accord.ScopeWrite {
		return accord.Wrap("create token", accord.Invalid("scope", "%q is not a scope: use read or write", tk.Scope))
	}
	return db.write(ctx, "create token", func(t *txn) error {
		tk.CreatedAt = stamp(t.db.now())
		tk.ExpiresAt = stamp(tk.ExpiresAt)
		if err := t.enabled(tk.UserID); err != nil {
			return err
		}
		var err error
		tk.ID, err = t.insert(`INSERT INTO tokens (user_id, name, token_hash, scope, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			tk.UserID, tk.Name, hex.EncodeToString(tk.TokenHash), tk.Scope, timeArg(tk.CreatedAt), timeArg(tk.ExpiresAt))
		return t.created(err, "token.create", fmt.Sprintf("user/%d/token/%d", tk.UserID, tk.ID), tk)
	})
}

const selectToken = `SELECT id, user_id, name, token_hash, scope, created_at, expires_at, revoked_at, last_used_at FROM tokens`

func scanToken(r scanner) (*accord.Token, error) {
	var tk accord.Token
	var hash string
	if err := r.Scan(&tk.ID, &tk.UserID, &tk.Name, &hash, &tk.Scope, col(&tk.CreatedAt), col(&tk.ExpiresAt), col(&tk.RevokedAt), col(&tk.LastUsedAt)); err != nil {
		return nil, err
	}
	var err error
	tk.TokenHash, err = hex.DecodeString(hash)
	return &tk, err
}

// FindToken returns the token whose value hashes to tokenHash.
func (db *DB) FindToken(ctx context.Context, tokenHash []byte) (*accord.Token, error) {
	return fetchOne(ctx, db, "find token", func(t *txn) (*accord.Token, error) {
		return one(t, scanToken, accord.Errorf(accord.ENOTFOUND, "no such token"), selectToken+` WHERE token_hash = $1`, hex.EncodeToString(tokenHash))
	})
}

// TouchToken records a token's last use.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return db.bookkeep(ctx, "touch token", func(t *txn) error {
		return t.exec(`UPDATE tokens SET last_used_at = $2 WHERE id = $1`, id, timeArg(at))
	})
}

// ListTokens returns a user's tokens, newest first.
func (db *DB) ListTokens(ctx context.Context, userID int64) ([]*accord.Token, error) {
	return fetch(ctx, db, "list tokens", func(t *txn) ([]*accord.Token, error) {
		return all(t, scanToken, selectToken+` WHERE user_id = $1 ORDER BY id DESC`, userID)
	})
}

// RevokeToken revokes one of a user's tokens; another user's token is
// ENOTFOUND, as if it did not exist.
func (db *DB) RevokeToken(ctx context.Context, userID, id int64) error {
	return db.write(ctx, "revoke token", func(t *txn) error {
		res, err := t.tx.ExecContext(t.ctx, `UPDATE tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, userID, timeArg(t.db.now()))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, accord.NotFound("token", id))
		}
		return t.audit("token.revoke", fmt.Sprintf("user/%d/token/%d", userID, id), nil, nil)
	})
}

// CountLoginFailures counts the failures under key since a time. Sign-ins
// count through ClaimAttempt; this is for operators and tests.
func (db *DB) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	return fetch(ctx, db, "count login failures", func(t *txn) (int, error) {
		var n int
		return n, t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2`, key, timeArg(since)).Scan(&n)
	})
}
