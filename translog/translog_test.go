package translog_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord/translog"
	"github.com/transparency-dev/formats/log"
	fnote "github.com/transparency-dev/formats/note"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// cheapKDF keeps argon2id fast in tests; DefaultKDF's cost is the product's.
var cheapKDF = translog.KDF{Time: 1, MemoryKiB: 64, Threads: 1}

func fixedNow() time.Time { return time.Date(2024, 7, 25, 12, 0, 0, 0, time.UTC) }

// TestRootBuilderMatchesCompactRange checks the one-pass root against
// transparency-dev/merkle's compact ranges, an independent implementation,
// at every size up to 300 (past a full tile, and every odd shape).
func TestRootBuilderMatchesCompactRange(t *testing.T) {
	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	cr := rf.NewEmptyRange(0)
	var b translog.RootBuilder
	if got, want := b.Root(), tlog.Hash(rfc6962.DefaultHasher.EmptyRoot()); got != want {
		t.Fatalf("empty root %x, want %x", got, want)
	}
	for i := range 300 {
		data := []byte(fmt.Sprintf("entry %d", i))
		b.Add(data)
		if err := cr.Append(rfc6962.DefaultHasher.HashLeaf(data), nil); err != nil {
			t.Fatal(err)
		}
		want, err := cr.GetRootHash(nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Root(); !bytes.Equal(got[:], want) {
			t.Fatalf("size %d: root %x, want %x", i+1, got, want)
		}
	}
}

func TestTilePaths(t *testing.T) {
	for _, c := range []struct {
		path    string
		tile    tlog.Tile
		entries bool
	}{
		{"0/000", tlog.Tile{H: 8, L: 0, N: 0, W: 256}, false},
		{"1/x001/234", tlog.Tile{H: 8, L: 1, N: 1234, W: 256}, false},
		{"0/x001/x234/067.p/8", tlog.Tile{H: 8, L: 0, N: 1234067, W: 8}, false},
		{"entries/005.p/3", tlog.Tile{H: 8, L: 0, N: 5, W: 3}, true},
		{"entries/x002/000", tlog.Tile{H: 8, L: 0, N: 2000, W: 256}, true},
	} {
		tile, entries, err := translog.ParseTilePath(c.path)
		if err != nil || tile != c.tile || entries != c.entries {
			t.Errorf("ParseTilePath(%q) = %+v, %v, %v; want %+v, %v", c.path, tile, entries, err, c.tile, c.entries)
		}
		if back := translog.TilePath(c.tile, c.entries); back != c.path {
			t.Errorf("TilePath(%+v) = %q, want %q", c.tile, back, c.path)
		}
	}
	for _, bad := range []string{"", "0", "0/1", "0/0001", "x/000", "0/001.p/0", "0/001.p/256", "0/x001", "0/001/002", "-1/000", "0/abc", "01/000"} {
		if _, _, err := translog.ParseTilePath(bad); err == nil {
			t.Errorf("ParseTilePath(%q) accepted a bad path", bad)
		}
	}
}

func TestEntryBundleRoundTrip(t *testing.T) {
	in := [][]byte{[]byte("a"), {}, bytes.Repeat([]byte("x"), 1000)}
	b, err := translog.EntryBundle(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := translog.ParseEntryBundle(b)
	if err != nil || len(out) != 3 || !bytes.Equal(out[2], in[2]) || len(out[1]) != 0 {
		t.Fatalf("round trip: %q, %v", out, err)
	}
	if _, err := translog.ParseEntryBundle(b[:len(b)-1]); err == nil {
		t.Error("a truncated bundle parsed")
	}
	if _, err := translog.EntryBundle([][]byte{make([]byte, 1<<16)}); err == nil {
		t.Error("an entry over 65535 bytes was bundled")
	}
}

func TestKeyFile(t *testing.T) {
	skey, vkey, err := translog.NewKey("kg-head-2024")
	if err != nil {
		t.Fatal(err)
	}
	file, err := translog.SealKey(skey, vkey, []byte("correct horse battery"), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(file, []byte(strings.SplitN(skey, "+", 5)[4])) {
		t.Fatal("the key file holds the private key in the clear")
	}
	kf, err := translog.ParseKeyFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if kf.VKey != vkey || kf.Name != "kg-head-2024" {
		t.Fatalf("parsed %q %q", kf.Name, kf.VKey)
	}
	signer, err := kf.Open([]byte("correct horse battery"))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := translog.SignStatement([]byte("statement\n"), signer)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := note.NewVerifier(vkey)
	if _, err := note.Open(signed, note.VerifierList(v)); err != nil {
		t.Fatalf("signature does not verify with x/mod note: %v", err)
	}
	if _, err := kf.Open([]byte("wrong passphrase!")); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Errorf("wrong passphrase: %v", err)
	}
	// Altering the authenticated header breaks the file even with the
	// right passphrase.
	_, otherV, _ := translog.NewKey("kg-head-2024")
	tampered := bytes.Replace(file, []byte(vkey), []byte(otherV), 1)
	if kf2, err := translog.ParseKeyFile(tampered); err == nil {
		if _, err := kf2.Open([]byte("correct horse battery")); err == nil {
			t.Error("a key file with a swapped public key opened")
		}
	}
	if _, err := translog.ParseKeyFile(file[:len(file)/2]); err == nil {
		t.Error("a truncated key file parsed")
	}
	if _, err := translog.SealKey(skey, vkey, []byte("short"), cheapKDF); err == nil {
		t.Error("a short passphrase was accepted")
	}
}

func TestFingerprint(t *testing.T) {
	_, vkey, _ := translog.NewKey("a")
	fp, err := translog.Fingerprint(vkey)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$`).MatchString(fp) {
		t.Errorf("fingerprint %q is not eight groups of four base-32 characters", fp)
	}
	_, vkey2, _ := translog.NewKey("a")
	if fp2, _ := translog.Fingerprint(vkey2); fp2 == fp {
		t.Error("two keys share a fingerprint")
	}
	if _, err := translog.Fingerprint("not a key"); err == nil {
		t.Error("a bad key got a fingerprint")
	}
}

// newLogSigner returns a log signer for origin.
func newLogSigner(t *testing.T, origin string) *translog.LogSigner {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := translog.NewLogSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCheckpointFormats checks Accord's checkpoints with
// transparency-dev/formats and x/mod/sumdb/note.
func TestCheckpointFormats(t *testing.T) {
	s := newLogSigner(t, "accord.test/log")
	root := tlog.RecordHash([]byte("x"))
	cp, err := s.Sign(1, root)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(s.VKey())
	if err != nil {
		t.Fatal(err)
	}
	c, _, n, err := log.ParseCheckpoint(cp, "accord.test/log", v)
	if err != nil {
		t.Fatal(err)
	}
	if c.Size != 1 || !bytes.Equal(c.Hash, root[:]) || len(n.Sigs) != 1 {
		t.Errorf("parsed %+v with %d signatures", c, len(n.Sigs))
	}
	if _, _, _, err := log.ParseCheckpoint(bytes.Replace(cp, []byte("\n1\n"), []byte("\n2\n"), 1), "accord.test/log", v); err == nil {
		t.Error("a checkpoint with an altered size verified")
	}
}

// TestCosignerIsC2SP checks Accord's cosignatures with formats' verifier.
func TestCosignerIsC2SP(t *testing.T) {
	skey, _, _ := note.GenerateKey(rand.Reader, "kz-witness")
	c, err := translog.NewCosigner(skey, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	s := newLogSigner(t, "accord.test/log")
	cp, _ := s.Sign(3, tlog.RecordHash([]byte("y")))
	text, _, _ := strings.Cut(string(cp), "\n\n")
	signed, err := note.Sign(&note.Note{Text: text + "\n"}, c)
	if err != nil {
		t.Fatal(err)
	}
	v, err := fnote.NewVerifierForCosignatureV1(c.VKey())
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		t.Fatalf("formats does not verify the cosignature: %v", err)
	}
	ts, err := fnote.CoSigV1Timestamp(n.Sigs[0])
	if err != nil || !ts.Equal(fixedNow()) {
		t.Errorf("timestamp %v, %v; want %v", ts, err, fixedNow())
	}
}

// witnessFixture is a witness for one log, and the log's tree in memory.
type witnessFixture struct {
	signer  *translog.LogSigner
	witness *translog.Witness
	hashes  []tlog.Hash
}

func newWitnessFixture(t *testing.T) *witnessFixture {
	s := newLogSigner(t, "accord.test/log")
	v, _ := note.NewVerifier(s.VKey())
	wkey, _, _ := note.GenerateKey(rand.Reader, "kz-witness")
	c, err := translog.NewCosigner(wkey, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	return &witnessFixture{signer: s, witness: &translog.Witness{Cosigner: c, Logs: map[string]note.Verifier{s.Origin(): v},
		State: &translog.FileState{Path: filepath.Join(t.TempDir(), "state.json")}}}
}

func (f *witnessFixture) grow(t *testing.T, n int, prefix string) {
	for i := range n {
		data := []byte(fmt.Sprintf("%s %d", prefix, i))
		hs, err := tlog.StoredHashes(int64(len(f.leafCount())), data, tlog.HashReaderFunc(f.read))
		if err != nil {
			t.Fatal(err)
		}
		f.hashes = append(f.hashes, hs...)
	}
}

func (f *witnessFixture) leafCount() []struct{} {
	n := int64(0)
	for tlog.StoredHashCount(n) < int64(len(f.hashes)) {
		n++
	}
	return make([]struct{}, n)
}

func (f *witnessFixture) read(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = f.hashes[x]
	}
	return out, nil
}

func (f *witnessFixture) checkpoint(t *testing.T) (int64, []byte) {
	size := int64(len(f.leafCount()))
	root, err := tlog.TreeHash(size, tlog.HashReaderFunc(f.read))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := f.signer.Sign(size, root)
	if err != nil {
		t.Fatal(err)
	}
	return size, cp
}

func (f *witnessFixture) submit(t *testing.T, old int64, cp []byte) (int, string) {
	var body bytes.Buffer
	fmt.Fprintf(&body, "old %d\n", old)
	size, _ := f.checkpoint(t)
	if old > 0 && old < size {
		p, err := tlog.ProveTree(size, old, tlog.HashReaderFunc(f.read))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range p {
			fmt.Fprintf(&body, "%s\n", h)
		}
	}
	body.WriteString("\n")
	body.Write(cp)
	status, out, _ := f.witness.AddCheckpoint(body.Bytes())
	return status, string(out)
}

func TestWitness(t *testing.T) {
	f := newWitnessFixture(t)
	f.grow(t, 5, "entry")
	_, cp5 := f.checkpoint(t)
	if status, out := f.submit(t, 0, cp5); status != 200 || !strings.HasPrefix(out, "— kz-witness ") {
		t.Fatalf("first checkpoint: %d %q", status, out)
	}
	// A stale old size is answered with the size the witness knows.
	if status, out := f.submit(t, 0, cp5); status != 409 || out != "5\n" {
		t.Errorf("stale old size: %d %q, want 409 5", status, out)
	}
	f.grow(t, 7, "more")
	_, cp12 := f.checkpoint(t)
	status, out := f.submit(t, 5, cp12)
	if status != 200 {
		t.Fatalf("consistent checkpoint: %d %q", status, out)
	}
	v, _ := fnote.NewVerifierForCosignatureV1(f.witness.Cosigner.VKey())
	if _, err := note.Open(translog.AddCosignatures(cp12, []byte(out)), note.VerifierList(v)); err != nil {
		t.Errorf("cosigned checkpoint does not verify with formats: %v", err)
	}

	// A fork: another history of the same size as the one cosigned.
	fork := newWitnessFixture(t)
	fork.signer, fork.witness = f.signer, f.witness
	fork.grow(t, 12, "forked")
	_, forked := fork.checkpoint(t)
	if status, out := fork.submit(t, 12, forked); status != 409 || !strings.Contains(out, "forked") {
		t.Errorf("forked checkpoint of the same size: %d %q", status, out)
	}
	// A larger forked tree, whose proof from 12 cannot hold.
	fork.grow(t, 3, "forked more")
	_, forked15 := fork.checkpoint(t)
	if status, out := fork.submit(t, 12, forked15); status != 422 {
		t.Errorf("inconsistent checkpoint: %d %q", status, out)
	}
	// The witness still remembers 12.
	if status, out := f.submit(t, 0, cp12); status != 409 || out != "12\n" {
		t.Errorf("after the fork: %d %q", status, out)
	}
	// An unknown log and a bad signature.
	other := newLogSigner(t, "other.test/log")
	cpOther, _ := other.Sign(1, tlog.RecordHash([]byte("z")))
	if status, _ := f.submit(t, 0, cpOther); status != 404 {
		t.Errorf("unknown log: %d", status)
	}
	impostor := newLogSigner(t, "accord.test/log")
	cpImpostor, _ := impostor.Sign(12, tlog.RecordHash([]byte("z")))
	if status, _ := f.submit(t, 12, cpImpostor); status != 403 {
		t.Errorf("checkpoint signed by another key: %d", status)
	}
}

// TestWitnessClient runs the client against the witness over HTTP,
// including the 409 round trip that teaches it the witness's size.
func TestWitnessClient(t *testing.T) {
	f := newWitnessFixture(t)
	srv := httptest.NewServer(f.witness)
	defer srv.Close()
	v, _ := fnote.NewVerifierForCosignatureV1(f.witness.Cosigner.VKey())
	prove := func(old int64) ([]tlog.Hash, error) {
		size := int64(len(f.leafCount()))
		if old == 0 || old == size {
			return nil, nil
		}
		return tlog.ProveTree(size, old, tlog.HashReaderFunc(f.read))
	}
	f.grow(t, 3, "a")
	size, cp := f.checkpoint(t)
	// A witness that cosigned before this client started.
	if status, _ := f.submit(t, 0, cp); status != 200 {
		t.Fatal(status)
	}
	f.grow(t, 4, "b")
	size, cp = f.checkpoint(t)
	c := &translog.WitnessClient{URL: srv.URL + "/add-checkpoint", Verifier: v, HTTP: srv.Client()}
	lines, err := c.Submit(t.Context(), cp, size, prove)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open(translog.AddCosignatures(cp, lines), note.VerifierList(v)); err != nil {
		t.Fatal(err)
	}
	res, err := srv.Client().Get(srv.URL + "/add-checkpoint")
	if err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("GET: %v %v", res.StatusCode, err)
	}
}
