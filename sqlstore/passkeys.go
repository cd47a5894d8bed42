package sqlstore

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/accord-org/accord"
)

// b64 encodes the binary values of a passkey for a TEXT column. base64url
// without padding is how WebAuthn itself writes them, so a credential id in
// the database reads like the one in a browser's console.
var b64 = base64.RawURLEncoding

// CreatePasskey stores a passkey and audits it; the audit record holds what
// the JSON form shows, none of the key material.
func (db *DB) CreatePasskey(ctx context.Context, p *accord.Passkey) error {
	if err := p.Validate(); err != nil {
		return accord.Wrap("create passkey", err)
	}
	return db.write(ctx, "create passkey", func(t *txn) error {
		if err := t.ref("user_id", fmt.Sprint("user ", p.UserID), `SELECT 1 FROM users WHERE id = $1`, p.UserID); err != nil {
			return err
		}
		p.CreatedAt = stamp(t.db.now())
		p.Transports = texts(p.Transports)
		var err error
		p.ID, err = t.insert(`INSERT INTO passkeys (user_id, name, credential_id, public_key, user_handle, sign_count, aaguid, transports,
			backup_eligible, backup_state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			p.UserID, p.Name, b64.EncodeToString(p.CredentialID), b64.EncodeToString(p.PublicKey), b64.EncodeToString(p.UserHandle),
			int64(p.SignCount), b64.EncodeToString(p.AAGUID), jsonArg(p.Transports), p.BackupEligible, p.BackupState, timeArg(p.CreatedAt))
		if err := conflict(err, "this passkey is registered already"); err != nil {
			return err
		}
		return t.audit("passkey.create", fmt.Sprintf("user/%d/passkey/%d", p.UserID, p.ID), nil, p)
	})
}

const selectPasskey = `SELECT id, user_id, name, credential_id, public_key, user_handle, sign_count, aaguid, transports,
	backup_eligible, backup_state, created_at, last_used_at FROM passkeys`

func scanPasskey(r scanner) (*accord.Passkey, error) {
	var p accord.Passkey
	var credID, key, handle, aaguid string
	var count int64
	if err := r.Scan(&p.ID, &p.UserID, &p.Name, &credID, &key, &handle, &count, &aaguid, col(&p.Transports),
		&p.BackupEligible, &p.BackupState, col(&p.CreatedAt), col(&p.LastUsedAt)); err != nil {
		return nil, err
	}
	p.SignCount = uint32(count)
	for _, f := range []struct {
		dst *[]byte
		src string
	}{{&p.CredentialID, credID}, {&p.PublicKey, key}, {&p.UserHandle, handle}, {&p.AAGUID, aaguid}} {
		var err error
		if *f.dst, err = b64.DecodeString(f.src); err != nil {
			return nil, fmt.Errorf("passkey %d: %w", p.ID, err)
		}
	}
	return &p, nil
}

// FindPasskey returns the passkey with a credential id.
func (db *DB) FindPasskey(ctx context.Context, credentialID []byte) (*accord.Passkey, error) {
	return fetch(ctx, db, "find passkey", func(t *txn) (*accord.Passkey, error) {
		return one(t, scanPasskey, accord.Errorf(accord.ENOTFOUND, "no such passkey"), selectPasskey+` WHERE credential_id = $1`, b64.EncodeToString(credentialID))
	})
}

// ListPasskeys returns a user's passkeys, oldest first.
func (db *DB) ListPasskeys(ctx context.Context, userID int64) ([]*accord.Passkey, error) {
	return fetch(ctx, db, "list passkeys", func(t *txn) ([]*accord.Passkey, error) {
		return all(t, scanPasskey, selectPasskey+` WHERE user_id = $1 ORDER BY id`, userID)
	})
}

// UsePasskey records a sign-in with a passkey. The counter check is the
// update's condition, so that the check and the write cannot be separated
// by a concurrent sign-in with the same assertion.
func (db *DB) UsePasskey(ctx context.Context, id int64, signCount uint32, backupState bool, at time.Time) error {
	return db.write(ctx, "use passkey", func(t *txn) error {
		p, err := one(t, scanPasskey, accord.Errorf(accord.ENOTFOUND, "no such passkey"), selectPasskey+` WHERE id = $1`, id)
		if err != nil {
			return err
		}
		res, err := t.tx.ExecContext(t.ctx, `UPDATE passkeys SET sign_count = $2, backup_state = $3, last_used_at = $4
			WHERE id = $1 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))`, id, int64(signCount), backupState, timeArg(at))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, accord.Errorf(accord.ECONFLICT, "the passkey's signature counter did not advance"))
		}
		return t.audit("passkey.use", fmt.Sprintf("user/%d/passkey/%d", p.UserID, id),
			map[string]any{"sign_count": p.SignCount, "backup_state": p.BackupState},
			map[string]any{"sign_count": signCount, "backup_state": backupState})
	})
}

// DeletePasskey removes one of a user's passkeys. The audit record keeps
// what it was, since the row is gone.
func (db *DB) DeletePasskey(ctx context.Context, userID, id int64) error {
	return db.write(ctx, "delete passkey", func(t *txn) error {
		p, err := one(t, scanPasskey, accord.NotFound("passkey", id), selectPasskey+` WHERE id = $1 AND user_id = $2`, id, userID)
		if err != nil {
			return err
		}
		if err := t.exec(`DELETE FROM passkeys WHERE id = $1`, id); err != nil {
			return err
		}
		return t.audit("passkey.delete", fmt.Sprintf("user/%d/passkey/%d", userID, id), p, nil)
	})
}

// SaveCeremony stores a ceremony's state. Ceremonies are bookkeeping, like
// failed sign-ins: the change a ceremony leads to is audited when it
// finishes. Ceremonies expired by the store's clock are dropped here, so
// that abandoned ones do not pile up without a separate cleaner.
func (db *DB) SaveCeremony(ctx context.Context, c *accord.Ceremony) error {
	if len(c.KeyHash) == 0 || len(c.Data) == 0 || c.ExpiresAt.IsZero() || (c.Kind != accord.CeremonyRegister && c.Kind != accord.CeremonyLogin) {
		return accord.Wrap("save ceremony", accord.Invalid("ceremony", "a key, a kind, data and an expiry are required"))
	}
	if (c.Kind == accord.CeremonyRegister) != (c.UserID != 0) {
		return accord.Wrap("save ceremony", accord.Invalid("ceremony", "a registration, and only a registration, is for a user"))
	}
	var userID any
	if c.UserID != 0 {
		userID = c.UserID
	}
	return db.bookkeep(ctx, "save ceremony", func(t *txn) error {
		if err := t.exec(`DELETE FROM webauthn_ceremonies WHERE expires_at < $1`, timeArg(t.db.now())); err != nil {
			return err
		}
		return t.exec(`INSERT INTO webauthn_ceremonies (key_hash, kind, user_id, data, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			hex.EncodeToString(c.KeyHash), c.Kind, userID, string(c.Data), timeArg(c.ExpiresAt))
	})
}

// TakeCeremony deletes a ceremony and returns it. DELETE … RETURNING makes
// the read and the delete one statement on both engines, so that of two
// requests finishing the same ceremony only one gets it.
func (db *DB) TakeCeremony(ctx context.Context, keyHash []byte, kind accord.CeremonyKind) (*accord.Ceremony, error) {
	var c *accord.Ceremony
	err := db.bookkeep(ctx, "take ceremony", func(t *txn) error {
		var err error
		c, err = one(t, func(r scanner) (*accord.Ceremony, error) {
			c := accord.Ceremony{KeyHash: keyHash, Kind: kind}
			var userID *int64
			var data string
			if err := r.Scan(&userID, &data, col(&c.ExpiresAt)); err != nil {
				return nil, err
			}
			if userID != nil {
				c.UserID = *userID
			}
			c.Data = []byte(data)
			return &c, nil
		}, accord.Errorf(accord.ENOTFOUND, "no such ceremony"),
			`DELETE FROM webauthn_ceremonies WHERE key_hash = $1 AND kind = $2 RETURNING user_id, data, expires_at`, hex.EncodeToString(keyHash), kind)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
