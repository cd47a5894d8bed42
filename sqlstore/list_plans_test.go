package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// listFilters are the filters the documents list offers (its form and
// its links: organization, meeting, kind, language, classification,
// withdrawn), alone and together, each for the public, a secretariat
// officer and a delegation officer.
func listFilters(meeting int64) map[string]accord.DocumentFilter {
	readers := map[string]accord.DocumentReaders{
		"public":      {},
		"secretariat": {Signed: true, Restricted: []string{"SCO"}, Secretariat: []string{"SCO"}},
		"officer":     {Signed: true, Restricted: []string{"SCO"}, Delegations: []accord.OrgState{{Organization: "SCO", State: "KG"}}},
	}
	filters := map[string]accord.DocumentFilter{
		"none":                            {},
		"organization":                    {Organization: "SCO"},
		"meeting":                         {MeetingID: meeting},
		"kind":                            {Kind: accord.DocReport},
		"language":                        {Lang: "ru"},
		"classification":                  {Classifications: []accord.Classification{accord.Restricted}},
		"withdrawn":                       {IncludeWithdrawn: true},
		"organization, kind and language": {Organization: "SCO", Kind: accord.DocReport, Lang: "ru"},
	}
	out := map[string]accord.DocumentFilter{}
	for rn, r := range readers {
		for fn, f := range filters {
			f.Readers = &r
			f.Limit, f.Offset = 20, 40
			out[fn+", "+rn] = f
		}
	}
	return out
}

// TestListPlans checks that no list filter scans the documents table on
// SQLite, and logs both engines' plans (migration 0028).
func TestListPlans(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ok(t, db.SeedArchive(t.Context(), f.sco22.ID, 2000, func(i int, lang string) (string, string) { return fmt.Sprint("Report ", i), "Text." }))
		for name, lf := range listFilters(f.sco22.ID) {
			page, count, err := db.ExplainDocumentList(t.Context(), lf)
			ok(t, err)
			t.Logf("%s\npage:\n%s\ncount:\n%s", name, page, count)
			// SQLite names a full scan of documents "SCAN d"; a search
			// along an index is "SEARCH d".
			// The public's list of restricted documents is "1 = 0",
			// which SQLite plans as a scan that reads no row.
			if db.Dialect() == sqlstore.SQLite && name != "classification, public" && strings.Contains(page+count, "SCAN d") {
				t.Errorf("%s scans the whole documents table:\n%s\n%s", name, page, count)
			}
		}
	})
}
