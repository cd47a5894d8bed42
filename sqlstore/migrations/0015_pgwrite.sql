-- Log entries and audit records wait here, from the transaction that
-- stores them, until the integrator gives them their place in the log (see
-- the package doc): writers no longer take log_state, the row that
-- serialized every write until its commit.
--
-- log_pending holds entries without an index yet; ids only order them.
CREATE TABLE log_pending (
	id {{ID}},
	kind TEXT NOT NULL,
	ref BIGINT NOT NULL,
	data TEXT NOT NULL
);
CREATE INDEX log_pending_ref ON log_pending (kind, ref);

-- audit_pending names the audit records not yet linked into the log. An
-- audit record's id is handed out before its transaction commits, so a
-- record may commit after one with a larger id: "every id above the last
-- one linked" missed it, or needed a table lock that stalled every writer.
CREATE TABLE audit_pending (
	id BIGINT PRIMARY KEY
);
INSERT INTO audit_pending (id) SELECT id FROM audit_log WHERE id > (SELECT audited_through FROM log_state WHERE id = 1);
