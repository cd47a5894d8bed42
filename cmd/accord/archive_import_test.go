package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
)

// TestArchiveImport exports the demo's SCO PGM on each engine and imports
// it into an empty instance of the other engine: the meetings, the
// documents with their versions, the draft with its revisions and
// amendments, and the follow-up (measures, reports, assessments) read the
// same; the bag for KZ as incoming chair leaves out a confidential report
// of China's and the draft's working text, and imported holds neither; a
// second import of the same bag adds nothing; another bag of the same
// records adds nothing and skips each; a later bag adds only its new
// document; a bag that changes a meeting is refused, naming it;
// a bag with one payload byte changed, and a zip with a ../ entry, are
// refused and leave the database unchanged.
func TestArchiveImport(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx, m, sr := signedDemo(t, engine)
			// The draft of XXIII with its amendments, and the follow-up
			// of XXII with reports and assessments, as 'accord demo' has.
			if _, err := demo.LoadDraft(ctx, m.DB, accord.DateOf(time.Now())); err != nil {
				t.Fatal(err)
			}
			if _, err := demo.LoadFollowUp(ctx, m.DB, time.Now()); err != nil {
				t.Fatal(err)
			}
			// A confidential report of China's, which Kazakhstan's
			// delegation may not read: the bag for KZ as incoming chair
			// leaves it out, and the draft of XXIII (chaired by PK), whose
			// working text only its drafters read.
			h, err := m.DB.FollowUp(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			var cn int64
			for _, o := range h.Measures[0].Obligations {
				if o.State == "CN" {
					cn = o.ID
				}
			}
			if err := m.DB.SubmitReport(ctx, &accord.NationalReport{State: "CN", Obligations: []int64{cn}, Texts: accord.Text{"en": "Confidential: in progress."},
				Status: h.Reports[0].Status, Classification: accord.Confidential}); err != nil {
				t.Fatal(err)
			}
			// Two sittings: one held and closed, one still in session
			// with a speakers list, as the live pages leave them.
			sittings := holdSittings(t, ctx, m.DB)
			data, dsn := m.Config.DataDir, m.Config.DB
			keyFile, trust := archiveSigner(t, data, sr.TrustPath)
			env := map[string]string{"ACCORD_PASSPHRASE": "a long passphrase"}
			bag := filepath.Join(data, "sco-pgm")
			if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", bag, "--db", dsn, "--data", data, "--key", keyFile); code != 0 {
				t.Fatalf("export: %d\n%s\n%s", code, out, errOut)
			}
			zipBag := filepath.Join(data, "sco-pgm.zip")
			if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", zipBag, "--db", dsn, "--data", data, "--key", keyFile); code != 0 {
				t.Fatalf("export: %d\n%s\n%s", code, out, errOut)
			}

			forKZ := filepath.Join(data, "sco-pgm-kz")
			if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", forKZ, "--for", "KZ", "--db", dsn, "--data", data, "--key", keyFile); code != 0 ||
				!strings.Contains(out, "left out: 1 confidential national reports, 1 drafts") {
				t.Fatalf("export for KZ: %d\n%s\n%s", code, out, errOut)
			}
			if info, _ := os.ReadFile(filepath.Join(forKZ, "bag-info.txt")); !strings.Contains(string(info), "Accord-Left-Out: 1 confidential national reports, 1 drafts") {
				t.Errorf("bag-info.txt of the bag for KZ:\n%s", info)
			}

			// Into the other engine: exported on SQLite, imported on
			// PostgreSQL, and the reverse.
			dst := sqltest.Engines[0]
			if engine == dst {
				dst = sqltest.Engines[1]
			}
			dsn2, data2 := sqltest.DSN(t, dst), t.TempDir()
			// The receiver has a log key of its own, as 'accord serve'
			// makes on its first start.
			if _, err := loadLogSigner(filepath.Join(data2, logKeyFile), "https://pk.example.org", true); err != nil {
				t.Fatal(err)
			}
			imp := func(b string) (int, string) {
				t.Helper()
				code, stdout, errOut := cli(t, nil, "archive", "import", b, "--trust", trust, "--db", dsn2, "--data", data2)
				return code, stdout + errOut
			}
			// Refused bags first: the database stays empty.
			tampered := filepath.Join(t.TempDir(), "bag")
			if err := os.CopyFS(tampered, os.DirFS(bag)); err != nil {
				t.Fatal(err)
			}
			org := filepath.Join(tampered, "data/records/organization.json")
			b, _ := os.ReadFile(org)
			b[len(b)/2] ^= 1
			os.WriteFile(org, b, 0o644)
			if code, out := imp(tampered); code != 1 || !strings.Contains(out, "NOT IMPORTED") || !strings.Contains(out, "data/records/organization.json: its sha512 is") {
				t.Errorf("a changed byte: %d\n%s", code, out)
			}
			// A changed sitting record is refused by verify, naming it.
			sitFile := fmt.Sprintf("data/records/sittings/PGM-%03d.json", sittings[1])
			if err := os.CopyFS(filepath.Join(tampered, "..", "sit"), os.DirFS(bag)); err != nil {
				t.Fatal(err)
			}
			sb, err := os.ReadFile(filepath.Join(tampered, "..", "sit", sitFile))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(tampered, "..", "sit", sitFile), []byte(strings.Replace(string(sb), `"version": 2`, `"version": 3`, 1)), 0o644)
			if code, vout, _ := cli(t, nil, "archive", "verify", filepath.Join(tampered, "..", "sit"), "--trust", trust); code != 1 ||
				!strings.Contains(vout, "NOT VERIFIED") || !strings.Contains(vout, sitFile+": its sha512 is") {
				t.Errorf("verify a bag with a changed sitting: %d\n%s", code, vout)
			}
			if code, out := imp(filepath.Join(tampered, "..", "sit")); code != 1 || !strings.Contains(out, sitFile) {
				t.Errorf("import a bag with a changed sitting: %d\n%s", code, out)
			}
			evil := filepath.Join(data, "evil.zip")
			copyZip(t, zipBag, evil, "../x")
			if code, out := imp(evil); code != 1 || !strings.Contains(out, "../x: zip entry refused") {
				t.Errorf("a ../x entry: %d\n%s", code, out)
			}
			db2, err := sqlstore.Open(ctx, dsn2, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			if _, err := db2.FindOrganization(ctx, "SCO"); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Fatalf("a refused import stored SCO: %v", err)
			}
			if n, err := db2.LogSize(ctx); err != nil || n != 0 {
				t.Errorf("refused imports entered the receiver's log: %d entries, %v", n, err)
			}
			if ss, err := db2.ListStates(ctx); err != nil || len(ss) != 0 {
				t.Errorf("refused imports stored %d states, %v", len(ss), err)
			}
			if evs, err := db2.SittingEvents(ctx, 0, 0, 0); err != nil || len(evs) != 0 {
				t.Errorf("refused imports stored %d sitting events, %v", len(evs), err)
			}

			code, out := imp(bag)
			if code != 0 || !strings.Contains(out, "Imported ") {
				t.Fatalf("import: %d\n%s", code, out)
			}
			t.Log(out)
			// The receiver's log holds the import and every imported
			// version, and the database matches it.
			if code, lout, errOut := cli(t, nil, "log", "checkpoint", "--db", dsn2, "--data", data2); code != 0 {
				t.Errorf("log checkpoint on the receiver: %d\n%s\n%s", code, lout, errOut)
			}
			if code, lout, errOut := cli(t, nil, "log", "verify", "--db", dsn2, "--data", data2); code != 0 || !strings.Contains(lout, "The database matches its log.") {
				t.Errorf("log verify on the receiver: %d\n%s\n%s", code, lout, errOut)
			}
			// The import's row is tied to its entry: a changed count is
			// found and named; put back, the database matches again.
			if err := tamper(dsn2, `UPDATE archive_imports SET counts = replace(counts, '"drafts":1', '"drafts":2')`); err != nil {
				t.Fatal(err)
			}
			if code, lout, _ := cli(t, nil, "log", "verify", "--db", dsn2, "--data", data2); code == 0 ||
				!strings.Contains(lout, "archive import 1 (SCO, tag manifest") || !strings.Contains(lout, "no longer matches its log entry") {
				t.Errorf("log verify after changing the import's counts: %d\n%s", code, lout)
			}
			if err := tamper(dsn2, `UPDATE archive_imports SET counts = replace(counts, '"drafts":2', '"drafts":1')`); err != nil {
				t.Fatal(err)
			}
			if err := tamper(dsn2, `UPDATE archive_imports SET tag_manifest_sha256 = '`+strings.Repeat("0", 64)+`'`); err != nil {
				t.Fatal(err)
			}
			if code, lout, _ := cli(t, nil, "log", "verify", "--db", dsn2, "--data", data2); code == 0 ||
				!strings.Contains(lout, "archive import 1 (SCO, tag manifest 0000") || !strings.Contains(lout, "tag_manifest_sha256 is now") {
				t.Errorf("log verify after changing the import's tag manifest hash: %d\n%s", code, lout)
			}
			if err := tamper(dsn2, `UPDATE archive_imports SET tag_manifest_sha256 = '`+tagHash(t, out)+`'`); err != nil {
				t.Fatal(err)
			}
			if code, lout, errOut := cli(t, nil, "log", "verify", "--db", dsn2, "--data", data2); code != 0 || !strings.Contains(lout, "The database matches its log.") {
				t.Errorf("log verify with the row put back: %d\n%s\n%s", code, lout, errOut)
			}
			// Another bag of SCO, the same records: added to the earlier
			// import, nothing new, everything skipped.
			code, again := imp(zipBag)
			if code != 0 || !strings.Contains(again, "as import 2: none,") || !strings.Contains(again, "records were here already, the same, and were skipped") {
				t.Errorf("another bag of SCO, the same records, into an instance that imported it: %d\n%s", code, again)
			}
			// A later bag, with a document more: only it is added.
			ms0, err := m.DB.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM"})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.DB.CreateDocument(ctx, &accord.Document{Reference: "SCO/PGM/LATER/1", Kind: accord.DocOther, Classification: accord.Public,
				AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: ms0[len(ms0)-1].ID}},
				Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Позднее", Body: "Документ после первой передачи."}}}); err != nil {
				t.Fatal(err)
			}
			later := filepath.Join(data, "sco-pgm-later")
			if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", later, "--db", dsn, "--data", data, "--key", keyFile); code != 0 {
				t.Fatalf("export the later bag: %d\n%s\n%s", code, out, errOut)
			}
			if code, out := imp(later); code != 0 || !strings.Contains(out, "as import 3: 1 document versions, 1 documents,") {
				t.Errorf("the later bag: %d\n%s", code, out)
			}
			cli(t, nil, "log", "checkpoint", "--db", dsn2, "--data", data2)
			if code, lout, errOut := cli(t, nil, "log", "verify", "--db", dsn2, "--data", data2); code != 0 || !strings.Contains(lout, "The database matches its log.") {
				t.Errorf("log verify on the receiver after three imports: %d\n%s\n%s", code, lout, errOut)
			}
			// An instance where SCO was made, not imported, takes no bag.
			if code, out, errOut := cli(t, nil, "archive", "import", bag, "--trust", trust, "--db", dsn, "--data", data); code != 1 || !strings.Contains(errOut, "organization SCO exists here already") {
				t.Errorf("a bag of SCO into the instance SCO was made on: %d\n%s\n%s", code, out, errOut)
			}
			code, again = imp(bag)
			if code != 0 || !strings.Contains(again, "already imported") || !strings.Contains(again, "nothing added") {
				t.Errorf("a second import: %d\n%s", code, again)
			}

			// The same answers: the meetings, and each document with its
			// versions, compared as the API's JSON without the ids.
			same := func(what string, a, b any) {
				t.Helper()
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				if string(stripIDs(t, ja)) != string(stripIDs(t, jb)) {
					t.Errorf("%s differs:\n%s\n%s", what, ja, jb)
				}
			}
			ms1, err := m.DB.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM"})
			if err != nil {
				t.Fatal(err)
			}
			ms2, err := db2.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM"})
			if err != nil {
				t.Fatal(err)
			}
			same("the meetings", ms1, ms2)
			docs := 0
			for i, mt := range ms1 {
				d1, _ := m.DB.ListDocuments(ctx, accord.DocumentFilter{MeetingID: mt.ID, IncludeWithdrawn: true, OldestFirst: true})
				d2, _ := db2.ListDocuments(ctx, accord.DocumentFilter{MeetingID: ms2[i].ID, IncludeWithdrawn: true, OldestFirst: true})
				for j := range d1 {
					d1[j].Links, d1[j].AuthorDelegationID = nil, 0
				}
				for j := range d2 {
					d2[j].Links, d2[j].AuthorDelegationID = nil, 0
				}
				same("the documents of meeting "+mt.Numeral(), d1, d2)
				docs += len(d2)
				for _, d := range d2 {
					for _, v := range d.Versions {
						e, cp, err := db2.ImportedVersion(ctx, v.ID)
						if err != nil || e.Index < 0 || cp == "" {
							t.Errorf("version %d of %s keeps no proof of the sender's log: %v", v.ID, d.Reference, err)
						}
					}
				}
			}
			if docs == 0 {
				t.Error("no documents imported")
			}
			// The sittings read the same, on the console, the screens and
			// the public page's record, items named by their place on the
			// agenda; a meeting never in session has none on either side.
			events := 0
			for i, mt := range ms1 {
				a, b := sittingOf(t, ctx, m.DB, mt.ID), sittingOf(t, ctx, db2, ms2[i].ID)
				same("the sitting of meeting "+mt.Numeral(), a, b)
				events += len(b.Events)
			}
			if evs, _ := db2.SittingEvents(ctx, 0, 0, 0); events == 0 || len(evs) != events {
				t.Errorf("the receiver holds %d sitting events, its meetings %d", len(evs), events)
			}
			if s, err := db2.Sitting(ctx, ms2[slices.IndexFunc(ms2, func(x *accord.Meeting) bool { return x.Number == sittings[1] })].ID); err != nil || !s.InSession || len(s.Lists) == 0 {
				t.Errorf("the sitting in session was imported as %+v, %v", s, err)
			}
			// And the pages say so: the hall screen and the public live
			// page with the sitting's record, as the API's JSON, the same
			// with the ids (of meetings and agenda items too) removed.
			m2 := NewMain(Config{Addr: "127.0.0.1:0", DB: dsn2, DataDir: data2, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			defer m2.Close()
			if err := m2.Run(ctx); err != nil {
				t.Fatal(err)
			}
			for _, n := range sittings {
				for _, page := range []string{"screen", "follow"} {
					p := fmt.Sprintf("/api/v1/organizations/SCO/bodies/PGM/meetings/%d/%s", n, page)
					a, b := get(t, m.URL()+p), get(t, m2.URL()+p)
					if !strings.Contains(a, `"version"`) {
						t.Fatalf("%s shows no sitting: %.300s", p, a)
					}
					if x, y := stripKeys(t, []byte(a), "item", "meeting"), stripKeys(t, []byte(b), "item", "meeting"); string(x) != string(y) {
						t.Errorf("%s differs on the receiver:\nsource:   %s\nreceiver: %s", p, x, y)
					}
				}
			}
			defer func() {
				// A bag that changes a record the receiver holds is
				// refused, naming it, and the receiver is unchanged.
				if err := tamper(dsn, `UPDATE meetings SET note = 'changed later' WHERE organization = 'SCO' AND body = 'PGM' AND number = 22`); err != nil {
					t.Fatal(err)
				}
				changed := filepath.Join(data, "sco-pgm-changed")
				if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", changed, "--db", dsn, "--data", data, "--key", keyFile); code != 0 {
					t.Fatalf("export the changed bag: %d\n%s\n%s", code, out, errOut)
				}
				before, _ := db2.LogSize(ctx)
				if code, out := imp(changed); code != 1 || !strings.Contains(out, "meetings (organization SCO, body PGM, number 22) differs from the one here") {
					t.Errorf("a bag that changes meeting XXII: %d\n%s", code, out)
				}
				if after, _ := db2.LogSize(ctx); after != before {
					t.Errorf("the refused bag changed the receiver's log: %d entries, %d before", after, before)
				}
				if mt, err := db2.FindMeeting(ctx, "SCO", "PGM", 22); err != nil || mt.Note == "changed later" {
					t.Errorf("the refused bag changed meeting XXII: %+v, %v", mt, err)
				}
			}()

			// The bag for KZ, imported into a third instance, holds what
			// KZ may read and nothing else.
			dsn3, data3 := sqltest.DSN(t, engine), t.TempDir()
			if _, err := loadLogSigner(filepath.Join(data3, logKeyFile), "https://kz.example.org", true); err != nil {
				t.Fatal(err)
			}
			if code, out, errOut := cli(t, nil, "archive", "import", forKZ, "--trust", trust, "--db", dsn3, "--data", data3); code != 0 {
				t.Fatalf("import the bag for KZ: %d\n%s\n%s", code, out, errOut)
			}
			db3, err := sqlstore.Open(ctx, dsn3, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			defer db3.Close()
			h1, _ := m.DB.FollowUp(ctx, "SCO", "PGM", 22)
			h3, err := db3.FollowUp(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range h3.Reports {
				if r.Classification == accord.Confidential {
					t.Errorf("the instance of KZ holds the confidential report of %s", r.State)
				}
			}
			if len(h3.Reports) != len(h1.Reports)-1 || len(h3.Assessments) != len(h1.Assessments) || len(h3.Measures) != len(h1.Measures) {
				t.Errorf("KZ's instance has %d reports, %d assessments, %d measures; the source %d, %d, %d",
					len(h3.Reports), len(h3.Assessments), len(h3.Measures), len(h1.Reports), len(h1.Assessments), len(h1.Measures))
			}
			// A sitting is public, as its meeting is: the incoming chair's
			// bag holds both, with every event.
			e1, _ := m.DB.SittingEvents(ctx, 0, 0, 0)
			if e3, err := db3.SittingEvents(ctx, 0, 0, 0); err != nil || len(e1) == 0 || len(e3) != len(e1) {
				t.Errorf("the instance of KZ holds %d sitting events, the source %d (%v)", len(e3), len(e1), err)
			}
			ms3, _ := db3.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM"})
			for _, mt := range ms3 {
				ds, _ := db3.ListDocuments(ctx, accord.DocumentFilter{MeetingID: mt.ID, IncludeWithdrawn: true})
				for _, d := range ds {
					if _, err := db3.FindDraft(ctx, d.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
						t.Errorf("the instance of KZ holds the draft of %s: %v", d.Reference, err)
					}
				}
			}
			if n := sameSignings(t, ctx, m.DB, db2, ms1, ms2, same); n == 0 {
				t.Error("no signing imported")
			}
			if n := sameDrafts(t, ctx, m.DB, db2, ms1, ms2, same); n == 0 {
				t.Error("no draft imported")
			}
			adoptions := 0
			eachPair(t, ctx, m.DB, db2, ms1, ms2, "adoptions", (*sqlstore.DB).ArchiveAdoptions, func(d1, d2 *accord.Document, a, b []sqlstore.ImportAdoption) {
				adoptions += len(b)
				same("the adoption procedures of "+d1.Reference, a, b)
			})
			if adoptions == 0 {
				t.Error("no adoption procedure imported")
			}
			reports := 0
			for i, mt := range ms1 {
				h1, err1 := m.DB.FollowUp(ctx, "SCO", "PGM", mt.Number)
				h2, err2 := db2.FollowUp(ctx, "SCO", "PGM", ms2[i].Number)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				for _, r := range h2.Reports {
					if e, _, err := db2.ImportedRecord(ctx, translog.KindNationalReport, r.ID); err != nil || e.Index < 0 {
						t.Errorf("the report of %s keeps no entry of the sender's log: %v", r.State, err)
					}
				}
				for _, a := range h2.Assessments {
					if e, _, err := db2.ImportedRecord(ctx, translog.KindAssessment, a.ID); err != nil || e.Index < 0 {
						t.Errorf("the assessment of %s keeps no entry of the sender's log: %v", a.State, err)
					}
				}
				same("the follow-up of meeting "+mt.Numeral(), followUpOf(h1), followUpOf(h2))
				reports += len(h2.Reports) + len(h2.Assessments)
			}
			if reports == 0 {
				t.Error("no reports or assessments imported")
			}

			// The sitting in session goes on at the sender: a later bag
			// adds its new event and takes its state.
			at := func(ms []*accord.Meeting) int64 {
				return ms[slices.IndexFunc(ms, func(x *accord.Meeting) bool { return x.Number == sittings[1] })].ID
			}
			src, rcv := at(ms1), at(ms2)
			if _, _, err := m.DB.ChangeSitting(ctx, src, accord.SittingCommand{Kind: accord.ItemClosed}); err != nil {
				t.Fatal(err)
			}
			continued := filepath.Join(data, "sco-pgm-continued")
			if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", continued, "--db", dsn, "--data", data, "--key", keyFile); code != 0 {
				t.Fatalf("export the continued sitting: %d\n%s\n%s", code, out, errOut)
			}
			if code, out := imp(continued); code != 0 || !strings.Contains(out, ": 1 sitting events, 1 sittings continued, ") {
				t.Errorf("the bag of the continued sitting: %d\n%s", code, out)
			}
			same("the continued sitting", sittingOf(t, ctx, m.DB, src), sittingOf(t, ctx, db2, rcv))
			cli(t, nil, "log", "checkpoint", "--db", dsn2, "--data", data2)
			if code, lout, errOut := cli(t, nil, "log", "verify", "--db", dsn2, "--data", data2); code != 0 || !strings.Contains(lout, "The database matches its log.") {
				t.Errorf("log verify on the receiver after the continued sitting: %d\n%s\n%s", code, lout, errOut)
			}
			// The receiver runs that sitting itself, and the sender goes
			// on otherwise: the next bag's record is another one, refused,
			// naming it, and the receiver's sitting stays as it was.
			if _, _, err := db2.ChangeSitting(ctx, rcv, accord.SittingCommand{Kind: accord.SittingClosed}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := m.DB.ChangeSitting(ctx, src, accord.SittingCommand{Kind: accord.ScreenSet, Lang: "en"}); err != nil {
				t.Fatal(err)
			}
			diverged := filepath.Join(data, "sco-pgm-diverged")
			if code, out, errOut := cli(t, env, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", diverged, "--db", dsn, "--data", data, "--key", keyFile); code != 0 {
				t.Fatalf("export the diverged sitting: %d\n%s\n%s", code, out, errOut)
			}
			before := sittingOf(t, ctx, db2, rcv)
			if code, out := imp(diverged); code != 1 || !strings.Contains(out, fmt.Sprintf("event 9 of the sitting of meeting %d of PGM differs from the one here", sittings[1])) {
				t.Errorf("a bag whose sitting went another way: %d\n%s", code, out)
			}
			same("the receiver's sitting after the refused bag", before, sittingOf(t, ctx, db2, rcv))
		})
	}
}

// holdSittings runs two sittings of SCO PGM through the store, as the
// chair's console does: the first meeting with an agenda and delegations
// is opened, an item opened, the floor asked and given, and closed; the
// last is left in session, its second item open with two requests. It
// returns the two meetings' numbers.
func holdSittings(t *testing.T, ctx context.Context, db *sqlstore.DB) [2]int {
	t.Helper()
	ms, err := db.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Body: "PGM"})
	if err != nil {
		t.Fatal(err)
	}
	var held []*accord.Meeting
	var agendas [][]*accord.AgendaItem
	var states [][]string
	for _, mt := range ms {
		agenda, err1 := db.ListAgenda(ctx, mt.ID)
		dels, err2 := db.ListDelegations(ctx, mt.ID)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		var st []string
		for _, d := range accord.Attending(dels) {
			if d.State != "" {
				st = append(st, d.State)
			}
		}
		if len(agenda) >= 2 && len(st) >= 2 {
			held, agendas, states = append(held, mt), append(agendas, agenda), append(states, st)
		}
	}
	if len(held) < 2 {
		t.Fatalf("%d meetings of PGM have an agenda and delegations: two sittings need two", len(held))
	}
	last := len(held) - 1
	run := func(i int, cmds ...accord.SittingCommand) {
		for _, c := range cmds {
			if _, _, err := db.ChangeSitting(ctx, held[i].ID, c); err != nil {
				t.Fatalf("sitting of %s, %s: %v", held[i].Numeral(), c.Kind, err)
			}
		}
	}
	a, b := agendas[0], agendas[last]
	run(0, accord.SittingCommand{Kind: accord.SittingOpened}, accord.SittingCommand{Kind: accord.ItemOpened, Item: a[0].ID},
		accord.SittingCommand{Kind: accord.FloorRequested, State: states[0][0], RequestKind: accord.NormalRequest},
		accord.SittingCommand{Kind: accord.FloorGiven, Request: 1, Limit: 3 * time.Minute},
		accord.SittingCommand{Kind: accord.ItemClosed}, accord.SittingCommand{Kind: accord.SittingClosed})
	run(last, accord.SittingCommand{Kind: accord.SittingOpened}, accord.SittingCommand{Kind: accord.ItemOpened, Item: b[1].ID},
		accord.SittingCommand{Kind: accord.FloorRequested, State: states[last][0], RequestKind: accord.NormalRequest},
		accord.SittingCommand{Kind: accord.FloorRequested, State: states[last][1], RequestKind: accord.PointOfOrder},
		accord.SittingCommand{Kind: accord.FloorGiven, Request: 2},
		accord.SittingCommand{Kind: accord.FloorRequested, State: states[last][1], RequestKind: accord.RightOfReply},
		accord.SittingCommand{Kind: accord.ScreenSet, Lang: "ru", Message: "Перерыв"})
	return [2]int{held[0].Number, held[last].Number}
}

// sittingOf is what the sitting pages of a meeting show, the agenda items
// named by their place on the agenda and the outbox's ids left out: the
// state (console, screen, live page) and every event (the record).
func sittingOf(t *testing.T, ctx context.Context, db *sqlstore.DB, meeting int64) (out struct {
	State  accord.Sitting
	Events []accord.SittingEvent
}) {
	t.Helper()
	agenda, err := db.ListAgenda(ctx, meeting)
	if err != nil {
		t.Fatal(err)
	}
	place := func(id int64) int64 {
		for _, a := range agenda {
			if a.ID == id {
				return int64(a.Position)
			}
		}
		if id != 0 {
			t.Errorf("the sitting of meeting %d names item %d, not on its agenda", meeting, id)
		}
		return 0
	}
	s, err := db.Sitting(ctx, meeting)
	if err != nil {
		t.Fatal(err)
	}
	s.Item = place(s.Item)
	if s.Floor != nil {
		s.Floor.Item = place(s.Floor.Item)
	}
	lists := map[int64][]accord.FloorRequest{}
	for k, l := range s.Lists {
		for i := range l {
			l[i].Item = place(l[i].Item)
		}
		lists[place(k)] = l
	}
	s.Lists = lists
	evs, err := db.SittingEvents(ctx, meeting, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		evs[i].ID, evs[i].Meeting, evs[i].Item = 0, 0, place(evs[i].Item)
	}
	out.State, out.Events = s, evs
	return out
}

// stripIDs removes every "id" and "..._id" field, which differ between two
// instances by design.
func stripIDs(t *testing.T, b []byte) []byte { return stripKeys(t, b) }

// stripKeys is stripIDs that also removes the fields named where they
// hold a number (an id), not an object.
func stripKeys(t *testing.T, b []byte, keys ...string) []byte {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var strip func(any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if _, number := e.(float64); k == "id" || strings.HasSuffix(k, "_id") || number && slices.Contains(keys, k) {
					delete(x, k)
					continue
				}
				x[k] = strip(e)
			}
		case []any:
			for i := range x {
				x[i] = strip(x[i])
			}
		}
		return v
	}
	out, _ := json.Marshal(strip(v))
	return out
}

// sameDrafts compares the drafts of the documents of the meetings, with
// their revisions and amendments, and returns how many there are. A
// revision's hash covers its document's id, so the receiver's differs by
// design: each side's is checked against its own canonical bytes.
func sameDrafts(t *testing.T, ctx context.Context, src, dst *sqlstore.DB, ms1, ms2 []*accord.Meeting, same func(string, any, any)) int {
	t.Helper()
	n := 0
	eachPair(t, ctx, src, dst, ms1, ms2, "draft", (*sqlstore.DB).FindDraft, func(d1, d2 *accord.Document, a, b *accord.Draft) {
		n++
		same("the draft of "+d1.Reference, a, b)
		for k := 1; k <= a.Revision; k++ {
			r1, err1 := src.FindRevision(ctx, d1.ID, k)
			r2, err2 := dst.FindRevision(ctx, d2.ID, k)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if r2.SHA256 != r2.ComputeSHA256() {
				t.Errorf("revision %d of %s on the receiver does not hash to its SHA-256", k, d1.Reference)
			}
			if e, _, err := dst.ImportedRecord(ctx, translog.KindDraftRevision, r2.ID); err != nil || e.Index != r1.LogIndex {
				t.Errorf("revision %d of %s keeps the sender's entry %+v (sender's index %d): %v", k, d1.Reference, e, r1.LogIndex, err)
			}
			r1.SHA256, r2.SHA256, r1.LogIndex, r2.LogIndex = "", "", 0, 0
			same(fmt.Sprintf("revision %d of %s", k, d1.Reference), r1, r2)
		}
		a1, _ := src.ListAmendments(ctx, d1.ID)
		a2, _ := dst.ListAmendments(ctx, d2.ID)
		for _, x := range a1 {
			if x.Decision != nil {
				x.Decision.DecidedBy = 0 // the sender's accounts stay with the sender
			}
		}
		if len(a2) == 0 {
			t.Errorf("the amendments of %s were not imported", d1.Reference)
		}
		same("the amendments of "+d1.Reference, a1, a2)
	})
	return n
}

// sameSignings compares the signing keys of SCO and the signing of each
// document, with its signatures, and returns how many signatures there
// are: the receiver's signing pages show what the sender's did. Log
// indexes are each log's own.
func sameSignings(t *testing.T, ctx context.Context, src, dst *sqlstore.DB, ms1, ms2 []*accord.Meeting, same func(string, any, any)) int {
	t.Helper()
	k1, err1 := src.ListSigningKeys(ctx, "SCO")
	k2, err2 := dst.ListSigningKeys(ctx, "SCO")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	for _, ks := range [][]*accord.SigningKey{k1, k2} {
		for _, k := range ks {
			k.LogIndex, k.RevocationLogIndex = 0, 0
		}
	}
	same("the signing keys of SCO", k1, k2)
	n := 0
	eachPair(t, ctx, src, dst, ms1, ms2, "signing", (*sqlstore.DB).FindSigning, func(d1, d2 *accord.Document, a, b *accord.Signing) {
		for _, s := range []*accord.Signing{a, b} {
			s.LogIndex, s.CompletionLogIndex = 0, 0
			for _, g := range s.Signatures {
				g.LogIndex = 0
			}
		}
		same("the signing of "+d1.Reference, a, b)
		n += len(b.Signatures)
	})
	return n
}

// eachPair calls fn with each document of the meetings on the source and
// the receiver, in the same order, and what find reads of each, where
// either side has it (what names it).
func eachPair[T any](t *testing.T, ctx context.Context, src, dst *sqlstore.DB, ms1, ms2 []*accord.Meeting, what string,
	find func(*sqlstore.DB, context.Context, int64) (T, error), fn func(d1, d2 *accord.Document, a, b T)) {
	t.Helper()
	for i, mt := range ms1 {
		d1, _ := src.ListDocuments(ctx, accord.DocumentFilter{MeetingID: mt.ID, IncludeWithdrawn: true, OldestFirst: true})
		d2, _ := dst.ListDocuments(ctx, accord.DocumentFilter{MeetingID: ms2[i].ID, IncludeWithdrawn: true, OldestFirst: true})
		for j := range d1 {
			a, errA := find(src, ctx, d1[j].ID)
			b, errB := find(dst, ctx, d2[j].ID)
			if accord.ErrorCode(errA) == accord.ENOTFOUND && accord.ErrorCode(errB) == accord.ENOTFOUND {
				continue
			}
			if errA != nil || errB != nil {
				t.Errorf("the %s of %s: %v, %v", what, d1[j].Reference, errA, errB)
				continue
			}
			fn(d1[j], d2[j], a, b)
		}
	}
}

// followUpOf is a follow-up history with what differs between two
// instances by design set aside: the ids inside reports (obligations,
// round, attachments: counted instead), log indexes and the accounts.
func followUpOf(h *accord.FollowUpHistory) *accord.FollowUpHistory {
	for _, r := range h.Reports {
		r.Obligations, r.Attachments = []int64{int64(len(r.Obligations))}, []int64{int64(len(r.Attachments))}
		r.Round = min(r.Round, 1)
		r.LogIndex, r.SubmittedBy = 0, 0
	}
	for _, a := range h.Assessments {
		a.LogIndex, a.AssessedBy = 0, 0
	}
	return h
}

// tagHash is the tag manifest's SHA-256 that an import's output names.
func tagHash(t *testing.T, out string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, "tag manifest SHA-256 ")
	if !ok || len(rest) < 64 {
		t.Fatalf("no tag manifest hash in %q", out)
	}
	return rest[:64]
}

var _ = context.Background
