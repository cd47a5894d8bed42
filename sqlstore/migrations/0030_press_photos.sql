-- Photos of press releases (issue 14, item 2) are attachments of a kind:
-- JPEG and PNG join the media types, and a photo carries its description
-- in the release's languages (alt, JSON by language) and its dimensions.
-- A plain file keeps '{}' and zeros.
-- sqlite:begin
-- SQLite cannot change a CHECK: the table is made again under its name,
-- the old one renamed out of the way first, so that the table keeps its
-- place among those a backup restores in order. No table references it.
ALTER TABLE document_attachments RENAME TO document_attachments_0029;
CREATE TABLE document_attachments (
	id {{ID}},
	document_id BIGINT NOT NULL REFERENCES documents (id),
	lang TEXT NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'video/mp4', 'video/webm', 'image/jpeg', 'image/png')),
	size BIGINT NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	created_at TEXT NOT NULL,
	withdrawn_at TEXT,
	withdrawal_reason TEXT NOT NULL,
	alt TEXT NOT NULL DEFAULT '{}',
	width INTEGER NOT NULL DEFAULT 0 CHECK (width >= 0),
	height INTEGER NOT NULL DEFAULT 0 CHECK (height >= 0),
	CHECK (withdrawn_at IS NULL OR withdrawal_reason <> ''),
	CHECK ((media_type IN ('image/jpeg', 'image/png')) = (width > 0 AND height > 0))
);
INSERT INTO document_attachments (id, document_id, lang, name, media_type, size, sha256, created_at, withdrawn_at, withdrawal_reason)
	SELECT id, document_id, lang, name, media_type, size, sha256, created_at, withdrawn_at, withdrawal_reason FROM document_attachments_0029;
DROP TABLE document_attachments_0029;
CREATE INDEX document_attachments_document ON document_attachments (document_id);
-- sqlite:end
-- postgres:begin
ALTER TABLE document_attachments DROP CONSTRAINT document_attachments_media_type_check;
ALTER TABLE document_attachments ADD CONSTRAINT document_attachments_media_type_check CHECK (media_type IN ('application/pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'video/mp4', 'video/webm', 'image/jpeg', 'image/png'));
ALTER TABLE document_attachments ADD COLUMN alt TEXT NOT NULL DEFAULT '{}';
ALTER TABLE document_attachments ADD COLUMN width INTEGER NOT NULL DEFAULT 0 CHECK (width >= 0);
ALTER TABLE document_attachments ADD COLUMN height INTEGER NOT NULL DEFAULT 0 CHECK (height >= 0);
ALTER TABLE document_attachments ADD CONSTRAINT document_attachments_photo_check
	CHECK ((media_type IN ('image/jpeg', 'image/png')) = (width > 0 AND height > 0));
-- postgres:end
