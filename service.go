package accord

import "context"

// StateService stores states.
type StateService interface {
	CreateState(ctx context.Context, s *State) error
	FindState(ctx context.Context, code string) (*State, error)
	ListStates(ctx context.Context) ([]*State, error)
}

// OrganizationService stores organizations, their memberships, bodies and
// organs.
type OrganizationService interface {
	CreateOrganization(ctx context.Context, o *Organization) error
	FindOrganization(ctx context.Context, code string) (*Organization, error)
	ListOrganizations(ctx context.Context) ([]*Organization, error)

	// AddMembership refuses a membership that overlaps another of the same
	// state in the same organization.
	AddMembership(ctx context.Context, m *Membership) error
	ListMemberships(ctx context.Context, org string) ([]*MemberState, error)
	// MembersOn answers "who was a member (or observer, or partner) on day
	// d". With no statuses it returns every status.
	MembersOn(ctx context.Context, org string, d Date, statuses ...MembershipStatus) ([]*MemberState, error)

	CreateBody(ctx context.Context, b *Body) error
	FindBody(ctx context.Context, org, code string) (*Body, error)
	ListBodies(ctx context.Context, org string) ([]*Body, error)

	CreateOrgan(ctx context.Context, o *Organ) error
	ListOrgans(ctx context.Context, org string) ([]*Organ, error)
}

// MeetingService stores meetings, their agendas and delegations.
type MeetingService interface {
	// CreateMeeting refuses a number the body has used already.
	CreateMeeting(ctx context.Context, m *Meeting) error
	FindMeeting(ctx context.Context, org, body string, number int) (*Meeting, error)
	FindMeetingByID(ctx context.Context, id int64) (*Meeting, error)
	ListMeetings(ctx context.Context, f MeetingFilter) ([]*Meeting, error)

	CreatePerson(ctx context.Context, p *Person) error
	AddAgendaItem(ctx context.Context, a *AgendaItem) error
	ListAgenda(ctx context.Context, meetingID int64) ([]*AgendaItem, error)

	// CreateDelegation stores the delegation with its head and members, who
	// are created with it, in one transaction.
	CreateDelegation(ctx context.Context, d *Delegation) error
	ListDelegations(ctx context.Context, meetingID int64) ([]*Delegation, error)
}

// DocumentService stores documents and their immutable language versions.
type DocumentService interface {
	// CreateDocument stores the document with its links and first versions
	// in one transaction, computing each version's hash.
	CreateDocument(ctx context.Context, d *Document) error
	// AddDocumentVersion stores a new revision of one language version.
	AddDocumentVersion(ctx context.Context, v *DocumentVersion) error
	FindDocument(ctx context.Context, id int64) (*Document, error)
	ListDocuments(ctx context.Context, f DocumentFilter) ([]*Document, error)
}

// ChairService stores the history of a body's chairmanship.
type ChairService interface {
	AddChairTerm(ctx context.Context, c *ChairTerm) error
	ListChairTerms(ctx context.Context, org, body string) ([]*ChairTerm, error)
}

// Store is everything Accord keeps, as one storage engine provides it.
type Store interface {
	StateService
	OrganizationService
	MeetingService
	DocumentService
	ChairService
	// Ping tells whether the database can be reached.
	Ping(ctx context.Context) error
}
