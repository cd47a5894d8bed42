package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// benchSignedIn drives meeting XXII's page where no cache of whole pages
// helps: for the public with a parameter that changes with every request,
// and for a signed-in observer and secretariat officer. In the same run it
// drives a bare net/http handler writing a page of the signed-in page's
// size. The targets are at least 25% of the baseline's req/s each, with a
// p99 under 50 ms, at c=64.
func benchSignedIn(args []string) error {
	fl := newReadFlags("signed-in", 64)
	only := fl.fs.String("only", "", "drive only the targets whose name contains this")
	rounds := fl.fs.Int("rounds", 1, "drive the baseline and the targets in turn this many times, and judge each target by the median of its ratios to the baseline of its round: the baseline drifts by a fifth between minutes on a busy machine")
	stopProfile, err := fl.parse(args)
	if err != nil {
		return err
	}
	defer stopProfile()
	ctx := context.Background()
	e, err2 := newEnv(ctx, *fl.dsn, *fl.docs)
	if err2 != nil {
		return err2
	}
	defer e.close()
	observer, err := e.signIn(ctx, "bench observer", accord.Grant{Role: accord.RoleObserver, Organization: "SCO"})
	if err != nil {
		return err
	}
	secretariat, err := e.signIn(ctx, "bench secretariat", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	if err != nil {
		return err
	}
	if err := e.more(ctx, *fl.instances); err != nil {
		return err
	}
	const page = "/organizations/SCO/bodies/PGM/meetings/22"
	req, err := get(e.urls[0]+page, secretariat)(0)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	fixed, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	// The baseline writes what the secretariat is served: an error page
	// would make it a baseline of the wrong size.
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("signed-in: the secretariat's page %s: %s", page, res.Status)
	}
	baseURL, stopBase, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(fixed)
	}))
	if err != nil {
		return err
	}
	defer stopBase()
	targets := []struct {
		name string
		next func(int) (*http.Request, error)
	}{
		{"baseline (fixed page)", get(baseURL+"/", nil)},
		{"meeting XXII, public, uncached", e.busted(page + "?")},
		{"meeting XXII, observer", e.get(page, observer)},
		{"meeting XXII, secretariat", e.get(page, secretariat)},
	}
	// The baseline stays: the ratios are to it.
	targets = append(targets[:1], slices.DeleteFunc(targets[1:], func(t struct {
		name string
		next func(int) (*http.Request, error)
	}) bool {
		return !strings.Contains(t.name, *only)
	})...)
	if *rounds < 1 || *rounds > 100 {
		return fmt.Errorf("signed-in: -rounds %d: give 1 to 100", *rounds)
	}
	// ratios[i] and p99s[i] hold target i's figures, one per round.
	ratios, p99s := make([][]float64, len(targets)), make([][]time.Duration, len(targets))
	var failed []string
	for round := 1; round <= *rounds; round++ {
		var results []result
		for _, t := range targets {
			r, err := e.drive(t.name, *fl.conns, *fl.duration, t.next)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		header := fmt.Sprintf("accord-bench signed-in: %s, %d instance(s), %d connections, %s per target", e.dialect, len(e.urls), *fl.conns, *fl.duration)
		if *rounds > 1 {
			header += fmt.Sprintf(", round %d of %d", round, *rounds)
		}
		report(header, results)
		failed = append(failed, failedRequests(results)...)
		for i, r := range results[1:] {
			ratios[i+1] = append(ratios[i+1], r.rps/results[0].rps)
			p99s[i+1] = append(p99s[i+1], r.p99)
		}
	}
	misses := failed
	fmt.Println()
	for i, t := range targets[1:] {
		ratio, p99 := median(ratios[i+1]), median(p99s[i+1])
		what := ""
		if *rounds > 1 {
			what = fmt.Sprintf(" (median of %d rounds: %s)", *rounds, percents(ratios[i+1]))
		}
		fmt.Printf("%s: %.0f%% of the baseline%s (target at least 25%%), p99 %s (target under 50ms)\n", t.name, 100*ratio, what, p99.Round(10*time.Microsecond))
		if ratio < 0.25 {
			misses = append(misses, t.name+": below 25% of the baseline")
		}
		if p99 >= 50*time.Millisecond {
			misses = append(misses, t.name+": p99 of 50ms or more")
		}
	}
	return verdict(misses)
}

// median is the middle of vs, or the mean of the two middle ones.
func median[T int64 | float64 | time.Duration](vs []T) T {
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// percents lists ratios as whole percents.
func percents(rs []float64) string {
	ps := make([]string, len(rs))
	for i, r := range rs {
		ps[i] = fmt.Sprintf("%.0f%%", 100*r)
	}
	return strings.Join(ps, " ")
}
