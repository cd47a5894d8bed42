package accord

import (
	"slices"
	"strings"
	"time"
)

// DocumentReaders is what the policy's rule for reading a document
// (authorizeDocument, ActRead) asks of the reader, gathered once from its
// grants so that a list can be filtered by the database rather than by
// judging every document in Go. Two readers with the same DocumentReaders
// read the same documents: it is their reader class.
//
// The store turns it into conditions equivalent to that rule, document by
// document:
//   - a public document is read by anyone;
//   - a restricted one by a reader with one of the roles of Restricted in
//     one of its organizations;
//   - a confidential one written by the secretariat (no author state) by
//     the secretariat of one of its organizations; one written by a state
//     by that state's delegation officers and heads of delegation in one of
//     its organizations; and by those of each state named as a recipient.
//
// TestDocumentListsNeverLeak (package http) checks that the two agree on
// every document and reader.
type DocumentReaders struct {
	// Signed is false for the public, who read public documents only.
	Signed bool `json:"signed,omitempty"`
	// Restricted are the organizations where the reader reads restricted
	// documents.
	Restricted []string `json:"restricted,omitempty"`
	// Secretariat are the organizations whose secretariat the reader is.
	Secretariat []string `json:"secretariat,omitempty"`
	// Delegations are the states, with their organization, that the reader
	// is a delegation officer or head of delegation of.
	Delegations []OrgState `json:"delegations,omitempty"`
	// Now is the reader's moment (Actor.At): an embargo that ends after
	// it hides its document from all but Secretariat. It is not part of
	// the class (Key), since the change versions count ended embargoes.
	Now time.Time `json:"-"`
}

// OrgState is a state within an organization.
type OrgState struct {
	Organization string `json:"organization"`
	State        string `json:"state"`
}

// ReadersOf returns a's reader class, with the same role tests as
// authorizeDocument.
func ReadersOf(a *Actor) DocumentReaders {
	var r DocumentReaders
	if a == nil || a.User == nil {
		if a != nil {
			r.Now = a.At
		}
		return r
	}
	r.Now = a.At
	r.Signed = true
	add := func(list []string, org string) []string {
		if !slices.Contains(list, org) {
			list = append(list, org)
		}
		return list
	}
	for _, g := range a.User.Grants {
		switch g.Role {
		case RoleSecretariat, RoleChairOfficer, RoleDelegationOfficer, RoleHeadOfDelegation:
			r.Restricted = add(r.Restricted, g.Organization)
		}
		if g.Role == RoleSecretariat {
			r.Secretariat = add(r.Secretariat, g.Organization)
		}
		// A grant without a state names no author or recipient: the rule
		// compares states that are never empty.
		if (g.Role == RoleDelegationOfficer || g.Role == RoleHeadOfDelegation) && g.State != "" {
			s := OrgState{g.Organization, g.State}
			if !slices.Contains(r.Delegations, s) {
				r.Delegations = append(r.Delegations, s)
			}
		}
	}
	slices.Sort(r.Restricted)
	slices.Sort(r.Secretariat)
	slices.SortFunc(r.Delegations, func(a, b OrgState) int {
		return strings.Compare(a.Organization+"/"+a.State, b.Organization+"/"+b.State)
	})
	return r
}

// Key names the reader class, for caches of what a class sees.
func (r DocumentReaders) Key() string {
	if !r.Signed {
		return "public"
	}
	var b strings.Builder
	b.WriteString("r:" + strings.Join(r.Restricted, ",") + ";s:" + strings.Join(r.Secretariat, ",") + ";d:")
	for _, d := range r.Delegations {
		b.WriteString(d.Organization + "/" + d.State + ",")
	}
	return b.String()
}

// DocumentSummary is a document as lists show it: no texts, the title of
// the latest revision in each language.
type DocumentSummary struct {
	ID             int64          `json:"id"`
	Reference      string         `json:"reference"`
	Kind           DocumentKind   `json:"kind"`
	Classification Classification `json:"classification"`
	CreatedAt      time.Time      `json:"created_at"`
	WithdrawnAt    time.Time      `json:"withdrawn_at"`
	// EmbargoUntil is the document's (Document.EmbargoUntil).
	EmbargoUntil time.Time `json:"embargo_until,omitzero"`
	// Titles are the latest titles, by language tag.
	Titles []DocumentTitle `json:"titles"`
	Links  []DocumentLink  `json:"links"`
}

// DocumentTitle is the latest title of a document in one language.
type DocumentTitle struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
}

// Withdrawn reports whether the document was withdrawn.
func (d *DocumentSummary) Withdrawn() bool { return !d.WithdrawnAt.IsZero() }
