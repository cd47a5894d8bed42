package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
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
	"golang.org/x/mod/sumdb/note"
)

// cli runs an accord command as the binary would and returns its exit
// status and output.
func cli(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestKeyAndSign makes a key, shows it and signs with it as a head of
// delegation would, offline.
func TestKeyAndSign(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ACCORD_PASSPHRASE": "a long passphrase"}
	keyFile := filepath.Join(dir, "pk.key")
	code, out, errOut := cli(t, env, "key", "new", "--name", "pk-head", "--out", keyFile)
	if code != 0 || !strings.Contains(out, "Public key:  pk-head+") || !strings.Contains(out, "Fingerprint: ") {
		t.Fatalf("key new: %d %s %s", code, out, errOut)
	}
	if code, _, _ := cli(t, env, "key", "new", "--name", "pk-head", "--out", keyFile); code != 1 {
		t.Error("key new overwrote a key file")
	}
	code, shown, _ := cli(t, nil, "key", "show", keyFile)
	if code != 0 || !strings.Contains(out, strings.TrimSpace(shown)) {
		t.Errorf("key show: %q, want the lines of %q", shown, out)
	}
	statement := filepath.Join(dir, "statement.txt")
	os.WriteFile(statement, []byte("Accord signing statement v1\ndocument 1 X\n"), 0o600)
	code, signed, errOut := cli(t, env, "sign", statement, "--key", keyFile)
	if code != 0 {
		t.Fatalf("sign: %s", errOut)
	}
	vkey := strings.Fields(strings.Split(out, "\n")[1])[2]
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := note.Open([]byte(signed), note.VerifierList(v)); err != nil || n.Text != "Accord signing statement v1\ndocument 1 X\n" {
		t.Errorf("signed note: %v", err)
	}
	if code, _, errOut := cli(t, map[string]string{"ACCORD_PASSPHRASE": "wrong passphrase"}, "sign", "--key", keyFile, statement); code != 1 || !strings.Contains(errOut, "wrong passphrase") {
		t.Errorf("wrong passphrase: %d %s", code, errOut)
	}
}

// signedDemo starts an instance on a fresh database of engine, loads the
// demo and has its protocol signed by all, with keys in the data folder.
func signedDemo(t *testing.T, engine string) (context.Context, *Main, *demo.SigningReport) {
	t.Helper()
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "demo"})
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: sqltest.DSN(t, engine), DataDir: t.TempDir(), Migrate: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { m.Close() })
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, m.DB, accord.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	r, err := demo.LoadSignatures(ctx, m.DB, m.Log, m.Config.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, m, r
}

// TestVerifyAndLogVerify loads the demo, which signs the XXII protocol by
// all ten heads with keys kept in the data folder, then checks the bundle
// offline and the database against its log, and tampers with both.
func TestVerifyAndLogVerify(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			_, m, r := signedDemo(t, engine)
			data, dsn := m.Config.DataDir, m.Config.DB
			if r.Signatures != 10 || r.Required != 10 {
				t.Fatalf("demo signing: %+v", r)
			}
			code, out, errOut := cli(t, nil, "verify", r.BundlePath, "--trust", r.TrustPath)
			if code != 0 || !strings.Contains(out, "Verified: signed by all") || strings.Count(out, "  yes  ") != 10 {
				t.Fatalf("verify: %d\n%s\n%s", code, out, errOut)
			}
			dbArgs := []string{"--db", dsn, "--data", data}
			code, out, errOut = cli(t, nil, append([]string{"log", "verify"}, dbArgs...)...)
			if code != 0 || !strings.Contains(out, "The database matches its log.") || !strings.Contains(out, "signatures          10 checked") {
				t.Fatalf("log verify: %d\n%s\n%s", code, out, errOut)
			}

			// A bundle cut short, and one whose key is not the one enrolled.
			raw, _ := os.ReadFile(r.BundlePath)
			short := filepath.Join(data, "short.json")
			os.WriteFile(short, raw[:len(raw)-200], 0o600)
			if code, _, errOut := cli(t, nil, "verify", short, "--trust", r.TrustPath); code != 1 || !strings.Contains(errOut, "truncated") {
				t.Errorf("truncated bundle: %d %s", code, errOut)
			}
			var b translog.Bundle
			json.Unmarshal(raw, &b)
			skey, _, _ := translog.NewKey("sco-kz-head-demo")
			s, _ := note.NewSigner(skey)
			forged, _ := translog.SignStatement([]byte(b.Statement.Text), s)
			for i := range b.Signatures {
				if b.Signatures[i].State == "KZ" {
					b.Signatures[i].Note = string(forged)
				}
			}
			swapped := filepath.Join(data, "swapped.json")
			sb, _ := json.Marshal(b)
			os.WriteFile(swapped, sb, 0o600)
			if code, out, errOut := cli(t, nil, "verify", swapped, "--trust", r.TrustPath); code != 1 || !strings.Contains(errOut, "signature of KZ: the signature does not verify with the key enrolled for KZ") ||
				!strings.Contains(out, "NOT VERIFIED") {
				t.Errorf("swapped key: %d\n%s\n%s", code, out, errOut)
			}

			// Signatures hidden by the host: the bundle still verifies, but
			// the document is not shown to be in force.
			strip := func(b *translog.Bundle, state string) {
				b.Signatures = slices.DeleteFunc(b.Signatures, func(s translog.BundleSignature) bool { return state == "" || s.State == state })
			}
			for _, c := range []struct {
				name    string
				edit    func(b *translog.Bundle)
				partial bool
				code    int
				out     string
			}{
				{"signatures and completion stripped", func(b *translog.Bundle) { strip(b, ""); b.Completion = nil }, false, 1,
					"the document is not in force: the bundle holds no signature of BY, CN, IN, IR, KG, KZ, PK, RU, TJ, UZ"},
				{"signatures and completion stripped, partial allowed", func(b *translog.Bundle) { strip(b, ""); b.Completion = nil }, true, 0,
					"Verified, but not every signatory has signed yet (the bundle holds no signature of BY, CN"},
				{"one signature stripped", func(b *translog.Bundle) { strip(b, "KZ") }, false, 1, "NOT IN FORCE: the bundle holds no signature of KZ."},
				{"the completion stripped", func(b *translog.Bundle) { b.Completion = nil }, false, 1, "the document is not in force: the bundle holds no completion entry"},
				{"nothing stripped, partial allowed", func(b *translog.Bundle) {}, true, 0, "Verified: signed by all"},
			} {
				var b translog.Bundle
				if err := json.Unmarshal(raw, &b); err != nil {
					t.Fatal(err)
				}
				c.edit(&b)
				path := filepath.Join(data, "stripped.json")
				sb, _ := json.Marshal(b)
				os.WriteFile(path, sb, 0o600)
				args := []string{"verify", path, "--trust", r.TrustPath}
				if c.partial {
					args = append(args, "--allow-partial")
				}
				if code, out, errOut := cli(t, nil, args...); code != c.code || !strings.Contains(out+errOut, c.out) || strings.Contains(out, "NOT VERIFIED") {
					t.Errorf("%s: %d\n%s\n%s\nwant %d and %q", c.name, code, out, errOut, c.code, c.out)
				}
			}

			// The database edited behind the server's back.
			if err := tamper(dsn, `UPDATE document_versions SET body = replace(body, 'Стороны', 'Сторона') WHERE lang = 'ru' AND document_id = (SELECT id FROM documents WHERE reference = 'SCO/PGM/22/PROTOCOL')`); err != nil {
				t.Fatal(err)
			}
			if err := tamper(dsn, `DELETE FROM signatures WHERE state = 'IN'`); err != nil {
				t.Fatal(err)
			}
			code, out, _ = cli(t, nil, append([]string{"log", "verify"}, dbArgs...)...)
			if code != 1 || !strings.Contains(out, "(SCO/PGM/22/PROTOCOL, ru, revision 1) no longer matches its log entry") ||
				!strings.Contains(out, "but its row is missing: it was deleted") {
				t.Errorf("log verify after tampering: %d\n%s", code, out)
			}
		})
	}
}

// tamper edits the database behind the server's back, with a connection
// of its own.
func tamper(dsn, query string) error {
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(query)
	return err
}

// TestWitnessCosignsDemoLog runs 'accord witness' logic for the server's
// log, has the server submit its checkpoint, and verifies a bundle under a
// policy that requires that witness.
func TestWitnessCosignsDemoLog(t *testing.T) {
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "demo"})
	data := t.TempDir()
	wkeyFile := filepath.Join(data, "witness.key")
	code, out, errOut := cli(t, nil, "witness", "key", "--name", "kz-witness", "--out", wkeyFile)
	if code != 0 {
		t.Fatal(errOut)
	}
	wvkey := strings.TrimSpace(strings.TrimPrefix(out, "Witness public key: "))
	signer, err := loadLogSigner(filepath.Join(data, logKeyFile), "http://accord.test", true)
	if err != nil {
		t.Fatal(err)
	}
	w, err := newWitness(wkeyFile, []string{signer.VKey()}, filepath.Join(data, "witness-state.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	defer srv.Close()
	policy := filepath.Join(data, "witnesses.txt")
	os.WriteFile(policy, []byte("witness kz "+wvkey+" "+srv.URL+"\nquorum kz\n"), 0o600)
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: sqltest.DSN(t, sqlstore.SQLite), DataDir: data, Migrate: true, PublicURL: "http://accord.test",
		Witnesses: policy, MetricsAddr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer m.Close()
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, m.DB, accord.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	r, err := demo.LoadSignatures(ctx, m.DB, m.Log, data)
	if err != nil {
		t.Fatal(err)
	}
	trust := filepath.Join(data, "trust-witnessed.txt")
	os.WriteFile(trust, []byte("log "+signer.VKey()+"\nwitness kz "+wvkey+" "+srv.URL+"\nquorum kz\n"), 0o600)
	code, out, errOut = cli(t, nil, "verify", r.BundlePath, "--trust", trust)
	if code != 0 || !strings.Contains(out, "cosigned by kz-witness") {
		t.Fatalf("verify under a witness policy: %d\n%s\n%s", code, out, errOut)
	}
	// A policy naming another witness is not satisfied.
	other, _, _ := note.GenerateKey(rand.Reader, "ru-witness")
	oc, _ := translog.NewCosigner(other, nil)
	os.WriteFile(trust, []byte("log "+signer.VKey()+"\nwitness ru "+oc.VKey()+" http://ru.example\nquorum ru\n"), 0o600)
	if code, _, errOut := cli(t, nil, "verify", r.BundlePath, "--trust", trust); code != 1 || !strings.Contains(errOut, "lacks the witness cosignatures") {
		t.Errorf("unsatisfied policy: %d %s", code, errOut)
	}
	// The served checkpoint carries the cosignature.
	cp := fetch(t, m.URL()+"/log/checkpoint", 200)
	if !strings.Contains(cp, "— kz-witness ") {
		t.Errorf("served checkpoint is not cosigned:\n%s", cp)
	}
	if got := fetch(t, m.MetricsURL(), 200); !strings.Contains(got, `accord_witness_cosignings_total{result="cosigned",witness="kz-witness"}`) {
		t.Errorf("the metrics do not count the cosignature:\n%s", got)
	}
	// log trust with the server's witness policy prints a trust file that
	// accord verify accepts.
	code, out, errOut = cli(t, nil, "log", "trust", "--data", data, "--witnesses", policy)
	if code != 0 || !strings.Contains(out, "log "+signer.VKey()+"\n") || !strings.Contains(out, "\nwitness kz "+wvkey+" "+srv.URL+"\n") ||
		!strings.Contains(out, "\nquorum kz\n") || strings.Contains(out, "quorum none") {
		t.Fatalf("log trust --witnesses: %d\n%s\n%s", code, out, errOut)
	}
	os.WriteFile(trust, []byte(out), 0o600)
	if code, out, errOut := cli(t, nil, "verify", r.BundlePath, "--trust", trust); code != 0 || !strings.Contains(out, "cosigned by kz-witness") {
		t.Errorf("verify with the printed trust file: %d\n%s\n%s", code, out, errOut)
	}
}
