-- The secretariat workspace: answers kept for retried writes, and the
-- indexes its lists filter by.

-- The first answer to a write that carried an Idempotency-Key, per user and
-- route (scope: method and path). status is 0 while the first request runs;
-- rows older than a day are deleted as new keys arrive.
CREATE TABLE idempotency_keys (
	user_id BIGINT NOT NULL REFERENCES users (id),
	scope TEXT NOT NULL,
	idem_key TEXT NOT NULL,
	request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
	status INTEGER NOT NULL CHECK (status = 0 OR status BETWEEN 200 AND 599),
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_id, scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Meetings of a body by date, the order every list shows them in.
CREATE INDEX meetings_body_start ON meetings (organization, body, start_date);
