-- Administrators run the platform: they exist before any organization, so
-- their role has no scope. They are kept apart from grants, whose role list
-- is a CHECK constraint that SQLite cannot change in place.
CREATE TABLE administrators (
	user_id BIGINT PRIMARY KEY REFERENCES users (id),
	granted_at TEXT NOT NULL
);
