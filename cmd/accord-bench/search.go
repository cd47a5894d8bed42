package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/textsearch"
)

// benchSearch drives full-text search at -docs documents (10,000 unless
// given), each with a version in English, Russian and Chinese whose texts
// are drawn from phrases of a council's vocabulary, so that common words
// match thousands of versions and rare ones a few. Every request is
// uncached. The first target, the public documents list, is the same-run
// baseline; the target is a p99 under 50 ms for each search.
func benchSearch(args []string) error {
	fl := newReadFlags("search", 8)
	explain := fl.fs.Bool("explain", true, "print the plans of two searches")
	stopProfile, err := fl.parse(args)
	if err != nil {
		return err
	}
	defer stopProfile()
	if *fl.docs == 0 {
		*fl.docs = 10000
	}
	ctx := context.Background()
	start := time.Now()
	e, err := newEnvTexts(ctx, *fl.dsn, *fl.docs, textsearch.SampleText)
	if err != nil {
		return err
	}
	defer e.close()
	fmt.Printf("seeded and indexed in %s\n", time.Since(start).Round(time.Millisecond))
	if *explain {
		for _, text := range []string{"прокуроров", "检察"} {
			plan, err := e.db.ExplainSearch(ctx, accord.SearchQuery{Text: text, Limit: 20})
			if err != nil {
				return err
			}
			fmt.Printf("\nplans of the count and the page of %q, public:\n%s", text, plan)
		}
	}
	if err := e.more(ctx, *fl.instances); err != nil {
		return err
	}
	secretariat, err := e.signIn(ctx, "bench secretariat", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	if err != nil {
		return err
	}
	busted := func(path string, c *http.Cookie) func(int) (*http.Request, error) {
		return func(n int) (*http.Request, error) {
			r, err := http.NewRequest("GET", e.urls[n%len(e.urls)]+path+"&bench="+strconv.Itoa(n), nil)
			if err == nil && c != nil {
				r.AddCookie(c)
			}
			return r, err
		}
	}
	q := func(s string) string { return "/search?q=" + url.QueryEscape(s) }
	targets := []struct {
		name, path string
		cookie     *http.Cookie
	}{
		{"documents list, public (baseline)", "/documents?page=1", nil},
		{"search ru прокуроров (common), public", q("прокуроров"), nil},
		{"search ru прокуроров, secretariat", q("прокуроров"), secretariat},
		{"search en cooperation (common), public", q("cooperation"), nil},
		{"search zh 检察 (common), public", q("检察"), nil},
		{"search zh 最高人民检察院, public", q("最高人民检察院"), nil},
		{"search two words, rare, public", q("extradition цифровизации"), nil},
		{"search a reference number, public", q("4321"), nil},
		{"search page 50, public", q("report") + "&page=50", nil},
	}
	var results []result
	for _, t := range targets {
		r, err := driveRequests(t.name, *fl.conns, *fl.duration, busted(t.path, t.cookie))
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	report(fmt.Sprintf("accord-bench search: %d documents in en, ru and zh, %s, %d connections, %s per target", *fl.docs, e.dialect, *fl.conns, *fl.duration), results)
	misses := failedRequests(results)
	for _, r := range results[1:] {
		if r.p99 >= 50*time.Millisecond {
			misses = append(misses, fmt.Sprintf("%s: p99 %s, target under 50ms", r.name, r.p99.Round(10*time.Microsecond)))
		}
	}
	return verdict(misses)
}
