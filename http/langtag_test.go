package http_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestUnregisteredLanguageTags sends well-formed tags that BCP 47 does not
// register, or keeps for private use, wherever a tag is taken: a version,
// an attachment, a text's language. Each is a 400 naming the field, and
// the document is as it was.
func TestUnregisteredLanguageTags(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		id := f.docs["SCO/PGM/22/PROTOCOL"]
		doc := "/api/v1/documents/" + strconv.FormatInt(id, 10)
		before, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"xx", "qqq", "en-XX", "zh-Xxxx", "und"} {
			res := f.do(t, request{method: "POST", path: doc + "/versions", cookie: sec, body: `{"lang":"` + tag + `","title":"T","body":"B"}`})
			if res.status != 400 || !namesField(t, res, "lang") {
				t.Errorf("version in %s: %d %s", tag, res.status, res.body)
			}
			body, h := upload(t, map[string]string{"lang": tag}, "protocol.pdf", samplePDF)
			res = f.do(t, request{method: "POST", path: doc + "/attachments", cookie: sec, body: body, header: h})
			if res.status != 400 || !namesField(t, res, "lang") {
				t.Errorf("attachment in %s: %d %s", tag, res.status, res.body)
			}
			res = f.do(t, request{method: "POST", path: "/api/v1/organizations/SCO/bodies/PGM", cookie: sec, body: `{"names":{"` + tag + `":"Name"}}`})
			if res.status != 400 || !namesField(t, res, "names."+tag) {
				t.Errorf("a body's name in %s: %d %s", tag, res.status, res.body)
			}
		}
		after, err := db.FindDocument(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Versions) != len(before.Versions) || len(after.Attachments) != len(before.Attachments) {
			t.Errorf("refused tags changed the document: %d versions, %d attachments (were %d, %d)",
				len(after.Versions), len(after.Attachments), len(before.Versions), len(before.Attachments))
		}
	})
}
