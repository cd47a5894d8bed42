package accord

import "slices"

// KindSitting is a meeting in session: its state, speakers lists and hall
// screen.
const KindSitting ResourceKind = "sitting"

// ActAsk asks for the floor for a state.
const ActAsk Action = "ask"

// ObserversAskRule is the refusal of a request for the floor for a state
// that is not a member on the meeting's date, when the body does not let
// observers and guests ask; the reader is told it, translated, on the state.
const ObserversAskRule = "Only member states ask for the floor: this body does not let observers and guests ask."

// authorizeSitting decides who runs a sitting and who asks for the floor.
// r carries the meeting's organization, body, chair and term as for the
// meeting itself, State, the state asked for, Members, the member states on
// the meeting's date, and ObserversMayAsk, the body's setting.
func authorizeSitting(a *Actor, act Action, r Resource) Decision {
	switch act {
	case ActRead:
		return allow("a sitting of a meeting is public, as the meeting is")
	case ActAsk:
		var d Decision
		switch {
		case a.has(RoleSecretariat, r.Organizations):
			d = allow("the secretariat of the organization")
		case r.State != "" && a.ofState(r.State, r.Organizations):
			d = allow("the head or the officer of the state's delegation asks for its state")
		default:
			return deny("only a state's head or delegation officer, or the secretariat, asks for the floor for it")
		}
		// The rule is the state's, whoever asks for it: a list that the
		// body keeps for its members holds no observer's request, even
		// one the secretariat entered. A state not among Members counts
		// as an observer or guest, so that a resource built without the
		// members refuses rather than lets everyone in.
		if !r.ObserversMayAsk && !slices.Contains(r.Members, r.State) {
			return refuse("state", ObserversAskRule)
		}
		return d
	case ActUpdate:
		if a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat of the organization")
		}
		if a.hasChair(r) {
			if r.Term == 0 || r.Term != r.ChairTerm {
				return deny("a chair officer runs only the meetings of the term in office")
			}
			return allow("the chair officer of the state holding the chair")
		}
		return deny("only the chair officer of the state holding the chair, or the secretariat, runs the sitting")
	}
	return deny("a sitting is read, run, or asked in; nothing else")
}
