package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestDocumentListQuery: the documents list's query finds a reference or
// a latest title holding it in any case, the same whether SQL narrows the
// documents first (ASCII, Chinese) or Go alone folds the case (Cyrillic),
// and takes LIKE's signs as plain characters.
func TestDocumentListQuery(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
		f := seed(t, db)
		add := func(ref string, titles ...string) {
			d := &accord.Document{Reference: ref, Kind: accord.DocOther, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
				Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}}}
			for i, title := range titles {
				d.Versions = append(d.Versions, accord.DocumentVersion{Lang: []string{"en", "ru", "zh"}[i], Title: title, Body: "B"})
			}
			if err := db.CreateDocument(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		add("Q/REPORT-1", "Annual Report", "Годовой ОТЧЁТ", "年度报告")
		add("Q/NOTE-2", "Note on 50% of the budget", "Записка", "说明")
		add("Q/NOTE-3", "Note on 500 cases_x", "Прокуратура", "检察院工作")
		add("Q/RENAMED-4", "Old title")
		renamed, err := db.ListDocumentSummaries(ctx, accord.DocumentFilter{Query: "renamed-4"})
		if err != nil || len(renamed) != 1 {
			t.Fatalf("find Q/RENAMED-4: %v %v", renamed, err)
		}
		if err := db.AddDocumentVersion(ctx, &accord.DocumentVersion{DocumentID: renamed[0].ID, Lang: "en", Title: "New title", Body: "B"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"report", []string{"Q/REPORT-1"}},
			{"ANNUAL REP", []string{"Q/REPORT-1"}},
			{"q/note", []string{"Q/NOTE-2", "Q/NOTE-3"}},
			{"50%", []string{"Q/NOTE-2"}}, // not "5 then anything", which 500 would match
			{"s_x", []string{"Q/NOTE-3"}},
			{"s%x", nil},
			{"отчёт", []string{"Q/REPORT-1"}}, // Cyrillic folded by Go alone
			{"ПРОКУРАТ", []string{"Q/NOTE-3"}},
			{"检察", []string{"Q/NOTE-3"}},
			{"old title", nil}, // an earlier title is not the document's
			{"new title", []string{"Q/RENAMED-4"}},
		} {
			filter := accord.DocumentFilter{Query: c.query, OldestFirst: true}
			got, err := db.ListDocumentSummaries(ctx, filter)
			if err != nil {
				t.Fatalf("%q: %v", c.query, err)
			}
			var refs []string
			others := 0
			for _, d := range got {
				if strings.HasPrefix(d.Reference, "Q/") {
					refs = append(refs, d.Reference)
				} else {
					others++ // the fixture's own documents
				}
			}
			if !slices.Equal(refs, c.want) {
				t.Errorf("%q finds %v, want %v", c.query, refs, c.want)
			}
			n, err := db.CountDocuments(ctx, filter)
			if err != nil || n != len(c.want)+others {
				t.Errorf("%q counts %d (%v), want %d", c.query, n, err, len(c.want))
			}
		}
	})
}
