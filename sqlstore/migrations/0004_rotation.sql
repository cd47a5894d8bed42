-- Rotating chairmanship: each body's rotation rule, and the document that
-- records a chairmanship by decision.

CREATE TABLE rotation_rules (
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('alphabetical', 'order', 'decision')),
	-- The language of an alphabetical rotation; '' for the other kinds.
	lang TEXT NOT NULL,
	-- The states of an order rotation, as a JSON list of codes.
	state_order TEXT NOT NULL,
	eligibility TEXT NOT NULL CHECK (eligibility IN ('members_day_before', 'members_on_handover_day')),
	term TEXT NOT NULL CHECK (term IN ('meeting', 'period')),
	term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 120),
	wait_days INTEGER NOT NULL CHECK (wait_days >= 0),
	note TEXT NOT NULL,
	PRIMARY KEY (organization, body),
	FOREIGN KEY (organization, body) REFERENCES bodies (organization, code),
	CHECK ((kind = 'alphabetical') = (lang <> ''))
);

ALTER TABLE chair_terms ADD COLUMN source_document_id BIGINT REFERENCES documents (id);

-- A body has one chair at a time: two concurrent handovers cannot both
-- leave a term open.
CREATE UNIQUE INDEX chair_terms_open ON chair_terms (organization, body) WHERE until_date IS NULL;
