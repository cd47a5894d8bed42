package sqlstore_test

import (
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/textsearch"
)

// BenchmarkSearch searches an archive of 10,000 documents in three
// languages (30,000 versions), with the public documents list, in the same
// run, as the baseline: go test ./sqlstore -run '^$' -bench Search
// -benchtime 20x.
func BenchmarkSearch(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := sqltest.Open(b, engine)
			f := seed(b, db)
			if err := db.SeedArchive(b.Context(), f.sco22.ID, 10000, textsearch.SampleText); err != nil {
				b.Fatal(err)
			}
			readers := accord.DocumentReaders{}
			b.Run("baseline documents list", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.ListDocumentSummaries(b.Context(), accord.DocumentFilter{Readers: &readers, Limit: 20}); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, q := range []string{"прокуроров", "cooperation", "检察", "最高人民检察院", "extradition цифровизации", "4321"} {
				b.Run(q, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.Search(b.Context(), accord.SearchQuery{Text: q, Readers: readers, Limit: 20}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
