package accord_test

import (
	"testing"

	"github.com/accord-org/accord"
)

func TestAuthorizeAdoption(t *testing.T) {
	user := func(g accord.Grant) *accord.Actor {
		return &accord.Actor{User: &accord.User{ID: 9, Grants: []accord.Grant{g}}}
	}
	chairPK := user(accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"})
	chairKG := user(accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "KG"})
	secretariat := user(accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	otsSecretariat := user(accord.Grant{Role: accord.RoleSecretariat, Organization: "OTS"})
	headRU := user(accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "RU"})
	officerCN := user(accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "CN"})
	officerAF := user(accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "AF"})
	press := user(accord.Grant{Role: accord.RolePress})
	readToken := user(accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	readToken.Scope = accord.ScopeRead
	res := func(state string) accord.Resource {
		return accord.Resource{Kind: accord.KindAdoption, Organizations: []string{"SCO"}, Classification: accord.Restricted,
			Body: "PGM", ChairState: "PK", AuthorState: "PK", State: state, Members: []string{"CN", "PK", "RU"}}
	}
	public := res("")
	public.Classification = accord.Public
	for _, c := range []struct {
		name  string
		a     *accord.Actor
		act   accord.Action
		res   accord.Resource
		allow bool
	}{
		{"the chair opens", chairPK, accord.ActCreate, res(""), true},
		{"the chair closes", chairPK, accord.ActDecide, res(""), true},
		{"the secretariat opens", secretariat, accord.ActCreate, res(""), true},
		{"another state's chair officer does not open", chairKG, accord.ActCreate, res(""), false},
		{"another organization's secretariat does not close", otsSecretariat, accord.ActDecide, res(""), false},
		{"a head does not close", headRU, accord.ActDecide, res(""), false},
		{"a read-only token does not open", readToken, accord.ActCreate, res(""), false},
		{"a head takes its state's position", headRU, accord.ActVote, res("RU"), true},
		{"an officer takes its state's position", officerCN, accord.ActVote, res("CN"), true},
		{"not another state's", officerCN, accord.ActVote, res("RU"), false},
		{"not a non-member's", officerAF, accord.ActVote, res("AF"), false},
		{"the chair takes no position for a state", chairPK, accord.ActVote, res("PK"), false},
		{"the secretariat takes no position", secretariat, accord.ActVote, res("CN"), false},
		{"a delegation reads a restricted procedure", officerCN, accord.ActRead, res(""), true},
		{"the press does not read a restricted one", press, accord.ActRead, res(""), false},
		{"the public reads a public one", nil, accord.ActRead, public, true},
		{"the public takes no position", nil, accord.ActVote, public, false},
		{"nobody edits", secretariat, accord.ActUpdate, res(""), false},
	} {
		if got := accord.Authorize(c.a, c.act, c.res); got.Allow != c.allow {
			t.Errorf("%s: %v (%s), want %v", c.name, got.Allow, got.Reason, c.allow)
		}
	}
}
