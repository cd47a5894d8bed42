package sqlstore_test

import (
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/textsearch"
)

// BenchmarkDocumentLists measures what the embargo adds to every list: a
// page of the public's documents, an organization's page, their count,
// and a page's change version, over an archive of 10,000 documents.
func BenchmarkDocumentLists(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := sqltest.Open(b, engine)
			f := seed(b, db)
			if err := db.SeedArchive(b.Context(), f.sco22.ID, 10000, textsearch.SampleText); err != nil {
				b.Fatal(err)
			}
			public := accord.ReadersOf(&accord.Actor{})
			sec := accord.ReadersOf(&accord.Actor{User: &accord.User{Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "SCO"}}}})
			for name, fn := range map[string]func() error{
				"public page": func() error {
					_, err := db.ListDocumentSummaries(b.Context(), accord.DocumentFilter{Readers: &public, Limit: 20})
					return err
				},
				"secretariat org page": func() error {
					_, err := db.ListDocumentSummaries(b.Context(), accord.DocumentFilter{Readers: &sec, Organization: "SCO", Limit: 20})
					return err
				},
				"public count": func() error {
					_, err := db.CountDocuments(b.Context(), accord.DocumentFilter{Readers: &public})
					return err
				},
				"change version": func() error {
					_, err := db.ChangeVersion(b.Context(), accord.ScopeReference, accord.ScopeStructure, accord.ScopeDocuments)
					return err
				},
			} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if err := fn(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
