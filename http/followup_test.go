package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// postWant posts body to path as cookie's session, and stops the test
// unless the answer has status.
func (f *fixture) postWant(t *testing.T, cookie, path, body string, status int) response {
	t.Helper()
	r := f.do(t, request{method: "POST", path: path, body: body, cookie: cookie})
	if r.status != status {
		t.Fatalf("POST %s: %d %s, want %d", path, r.status, r.body, status)
	}
	return r
}

// followUpID finds, for the matrix, measure NUMBER or obligation
// NUMBER/STATE of meeting SCO/PGM/22's measures.
func (f *fixture) followUpID(t *testing.T, kind, key string) int64 {
	t.Helper()
	h, err := f.db.FollowUp(context.Background(), "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	if kind == "round" {
		// A round is keyed by the number of the meeting it prepares.
		for _, r := range h.Rounds {
			if itoa(int64(r.Meeting)) == key {
				return r.ID
			}
		}
		return 0
	}
	number, state, _ := strings.Cut(key, "/")
	for _, m := range h.Measures {
		if m.Number != number {
			continue
		}
		if kind == "measure" {
			return m.ID
		}
		for _, o := range m.Obligations {
			if o.State == state {
				return o.ID
			}
		}
	}
	return 0
}

// followUpMatrix is the authorization matrix of follow-up on the XXII
// protocol. Routes run in the table's order, so the secretariat's
// measure M1 exists when the measure's and the obligation's routes run.
func followUpMatrix() map[string][]matrixCase {
	const doc = "/documents/{doc:SCO/PGM/22/PROTOCOL}"
	const fu = "/organizations/SCO/bodies/PGM/meetings/22/follow-up"
	sec := func(status int) map[string]int { return every(403, rolePublic, 401, roleSecretariat, status) }
	const statuses = `{"statuses":["not_started","in_progress","implemented","partially_implemented","not_implemented","no_longer_relevant","deferred"],"labels":{"deferred":{"en":"deferred","ru":"отложено","zh":"推迟"}}}`
	return map[string][]matrixCase{
		"measures":       {{path: doc + "/measures", want: every(200)}},
		"measure_create": {{method: "POST", path: doc + "/measures", body: `{"number":"M1","paragraph":3,"due":"2024-12-31"}`, want: sec(201)}},
		"measure_import": {{method: "POST", path: doc + "/measures/import", body: `{"csv":"external_id,number,paragraph,states\nM2,M2,4,IN PK\n"}`, want: sec(201)}},
		"measure":        {{path: "/measures/{measure:M1}", want: every(200)}, {path: "/measures/999999", want: every(404)}},
		// India's officer reports for India; Pakistan's head and India's
		// for Pakistan are refused.
		"report_create": {{method: "POST", path: "/obligations/{obligation:M1/IN}/reports", body: `{"status":"in_progress","texts":{"en":"Demo report."}}`,
			want: every(403, rolePublic, 401, roleDelegation, 201)},
			{method: "POST", path: "/obligations/{obligation:M1/PK}/reports", body: `{"status":"in_progress","texts":{"en":"Demo report."}}`, want: every(403, rolePublic, 401)}},
		"assessment_create": {{method: "POST", path: "/obligations/{obligation:M1/IN}/assessments", body: `{"status":"implemented"}`, want: sec(201)}},
		"round_open": {{method: "POST", path: "/organizations/SCO/bodies/PGM/reporting-rounds", body: `{"meeting":"22","deadline":"2030-01-01T00:00:00Z"}`, want: sec(201)},
			{method: "POST", path: "/organizations/OTS/bodies/CGP/reporting-rounds", body: `{"meeting":"3","deadline":"2030-01-01T00:00:00Z"}`, want: every(403, rolePublic, 401)}},
		"round_close": {{method: "POST", path: "/organizations/SCO/bodies/PGM/reporting-rounds/{round:22}/close", want: sec(200)},
			{method: "POST", path: "/organizations/SCO/bodies/PGM/reporting-rounds/999999/close", want: sec(404)},
			{method: "POST", path: "/organizations/OTS/bodies/CGP/reporting-rounds/{round:22}/close", want: every(403, rolePublic, 401)}},
		"follow_up_statuses": {{path: "/organizations/SCO/follow-up/statuses", want: every(200)}, {path: "/organizations/XXX/follow-up/statuses", want: every(404)}},
		"follow_up_statuses_set": {{method: "PUT", path: "/organizations/SCO/follow-up/statuses", body: statuses, want: sec(200)},
			{method: "PUT", path: "/organizations/OTS/follow-up/statuses", body: statuses, want: every(403, rolePublic, 401)}},
		"follow_up_statuses_form": {{method: "POST", path: "/organizations/SCO/follow-up/statuses", body: statuses, want: sec(200)}},
		"follow_up":               {{path: fu, want: every(200)}, {path: fu + "?status=implemented&state=IN", want: every(200)}, {path: fu + "?status=done", want: every(400)}},
		"follow_up_state":         {{path: fu + "/states/IN", want: every(200)}},
		"follow_up_summary":       {{method: "POST", path: fu + "/summary", want: sec(400)}}, // no meeting XXIII in the fixture
		"assessment_import":       {{method: "POST", path: fu + "/assessments", body: `{"csv":"measure,state,assessed\nM1,PK,in_progress\n"}`, want: sec(201)}},
	}
}

// walkFollowUp plays the follow-up over the API for the OpenAPI walk: on
// the XXII protocol, a round before meeting XXIII (which the demo draft
// made), a report, an assessment, both imports and the summing-up.
func walkFollowUp(w *walker) {
	t, f := w.t, w.f
	t.Helper()
	const api = "/api/v1"
	sec, deleg := f.session(t, roleSecretariat), f.session(t, roleDelegation)
	doc := api + "/documents/" + itoa(f.docs["SCO/PGM/22/PROTOCOL"])
	fu := api + "/organizations/SCO/bodies/PGM/meetings/22/follow-up"
	w.send("measure_create", sec, doc+"/measures", `{"number":"W1","paragraph":"3","lead":"Prosecutors' offices","due":"2025-06-30"}`, 201)
	w.send("measure_import", sec, doc+"/measures/import", `{"csv":"external_id,number,paragraph,states,due\nW2,W2,4,IN PK,\n"}`, 201)
	w.send("measures", "", doc+"/measures", "", 200)
	w.send("round_open", sec, api+"/organizations/SCO/bodies/PGM/reporting-rounds", `{"meeting":"23","deadline":"2030-01-01T00:00:00Z"}`, 201)
	w.send("round_close", sec, api+"/organizations/SCO/bodies/PGM/reporting-rounds/"+itoa(f.followUpID(t, "round", "23"))+"/close", "", 200)
	w.send("report_create", deleg, api+"/obligations/"+itoa(f.followUpID(t, "obligation", "W1/IN"))+"/reports",
		`{"status":"in_progress","texts":{"en":"Demo report."},"also":["`+itoa(f.followUpID(t, "obligation", "W2/IN"))+`"]}`, 201)
	w.send("assessment_create", sec, api+"/obligations/"+itoa(f.followUpID(t, "obligation", "W1/IN"))+"/assessments", `{"status":"partially_implemented","comment":"Demo."}`, 201)
	w.send("assessment_import", sec, fu+"/assessments", `{"csv":"measure,state,assessed\nW2,PK,not_started\n"}`, 201)
	w.send("measure", "", api+"/measures/"+itoa(f.followUpID(t, "measure", "W1")), "", 200)
	w.send("follow_up", "", fu, "", 200)
	w.send("follow_up_state", "", fu+"/states/IN", "", 200)
	w.send("follow_up_summary", sec, fu+"/summary", "", 201)
	const statuses = `{"statuses":["not_started","in_progress","implemented","partially_implemented","not_implemented","no_longer_relevant","deferred"],"labels":{"deferred":{"en":"deferred","ru":"отложено","zh":"推迟"}}}`
	w.send("follow_up_statuses_set", sec, api+"/organizations/SCO/follow-up/statuses", statuses, 200)
	w.send("follow_up_statuses_form", sec, api+"/organizations/SCO/follow-up/statuses", statuses, 200)
	w.send("follow_up_statuses", "", api+"/organizations/SCO/follow-up/statuses", "", 200)
}

// TestFollowUpOverHTTP refuses each bad input of the issue with the
// field it names, leaving the database as it was, marks a late report,
// serves the matrix as CSV, and puts the summing-up on XXIII's agenda.
func TestFollowUpOverHTTP(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		loadDemoDraft(t, f)
		ctx := context.Background()
		sec, deleg, head := f.session(t, roleSecretariat), f.session(t, roleDelegation), f.session(t, roleHead)
		api := "/api/v1"
		doc := api + "/documents/" + itoa(f.docs["SCO/PGM/22/PROTOCOL"])
		fu := api + "/organizations/SCO/bodies/PGM/meetings/22/follow-up"
		state := func() string {
			h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, m := range h.Measures {
				fmt.Fprintf(&b, "%s:", m.Number)
				for _, o := range m.Obligations {
					fmt.Fprintf(&b, "%s=%s/%s,", o.State, o.Claimed, o.Assessed)
				}
			}
			fmt.Fprintf(&b, " %d reports %d assessments %d rounds", len(h.Reports), len(h.Assessments), len(h.Rounds))
			return b.String()
		}
		ok := func(cookie, path, body string, status int) response {
			t.Helper()
			return f.postWant(t, cookie, path, body, status)
		}
		ok(sec, doc+"/measures", `{"number":"1","external_id":"XXII-1","paragraph":"3","due":"2024-07-30"}`, 201)
		ok(sec, doc+"/measures", `{"number":"2","external_id":"XXII-2","paragraph":"4","states":["IN","PK"]}`, 201)
		obl := func(key string) string { return itoa(f.followUpID(t, "obligation", key)) }

		for _, c := range []struct {
			name, cookie, path, body, field string
			status                          int
		}{
			{"a report for another state's obligation", deleg, api + "/obligations/" + obl("1/PK") + "/reports", `{"status":"in_progress","texts":{"en":"x"}}`, "", 403},
			{"a report naming another state's obligation", deleg, api + "/obligations/" + obl("1/IN") + "/reports", `{"status":"in_progress","texts":{"en":"x"},"also":["` + obl("1/PK") + `"]}`, "obligations[1]", 403},
			{"a status outside the council's list", deleg, api + "/obligations/" + obl("1/IN") + "/reports", `{"status":"done","texts":{"en":"x"}}`, "status", 400},
			{"an assessment by a delegation", head, api + "/obligations/" + obl("1/PK") + "/assessments", `{"status":"implemented"}`, "", 403},
			{"an assessment outside the list", sec, api + "/obligations/" + obl("1/PK") + "/assessments", `{"status":"finished"}`, "status", 400},
			{"a measure at a paragraph the document lacks", sec, doc + "/measures", `{"number":"9","paragraph":"40"}`, "paragraph", 400},
			{"a measure at a segment the document lacks", sec, doc + "/measures", `{"number":"9","segment":"7"}`, "segment", 400},
			{"a CSV with an unknown state", sec, doc + "/measures/import", `{"csv":"external_id,number,paragraph,states\nX-3,3,3,IN\nX-4,4,4,ZZ\n"}`, "lines[3].states", 400},
			{"a CSV with a duplicate external id", sec, doc + "/measures/import", `{"csv":"external_id,number,paragraph\nX-3,3,3\nX-3,4,4\n"}`, "lines[3].external_id", 400},
			{"a CSV with an external id already used", sec, doc + "/measures/import", `{"csv":"external_id,number,paragraph\nX-3,3,3\nXXII-1,4,4\n"}`, "lines[3].external_id", 409},
			{"assessments of an unknown state", sec, fu + "/assessments", `{"csv":"measure,state,assessed\nXXII-1,IN,implemented\nXXII-2,ZZ,implemented\n"}`, "lines[3].state", 400},
			{"a round before no meeting", sec, api + "/organizations/SCO/bodies/PGM/reporting-rounds", `{"meeting":"99","deadline":"2030-01-01T00:00:00Z"}`, "meeting", 400},
		} {
			before := state()
			r := f.do(t, request{method: "POST", path: c.path, body: c.body, cookie: c.cookie})
			if r.status != c.status || c.field != "" && !strings.Contains(r.body, `"field": "`+c.field+`"`) {
				t.Errorf("%s: %d %s, want %d naming %s", c.name, r.status, r.body, c.status, c.field)
			}
			if got := state(); got != before {
				t.Errorf("%s changed the database: %s, was %s", c.name, got, before)
			}
		}

		// A round whose deadline passed: the report is accepted, marked late.
		ok(sec, api+"/organizations/SCO/bodies/PGM/reporting-rounds", `{"meeting":"23","deadline":"`+f.clock.Now().Add(60e9).UTC().Format("2006-01-02T15:04:05Z")+`"}`, 201)
		ok(deleg, api+"/obligations/"+obl("1/IN")+"/reports", `{"status":"implemented","texts":{"en":"Demo report, on time."}}`, 201)
		f.clock.Advance(120e9)
		late := ok(deleg, api+"/obligations/"+obl("2/IN")+"/reports", `{"status":"in_progress","texts":{"en":"Demo report, late."}}`, 201)
		if !strings.Contains(late.body, `"late": true`) {
			t.Errorf("a report after the deadline is not marked late: %s", late.body)
		}
		ok(sec, api+"/obligations/"+obl("1/IN")+"/assessments", `{"status":"partially_implemented","comment":"Demo assessment."}`, 201)

		csv := f.do(t, request{path: fu + "?format=csv"})
		if csv.status != 200 || !strings.Contains(csv.header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(csv.body, "XXII-1,1,IN,implemented,implemented,partially_implemented,partially implemented,true,") {
			t.Errorf("the matrix as CSV: %d %s %s", csv.status, csv.header.Get("Content-Type"), csv.body)
		}
		for _, lang := range []string{"en", "ru", "zh"} {
			page := f.do(t, request{path: strings.TrimPrefix(fu, api) + "?lang=" + lang})
			if page.status != 200 || !strings.Contains(page.body, `class="st st-partially_implemented"`) {
				t.Errorf("the matrix page in %s: %d", lang, page.status)
			}
		}
		sum := ok(sec, fu+"/summary", "", 201)
		if !strings.Contains(sum.body, "SCO/PGM/23/FOLLOW-UP/22") || !strings.Contains(sum.body, `"lang": "zh"`) {
			t.Errorf("the summing-up: %s", sum.body)
		}
		m23, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		if err != nil {
			t.Fatal(err)
		}
		agenda, err := db.ListAgenda(ctx, m23.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := agenda[len(agenda)-1]; last.Kind != accord.AgendaReport {
			t.Errorf("the summing-up's item is not last on XXIII's agenda: %+v", last)
		}
	})
}
