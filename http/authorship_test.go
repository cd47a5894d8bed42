package http_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// chairNote stores a confidential document written by the chair of meeting
// XXII, Kyrgyzstan, for no one else, and returns its id.
func (f *fixture) chairNote(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	m, err := f.db.FindMeeting(ctx, "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	d := &accord.Document{Reference: "SCO/PGM/22/CHAIR/NOTE", Kind: accord.DocOther, Classification: accord.Confidential,
		AuthorKind: accord.AuthorChair, Links: []accord.DocumentLink{{MeetingID: m.ID}},
		Versions: []accord.DocumentVersion{{Lang: "en", Title: "The chair's own note", Body: "For Kyrgyzstan alone."}}}
	if err := f.db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	if d.AuthorState != "KG" {
		t.Fatalf("a chair document of XXII is written by %q, want KG", d.AuthorState)
	}
	return d.ID
}

// TestChairCannotTakeOverDocuments is issue 9 item 2: the chair officer in
// office edits no meeting of a predecessor's term, and even a correction of
// a past meeting's chair leaves its chair documents with the state that
// wrote them.
func TestChairCannotTakeOverDocuments(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		note := f.chairNote(t)
		xxii := "/api/v1/organizations/SCO/bodies/PGM/meetings/22"
		chair, head, sec := f.session(t, roleChair), f.session(t, roleHead), f.session(t, roleSecretariat)
		before := counts(t, db)
		for _, body := range []string{`{"chair":"PK"}`, `{"venue":{"en":"Elsewhere"}}`} {
			if res := f.do(t, request{method: "POST", path: xxii, body: body, cookie: chair}); res.status != 403 {
				t.Errorf("Pakistan's chair officer edits Kyrgyzstan's meeting XXII with %s: %d, want 403", body, res.status)
			}
		}
		if m, _ := db.FindMeeting(ctx, "SCO", "PGM", 22); m.Chair != "KG" || m.Venue["en"] == "Elsewhere" {
			t.Errorf("a refused edit changed meeting XXII: %+v", m)
		}
		if after := counts(t, db); after != before {
			t.Errorf("refused edits changed the database")
		}

		// The secretariat corrects the record: audited, and allowed.
		if res := f.do(t, request{method: "POST", path: xxii, body: `{"chair":"PK"}`, cookie: sec}); res.status != 200 {
			t.Fatalf("the secretariat corrects XXII's chair: %d %s", res.status, res.body)
		}
		if _, n, err := db.ListAudit(ctx, accord.AuditFilter{Action: "meeting.update"}); err != nil || n != 1 {
			t.Errorf("audit records of the correction: %d, %v", n, err)
		}
		// Kyrgyzstan wrote the chair's documents of XXII, whoever the
		// record names as its chair now.
		docPath := func(id int64) string { return "/api/v1/documents/" + strconv.FormatInt(id, 10) }
		if res := f.do(t, request{path: docPath(note), cookie: head}); res.status != 404 {
			t.Errorf("Pakistan's head reads Kyrgyzstan's confidential chair note: %d, want 404", res.status)
		}
		draft := f.docs["SCO/PGM/22/MEASURES-DRAFT"]
		if res := f.do(t, request{method: "POST", path: docPath(draft), body: `{"classification":"public"}`, cookie: head}); res.status != 403 {
			t.Errorf("Pakistan's head reclassifies Kyrgyzstan's restricted draft: %d, want 403", res.status)
		}
		if d, _ := db.FindDocument(ctx, draft); d.Classification != accord.Restricted || d.AuthorState != "KG" {
			t.Errorf("the draft after the refused edit: %s by %q", d.Classification, d.AuthorState)
		}
	})
}

// TestChairEditsOnlyOwnTerm is issue 9 item 2: the chair officer edits the
// meetings of the term their state holds, but not who chairs them.
func TestChairEditsOnlyOwnTerm(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		pgm := "/api/v1/organizations/SCO/bodies/PGM"
		res := f.do(t, request{method: "POST", path: pgm + "/meetings", cookie: f.session(t, roleSecretariat),
			body: `{"number":"24","host":"PK","start":"2025-09-10","end":"2025-09-11","format":"in_person","chair":"PK"}`})
		if res.status != 201 {
			t.Fatalf("meeting XXIV: %d %s", res.status, res.body)
		}
		chair := f.session(t, roleChair)
		if res := f.do(t, request{method: "POST", path: pgm + "/meetings/24", body: `{"venue":{"en":"Jinnah Convention Centre"}}`, cookie: chair}); res.status != 200 {
			t.Errorf("Pakistan's chair officer edits XXIV, of Pakistan's term: %d %s", res.status, res.body)
		}
		if res := f.do(t, request{method: "POST", path: pgm + "/meetings/24", body: `{"chair":"KG"}`, cookie: chair}); res.status != 403 {
			t.Errorf("Pakistan's chair officer changes who chairs XXIV: %d, want 403", res.status)
		}
		if m, _ := db.FindMeeting(context.Background(), "SCO", "PGM", 24); m.Chair != "PK" || m.Venue["en"] != "Jinnah Convention Centre" {
			t.Errorf("meeting XXIV: chair %s, venue %v", m.Chair, m.Venue)
		}
	})
}

// TestLinkKeepsAuthor is issue 9 item 3: linking a chair document to a
// meeting chaired by another state, of a lower id, does not make that
// state its author.
func TestLinkKeepsAuthor(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		xix, err := db.FindMeeting(ctx, "SCO", "PGM", 19)
		if err != nil || xix.Chair != "IN" {
			t.Fatalf("meeting XIX: %+v %v", xix, err)
		}
		note, draft := f.chairNote(t), f.docs["SCO/PGM/22/MEASURES-DRAFT"]
		sec, india := f.session(t, roleSecretariat), f.session(t, roleDelegation)
		for _, id := range []int64{note, draft} {
			path := "/api/v1/documents/" + strconv.FormatInt(id, 10)
			if id == draft {
				if res := f.do(t, request{method: "POST", path: path + "/links", body: `{"meeting_id":"` + strconv.FormatInt(xix.ID, 10) + `"}`, cookie: sec}); res.status/100 != 2 {
					t.Fatalf("link to XIX: %d %s", res.status, res.body)
				}
			} else if err := db.LinkDocument(ctx, id, accord.DocumentLink{MeetingID: xix.ID}); err != nil {
				// Only Kyrgyzstan reads the note: no account of the
				// fixture may link it.
				t.Fatal(err)
			}
			want := map[int64]int{note: 404, draft: 403}[id]
			if res := f.do(t, request{method: "POST", path: path, body: `{"classification":"public"}`, cookie: india}); res.status != want {
				t.Errorf("India's officer reclassifies Kyrgyzstan's chair document %d after the link to XIX: %d, want %d", id, res.status, want)
			}
			d, err := db.FindDocument(ctx, id)
			if err != nil || d.AuthorState != "KG" || d.Classification == accord.Public || len(d.Links) != 2 {
				t.Errorf("document %d after the link: %+v %v", id, d, err)
			}
		}
		if res := f.do(t, request{path: "/api/v1/documents/" + strconv.FormatInt(note, 10), cookie: india}); res.status != 404 {
			t.Errorf("India's officer reads Kyrgyzstan's confidential note after the link: %d", res.status)
		}
	})
}
