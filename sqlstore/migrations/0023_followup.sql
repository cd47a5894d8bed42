-- Follow-up of measures (issue 12). A measure points at a segment of the
-- adopted draft or at a paragraph of its document; texts are its text by
-- authentic language and states the states it binds (JSON).
CREATE TABLE measures (
	id {{ID}},
	document_id BIGINT NOT NULL REFERENCES documents (id),
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	meeting_id BIGINT NOT NULL REFERENCES meetings (id),
	number TEXT NOT NULL,
	external_id TEXT NOT NULL DEFAULT '',
	segment_id BIGINT NOT NULL DEFAULT 0,
	paragraph INTEGER NOT NULL DEFAULT 0,
	texts TEXT NOT NULL,
	named BOOLEAN NOT NULL,
	lead TEXT NOT NULL,
	due TEXT,
	note TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK ((segment_id > 0) <> (paragraph > 0)),
	UNIQUE (document_id, number)
);
-- An external id is the key of CSV imports across the organization.
CREATE UNIQUE INDEX measures_external ON measures (organization, external_id) WHERE external_id <> '';
CREATE INDEX measures_meeting ON measures (meeting_id);

-- One measure for one state: claimed is the latest status its delegation
-- reported, assessed the secretariat's latest; '' before the first.
CREATE TABLE obligations (
	id {{ID}},
	measure_id BIGINT NOT NULL REFERENCES measures (id),
	state TEXT NOT NULL REFERENCES states (code),
	claimed TEXT NOT NULL DEFAULT '',
	assessed TEXT NOT NULL DEFAULT '',
	UNIQUE (measure_id, state)
);

-- A council's own controlled list of statuses; a council with no rows
-- uses the default list.
CREATE TABLE followup_statuses (
	organization TEXT NOT NULL REFERENCES organizations (code),
	position INTEGER NOT NULL,
	status TEXT NOT NULL,
	PRIMARY KEY (organization, status)
);

CREATE TABLE reporting_rounds (
	id {{ID}},
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	meeting INTEGER NOT NULL,
	deadline TEXT NOT NULL,
	opened_at TEXT NOT NULL,
	UNIQUE (organization, body, meeting)
);

-- Reports are never edited: a correction is a new report.
CREATE TABLE national_reports (
	id {{ID}},
	state TEXT NOT NULL REFERENCES states (code),
	round_id BIGINT REFERENCES reporting_rounds (id),
	texts TEXT NOT NULL,
	status TEXT NOT NULL,
	attachments TEXT NOT NULL,
	classification TEXT NOT NULL CHECK (classification IN ('public', 'restricted', 'confidential')),
	submitted_at TEXT NOT NULL,
	submitted_by BIGINT REFERENCES users (id),
	late BOOLEAN NOT NULL
);
CREATE TABLE report_obligations (
	report_id BIGINT NOT NULL REFERENCES national_reports (id),
	obligation_id BIGINT NOT NULL REFERENCES obligations (id),
	PRIMARY KEY (report_id, obligation_id)
);
CREATE INDEX report_obligations_obligation ON report_obligations (obligation_id);

CREATE TABLE assessments (
	id {{ID}},
	obligation_id BIGINT NOT NULL REFERENCES obligations (id),
	status TEXT NOT NULL,
	comment TEXT NOT NULL,
	classification TEXT NOT NULL CHECK (classification IN ('public', 'restricted', 'confidential')),
	assessed_at TEXT NOT NULL,
	assessed_by BIGINT REFERENCES users (id),
	external_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessments_obligation ON assessments (obligation_id);

-- The summing-up of a meeting's measures, one document per meeting whose
-- measures it sums up: made again, it gets new versions.
CREATE TABLE followup_summaries (
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	meeting INTEGER NOT NULL,
	document_id BIGINT NOT NULL REFERENCES documents (id),
	PRIMARY KEY (organization, body, meeting)
);
