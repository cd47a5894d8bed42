-- The languages an organization also publishes its documents in, as
-- translations that never bind (accord.Organization): a JSON array of
-- language tags, as official_languages and working_languages are. Until a
-- secretariat declares them, its documents take only its official and
-- working languages.
ALTER TABLE organizations ADD COLUMN translation_languages TEXT NOT NULL DEFAULT '[]';
