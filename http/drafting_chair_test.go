package http_test

import (
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDraftingFollowsMeetingChair: the rights to draft, decide on
// amendments and run the adoption follow the Chair field of the meeting a
// document is the outcome of, not the term in office. Kyrgyzstan chaired
// meeting XXII and handed the chair to Pakistan there, so on fixedNow
// Pakistan holds the term: Kyrgyzstan's chair officer still drafts XXII's
// measures, Pakistan's does not. (The matrix's drafting rows show the
// same refusal for Pakistan's officer on every route.)
func TestDraftingFollowsMeetingChair(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := t.Context()
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		terms, err := db.ListChairTerms(ctx, "SCO", "PGM")
		if err != nil {
			t.Fatal(err)
		}
		var inOffice string
		for _, tm := range terms {
			if tm.HoldsOn(accord.DateOf(fixedNow())) {
				inOffice = tm.State
			}
		}
		if m.Chair != "KG" || inOffice != "PK" {
			t.Fatalf("the fixture changed: meeting XXII chaired by %s, the term in office %s's", m.Chair, inOffice)
		}
		hash, err := auth.HashPassword(testPassword, cheapPasswords)
		if err != nil {
			t.Fatal(err)
		}
		kg := &accord.User{Name: "chair officer of Kyrgyzstan", Email: "kg-chair@example.org",
			Grants: []accord.Grant{{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "KG"}}}
		if err := db.CreateUser(ctx, kg, hash); err != nil {
			t.Fatal(err)
		}
		f.users["kg chair"] = kg
		kgChair, pkChair := f.session(t, "kg chair"), f.session(t, roleChair)
		id := f.docs["SCO/PGM/22/MEASURES-DRAFT"]
		doc := "/api/v1/documents/" + itoa(id)
		for _, c := range []struct {
			name, cookie, path, body string
			want                     int
		}{
			{"Pakistan's officer starts the draft", pkChair, doc + "/draft", `{"drafting_lang":"ru","languages":"ru, zh"}`, 403},
			{"Kyrgyzstan's officer starts it", kgChair, doc + "/draft", `{"drafting_lang":"ru","languages":"ru, zh"}`, 201},
			{"Pakistan's officer adds a segment", pkChair, doc + "/draft/segments", `{"kind":"preamble","texts":{"ru":"Текст.","zh":"文本。"}}`, 403},
			{"Kyrgyzstan's officer adds one", kgChair, doc + "/draft/segments", `{"kind":"preamble","texts":{"ru":"Текст.","zh":"文本。"}}`, 201},
			{"Pakistan's officer circulates", pkChair, doc + "/draft/revisions", ``, 403},
			{"Kyrgyzstan's officer circulates", kgChair, doc + "/draft/revisions", ``, 201},
			{"India proposes", f.session(t, roleDelegation), doc + "/amendments", `{"segment_id":"1","revision":"1","op":"delete"}`, 201},
			{"Pakistan's officer decides", pkChair, doc + "/amendments/1/decision", `{"outcome":"reject"}`, 403},
			{"Kyrgyzstan's officer decides", kgChair, doc + "/amendments/1/decision", `{"outcome":"reject"}`, 200},
			{"Pakistan's officer opens the adoption", pkChair, doc + "/adoption", `{"method":"in_session"}`, 403},
			// Kyrgyzstan's officer may open it: the draft's texts are
			// not final, which is the only refusal left.
			{"Kyrgyzstan's officer opens it", kgChair, doc + "/adoption", `{"method":"in_session"}`, 400},
		} {
			if res := f.do(t, request{method: "POST", path: c.path, body: c.body, cookie: c.cookie}); res.status != c.want {
				t.Errorf("%s: %d, want %d\n%.400s", c.name, res.status, c.want, res.body)
			}
		}
	})
}
