package accord

import "strconv"

// Change scopes name what a write changed, so that a cache of a page is
// emptied only by a change to what the page shows. Every write bumps the
// counters of the scopes it touched, in its transaction; a page reads the
// counters of the scopes it shows.
const (
	// ScopeReference is data every page may show: states, persons and
	// organizations. Any change the store cannot place bumps it too.
	ScopeReference = "ref"
	// ScopeStructure changes with any organization's bodies, members,
	// chairs or meetings: the home page and the lists show them all.
	ScopeStructure = "structure"
	// ScopeDocuments changes with any document: the lists of documents.
	ScopeDocuments = "documents"
)

// OrgScope is an organization's own data: its bodies, members, rotation
// rules, chairs, keys, and its meetings' dates and venues.
func OrgScope(org string) string { return "org:" + org }

// BodyScope is a body's list of meetings.
func BodyScope(org, body string) string { return "body:" + org + "/" + body }

// MeetingScope is what a meeting's page shows of it: agenda, delegations
// and documents.
func MeetingScope(org, body string, number int) string {
	return "meeting:" + org + "/" + body + "/" + strconv.Itoa(number)
}

// DocumentScope is one document, its versions, files and signatures.
func DocumentScope(id int64) string { return "document:" + strconv.FormatInt(id, 10) }
