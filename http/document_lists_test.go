package http_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDocumentListsAgreeWithPolicy: the database filters lists with the
// policy's reading rule as SQL conditions (accord.DocumentReaders). For
// every document of a wide mix (each classification, each kind of author,
// authors the links no longer lead to, documents of one organization and of
// two, recipients, withdrawn ones) and every reader (each role, and readers
// with grants in both organizations), the documents list, the meeting pages
// and the home page list exactly the documents whose own page the reader
// may open, which accord.Authorize decides.
func TestDocumentListsAgreeWithPolicy(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		readers := slices.Clone(matrixRoles)
		hash, err := auth.HashPassword(testPassword, cheapPasswords)
		if err != nil {
			t.Fatal(err)
		}
		for i, grants := range [][]accord.Grant{
			{{Role: accord.RoleSecretariat, Organization: "OTS"}, {Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"}},
			{{Role: accord.RoleHeadOfDelegation, Organization: "OTS", State: "AZ"}, {Role: accord.RoleObserver, Organization: "SCO"}},
			{{Role: accord.RoleChairOfficer, Organization: "OTS", Body: "CGP", State: "AZ"}},
			{{Role: accord.RoleDelegationOfficer, Organization: "OTS", State: "PK"}},
		} {
			u := &accord.User{Name: fmt.Sprint("mixed ", i), Email: fmt.Sprintf("mixed%d@example.org", i), Grants: grants}
			if err := db.CreateUser(ctx, u, hash); err != nil {
				t.Fatal(err)
			}
			f.users[u.Name] = u
			readers = append(readers, u.Name)
		}

		sco, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		earlier, err := db.FindMeeting(ctx, "SCO", "PGM", 21)
		if err != nil {
			t.Fatal(err)
		}
		otsMeetings, err := db.ListMeetings(ctx, accord.MeetingFilter{Organization: "OTS"})
		if err != nil || len(otsMeetings) == 0 {
			t.Fatal("no OTS meeting", err)
		}
		ots := otsMeetings[len(otsMeetings)-1]
		type author struct {
			kind accord.AuthorKind
			del  int64
		}
		authors := []author{{kind: accord.AuthorSecretariat}, {kind: accord.AuthorChair}}
		for _, m := range []*accord.Meeting{sco, ots} {
			dels, err := db.ListDelegations(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			organ := false
			for _, d := range dels {
				if d.State == "IN" || d.State == "PK" || d.State == "AZ" || d.State == "" && !organ {
					organ = organ || d.State == ""
					authors = append(authors, author{accord.AuthorDelegation, d.ID})
				}
			}
		}
		// Two meetings of one organization: its list shows the document once.
		links := [][]int64{{sco.ID}, {sco.ID, ots.ID}, {ots.ID}, {earlier.ID}, {earlier.ID, sco.ID}}
		n := 0
		for _, c := range []accord.Classification{accord.Public, accord.Restricted, accord.Confidential} {
			for _, a := range authors {
				for _, ls := range links {
					for _, rs := range [][]string{nil, {"PK"}, {"AZ"}} {
						if c != accord.Confidential && rs != nil {
							continue
						}
						n++
						d := &accord.Document{Reference: fmt.Sprintf("MIX/%d", n), Kind: accord.DocOther, Classification: c,
							AuthorKind: a.kind, AuthorDelegationID: a.del, Recipients: rs,
							Versions: []accord.DocumentVersion{{Lang: "en", Title: fmt.Sprintf("Mixed %d", n), Body: "B"}}}
						for _, l := range ls {
							d.Links = append(d.Links, accord.DocumentLink{MeetingID: l})
						}
						if err := db.CreateDocument(ctx, d); err != nil {
							t.Fatal(err)
						}
						if n%7 == 0 {
							if err := db.WithdrawDocument(ctx, d.ID, "Test"); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
			}
		}
		all, err := db.ListDocuments(ctx, accord.DocumentFilter{IncludeWithdrawn: true})
		if err != nil {
			t.Fatal(err)
		}

		type listed struct {
			Total, Pages int
			Documents    []struct{ ID int64 }
		}
		ids := func(l listed) []int64 {
			var out []int64
			for _, d := range l.Documents {
				out = append(out, d.ID)
			}
			return out
		}
		// pages are each reader's lists as read below, to be read again.
		pages := map[string]map[string]string{}
		cookies := map[string]string{}
		for _, role := range readers {
			cookie := f.session(t, role)
			cookies[role], pages[role] = cookie, map[string]string{}
			for _, p := range classPages {
				pages[role][p] = f.do(t, request{path: p, cookie: cookie}).body
			}
			// The oracle: each document's own page, which the policy
			// function judges.
			var want, wantListed []int64
			linkedTo := map[int64][]int64{}
			for _, d := range all {
				res := f.do(t, request{path: "/api/v1/documents/" + strconv.FormatInt(d.ID, 10), cookie: cookie})
				if res.status != 200 && res.status != 404 {
					t.Fatalf("document %d as %s: %d", d.ID, role, res.status)
				}
				if res.status == 200 {
					want = append(want, d.ID)
					if !d.Withdrawn() {
						wantListed = append(wantListed, d.ID)
						for _, l := range d.Links {
							linkedTo[l.MeetingID] = append(linkedTo[l.MeetingID], d.ID)
						}
					}
				}
			}
			pages := func(query string) (got []int64, total int) {
				for page := 1; ; page++ {
					l := docJSON[listed](t, f.do(t, request{path: "/api/v1/documents?" + query + "page=" + strconv.Itoa(page), cookie: cookie}))
					got, total = append(got, ids(l)...), l.Total
					if page >= l.Pages {
						return got, total
					}
				}
			}
			got, total := pages("withdrawn=1&")
			slices.Sort(got)
			if !slices.Equal(got, want) || total != len(want) {
				t.Errorf("the documents list as %s: %d documents (total %d), the policy lets it read %d\nlisted %v\nreadable %v", role, len(got), total, len(want), got, want)
			}
			// One organization's list, page by page, newest first: the
			// store walks that organization's links.
			for _, org := range []string{"SCO", "OTS"} {
				var wantOrg []int64
				for _, id := range slices.Backward(wantListed) {
					if slices.ContainsFunc(all, func(d *accord.Document) bool {
						return d.ID == id && slices.ContainsFunc(d.Links, func(l accord.DocumentLink) bool { return orgOf(t, db, l.MeetingID) == org })
					}) {
						wantOrg = append(wantOrg, id)
					}
				}
				got, total := pages("organization=" + org + "&")
				if !slices.Equal(got, wantOrg) || total != len(wantOrg) {
					t.Errorf("%s's documents as %s: %v (total %d), want %v", org, role, got, total, wantOrg)
				}
			}
			for _, m := range []*accord.Meeting{sco, ots, earlier} {
				v := docJSON[struct{ Documents []struct{ ID int64 } }](t, f.do(t, request{path: "/api/v1" + meetingPath(m), cookie: cookie}))
				var onPage []int64
				for _, d := range v.Documents {
					onPage = append(onPage, d.ID)
				}
				if !slices.Equal(onPage, linkedTo[m.ID]) {
					t.Errorf("meeting %s as %s lists %v, the policy lets it read %v", meetingPath(m), role, onPage, linkedTo[m.ID])
				}
			}
			home := docJSON[struct {
				Organizations []struct {
					Code   string
					Recent []struct{ ID int64 } `json:"recent_documents"`
				}
			}](t, f.do(t, request{path: "/api/v1/", cookie: cookie}))
			if len(home.Organizations) == 0 {
				t.Fatalf("the home page as %s shows no organization", role)
			}
			for _, o := range home.Organizations {
				var newest []int64
				for _, id := range slices.Backward(wantListed) {
					if len(newest) < 5 && slices.ContainsFunc(all, func(d *accord.Document) bool {
						return d.ID == id && slices.ContainsFunc(d.Links, func(l accord.DocumentLink) bool { return orgOf(t, db, l.MeetingID) == o.Code })
					}) {
						newest = append(newest, id)
					}
				}
				var recent []int64
				for _, d := range o.Recent {
					recent = append(recent, d.ID)
				}
				if !slices.Equal(recent, newest) {
					t.Errorf("home page as %s: %s's recent documents %v, want %v", role, o.Code, recent, newest)
				}
			}
		}
		// Read again with nothing written in between, in the other
		// order, so that what pages keep for one reader class (the data
		// cache) would be there for the next: each reader still sees its
		// own.
		before, err := db.ChangeVersion(ctx, accord.ScopeReference, accord.ScopeStructure, accord.ScopeDocuments)
		if err != nil {
			t.Fatal(err)
		}
		for _, role := range slices.Backward(readers) {
			for _, p := range classPages {
				if got := f.do(t, request{path: p, cookie: cookies[role]}).body; got != pages[role][p] {
					t.Errorf("%s as %s, read again, differs from the first read", p, role)
				}
			}
		}
		if after, err := db.ChangeVersion(ctx, accord.ScopeReference, accord.ScopeStructure, accord.ScopeDocuments); err != nil || after != before {
			t.Fatalf("the second reading wrote: version %d, then %d (%v)", before, after, err)
		}
	})
}

// classPages are pages whose data is kept per reader class.
var classPages = []string{"/api/v1/", "/api/v1/documents", "/api/v1/documents?organization=OTS&page=2", "/", "/documents?organization=SCO"}

func meetingPath(m *accord.Meeting) string {
	return fmt.Sprintf("/organizations/%s/bodies/%s/meetings/%d", m.Organization, m.Body, m.Number)
}

func orgOf(t *testing.T, db *sqlstore.DB, meeting int64) string {
	t.Helper()
	m, err := db.FindMeetingByID(context.Background(), meeting)
	if err != nil {
		t.Fatal(err)
	}
	return m.Organization
}
