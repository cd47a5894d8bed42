-- A document's author state is fixed when the document is written: the
-- state of the author delegation, or the state that held the chair of its
-- meeting then; '' for the secretariat or an organ. Deriving it on every
-- read from meetings.chair, which the workspace edits, or from the
-- lowest-id linked meeting, which a new link changes, let a later chair
-- take over a predecessor's documents.
ALTER TABLE documents ADD COLUMN author_state TEXT NOT NULL DEFAULT '';

-- What the documents meant until now, kept as they were.
UPDATE documents SET author_state = COALESCE((SELECT dl.state FROM delegations dl WHERE dl.id = documents.author_delegation_id), '')
	WHERE author_kind = 'delegation';
UPDATE documents SET author_state = COALESCE((SELECT m.chair FROM meetings m WHERE m.id =
		(SELECT MIN(dm.meeting_id) FROM document_meetings dm WHERE dm.document_id = documents.id)), '')
	WHERE author_kind = 'chair';
