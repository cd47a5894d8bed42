package accord_test

import (
	"testing"

	"github.com/accord-org/accord"
)

func TestAuthorizeSitting(t *testing.T) {
	user := func(scope accord.TokenScope, grants ...accord.Grant) *accord.Actor {
		return &accord.Actor{User: &accord.User{ID: 7, Grants: grants}, Scope: scope}
	}
	secretariat := user("", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	otherSecretariat := user("", accord.Grant{Role: accord.RoleSecretariat, Organization: "OTS"})
	chairPK := user("", accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"})
	chairKG := user("", accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "KG"})
	headIN := user("", accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "IN"})
	officerIN := user("", accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"})
	officerINRead := user(accord.ScopeRead, accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"})
	observer := user("", accord.Grant{Role: accord.RoleObserver, Organization: "SCO"})
	headAF := user("", accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "AF"})
	officerTR := user("", accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "TR"})
	// AF is an observer and TR a guest (no membership): neither is among
	// the members on the meeting's date.
	sitting := accord.Resource{Kind: accord.KindSitting, Organizations: []string{"SCO"}, Body: "PGM", ChairState: "PK", ChairTerm: 2, Term: 2,
		Members: []string{"IN", "KG", "PK"}}
	past := sitting
	past.Term = 1
	askFor := func(state string) accord.Resource { r := sitting; r.State = state; return r }
	allowing := func(state string) accord.Resource { r := askFor(state); r.ObserversMayAsk = true; return r }
	noMembers := askFor("IN")
	noMembers.Members = nil
	for _, tc := range []struct {
		name  string
		a     *accord.Actor
		act   accord.Action
		res   accord.Resource
		allow bool
	}{
		{"anyone reads", accord.Anonymous, accord.ActRead, sitting, true},
		{"the secretariat runs it", secretariat, accord.ActUpdate, sitting, true},
		{"another organization's secretariat does not", otherSecretariat, accord.ActUpdate, sitting, false},
		{"the chair officer of the chair runs it", chairPK, accord.ActUpdate, sitting, true},
		{"the chair officer does not run a past term's meeting", chairPK, accord.ActUpdate, past, false},
		{"a former chair does not run it", chairKG, accord.ActUpdate, sitting, false},
		{"a head does not run it", headIN, accord.ActUpdate, sitting, false},
		{"a head asks for the floor for its state", headIN, accord.ActAsk, askFor("IN"), true},
		{"an officer asks for its state", officerIN, accord.ActAsk, askFor("IN"), true},
		{"an officer does not ask for another state", officerIN, accord.ActAsk, askFor("PK"), false},
		{"a read token does not ask", officerINRead, accord.ActAsk, askFor("IN"), false},
		{"the secretariat asks for any state", secretariat, accord.ActAsk, askFor("PK"), true},
		{"an observer account does not ask", observer, accord.ActAsk, askFor("IN"), false},
		{"an observer state's head does not ask when the body does not allow it", headAF, accord.ActAsk, askFor("AF"), false},
		{"an observer state's head asks when the body allows it", headAF, accord.ActAsk, allowing("AF"), true},
		{"a guest's officer does not ask when the body does not allow it", officerTR, accord.ActAsk, askFor("TR"), false},
		{"a guest's officer asks when the body allows it", officerTR, accord.ActAsk, allowing("TR"), true},
		{"the secretariat does not ask for an observer when the body does not allow it", secretariat, accord.ActAsk, askFor("AF"), false},
		{"the secretariat asks for an observer when the body allows it", secretariat, accord.ActAsk, allowing("AF"), true},
		{"the setting lets no one ask for another state", headAF, accord.ActAsk, allowing("TR"), false},
		{"the setting gives the public nothing", accord.Anonymous, accord.ActAsk, allowing("AF"), false},
		{"a member still asks when the body allows observers", headIN, accord.ActAsk, allowing("IN"), true},
		{"without the members, nobody counts as one", headIN, accord.ActAsk, noMembers, false},
		{"the public does not ask", accord.Anonymous, accord.ActAsk, askFor("IN"), false},
		{"nobody deletes a sitting", secretariat, accord.ActDelete, sitting, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := accord.Authorize(tc.a, tc.act, tc.res); d.Allow != tc.allow {
				t.Errorf("allow %v (%s), want %v", d.Allow, d.Reason, tc.allow)
			}
		})
	}
}

// TestObserversAskRuleNamed checks that the refusal of an observer's request
// is the rule handlers name, and only that refusal is.
func TestObserversAskRuleNamed(t *testing.T) {
	res := accord.Resource{Kind: accord.KindSitting, Organizations: []string{"SCO"}, Body: "PGM", Members: []string{"IN"}, State: "AF"}
	head := func(state string) *accord.Actor {
		return &accord.Actor{User: &accord.User{ID: 7, Grants: []accord.Grant{{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: state}}}}
	}
	if d := accord.Authorize(head("AF"), accord.ActAsk, res); d.Reason != accord.ObserversAskRule {
		t.Errorf("observer's head: %q, want the rule", d.Reason)
	}
	if d := accord.Authorize(head("IN"), accord.ActAsk, res); d.Allow || d.Reason == accord.ObserversAskRule {
		t.Errorf("another state's head: %v %q, want a refusal for asking for another state", d.Allow, d.Reason)
	}
}
