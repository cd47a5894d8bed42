package sqlstore_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// safely runs fn and turns a panic into an error, so that a reader that
// crashes counts as a failed read instead of ending the test binary.
func safely(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn()
}

// TestReadsWhileWriting reads a meeting's documents while writers add
// documents to it. Every read must succeed and see whole documents: on
// PostgreSQL at READ COMMITTED, the versions query saw documents the first
// query had not returned, and the reader crashed.
func TestReadsWhileWriting(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := accord.WithActor(t.Context(), &accord.Actor{})
		stop := make(chan struct{})
		var writers, readers sync.WaitGroup
		var written, reads atomic.Int64
		errs := make(chan error, 100)
		report := func(err error) {
			select {
			case errs <- err:
			default:
			}
		}
		for w := range 4 {
			writers.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					d := &accord.Document{Reference: fmt.Sprintf("SCO/PGM/XXII/W%d/%d", w, i), Kind: accord.DocReport, Classification: accord.Confidential,
						AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
						Recipients: []string{"KG"},
						Versions:   []accord.DocumentVersion{{Lang: "ru", Title: "Доклад", Body: "..."}, {Lang: "zh", Title: "报告", Body: "..."}}}
					if err := db.CreateDocument(ctx, d); err != nil {
						report(fmt.Errorf("write: %w", err))
						return
					}
					written.Add(1)
				}
			})
		}
		for range 4 {
			readers.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					err := safely(func() error {
						ds, err := db.ListDocuments(ctx, accord.DocumentFilter{MeetingID: f.sco22.ID})
						if err != nil {
							return err
						}
						for _, d := range ds {
							if len(d.Versions) == 0 || len(d.Links) == 0 {
								return fmt.Errorf("document %s read without its versions or links", d.Reference)
							}
						}
						return nil
					})
					if err != nil {
						report(fmt.Errorf("read: %w", err))
						return
					}
					reads.Add(1)
				}
			})
		}
		deadline := time.After(2 * time.Second)
	wait:
		for written.Load() < 100 {
			select {
			case <-deadline:
				break wait
			case err := <-errs:
				report(err)
				break wait
			case <-time.After(10 * time.Millisecond):
			}
		}
		close(stop)
		writers.Wait()
		readers.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if written.Load() == 0 || reads.Load() == 0 {
			t.Fatalf("%d documents written and %d reads: the test did not run both", written.Load(), reads.Load())
		}
		t.Logf("%d documents written during %d reads", written.Load(), reads.Load())
	})
}
