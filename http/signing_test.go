package http_test

import (
	"crypto/rand"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

// signingLog returns a transparency log over db, after opening the XXII
// protocol for signature, so that the signing routes have something to
// show to every role of the matrix.
func signingLog(t *testing.T, db *sqlstore.DB) *translog.Log {
	t.Helper()
	ctx := accord.WithActor(t.Context(), &accord.Actor{Label: "test"})
	skey, _, err := note.GenerateKey(rand.Reader, "accord.test/log")
	if err != nil {
		t.Fatal(err)
	}
	s, err := translog.NewLogSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Reference == "SCO/PGM/22/PROTOCOL" {
			if _, err := db.OpenSigning(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return &translog.Log{Store: db, Signer: s}
}

// signingMatrix is the authorization matrix of the signing and log routes.
func signingMatrix() map[string][]matrixCase {
	return map[string][]matrixCase{
		"signing": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/signing", want: every(200)},
			{path: "/documents/{doc:SCO/PGM/22/MEASURES-DRAFT}/signing", want: every(404, roleDelegation, 200, roleHead, 200, roleChair, 200, roleSecretariat, 200)},
		},
		// Opened already: those who may open it are told so.
		"signing_open": {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/signing", want: every(403, rolePublic, 401, roleSecretariat, 409)}},
		// Only a head of delegation signs; this one sends no signed note.
		"signature_add": {{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/signatures", body: `{"signature":"not a note"}`,
			want: every(403, rolePublic, 401, roleHead, 400)}},
		"signing_statement": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/statement", want: every(200)},
			{path: "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}/statement", want: every(404)},
		},
		"bundle": {
			{path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/bundle", want: every(200)},
			{path: "/documents/{doc:OTS/CGP/3/REPORT/SEC}/bundle", want: every(404)},
		},
		"signing_keys":       {{path: "/organizations/SCO/signing-keys", want: every(200)}},
		"signing_key_enrol":  {{method: "POST", path: "/organizations/SCO/signing-keys", body: `{"vkey":"bad","state":"PK","person":"X"}`, want: every(403, rolePublic, 401, roleSecretariat, 400)}},
		"signing_key_revoke": {{method: "POST", path: "/organizations/SCO/signing-keys/999999/revoke", body: `{"reason":"lost"}`, want: every(403, rolePublic, 401, roleSecretariat, 404)}},
		"log_checkpoint":     {{path: "/log/checkpoint", want: every(200)}},
		"log_tile": {
			{path: "/log/tile/0/000.p/1", want: every(200)},
			{path: "/log/tile/entries/000.p/1", want: every(200)},
			{path: "/log/tile/0/999", want: every(404)},
		},
		"log_inclusion_proof":   {{path: "/log/proof/inclusion?index=0&size=2", want: every(200)}},
		"log_consistency_proof": {{path: "/log/proof/consistency?old=1&size=2", want: every(200)}},
	}
}

// TestSignOverHTTP walks the whole flow through the API: the secretariat
// enrols a key after checking its fingerprint, the head of delegation of
// Pakistan downloads the statement, signs it offline and uploads it; a
// refused upload says why; the bundle verifies offline.
func TestSignOverHTTP(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		doc := strconv.FormatInt(f.docs["SCO/PGM/22/PROTOCOL"], 10)
		skey, vkey, err := translog.NewKey("pk-head")
		if err != nil {
			t.Fatal(err)
		}
		fp, _ := translog.Fingerprint(vkey)
		sec, head := f.session(t, roleSecretariat), f.session(t, roleHead)
		body := func(kv ...string) string {
			m := map[string]string{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i]] = kv[i+1]
			}
			b, _ := json.Marshal(m)
			return string(b)
		}
		res := f.do(t, request{method: "POST", path: "/api/v1/organizations/SCO/signing-keys", cookie: sec,
			body: body("vkey", vkey, "fingerprint", "AAAA-BBBB", "state", "PK", "person", "Attorney General for Pakistan", "valid_from", "2025-01-01")})
		if res.status != 400 || !strings.Contains(res.body, `"field": "fingerprint"`) {
			t.Fatalf("wrong fingerprint: %d %s", res.status, res.body)
		}
		// The refusal says only that it does not match: telling the right
		// fingerprint would let the secretariat read it back to the holder
		// instead of hearing it from them.
		form := f.do(t, request{method: "POST", path: "/organizations/SCO/signing-keys", cookie: sec,
			body:   url.Values{"vkey": {vkey}, "fingerprint": {"AAAA-BBBB"}, "state": {"PK"}, "person": {"Attorney General for Pakistan"}}.Encode(),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
		for _, r := range []response{res, form} {
			if r.status != 400 || strings.Contains(r.body, fp) || strings.Contains(r.body, fp[:9]) || !strings.Contains(r.body, "does not match") {
				t.Errorf("a wrong fingerprint's refusal (%d) tells the right one, or not that it does not match:\n%s", r.status, r.body)
			}
		}
		res = f.do(t, request{method: "POST", path: "/api/v1/organizations/SCO/signing-keys", cookie: sec,
			body: body("vkey", vkey, "fingerprint", fp, "state", "PK", "person", "Attorney General for Pakistan", "valid_from", "2025-01-01")})
		if res.status != 201 {
			t.Fatalf("enrol: %d %s", res.status, res.body)
		}
		stmt := f.do(t, request{path: "/documents/" + doc + "/statement", cookie: head})
		if stmt.status != 200 || !strings.HasPrefix(stmt.body, "Accord signing statement v1\n") {
			t.Fatalf("statement: %d %s", stmt.status, stmt.body)
		}
		signer, _ := note.NewSigner(skey)
		signed, err := translog.SignStatement([]byte(stmt.body), signer)
		if err != nil {
			t.Fatal(err)
		}
		other, _, _ := translog.NewKey("pk-head")
		otherSigner, _ := note.NewSigner(other)
		forged, _ := translog.SignStatement([]byte(stmt.body), otherSigner)
		res = f.do(t, request{method: "POST", path: "/api/v1/documents/" + doc + "/signatures", cookie: head, body: body("signature", string(forged))})
		if res.status != 400 || !strings.Contains(res.body, "is not enrolled") {
			t.Errorf("unenrolled key: %d %s", res.status, res.body)
		}
		res = f.do(t, request{method: "POST", path: "/api/v1/documents/" + doc + "/signatures", cookie: head, body: body("signature", string(signed))})
		if res.status != 201 {
			t.Fatalf("sign: %d %s", res.status, res.body)
		}
		var v struct {
			States []struct {
				State  string
				Signed bool
			}
		}
		if err := json.Unmarshal([]byte(res.body), &v); err != nil {
			t.Fatal(err)
		}
		signedStates := 0
		for _, s := range v.States {
			if s.Signed {
				signedStates++
				if s.State != "PK" {
					t.Errorf("%s shows as signed", s.State)
				}
			}
		}
		if signedStates != 1 || len(v.States) < 9 {
			t.Errorf("states: %+v", v.States)
		}
		page := f.do(t, request{path: "/documents/" + doc + "/signing", cookie: head})
		if page.status != 200 || !strings.Contains(page.body, "Signed by 1 of") {
			t.Errorf("page: %d", page.status)
		}
		bundle := f.do(t, request{path: "/documents/" + doc + "/bundle"})
		if bundle.status != 200 {
			t.Fatalf("bundle: %d %s", bundle.status, bundle.body)
		}
		cp := f.do(t, request{path: "/log/checkpoint"})
		origin, _, _ := strings.Cut(cp.body, "\n")
		if cp.status != 200 || origin != "accord.test/log" {
			t.Fatalf("checkpoint: %d %q", cp.status, cp.body)
		}
		logKey := f.logKey
		trust, err := translog.ParseTrust([]byte("log " + logKey + "\nquorum none\n"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := translog.VerifyBundle([]byte(bundle.body), trust)
		if err != nil || !r.OK() || r.SignedByAll {
			t.Fatalf("bundle: %+v, %v", r, err)
		}
		for _, s := range r.States {
			if s.Signed != (s.State == "PK") {
				t.Errorf("bundle says %s signed: %v", s.State, s.Signed)
			}
		}
	})
}
