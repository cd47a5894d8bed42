package http_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestControlCharactersRefused sends a NUL, other control characters and
// bytes that are not UTF-8 in many fields, as JSON, as forms, in uploads,
// queries and paths: each is a 400 naming the field, on both engines (a
// NUL was a 500 on PostgreSQL and stored on SQLite), and nothing changes.
func TestControlCharactersRefused(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		sec := f.session(t, roleSecretariat)
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		doc := "/api/v1/documents/" + strconv.FormatInt(id, 10)
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		beforeDoc, err := db.FindDocument(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		beforeBody, err := db.FindBody(ctx, "SCO", "PGM")
		if err != nil {
			t.Fatal(err)
		}
		beforeMeeting, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		upBody, upHeader := upload(t, map[string]string{"lang": "ru\x00"}, "protocol.pdf", samplePDF)
		for _, c := range []struct {
			name  string
			req   request
			field string
		}{
			{"a NUL in a body's name", request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM", body: `{"names":{"en":"Meeting\u0000"}}`}, "names.en"},
			{"a NUL in a version's title", request{method: "POST", path: doc + "/versions", body: `{"lang":"zh","title":"A\u0000B","body":"文本"}`}, "title"},
			{"a bell in a version's body", request{method: "POST", path: doc + "/versions", body: `{"lang":"zh","title":"决定","body":"A\u0007"}`}, "body"},
			{"an escape in a form field", request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM/meetings/22", body: "venue.en=Hall%1B", header: form}, "venue.en"},
			{"a DEL in a form field", request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM/meetings/22", body: "venue.en=Hall%7F", header: form}, "venue.en"},
			{"a C1 control in a form field", request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM/meetings/22", body: "venue.en=Hall%C2%85", header: form}, "venue.en"},
			{"a C1 control in JSON", request{method: "POST", path: doc + "/versions", body: `{"lang":"zh","title":"A\u009bB","body":"文本"}`}, "title"},
			{"a DEL in JSON", request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM", body: `{"names":{"en":"Meeting\u007f"}}`}, "names.en"},
			{"not UTF-8 in a form field", request{method: "POST", path: doc, body: "kind=other&reference=%FF%FE", header: form}, "reference"},
			{"not UTF-8 in JSON", request{method: "POST", path: doc + "/versions", body: "{\"lang\":\"zh\",\"title\":\"\xff\",\"body\":\"B\"}"}, "body"},
			{"a NUL in a field's name", request{method: "POST", path: doc, body: `{"kind\u0000":"other"}`}, "body"},
			{"a NUL in an upload's field", request{method: "POST", path: doc + "/attachments", body: upBody, header: upHeader}, "lang"},
			{"a NUL in a query", request{path: "/api/v1/documents?organization=SCO%00"}, "organization"},
			{"a NUL in a path", request{path: "/api/v1/organizations/SCO%00"}, "path"},
		} {
			c.req.cookie = sec
			res := f.do(t, c.req)
			if res.status != 400 || !namesField(t, res, c.field) {
				t.Errorf("%s: %d, want 400 naming %s\n%.300s", c.name, res.status, c.field, res.body)
			}
		}
		// Tabs and line breaks are text.
		if res := f.do(t, request{method: "POST", path: doc + "/versions", cookie: sec, body: `{"lang":"zh","title":"决定","body":"第一\r\n\t第二"}`}); res.status != 201 {
			t.Errorf("a body with a tab and line breaks: %d %s", res.status, res.body)
		}
		afterDoc, err := db.FindDocument(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		afterBody, err := db.FindBody(ctx, "SCO", "PGM")
		if err != nil {
			t.Fatal(err)
		}
		afterMeeting, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(afterMeeting, beforeMeeting) {
			t.Errorf("refused input changed meeting XXII:\n%+v\n%+v", beforeMeeting, afterMeeting)
		}
		if len(afterDoc.Versions) != len(beforeDoc.Versions)+1 || afterDoc.Reference != beforeDoc.Reference || afterDoc.Kind != beforeDoc.Kind ||
			len(afterDoc.Attachments) != len(beforeDoc.Attachments) || !reflect.DeepEqual(afterBody, beforeBody) {
			t.Errorf("refused input changed the database: document %+v, body %+v", afterDoc, afterBody)
		}
	})
}

// TestJSONOneValue refuses a body with a second JSON value after the
// object, which a lax reader would silently ignore.
func TestJSONOneValue(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		before, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{`{"kind":"other"} {"kind":"report"}`, `{"kind":"other"}[]`, `{"kind":"other"} 1`} {
			res := f.do(t, request{method: "POST", path: "/api/v1/documents/" + strconv.FormatInt(id, 10), cookie: sec, body: body})
			if res.status != 400 || !namesField(t, res, "body") {
				t.Errorf("%s: %d %s", body, res.status, res.body)
			}
		}
		after, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if after.Kind != before.Kind {
			t.Errorf("kind %s, was %s", after.Kind, before.Kind)
		}
	})
}

// TestJSONStrictFields refuses, naming the field, a JSON field the route
// does not read and a value of the wrong type; the document is unchanged.
func TestJSONStrictFields(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		doc := "/api/v1/documents/" + strconv.FormatInt(id, 10)
		before, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ path, body, field string }{
			{doc, `{"kind":"other","colour":"red"}`, "colour"},
			{doc, `{"kind":7}`, "kind"},
			{doc, `{"kind":true}`, "kind"},
			{doc, `{"kind":{"en":"other"}}`, "kind"},
			{doc + "/versions", `{"lang":"zh","title":12,"body":"B"}`, "title"},
			{doc + "/links", `{"meeting_id":1.5}`, "meeting_id"},
			{"/api/v1/organizations/SCO/bodies/PGM", `{"names":{"en":5}}`, "names.en"},
			{"/api/v1/organizations/SCO/bodies/PGM/meetings/22", `{"head":{"titel":{"en":"x"}}}`, "head"},
		} {
			res := f.do(t, request{method: "POST", path: c.path, cookie: sec, body: c.body})
			if res.status != 400 || !namesField(t, res, c.field) {
				t.Errorf("%s %s: %d, want 400 naming %s\n%.300s", c.path, c.body, res.status, c.field, res.body)
			}
		}
		// Numbers may still be sent as strings where a number is read.
		if res := f.do(t, request{method: "POST", path: doc, cookie: sec, body: `{"kind":"other"}`}); res.status != 200 {
			t.Errorf("a valid edit: %d %s", res.status, res.body)
		}
		after, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Versions) != len(before.Versions) || len(after.Links) != len(before.Links) {
			t.Errorf("refused bodies changed the document")
		}
	})
}
