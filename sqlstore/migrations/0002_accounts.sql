-- Accounts, credentials, sessions, tokens, login throttling and the audit
-- trail. Secrets are never stored: passwords as argon2id hashes, session and
-- token values and recovery codes as SHA-256 hex digests.

CREATE TABLE users (
	id {{ID}},
	name TEXT NOT NULL,
	email TEXT NOT NULL UNIQUE,
	lang TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	totp_secret TEXT,
	-- The last TOTP time step accepted, so that a code works once.
	totp_last_step BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

CREATE TABLE grants (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	role TEXT NOT NULL CHECK (role IN ('secretariat', 'chair_officer', 'delegation_officer', 'head_of_delegation', 'observer', 'press')),
	organization TEXT REFERENCES organizations (code),
	body TEXT,
	state TEXT REFERENCES states (code),
	FOREIGN KEY (organization, body) REFERENCES bodies (organization, code),
	UNIQUE (user_id, role, organization, body, state)
);

CREATE TABLE recovery_codes (
	user_id BIGINT NOT NULL REFERENCES users (id),
	code_hash TEXT NOT NULL,
	used_at TEXT,
	PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	mfa BOOLEAN NOT NULL,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	revoked_at TEXT,
	ip TEXT NOT NULL,
	user_agent TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tokens (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	revoked_at TEXT,
	last_used_at TEXT
);
CREATE INDEX tokens_user ON tokens (user_id);

-- Failed sign-ins, keyed by "account:<email>" and "ip:<address>", counted
-- over a sliding window. Kept in the database so that every instance behind
-- a load balancer counts the same attempts.
CREATE TABLE login_failures (
	id {{ID}},
	key TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- Confidential documents name the states that may read them besides the
-- author delegation.
CREATE TABLE document_recipients (
	document_id BIGINT NOT NULL REFERENCES documents (id),
	state TEXT NOT NULL REFERENCES states (code),
	PRIMARY KEY (document_id, state)
);

-- The audit trail: append-only, no code path updates or deletes a row.
-- record holds the canonical JSON of the entry, byte for byte as written.
CREATE TABLE audit_log (
	id {{ID}},
	at TEXT NOT NULL,
	user_id BIGINT,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	resource TEXT NOT NULL,
	ip TEXT NOT NULL,
	record TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
