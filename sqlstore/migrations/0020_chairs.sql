-- A body's rotation rule has versions: each takes effect on a day, and a
-- replay judges every handover by the version in force on its day. The
-- single rule of 0004 becomes each body's first version, in force since
-- the beginning ('' as effective_from, which sorts before every date).

CREATE TABLE rotation_rule_versions (
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('alphabetical', 'order', 'decision')),
	lang TEXT NOT NULL,
	state_order TEXT NOT NULL,
	eligibility TEXT NOT NULL CHECK (eligibility IN ('members_day_before', 'members_on_handover_day')),
	term TEXT NOT NULL CHECK (term IN ('meeting', 'period')),
	term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 120),
	wait_days INTEGER NOT NULL CHECK (wait_days >= 0),
	note TEXT NOT NULL,
	PRIMARY KEY (organization, body, effective_from),
	FOREIGN KEY (organization, body) REFERENCES bodies (organization, code),
	CHECK ((kind = 'alphabetical') = (lang <> ''))
);

INSERT INTO rotation_rule_versions (organization, body, effective_from, kind, lang, state_order, eligibility, term, term_months, wait_days, note)
	SELECT organization, body, '', kind, lang, state_order, eligibility, term, term_months, wait_days, note FROM rotation_rules;

DROP TABLE rotation_rules;
