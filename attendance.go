package accord

import (
	"slices"
	"strings"
)

// Attends reports whether a delegation in this state of its invitation
// takes part in the meeting. Only a declined invitation does not: the
// state said it sends no delegation. One still waiting for its answer
// counts, as a delegation registered by hand does: the secretariat
// registered it because the state is expected (a member on the meeting's
// date), the officer may answer up to the meeting itself, and leaving it
// out would empty the meeting page, the signatories and the floor of a
// meeting being prepared until every officer has answered. The
// delegations step still lists every invitation with its answer.
func (s InvitationState) Attends() bool { return s != InvitationDeclined }

// Attends reports whether d takes part in its meeting (InvitationState.Attends).
func (d *Delegation) Attends() bool { return d.Invitation.Attends() }

// Attending keeps the delegations that take part in their meeting, in the
// order given: the lists a meeting shows as its participants (the meeting
// page, the floor, the speakers, the recipients and authors of its
// documents) are made of these.
func Attending(ds []*Delegation) []*Delegation {
	return slices.DeleteFunc(slices.Clone(ds), func(d *Delegation) bool { return !d.Attends() })
}

// Signatories are who must sign a document of a meeting: the states that
// were members on its first day, by code, each with its delegation's head
// where one is recorded, less the states whose invitation was declined,
// which send nobody to sign. A member with no delegation recorded at all
// still signs, as before invitations existed: the record may only lack
// its delegation.
func Signatories(members []*MemberState, ds []*Delegation) []Signatory {
	out := []Signatory{}
	for _, ms := range members {
		sig := Signatory{State: ms.State, Names: ms.Names}
		declined := false
		for _, d := range ds {
			if d.State != ms.State {
				continue
			}
			if !d.Attends() {
				declined = true
				break
			}
			sig.Head, sig.Heads = d.Head.Label("en"), HeadLabels(&d.Head)
		}
		if !declined {
			out = append(out, sig)
		}
	}
	slices.SortFunc(out, func(a, b Signatory) int { return strings.Compare(a.State, b.State) })
	return out
}
