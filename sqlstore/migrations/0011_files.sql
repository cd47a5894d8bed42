-- Attachment files kept in the database, so that every instance behind a
-- load balancer serves every file. A file is content-addressed: one row
-- per SHA-256 however many attachments carry it, its bytes cut into chunks
-- that are written and read one at a time, so that a 500 MiB video never
-- sits whole in memory. chunk_size is the file's own, so that a later
-- size does not break older files.
CREATE TABLE files (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size BIGINT NOT NULL CHECK (size > 0),
	chunk_size INTEGER NOT NULL CHECK (chunk_size > 0),
	created_at TEXT NOT NULL
);

CREATE TABLE file_chunks (
	sha256 TEXT NOT NULL REFERENCES files (sha256),
	seq INTEGER NOT NULL CHECK (seq >= 0),
	data BYTEA NOT NULL,
	PRIMARY KEY (sha256, seq)
);

-- The public key (verifier) of the log's signing key, recorded by the
-- first instance that serves the log. An instance with another key
-- refuses to start: checkpoints of one log signed by two keys cannot all
-- be verified with one trust file.
CREATE TABLE log_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	vkey TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
