package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/archive"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
)

var cheapKDF = translog.KDF{Time: 1, MemoryKiB: 64, Threads: 1}

// TestArchiveExportVerify exports the demo's SCO PGM on each engine as a
// zip and as a folder, verifies both offline, shows that a confidential
// document goes only to a party that may read it, and tampers with the bag
// in each way the issue names: each is refused, naming the file.
func TestArchiveExportVerify(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx, m, sr := signedDemo(t, engine)
			data, dsn := m.Config.DataDir, m.Config.DB
			// A note of the secretariat, confidential: the secretariat
			// reads it, the incoming chair (PK) does not.
			mt, err := m.DB.FindMeeting(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			note := &accord.Document{Reference: "SCO/PGM/22/SEC-NOTE", Kind: accord.DocOther, Classification: accord.Confidential,
				AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: mt.ID}},
				Versions: []accord.DocumentVersion{{Lang: "en", Title: "Secretariat note (illustration)", Body: "An illustration for the archive test."}}}
			if err := m.DB.CreateDocument(ctx, note); err != nil {
				t.Fatal(err)
			}
			keyFile, trust := archiveSigner(t, data, sr.TrustPath)
			env := map[string]string{"ACCORD_PASSPHRASE": "a long passphrase"}
			dbArgs := []string{"--db", dsn, "--data", data, "--key", keyFile}

			before, err := m.DB.LogSize(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Refused requests write nothing, not even a partial bag.
			for _, c := range []struct {
				args []string
				err  string
			}{
				{[]string{"--org", "SCO", "--body", "XYZ"}, "SCO has no body XYZ"},
				{[]string{"--org", "SCO", "--meeting", "22"}, "body: a meeting is numbered within its body"},
				{[]string{"--org", "SCO", "--body", "PGM", "--meeting", "99"}, "SCO PGM has no meeting 99"},
				{[]string{"--org", "NOPE"}, ""},
			} {
				out := filepath.Join(data, "refused.zip")
				code, _, errOut := cli(t, env, append(append([]string{"archive", "export", "--out", out}, dbArgs...), c.args...)...)
				if code != 1 || !strings.Contains(errOut, c.err) {
					t.Errorf("%v: %d %s", c.args, code, errOut)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("%v left a bag behind", c.args)
				}
			}
			if after, _ := m.DB.LogSize(ctx); after != before {
				t.Errorf("refused exports entered the log: %d entries, then %d", before, after)
			}

			export := func(out string, extra ...string) string {
				t.Helper()
				code, stdout, errOut := cli(t, env, append(append([]string{"archive", "export", "--org", "SCO", "--body", "PGM", "--out", out}, dbArgs...), extra...)...)
				if code != 0 {
					t.Fatalf("export %s: %d\n%s\n%s", out, code, stdout, errOut)
				}
				return stdout
			}
			verify := func(bag string) (int, string) {
				t.Helper()
				code, stdout, errOut := cli(t, nil, "archive", "verify", bag, "--trust", trust)
				return code, stdout + errOut
			}
			forPK := filepath.Join(data, "sco-pgm-pk.zip")
			out := export(forPK, "--for", "PK")
			if !strings.Contains(out, "for the chair PK") || !strings.Contains(out, "left out: 1 confidential documents") {
				t.Errorf("export for PK:\n%s", out)
			}
			code, vout := verify(forPK)
			if code != 0 || !strings.Contains(vout, "Verified: the bag is complete, signed, and in the log.") ||
				!strings.Contains(vout, "1 signing bundles") || !strings.Contains(vout, "left out: 1 confidential documents") {
				t.Fatalf("verify the PK bag: %d\n%s", code, vout)
			}
			if names := zipNames(t, forPK); names["data/records/documents/"+strconv.FormatInt(note.ID, 10)+".json"] {
				t.Error("the bag for PK holds the confidential note")
			}
			forSec := filepath.Join(data, "sco-pgm-secretariat")
			out = export(forSec)
			if !strings.Contains(out, "left out: none") {
				t.Errorf("export for the secretariat:\n%s", out)
			}
			if code, vout := verify(forSec); code != 0 {
				t.Fatalf("verify the secretariat's folder bag: %d\n%s", code, vout)
			}
			if _, err := os.Stat(filepath.Join(forSec, "data/records/documents", strconv.FormatInt(note.ID, 10)+".json")); err != nil {
				t.Errorf("the secretariat's bag lacks its confidential note: %v", err)
			}
			// An independent checker, written from RFC 8493 in Python,
			// agrees; and refuses a changed byte.
			if py, err := exec.LookPath("python3"); err == nil {
				for _, bag := range []string{forPK, forSec} {
					if out, err := exec.Command(py, "testdata/bagcheck.py", bag).CombinedOutput(); err != nil || !strings.Contains(string(out), "is a valid BagIt 1.0 bag") {
						t.Errorf("bagcheck.py %s: %v\n%s", bag, err, out)
					}
				}
			} else {
				t.Log("no python3: the independent BagIt check is skipped")
			}
			// The exports are in the log, and the database still matches it.
			code, lout, _ := cli(t, nil, "log", "verify", "--db", dsn, "--data", data)
			if code != 0 || !strings.Contains(lout, "The database matches its log.") {
				t.Errorf("log verify after the exports: %d\n%s", code, lout)
			}

			// Tampering with a copy of the folder bag.
			otherKey := filepath.Join(data, "other.key")
			newKeyFile("sco-secretariat", otherKey, []byte("a long passphrase"), cheapKDF)
			docFile := "data/records/documents/" + strconv.FormatInt(note.ID, 10) + ".json"
			for _, c := range []struct {
				name   string
				tamper func(bag string)
				want   string
			}{
				{"an extra file", func(bag string) {
					os.WriteFile(filepath.Join(bag, "data/records/extra.json"), []byte("{}\n"), 0o644)
				}, "data/records/extra.json: in the payload but not listed in every payload manifest"},
				{"a checksum that does not match", func(bag string) {
					b, _ := os.ReadFile(filepath.Join(bag, docFile))
					os.WriteFile(filepath.Join(bag, docFile), []byte(strings.Replace(string(b), "illustration", "Illustration", 1)), 0o644)
				}, docFile + ": its sha512 is"},
				{"a file missing from the payload", func(bag string) {
					os.Remove(filepath.Join(bag, docFile))
				}, docFile + ": listed in manifest-sha512.txt but missing from the bag"},
				{"a tag manifest signed by a key the trust file lacks", func(bag string) {
					tm, _ := os.ReadFile(filepath.Join(bag, archive.TagManifest))
					kb, _ := os.ReadFile(otherKey)
					kf, _ := translog.ParseKeyFile(kb)
					s, _ := kf.Open([]byte("a long passphrase"))
					sig, _ := translog.SignStatement(tm, s)
					os.WriteFile(filepath.Join(bag, archive.SignatureFile), sig, 0o644)
				}, archive.SignatureFile + ": signed by a key the trust file lacks"},
				{"a log proof that does not match the checkpoint", func(bag string) {
					b, _ := os.ReadFile(filepath.Join(bag, archive.ProofFile))
					var e translog.BundleEntry
					json.Unmarshal(b, &e)
					e.Data = strings.Replace(e.Data, `"prepared_for":"secretariat"`, `"prepared_for":"chair PK"`, 1)
					b, _ = json.Marshal(e)
					os.WriteFile(filepath.Join(bag, archive.ProofFile), b, 0o644)
				}, archive.ProofFile + ": the log proof does not match the checkpoint"},
				{"a bag-info.txt changed after signing", func(bag string) {
					b, _ := os.ReadFile(filepath.Join(bag, archive.BagInfoTxt))
					os.WriteFile(filepath.Join(bag, archive.BagInfoTxt), []byte(strings.Replace(string(b), "Accord-Left-Out: none", "Accord-Left-Out: 9 confidential documents", 1)), 0o644)
				}, archive.BagInfoTxt + ": its sha512 is"},
			} {
				t.Run(c.name, func(t *testing.T) {
					bag := filepath.Join(t.TempDir(), "bag")
					if err := os.CopyFS(bag, os.DirFS(forSec)); err != nil {
						t.Fatal(err)
					}
					c.tamper(bag)
					if py, err := exec.LookPath("python3"); err == nil && !strings.HasPrefix(c.want, "accord/") {
						if out, err := exec.Command(py, "testdata/bagcheck.py", bag).CombinedOutput(); err == nil {
							t.Errorf("bagcheck.py accepted the tampered bag:\n%s", out)
						}
					}
					code, out := verify(bag)
					if code != 1 || !strings.Contains(out, "NOT VERIFIED") || !strings.Contains(out, c.want) {
						t.Errorf("want exit 1 naming %q; got %d\n%s", c.want, code, out)
					}
				})
			}

			// A zip entry with .. in its path.
			evil := filepath.Join(data, "evil.zip")
			copyZip(t, forPK, evil, "data/../../../etc/cron.d/x")
			if code, out := verify(evil); code != 1 || !strings.Contains(out, "data/../../../etc/cron.d/x: zip entry refused") {
				t.Errorf("a .. zip entry: %d\n%s", code, out)
			}
		})
	}
}

func zipNames(t *testing.T, p string) map[string]bool {
	t.Helper()
	z, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
	}
	return names
}

// copyZip copies the zip src to dst with one more entry, named extra.
func copyZip(t *testing.T, src, dst, extra string) {
	t.Helper()
	z, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, e := range z.File {
		if err := zw.Copy(e); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.Create(extra)
	w.Write([]byte("x\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
