-- Lists that page, filter and count in SQL: newest first within each
-- filter, and the policy's conditions on classifications.
CREATE INDEX documents_classification ON documents (classification, withdrawn_at, id);
CREATE INDEX documents_kind ON documents (kind, id);
CREATE INDEX document_recipients_state ON document_recipients (state, document_id);
CREATE INDEX delegations_meeting ON delegations (meeting_id, state);
CREATE INDEX meetings_organization ON meetings (organization, id);

-- Change counters by scope (accord.OrgScope and the others), so that a
-- cache of a page is emptied only by a change to what it shows. A write
-- adds one to one shard of each scope it touches, chosen at random, so
-- that concurrent writers to one scope seldom wait on the same row; the
-- version of a scope is the sum of its shards, which grows with every
-- commit.
CREATE TABLE change_counters (
	scope TEXT NOT NULL,
	shard INTEGER NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (scope, shard)
);
