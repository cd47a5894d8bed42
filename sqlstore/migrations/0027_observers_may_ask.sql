-- Whether observers and guests ask for the floor in a body's sittings
-- (issue 13, item 2). Off by default: a body's rules of procedure give the
-- floor to its members unless they say otherwise. One text for both
-- engines: SQLite stores the boolean as 0 and 1.
ALTER TABLE bodies ADD COLUMN observers_may_ask BOOLEAN NOT NULL DEFAULT FALSE;
