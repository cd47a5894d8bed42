-- The tree's hashes are built in batches after the entries are stored (see
-- the package doc): size is how many entries of log_entries have their
-- hashes in log_hashes. It has a row of its own so that building hashes
-- never waits for, or holds up, the writers appending to log_state.
CREATE TABLE log_tree (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	size BIGINT NOT NULL CHECK (size >= 0)
);
INSERT INTO log_tree (id, size) SELECT 1, size FROM log_state;
