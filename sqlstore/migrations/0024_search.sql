-- Full-text search (issue 14; numbered 0029 in the plan of that issue's
-- work). One row per record and language: a document's latest version in
-- each language, a meeting's theme, city and venue, an agenda item's
-- title. The terms are made in Go (package textsearch: Snowball stems for
-- Russian and English, bigrams for Chinese) so that both engines index the
-- same words; title and body are the texts that snippets are cut from.
-- Who may read a row is never stored here: a search joins the live
-- documents table and applies the policy's reading rule to it, so that a
-- change of classification needs no reindexing.
CREATE TABLE search_entries (
	id {{ID}},
	kind TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	lang TEXT NOT NULL,
	-- The document whose reading rule applies; NULL for the public kinds.
	document_id BIGINT REFERENCES documents (id),
	meeting_id BIGINT,
	revision INTEGER NOT NULL DEFAULT 0,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	title_terms TEXT NOT NULL,
	body_terms TEXT NOT NULL,
	UNIQUE (kind, record_id, lang)
);

-- sqlite:begin
-- An external-content FTS5 table over the terms, kept by triggers: the
-- terms are lowered stems and bigrams already, so unicode61 only splits
-- them at the spaces, and folds nothing (remove_diacritics 0) that Go did
-- not fold on both sides.
CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER search_entries_insert AFTER INSERT ON search_entries BEGIN
	INSERT INTO search_fts (rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
END;
CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
	INSERT INTO search_fts (search_fts, rowid, title_terms, body_terms) VALUES ('delete', old.id, old.title_terms, old.body_terms);
END;
CREATE TRIGGER search_entries_update AFTER UPDATE ON search_entries BEGIN
	INSERT INTO search_fts (search_fts, rowid, title_terms, body_terms) VALUES ('delete', old.id, old.title_terms, old.body_terms);
	INSERT INTO search_fts (rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
END;
-- sqlite:end

-- postgres:begin
-- The simple configuration, because the terms are stemmed already: the
-- russian or english one would stem them a second time, and know nothing
-- of Chinese. Titles weigh more than bodies in the rank.
ALTER TABLE search_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS
	(setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED;
CREATE INDEX search_entries_tsv ON search_entries USING GIN (tsv);
-- postgres:end

CREATE INDEX search_entries_document ON search_entries (document_id);
