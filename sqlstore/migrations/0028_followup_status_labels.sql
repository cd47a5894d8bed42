-- A council's own follow-up status carries its label in the council's
-- words by language (JSON, as texts elsewhere); a built-in status keeps
-- '{}' and is named by Accord's catalogs (issue 12).
ALTER TABLE followup_statuses ADD COLUMN labels TEXT NOT NULL DEFAULT '{}';
