package accord

// KindSitting is a meeting in session: its state, speakers lists and hall
// screen.
const KindSitting ResourceKind = "sitting"

// ActAsk asks for the floor for a state.
const ActAsk Action = "ask"

// authorizeSitting decides who runs a sitting and who asks for the floor.
// r carries the meeting's organization, body, chair and term as for the
// meeting itself, and State, the state asked for.
func authorizeSitting(a *Actor, act Action, r Resource) Decision {
	switch act {
	case ActRead:
		return allow("a sitting of a meeting is public, as the meeting is")
	case ActAsk:
		if a.has(RoleSecretariat, r.Organizations) {
			return allow("the secretariat of the organization")
		}
		if r.State != "" && a.ofState(r.State, r.Organizations) {
			return allow("the head or the officer of the state's delegation asks for its state")
		}
		return deny("only a state's head or delegation officer, or the secretariat, asks for the floor for it")
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
