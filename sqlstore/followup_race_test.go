package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// raceFixture is a measure binding IN and PK, whose obligations the
// writers of the race tests report on and assess.
type raceFixture struct {
	db     *sqlstore.DB
	in, pk int64
}

func newRaceFixture(t *testing.T, db *sqlstore.DB) raceFixture {
	t.Helper()
	ctx := t.Context()
	f := seed(t, db)
	doc := &accord.Document{Reference: "SCO/PGM/XXII/RACE", Kind: accord.DocProtocol, Classification: accord.Public,
		AuthorKind: accord.AuthorChair, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
		Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Протокол", Body: "Преамбула.\n\n1. Обмен опытом."},
			{Lang: "zh", Title: "纪要", Body: "序言。\n\n一、交流经验。"}}}
	ok(t, db.CreateDocument(ctx, doc))
	m := &accord.Measure{DocumentID: doc.ID, Number: "1", Paragraph: 2, States: []string{"IN", "PK"}}
	ok(t, db.CreateMeasures(ctx, []*accord.Measure{m}))
	rf := raceFixture{db: db}
	for _, o := range m.Obligations {
		switch o.State {
		case "IN":
			rf.in = o.ID
		case "PK":
			rf.pk = o.ID
		}
	}
	return rf
}

// listOf is not_started and own, statuses of the council's own: a status
// a record holds stays in use for good, so each round keeps the ones
// stored before.
func listOf(own ...accord.FollowUpStatus) accord.StatusList {
	l := accord.StatusList{Statuses: []accord.FollowUpStatus{accord.StatusNotStarted}, Labels: map[accord.FollowUpStatus]accord.Text{}}
	for _, s := range own {
		l.Statuses = append(l.Statuses, s)
		l.Labels[s] = accord.Text{"en": "race " + string(s), "ru": "гонка " + string(s), "zh": "竞争 " + string(s)}
	}
	return l
}

// write stores a report (IN's) or an assessment (of PK's obligation)
// with status s.
func (rf raceFixture) write(ctx context.Context, kind string, s accord.FollowUpStatus) error {
	if kind == "report" {
		return rf.db.SubmitReport(ctx, &accord.NationalReport{State: "IN", Obligations: []int64{rf.in}, Status: s, Texts: accord.Text{"en": "Demo report."}})
	}
	return rf.db.AddAssessments(ctx, []*accord.Assessment{{ObligationID: rf.pk, Status: s, Comment: "Demo assessment."}})
}

// consistent fails the test when a record of the council holds a status
// its list no longer has: the one outcome the race must never leave.
func consistent(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	h, err := db.FollowUp(t.Context(), "SCO", "PGM", 22)
	ok(t, err)
	known := func(s accord.FollowUpStatus) bool { return s == "" || slices.Contains(h.Statuses, s) }
	for _, m := range h.Measures {
		for _, o := range m.Obligations {
			if !known(o.Claimed) || !known(o.Assessed) {
				t.Errorf("obligation %d holds %q/%q, not in the list %v", o.ID, o.Claimed, o.Assessed, h.Statuses)
			}
		}
	}
	for _, r := range h.Reports {
		if !known(r.Status) {
			t.Errorf("report %d holds %q, not in the list %v", r.ID, r.Status, h.Statuses)
		}
	}
	for _, a := range h.Assessments {
		if !known(a.Status) {
			t.Errorf("assessment %d holds %q, not in the list %v", a.ID, a.Status, h.Statuses)
		}
	}
}

// TestFollowUpStatusRemovalOrdered puts a writer in the window where the
// other holds the council's status list, on both engines: a report or an
// assessment that read the list, checked its status and has not committed;
// or SetFollowUpStatuses that checked the status it removes is unused and
// has not committed. The second writer must wait for the first, and then
// fail with a clear error: the removal, because the status is now in use;
// the write, because the status is no longer the council's. On PostgreSQL
// the test shows the lock it waits on: the write takes the organization's
// row FOR SHARE, the removal FOR NO KEY UPDATE (an update lock that still
// lets inserts pointing at the row through), and each waits for the
// other's backend. On SQLite the one writer connection orders them.
func TestFollowUpStatusRemovalOrdered(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		rf := newRaceFixture(t, db)
		var kept []accord.FollowUpStatus
		n := 0
		for _, kind := range []string{"report", "assessment"} {
			for _, first := range []string{"store", "set"} {
				n++
				s := accord.FollowUpStatus(fmt.Sprintf("race_%d", n))
				t.Run(kind+" holds first: "+map[string]string{"store": kind, "set": "removal"}[first], func(t *testing.T) {
					ok(t, db.SetFollowUpStatuses(ctx, "SCO", listOf(append(kept, s)...)))
					entered := make(chan int64, 1)
					release := make(chan struct{})
					var once atomic.Bool
					db.SetHoldingStatuses(func(op string, backend int64) {
						if op == first && once.CompareAndSwap(false, true) {
							entered <- backend
							<-release
						}
					})
					defer db.SetHoldingStatuses(nil)
					writeErr, setErr := make(chan error, 1), make(chan error, 1)
					write := func() { writeErr <- rf.write(ctx, kind, s) }
					remove := func() {
						setErr <- db.SetFollowUpStatuses(ctx, "SCO", listOf(kept...))
					}
					// forUpdate's NO KEY UPDATE conflicts with FOR SHARE as FOR
					// UPDATE does, and lets inserts that point at the row pass.
					second, secondErr, lock := remove, setErr, "FOR NO KEY UPDATE"
					if first == "set" {
						second, secondErr, lock = write, writeErr, "FOR SHARE"
						go remove()
					} else {
						go write()
					}
					var holder int64
					select {
					case holder = <-entered:
					case <-time.After(20 * time.Second):
						t.Fatal("the first writer never held the list")
					}
					waits := db.WriterWaits()
					go second()
					// Until the second writer waits for the first: a second that
					// finishes meanwhile did not wait, and the race is lost.
					for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
						select {
						case err := <-secondErr:
							close(release)
							t.Fatalf("the second writer did not wait for the first holding the list: %v", err)
						default:
						}
						if db.Dialect() == sqlstore.Postgres {
							q, err := db.BlockedBy(ctx, holder)
							ok(t, err)
							if q != "" {
								if !strings.Contains(q, "organizations") || !strings.Contains(q, lock) {
									t.Errorf("the second writer waits on %q, want the organization's row %s", q, lock)
								}
								break
							}
						} else if db.WriterWaits() > waits {
							break
						}
						if time.Now().After(deadline) {
							close(release)
							t.Fatal("the second writer never waited for the first")
						}
					}
					close(release)
					if first == "store" {
						ok(t, <-writeErr)
						err := <-setErr
						wantErr(t, err, accord.ECONFLICT, "statuses")
						if !strings.Contains(err.Error(), string(s)) {
							t.Errorf("the refused removal does not name %s: %v", s, err)
						}
						list, err := db.FollowUpStatuses(ctx, "SCO")
						ok(t, err)
						if !slices.Contains(list.Statuses, s) {
							t.Errorf("%s is stored but left the list %v", s, list.Statuses)
						}
						kept = append(kept, s)
					} else {
						ok(t, <-setErr)
						wantErr(t, <-writeErr, accord.EINVALID, "status")
					}
					consistent(t, db)
				})
			}
		}
	})
}

// TestFollowUpStatusRemovalRace races reports and assessments with the
// removal of their status, unordered, many times: exactly one of the two
// wins each time, and no record holds a status the list lost. Run it with
// -race.
func TestFollowUpStatusRemovalRace(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		rf := newRaceFixture(t, db)
		var kept []accord.FollowUpStatus
		wins := map[string]int{}
		// Each round a write wins keeps its status in the list for good;
		// the list holds at most MaxFollowUpStatuses.
		for i := range accord.MaxFollowUpStatuses - 2 {
			kind := []string{"report", "assessment"}[i%2]
			s := accord.FollowUpStatus(fmt.Sprintf("free_%d", i))
			ok(t, db.SetFollowUpStatuses(ctx, "SCO", listOf(append(kept, s)...)))
			var wg sync.WaitGroup
			var writeErr, setErr error
			start := make(chan struct{})
			wg.Go(func() { <-start; writeErr = rf.write(ctx, kind, s) })
			wg.Go(func() {
				<-start
				setErr = db.SetFollowUpStatuses(ctx, "SCO", listOf(kept...))
			})
			close(start)
			wg.Wait()
			switch {
			case writeErr == nil && accord.ErrorCode(setErr) == accord.ECONFLICT:
				wins[kind]++
				kept = append(kept, s)
			case setErr == nil && accord.ErrorCode(writeErr) == accord.EINVALID && accord.ErrorField(writeErr) == "status":
				wins["removal"]++
			default:
				t.Fatalf("round %d (%s): the write gave %v, the removal %v: want exactly one to win, the other refused", i, kind, writeErr, setErr)
			}
			consistent(t, db)
		}
		t.Logf("wins: %v", wins)
	})
}
