package accord

import "slices"

// DocumentResource describes a document to the policy. meetings are the
// meetings it is linked to. A stored document names its author's state
// itself, fixed when it was written; delegations (those of the meetings)
// and the meeting's chair only say who would write a new one. The web
// adapter and the archive export both ask the policy through it, so that
// a bag holds what the pages would show.
func DocumentResource(d *Document, meetings []*Meeting, delegations []*Delegation) Resource {
	res := Resource{Kind: KindDocument, Classification: d.Classification, Recipients: d.Recipients, AuthorState: d.AuthorState, EmbargoUntil: d.EmbargoUntil}
	for _, m := range meetings {
		if !slices.Contains(res.Organizations, m.Organization) {
			res.Organizations = append(res.Organizations, m.Organization)
		}
	}
	if len(meetings) > 0 && meetings[0] != nil {
		// The chair officers of the state that chairs the (first) meeting
		// write the chair's documents.
		res.Body, res.ChairState = meetings[0].Body, meetings[0].Chair
	}
	if d.ID != 0 {
		return res
	}
	switch d.AuthorKind {
	case AuthorDelegation:
		for _, del := range delegations {
			if del.ID == d.AuthorDelegationID {
				// An organ's delegation (the OTS Secretariat) writes as the
				// secretariat does.
				res.AuthorState = del.State
			}
		}
	case AuthorChair:
		if len(meetings) > 0 {
			res.AuthorState = meetings[0].Chair
		}
	}
	return res
}
