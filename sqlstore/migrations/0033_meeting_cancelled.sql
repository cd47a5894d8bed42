-- Cancelled meetings (issue 14). A meeting called off stays on record and
-- in the calendars as CANCELLED, so that subscribers are told rather than
-- see it vanish; cancelled_at is when, NULL for a meeting that stands.
-- Its status stays what it was (planned), so that reinstating it restores
-- the meeting as it was.
ALTER TABLE meetings ADD COLUMN cancelled_at TEXT;
ALTER TABLE meetings ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
