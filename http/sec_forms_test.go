package http_test

import (
	"context"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestFormStrictFields sends HTML forms, as a browser without JavaScript
// does, with a field their route does not read: each is a 400 that names
// the field, as the JSON API's is, and nothing changes. The same forms
// without it are accepted.
func TestFormStrictFields(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		sec := f.session(t, roleSecretariat)
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		doc := "/documents/" + strconv.FormatInt(id, 10)
		beforeDoc, err := db.FindDocument(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		beforeMeeting, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, path string
			form       url.Values
			field      string
		}{
			{"an unknown field", doc, url.Values{"kind": {"other"}, "colour": {"red"}}, "colour"},
			{"an unknown language of a known text", "/organizations/SCO/bodies/PGM/meetings/22", url.Values{"venue.en": {"Hall"}, "venue.en.x": {"y"}}, "venue.en.x"},
			{"a field below an unknown one", "/organizations/SCO/bodies/PGM/meetings/22", url.Values{"head.titel.en": {"x"}}, "head.titel.en"},
			{"a field of another form", doc + "/versions", url.Values{"lang": {"zh"}, "title": {"决定"}, "body": {"文本"}, "classification": {"public"}}, "classification"},
		} {
			for _, api := range []string{"", "/api/v1"} {
				res := f.do(t, request{method: "POST", path: api + c.path, body: c.form.Encode(), cookie: sec,
					header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
				if res.status != 400 || (api != "" && !namesField(t, res, c.field)) {
					t.Errorf("%s at %s: %d, want 400 naming %s\n%.300s", c.name, api+c.path, res.status, c.field, res.body)
				}
			}
		}
		upBody, upHeader := upload(t, map[string]string{"lang": "ru", "colour": "red"}, "protocol.pdf", samplePDF)
		if res := f.do(t, request{method: "POST", path: "/api/v1" + doc + "/attachments", body: upBody, header: upHeader, cookie: sec}); res.status != 400 || !namesField(t, res, "colour") {
			t.Errorf("an upload with an unknown field: %d %.300s", res.status, res.body)
		}
		afterDoc, err := db.FindDocument(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		afterMeeting, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(afterDoc, beforeDoc) || !reflect.DeepEqual(afterMeeting, beforeMeeting) {
			t.Errorf("refused forms changed the database")
		}
		res := f.postForm(t, sec, doc, url.Values{"kind": {"other"}})
		if res.status != 303 {
			t.Errorf("the same form without the unknown field: %d %.300s", res.status, res.body)
		}
	})
}
