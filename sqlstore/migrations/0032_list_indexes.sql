-- Indexes for the documents list's filters (EXPLAIN of each: see the
-- test of the lists' plans). Each arm of a list is one classification,
-- newest first, and stops at its page's end, so each filter needs an
-- index that yields its documents of one classification in id order:
-- - withdrawn shown: documents_classification has withdrawn_at before id,
--   so the list sorted every document of the class for one page;
-- - a kind: documents_kind is in id order but not by classification, so
--   the page read each document's row to test its class, and the count
--   read every row of the kind;
-- - a meeting: its links by document, so that the meeting's documents
--   are a range of one index (covering), not a lookup per link.
CREATE INDEX documents_classification_all ON documents (classification, id);
CREATE INDEX documents_kind_classification ON documents (kind, classification, withdrawn_at, id);
CREATE INDEX document_meetings_meeting_document ON document_meetings (meeting_id, document_id);
DROP INDEX document_meetings_meeting;
