package sqlstore_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func newLog(t testing.TB, db *sqlstore.DB) *translog.Log {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, "accord.test/log")
	if err != nil {
		t.Fatal(err)
	}
	s, err := translog.NewLogSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return &translog.Log{Store: db, Signer: s}
}

func trustOf(t testing.TB, l *translog.Log, policy string) *translog.Trust {
	t.Helper()
	tr, err := translog.ParseTrust([]byte("log " + l.Signer.VKey() + "\n" + policy))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestLogRecordsVersions checks that storing a document version appends its
// entry in the same transaction, and that a document the public may not
// read is logged as a commitment only.
func TestLogRecordsVersions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		n, err := db.LogSize(ctx)
		if err != nil || n != 2 {
			t.Fatalf("log size %d, %v; want the protocol's 2 versions", n, err)
		}
		for _, v := range f.protocol.Versions {
			e, err := db.LogEntryFor(ctx, translog.KindDocumentVersion, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(e.Data, []byte("PROTOCOL")) || !bytes.Contains(e.Data, []byte(`"commitment"`)) {
				t.Errorf("restricted version logged in the clear: %s", e.Data)
			}
		}
		v := &accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "en", Title: "Protocol", Body: "The Prosecutors General ..."}
		if err := db.AddDocumentVersion(ctx, v); err != nil {
			t.Fatal(err)
		}
		e, err := db.LogEntryFor(ctx, translog.KindDocumentVersion, v.ID)
		if err != nil || e.Index != 2 {
			t.Fatalf("entry %+v, %v; want index 2", e, err)
		}
		// A refused version leaves no entry behind.
		if err := db.AddDocumentVersion(ctx, &accord.DocumentVersion{DocumentID: 99999, Lang: "en", Title: "x", Body: "y"}); err == nil {
			t.Fatal("a version of a missing document was stored")
		}
		if n, _ := db.LogSize(ctx); n != 3 {
			t.Errorf("log size %d after a refused write, want 3", n)
		}
		if _, err := db.LogEntryFor(ctx, translog.KindDocumentVersion, 424242); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("missing entry: %v, want not found", err)
		}
	})
}

// TestLogProofsAreIndependentlyValid appends entries in uneven batches and
// checks roots, inclusion and consistency proofs and tiles with
// transparency-dev/merkle, which shares no code with x/mod/sumdb/tlog.
func TestLogProofsAreIndependentlyValid(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		l := newLog(t, db)
		h := rfc6962.DefaultHasher
		rf := compact.RangeFactory{Hash: h.HashChildren}
		cr := rf.NewEmptyRange(0)
		var leaves [][]byte
		roots := map[int64][]byte{0: h.EmptyRoot()}
		for _, batch := range []int{1, 7, 300, 1, 211} {
			var es []*translog.Entry
			for range batch {
				data := fmt.Appendf(nil, `{"type":"test","n":%d}`, len(leaves)+len(es))
				es = append(es, &translog.Entry{Kind: "test", Ref: int64(len(leaves) + len(es)), Data: data})
			}
			if err := db.AppendLog(ctx, es); err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Index != int64(len(leaves)) {
					t.Fatalf("entry got index %d, want %d", e.Index, len(leaves))
				}
				leaves = append(leaves, h.HashLeaf(e.Data))
				cr.Append(leaves[len(leaves)-1], nil)
			}
			roots[int64(len(leaves))], _ = cr.GetRootHash(nil)
		}
		size := int64(len(leaves))
		for sz, want := range roots {
			got, err := l.Root(ctx, sz)
			if err != nil || !bytes.Equal(got[:], want) {
				t.Fatalf("root at %d: %x, %v; want %x", sz, got, err, want)
			}
		}
		for _, idx := range []int64{0, 1, 7, 255, 256, 300, size - 1} {
			for sz := range roots {
				if idx >= sz {
					continue
				}
				p, err := l.InclusionProof(ctx, idx, sz)
				if err != nil {
					t.Fatal(err)
				}
				if err := proof.VerifyInclusion(h, uint64(idx), uint64(sz), leaves[idx], hashBytes(p), roots[sz]); err != nil {
					t.Errorf("inclusion of %d in %d: %v", idx, sz, err)
				}
			}
		}
		for old := range roots {
			for sz := range roots {
				if old > sz {
					continue
				}
				p, err := l.ConsistencyProof(ctx, old, sz)
				if err != nil {
					t.Fatal(err)
				}
				if err := proof.VerifyConsistency(h, uint64(old), uint64(sz), hashBytes(p), roots[old], roots[sz]); err != nil {
					t.Errorf("consistency %d -> %d: %v", old, sz, err)
				}
			}
		}
		if _, err := l.InclusionProof(ctx, 0, size+1); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("proof beyond the log: %v", err)
		}
		// Tiles: the first full level-0 tile is the first 256 leaf hashes.
		tile, err := l.Tile(ctx, tlog.Tile{H: 8, L: 0, N: 0, W: 256})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(tile, bytes.Join(leaves[:256], nil)) {
			t.Error("tile 0/000 is not the first 256 leaf hashes")
		}
		partial, err := l.Tile(ctx, tlog.Tile{H: 8, L: 0, N: 2, W: int(size - 512)})
		if err != nil || !bytes.Equal(partial, bytes.Join(leaves[512:], nil)) {
			t.Errorf("partial tile: %v", err)
		}
		level1, err := l.Tile(ctx, tlog.Tile{H: 8, L: 1, N: 0, W: 2})
		first := rf.NewEmptyRange(0)
		for _, lh := range leaves[:256] {
			first.Append(lh, nil)
		}
		root256, _ := first.GetRootHash(nil)
		if err != nil || !bytes.Equal(level1[:32], root256) {
			t.Errorf("level-1 tile: %v", err)
		}
		if _, err := l.Tile(ctx, tlog.Tile{H: 8, L: 0, N: 2, W: 256}); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("a full tile beyond the log: %v", err)
		}
		eb, err := l.EntryBundle(ctx, tlog.Tile{H: 8, L: 0, N: 0, W: 3})
		if err != nil {
			t.Fatal(err)
		}
		es, err := translog.ParseEntryBundle(eb)
		if err != nil || len(es) != 3 || !bytes.Equal(h.HashLeaf(es[2]), leaves[2]) {
			t.Errorf("entry bundle: %d entries, %v", len(es), err)
		}
		// A checkpoint the formats library parses is made once per size.
		cp, err := l.Checkpoint(ctx)
		if err != nil || cp.Size != size {
			t.Fatalf("checkpoint %v, %v", cp, err)
		}
		c, err := trustOf(t, l, "quorum none\n").VerifyCheckpoint(cp.Note)
		if err != nil || !bytes.Equal(c.Hash, roots[size]) {
			t.Errorf("checkpoint: %v", err)
		}
	})
}

func hashBytes(p []tlog.Hash) [][]byte {
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = p[i][:]
	}
	return out
}

// signer is a head of delegation's key in a test.
type signer struct {
	note.Signer
	vkey string
	key  *accord.SigningKey
}

func newSigner(t testing.TB, name string) *signer {
	t.Helper()
	skey, vkey, err := translog.NewKey(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{Signer: s, vkey: vkey}
}

func (s *signer) sign(t testing.TB, text string) []byte {
	t.Helper()
	b, err := translog.SignStatement([]byte(text), s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signingFixture is the seed with a key enrolled for each member state of
// the SCO on 25 July 2024 and the protocol opened for signature.
type signingFixture struct {
	*fixture
	signers map[string]*signer
	signing *accord.Signing
}

var scoMembers = []string{"BY", "CN", "IN", "KG", "KZ", "PK", "RU"}

func newSigningFixture(t *testing.T, db *sqlstore.DB) *signingFixture {
	t.Helper()
	ctx := accord.WithActor(t.Context(), &accord.Actor{Label: "test"})
	f := &signingFixture{fixture: seed(t, db), signers: map[string]*signer{}}
	for _, st := range scoMembers {
		s := newSigner(t, "sco-"+strings.ToLower(st)+"-head")
		s.key = &accord.SigningKey{Organization: "SCO", State: st, Role: accord.RoleHeadOfDelegation, Person: "Prosecutor General of " + st,
			VKey: s.vkey, ValidFrom: date("2024-01-01"), ValidUntil: date("2024-12-31")}
		if err := db.EnrolKey(ctx, s.key); err != nil {
			t.Fatal(err)
		}
		f.signers[st] = s
	}
	var err error
	if f.signing, err = db.OpenSigning(ctx, f.protocol.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSigning(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := newSigningFixture(t, db)
		s := f.signing
		if got := len(s.Required); got != len(scoMembers) {
			t.Fatalf("%d signatories, want %d", got, len(scoMembers))
		}
		if !strings.Contains(s.Statement, "version ru revision 1 authentic sha256 "+f.protocol.Versions[0].SHA256) ||
			!strings.Contains(s.Statement, "version zh revision 1 authentic") || !strings.Contains(s.Statement, "signatory BY Belarus\n") {
			t.Errorf("statement:\n%s", s.Statement)
		}
		if _, err := db.OpenSigning(ctx, f.protocol.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("opened twice: %v", err)
		}

		// Refusals, each with its reason, and nothing stored.
		stranger := newSigner(t, "sco-pk-head")
		revoked := newSigner(t, "sco-ru-spare")
		revoked.key = &accord.SigningKey{Organization: "SCO", State: "RU", Role: accord.RoleHeadOfDelegation, Person: "Spare", VKey: revoked.vkey, ValidFrom: date("2024-01-01")}
		if err := db.EnrolKey(ctx, revoked.key); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeKey(ctx, revoked.key.ID, "the device was lost"); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeKey(ctx, revoked.key.ID, "again"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("revoked twice: %v", err)
		}
		before, _ := db.LogSize(ctx)
		for _, c := range []struct {
			name, state string
			note        []byte
			code, want  string
		}{
			{"unenrolled key", "PK", stranger.sign(t, s.Statement), accord.EINVALID, "is not enrolled"},
			{"revoked key", "RU", revoked.sign(t, s.Statement), accord.EINVALID, "was revoked on 2024-07-25: the device was lost"},
			{"another state's key", "PK", f.signers["IN"].sign(t, s.Statement), accord.EINVALID, "is enrolled for IN, not for PK"},
			{"another text", "PK", f.signers["PK"].sign(t, strings.Replace(s.Statement, "signatory PK", "signatory TR", 1)), accord.EINVALID, "not this document's signing statement"},
			{"not a note", "PK", []byte("hello"), accord.EINVALID, "not a signed note"},
			{"not a signatory", "TR", f.signers["PK"].sign(t, s.Statement), accord.EFORBIDDEN, "TR is not among the signatories"},
		} {
			_, err := db.AddSignature(ctx, f.protocol.ID, c.state, c.note)
			if accord.ErrorCode(err) != c.code || !strings.Contains(accord.ErrorMessage(err), c.want) {
				t.Errorf("%s: %v; want %s with %q", c.name, err, c.code, c.want)
			}
		}
		if after, _ := db.LogSize(ctx); after != before {
			t.Errorf("refused signatures changed the log from %d to %d entries", before, after)
		}

		for i, st := range scoMembers {
			sig, err := db.AddSignature(ctx, f.protocol.ID, st, f.signers[st].sign(t, s.Statement))
			if err != nil {
				t.Fatalf("%s: %v", st, err)
			}
			got, err := db.FindSigning(ctx, f.protocol.ID)
			if err != nil {
				t.Fatal(err)
			}
			if last := i == len(scoMembers)-1; got.SignedByAll() != last {
				t.Errorf("after %s: signed by all = %v", st, got.SignedByAll())
			}
			if got.SignatureOf(st).LogIndex != sig.LogIndex || sig.LogIndex <= 0 {
				t.Errorf("%s: log index %d", st, sig.LogIndex)
			}
		}
		if _, err := db.AddSignature(ctx, f.protocol.ID, "PK", f.signers["PK"].sign(t, s.Statement)); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("signature after completion: %v", err)
		}
		keys, err := db.ListSigningKeys(ctx, "SCO")
		if err != nil || len(keys) != len(scoMembers)+1 || keys[0].LogIndex < 0 || keys[len(keys)-1].RevocationLogIndex == 0 {
			t.Errorf("keys: %d, %v", len(keys), err)
		}
	})
}

// signedAll signs the fixture's protocol by every member and returns the
// log, with its checkpoint made.
func signedAll(t *testing.T, db *sqlstore.DB) (*signingFixture, *translog.Log) {
	t.Helper()
	f := newSigningFixture(t, db)
	for _, st := range scoMembers {
		if _, err := db.AddSignature(t.Context(), f.protocol.ID, st, f.signers[st].sign(t, f.signing.Statement)); err != nil {
			t.Fatal(err)
		}
	}
	return f, newLog(t, db)
}

func TestBundleVerifiesOffline(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f, l := signedAll(t, db)
		raw, err := l.Bundle(ctx, db, f.protocol.ID)
		if err != nil {
			t.Fatal(err)
		}
		trust := trustOf(t, l, "quorum none\n")
		r, err := translog.VerifyBundle(raw, trust)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() || !r.SignedByAll || len(r.States) != len(scoMembers) || len(r.Versions) != 2 {
			t.Fatalf("report: %+v", r)
		}
		for _, v := range r.Versions {
			if !v.Matches || !v.Authentic {
				t.Errorf("version %+v", v)
			}
		}

		// Tampering with the bundle.
		for _, c := range []struct {
			name, want string
			edit       func([]byte) []byte
		}{
			{"truncated", "truncated", func(b []byte) []byte { return b[:len(b)/2] }},
			{"changed Russian text", "version ru: the text's SHA-256", func(b []byte) []byte {
				return bytes.Replace(b, []byte("Генеральные прокуроры"), []byte("Генеральные прокурорЫ"), 1)
			}},
			{"key swapped for one not enrolled", "signature of PK: the signature does not verify", func(b []byte) []byte {
				good := f.signers["PK"].sign(t, f.signing.Statement)
				bad := newSigner(t, "sco-pk-head").sign(t, f.signing.Statement)
				return bytes.Replace(b, jsonString(good), jsonString(bad), 1)
			}},
			{"statement edited", "signing statement: its SHA-256", func(b []byte) []byte {
				return bytes.ReplaceAll(b, []byte("signatory KZ"), []byte("signatory TR"))
			}},
		} {
			r, err := translog.VerifyBundle(c.edit(bytes.Clone(raw)), trust)
			msg := ""
			switch {
			case err != nil:
				msg = err.Error()
			case r.OK():
				t.Errorf("%s: the bundle still verifies", c.name)
				continue
			default:
				msg = strings.Join(r.Problems, "\n")
			}
			if !strings.Contains(msg, c.want) {
				t.Errorf("%s: %s; want %q", c.name, msg, c.want)
			}
		}
		// Another log's key is not trusted.
		other := newLog(t, db)
		if r, _ := translog.VerifyBundle(raw, trustOf(t, other, "quorum none\n")); r.OK() {
			t.Error("verified with another log's key")
		}
	})
}

func jsonString(b []byte) []byte {
	s := fmt.Sprintf("%q", string(b))
	return []byte(strings.ReplaceAll(s, `\u2014`, "—"))
}

// TestLogVerifyCatchesTampering edits the database behind the server's back
// and checks that replaying it against the log names what changed.
func TestLogVerifyCatchesTampering(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f, l := signedAll(t, db)
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		trust := trustOf(t, l, "quorum none\n")
		c, err := trust.VerifyCheckpoint(cp.Note)
		if err != nil {
			t.Fatal(err)
		}
		verify := func() *sqlstore.LogReport {
			r, err := db.VerifyLog(ctx, int64(c.Size), tlog.Hash(c.Hash))
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if r := verify(); len(r.Problems) != 0 || r.Checked[translog.KindSignature] != len(scoMembers) || r.Checked[translog.KindAuditBatch] == 0 {
			t.Fatalf("clean database: %+v", r)
		}
		ru := f.protocol.Versions[0]
		signing, err := db.FindSigning(ctx, f.protocol.ID)
		if err != nil {
			t.Fatal(err)
		}
		kz := signing.SignatureOf("KZ")
		steps := []struct {
			name, want string
			tamper     func() error
			undo       func() error
		}{
			// The replay keeps only each entry's SHA-256: the field it
			// names comes from reading the logged entry again.
			{"one character of the signed Russian version", fmt.Sprintf("document version %d (SCO/PGM/XXII/PROTOCOL, ru, revision 1) no longer matches its log entry at index 0: commitment is now", ru.ID),
				func() error {
					return db.Tamper(ctx, `UPDATE document_versions SET body = $1 WHERE id = $2`, strings.Replace(ru.Body, "Г", "Х", 1), ru.ID)
				},
				func() error {
					return db.Tamper(ctx, `UPDATE document_versions SET body = $1 WHERE id = $2`, ru.Body, ru.ID)
				}},
			{"a signature row dropped", fmt.Sprintf("signature %d is in the log at index %d but its row is missing", kz.ID, kz.LogIndex), func() error {
				return db.Tamper(ctx, `DELETE FROM signatures WHERE state = 'KZ'`)
			}, nil},
			{"two log leaves reordered", "log entry 3 (key_enrolment 3) does not hash to the tree's leaf 3", func() error {
				if err := db.Tamper(ctx, `UPDATE log_entries SET idx = 1000000 WHERE idx = 3`); err != nil {
					return err
				}
				if err := db.Tamper(ctx, `UPDATE log_entries SET idx = 3 WHERE idx = 4`); err != nil {
					return err
				}
				return db.Tamper(ctx, `UPDATE log_entries SET idx = 4 WHERE idx = 1000000`)
			}, nil},
			{"an audit record altered", "was altered: its SHA-256 is", func() error {
				return db.Tamper(ctx, `UPDATE audit_log SET record = replace(record, 'signing.open', 'signing.opened') WHERE action = 'signing.open'`)
			}, nil},
		}
		for _, s := range steps {
			if err := s.tamper(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			r := verify()
			all := strings.Join(r.Problems, "\n")
			if !strings.Contains(all, s.want) {
				t.Errorf("%s: problems\n%s\nwant one with %q", s.name, all, s.want)
			}
			if s.undo != nil {
				if err := s.undo(); err != nil {
					t.Fatal(err)
				}
			}
		}
		r := verify()
		t.Logf("after all tampering:\n%s", strings.Join(r.Problems, "\n"))
		if len(r.Problems) < 3 {
			t.Errorf("after all tampering: %q", r.Problems)
		}
	})
}

// TestHandoverIsLogged checks that a chair handover is a log entry, and
// that rewriting the term it opened is caught.
func TestHandoverIsLogged(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		seed(t, db)
		if err := db.SetRotationRule(ctx, scoRule()); err != nil {
			t.Fatal(err)
		}
		m23 := planned(t, db, 23, "PK", "2025-06-01")
		res, err := db.Handover(ctx, &accord.Handover{Organization: "SCO", Body: "PGM", MeetingID: m23.ID})
		if err != nil {
			t.Fatal(err)
		}
		e, err := db.LogEntryFor(ctx, translog.KindChairHandover, res.Opened.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(e.Data, []byte(`"from":"PK"`)) || !bytes.Contains(e.Data, []byte(`"to":"RU"`)) {
			t.Errorf("handover entry %s", e.Data)
		}
		l := newLog(t, db)
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := trustOf(t, l, "quorum none\n").VerifyCheckpoint(cp.Note)
		r, err := db.VerifyLog(ctx, int64(c.Size), tlog.Hash(c.Hash))
		if err != nil || len(r.Problems) != 0 {
			t.Fatalf("clean: %v %q", err, r.Problems)
		}
		if err := db.Tamper(ctx, `UPDATE chair_terms SET state = 'KZ' WHERE id = $1`, res.Opened.ID); err != nil {
			t.Fatal(err)
		}
		r, err = db.VerifyLog(ctx, int64(c.Size), tlog.Hash(c.Hash))
		if err != nil {
			t.Fatal(err)
		}
		if want := "the handover of the chair of SCO PGM from PK to RU on 2025-06-01 no longer matches its log entry"; !strings.Contains(strings.Join(r.Problems, "\n"), want) {
			t.Errorf("problems %q, want %q", r.Problems, want)
		}
	})
}
