package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"golang.org/x/mod/sumdb/tlog"
)

// TestAuditKeepsWhatChanged checks that new audit records name versions by
// their metadata and hash, not their text, and that an edit records only
// the fields it changed; and that the log verifies a trail that holds both
// such records and records written whole, as earlier releases wrote them.
func TestAuditKeepsWhatChanged(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		body := strings.Repeat("A long body of the protocol. ", 200)
		v := &accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "ru", Title: "Протокол, редакция 2", Body: body}
		ok(t, db.AddDocumentVersion(ctx, v))
		// A record as releases before this one wrote it: the document whole.
		whole, err := db.FindDocument(ctx, f.protocol.ID)
		ok(t, err)
		ok(t, db.Audit(ctx, "document.create", "document/0", nil, whole))
		m := *f.sco22
		m.Note = "day confirmed"
		ok(t, db.UpdateMeeting(ctx, &m))

		record := func(action string) *accord.AuditRecord {
			t.Helper()
			rs, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: action})
			ok(t, err)
			if len(rs) == 0 {
				t.Fatalf("no %s record", action)
			}
			return rs[0]
		}
		for _, action := range []string{"document_version.create", "document.create"} {
			rs, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: action, Resource: "document/" + itoa(f.protocol.ID)})
			ok(t, err)
			for _, r := range rs {
				if strings.Contains(r.Record, "A long body") || strings.Contains(r.Record, "Генеральные прокуроры") || !strings.Contains(r.After, `"sha256"`) {
					t.Errorf("%s keeps the text, or no hash: %s", action, r.Record)
				}
			}
		}
		if r := record("meeting.update"); r.Before != `{"id":`+itoa(m.ID)+`}` || r.After != `{"id":`+itoa(m.ID)+`,"note":"day confirmed"}` {
			t.Errorf("meeting.update records %s -> %s", r.Before, r.After)
		}

		l := newLog(t, db)
		cp, err := l.Checkpoint(ctx)
		ok(t, err)
		c, err := trustOf(t, l, "quorum none\n").VerifyCheckpoint(cp.Note)
		ok(t, err)
		rep, err := db.VerifyLog(ctx, int64(c.Size), tlog.Hash(c.Hash))
		ok(t, err)
		if len(rep.Problems) != 0 || !strings.Contains(record("document.create").Record, "Генеральные прокуроры") {
			t.Errorf("the log over whole and cut records: %q", rep.Problems)
		}
	})
}
