package accord

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a grant lets a user do.
type Role string

const (
	// RoleSecretariat sets up an organization's bodies, meetings and
	// agendas, invites delegations and publishes. Scope: an organization.
	RoleSecretariat Role = "secretariat"
	// RoleChairOfficer runs a body's meetings and drafts its protocols while
	// their state holds the chair. Scope: an organization, a body, a state.
	RoleChairOfficer Role = "chair_officer"
	// RoleDelegationOfficer registers a state's delegations, uploads its
	// statements and reports. Scope: an organization and a state.
	RoleDelegationOfficer Role = "delegation_officer"
	// RoleHeadOfDelegation approves and signs. Scope: an organization and a
	// state.
	RoleHeadOfDelegation Role = "head_of_delegation"
	// RoleObserver reads what an observer may. Scope: an organization.
	RoleObserver Role = "observer"
	// RolePress reads public pages and feeds as an accredited journalist.
	// Scope: none.
	RolePress Role = "press"
	// RoleAdministrator runs the platform: it registers organizations and
	// states and makes their first secretariat accounts. Scope: none, since
	// it exists before any organization does.
	RoleAdministrator Role = "administrator"
)

// Roles lists every role.
var Roles = []Role{RoleSecretariat, RoleChairOfficer, RoleDelegationOfficer, RoleHeadOfDelegation, RoleObserver, RolePress, RoleAdministrator}

// Grant gives a user a role within a scope.
type Grant struct {
	ID           int64  `json:"id"`
	UserID       int64  `json:"user_id"`
	Role         Role   `json:"role"`
	Organization string `json:"organization,omitempty"`
	Body         string `json:"body,omitempty"`
	State        string `json:"state,omitempty"`
}

// String names the grant with its scope: "chair_officer SCO PGM PK".
func (g Grant) String() string {
	parts := []string{string(g.Role)}
	for _, s := range []string{g.Organization, g.Body, g.State} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// Validate checks that the grant has exactly the scope its role needs.
func (g *Grant) Validate() error {
	if !slices.Contains(Roles, g.Role) {
		return Invalid("role", "%q is not a role", g.Role)
	}
	needOrg := g.Role != RolePress && g.Role != RoleAdministrator
	needBody := g.Role == RoleChairOfficer
	needState := g.Role == RoleChairOfficer || g.Role == RoleDelegationOfficer || g.Role == RoleHeadOfDelegation
	check := func(field, value string, need bool, validate func(string, string) error) error {
		switch {
		case need && value == "":
			return Invalid(field, "is required for the role %s", g.Role)
		case !need && value != "":
			return Invalid(field, "does not apply to the role %s", g.Role)
		case value != "":
			return validate(field, value)
		}
		return nil
	}
	if err := check("organization", g.Organization, needOrg, ValidateCode); err != nil {
		return err
	}
	if err := check("body", g.Body, needBody, ValidateCode); err != nil {
		return err
	}
	return check("state", g.State, needState, ValidateStateCode)
}

// User is someone who signs in. Credentials are kept apart from it, so that
// no code path that shows a user can leak them.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Lang      string    `json:"lang"`
	Grants    []Grant   `json:"grants"`
	CreatedAt time.Time `json:"created_at"`
	// TOTPEnabled tells whether the second factor is set up.
	TOTPEnabled bool `json:"totp_enabled"`
	// DisabledAt is when the secretariat disabled the account; it signs in
	// no more.
	DisabledAt time.Time `json:"disabled_at,omitzero"`
}

// SecondFactor is a TOTP secret and the hashes of its recovery codes,
// provisioned with a new account: stored with it, in its transaction, so
// that an account with a role never exists without one.
type SecondFactor struct {
	Secret         string
	RecoveryHashes []string
}

// Validate checks that the factor is complete.
func (f *SecondFactor) Validate() error {
	if f.Secret == "" || len(f.RecoveryHashes) == 0 {
		return Invalid("totp", "a secret and recovery codes are required")
	}
	return nil
}

// NormalizeEmail lower-cases an address so that one person has one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	if strings.TrimSpace(u.Name) == "" || strings.TrimSpace(u.Name) != u.Name {
		return Invalid("name", "is required, without leading or trailing spaces")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || u.Email != NormalizeEmail(u.Email) {
		return Invalid("email", "%q is not an e-mail address in lower case", u.Email)
	}
	if u.Lang == "" {
		u.Lang = "en"
	}
	return ValidateLanguageTag("lang", u.Lang)
}

// Privileged reports whether the user holds any role: such users must use a
// second factor.
func (u *User) Privileged() bool { return u != nil && len(u.Grants) > 0 }

// Session is a signed-in browser. The store keeps only the hash of its
// token, so a copy of the database opens no session.
type Session struct {
	ID        int64
	TokenHash []byte
	UserID    int64
	// MFA is true once the second factor was given; a session without it
	// can do nothing but give it (or set it up).
	MFA        bool
	CreatedAt  time.Time
	LastSeenAt time.Time
	RevokedAt  time.Time
	IP         string
	UserAgent  string
	// TOTPSetup is the secret this session was offered to set up an
	// authenticator app with, until the setup is confirmed.
	TOTPSetup string
}

// Token is a personal access token for scripts using the API.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	TokenHash  []byte     `json:"-"`
	Scope      TokenScope `json:"scope"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  time.Time  `json:"revoked_at,omitzero"`
	LastUsedAt time.Time  `json:"last_used_at,omitzero"`
}

// TokenScope limits what a token may do on its user's behalf.
type TokenScope string

const (
	ScopeRead  TokenScope = "read"
	ScopeWrite TokenScope = "write"
)

// AuditRecord is one entry of the append-only audit trail. Its Record field
// holds the canonical JSON the record was written as; it is stored and
// returned byte for byte, so a later hash of it stays valid.
type AuditRecord struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	UserID int64     `json:"user_id,omitempty"`
	// Actor names who acted: "user:12 (officer@example.org)", "cli", "demo".
	Actor    string `json:"actor"`
	Action   string `json:"action"`
	Resource string `json:"resource"`
	IP       string `json:"ip,omitempty"`
	Before   string `json:"before,omitempty"`
	After    string `json:"after,omitempty"`
	Record   string `json:"record,omitempty"`
	// Subject is what the record concerns, for the policy to judge who
	// sees it; storage fills it in when a filter asks for Visible.
	Subject AuditSubject `json:"-"`
}

// AuditSubject is what an audit record concerns, as storage reads it from
// the record's resource and the current data.
type AuditSubject struct {
	// Organizations the record concerns: a document's are those of its
	// meetings, an account's those it holds grants in. None for a state.
	Organizations []string
	// Content, for a record about a document, one of its versions or its
	// files, is that document as the policy judges it: one who may not read
	// it sees only the metadata and hashes of the record's before and after.
	Content *Resource
	// Account and Actor are the accounts whose personal data (e-mail,
	// address, user agent) the record holds, the one it is about and the
	// one who acted, as KindUser resources with the organizations they hold
	// grants in; nil for none.
	Account, Actor *Resource
}

// AuditFilter selects audit records, newest first.
type AuditFilter struct {
	UserID   int64
	Action   string // a prefix: "user." matches "user.login"
	Resource string // a prefix
	From, To time.Time
	Limit    int
	Offset   int
	// Visible, when set, keeps the records whose subject the reader may
	// see: the page and the total count only them.
	Visible func(AuditSubject) bool
}

// Actor is who is acting on a request: a user (through a session or a
// token), the command line, or the public.
type Actor struct {
	User *User
	// Label names non-user actors ("cli", "demo") in the audit trail.
	Label string
	// Scope is set when the user acts through a token.
	Scope TokenScope
	IP    string
	// At is the moment the actor acts, by the server's clock: an embargo
	// is judged at it by the policy, the store's lists and the change
	// versions alike, so that a page and the version it is cached under
	// agree on what has been published. Zero (an actor made without a
	// clock) has not reached any embargo's end.
	At time.Time
}

// Anonymous is the actor of a request without credentials: the public.
var Anonymous = &Actor{Label: "public"}

// Name is how the audit trail names the actor.
func (a *Actor) Name() string {
	if a == nil {
		return "public"
	}
	if a.User != nil {
		return "user:" + itoa(int(a.User.ID)) + " (" + a.User.Email + ")"
	}
	return a.Label
}

type actorKey struct{}

// WithActor returns a context that carries who is acting, so that storage
// can attribute every change without each call passing it.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or Anonymous.
func ActorFrom(ctx context.Context) *Actor {
	if a, ok := ctx.Value(actorKey{}).(*Actor); ok && a != nil {
		return a
	}
	return Anonymous
}
