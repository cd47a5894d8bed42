package sqlstore_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// sealedKinds are the entries about a document, which are sealed when the
// public may not read it.
var sealedKinds = []string{translog.KindDocumentVersion, translog.KindSigningStatement, translog.KindSignature, translog.KindSigningComplete}

// replay makes a checkpoint and replays the database against it.
func replay(t *testing.T, db *sqlstore.DB, l *translog.Log) *sqlstore.LogReport {
	t.Helper()
	cp, err := l.Checkpoint(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c, err := trustOf(t, l, "quorum none\n").VerifyCheckpoint(cp.Note)
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.VerifyLog(t.Context(), int64(c.Size), tlog.Hash(c.Hash))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func logEntries(t *testing.T, db *sqlstore.DB) []*translog.Entry {
	t.Helper()
	n, err := db.LogSize(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.LogEntries(t.Context(), 0, n)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestRestrictedEntriesNameNoDocument signs a restricted protocol and
// checks that every entry about it holds only a salted commitment: nothing
// in the public log says which document was signed, by whom, or with which
// text.
func TestRestrictedEntriesNameNoDocument(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f, _ := signedAll(t, db)
		seen := map[string]int{}
		for _, e := range logEntries(t, db) {
			if !slices.Contains(sealedKinds, e.Kind) {
				continue
			}
			seen[e.Kind]++
			var fields map[string]any
			if err := json.Unmarshal(e.Data, &fields); err != nil {
				t.Fatal(err)
			}
			if keys := slices.Sorted(maps.Keys(fields)); !slices.Equal(keys, []string{"commitment", "ref", "type", "v"}) ||
				fields["v"] != 2.0 || fields["ref"] != float64(e.Ref) || fields["type"] != e.Kind {
				t.Errorf("entry %d (%s %d) is not only a salted commitment: %s", e.Index, e.Kind, e.Ref, e.Data)
			}
			for _, leak := range []string{f.protocol.Reference, f.signing.StatementSHA256} {
				if strings.Contains(string(e.Data), leak) {
					t.Errorf("entry %d (%s) names %q: %s", e.Index, e.Kind, leak, e.Data)
				}
			}
		}
		if want := map[string]int{translog.KindDocumentVersion: 2, translog.KindSigningStatement: 1, translog.KindSignature: len(scoMembers), translog.KindSigningComplete: 1}; !maps.Equal(seen, want) {
			t.Errorf("entries about the protocol: %v, want %v", seen, want)
		}
	})
}

// TestSaltedCommitmentsOpenOnlyWithTheBundle checks that a sealed entry's
// commitment is not the plain hash of its details, which anyone could
// confirm by guessing; that the bundle opens it with the salt kept in the
// database; and that an altered salt, in the bundle or in the database, is
// caught.
func TestSaltedCommitmentsOpenOnlyWithTheBundle(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f, l := signedAll(t, db)
		d, err := db.FindDocument(ctx, f.protocol.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range d.Versions {
			e, err := db.LogEntryFor(ctx, translog.KindDocumentVersion, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			salt, err := db.LogSalt(ctx, translog.KindDocumentVersion, v.ID)
			if err != nil || len(salt) != translog.SaltSize {
				t.Fatalf("salt of version %d: %x, %v", v.ID, salt, err)
			}
			details := translog.NewVersionDetails(d, &v).Details()
			if strings.Contains(string(e.Data), translog.SHA256Hex(details)) || !strings.Contains(string(e.Data), translog.SHA256Hex(append(salt, details...))) {
				t.Errorf("version %s: entry %s is not SHA-256(salt || details)", v.Lang, e.Data)
			}
		}
		if _, err := db.LogSalt(ctx, translog.KindKeyEnrolment, f.signers["KZ"].key.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("salt of a key enrolment: %v, want not found", err)
		}

		raw, err := l.Bundle(ctx, db, f.protocol.ID)
		if err != nil {
			t.Fatal(err)
		}
		trust := trustOf(t, l, "quorum none\n")
		if r, err := translog.VerifyBundle(raw, trust); err != nil || !r.OK() || !r.SignedByAll {
			t.Fatalf("bundle: %+v, %v", r, err)
		}
		edit := func(fn func(b *translog.Bundle)) []byte {
			var b translog.Bundle
			if err := json.Unmarshal(raw, &b); err != nil {
				t.Fatal(err)
			}
			fn(&b)
			out, _ := json.Marshal(b)
			return out
		}
		flip := func(e *translog.BundleEntry) {
			salt, _ := hex.DecodeString(e.Salt)
			salt[0] ^= 1
			e.Salt = hex.EncodeToString(salt)
		}
		for _, c := range []struct {
			name, want string
			edit       func(b *translog.Bundle)
		}{
			{"a version's salt altered", "version ru: the log entry at index", func(b *translog.Bundle) { flip(&b.Versions[0].Entry) }},
			{"a version's salt left out", "version zh: the log entry at index", func(b *translog.Bundle) { b.Versions[1].Entry.Salt = "" }},
			{"the statement's salt altered", "signing statement: the log entry at index", func(b *translog.Bundle) { flip(&b.Statement.Entry) }},
			{"a signature's salt altered", "signature of " + "BY" + ": the log entry at index", func(b *translog.Bundle) { flip(&b.Signatures[0].Entry) }},
			{"the completion's salt altered", "completion: the log entry at index", func(b *translog.Bundle) { flip(b.Completion) }},
			{"a signature's details changed", "signature of CN: the log entry at index", func(b *translog.Bundle) {
				b.Signatures[1].Entry.Details = strings.Replace(b.Signatures[1].Entry.Details, `"state":"CN"`, `"state":"KZ"`, 1)
			}},
		} {
			r, err := translog.VerifyBundle(edit(c.edit), trust)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if all := strings.Join(r.Problems, "\n"); r.OK() || !strings.Contains(all, c.want) || !strings.Contains(all, "do not open the entry's commitment") && !strings.Contains(all, "salt is missing") {
				t.Errorf("%s: problems:\n%s\nwant one with %q", c.name, all, c.want)
			}
		}

		// The salts in the database.
		if r := replay(t, db, l); len(r.Problems) != 0 {
			t.Fatalf("clean database: %q", r.Problems)
		}
		s, err := db.FindSigning(ctx, f.protocol.ID)
		if err != nil {
			t.Fatal(err)
		}
		kz := s.SignatureOf("KZ")
		for _, c := range []struct {
			name, query string
			args        []any
		}{
			{"altered", `UPDATE log_salts SET salt = $1 WHERE kind = 'signature' AND ref = $2`, []any{translog.NewSalt(), kz.ID}},
			{"deleted", `DELETE FROM log_salts WHERE kind = 'signature' AND ref = $1`, []any{kz.ID}},
		} {
			if err := db.Tamper(ctx, c.query, c.args...); err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("signature %d (KZ on %s) no longer matches its log entry at index %d", kz.ID, f.protocol.Reference, kz.LogIndex)
			if r := replay(t, db, l); !strings.Contains(strings.Join(r.Problems, "\n"), want) {
				t.Errorf("a salt %s: problems %q, want %q", c.name, r.Problems, want)
			}
		}
	})
}

// downgrade rewrites the log as Accord wrote it before salts for the
// entries of kinds: the same entries in the same order, those of kinds in
// their unsalted form, and no salts kept for them. It is the log of a
// database that was upgraded.
func downgrade(t *testing.T, db *sqlstore.DB, f *signingFixture, kinds []string) {
	t.Helper()
	ctx := t.Context()
	d, err := db.FindDocument(ctx, f.protocol.ID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.FindSigning(ctx, f.protocol.ID)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		kind string
		ref  int64
	}
	unsalted := map[key][]byte{
		{translog.KindSigningStatement, s.ID}: translog.NewStatementEntry(s).Entry(nil),
		{translog.KindSigningComplete, s.ID}:  translog.NewCompleteEntry(s).Entry(nil),
	}
	for i := range d.Versions {
		unsalted[key{translog.KindDocumentVersion, d.Versions[i].ID}] = translog.NewVersionDetails(d, &d.Versions[i]).Entry(nil)
	}
	for _, sig := range s.Signatures {
		unsalted[key{translog.KindSignature, sig.ID}] = translog.NewSignatureEntry(s, sig).Entry(nil)
	}
	es := logEntries(t, db)
	for _, e := range es {
		if b, ok := unsalted[key{e.Kind, e.Ref}]; ok && slices.Contains(kinds, e.Kind) {
			e.Data = b
		}
	}
	for _, q := range []string{`DELETE FROM log_entries`, `DELETE FROM log_hashes`, `DELETE FROM log_checkpoints`, `UPDATE log_state SET size = 0`, `UPDATE log_tree SET size = 0`} {
		if err := db.Tamper(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range kinds {
		if err := db.Tamper(ctx, `DELETE FROM log_salts WHERE kind = $1`, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AppendLog(ctx, es); err != nil {
		t.Fatal(err)
	}
}

// TestUnsaltedEntriesStillVerify checks that entries logged before salts,
// which the append-only log keeps, still verify: replayed by 'accord log
// verify', and in bundles of both formats, alone or beside salted ones.
func TestUnsaltedEntriesStillVerify(t *testing.T) {
	for _, c := range []struct {
		name  string
		kinds []string
	}{
		{"every entry unsalted", sealedKinds},
		{"versions unsalted, the signing salted", []string{translog.KindDocumentVersion}},
		{"the statement unsalted, its signatures salted", []string{translog.KindSigningStatement}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
				ctx := t.Context()
				f, l := signedAll(t, db)
				downgrade(t, db, f, c.kinds)
				for _, e := range logEntries(t, db) {
					if v, _ := translog.SealVersion(e.Data); slices.Contains(sealedKinds, e.Kind) && (v == 2) == slices.Contains(c.kinds, e.Kind) {
						t.Fatalf("entry %d (%s) of entry version %d after the downgrade: %s", e.Index, e.Kind, v, e.Data)
					}
				}
				r := replay(t, db, l)
				if len(r.Problems) != 0 || r.Checked[translog.KindSignature] != len(scoMembers) || r.Checked[translog.KindDocumentVersion] != 2 {
					t.Fatalf("replay: %+v", r)
				}
				raw, err := l.Bundle(ctx, db, f.protocol.ID)
				if err != nil {
					t.Fatal(err)
				}
				trust := trustOf(t, l, "quorum none\n")
				if r, err := translog.VerifyBundle(raw, trust); err != nil || !r.OK() || !r.SignedByAll || !r.Versions[0].Matches {
					t.Fatalf("bundle: %+v, %v", r, err)
				}
				if len(c.kinds) < len(sealedKinds) {
					return
				}
				// A bundle of format v1, as Accord made it before salts.
				var b translog.Bundle
				if err := json.Unmarshal(raw, &b); err != nil {
					t.Fatal(err)
				}
				b.Format = translog.BundleFormatV1
				for i := range b.Versions {
					b.Versions[i].Details, b.Versions[i].Entry.Details = b.Versions[i].Entry.Details, ""
				}
				v1, _ := json.Marshal(b)
				if r, err := translog.VerifyBundle(v1, trust); err != nil || !r.OK() || !r.SignedByAll {
					t.Fatalf("bundle of format v1: %+v, %v", r, err)
				}
				b.Versions[0].Details = strings.Replace(b.Versions[0].Details, `"revision":1`, `"revision":2`, 1)
				v1, _ = json.Marshal(b)
				if r, _ := translog.VerifyBundle(v1, trust); r.OK() {
					t.Error("a v1 bundle with altered details verifies")
				}
			})
		})
	}
}
