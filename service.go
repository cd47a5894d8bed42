package accord

import (
	"context"
	"time"
)

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
	// UpdateOrganization changes an organization's names, founding date
	// and languages; its code, which others refer to, stays.
	UpdateOrganization(ctx context.Context, o *Organization) error

	// AddMembership refuses a membership that overlaps another of the same
	// state in the same organization.
	AddMembership(ctx context.Context, m *Membership) error
	ListMemberships(ctx context.Context, org string) ([]*MemberState, error)
	FindMembership(ctx context.Context, id int64) (*MemberState, error)
	// UpdateMembership changes a membership's status and dates (ending it
	// sets Until) under AddMembership's rule against overlaps; its
	// organization and state stay.
	UpdateMembership(ctx context.Context, m *Membership) error
	// MembersOn answers "who was a member (or observer, or partner) on day
	// d". With no statuses it returns every status.
	MembersOn(ctx context.Context, org string, d Date, statuses ...MembershipStatus) ([]*MemberState, error)

	CreateBody(ctx context.Context, b *Body) error
	FindBody(ctx context.Context, org, code string) (*Body, error)
	ListBodies(ctx context.Context, org string) ([]*Body, error)
	// UpdateBody changes a body's names.
	UpdateBody(ctx context.Context, b *Body) error

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
	// UpdateMeeting changes the meeting with m.ID; its organization and
	// body stay, and a new number must be free in the body.
	UpdateMeeting(ctx context.Context, m *Meeting) error
	// CancelMeeting calls a planned meeting off, with an optional reason;
	// ReinstateMeeting undoes it. Both raise the calendar sequence.
	CancelMeeting(ctx context.Context, id int64, reason string) error
	ReinstateMeeting(ctx context.Context, id int64) error

	CreatePerson(ctx context.Context, p *Person) error
	AddAgendaItem(ctx context.Context, a *AgendaItem) error
	ListAgenda(ctx context.Context, meetingID int64) ([]*AgendaItem, error)
	FindAgendaItem(ctx context.Context, id int64) (*AgendaItem, error)
	// UpdateAgendaItem changes an item's kind, title and speaker; its
	// place changes with MoveAgendaItem.
	UpdateAgendaItem(ctx context.Context, a *AgendaItem) error
	// DeleteAgendaItem removes an item and closes the gap; it refuses an
	// item that documents are attached to.
	DeleteAgendaItem(ctx context.Context, id int64) error
	// MoveAgendaItem puts an item at position (1 is first), numbering the
	// agenda 1, 2, 3… in one transaction.
	MoveAgendaItem(ctx context.Context, id int64, position int) error

	// CreateDelegation stores the delegation with its head and members, who
	// are created with it, in one transaction.
	CreateDelegation(ctx context.Context, d *Delegation) error
	ListDelegations(ctx context.Context, meetingID int64) ([]*Delegation, error)
	FindDelegation(ctx context.Context, id int64) (*Delegation, error)
	// CreateDelegations registers several states' delegations to one
	// meeting in one transaction, refusing them all when one state is not
	// on the organization's roll on the meeting's first day or has a
	// delegation there already (issue 15, item 4).
	CreateDelegations(ctx context.Context, meetingID int64, ds []*Delegation) error
	// AnswerDelegation names a delegation's head and adds its members, in
	// one transaction: the delegation officer's answer to the invitation.
	AnswerDelegation(ctx context.Context, delegationID int64, a *DelegationAnswer) error
	// AddAgendaItems adds items at the end of a meeting's agenda, all or
	// none.
	AddAgendaItems(ctx context.Context, meetingID int64, items []*AgendaItem) error
	// DeclineDelegation records that the state invited sends no
	// delegation; the answer may still change to an acceptance.
	DeclineDelegation(ctx context.Context, delegationID int64) error
	// AddParticipant adds a member to a delegation, after the others.
	AddParticipant(ctx context.Context, delegationID int64, p *Person) error
	// UpdateParticipant changes the head or a member of a delegation.
	UpdateParticipant(ctx context.Context, delegationID int64, p *Person) error
	// RemoveParticipant takes a member off a delegation; the person stays
	// on record, since an agenda may name them as a speaker. The head
	// cannot be removed.
	RemoveParticipant(ctx context.Context, delegationID, personID int64) error
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
	// ListDocumentSummaries returns a page of the documents that match f
	// and that f.Readers may read, newest first unless f.OldestFirst,
	// without their texts; CountDocuments counts them all. The database
	// pages, filters and counts.
	ListDocumentSummaries(ctx context.Context, f DocumentFilter) ([]*DocumentSummary, error)
	CountDocuments(ctx context.Context, f DocumentFilter) (int, error)

	// UpdateDocument changes a document's metadata (reference, kind,
	// classification, recipients); its author, links, versions and
	// attachments change only through their own operations.
	UpdateDocument(ctx context.Context, d *Document) error
	// LinkDocument links a document to a meeting, or moves an existing
	// link to another agenda item of it.
	LinkDocument(ctx context.Context, documentID int64, l DocumentLink) error
	// UnlinkDocument refuses to remove the last link, and the link to the
	// meeting the author delegation attends, which says who wrote it.
	UnlinkDocument(ctx context.Context, documentID, meetingID int64) error
	// WithdrawDocument marks a document withdrawn; nothing is removed.
	WithdrawDocument(ctx context.Context, id int64, reason string) error
	// AddAttachment stores an attachment's record. file, when set, is kept
	// in the same transaction once the record is written, so that a file is
	// kept only with its record and a refused record keeps no file. A store
	// that keeps files itself writes them in that transaction; a file of
	// another store is kept by its Keep.
	AddAttachment(ctx context.Context, a *Attachment, file StagedFile) error
	// WithdrawAttachment marks an attachment withdrawn; its file stays.
	WithdrawAttachment(ctx context.Context, documentID, id int64, reason string) error
	// ListAttachments returns the standing attachments of the documents
	// ids, by document and id, for a list that shows them (the press
	// room): the caller has judged the documents already.
	ListAttachments(ctx context.Context, ids []int64) ([]Attachment, error)
}

// ChairService stores the history of a body's chairmanship.
type ChairService interface {
	// AddChairTerm records a term as the secretariat's records give it. A
	// term of the state whose term ends on its first day extends that
	// term, by a decision, and only the last term may be extended; a term
	// after an open one extends it, closing it on its first day.
	AddChairTerm(ctx context.Context, c *ChairTerm) error
	// AddChairTerms records terms in one transaction, all or none, in
	// their order; an error names the index of the term at fault.
	AddChairTerms(ctx context.Context, cs []*ChairTerm) error
	ListChairTerms(ctx context.Context, org, body string) ([]*ChairTerm, error)
}

// AccountService stores users, their grants and their credentials. It
// stores only hashes of secrets; hashing is the caller's, so that the domain
// needs no cryptography beyond the standard library.
type AccountService interface {
	// CreateUser stores the user with its grants and password hash and,
	// when one is given, a second factor, all in one transaction.
	CreateUser(ctx context.Context, u *User, passwordHash string, factor ...SecondFactor) error
	FindUser(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	ListUsers(ctx context.Context) ([]*User, error)
	AddGrant(ctx context.Context, g *Grant) error
	SetUserLanguage(ctx context.Context, userID int64, lang string) error

	PasswordHash(ctx context.Context, userID int64) (string, error)
	// SetPasswordHash replaces the password and, in the same transaction,
	// ends every session of the user: they may belong to whoever knew the
	// old password.
	SetPasswordHash(ctx context.Context, userID int64, hash string) error
	// TOTPSecret returns the user's TOTP secret ("" when not set up).
	TOTPSecret(ctx context.Context, userID int64) (string, error)
	// EnableTOTP sets the secret and replaces the recovery codes, given as
	// hashes.
	EnableTOTP(ctx context.Context, userID int64, secret string, recoveryHashes []string) error
	// UseTOTPStep accepts a TOTP time step once: a step at or before the
	// last one accepted is ECONFLICT, so that a code cannot be replayed.
	UseTOTPStep(ctx context.Context, userID int64, step int64) error
	// UseRecoveryCode spends a recovery code; an unknown or spent one is
	// ENOTFOUND.
	UseRecoveryCode(ctx context.Context, userID int64, hash string) error
}

// SessionService stores sessions, personal access tokens and the count of
// failed sign-ins, in the database so that every instance sees them.
type SessionService interface {
	CreateSession(ctx context.Context, s *Session) error
	FindSession(ctx context.Context, tokenHash []byte) (*Session, error)
	// FindSessionUser is FindSession with the session's user and its
	// grants, read together: the start of every signed-in request. A
	// non-nil v is answered in the same read, as ChangeVersion would.
	FindSessionUser(ctx context.Context, tokenHash []byte, v *VersionQuery) (*Session, *User, error)
	TouchSession(ctx context.Context, id int64, at time.Time) error
	RevokeSession(ctx context.Context, id int64) error
	// RevokeUserSessions ends every session of a user and, with tokens,
	// every personal access token too: "sign out everywhere".
	RevokeUserSessions(ctx context.Context, userID int64, tokens bool) error
	ListSessions(ctx context.Context, userID int64) ([]*Session, error)
	// SetSessionTOTPSetup keeps, with a session, the TOTP secret it was
	// offered to set up, so that the browser never chooses it.
	SetSessionTOTPSetup(ctx context.Context, id int64, secret string) error

	CreateToken(ctx context.Context, t *Token) error
	FindToken(ctx context.Context, tokenHash []byte) (*Token, error)
	TouchToken(ctx context.Context, id int64, at time.Time) error
	ListTokens(ctx context.Context, userID int64) ([]*Token, error)
	RevokeToken(ctx context.Context, userID, id int64) error

	// ClaimAttempt counts a sign-in attempt under each key before it is
	// checked, atomically with counting the attempts already there, so
	// that parallel attempts see each other. When a key is at its limit
	// nothing is counted and Refused names the key. Attempts from before
	// expired, which no limit counts any more, are pruned as it writes, a
	// few at a time, so that the table stays as small as the window.
	ClaimAttempt(ctx context.Context, keys []AttemptKey, at, expired time.Time) (*Attempt, error)
	// ClearAttempt uncounts an attempt that succeeded, or that was never
	// checked.
	ClearAttempt(ctx context.Context, a *Attempt) error
}

// AttemptKey is one count a sign-in attempt falls under: an address, an
// account at an address, a session's second factor.
type AttemptKey struct {
	Key string
	// Limit is how many attempts may be counted since Since; 0 counts
	// without ever refusing.
	Limit int
	Since time.Time
}

// Attempt is a sign-in attempt counted before it is checked.
type Attempt struct {
	// IDs are its rows, one a key.
	IDs []int64
	// Counts are the attempts each key had before this one.
	Counts []int
	// Refused names the key at its limit; nothing was counted then.
	Refused string
}

// AuditService appends to and reads the audit trail. Changes made through
// the other services write their records themselves.
type AuditService interface {
	Audit(ctx context.Context, action, resource string, before, after any) error
	ListAudit(ctx context.Context, f AuditFilter) ([]*AuditRecord, int, error)
	// ChangeVersion returns a number that grows with every committed
	// change to one of scopes (see the Scope functions), across every
	// instance sharing the database: caches of what a page shows compare
	// it, so that a change elsewhere leaves them be.
	ChangeVersion(ctx context.Context, scopes ...string) (int64, error)
}

// VersionQuery asks a read that has to happen anyway for the change
// version of Scopes too (FindSessionUser): a signed-in page then reads its
// reader and its data's version in one round trip, where it took two.
type VersionQuery struct {
	Scopes []string
	// Version is set by the read.
	Version int64
}

// IdempotencyService remembers the first answer to a write that carried an
// Idempotency-Key, in the database so that a retry reaching another
// instance gets it too.
type IdempotencyService interface {
	// ClaimIdempotencyKey reserves k for its first request: it returns k
	// and true when the request may run. Otherwise it returns the stored
	// answer to replay, or ECONFLICT when the first request is still
	// running or the key was used for a different request. Keys older
	// than IdempotencyTTL are forgotten; a claim without an answer after
	// IdempotencyLease is taken over.
	ClaimIdempotencyKey(ctx context.Context, k *IdempotencyKey) (*IdempotencyKey, bool, error)
	// RunIdempotent runs fn, the request of a claimed key, so that the
	// changes its writes make and its answer (the status and body fn
	// returns) are stored in one transaction: after a crash either both
	// are there, or neither is and the claim's lease runs out. An answer of
	// 500 or more is not kept: its changes are undone and the claim
	// released. An error means nothing was stored.
	RunIdempotent(ctx context.Context, k *IdempotencyKey, fn func(ctx context.Context) (status int, body []byte)) error
	// CompleteIdempotencyKey stores the answer of a claimed key.
	CompleteIdempotencyKey(ctx context.Context, k *IdempotencyKey) error
	// ReleaseIdempotencyKey forgets a claimed key whose request failed and
	// changed nothing, so that a retry may run.
	ReleaseIdempotencyKey(ctx context.Context, k *IdempotencyKey) error
}

// RotationService keeps each body's rotation rule and hands its chair over.
type RotationService interface {
	// SetRotationRule stores a version of a body's rule, in force from
	// r.EffectiveFrom, replacing a version of the same day. An undated
	// version replaces every version, and is refused once a term is
	// recorded, as is a version dated on or before the start of the last
	// recorded term: a change never rejudges a handover on record. The
	// version in force on that day set again is no change.
	SetRotationRule(ctx context.Context, r *RotationRule) error
	// FindRotationRule returns the version in force today.
	FindRotationRule(ctx context.Context, org, body string) (*RotationRule, error)
	// ListRotationRules returns every version of a body's rule, oldest
	// first; none for a body without a rule.
	ListRotationRules(ctx context.Context, org, body string) ([]*RotationRule, error)
	// Handover closes the term in office and opens the next, in one
	// transaction.
	Handover(ctx context.Context, h *Handover) (*HandoverResult, error)
}

// Store is everything Accord keeps, as one storage engine provides it.
type Store interface {
	StateService
	OrganizationService
	MeetingService
	DocumentService
	ChairService
	RotationService
	AccountService
	SessionService
	PasskeyService
	SigningService
	AdminService
	AdoptionService
	FollowUpService
	DraftService
	DeskService
	AuditService
	IdempotencyService
	SittingService
	SearchService
	// Ping tells whether the database can be reached.
	Ping(ctx context.Context) error
}
