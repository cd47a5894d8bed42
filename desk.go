package accord

import "context"

// WorkLimit bounds each list of OpenWork for one organization: a desk
// shows what is open now, and a council has a few such documents at a time.
const WorkLimit = 50

// OpenWork is where work waits across an organization's documents: the
// candidates of a person's desk, before the policy picks the ones that are
// theirs to do. Each list holds document ids, newest first.
type OpenWork struct {
	// Signing: documents open for signature that not every state signed.
	Signing []int64
	// Amendments: drafts with amendments that await the chair's decision.
	Amendments []int64
	// Adoption: documents with an adoption procedure open.
	Adoption []int64
	// Invitations: delegations, by id, whose invitation waits for an
	// answer, at meetings from today on.
	Invitations []int64
}

// DeskService finds the open work of organizations.
type DeskService interface {
	// ListOpenWork returns the open work of each of orgs, at most
	// WorkLimit documents of each kind per organization.
	ListOpenWork(ctx context.Context, orgs []string) (*OpenWork, error)
}
