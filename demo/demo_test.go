package demo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

var today = accord.MustDate("2026-11-29")

// TestLoadTwice checks that a second load finds everything and adds nothing,
// on both engines.
func TestLoadTwice(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		first, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		before := census(t, db)
		second, err := demo.Load(ctx, db, today)
		if err != nil {
			t.Fatal(err)
		}
		if second.Created != 0 || second.Existing == 0 || first.Created == 0 {
			t.Errorf("first load %v, second %v: want the second to create nothing", first, second)
		}
		if got := first.String(); got != fmt.Sprintf("%d records created", first.Created) {
			t.Errorf("first load reported as %q", got)
		}
		if got := second.String(); got != "already loaded, nothing added" {
			t.Errorf("second load reported as %q", got)
		}
		if after := census(t, db); !slices.Equal(before, after) {
			t.Errorf("second load changed the data: %v, then %v", before, after)
		}
	})
}

// census counts what the demo creates, through the services.
func census(t *testing.T, db *sqlstore.DB) []int {
	t.Helper()
	ctx := context.Background()
	states, err := db.ListStates(ctx)
	must(t, err)
	counts := []int{len(states)}
	for _, org := range []string{"SCO", "OTS"} {
		ms, err := db.ListMemberships(ctx, org)
		must(t, err)
		meetings, err := db.ListMeetings(ctx, accord.MeetingFilter{Organization: org})
		must(t, err)
		counts = append(counts, len(ms), len(meetings))
		for _, m := range meetings {
			agenda, err := db.ListAgenda(ctx, m.ID)
			must(t, err)
			ds, err := db.ListDelegations(ctx, m.ID)
			must(t, err)
			counts = append(counts, len(agenda), len(ds))
		}
	}
	docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
	must(t, err)
	versions := 0
	for _, d := range docs {
		versions += len(d.Versions)
	}
	chairs, err := db.ListChairTerms(ctx, "SCO", "PGM")
	must(t, err)
	return append(counts, len(docs), versions, len(chairs))
}

// TestBishkekFacts checks the demo against the facts of the news report and
// organizations.json.
func TestBishkekFacts(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, today); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			org  string
			on   string
			want int
		}{
			{"SCO", "2001-06-14", 0},
			{"SCO", "2001-06-15", 6},
			{"SCO", "2017-06-08", 6},
			{"SCO", "2017-06-09", 8},
			{"SCO", "2023-07-03", 8},
			{"SCO", "2023-07-04", 9},
			{"SCO", "2024-07-25", 10},
			{"OTS", "2019-10-14", 4},
			{"OTS", "2024-07-25", 5},
		} {
			ms, err := db.MembersOn(ctx, tc.org, accord.MustDate(tc.on), accord.Member)
			must(t, err)
			if len(ms) != tc.want {
				t.Errorf("%s members on %s: %d, want %d", tc.org, tc.on, len(ms), tc.want)
			}
		}

		sco, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		must(t, err)
		if sco.City["en"] != "Bishkek" || sco.Venue["en"] != "Ala-Archa state residence" || sco.Chair != "KG" || sco.Start != accord.MustDate("2024-07-25") || sco.Status != accord.Concluded {
			t.Errorf("XXII: %+v", sco)
		}
		agenda, err := db.ListAgenda(ctx, sco.ID)
		must(t, err)
		var kinds []accord.AgendaKind
		for _, a := range agenda {
			kinds = append(kinds, a.Kind)
		}
		wantKinds := []accord.AgendaKind{accord.AgendaOpening, accord.AgendaStatement, accord.AgendaReport, accord.AgendaVideoMessage, accord.AgendaAdoption, accord.AgendaSigning, accord.AgendaHandover, accord.AgendaClosing}
		if !slices.Equal(kinds, wantKinds) {
			t.Errorf("XXII agenda %v, want %v", kinds, wantKinds)
		}
		ds, err := db.ListDelegations(ctx, sco.ID)
		must(t, err)
		if len(ds) != 10 {
			t.Errorf("XXII has %d delegations, want one per member state (10)", len(ds))
		}
		for _, d := range ds {
			if d.Head.Title["en"] == "" || d.Head.Title["ru"] == "" || d.Head.Title["zh"] == "" {
				t.Errorf("head of the %s delegation has no title in en, ru and zh: %+v", d.State, d.Head)
			}
			if d.Head.Name != "" && d.State != "KG" {
				t.Errorf("the demo names the head of %s (%q), whom the record does not name", d.State, d.Head.Name)
			}
		}

		ots, err := db.FindMeeting(ctx, "OTS", "CGP", 3)
		must(t, err)
		ds, err = db.ListDelegations(ctx, ots.ID)
		must(t, err)
		parties := map[string]bool{}
		for _, d := range ds {
			parties[d.Party()] = true
		}
		if len(ds) != 6 || !parties["SEC"] || !parties["TR"] {
			t.Errorf("III OTS delegations: %v, want five member states and the Secretariat", parties)
		}

		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
		must(t, err)
		byRef := map[string]*accord.Document{}
		for _, d := range docs {
			byRef[d.Reference] = d
			for _, v := range d.Versions {
				if v.SHA256 != v.ComputeSHA256() {
					t.Errorf("%s %s: stored hash does not match the text", d.Reference, v.Lang)
				}
			}
		}
		protocol := byRef["SCO/PGM/22/PROTOCOL"]
		if protocol == nil || protocol.Kind != accord.DocProtocol || len(protocol.Versions) != 3 {
			t.Fatalf("protocol: %+v", protocol)
		}
		video := byRef["KG/2024-07-25/VIDEO-MESSAGE"]
		if video == nil || len(video.Links) != 2 {
			t.Errorf("the President's video message must belong to both meetings: %+v", video)
		}
		if d := byRef["KABAR/2024-07-25"]; d == nil || d.Classification != accord.Public || d.Kind != accord.DocPressRelease {
			t.Errorf("Kabar press release: %+v", d)
		}
		if d := byRef["OTS/CGP/3/DECLARATION"]; d == nil || d.Kind != accord.DocDeclaration {
			t.Errorf("Bishkek Declaration: %+v", d)
		}

		chairs, err := db.ListChairTerms(ctx, "SCO", "PGM")
		must(t, err)
		last := chairs[len(chairs)-1]
		if last.State != "PK" || !last.Until.IsZero() || last.From != accord.MustDate("2024-07-25") {
			t.Errorf("the chair after XXII is %+v, want Pakistan from 2024-07-25", last)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
