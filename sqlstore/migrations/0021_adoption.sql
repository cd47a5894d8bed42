-- A state's time zone, an IANA name such as Asia/Karachi, in which the
-- deadline of a silence procedure is shown to its delegation; empty when
-- not known, and the deadline is then shown in UTC.
ALTER TABLE states ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- Adoption procedures of a document's draft. texts are the revision's
-- texts by language (JSON), kept with the procedure so that adoption can
-- freeze them as the document's versions without reading the draft again;
-- members are the states whose position counts (JSON).
CREATE TABLE adoptions (
	id {{ID}},
	document_id BIGINT NOT NULL REFERENCES documents (id),
	meeting_id BIGINT NOT NULL REFERENCES meetings (id),
	method TEXT NOT NULL CHECK (method IN ('in_session', 'silence')),
	revision INTEGER NOT NULL CHECK (revision >= 1),
	revision_sha256 TEXT NOT NULL,
	members TEXT NOT NULL,
	texts TEXT NOT NULL,
	opened_at TEXT NOT NULL,
	deadline TEXT,
	result TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'adopted', 'not_adopted', 'withdrawn')),
	closed_at TEXT,
	broken_by TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	CHECK ((method = 'silence') = (deadline IS NOT NULL)),
	CHECK ((result = '') = (closed_at IS NULL))
);
-- At most one open procedure, and one adoption, per document: the
-- database enforces what the rules check, even between two instances.
CREATE UNIQUE INDEX adoptions_open ON adoptions (document_id) WHERE result = '';
CREATE UNIQUE INDEX adoptions_adopted ON adoptions (document_id) WHERE result = 'adopted';

CREATE TABLE adoption_positions (
	adoption_id BIGINT NOT NULL REFERENCES adoptions (id),
	state TEXT NOT NULL REFERENCES states (code),
	kind TEXT NOT NULL CHECK (kind IN ('no_objection', 'objection', 'reservation', 'interpretative_statement')),
	text TEXT NOT NULL,
	lang TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	user_id BIGINT REFERENCES users (id),
	PRIMARY KEY (adoption_id, state)
);
