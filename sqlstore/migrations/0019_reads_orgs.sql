-- Each link of a document carries its meeting's organization (a meeting
-- never changes organization), so that a list of one organization's
-- documents walks that organization's links newest first and stops at its
-- page, instead of reading the whole archive newest first to find the few
-- documents of a small organization.
ALTER TABLE document_meetings ADD COLUMN organization TEXT NOT NULL DEFAULT '';
UPDATE document_meetings SET organization = (SELECT m.organization FROM meetings m WHERE m.id = document_meetings.meeting_id);
CREATE INDEX document_meetings_organization ON document_meetings (organization, document_id);
