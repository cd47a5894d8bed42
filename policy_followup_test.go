package accord_test

import (
	"testing"

	"github.com/accord-org/accord"
)

func TestAuthorizeFollowUp(t *testing.T) {
	user := func(scope accord.TokenScope, grants ...accord.Grant) *accord.Actor {
		return &accord.Actor{User: &accord.User{ID: 7, Grants: grants}, Scope: scope}
	}
	secretariat := user("", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	otherSecretariat := user("", accord.Grant{Role: accord.RoleSecretariat, Organization: "OTS"})
	officerIN := user("", accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"})
	officerINRead := user(accord.ScopeRead, accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"})
	headIN := user("", accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "IN"})
	officerPK := user("", accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "PK"})
	chairPK := user("", accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"})
	res := func(kind accord.ResourceKind, c accord.Classification, state string) accord.Resource {
		r := accord.Resource{Kind: kind, Organizations: []string{"SCO"}, Classification: c, State: state}
		if kind == accord.KindNationalReport {
			r.AuthorState = state
		}
		return r
	}
	for _, tc := range []struct {
		name  string
		a     *accord.Actor
		act   accord.Action
		res   accord.Resource
		allow bool
	}{
		{"anyone reads a public measure", accord.Anonymous, accord.ActRead, res(accord.KindMeasure, accord.Public, ""), true},
		{"the public does not read a restricted measure", accord.Anonymous, accord.ActRead, res(accord.KindMeasure, accord.Restricted, ""), false},
		{"a delegation reads a restricted measure", officerPK, accord.ActRead, res(accord.KindMeasure, accord.Restricted, ""), true},
		{"the secretariat enters measures", secretariat, accord.ActCreate, res(accord.KindMeasure, accord.Public, ""), true},
		{"another secretariat does not", otherSecretariat, accord.ActCreate, res(accord.KindMeasure, accord.Public, ""), false},
		{"a chair officer does not", chairPK, accord.ActCreate, res(accord.KindMeasure, accord.Public, ""), false},
		{"India's officer reports for India", officerIN, accord.ActCreate, res(accord.KindNationalReport, accord.Public, "IN"), true},
		{"a read-only token does not report", officerINRead, accord.ActCreate, res(accord.KindNationalReport, accord.Public, "IN"), false},
		{"India's head does not report: the officer does", headIN, accord.ActCreate, res(accord.KindNationalReport, accord.Public, "IN"), false},
		{"Pakistan's officer does not report for India", officerPK, accord.ActCreate, res(accord.KindNationalReport, accord.Public, "IN"), false},
		{"the secretariat does not report for a state", secretariat, accord.ActCreate, res(accord.KindNationalReport, accord.Public, "IN"), false},
		{"nobody edits a report", officerIN, accord.ActUpdate, res(accord.KindNationalReport, accord.Public, "IN"), false},
		{"a confidential report is its state's", officerIN, accord.ActRead, res(accord.KindNationalReport, accord.Confidential, "IN"), true},
		{"and not another state's", officerPK, accord.ActRead, res(accord.KindNationalReport, accord.Confidential, "IN"), false},
		{"the secretariat reads what it assesses", secretariat, accord.ActRead, res(accord.KindNationalReport, accord.Confidential, "IN"), true},
		{"the secretariat assesses", secretariat, accord.ActCreate, res(accord.KindAssessment, accord.Public, "IN"), true},
		{"a delegation does not assess", officerIN, accord.ActCreate, res(accord.KindAssessment, accord.Public, "IN"), false},
		{"a restricted assessment is not public", accord.Anonymous, accord.ActRead, res(accord.KindAssessment, accord.Restricted, "IN"), false},
		{"rounds are public", accord.Anonymous, accord.ActRead, res(accord.KindReportingRound, "", ""), true},
		{"the secretariat opens rounds", secretariat, accord.ActCreate, res(accord.KindReportingRound, "", ""), true},
		{"a delegation does not", officerIN, accord.ActCreate, res(accord.KindReportingRound, "", ""), false},
		{"the secretariat closes rounds early", secretariat, accord.ActUpdate, res(accord.KindReportingRound, "", ""), true},
		{"another secretariat does not close them", otherSecretariat, accord.ActUpdate, res(accord.KindReportingRound, "", ""), false},
		{"a delegation does not close them", officerIN, accord.ActUpdate, res(accord.KindReportingRound, "", ""), false},
		{"nobody deletes a round", secretariat, accord.ActDelete, res(accord.KindReportingRound, "", ""), false},
		{"the statuses are public", accord.Anonymous, accord.ActRead, res(accord.KindFollowUpStatuses, "", ""), true},
		{"the secretariat keeps the statuses", secretariat, accord.ActUpdate, res(accord.KindFollowUpStatuses, "", ""), true},
		{"a delegation does not keep them", officerIN, accord.ActUpdate, res(accord.KindFollowUpStatuses, "", ""), false},
		{"a read-only token does not keep them", user(accord.ScopeRead, accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"}), accord.ActUpdate, res(accord.KindFollowUpStatuses, "", ""), false},
	} {
		if got := accord.Authorize(tc.a, tc.act, tc.res); got.Allow != tc.allow {
			t.Errorf("%s: allow %v (%s), want %v", tc.name, got.Allow, got.Reason, tc.allow)
		}
	}
}
