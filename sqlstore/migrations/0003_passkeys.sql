-- Passkeys (WebAuthn credentials) and the state of WebAuthn ceremonies
-- between their begin and finish requests. Binary values are stored as
-- base64url TEXT, like the other secrets' digests, so that both engines
-- compare them as strings.

CREATE TABLE passkeys (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	-- A credential id identifies one credential across all users: the
	-- sign-in looks the user up by it.
	credential_id TEXT NOT NULL UNIQUE,
	public_key TEXT NOT NULL,
	user_handle TEXT NOT NULL,
	sign_count BIGINT NOT NULL CHECK (sign_count >= 0),
	aaguid TEXT NOT NULL,
	transports TEXT NOT NULL,
	backup_eligible BOOLEAN NOT NULL,
	backup_state BOOLEAN NOT NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A ceremony lives for minutes and is deleted when it finishes, so that a
-- challenge is answered once. key_hash is the SHA-256 (hex) of the random
-- key the browser holds in a cookie.
CREATE TABLE webauthn_ceremonies (
	key_hash TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('register', 'login')),
	user_id BIGINT REFERENCES users (id),
	data TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);
