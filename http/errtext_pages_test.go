package http_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestRefusalNamesTheMeeting: linking a document to meeting XXIII with an
// agenda item of meeting XXII is refused on the edit page by the meeting's
// number, in the reader's language, not by the records' ids; nothing is
// linked.
func TestRefusalNamesTheMeeting(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		pgm := "/organizations/SCO/bodies/PGM"
		if r := f.do(t, request{method: "POST", path: "/api/v1" + pgm + "/meetings", cookie: sec,
			body: `{"number":23,"host":"PK","start":"2025-09-10","end":"2025-09-11","city":{"en":"Islamabad (demo)"}}`}); r.status != 201 {
			t.Fatalf("meeting: %d %s", r.status, r.body)
		}
		xxii, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		xxiii, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		if err != nil {
			t.Fatal(err)
		}
		agenda, err := db.ListAgenda(ctx, xxii.ID)
		if err != nil || len(agenda) == 0 {
			t.Fatalf("agenda of XXII: %v", err)
		}
		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var doc int64
		for _, d := range docs {
			if d.Reference == "SCO/PGM/22/STATEMENT/KG" {
				doc = d.ID
			}
		}
		before := counts(t, db)
		form := url.Values{"meeting_id": {strconv.FormatInt(xxiii.ID, 10)}, "agenda_item_id": {strconv.FormatInt(agenda[0].ID, 10)}}
		for lang, want := range map[string]string{
			"en": "the agenda item chosen is not on the agenda of meeting XXIII",
			"ru": "выбранного пункта нет в повестке дня совещания XXIII",
			"zh": "所选议程项目不在第XXIII次会议的议程上",
		} {
			res := f.postForm(t, sec, fmt.Sprintf("/documents/%d/links?lang=%s", doc, lang), form)
			if res.status != 400 || !strings.Contains(res.body, want) {
				t.Errorf("%s: %d, the page lacks %q", lang, res.status, want)
			}
			for _, id := range []int64{xxiii.ID, agenda[0].ID} {
				if strings.Contains(res.body, "("+strconv.FormatInt(id, 10)+")") || strings.Contains(res.body, "item "+strconv.FormatInt(id, 10)) {
					t.Errorf("%s: the refusal names the id %d", lang, id)
				}
			}
		}
		if after := counts(t, db); after != before {
			t.Errorf("a refused link changed the database")
		}
	})
}
