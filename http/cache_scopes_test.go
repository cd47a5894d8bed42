package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPublicCacheScopes: a change empties the cached pages that show it,
// which then show it, and leaves the others be: a document or an agenda
// item of meeting XXI, or a sign-in, changes nothing meeting XXII's page
// depends on.
func TestPublicCacheScopes(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		srv := newDemoServer(t, db)
		m22, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		m21, err := db.FindMeeting(ctx, "SCO", "PGM", 21)
		if err != nil {
			t.Fatal(err)
		}
		meeting22 := []string{accord.ScopeReference, accord.OrgScope("SCO"), accord.MeetingScope("SCO", "PGM", 22)}
		version := func() int64 {
			v, err := db.ChangeVersion(ctx, meeting22...)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		doc := func(ref string, m *accord.Meeting) *accord.Document {
			return &accord.Document{Reference: ref, Kind: accord.DocOther, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
				Links:    []accord.DocumentLink{{MeetingID: m.ID}},
				Versions: []accord.DocumentVersion{{Lang: "en", Title: "Title of " + ref, Body: "B"}}}
		}
		// Elsewhere: meeting XXII's scopes do not move.
		before := version()
		for _, write := range []func() error{
			func() error { return db.CreateDocument(ctx, doc("ELSEWHERE/1", m21)) },
			func() error {
				return db.AddAgendaItem(ctx, &accord.AgendaItem{MeetingID: m21.ID, Position: 90, Kind: accord.AgendaReport, Title: accord.Text{"en": "Elsewhere"}})
			},
			func() error {
				return db.CreateUser(ctx, &accord.User{Name: "N", Email: "n@example.org", Grants: []accord.Grant{{Role: accord.RolePress}}}, "x")
			},
		} {
			if err := write(); err != nil {
				t.Fatal(err)
			}
		}
		if after := version(); after != before {
			t.Errorf("writes elsewhere moved meeting XXII's change version from %d to %d", before, after)
		}

		// Here: each page that shows the change shows it once made.
		var shared *accord.Document
		cases := []struct {
			name  string
			pages []string
			write func() error
			want  string
		}{
			{"a document of meeting XXII", []string{"/api/v1/organizations/SCO/bodies/PGM/meetings/XXII", "/api/v1/documents", "/api/v1/"},
				func() error { shared = doc("HERE/1", m22); return db.CreateDocument(ctx, shared) }, "HERE/1"},
			{"its new title", []string{"/api/v1/organizations/SCO/bodies/PGM/meetings/22", "/api/v1/documents/" + itoa(0), "/api/v1/documents?q=here"},
				func() error {
					return db.AddDocumentVersion(ctx, &accord.DocumentVersion{DocumentID: shared.ID, Lang: "en", Title: "Renamed here", Body: "B"})
				}, "Renamed here"},
			{"an agenda item", []string{"/api/v1/organizations/SCO/bodies/PGM/meetings/22", "/organizations/SCO/bodies/PGM/meetings/22/agenda"},
				func() error {
					return db.AddAgendaItem(ctx, &accord.AgendaItem{MeetingID: m22.ID, Position: 91, Kind: accord.AgendaReport, Title: accord.Text{"en": "Item here"}})
				}, "Item here"},
			{"the meeting's theme", []string{"/api/v1/organizations/SCO/bodies/PGM/meetings/22", "/api/v1/organizations/SCO/bodies/PGM", "/api/v1/"},
				func() error {
					m := *m22
					m.Theme = accord.Text{"en": "A theme here"}
					return db.UpdateMeeting(ctx, &m)
				}, "A theme here"},
		}
		for _, c := range cases {
			pages := c.pages
			if shared != nil {
				pages = slicesReplace(pages, "/api/v1/documents/"+itoa(0), "/api/v1/documents/"+itoa(shared.ID))
			}
			for _, p := range pages {
				get(t, srv, p) // cached
			}
			if err := c.write(); err != nil {
				t.Fatal(c.name, err)
			}
			for _, p := range pages {
				if res := get(t, srv, p); !strings.Contains(res.body, c.want) {
					t.Errorf("after %s, %s does not show %q", c.name, p, c.want)
				}
			}
		}
		// Withdrawn and unlinked: gone from the page.
		page := "/api/v1/organizations/SCO/bodies/PGM/meetings/22"
		if err := db.WithdrawDocument(ctx, shared.ID, "Test"); err != nil {
			t.Fatal(err)
		}
		if res := get(t, srv, page); strings.Contains(res.body, "HERE/1") {
			t.Error("the meeting page still lists the withdrawn document")
		}
		other := doc("HERE/2", m22)
		other.Links = append(other.Links, accord.DocumentLink{MeetingID: m21.ID})
		if err := db.CreateDocument(ctx, other); err != nil {
			t.Fatal(err)
		}
		if res := get(t, srv, page); !strings.Contains(res.body, "HERE/2") {
			t.Fatal("the meeting page does not list a new document")
		}
		if err := db.UnlinkDocument(ctx, other.ID, m22.ID); err != nil {
			t.Fatal(err)
		}
		if res := get(t, srv, page); strings.Contains(res.body, "HERE/2") {
			t.Error("the meeting page still lists the document unlinked from it")
		}
	})
}

func slicesReplace(s []string, old, new string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = v
		if v == old {
			out[i] = new
		}
	}
	return out
}
