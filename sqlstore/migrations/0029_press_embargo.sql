-- A press release scheduled for a time (issue 14, item 1): NULL for a
-- document published as it is stored. Fixed-width UTC TEXT as every
-- timestamp, so that it compares as a string with a moment on both engines.
ALTER TABLE documents ADD COLUMN embargo_until TEXT;

-- The change versions count the embargoes ended by a moment; the few
-- scheduled releases are all this index holds.
CREATE INDEX documents_embargo ON documents (embargo_until) WHERE embargo_until IS NOT NULL;
