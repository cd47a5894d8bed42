package sqlstore

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

var _ accord.AdminService = (*DB)(nil)

// enabled refuses to open a session or a token for a disabled account. It
// locks the user's row, so that a disable running at the same time either
// sees the new session and ends it, or is seen here.
func (t *txn) enabled(userID int64) error {
	disabled, err := t.exists(t.forUpdate(`SELECT 1 FROM users WHERE id = $1 AND disabled_at IS NOT NULL`), userID)
	if err == nil && disabled {
		err = accord.Errorf(accord.EUNAUTHORIZED, "This account is disabled. Ask the secretariat.")
	}
	return err
}

// emailTaken is the ECONFLICT of an invitation for an address that has an
// account already.
func (t *txn) emailTaken(email string) error {
	taken, err := t.exists(`SELECT 1 FROM users WHERE email = $1`, email)
	if err == nil && taken {
		err = &accord.Error{Code: accord.ECONFLICT, Field: "email", Message: "An account with this e-mail address exists already."}
	}
	return err
}

// CreateInvitation stores an invitation that holds accord.InvitationDays
// from now, by the store's clock.
func (db *DB) CreateInvitation(ctx context.Context, inv *accord.Invitation) error {
	if err := inv.Validate(); err != nil {
		return accord.Wrap("create invitation", err)
	}
	if len(inv.TokenHash) == 0 {
		return accord.Wrap("create invitation", accord.Invalid("token", "is required"))
	}
	return db.write(ctx, "create invitation", func(t *txn) error {
		if err := t.ref("organization", "organization "+inv.Organization, refOrganization, inv.Organization); err != nil {
			return err
		}
		if err := t.emailTaken(inv.Email); err != nil {
			return err
		}
		inv.CreatedAt = stamp(t.db.now())
		inv.ExpiresAt = inv.CreatedAt.AddDate(0, 0, accord.InvitationDays)
		var by any
		if a := accord.ActorFrom(t.ctx); a.User != nil {
			inv.InvitedBy, by = a.User.ID, a.User.ID
		}
		var err error
		inv.ID, err = t.insert(`INSERT INTO invitations (token_hash, organization, name, email, lang, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, hex.EncodeToString(inv.TokenHash), inv.Organization, inv.Name, inv.Email, inv.Lang,
			by, timeArg(inv.CreatedAt), timeArg(inv.ExpiresAt))
		return t.created(err, "invitation.create", fmt.Sprintf("invitation/%d", inv.ID), inv)
	})
}

const selectInvitation = `SELECT id, token_hash, organization, name, email, lang, COALESCE(invited_by, 0), created_at, expires_at,
	COALESCE(totp_setup, ''), used_at, COALESCE(user_id, 0) FROM invitations`

func scanInvitation(r scanner) (*accord.Invitation, error) {
	var i accord.Invitation
	var hash string
	if err := r.Scan(&i.ID, &hash, &i.Organization, &i.Name, &i.Email, &i.Lang, &i.InvitedBy, col(&i.CreatedAt), col(&i.ExpiresAt),
		&i.TOTPSetup, col(&i.UsedAt), &i.UserID); err != nil {
		return nil, err
	}
	var err error
	i.TokenHash, err = hex.DecodeString(hash)
	return &i, err
}

var errNoInvitation = accord.Errorf(accord.ENOTFOUND, "There is no such invitation. Check the link, or ask the secretariat for a new one.")

// FindInvitation returns the invitation of a token, used or not.
func (db *DB) FindInvitation(ctx context.Context, tokenHash []byte) (*accord.Invitation, error) {
	return fetch(ctx, db, "find invitation", func(t *txn) (*accord.Invitation, error) {
		return one(t, scanInvitation, errNoInvitation, selectInvitation+` WHERE token_hash = $1`, hex.EncodeToString(tokenHash))
	})
}

// ListInvitations lists an organization's invitations, newest first.
func (db *DB) ListInvitations(ctx context.Context, org string) ([]*accord.Invitation, error) {
	return fetch(ctx, db, "list invitations", func(t *txn) ([]*accord.Invitation, error) {
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		return all(t, scanInvitation, selectInvitation+` WHERE organization = $1 ORDER BY id DESC`, org)
	})
}

// OfferInvitationTOTP keeps the secret an invitation's page offered. Like
// a session's setup secret it is bookkeeping: the acceptance is audited.
func (db *DB) OfferInvitationTOTP(ctx context.Context, id int64, secret string) error {
	if secret == "" || len(secret) > 64 {
		return accord.Wrap("offer invitation totp", accord.Invalid("secret", "is required, at most 64 characters"))
	}
	return db.bookkeep(ctx, "offer invitation totp", func(t *txn) error {
		res, err := t.tx.ExecContext(t.ctx, `UPDATE invitations SET totp_setup = $2 WHERE id = $1 AND used_at IS NULL`, id, secret)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, errNoInvitation)
		}
		return nil
	})
}

// AcceptInvitation makes the invited account with its password and second
// factor. The invitation's row is locked first, so that two acceptances of
// one link cannot both pass.
func (db *DB) AcceptInvitation(ctx context.Context, tokenHash []byte, a *accord.Acceptance) (*accord.User, error) {
	if a.PasswordHash == "" || a.TOTPSecret == "" || len(a.RecoveryHashes) == 0 {
		return nil, accord.Wrap("accept invitation", accord.Invalid("password", "a password and a second factor are required"))
	}
	var u *accord.User
	err := db.write(ctx, "accept invitation", func(t *txn) error {
		inv, err := one(t, scanInvitation, errNoInvitation, t.forUpdate(selectInvitation+` WHERE token_hash = $1`), hex.EncodeToString(tokenHash))
		if err != nil {
			return err
		}
		if err := inv.Usable(t.db.now()); err != nil {
			return err
		}
		if err := t.emailTaken(inv.Email); err != nil {
			return err
		}
		u = &accord.User{Name: inv.Name, Email: inv.Email, Lang: inv.Lang, Grants: []accord.Grant{}}
		if err := validateNewUser("accept invitation", u, a.PasswordHash); err != nil {
			return err
		}
		if err := t.createUser(u, a.PasswordHash); err != nil {
			return err
		}
		if err := t.exec(`UPDATE users SET totp_secret = $2, totp_last_step = $3 WHERE id = $1`, u.ID, a.TOTPSecret, a.TOTPStep); err != nil {
			return err
		}
		for _, h := range a.RecoveryHashes {
			if err := t.exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, u.ID, h); err != nil {
				return err
			}
		}
		u.TOTPEnabled = true
		if err := t.exec(`UPDATE invitations SET used_at = $2, user_id = $3, totp_setup = NULL WHERE id = $1`, inv.ID, timeArg(t.db.now()), u.ID); err != nil {
			return err
		}
		return t.audit("invitation.accept", fmt.Sprintf("invitation/%d", inv.ID), nil,
			map[string]any{"user_id": u.ID, "recovery_codes": len(a.RecoveryHashes)})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// userOrganizations finds the organizations of an account ($1): those it
// holds grants in, and the one that invited it.
const userOrganizations = `SELECT organization FROM grants WHERE user_id = $1 AND organization IS NOT NULL
	UNION SELECT organization FROM invitations WHERE user_id = $1`

// ListOrganizationUsers lists the accounts of an organization, by id.
func (db *DB) ListOrganizationUsers(ctx context.Context, org string) ([]*accord.User, error) {
	return fetch(ctx, db, "list organization users", func(t *txn) ([]*accord.User, error) {
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		us, err := all(t, scanUser, selectUser+` WHERE id IN (SELECT user_id FROM grants WHERE organization = $1
			UNION SELECT user_id FROM invitations WHERE organization = $1 AND user_id IS NOT NULL) ORDER BY id`, org)
		if err != nil {
			return nil, err
		}
		return us, t.withGrants(us...)
	})
}

// UserOrganizations names the organizations an account belongs to.
func (db *DB) UserOrganizations(ctx context.Context, userID int64) ([]string, error) {
	return fetch(ctx, db, "user organizations", func(t *txn) ([]string, error) {
		if err := t.found("user", userID, `SELECT 1 FROM users WHERE id = $1`, userID); err != nil {
			return nil, err
		}
		return strings1(t, userOrganizations, userID)
	})
}

// RevokeGrant takes a grant from a user; the audit record keeps it.
func (db *DB) RevokeGrant(ctx context.Context, userID, grantID int64) error {
	return db.write(ctx, "revoke grant", func(t *txn) error {
		g, err := one(t, func(r scanner) (g accord.Grant, err error) {
			return g, r.Scan(&g.ID, &g.UserID, &g.Role, &g.Organization, &g.Body, &g.State)
		}, accord.NotFound("grant", grantID), `SELECT id, user_id, role, COALESCE(organization, ''), COALESCE(body, ''), COALESCE(state, '')
			FROM grants WHERE id = $1 AND user_id = $2`, grantID, userID)
		if err != nil {
			return err
		}
		if err := t.exec(`DELETE FROM grants WHERE id = $1`, grantID); err != nil {
			return err
		}
		return t.audit("grant.revoke", fmt.Sprintf("user/%d/grant/%d", userID, grantID), g, nil)
	})
}

// DisableUser disables an account and ends its sessions and tokens.
func (db *DB) DisableUser(ctx context.Context, userID int64) error {
	return db.write(ctx, "disable user", func(t *txn) error {
		if err := t.found("user", userID, `SELECT 1 FROM users WHERE id = $1`, userID); err != nil {
			return err
		}
		res, err := t.tx.ExecContext(t.ctx, `UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL`, userID, timeArg(t.db.now()))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, accord.Errorf(accord.ECONFLICT, "The account is disabled already."))
		}
		if err := t.audit("user.disable", fmt.Sprintf("user/%d", userID), nil, nil); err != nil {
			return err
		}
		return t.revokeSessions("session.revoke_all", fmt.Sprintf("user/%d", userID), `user_id = $2`, userID, true)
	})
}

// ResetTOTP removes a user's second factor and ends their sessions, which
// the lost factor may have opened.
func (db *DB) ResetTOTP(ctx context.Context, userID int64) error {
	return db.write(ctx, "reset totp", func(t *txn) error {
		if err := t.found("user", userID, `SELECT 1 FROM users WHERE id = $1`, userID); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE users SET totp_secret = NULL WHERE id = $1`,
			`UPDATE sessions SET totp_setup = NULL WHERE user_id = $1`,
			`DELETE FROM recovery_codes WHERE user_id = $1`,
		} {
			if err := t.exec(q, userID); err != nil {
				return err
			}
		}
		if err := t.audit("user.totp_reset", fmt.Sprintf("user/%d", userID), nil, nil); err != nil {
			return err
		}
		return t.revokeSessions("session.revoke_all", fmt.Sprintf("user/%d", userID), `user_id = $2`, userID, false)
	})
}

// SubmitKey stores a head's key, pending the secretariat's confirmation.
func (db *DB) SubmitKey(ctx context.Context, k *accord.KeySubmission) error {
	k.VKey = strings.TrimSpace(k.VKey)
	probe := accord.SigningKey{Organization: k.Organization, State: k.State, Role: accord.RoleHeadOfDelegation, Person: k.Person, VKey: k.VKey,
		ValidFrom: accord.DateOf(db.now())}
	if err := probe.Validate(); err != nil {
		return accord.Wrap("submit key", err)
	}
	fp, err := translog.Fingerprint(k.VKey)
	if err != nil {
		return accord.Wrap("submit key", err)
	}
	if _, err := note.NewVerifier(k.VKey); err != nil {
		return accord.Wrap("submit key", accord.Invalid("vkey", "is not a signed-note public key: paste what 'accord key new' printed"))
	}
	k.Fingerprint = fp
	return db.write(ctx, "submit key", func(t *txn) error {
		if err := t.ref("organization", "organization "+k.Organization, refOrganization, k.Organization); err != nil {
			return err
		}
		if err := t.ref("state", "state "+k.State, refState, k.State); err != nil {
			return err
		}
		if err := t.ref("user_id", fmt.Sprint("user ", k.UserID), `SELECT 1 FROM users WHERE id = $1`, k.UserID); err != nil {
			return err
		}
		dup, err := t.exists(`SELECT 1 FROM signing_keys WHERE vkey = $1 UNION ALL SELECT 1 FROM key_submissions WHERE vkey = $1 AND confirmed_at IS NULL`, k.VKey)
		if err != nil {
			return err
		}
		if dup {
			return &accord.Error{Code: accord.ECONFLICT, Field: "vkey", Message: "This key is submitted or enrolled already."}
		}
		k.SubmittedAt = stamp(t.db.now())
		k.ID, err = t.insert(`INSERT INTO key_submissions (organization, state, user_id, person, vkey, fingerprint, submitted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, k.Organization, k.State, k.UserID, k.Person, k.VKey, k.Fingerprint, timeArg(k.SubmittedAt))
		return t.created(err, "key_submission.create", fmt.Sprintf("key_submission/%d", k.ID), k)
	})
}

const selectSubmission = `SELECT id, organization, state, user_id, person, vkey, fingerprint, submitted_at, confirmed_at, COALESCE(key_id, 0)
	FROM key_submissions`

func scanSubmission(r scanner) (*accord.KeySubmission, error) {
	var k accord.KeySubmission
	return &k, r.Scan(&k.ID, &k.Organization, &k.State, &k.UserID, &k.Person, &k.VKey, &k.Fingerprint, col(&k.SubmittedAt), col(&k.ConfirmedAt), &k.KeyID)
}

// ListKeySubmissions lists submissions of an organization and/or a user.
func (db *DB) ListKeySubmissions(ctx context.Context, org string, userID int64) ([]*accord.KeySubmission, error) {
	return fetch(ctx, db, "list key submissions", func(t *txn) ([]*accord.KeySubmission, error) {
		return all(t, scanSubmission, selectSubmission+` WHERE ($1 = '' OR organization = $1) AND ($2 = 0 OR user_id = $2) ORDER BY id DESC`, org, userID)
	})
}

// FindKeySubmission returns a submission.
func (db *DB) FindKeySubmission(ctx context.Context, id int64) (*accord.KeySubmission, error) {
	return fetch(ctx, db, "find key submission", func(t *txn) (*accord.KeySubmission, error) {
		return one(t, scanSubmission, accord.NotFound("key submission", id), selectSubmission+` WHERE id = $1`, id)
	})
}

// ConfirmKeySubmission enrols a pending submission: the key, state, person
// and account are the submission's; k brings the validity.
func (db *DB) ConfirmKeySubmission(ctx context.Context, id int64, k *accord.SigningKey) error {
	return db.write(ctx, "confirm key submission", func(t *txn) error {
		sub, err := one(t, scanSubmission, accord.NotFound("key submission", id), t.forUpdate(selectSubmission+` WHERE id = $1`), id)
		if err != nil {
			return err
		}
		if !sub.ConfirmedAt.IsZero() {
			return accord.Errorf(accord.ECONFLICT, "This key was confirmed already.")
		}
		k.Organization, k.State, k.Role, k.Person, k.UserID, k.VKey, k.Fingerprint =
			sub.Organization, sub.State, accord.RoleHeadOfDelegation, sub.Person, sub.UserID, sub.VKey, sub.Fingerprint
		if err := k.Validate(); err != nil {
			return err
		}
		if err := t.enrolKey(k); err != nil {
			return err
		}
		if err := t.exec(`UPDATE key_submissions SET confirmed_at = $2, key_id = $3 WHERE id = $1`, id, timeArg(t.db.now()), k.ID); err != nil {
			return err
		}
		return t.audit("key_submission.confirm", fmt.Sprintf("key_submission/%d", id), nil, map[string]int64{"key_id": k.ID})
	})
}
