package sqlstore_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// TestConcurrentWriters runs 32 writers of every kind that appends to the
// log or takes a row lock (documents, versions, agenda items, signatures,
// key enrolments, handovers, audit records alone) while the checkpoint loop links the audit trail.
// None may fail: on PostgreSQL, BatchAudit and the writers took log_state
// and audit_log in opposite orders and deadlocked. The log they leave must
// verify.
func TestConcurrentWriters(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		var retries retryCounter
		db.SetObserver(&retries)
		f := newSigningFixture(t, db)
		ctx := accord.WithActor(t.Context(), &accord.Actor{Label: "test"})
		if err := db.SetRotationRule(ctx, scoRule()); err != nil {
			t.Fatal(err)
		}
		const writers, rounds = 32, 6
		kinds := []func(w, i int) error{
			func(w, i int) error {
				return db.CreateDocument(ctx, &accord.Document{Reference: fmt.Sprintf("SCO/PGM/XXII/W%d/%d", w, i), Kind: accord.DocReport,
					Classification: accord.Public, AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
					Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Доклад", Body: "..."}, {Lang: "zh", Title: "报告", Body: "..."}}})
			},
			func(w, i int) error {
				return db.AddDocumentVersion(ctx, &accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "ru", Title: "Протокол", Body: fmt.Sprint("редакция ", w, i)})
			},
			func(w, i int) error {
				return db.AddAgendaItem(ctx, &accord.AgendaItem{MeetingID: f.sco22.ID, Kind: accord.AgendaStatement, Title: en(fmt.Sprint("Item ", w, i))})
			},
			func(w, i int) error {
				s := newSigner(t, fmt.Sprintf("sco-kz-%d-%d", w, i))
				return db.EnrolKey(ctx, &accord.SigningKey{Organization: "SCO", State: "KZ", Role: accord.RoleHeadOfDelegation,
					Person: "Prosecutor General of KZ", VKey: s.vkey, ValidFrom: date("2024-01-01")})
			},
			func(w, i int) error {
				// One writer hands the chair over, on later days each time,
				// since a handover must follow the term it closes; the
				// others of its kind write audit records alone.
				if w != 4 {
					return db.Audit(ctx, "test.note", fmt.Sprintf("writer/%d/%d", w, i), nil, map[string]int{"round": i})
				}
				to := []string{"KZ", "KG"}[i%2]
				day := accord.DateOf(time.Date(2024, 8, 1+i, 0, 0, 0, 0, time.UTC))
				_, err := db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", To: to, Date: day, Reason: "agreed by correspondence"})
				return err
			},
		}
		var wg sync.WaitGroup
		errs := make(chan error, writers*rounds+len(scoMembers)+1)
		stop := make(chan struct{})
		l := newLog(t, db)
		var checkpoints sync.WaitGroup
		checkpoints.Go(func() {
			for {
				if _, err := l.Checkpoint(ctx); err != nil {
					errs <- fmt.Errorf("checkpoint: %w", err)
					return
				}
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		})
		for _, st := range scoMembers {
			wg.Go(func() {
				if _, err := db.AddSignature(ctx, f.protocol.ID, st, f.signers[st].sign(t, f.signing.Statement)); err != nil {
					errs <- fmt.Errorf("signature of %s: %w", st, err)
				}
			})
		}
		for w := range writers {
			wg.Go(func() {
				for i := range rounds {
					if err := kinds[w%len(kinds)](w, i); err != nil {
						errs <- fmt.Errorf("writer %d: %w", w, err)
					}
				}
			})
		}
		wg.Wait()
		close(stop)
		checkpoints.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, err := trustOf(t, l, "quorum none\n").VerifyCheckpoint(cp.Note)
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.VerifyLog(ctx, int64(c.Size), tlog.Hash(c.Hash))
		if err != nil || len(r.Problems) != 0 {
			t.Fatalf("verify: %v\n%s", err, strings.Join(r.Problems, "\n"))
		}
		if n := r.Checked[translog.KindSignature]; n != len(scoMembers) {
			t.Errorf("%d signatures checked, want %d", n, len(scoMembers))
		}
		t.Logf("log of %d entries, %d transactions retried", r.Size, retries.n.Load())
	})
}

// retryCounter counts the retries the store reports, as the metrics do.
type retryCounter struct{ n atomic.Int64 }

func (c *retryCounter) TxRetried(op, sqlstate string) { c.n.Add(1) }
