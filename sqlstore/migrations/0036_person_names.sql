-- Names of people in other scripts (issue 15, item 9): a person's name is
-- recorded in one script ("Wang Yi"), and pages in Russian and Chinese
-- show its form in theirs ("Ван И", "王毅") when recorded, by language as
-- titles are. '{}' for none, so every page falls back to the name.
ALTER TABLE persons ADD COLUMN names TEXT NOT NULL DEFAULT '{}';
