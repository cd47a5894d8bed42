-- Documents that are withdrawn rather than deleted, and the files they
-- carry. Nothing here is ever deleted: withdrawing records when and why, and
-- the versions and files stay.

ALTER TABLE documents ADD COLUMN withdrawn_at TEXT;
ALTER TABLE documents ADD COLUMN withdrawal_reason TEXT NOT NULL DEFAULT '';

-- An attachment's bytes are kept outside the database, under the data
-- folder, named by their SHA-256; two attachments may share one file.
CREATE TABLE document_attachments (
	id {{ID}},
	document_id BIGINT NOT NULL REFERENCES documents (id),
	-- '' for a file in no language.
	lang TEXT NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'video/mp4', 'video/webm')),
	size BIGINT NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	created_at TEXT NOT NULL,
	withdrawn_at TEXT,
	withdrawal_reason TEXT NOT NULL,
	CHECK (withdrawn_at IS NULL OR withdrawal_reason <> '')
);
CREATE INDEX document_attachments_document ON document_attachments (document_id);

-- Lists of the newest documents, and of an organization's.
CREATE INDEX document_versions_lang ON document_versions (lang, document_id);
