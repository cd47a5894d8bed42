package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestReadPathQueries counts, on both engines, the read transactions and
// statements of the pages on the read path, for each kind of reader: once
// just after a change (every cache empty for them) and once more (warm),
// with 5 reports in three languages on meeting XXII and again with 40
// more. The counts must not grow with the documents
// (no query per document), and a warm page costs one statement and no
// transaction, signed in or not.
func TestReadPathQueries(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		roles := []string{rolePublic, roleObserver, roleDelegation, roleSecretariat}
		cookies := map[string]string{}
		for _, role := range roles {
			cookies[role] = f.session(t, role)
		}
		pages := []string{"/organizations/SCO/bodies/PGM/meetings/22", "/documents", "/documents?organization=SCO&kind=report", "/"}
		type count struct{ cold, warm sqlstore.ReadCounts }
		measure := func(step string) map[string]count {
			// A change to the meeting empties every cache that shows it.
			if err := db.UpdateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			counts := map[string]count{}
			// In one order, so that the first reader after the change, who
			// fills what every reader shares, is the same at each step.
			for _, role := range roles {
				cookie := cookies[role]
				for _, p := range pages {
					var c [2]sqlstore.ReadCounts
					for i := range c {
						before := db.ReadCounts()
						// A parameter the page ignores keeps the public
						// out of the whole-page cache.
						if r := f.do(t, request{path: p + sep(p) + "n=" + fmt.Sprint(i), cookie: cookie}); r.status != 200 {
							t.Fatalf("%s: %s as %s: %d", step, p, role, r.status)
						}
						c[i] = db.ReadCounts().Sub(before)
					}
					counts[role+" "+p] = count{c[0], c[1]}
				}
			}
			return counts
		}
		// Reports on meeting XXII, in three languages each: the lists then
		// show some at each step, and skip no query for want of any.
		add := func(from, to int) {
			for i := from; i < to; i++ {
				d := &accord.Document{Reference: fmt.Sprintf("SCO/PGM/22/N%02d", i), Kind: accord.DocReport, Classification: accord.Public,
					AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: m.ID}}}
				for _, l := range []string{"en", "ru", "zh"} {
					d.Versions = append(d.Versions, accord.DocumentVersion{Lang: l, Title: fmt.Sprintf("Report %d (%s)", i, l), Body: "Text."})
				}
				if err := db.CreateDocument(ctx, d); err != nil {
					t.Fatal(err)
				}
			}
		}
		add(0, 5)
		small := measure("5 reports")
		add(5, 45)
		large := measure("40 more reports")
		for key, s := range small {
			l := large[key]
			if l != s {
				t.Errorf("%s: %+v with 5 reports, %+v with 40 more: the queries grow with the documents", key, s, l)
			}
			t.Logf("%s: cold %d transactions, %d statements; warm %d, %d", key, s.cold.Transactions, s.cold.Statements, s.warm.Transactions, s.warm.Statements)
		}
		// Warm, every page costs one statement: for the public its change
		// version, for a signed-in reader the session with its user and
		// grants and, in the same statement, the change version.
		for key, c := range small {
			if c.warm != (sqlstore.ReadCounts{Transactions: 0, Statements: 1}) {
				t.Errorf("warm, %s: %d transactions and %d statements, want none and 1", key, c.warm.Transactions, c.warm.Statements)
			}
		}
	})
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// TestWholePageCacheKeepsReaders checks that the cached meeting page,
// documents lists and home page of a signed-in reader are that reader's own, and the
// public's the public's: two observers of one class see
// their own names and not each other's, the secretariat its audit link
// and an observer none, and a revoked session is the public's at its
// next request.
func TestWholePageCacheKeepsReaders(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newFixture(t, db, newClock())
		hash, err := auth.HashPassword(testPassword, cheapPasswords)
		if err != nil {
			t.Fatal(err)
		}
		cookie := map[string]string{}
		sessions := map[string]*accord.Session{}
		for _, name := range []string{"Observer Ana", "Observer Bo"} {
			u := &accord.User{Name: name, Email: strings.ReplaceAll(name, " ", ".") + "@example.org", Grants: []accord.Grant{roleGrants[roleObserver]}}
			if err := db.CreateUser(ctx, u, hash); err != nil {
				t.Fatal(err)
			}
			token, s, err := f.auth.StartSession(ctx, u, true, "127.0.0.1", "test")
			if err != nil {
				t.Fatal(err)
			}
			cookie[name], sessions[name] = token, s
		}
		pages := []string{"/organizations/SCO/bodies/PGM/meetings/22", "/documents?kind=report", "/documents?page=2", "/"}
		for _, page := range pages {
			for range 2 { // filling the cache, then from it
				for name, c := range cookie {
					other := map[string]string{"Observer Ana": "Observer Bo", "Observer Bo": "Observer Ana"}[name]
					r := f.do(t, request{path: page, cookie: c})
					if r.status != 200 || !strings.Contains(r.body, name) || strings.Contains(r.body, other) {
						t.Errorf("%s's %s: status %d, own name shown %t, %s's shown %t", name, page, r.status, strings.Contains(r.body, name), other, strings.Contains(r.body, other))
					}
					if strings.Contains(r.body, `href="/audit"`) {
						t.Errorf("%s's %s links the audit trail", name, page)
					}
				}
				r := f.do(t, request{path: page, cookie: f.session(t, roleSecretariat)})
				if !strings.Contains(r.body, `href="/audit"`) {
					t.Errorf("the secretariat's %s does not link the audit trail", page)
				}
				if r := f.do(t, request{path: page}); r.status != 200 || strings.Contains(r.body, "Observer") || !strings.Contains(r.body, `href="/login?next=`) {
					t.Errorf("the public's %s: status %d, shows a reader's layout", page, r.status)
				}
			}
		}
		actx := accord.WithActor(ctx, &accord.Actor{Label: "test"})
		if err := db.RevokeSession(actx, sessions["Observer Ana"].ID); err != nil {
			t.Fatal(err)
		}
		r := f.do(t, request{path: pages[0], cookie: cookie["Observer Ana"]})
		if r.status != 200 || strings.Contains(r.body, "Observer Ana") || !strings.Contains(r.body, `href="/login?next=`) {
			t.Errorf("after revoking Ana's session, her next page: status %d, her name shown %t", r.status, strings.Contains(r.body, "Observer Ana"))
		}
	})
}
