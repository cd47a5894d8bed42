-- The secretariat may close a reporting round before its deadline
-- (issue 12); NULL while the round runs to its deadline.
ALTER TABLE reporting_rounds ADD COLUMN closed_at TEXT;
