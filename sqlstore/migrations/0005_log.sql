-- The transparency log, signing keys and signatures.
--
-- The log is an RFC 6962 Merkle tree kept as golang.org/x/mod/sumdb/tlog
-- keeps it: every leaf's entry, and every hash tlog stores, by its stored
-- hash index. Entries are appended in the transaction that writes the rows
-- they record, so a row and its entry are committed together or not at all.

-- One row: the log's size, and the last audit record linked into it.
-- Appenders lock the row, which serializes them across instances.
CREATE TABLE log_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	size BIGINT NOT NULL CHECK (size >= 0),
	audited_through BIGINT NOT NULL
);
INSERT INTO log_state (id, size, audited_through) VALUES (1, 0, 0);

-- kind and ref name the row an entry records (document_version and the
-- version's id, signature and the signature's id, ...), so that
-- 'accord log verify' can find the row again.
CREATE TABLE log_entries (
	idx BIGINT PRIMARY KEY CHECK (idx >= 0),
	kind TEXT NOT NULL,
	ref BIGINT NOT NULL,
	data TEXT NOT NULL
);
CREATE INDEX log_entries_ref ON log_entries (kind, ref);

CREATE TABLE log_hashes (
	id BIGINT PRIMARY KEY,
	hash BYTEA NOT NULL
);

-- Signed checkpoints; cosigned is the same note with the witnesses'
-- cosignatures added, '' until one arrives.
CREATE TABLE log_checkpoints (
	size BIGINT PRIMARY KEY,
	note TEXT NOT NULL,
	cosigned TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE signing_keys (
	id {{ID}},
	organization TEXT NOT NULL REFERENCES organizations (code),
	state TEXT NOT NULL REFERENCES states (code),
	role TEXT NOT NULL CHECK (role IN ('head_of_delegation', 'chair_officer', 'delegation_officer')),
	person TEXT NOT NULL,
	user_id BIGINT REFERENCES users (id),
	vkey TEXT NOT NULL UNIQUE,
	-- The key's name and hash, as a signed note's signature line names
	-- them; no two keys share both.
	key_name TEXT NOT NULL,
	key_hash BIGINT NOT NULL,
	fingerprint TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_until TEXT,
	enrolled_at TEXT NOT NULL,
	revoked_at TEXT,
	revocation_reason TEXT NOT NULL,
	UNIQUE (key_name, key_hash),
	CHECK (valid_until IS NULL OR valid_from <= valid_until),
	CHECK (revoked_at IS NULL OR revocation_reason <> '')
);
CREATE INDEX signing_keys_state ON signing_keys (organization, state);

-- A document is opened for signature once; versions and required are JSON
-- (the frozen versions, the required signatories).
CREATE TABLE signings (
	id {{ID}},
	document_id BIGINT NOT NULL UNIQUE REFERENCES documents (id),
	meeting_id BIGINT NOT NULL REFERENCES meetings (id),
	statement TEXT NOT NULL,
	statement_sha256 TEXT NOT NULL CHECK (length(statement_sha256) = 64),
	versions TEXT NOT NULL,
	required TEXT NOT NULL,
	opened_at TEXT NOT NULL,
	completed_at TEXT
);

CREATE TABLE signatures (
	id {{ID}},
	signing_id BIGINT NOT NULL REFERENCES signings (id),
	state TEXT NOT NULL REFERENCES states (code),
	key_id BIGINT NOT NULL REFERENCES signing_keys (id),
	note TEXT NOT NULL,
	signed_at TEXT NOT NULL,
	UNIQUE (signing_id, state)
);
