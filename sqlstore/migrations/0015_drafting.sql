-- Drafts of outcome documents while they are negotiated (issue 11). The
-- working text is one row per segment, deleted ones kept so that a
-- segment's id is never given twice; a segment's texts in every language
-- are read and written together, so they are one JSON column
-- ({"ru": {"text": …, "state": …, "checked_against": n}}).
CREATE TABLE drafts (
	document_id BIGINT PRIMARY KEY REFERENCES documents (id),
	drafting_lang TEXT NOT NULL,
	languages TEXT NOT NULL,
	revision INTEGER NOT NULL CHECK (revision >= 0),
	next_segment BIGINT NOT NULL CHECK (next_segment > 0),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE draft_segments (
	document_id BIGINT NOT NULL REFERENCES drafts (document_id),
	id BIGINT NOT NULL CHECK (id > 0),
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	version INTEGER NOT NULL CHECK (version > 0),
	texts TEXT NOT NULL,
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (document_id, id)
);

-- A circulated revision: content is its canonical bytes, the JSON its
-- SHA-256 and its transparency log entry commit to. Rows are only ever
-- inserted.
CREATE TABLE draft_revisions (
	id {{ID}},
	document_id BIGINT NOT NULL REFERENCES drafts (document_id),
	number INTEGER NOT NULL CHECK (number > 0),
	content TEXT NOT NULL,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	circulated_at TEXT NOT NULL,
	circulated_by BIGINT,
	UNIQUE (document_id, number)
);

CREATE TABLE amendments (
	document_id BIGINT NOT NULL REFERENCES drafts (document_id),
	number INTEGER NOT NULL CHECK (number > 0),
	segment_id BIGINT NOT NULL,
	op TEXT NOT NULL,
	kind TEXT NOT NULL,
	texts TEXT NOT NULL,
	justification TEXT NOT NULL,
	author_state TEXT NOT NULL REFERENCES states (code),
	author_user_id BIGINT,
	revision INTEGER NOT NULL,
	segment_version INTEGER NOT NULL,
	carried_to INTEGER NOT NULL,
	flagged BOOLEAN NOT NULL,
	status TEXT NOT NULL,
	decision TEXT,
	created_at TEXT NOT NULL,
	PRIMARY KEY (document_id, number),
	FOREIGN KEY (document_id, revision) REFERENCES draft_revisions (document_id, number)
);

CREATE TABLE amendment_votes (
	document_id BIGINT NOT NULL,
	number INTEGER NOT NULL,
	state TEXT NOT NULL REFERENCES states (code),
	objection BOOLEAN NOT NULL,
	text TEXT NOT NULL,
	user_id BIGINT,
	at TEXT NOT NULL,
	PRIMARY KEY (document_id, number, state),
	FOREIGN KEY (document_id, number) REFERENCES amendments (document_id, number)
);
