package accord

import (
	"cmp"
	"slices"
	"strings"
)

// MaxBulkDelegations bounds one bulk registration: the largest bodies the
// platform serves have about 60 states, and a request naming more is not
// a registration.
const MaxBulkDelegations = 200

// MaxAgendaItemsAtOnce bounds the items one form adds to an agenda: a
// meeting's agenda has a dozen or two.
const MaxAgendaItemsAtOnce = 100

// MaxAnswerMembers bounds the members a delegation officer names in one
// answer to an invitation.
const MaxAnswerMembers = 50

// Invitee is a state that may be invited to a meeting: one that belongs to
// the organization on the meeting's first day and has no delegation there
// yet. Preselected are the full members, since observers and partners come
// only when asked.
type Invitee struct {
	State       string           `json:"state"`
	Names       Text             `json:"names"`
	Status      MembershipStatus `json:"status"`
	Preselected bool             `json:"preselected"`
}

// Invitees are the states the bulk registration offers, in the order of
// members (as the store lists them), leaving out those registered already.
// Only states on the organization's roll on the meeting's date come in,
// never the whole table of states.
func Invitees(members []*MemberState, registered []*Delegation) []Invitee {
	have := map[string]bool{}
	for _, d := range registered {
		if d.State != "" {
			have[d.State] = true
		}
	}
	var out []Invitee
	for _, m := range members {
		if have[m.State] {
			continue
		}
		have[m.State] = true
		out = append(out, Invitee{State: m.State, Names: m.Names, Status: m.Status, Preselected: m.Status == Member})
	}
	return out
}

// CheckInvited checks the states a bulk registration names against the
// roll on the meeting's date and the delegations registered already, and
// returns them without repeats, in the order given. name gives the state's
// name for the message, which a person reads.
func CheckInvited(states []string, members []*MemberState, registered []*Delegation, name func(code string) string) ([]string, error) {
	if len(states) == 0 {
		return nil, Invalid("states", "choose at least one state")
	}
	if len(states) > MaxBulkDelegations {
		return nil, Invalid("states", "choose at most %d states at once", MaxBulkDelegations)
	}
	onRoll := map[string]bool{}
	for _, m := range members {
		onRoll[m.State] = true
	}
	var out []string
	for _, s := range states {
		s = strings.TrimSpace(s)
		if err := ValidateStateCode("states", s); err != nil {
			return nil, err
		}
		if slices.Contains(out, s) {
			continue
		}
		if !onRoll[s] {
			return nil, Invalid("states", "%s is not a member, observer or partner of the organization on the meeting's date", name(s))
		}
		for _, d := range registered {
			if d.State == s {
				return nil, Conflict("states", "%s has a delegation at this meeting already", name(s))
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// InvitedHead is the head of a delegation registered in bulk, before its
// delegation officer names them: known by the title of the office, in the
// languages given.
func InvitedHead(state string, title Text) Person {
	return Person{Title: title, Affiliation: state}
}

// InvitationState is where a delegation's invitation stands.
type InvitationState string

const (
	// NotInvited is a delegation registered by hand, never an invitation.
	NotInvited InvitationState = ""
	// InvitationSent waits for the delegation officer's answer.
	InvitationSent InvitationState = "sent"
	// InvitationAccepted is answered by naming the head (and members).
	InvitationAccepted InvitationState = "accepted"
	// InvitationDeclined says the state sends no delegation.
	InvitationDeclined InvitationState = "declined"
)

// CheckAnswerable refuses an answer to what was never an invitation: a
// delegation registered by hand is changed on its own page. An answer may
// be changed, a declined invitation accepted later and the reverse, as
// long as the meeting is being prepared.
func CheckAnswerable(d *Delegation) error {
	if d.Invitation == NotInvited {
		return Conflict("invitation", "the delegation of %s was registered without an invitation: change its head and members on its page", cmp.Or(d.PartyNames.Get("en"), d.Party()))
	}
	return nil
}

// DelegationAnswer is what a delegation officer gives in answer to the
// invitation: the head, named, and the members, who join those already
// listed.
type DelegationAnswer struct {
	Head    Person   `json:"head"`
	Members []Person `json:"members"`
}

// Validate checks an answer: the head needs a name now, since naming them
// is what the answer is for.
func (a *DelegationAnswer) Validate() error {
	if strings.TrimSpace(a.Head.Name) == "" {
		return Invalid("head.name", "name the head of delegation")
	}
	if err := a.Head.Validate(); err != nil {
		return prefixField("head.", err)
	}
	if len(a.Members) > MaxAnswerMembers {
		return Invalid("members", "name at most %d members at once", MaxAnswerMembers)
	}
	for i := range a.Members {
		if err := a.Members[i].Validate(); err != nil {
			return prefixField("members["+itoa(i)+"].", err)
		}
	}
	return nil
}
