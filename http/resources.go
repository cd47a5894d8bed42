package http

import (
	"slices"

	"github.com/accord-org/accord"
)

// documentResource describes a document to the policy. meetings are the
// meetings it is linked to, delegations those of these meetings (to find the
// author's state).
func documentResource(d *accord.Document, meetings []*accord.Meeting, delegations []*accord.Delegation) accord.Resource {
	res := accord.Resource{Kind: accord.KindDocument, Classification: d.Classification, Recipients: d.Recipients}
	for _, m := range meetings {
		if !slices.Contains(res.Organizations, m.Organization) {
			res.Organizations = append(res.Organizations, m.Organization)
		}
	}
	switch d.AuthorKind {
	case accord.AuthorDelegation:
		for _, del := range delegations {
			if del.ID == d.AuthorDelegationID {
				// An organ's delegation (the OTS Secretariat) writes as the
				// secretariat does.
				res.AuthorState = del.State
			}
		}
	case accord.AuthorChair:
		if len(meetings) > 0 {
			res.AuthorState = meetings[0].Chair
		}
	}
	return res
}
