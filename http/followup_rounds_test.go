package http_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestCloseRoundOverHTTP closes a reporting round before its deadline
// through the page's form: a delegation, another body, an unknown or a
// malformed id, and a second close are refused and change nothing; the
// page stops offering the button; a report after it is marked late.
func TestCloseRoundOverHTTP(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		loadDemoDraft(t, f)
		ctx := context.Background()
		sec, deleg := f.session(t, roleSecretariat), f.session(t, roleDelegation)
		const api = "/api/v1"
		const rounds = "/organizations/SCO/bodies/PGM/reporting-rounds"
		const page = "/organizations/SCO/bodies/PGM/meetings/22/follow-up"
		state := func() string {
			h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, r := range h.Rounds {
				fmt.Fprintf(&b, "round %d closed %v;", r.ID, r.ClosedAt)
			}
			for _, m := range h.Measures {
				for _, o := range m.Obligations {
					fmt.Fprintf(&b, "%s/%s=%s,", m.Number, o.State, o.Claimed)
				}
			}
			fmt.Fprintf(&b, " %d reports", len(h.Reports))
			return b.String()
		}
		ok := func(cookie, path, body string, status int) response {
			t.Helper()
			return f.postWant(t, cookie, path, body, status)
		}
		doc := api + "/documents/" + itoa(f.docs["SCO/PGM/22/PROTOCOL"])
		ok(sec, doc+"/measures", `{"number":"1","paragraph":"3","states":["IN"]}`, 201)
		ok(sec, doc+"/measures", `{"number":"2","paragraph":"4","states":["IN"]}`, 201)
		ok(sec, api+rounds, `{"meeting":"23","deadline":"2030-01-01T00:00:00Z"}`, 201)
		round := itoa(f.followUpID(t, "round", "23"))
		onTime := ok(deleg, api+"/obligations/"+itoa(f.followUpID(t, "obligation", "1/IN"))+"/reports", `{"status":"in_progress","texts":{"en":"Demo report."}}`, 201)
		if !strings.Contains(onTime.body, `"late": false`) {
			t.Errorf("a report while the round runs: %s", onTime.body)
		}
		for _, lang := range []string{"en", "ru", "zh"} {
			p := f.do(t, request{path: page + "?lang=" + lang, cookie: sec})
			if p.status != 200 || !strings.Contains(p.body, `action="`+rounds+`/`+round+`/close"`) {
				t.Errorf("the page in %s does not offer to close the round: %d", lang, p.status)
			}
		}
		if p := f.do(t, request{path: page, cookie: deleg}); strings.Contains(p.body, "/close") {
			t.Errorf("a delegation is offered to close the round")
		}

		for _, c := range []struct {
			name, cookie, path string
			status             int
		}{
			{"a delegation", deleg, api + rounds + "/" + round + "/close", 403},
			{"another organization's body", sec, api + "/organizations/OTS/bodies/CGP/reporting-rounds/" + round + "/close", 403},
			{"an unknown round", sec, api + rounds + "/999999/close", 404},
			{"a malformed id", sec, api + rounds + "/x/close", 400},
			{"signed out", "", api + rounds + "/" + round + "/close", 401},
		} {
			before := state()
			if r := f.do(t, request{method: "POST", path: c.path, cookie: c.cookie}); r.status != c.status {
				t.Errorf("%s: %d %s, want %d", c.name, r.status, r.body, c.status)
			}
			if got := state(); got != before {
				t.Errorf("%s changed the database: %s, was %s", c.name, got, before)
			}
		}

		// The page's form, as a browser without JavaScript sends it.
		clk.Advance(60e9)
		if r := f.postForm(t, sec, rounds+"/"+round+"/close", url.Values{}); r.status != 303 || !strings.HasSuffix(r.header.Get("Location"), page) {
			t.Fatalf("the close form: %d to %q, want 303 to the matrix", r.status, r.header.Get("Location"))
		}
		before := state()
		if r := f.do(t, request{method: "POST", path: api + rounds + "/" + round + "/close", cookie: sec}); r.status != 409 {
			t.Errorf("closing twice: %d %s, want 409", r.status, r.body)
		}
		if got := state(); got != before {
			t.Errorf("closing twice changed the database: %s, was %s", got, before)
		}
		for _, lang := range []string{"en", "ru", "zh"} {
			p := f.do(t, request{path: page + "?lang=" + lang, cookie: sec})
			if strings.Contains(p.body, round+"/close") {
				t.Errorf("the page in %s still offers to close the closed round", lang)
			}
		}
		if p := f.do(t, request{path: page, cookie: sec}); !strings.Contains(p.body, "closed early at") {
			t.Errorf("the page does not say the round was closed early")
		}
		if p := f.do(t, request{path: page + "?lang=ru", cookie: sec}); !strings.Contains(p.body, "закрыт досрочно") {
			t.Errorf("the Russian page does not say the round was closed early")
		}
		late := ok(deleg, api+"/obligations/"+itoa(f.followUpID(t, "obligation", "2/IN"))+"/reports", `{"status":"in_progress","texts":{"en":"Demo report, after the close."}}`, 201)
		if !strings.Contains(late.body, `"late": true`) {
			t.Errorf("a report after the close is not marked late: %s", late.body)
		}
	})
}
