-- A meeting in session (issue 13). sittings holds each meeting's state as
-- the engine (package live) keeps it, as JSON: it is read and written
-- whole, under the row's lock, and no query looks inside it. sat_on is
-- the day the meeting went into session, NULL when it is not: the unique
-- index keeps a body in one hall at a time even when two chairs press at
-- once.
CREATE TABLE sittings (
	meeting_id BIGINT PRIMARY KEY REFERENCES meetings (id),
	organization TEXT NOT NULL,
	body TEXT NOT NULL,
	sat_on TEXT,
	-- The state's version is inside it: one source, never two to agree.
	state TEXT NOT NULL
);
CREATE UNIQUE INDEX sittings_one_hall ON sittings (organization, body, sat_on) WHERE sat_on IS NOT NULL;

-- The outbox: each change of a sitting, written in the change's
-- transaction. Every instance reads it in id order to push the events to
-- its own clients, and the meeting's page shows it as the record of the
-- sitting afterwards.
CREATE TABLE sitting_events (
	id {{ID}},
	meeting_id BIGINT NOT NULL REFERENCES meetings (id),
	kind TEXT NOT NULL,
	item BIGINT,
	request BIGINT,
	state TEXT,
	version BIGINT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX sitting_events_meeting ON sitting_events (meeting_id, id);
