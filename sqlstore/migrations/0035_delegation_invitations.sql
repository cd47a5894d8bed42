-- Invitations to a meeting (issue 15, item 4). A delegation registered in
-- bulk is an invitation its delegation officer answers: sent until then,
-- accepted once the head is named, or declined. A delegation registered
-- by hand was never an invitation ('').
ALTER TABLE delegations ADD COLUMN invitation TEXT NOT NULL DEFAULT '' CHECK (invitation IN ('', 'sent', 'accepted', 'declined'));
-- Delegations registered in bulk before this column keep the head known
-- only by the title until answered: those are the invitations still out.
UPDATE delegations SET invitation = 'sent'
	WHERE state IS NOT NULL AND head_id IN (SELECT id FROM persons WHERE name = '');
