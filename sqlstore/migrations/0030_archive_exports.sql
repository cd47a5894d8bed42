-- Each bag of the archive a secretariat exported (issue 16), with the hash
-- of its tag manifest and the signature over it, as its log entry
-- (archive_export) commits to them. log_index is where the entry is.
CREATE TABLE archive_exports (
	id {{ID}},
	organization TEXT NOT NULL REFERENCES organizations (code),
	body TEXT NOT NULL,
	meeting_number INTEGER NOT NULL CHECK (meeting_number >= 0),
	prepared_for TEXT NOT NULL,
	tag_manifest_sha256 TEXT NOT NULL,
	signer TEXT NOT NULL,
	signature TEXT NOT NULL,
	exported_at TEXT NOT NULL,
	log_index BIGINT NOT NULL
);
