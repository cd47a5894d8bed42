package accord

import (
	"slices"
	"time"
)

// Action is what an actor wants to do to a resource.
type Action string

const (
	ActRead   Action = "read"
	ActCreate Action = "create"
	ActUpdate Action = "update"
	ActDelete Action = "delete"
	// ActSign signs a document as a head of delegation.
	ActSign Action = "sign"
	// ActHandover hands a body's chair to the next state.
	ActHandover Action = "handover"
	// ActCirculate circulates a draft's working text as a revision.
	ActCirculate Action = "circulate"
	// ActVote supports or objects to an amendment for a state.
	ActVote Action = "vote"
	// ActDecide decides on an amendment.
	ActDecide Action = "decide"
	// ActCancel calls a meeting off, or reinstates a cancelled one.
	ActCancel Action = "cancel"
)

// ResourceKind says what sort of thing a resource is.
type ResourceKind string

const (
	KindOrganization ResourceKind = "organization"
	KindBody         ResourceKind = "body"
	KindMeeting      ResourceKind = "meeting"
	// KindDelegation is a delegation to a meeting with its participants.
	KindDelegation ResourceKind = "delegation"
	KindDocument   ResourceKind = "document"
	KindAudit      ResourceKind = "audit"
	KindUser       ResourceKind = "user"
	// KindAccount is the acting user's own account: sessions, second
	// factor, tokens, passkeys.
	KindAccount ResourceKind = "account"
	// KindState is a state in the platform-wide list that organizations
	// draw their members from.
	KindState ResourceKind = "state"
	// KindSigningKey is a head's public key that the secretariat vouches
	// for: unlike making an account, only the organization's own
	// secretariat knows the person.
	KindSigningKey ResourceKind = "signing_key"
	// KindDraft is the working text of a draft, which only its drafters
	// (the chair and the secretariat) see and change.
	KindDraft ResourceKind = "draft"
	// KindRevision is a circulated revision of a draft: read as its
	// document is.
	KindRevision ResourceKind = "draft_revision"
	// KindAmendment is a delegation's amendment to a draft.
	KindAmendment ResourceKind = "amendment"
	// KindAdoption is a document's adoption procedure: opened (ActCreate)
	// and closed (ActDecide) by the chair, positions taken (ActVote) by
	// the member delegations.
	KindAdoption ResourceKind = "adoption"
)

// Resource describes the target of an action with what the policy needs to
// know of it, so that the policy stays a pure function.
type Resource struct {
	Kind ResourceKind
	// Organizations the resource belongs to: a document linked to meetings
	// of two organizations belongs to both.
	Organizations []string
	// Body and ChairState, for what a chair officer may do: ChairState is
	// the state that holds the body's chair now, in the term ChairTerm.
	// Term is the chair term a meeting falls in: a chair officer edits only
	// the meetings of the term in office, never a predecessor's.
	Body       string
	ChairState string
	ChairTerm  int64
	Term       int64
	// Documents: the classification, the state of the author delegation
	// (or of the chair, when the chair wrote it; empty for the
	// secretariat), and the states named as recipients.
	Classification Classification
	// EmbargoUntil is when a scheduled press release is published, zero
	// for a document published already (see embargoed).
	EmbargoUntil time.Time
	AuthorState  string
	Recipients   []string
	// OwnerID is the user an account resource belongs to.
	OwnerID int64
	// State is the state a delegation represents; empty for an organ's.
	// For an amendment, the state the actor proposes or votes for.
	State string
	// Members are, for a draft's amendments, the states that are members
	// of the organization on the meeting's date: only they amend.
	Members []string
	// ObserversMayAsk, for a sitting, is the body's setting: whether the
	// states not among Members ask for the floor.
	ObserversMayAsk bool
}

// Decision is the policy's answer, with the reason, for logs and tests.
type Decision struct {
	Allow  bool
	Reason string
	// Field, on a refusal, says that Reason is a rule of the council the
	// reader is told, on that field of their request: a setting that can
	// change, not a role they lack, which "You may not do this." would hide.
	Field string
}

func allow(reason string) Decision { return Decision{Allow: true, Reason: reason} }
func deny(reason string) Decision  { return Decision{Reason: reason} }

// refuse is a refusal by a rule the reader is told (see Decision.Field).
func refuse(field, rule string) Decision { return Decision{Reason: rule, Field: field} }

// Authorize is the one policy of Accord: every handler asks it whether actor
// may do act on r.
func Authorize(a *Actor, act Action, r Resource) Decision {
	if a == nil {
		a = Anonymous
	}
	if a.User != nil && a.Scope == ScopeRead && act != ActRead {
		return deny("the token is read-only")
	}
	switch r.Kind {
	case KindOrganization, KindBody, KindMeeting:
		if act == ActRead {
			return allow("organizations, bodies and meetings are public")
		}
		if act == ActHandover {
			if a.hasChair(r) {
				return allow("the chair officer of the state holding the chair")
			}
			if a.has(RoleSecretariat, r.Organizations) {
				return allow("the secretariat of the organization")
			}
			return deny("only the outgoing chair or the secretariat hands over the chair")
		}
		// Calling a meeting off is the organization's act, told to every
		// delegation and subscriber: the chair officer, who edits the
		// meeting, does not do it alone.
		if act == ActCancel {
			if r.Kind == KindMeeting && a.has(RoleSecretariat, r.Organizations) {
				return allow("the secretariat of the organization")
			}
			return deny("only the secretariat cancels or reinstates a meeting")
		}
		if a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat of the organization")
		}
		// A new council has no secretariat of its own yet: whoever serves
		// as one elsewhere, or the platform's administrator, may register it.
		if r.Kind == KindOrganization && act == ActCreate && a.hasAny(RoleSecretariat) {
			return allow("a secretariat officer registers a new organization")
		}
		if r.Kind == KindOrganization && act == ActCreate && a.hasAny(RoleAdministrator) {
			return allow("the administrator registers organizations")
		}
		if r.Kind == KindMeeting && act == ActUpdate && a.hasChair(r) {
			if r.Term == 0 || r.Term != r.ChairTerm {
				return deny("a chair officer edits only the meetings of the term in office")
			}
			return allow("the chair officer of the state holding the chair")
		}
		return deny("only the secretariat changes organizations, bodies and meetings")
	case KindDelegation:
		switch {
		case act == ActRead:
			return allow("delegations are public")
		case a.has(RoleSecretariat, r.Organizations):
			return allow("the secretariat of the organization")
		case (act == ActCreate || act == ActUpdate) && r.State != "" && a.officerOf(r.State, r.Organizations):
			return allow("the delegation officer of the state registers its delegation")
		}
		return deny("only the state's delegation officer or the secretariat registers a delegation")
	case KindDocument:
		return authorizeDocument(a, act, r)
	case KindDraft, KindRevision, KindAmendment:
		return authorizeDraft(a, act, r)
	case KindAdoption:
		return authorizeAdoption(a, act, r)
	case KindSitting:
		return authorizeSitting(a, act, r)
	case KindMeasure, KindNationalReport, KindAssessment, KindReportingRound, KindFollowUpStatuses:
		return authorizeFollowUp(a, act, r)
	case KindAudit:
		// The trail itself, and a record that concerns no organization (a
		// state's), are every secretariat's; any other record is only the
		// secretariat's of the organizations it concerns.
		switch {
		case act != ActRead:
		case len(r.Organizations) == 0 && a.hasAny(RoleSecretariat):
			return allow("the secretariat reads the audit trail")
		case a.has(RoleSecretariat, r.Organizations):
			return allow("the secretariat of an organization the record concerns")
		}
		return deny("only the secretariat of the organizations a record concerns reads it, and nobody changes it")
	case KindState:
		if act == ActRead {
			return allow("states are public")
		}
		if act == ActCreate && (a.hasAny(RoleAdministrator) || a.hasAny(RoleSecretariat)) {
			return allow("the administrator or a secretariat registers a state")
		}
		return deny("only the administrator or a secretariat registers a state")
	case KindSigningKey:
		// A key submitted from an account (OwnerID set) is its owner's,
		// as head of delegation of the state, and waits for the
		// secretariat to confirm it: submitting vouches for nothing.
		if r.OwnerID != 0 {
			switch {
			case act != ActCreate:
			case a.User == nil || a.User.ID != r.OwnerID:
			case a.Scope != "":
				return deny("a token cannot submit a signing key")
			case r.State != "" && a.headOf(r.State, r.Organizations):
				return allow("a head of delegation submits their own key")
			}
			return deny("only a head of delegation submits their own key")
		}
		if a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat vouches for its heads' keys")
		}
		return deny("only the secretariat of the organization enrols signing keys")
	case KindUser:
		// The administrator makes the first accounts of an organization
		// that has no secretariat yet, and is the only one who makes
		// another administrator (an account with no organization).
		// The administrator makes the first accounts of an organization
		// and so manages them too: grants, disabling, resets.
		if a.hasAny(RoleAdministrator) {
			return allow("the administrator manages accounts")
		}
		if a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat manages accounts")
		}
		return deny("only the secretariat manages accounts")
	case KindAccount:
		if a.User != nil && a.User.ID == r.OwnerID {
			if a.Scope != "" && act != ActRead {
				return deny("a token cannot change the account it belongs to")
			}
			return allow("the user's own account")
		}
		return deny("only its owner manages an account")
	}
	return deny("unknown resource")
}

func authorizeDocument(a *Actor, act Action, r Resource) Decision {
	var read Decision
	switch r.Classification {
	case Public:
		read = allow("the document is public")
	case Restricted:
		if a.has(RoleSecretariat, r.Organizations) || a.has(RoleChairOfficer, r.Organizations) ||
			a.has(RoleDelegationOfficer, r.Organizations) || a.has(RoleHeadOfDelegation, r.Organizations) {
			read = allow("restricted: a delegation or the secretariat of the organization")
		} else {
			read = deny("restricted to the delegations and the secretariat of the organization")
		}
	case Confidential:
		switch {
		case r.AuthorState == "" && a.has(RoleSecretariat, r.Organizations):
			read = allow("confidential: written by the secretariat")
		case r.AuthorState != "" && a.ofState(r.AuthorState, r.Organizations):
			read = allow("confidential: the author delegation")
		case slices.ContainsFunc(r.Recipients, func(s string) bool { return a.ofState(s, r.Organizations) }):
			read = allow("confidential: a named recipient")
		default:
			read = deny("confidential: only the author delegation and the named recipients")
		}
	default:
		read = deny("unknown classification")
	}
	if read.Allow && embargoed(a, r) {
		read = deny("embargoed: only the secretariat reads a press release before its publication")
	}
	switch act {
	case ActRead:
		return read
	case ActSign:
		if read.Allow && a.has(RoleHeadOfDelegation, r.Organizations) {
			return allow("a head of delegation signs")
		}
		return deny("only a head of delegation who can read the document signs it")
	default:
		switch {
		case embargoed(a, r):
			return deny("only the secretariat schedules a press release, and reads and changes it before its publication")
		case a.has(RoleSecretariat, r.Organizations):
			return allow("the secretariat of the organization")
		case r.AuthorState != "" && a.ofState(r.AuthorState, r.Organizations):
			return allow("the author delegation")
		case r.AuthorState != "" && r.AuthorState == r.ChairState && a.hasChair(r):
			// The chair's documents (the protocol above all) are written
			// by the chair officers of the state that chairs the meeting.
			return allow("the chair officer of the state chairing the meeting")
		}
		return deny("only the author delegation, the chair or the secretariat changes a document")
	}
}

// authorizeDraft decides on drafts: r carries the document's classification,
// its organizations, and the Body and ChairState of the meeting it is the
// outcome of.
func authorizeDraft(a *Actor, act Action, r Resource) Decision {
	drafter := a.has(RoleSecretariat, r.Organizations) || a.hasChair(r)
	doc := r
	doc.Kind = KindDocument
	read := authorizeDocument(a, ActRead, doc)
	switch {
	case r.Kind == KindDraft:
		if drafter && (act == ActRead || act == ActCreate || act == ActUpdate || act == ActCirculate) {
			return allow("the chair officer of the state chairing the meeting, or the secretariat, drafts")
		}
		return deny("only the chair or the secretariat drafts the outcome document")
	case act == ActRead:
		return read
	case r.Kind == KindAmendment && act == ActDecide:
		if drafter {
			return allow("the chair or the secretariat decides on amendments")
		}
		return deny("only the chair or the secretariat decides on amendments")
	case r.Kind == KindAmendment && (act == ActCreate || act == ActVote):
		switch {
		case !read.Allow:
			return read
		case r.State == "" || !slices.Contains(r.Members, r.State):
			return deny("only member states amend, support and object")
		case a.ofState(r.State, r.Organizations):
			return allow("a delegation officer or head of a member delegation, for its own state")
		}
		return deny("only the state's delegation officer or head amends, supports and objects for it")
	}
	return deny("circulated revisions never change")
}

// authorizeAdoption decides on adoption procedures; r is the document's
// resource, with State the state whose position is recorded and Members the
// members on the meeting's date.
func authorizeAdoption(a *Actor, act Action, r Resource) Decision {
	doc := r
	doc.Kind = KindDocument
	read := authorizeDocument(a, ActRead, doc)
	switch {
	case !read.Allow:
		return read
	case act == ActRead:
		return read
	case act == ActCreate || act == ActDecide:
		if a.has(RoleSecretariat, r.Organizations) || a.hasChair(r) {
			return allow("the chair officer of the state chairing the meeting, or the secretariat, opens and closes the adoption")
		}
		return deny("only the chair or the secretariat opens and closes the adoption")
	case act == ActVote:
		switch {
		case r.State == "" || !slices.Contains(r.Members, r.State):
			return deny("only member states take a position on adoption")
		case a.ofState(r.State, r.Organizations):
			return allow("a delegation officer or head of a member delegation, for its own state")
		}
		return deny("only the state's delegation officer or head takes its position")
	}
	return deny("an adoption procedure is opened, closed and answered, never edited")
}

// has reports whether the actor holds role in one of orgs.
func (a *Actor) has(role Role, orgs []string) bool {
	if a.User == nil {
		return false
	}
	for _, g := range a.User.Grants {
		if g.Role == role && slices.Contains(orgs, g.Organization) {
			return true
		}
	}
	return false
}

// hasAny reports whether the actor holds role anywhere.
func (a *Actor) hasAny(role Role) bool {
	if a.User == nil {
		return false
	}
	return slices.ContainsFunc(a.User.Grants, func(g Grant) bool { return g.Role == role })
}

// ofState reports whether the actor is a delegation officer or head of
// delegation of state in one of orgs.
func (a *Actor) ofState(state string, orgs []string) bool {
	if a.User == nil {
		return false
	}
	return slices.ContainsFunc(a.User.Grants, func(g Grant) bool {
		return (g.Role == RoleDelegationOfficer || g.Role == RoleHeadOfDelegation) && g.State == state && slices.Contains(orgs, g.Organization)
	})
}

// headOf reports whether the actor is the head of delegation of state in
// one of orgs.
func (a *Actor) headOf(state string, orgs []string) bool {
	if a.User == nil {
		return false
	}
	return slices.ContainsFunc(a.User.Grants, func(g Grant) bool {
		return g.Role == RoleHeadOfDelegation && g.State == state && slices.Contains(orgs, g.Organization)
	})
}

// officerOf reports whether the actor is a delegation officer of state in
// one of orgs: the head of delegation signs, the officer does the paperwork.
func (a *Actor) officerOf(state string, orgs []string) bool {
	if a.User == nil {
		return false
	}
	return slices.ContainsFunc(a.User.Grants, func(g Grant) bool {
		return g.Role == RoleDelegationOfficer && g.State == state && slices.Contains(orgs, g.Organization)
	})
}

// hasChair reports whether the actor is a chair officer of r's body for the
// state that holds its chair now: the right passes with the chair.
func (a *Actor) hasChair(r Resource) bool {
	if a.User == nil || r.ChairState == "" {
		return false
	}
	return slices.ContainsFunc(a.User.Grants, func(g Grant) bool {
		return g.Role == RoleChairOfficer && g.Body == r.Body && g.State == r.ChairState && slices.Contains(r.Organizations, g.Organization)
	})
}
