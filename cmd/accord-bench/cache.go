package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accord-org/accord"
)

// benchCache drives cached public reads of meeting XXII alone, then with
// one writer adding documents to meeting XXI at -rate writes/s through the
// store, as another instance on the same database would. The target is the
// second rate at no less than half the first: a write empties only the
// pages that show what it changed.
func benchCache(args []string) error {
	fl := newReadFlags("cache", 64)
	rate := fl.fs.Int("rate", 100, "writes per second on meeting XXI")
	stopProfile, err := fl.parse(args)
	if err != nil {
		return err
	}
	defer stopProfile()
	if *rate < 1 || *rate > 100000 {
		return fmt.Errorf("cache: -rate %d: want writes per second from 1 to 100000", *rate)
	}
	ctx := context.Background()
	e, err2 := newEnv(ctx, *fl.dsn, *fl.docs)
	if err2 != nil {
		return err2
	}
	defer e.close()
	other, err := e.db.FindMeeting(ctx, "SCO", "PGM", 21)
	if err != nil {
		return err
	}
	if err := e.more(ctx, *fl.instances); err != nil {
		return err
	}
	page := e.get("/organizations/SCO/bodies/PGM/meetings/22", nil)
	alone, err := driveRequests("meeting XXII, cached, no writer", *fl.conns, *fl.duration, page)
	if err != nil {
		return err
	}
	var (
		writes, failed atomic.Int64
		wg             sync.WaitGroup
	)
	stop := make(chan struct{})
	writeCtx := accord.WithActor(ctx, &accord.Actor{Label: "accord-bench"})
	wg.Go(func() {
		tick := time.NewTicker(time.Second / time.Duration(*rate))
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			d := &accord.Document{Reference: fmt.Sprintf("BENCH/WRITE/%d/%d", time.Now().UnixNano(), n), Kind: accord.DocOther,
				Classification: accord.Public, AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: other.ID}},
				Versions: []accord.DocumentVersion{{Lang: "en", Title: "Written during the benchmark", Body: "Text."}}}
			if err := e.db.CreateDocument(writeCtx, d); err != nil {
				failed.Add(1)
				continue
			}
			writes.Add(1)
		}
	})
	start := time.Now()
	with, err := driveRequests(fmt.Sprintf("meeting XXII, cached, writer at %d/s", *rate), *fl.conns, *fl.duration, page)
	close(stop)
	wg.Wait()
	if err != nil {
		return err
	}
	achieved := float64(writes.Load()) / time.Since(start).Seconds()
	results := []result{alone, with}
	report(fmt.Sprintf("accord-bench cache: %s, %d instance(s), %d connections, %s per target", e.dialect, len(e.urls), *fl.conns, *fl.duration), results)
	ratio := with.rps / alone.rps
	fmt.Printf("\nwriter: %.0f writes/s achieved, %d failed; cached reads with the writer at %.0f%% of their rate without (target at least 50%%)\n",
		achieved, failed.Load(), 100*ratio)
	misses := failedRequests(results)
	if ratio < 0.5 {
		misses = append(misses, "cached reads with the writer below half their rate without")
	}
	if failed.Load() > 0 {
		misses = append(misses, fmt.Sprintf("%d failed writes", failed.Load()))
	}
	return verdict(misses)
}
