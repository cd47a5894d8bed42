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
	sitting := accord.Resource{Kind: accord.KindSitting, Organizations: []string{"SCO"}, Body: "PGM", ChairState: "PK", ChairTerm: 2, Term: 2}
	past := sitting
	past.Term = 1
	askFor := func(state string) accord.Resource { r := sitting; r.State = state; return r }
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
