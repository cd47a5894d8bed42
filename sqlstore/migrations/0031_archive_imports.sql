-- Bags of the archive imported from another instance (issue 16). The row
-- keeps what the bag proved: its tag manifest, the checkpoint of the
-- sender's log with the bag's own inclusion proof, and the checkpoint the
-- records were proved against; archive_import_records keeps, per imported
-- version, its entry in the sender's log with its proof, so that the
-- receiver can show later what it received and that the sender logged it.
CREATE TABLE archive_imports (
	id {{ID}},
	organization TEXT NOT NULL REFERENCES organizations (code),
	tag_manifest_sha256 TEXT NOT NULL UNIQUE CHECK (length(tag_manifest_sha256) = 64),
	external_identifier TEXT NOT NULL,
	signer TEXT NOT NULL,
	bag_entry TEXT NOT NULL,
	bag_checkpoint TEXT NOT NULL,
	records_checkpoint TEXT NOT NULL,
	counts TEXT NOT NULL,
	imported_at TEXT NOT NULL
);

CREATE TABLE archive_import_records (
	import_id BIGINT NOT NULL REFERENCES archive_imports (id),
	kind TEXT NOT NULL,
	local_id BIGINT NOT NULL,
	source_log_index BIGINT NOT NULL,
	proof TEXT NOT NULL,
	PRIMARY KEY (kind, local_id)
);
