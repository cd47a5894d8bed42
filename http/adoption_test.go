package http_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// adoptionMatrix is the authorization matrix of the adoption routes, on
// the demo's XXIII draft, whose silence is running.
func adoptionMatrix() map[string][]matrixCase {
	protocol := "/documents/{doc:SCO/PGM/22/PROTOCOL}/adoption"
	return map[string][]matrixCase{
		"adoption": {{path: protocol, want: every(200)}, {path: protocol + "?tz=Asia/Karachi", want: every(200)}},
		// The secretariat is told the signed protocol has no draft.
		"adoption_open": {{method: "POST", path: protocol, body: `{"method":"silence"}`, want: every(403, rolePublic, 401, roleSecretariat, 400)}},
		// India's officer may record India's position, but there is no
		// procedure.
		"adoption_position": {{method: "POST", path: protocol + "/positions", body: `{"state":"IN","kind":"no_objection"}`,
			want: every(403, rolePublic, 401, roleDelegation, 404)}},
		"adoption_close": {{method: "POST", path: protocol + "/close", body: `{"result":"adopted"}`, want: every(403, rolePublic, 401, roleSecretariat, 404)}},
	}
}

// loadDemoDraft adds the demo's XXIII draft to a fixture and returns its id.
func loadDemoDraft(t *testing.T, f *fixture) int64 {
	t.Helper()
	ctx := accord.WithActor(t.Context(), &accord.Actor{Label: "test"})
	if _, err := demo.LoadDraft(ctx, f.db, accord.DateOf(f.clock.Now())); err != nil {
		t.Fatal(err)
	}
	docs, err := f.db.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Reference == demo.DraftReference {
			f.docs[d.Reference] = d.ID
			return d.ID
		}
	}
	t.Fatal("no demo draft")
	return 0
}

// TestAdoptionOverHTTP refuses each bad input with the field it names and
// leaves the procedure as it was, then breaks the demo's silence.
func TestAdoptionOverHTTP(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		id := loadDemoDraft(t, f)
		path := "/api/v1/documents/" + itoa(id) + "/adoption"
		chair, head, officer := f.session(t, roleChair), f.session(t, roleHead), f.session(t, roleDelegation)
		state := func() string {
			as, err := db.ListAdoptions(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, a := range as {
				b.WriteString(string(a.Result) + ":")
				for _, p := range a.Positions {
					b.WriteString(p.State + "=" + string(p.Kind) + ",")
				}
			}
			return b.String()
		}
		for _, c := range []struct {
			name, cookie, path, body, field string
			status                          int
		}{
			{"a second open procedure", chair, path, `{"method":"in_session"}`, "document_id", 409},
			{"a state that is not a member", head, path + "/positions", `{"state":"AF","kind":"no_objection"}`, "state", 400},
			{"a state that is no state", head, path + "/positions", `{"state":"pakistan","kind":"no_objection"}`, "state", 400},
			{"an unknown position", head, path + "/positions", `{"state":"PK","kind":"abstain"}`, "kind", 400},
			{"an objection without its text", head, path + "/positions", `{"state":"PK","kind":"objection"}`, "text", 400},
			{"an early adoption", chair, path + "/close", `{"result":"adopted"}`, "result", 400},
		} {
			before := state()
			res := f.do(t, request{method: "POST", path: c.path, body: c.body, cookie: c.cookie})
			if res.status != c.status || !strings.Contains(res.body, `"field": "`+c.field+`"`) {
				t.Errorf("%s: %d %s, want %d naming %s", c.name, res.status, res.body, c.status, c.field)
			}
			if after := state(); after != before {
				t.Errorf("%s changed the procedure: %s, was %s", c.name, after, before)
			}
		}
		page := f.do(t, request{path: "/documents/" + itoa(id) + "/adoption?tz=Asia/Karachi&lang=zh", cookie: officer})
		if page.status != 200 || !strings.Contains(page.body, "Asia/Karachi") || !strings.Contains(page.body, "Asia/Shanghai") || !strings.Contains(page.body, "剩余") {
			t.Errorf("adoption page: %d\n%s", page.status, page.body)
		}
		res := f.do(t, request{method: "POST", path: path + "/positions", cookie: officer, body: `{"kind":"objection","text":"Demo: an objection."}`})
		if res.status != 200 || !strings.Contains(res.body, `"broken_by": "IN"`) || !strings.Contains(res.body, `"result": "not_adopted"`) {
			t.Fatalf("an objection does not break the silence: %d %s", res.status, res.body)
		}
		a, err := db.FindAdoption(t.Context(), id)
		if err != nil || a.Result != accord.NotAdopted {
			t.Fatalf("stored: %+v %v", a, err)
		}
	})
}

// finalizeDemoDraft marks every text of the demo draft final and circulates
// the next revision, so that it can be put to adoption again.
func finalizeDemoDraft(t *testing.T, db *sqlstore.DB, id int64) {
	t.Helper()
	ctx := accord.WithActor(t.Context(), &accord.Actor{Label: "test"})
	d, err := db.FindDraft(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range d.Segments {
		if s.Deleted {
			continue
		}
		for l, x := range s.Texts {
			if x.State != accord.TextFinal || x.NeedsReview {
				if _, err := db.SetSegmentText(ctx, id, s.ID, l, accord.SegmentText{Text: x.Text, State: accord.TextFinal}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if _, err := db.CirculateRevision(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
}
