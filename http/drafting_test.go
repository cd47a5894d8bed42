package http_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// draftingMatrix is the authorization matrix of drafting. The restricted
// measures draft of meeting XXII (chaired by Kyrgyzstan) has no draft yet:
// those allowed are stopped by a bad field or the missing draft, so that
// the matrix changes nothing; TestOpenAPIWalk and TestDraftNegotiation
// take each route through to success.
func draftingMatrix() map[string][]matrixCase {
	const (
		measures = "/documents/{doc:SCO/PGM/22/MEASURES-DRAFT}"
		draft    = measures + "/draft"
	)
	readers := func(status int) map[string]int {
		return every(404, roleDelegation, status, roleHead, status, roleChair, status, roleSecretariat, status)
	}
	// A write: the public must sign in; those who may not read the
	// document are told it does not exist.
	write := func(deleg, head, chair, sec int) map[string]int {
		return every(404, rolePublic, 401, roleDelegation, deleg, roleHead, head, roleChair, chair, roleSecretariat, sec)
	}
	return map[string][]matrixCase{
		"draft": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/draft", want: every(200)},
			{path: draft, want: readers(200)},
		},
		// Kyrgyzstan chairs meeting XXII: Pakistan's chair officer does
		// not draft its documents; the secretariat names a language the
		// organization does not use.
		"draft_create":       {{method: "POST", path: draft, body: `{"drafting_lang":"xx"}`, want: write(403, 403, 403, 400)}},
		"segment_create":     {{method: "POST", path: draft + "/segments", body: `{"kind":"preamble","texts":{"ru":"Текст"}}`, want: write(403, 403, 403, 404)}},
		"segment_update":     {{method: "POST", path: draft + "/segments/1", body: `{"kind":"measure"}`, want: write(403, 403, 403, 404)}},
		"segment_text_set":   {{method: "POST", path: draft + "/segments/1/texts/zh", body: `{"text":"文本"}`, want: write(403, 403, 403, 404)}},
		"revision_circulate": {{method: "POST", path: draft + "/revisions", want: write(403, 403, 403, 404)}},
		"revision":           {{path: draft + "/revisions/1", want: every(404)}},
		"revision_diff":      {{path: draft + "/revisions/2/diff?against=1", want: every(404)}},
		// India's officer and Pakistan's head amend for their states; the
		// chair and the secretariat do not.
		"amendment_create": {{method: "POST", path: measures + "/amendments", body: `{"segment_id":"1","revision":"1","op":"delete"}`,
			want: write(404, 404, 403, 403)}},
		"amendment_support":   {{method: "POST", path: measures + "/amendments/1/support", want: write(404, 404, 403, 403)}},
		"amendment_objection": {{method: "POST", path: measures + "/amendments/1/objection", body: `{"text":"No."}`, want: write(404, 404, 403, 403)}},
		"amendment_decision":  {{method: "POST", path: measures + "/amendments/1/decision", body: `{"outcome":"accept"}`, want: write(403, 403, 403, 404)}},
	}
}

// walkDrafting negotiates the measures draft through the API: the
// secretariat drafts and circulates, India proposes, Pakistan supports and
// then objects, the secretariat accepts, and a second revision shows the
// change.
func walkDrafting(w *walker) {
	t, f := w.t, w.f
	t.Helper()
	const api = "/api/v1"
	sec, deleg, head := f.session(t, roleSecretariat), f.session(t, roleDelegation), f.session(t, roleHead)
	doc := api + "/documents/" + itoa(f.docs["SCO/PGM/22/MEASURES-DRAFT"])
	draft := doc + "/draft"
	w.send("draft_create", sec, draft, `{"drafting_lang":"ru","languages":"ru, zh"}`, 201)
	w.send("segment_create", sec, draft+"/segments", `{"kind":"preamble","texts":{"ru":"Генеральные прокуроры провели заседание.","zh":"总检察长举行了会议。"}}`, 201)
	w.send("segment_create", sec, draft+"/segments", `{"kind":"operative","after":"1","texts":{"ru":"Стороны договорились обмениваться опытом."}}`, 201)
	w.send("segment_update", sec, draft+"/segments/2", `{"kind":"measure"}`, 200)
	w.send("segment_text_set", sec, draft+"/segments/2/texts/zh", `{"text":"各方同意交流经验。","state":"translated"}`, 200)
	w.send("revision_circulate", sec, draft+"/revisions", "", 201)
	w.send("revision", deleg, draft+"/revisions/1", "", 200)
	w.send("amendment_create", deleg, doc+"/amendments", `{"segment_id":"2","revision":"1","op":"replace","texts":{"ru":"Стороны договорились регулярно обмениваться опытом."},"justification":"Регулярность."}`, 201)
	w.send("amendment_support", head, doc+"/amendments/1/support", "", 200)
	w.send("amendment_objection", head, doc+"/amendments/1/objection", `{"text":"Слишком часто."}`, 200)
	w.send("amendment_decision", sec, doc+"/amendments/1/decision", `{"outcome":"accept"}`, 200)
	page := jsonField[accord.Draft](t, w.send("draft", sec, draft, "", 200), "draft")
	if zh := page.Segment(2).Texts["zh"]; !zh.NeedsReview {
		t.Errorf("the zh text of segment 2 after the accepted amendment: %+v, want needs review", zh)
	}
	// The pages: the chair's working text marks the accepted amendment
	// and the zh text to review; India's page offers an amendment form on
	// each segment of the circulated revision.
	html := strings.TrimPrefix(draft, api)
	if res := f.do(t, request{path: html, cookie: sec}); res.status != 200 || !strings.Contains(res.body, "amendment 1 accepted") || !strings.Contains(res.body, `class="review"`) {
		t.Errorf("the chair's draft page: %d %.2000s", res.status, res.body)
	}
	if res := f.do(t, request{path: html + "?lang=zh", cookie: deleg}); res.status != 200 || strings.Count(res.body, `name="segment_id"`) != 2 {
		t.Errorf("India's draft page: %d %.2000s", res.status, res.body)
	}
	w.send("revision_circulate", sec, draft+"/revisions", "", 201)
	diff := w.send("revision_diff", deleg, draft+"/revisions/2/diff?against=1", "", 200)
	got := jsonField[[]drafting.SegmentDiff](t, diff, "diff")
	if len(got) != 2 || got[1].Status != drafting.SegmentChanged || !slices.Contains(got[1].Texts["ru"], drafting.Change{Op: drafting.Insert, Text: "регулярно "}) {
		t.Errorf("diff of revision 2 against 1: %+v", got)
	}
}

// TestDraftBadInput refuses what issue 11 lists, naming the field and
// changing nothing.
func TestDraftBadInput(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) { draftBadInput(t, db) })
}

func draftBadInput(t *testing.T, db *sqlstore.DB) {
	f := newFixture(t, db, newClock())
	const api = "/api/v1"
	sec, deleg := f.session(t, roleSecretariat), f.session(t, roleDelegation)
	id := f.docs["SCO/PGM/22/MEASURES-DRAFT"]
	doc := api + "/documents/" + itoa(id)
	for _, c := range []struct {
		cookie, path, body string
		want               int
		field              string
	}{
		{sec, doc + "/draft", `{"drafting_lang":"ru","languages":"ru, fr"}`, 400, "languages"},
	} {
		res := f.do(t, request{method: "POST", path: c.path, body: c.body, cookie: c.cookie})
		if res.status != c.want || !strings.Contains(res.body, `"field": "`+c.field+`"`) {
			t.Errorf("%s %s: %d %s", c.path, c.body, res.status, res.body)
		}
	}
	if _, err := db.FindDraft(t.Context(), id); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Fatalf("a refused draft was stored: %v", err)
	}
	mustSend := func(cookie, path, body string) {
		t.Helper()
		if res := f.do(t, request{method: "POST", path: path, body: body, cookie: cookie}); res.status >= 300 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	mustSend(sec, doc+"/draft", `{"drafting_lang":"ru","languages":"ru, zh"}`)
	mustSend(sec, doc+"/draft/segments", `{"kind":"preamble","texts":{"ru":"Текст.","zh":"文本。"}}`)
	mustSend(sec, doc+"/draft/revisions", "")
	mustSend(deleg, doc+"/amendments", `{"segment_id":"1","revision":"1","op":"delete"}`)
	before := draftSnapshot(t, db, id)
	for _, c := range []struct {
		name, cookie, path, body string
		want                     int
		field                    string
	}{
		{"an amendment to a missing segment", deleg, doc + "/amendments", `{"segment_id":"9","revision":"1","op":"delete"}`, 400, "segment_id"},
		{"an amendment to an uncirculated revision", deleg, doc + "/amendments", `{"segment_id":"1","revision":"2","op":"delete"}`, 400, "revision"},
		{"an amendment in a language the organization does not use", deleg, doc + "/amendments", `{"segment_id":"1","revision":"1","op":"replace","texts":{"fr":"Texte."}}`, 400, "texts.fr"},
		{"texts in a language the draft lacks", sec, doc + "/draft/segments/1/texts/fr", `{"text":"Texte."}`, 400, "lang"},
		{"a decision by a delegation", deleg, doc + "/amendments/1/decision", `{"outcome":"accept"}`, 403, "outcome"},
		{"a decision by the chair officer of a state not chairing", f.session(t, roleChair), doc + "/amendments/1/decision", `{"outcome":"accept"}`, 403, "outcome"},
		{"an adoption while a segment is not final", sec, doc + "/adoption", `{"method":"silence"}`, 400, "segments.1.texts.zh.state"},
	} {
		res := f.do(t, request{method: "POST", path: c.path, body: c.body, cookie: c.cookie})
		if res.status != c.want || !strings.Contains(res.body, `"field": "`+c.field+`"`) {
			t.Errorf("%s: %d %s, want %d naming %s", c.name, res.status, res.body, c.want, c.field)
		}
		if after := draftSnapshot(t, db, id); after != before {
			t.Errorf("%s changed the draft:\n%s\n%s", c.name, before, after)
		}
	}
	if as, err := db.ListAdoptions(t.Context(), id); err != nil || len(as) != 0 {
		t.Errorf("a refused adoption was stored: %v %v", as, err)
	}
}

// draftSnapshot is a draft with its amendments and revisions, to show that
// a refused request changed none of them.
func draftSnapshot(t *testing.T, db *sqlstore.DB, id int64) string {
	t.Helper()
	ctx := t.Context()
	d, err := db.FindDraft(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	as, err := db.ListAmendments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.ListRevisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal([]any{d, as, rs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestChairDraftsItsProtocol is the defect of issue 11: Pakistan's chair
// officer was offered "Add a document" for the meeting Pakistan chairs,
// and submitting it answered 403. Now it files the protocol as the chair
// and drafts it.
func TestChairDraftsItsProtocol(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		m := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK", Chair: "PK", Start: accord.MustDate("2025-06-01"), End: accord.MustDate("2025-06-01"),
			Format: accord.InPerson, Status: accord.Planned}
		if err := db.CreateMeeting(t.Context(), m); err != nil {
			t.Fatal(err)
		}
		chair := f.session(t, roleChair)
		form := f.do(t, request{path: "/api/v1/documents/new?meeting=" + itoa(m.ID), cookie: chair})
		if form.status != 200 || !strings.Contains(form.body, `"value": "chair"`) {
			t.Fatalf("the form offers no chair author: %d %s", form.status, form.body)
		}
		res := f.do(t, request{method: "POST", path: "/api/v1/documents", cookie: chair, body: `{"meeting_id":"` + itoa(m.ID) +
			`","reference":"SCO/PGM/23/PROTOCOL","kind":"protocol","classification":"restricted","author":"chair","lang":"ru","title":"Протокол","body":"Проект."}`})
		if res.status != 201 {
			t.Fatalf("the chair files the protocol: %d %s", res.status, res.body)
		}
		id := jsonField[accord.Document](t, res, "document").ID
		if res := f.do(t, request{method: "POST", path: "/api/v1/documents/" + itoa(id) + "/draft", cookie: chair, body: `{"drafting_lang":"ru","languages":"ru, zh"}`}); res.status != 201 {
			t.Fatalf("the chair drafts it: %d %s", res.status, res.body)
		}
		// The delegation officer of India still may not file as the chair.
		res = f.do(t, request{method: "POST", path: "/api/v1/documents", cookie: f.session(t, roleDelegation), body: `{"meeting_id":"` + itoa(m.ID) +
			`","reference":"SCO/PGM/23/X","kind":"other","classification":"restricted","author":"chair","lang":"ru","title":"X","body":"X."}`})
		if res.status != 403 {
			t.Fatalf("India files as the chair: %d", res.status)
		}
	})
}
