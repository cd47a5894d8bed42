-- The salts of sealed log entries: an entry about a document the public
-- may not read commits to what it records with SHA-256(salt || details),
-- so that a guessed text cannot be confirmed offline. kind and ref name
-- the entry's row as log_entries does; the document's bundle reveals the
-- salt. Entries logged before salts have none here.
CREATE TABLE log_salts (
	kind TEXT NOT NULL,
	ref BIGINT NOT NULL,
	salt BYTEA NOT NULL CHECK (length(salt) = 32),
	PRIMARY KEY (kind, ref)
);
