-- Calendar feeds (issue 14). A subscriber's calendar replaces an event only
-- when its SEQUENCE rises (RFC 5545 §3.8.7.4), so each meeting counts the
-- changes of its dates, place or status; modified_at is when the meeting
-- last changed at all (LAST-MODIFIED), NULL for meetings recorded before.
ALTER TABLE meetings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN modified_at TEXT;
