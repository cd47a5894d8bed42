package sqlstore

import (
	"github.com/accord-org/accord"
)

// A document's versions and attachments are in languages of the
// organizations whose meetings it belongs to (accord.Organization says
// which, and why); these look the organizations up in the transaction
// that writes, so that a concurrent link or language change cannot slip
// between the check and the write.

// meetingOrganizations returns the organizations of the meetings, each
// once, by code.
func (t *txn) meetingOrganizations(meetingIDs []int64) ([]*accord.Organization, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	var args []any
	return all(t, scanOrganization, selectOrganization+` WHERE code IN (SELECT organization FROM meetings WHERE id IN (`+
		placeholders(&args, meetingIDs)+`)) ORDER BY code`, args...)
}

// documentOrganizations returns the organizations of a document's
// meetings.
func (t *txn) documentOrganizations(documentID int64) ([]*accord.Organization, error) {
	return all(t, scanOrganization, selectOrganization+` WHERE code IN (SELECT m.organization FROM meetings m
		JOIN document_meetings dm ON dm.meeting_id = m.id WHERE dm.document_id = $1) ORDER BY code`, documentID)
}

// checkDocumentLanguage checks one version's or attachment's language
// against the document's organizations.
func (t *txn) checkDocumentLanguage(documentID int64, field, lang string) error {
	orgs, err := t.documentOrganizations(documentID)
	if err != nil {
		return err
	}
	return accord.ValidateDocumentLanguage(field, lang, orgs)
}

// checkLinkLanguages checks that the languages a document has already are
// languages of the organization of the meeting it is linked to.
func (t *txn) checkLinkLanguages(d *accord.Document, meetingID int64) error {
	orgs, err := t.meetingOrganizations([]int64{meetingID})
	if err != nil {
		return err
	}
	for _, v := range d.Versions {
		if err := accord.ValidateDocumentLanguage("meeting_id", v.Lang, orgs); err != nil {
			return accord.Invalid("meeting_id", "the document has a version in %s, and %s", v.Lang, accord.ErrorMessage(err))
		}
	}
	for _, a := range d.Attachments {
		if a.Lang == "" || a.Withdrawn() {
			continue
		}
		if err := accord.ValidateDocumentLanguage("meeting_id", a.Lang, orgs); err != nil {
			return accord.Invalid("meeting_id", "the document has an attachment in %s, and %s", a.Lang, accord.ErrorMessage(err))
		}
	}
	return nil
}
