package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// benchLists drives the lists at -docs documents (10,000 unless given):
// the documents list for the public and for signed-in readers, filtered
// and deep in its pages, and the home page, each uncached (a parameter
// that changes with every request), at c=8. The target is a p99 under
// 20 ms for each list; the page of a meeting with a fiftieth of the
// documents is shown for comparison.
func benchLists(args []string) error {
	fl := newReadFlags("lists", 8)
	only := fl.fs.String("only", "", "drive only the targets whose name contains this")
	stopProfile, err := fl.parse(args)
	if err != nil {
		return err
	}
	defer stopProfile()
	if *fl.docs == 0 {
		*fl.docs = 10000
	}
	ctx := context.Background()
	e, err2 := newEnv(ctx, *fl.dsn, *fl.docs)
	if err2 != nil {
		return err2
	}
	defer e.close()
	secretariat, err := e.signIn(ctx, "bench secretariat", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	if err != nil {
		return err
	}
	officer, err := e.signIn(ctx, "bench officer", accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"})
	if err != nil {
		return err
	}
	if err := e.more(ctx, *fl.instances); err != nil {
		return err
	}
	busted := e.busted
	big := meetingPath(e.meetings[0])
	targets := []struct {
		name string
		next func(int) (*http.Request, error)
		list bool
	}{
		{"documents, public, uncached", busted("/documents?page=1"), true},
		{"documents, page 200, public", busted("/documents?page=200"), true},
		{"documents, secretariat", e.get("/documents", secretariat), true},
		{"documents, SCO reports, officer", e.get("/documents?organization=SCO&kind=report&language=ru", officer), true},
		{"documents, search, officer", e.get("/documents?q=report+12", officer), false},
		{"home, secretariat", e.get("/", secretariat), true},
		{"home, public, uncached", busted("/?x=1"), true},
		{fmt.Sprintf("meeting with %d documents, officer", *fl.docs/50), e.get(big, officer), false},
	}
	targets = slices.DeleteFunc(targets, func(t struct {
		name string
		next func(int) (*http.Request, error)
		list bool
	}) bool {
		return !strings.Contains(t.name, *only)
	})
	var results []result
	for _, t := range targets {
		r, err := e.drive(t.name, *fl.conns, *fl.duration, t.next)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	report(fmt.Sprintf("accord-bench lists: %d documents, %s, %d instance(s), %d connections, %s per target", *fl.docs, e.dialect, len(e.urls), *fl.conns, *fl.duration), results)
	misses := failedRequests(results)
	for i, t := range targets {
		if t.list && results[i].p99 >= 20*time.Millisecond {
			misses = append(misses, fmt.Sprintf("%s: p99 %s, target under 20ms", t.name, results[i].p99.Round(10*time.Microsecond)))
		}
	}
	return verdict(misses)
}

func meetingPath(m *accord.Meeting) string {
	return fmt.Sprintf("/organizations/%s/bodies/%s/meetings/%d", m.Organization, m.Body, m.Number)
}
