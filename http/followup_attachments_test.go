package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestReportAttachmentsOverHTTP attaches documents to a national report
// through the API and the page's form; an unknown document, one the
// reporter may not read, and a malformed id are refused and store
// nothing; the timeline links the documents attached.
func TestReportAttachmentsOverHTTP(t *testing.T) {
	clk := newClock()
	sqltest.RunWithClock(t, clk.Now, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, clk)
		ctx := context.Background()
		sec, deleg := f.session(t, roleSecretariat), f.session(t, roleDelegation)
		const api = "/api/v1"
		reports := func() string {
			h, err := db.FollowUp(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, r := range h.Reports {
				fmt.Fprintf(&b, "%d:%v;", r.ID, r.Attachments)
			}
			return b.String()
		}
		doc := api + "/documents/" + itoa(f.docs["SCO/PGM/22/PROTOCOL"])
		if r := f.do(t, request{method: "POST", path: doc + "/measures", body: `{"number":"1","paragraph":"3","states":["IN"]}`, cookie: sec}); r.status != 201 {
			t.Fatalf("measure: %d %s", r.status, r.body)
		}
		oblID := itoa(f.followUpID(t, "obligation", "1/IN"))
		obl := api + "/obligations/" + oblID + "/reports"
		protocol, other := itoa(f.docs["SCO/PGM/22/PROTOCOL"]), itoa(f.docs["OTS/CGP/3/REPORT/SEC"])
		if r := f.do(t, request{path: api + "/documents/" + other, cookie: deleg}); r.status == 200 {
			t.Fatalf("the fixture's OTS report is readable by India's officer: the test needs a document they may not read")
		}
		for _, c := range []struct {
			name, attachments, field string
		}{
			{"an unknown document", `["999999"]`, "attachments[0]"},
			{"a document the reporter may not read", `["` + protocol + `","` + other + `"]`, "attachments[1]"},
			{"a malformed id", `["x"]`, "attachments[0]"},
		} {
			before := reports()
			r := f.do(t, request{method: "POST", path: obl, body: `{"status":"in_progress","texts":{"en":"Demo."},"attachments":` + c.attachments + `}`, cookie: deleg})
			if r.status != 400 || !strings.Contains(r.body, `"field": "`+c.field+`"`) {
				t.Errorf("%s: %d %s, want 400 naming %s", c.name, r.status, r.body, c.field)
			}
			if got := reports(); got != before {
				t.Errorf("%s changed the database: %s, was %s", c.name, got, before)
			}
		}
		r := f.do(t, request{method: "POST", path: obl, body: `{"status":"in_progress","texts":{"en":"Demo report."},"attachments":["` + protocol + `"]}`, cookie: deleg})
		var got struct{ Attachments []int64 }
		if err := json.Unmarshal([]byte(r.body), &got); r.status != 201 || err != nil || fmt.Sprint(got.Attachments) != "["+protocol+"]" {
			t.Errorf("a report with an attachment: %d %s", r.status, r.body)
		}
		page := "/measures/" + itoa(f.followUpID(t, "measure", "1"))
		if p := f.do(t, request{path: page, cookie: deleg}); !strings.Contains(p.body, `name="attachments"`) {
			t.Errorf("the report form has no attachments field")
		}
		if res := f.postForm(t, deleg, "/obligations/"+oblID+"/reports", url.Values{"status": {"implemented"}, "texts.en": {"Demo report."}, "attachments": {protocol + " " + protocol}}); res.status != 303 {
			t.Fatalf("the report form: %d %.300s", res.status, res.body)
		}
		for _, lang := range []string{"en", "ru", "zh"} {
			p := f.do(t, request{path: page + "?lang=" + lang})
			if !strings.Contains(p.body, `<a href="/documents/`+protocol+`">`) {
				t.Errorf("the timeline in %s does not link the attachment", lang)
			}
		}
	})
}
