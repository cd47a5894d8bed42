-- Account administration by an organization's secretariat: invitations
-- that a person accepts to set their password and second factor, accounts
-- that are disabled, and the public keys heads of delegation submit for
-- the secretariat to confirm.

-- disabled_at is set when the secretariat disables the account: it opens
-- no session and no token from then on.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- An invitation's token is kept as its SHA-256 hex digest. totp_setup is
-- the authenticator secret the link last offered; used_at and user_id are
-- set, once, when the person accepts.
CREATE TABLE invitations (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	organization TEXT NOT NULL REFERENCES organizations (code),
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	lang TEXT NOT NULL,
	invited_by BIGINT REFERENCES users (id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	totp_setup TEXT,
	used_at TEXT,
	user_id BIGINT REFERENCES users (id),
	CHECK ((used_at IS NULL) = (user_id IS NULL))
);
CREATE INDEX invitations_organization ON invitations (organization, id);
CREATE INDEX invitations_user ON invitations (user_id);

-- A key a head submitted from their account; key_id is the enrolled key
-- once the secretariat confirmed its fingerprint.
CREATE TABLE key_submissions (
	id {{ID}},
	organization TEXT NOT NULL REFERENCES organizations (code),
	state TEXT NOT NULL REFERENCES states (code),
	user_id BIGINT NOT NULL REFERENCES users (id),
	person TEXT NOT NULL,
	vkey TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	submitted_at TEXT NOT NULL,
	confirmed_at TEXT,
	key_id BIGINT REFERENCES signing_keys (id),
	CHECK ((confirmed_at IS NULL) = (key_id IS NULL))
);
CREATE INDEX key_submissions_organization ON key_submissions (organization, id);
CREATE INDEX key_submissions_user ON key_submissions (user_id, id);
