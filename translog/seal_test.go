package translog_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// sealFixture is one record of each sealed kind, as a restricted document
// has them.
func sealFixture() (translog.VersionDetails, translog.StatementEntry, translog.SignatureEntry, translog.CompleteEntry) {
	at := time.Date(2024, 7, 25, 9, 30, 0, 123456000, time.UTC)
	d := &accord.Document{ID: 7, Reference: "SCO/PGM/XXII/PROTOCOL", Classification: accord.Restricted}
	v := &accord.DocumentVersion{ID: 11, DocumentID: 7, Lang: "ru", Revision: 1, Title: "Протокол", Body: "Генеральные прокуроры", CreatedAt: at}
	s := &accord.Signing{ID: 3, DocumentID: 7, Statement: "Accord signing statement v1\ndocument 7 SCO/PGM/XXII/PROTOCOL\n", OpenedAt: at, CompletedAt: at}
	sig := &accord.Signature{ID: 5, SigningID: 3, State: "KZ", KeyID: 2, Note: s.Statement + "\n— sco-kz-head AAAA\n", SignedAt: at, LogIndex: 9}
	s.Signatures = []*accord.Signature{sig}
	return translog.NewVersionDetails(d, v), translog.NewStatementEntry(s), translog.NewSignatureEntry(s, sig), translog.NewCompleteEntry(s)
}

// TestEntriesWithoutSaltKeepTheirForm pins the entries as Accord logged
// them before salts, byte for byte: 'accord log verify' recomputes them so
// for rows that have no salt, and the log is append-only.
func TestEntriesWithoutSaltKeepTheirForm(t *testing.T) {
	v, st, sig, c := sealFixture()
	for _, c := range []struct {
		name string
		got  []byte
		want string
	}{
		{"sealed version", v.Entry(nil), `{"type":"document_version","version_id":11,"commitment":"800b34c78e4187edcc9ed73d13c6190cfe26c0774d469c0e001e1eee97950d20"}`},
		{"version details", v.Details(), `{"type":"document_version","version_id":11,"document_id":7,"reference":"SCO/PGM/XXII/PROTOCOL","classification":"restricted","lang":"ru","revision":1,"sha256":"e6860abf0a5265d8e92c2e14c0661bb6db1bc96d67888150844153d238ccec1e","created_at":"2024-07-25T09:30:00.123456Z"}`},
		{"statement", st.Entry(nil), `{"type":"signing_statement","signing_id":3,"document_id":7,"statement_sha256":"6e2b80e3f2d141dbb9e3dae5dc170a0f6afcb5f4ee58b936cc64550ffbcef008","opened_at":"2024-07-25T09:30:00.123456Z"}`},
		{"signature", sig.Entry(nil), `{"type":"signature","signature_id":5,"signing_id":3,"statement_sha256":"6e2b80e3f2d141dbb9e3dae5dc170a0f6afcb5f4ee58b936cc64550ffbcef008","state":"KZ","key_id":2,"signature":"— sco-kz-head AAAA\n","signed_at":"2024-07-25T09:30:00.123456Z"}`},
		{"completion", c.Entry(nil), `{"type":"signing_complete","signing_id":3,"statement_sha256":"6e2b80e3f2d141dbb9e3dae5dc170a0f6afcb5f4ee58b936cc64550ffbcef008","signatures":[{"state":"KZ","signature_id":5,"log_index":9}],"completed_at":"2024-07-25T09:30:00.123456Z"}`},
	} {
		if string(c.got) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, c.got, c.want)
		}
	}
}

// TestSaltedEntriesHoldOnlyACommitment checks the sealed form of each kind:
// its type, entry version, own row id and SHA-256(salt || details), which a
// guess of the details alone does not confirm.
func TestSaltedEntriesHoldOnlyACommitment(t *testing.T) {
	v, st, sig, c := sealFixture()
	salt := translog.NewSalt()
	if len(salt) != translog.SaltSize || bytes.Equal(salt, translog.NewSalt()) {
		t.Fatalf("salt %x", salt)
	}
	for _, c := range []struct {
		kind    string
		ref     int64
		entry   []byte
		details []byte
	}{
		{translog.KindDocumentVersion, 11, v.Entry(salt), v.Details()},
		{translog.KindSigningStatement, 3, st.Entry(salt), st.Bytes()},
		{translog.KindSignature, 5, sig.Entry(salt), sig.Bytes()},
		{translog.KindSigningComplete, 3, c.Entry(salt), c.Bytes()},
	} {
		var got map[string]any
		if err := json.Unmarshal(c.entry, &got); err != nil {
			t.Fatal(err)
		}
		keys := make([]string, 0, len(got))
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		salted := sha256.Sum256(append(bytes.Clone(salt), c.details...))
		plain := sha256.Sum256(c.details)
		if strings.Join(keys, ",") != "commitment,ref,type,v" || got["type"] != c.kind || got["v"] != 2.0 || got["ref"] != float64(c.ref) ||
			got["commitment"] != hex.EncodeToString(salted[:]) || got["commitment"] == hex.EncodeToString(plain[:]) {
			t.Errorf("%s: %s", c.kind, c.entry)
		}
		if v, err := translog.SealVersion(c.entry); v != 2 || err != nil {
			t.Errorf("%s: entry version %d, %v", c.kind, v, err)
		}
	}
	if sv, _ := translog.SealVersion(v.Entry(nil)); sv != 1 {
		t.Errorf("unsalted sealed version: entry version %d", sv)
	}
	if sv, _ := translog.SealVersion(st.Entry(nil)); sv != 0 {
		t.Errorf("statement in the clear: entry version %d", sv)
	}
}
