-- Accord's first schema, for SQLite and PostgreSQL alike; {{ID}} becomes each
-- engine's auto-incremented primary key.
--
-- Dates are TEXT YYYY-MM-DD (NULL when unknown) and timestamps fixed-width UTC
-- TEXT, so that both compare correctly as strings. Multilingual texts and
-- language lists are JSON TEXT. Kinds of agenda items and documents carry no
-- CHECK because the domain adds kinds more often than SQLite can cheaply
-- rebuild a table; statuses and the like, which are part of the rules, do.

CREATE TABLE states (
	code TEXT PRIMARY KEY,
	names TEXT NOT NULL
);

CREATE TABLE organizations (
	code TEXT PRIMARY KEY,
	names TEXT NOT NULL,
	founded TEXT,
	official_languages TEXT NOT NULL,
	working_languages TEXT NOT NULL
);

CREATE TABLE memberships (
	id {{ID}},
	organization TEXT NOT NULL REFERENCES organizations (code),
	state TEXT NOT NULL REFERENCES states (code),
	status TEXT NOT NULL CHECK (status IN ('member', 'observer', 'partner')),
	from_date TEXT,
	until_date TEXT,
	CHECK (status <> 'member' OR from_date IS NOT NULL),
	CHECK (from_date IS NULL OR until_date IS NULL OR from_date <= until_date)
);
CREATE INDEX memberships_organization_state ON memberships (organization, state);

CREATE TABLE bodies (
	organization TEXT NOT NULL REFERENCES organizations (code),
	code TEXT NOT NULL,
	names TEXT NOT NULL,
	PRIMARY KEY (organization, code)
);

CREATE TABLE organs (
	organization TEXT NOT NULL REFERENCES organizations (code),
	code TEXT NOT NULL,
	names TEXT NOT NULL,
	PRIMARY KEY (organization, code)
);

CREATE TABLE meetings (
	id {{ID}},
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 3999),
	host TEXT NOT NULL REFERENCES states (code),
	city TEXT NOT NULL,
	venue TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL,
	format TEXT NOT NULL CHECK (format IN ('in_person', 'video', 'hybrid')),
	theme TEXT NOT NULL,
	chair TEXT REFERENCES states (code),
	status TEXT NOT NULL CHECK (status IN ('planned', 'in_session', 'concluded')),
	note TEXT NOT NULL,
	FOREIGN KEY (organization, body) REFERENCES bodies (organization, code),
	UNIQUE (organization, body, number),
	-- Lets a delegation's organ be tied to the meeting's organization.
	UNIQUE (id, organization),
	CHECK (start_date <= end_date)
);

CREATE TABLE persons (
	id {{ID}},
	name TEXT NOT NULL,
	title TEXT NOT NULL,
	-- The code of a state or an organ, so it references neither table.
	affiliation TEXT NOT NULL
);

CREATE TABLE agenda_items (
	id {{ID}},
	meeting_id BIGINT NOT NULL REFERENCES meetings (id),
	position INTEGER NOT NULL CHECK (position >= 1),
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	speaker_id BIGINT REFERENCES persons (id),
	UNIQUE (meeting_id, position),
	-- Lets a document link name an agenda item of its own meeting only.
	UNIQUE (id, meeting_id)
);

CREATE TABLE delegations (
	id {{ID}},
	meeting_id BIGINT NOT NULL,
	-- The meeting's organization, copied so that the organ can reference
	-- that organization's organs.
	organization TEXT NOT NULL,
	state TEXT REFERENCES states (code),
	organ TEXT,
	head_id BIGINT NOT NULL REFERENCES persons (id),
	FOREIGN KEY (meeting_id, organization) REFERENCES meetings (id, organization),
	FOREIGN KEY (organization, organ) REFERENCES organs (organization, code),
	UNIQUE (meeting_id, state),
	UNIQUE (meeting_id, organ),
	CHECK ((state IS NULL) <> (organ IS NULL))
);

CREATE TABLE delegation_members (
	delegation_id BIGINT NOT NULL REFERENCES delegations (id),
	person_id BIGINT NOT NULL REFERENCES persons (id),
	position INTEGER NOT NULL CHECK (position >= 1),
	PRIMARY KEY (delegation_id, position),
	UNIQUE (delegation_id, person_id)
);

CREATE TABLE documents (
	id {{ID}},
	reference TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	classification TEXT NOT NULL CHECK (classification IN ('public', 'restricted', 'confidential')),
	author_kind TEXT NOT NULL CHECK (author_kind IN ('delegation', 'chair', 'secretariat')),
	author_delegation_id BIGINT REFERENCES delegations (id),
	created_at TEXT NOT NULL,
	CHECK ((author_kind = 'delegation') = (author_delegation_id IS NOT NULL))
);

-- Versions are never updated: a revision is a new row.
CREATE TABLE document_versions (
	id {{ID}},
	document_id BIGINT NOT NULL REFERENCES documents (id),
	lang TEXT NOT NULL,
	revision INTEGER NOT NULL CHECK (revision >= 1),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	created_at TEXT NOT NULL,
	UNIQUE (document_id, lang, revision)
);

CREATE TABLE document_meetings (
	document_id BIGINT NOT NULL REFERENCES documents (id),
	meeting_id BIGINT NOT NULL REFERENCES meetings (id),
	agenda_item_id BIGINT,
	PRIMARY KEY (document_id, meeting_id),
	FOREIGN KEY (agenda_item_id, meeting_id) REFERENCES agenda_items (id, meeting_id)
);
CREATE INDEX document_meetings_meeting ON document_meetings (meeting_id);

CREATE TABLE chair_terms (
	id {{ID}},
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	state TEXT NOT NULL REFERENCES states (code),
	from_meeting_id BIGINT REFERENCES meetings (id),
	from_date TEXT NOT NULL,
	until_date TEXT,
	basis TEXT NOT NULL CHECK (basis IN ('rule', 'decision')),
	note TEXT NOT NULL,
	FOREIGN KEY (organization, body) REFERENCES bodies (organization, code),
	-- A term that ends on the day it is first recorded (a chair whose start
	-- is not known) shares its day with its successor's first day.
	UNIQUE (organization, body, from_date, state),
	CHECK (until_date IS NULL OR from_date <= until_date),
	CHECK (basis <> 'decision' OR note <> '')
);
