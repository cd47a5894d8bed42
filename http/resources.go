package http

import "github.com/accord-org/accord"

// documentResource describes a document to the policy: accord.DocumentResource.
func documentResource(d *accord.Document, meetings []*accord.Meeting, delegations []*accord.Delegation) accord.Resource {
	return accord.DocumentResource(d, meetings, delegations)
}
