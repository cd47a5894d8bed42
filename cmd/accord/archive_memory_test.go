package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/filestore"
)

// TestArchiveLargeBagMemory exports a bag of two videos of 500 MiB each,
// Accord's limit (ACCORD_ARCHIVE_MIB sets the total, 1000 MiB unless set),
// and verifies it, each in a process of its own, and reports the peak RSS
// of each. The issue asks for memory under 100 MB, reported, not asserted:
// a machine's RSS is not the program's to promise. What is asserted is
// that the bag holds both files whole and verifies.
func TestArchiveLargeBagMemory(t *testing.T) {
	total := int64(1000) // 1.05 GB: two videos at Accord's limit of 500 MiB
	if s := os.Getenv("ACCORD_ARCHIVE_MIB"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 2 || n > 1000 {
			t.Fatalf("ACCORD_ARCHIVE_MIB=%q: want 2 to 1000 (two videos of at most 500 MiB each)", s)
		}
		total = n
	}
	ctx, m, sr := signedDemo(t, "sqlite")
	data, dsn := m.Config.DataDir, m.Config.DB
	files, err := filestore.New(filepath.Join(data, "files"))
	if err != nil {
		t.Fatal(err)
	}
	mt, err := m.DB.FindMeeting(ctx, "SCO", "PGM", 22)
	if err != nil {
		t.Fatal(err)
	}
	doc := &accord.Document{Reference: "SCO/PGM/22/VIDEO", Kind: accord.DocOther, Classification: accord.Public,
		AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: mt.ID}},
		Versions: []accord.DocumentVersion{{Lang: "en", Title: "Video messages (illustration: random bytes)", Body: "An illustration for the archive's memory test."}}}
	if err := m.DB.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	// Two files, as a council's video messages would be; each is the MP4
	// head Accord checks, then bytes no compression or deduplication
	// can shorten.
	size := total << 20 / 2
	var sums []string
	for i := range 2 {
		staged, err := files.Stage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(staged, 1<<20)
		w.Write([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"))
		rng := rand.NewChaCha8([32]byte{byte(i + 1)})
		buf := make([]byte, 1<<20)
		for written := int64(24); written < size; {
			n := min(int64(len(buf)), size-written)
			for j := 0; j+8 <= int(n); j += 8 {
				binary.LittleEndian.PutUint64(buf[j:], rng.Uint64())
			}
			w.Write(buf[:n])
			written += n
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		a := &accord.Attachment{DocumentID: doc.ID, Name: fmt.Sprintf("message-%d.mp4", i+1), MediaType: accord.MediaMP4, Size: staged.Size(), SHA256: staged.SHA256()}
		if err := m.DB.AddAttachment(ctx, a, staged); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, a.SHA256)
	}
	keyFile, trust := archiveSigner(t, data, sr.TrustPath)
	// The server must not hold the database while the children use it.
	m.Close()

	bag := filepath.Join(t.TempDir(), "sco-pgm")
	exportRSS, out := inChild(t, "archive", "export", "--org", "SCO", "--body", "PGM", "--out", bag, "--db", dsn, "--data", data, "--key", keyFile)
	for _, sum := range sums {
		found := false
		filepath.WalkDir(filepath.Join(bag, "data"), func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.Contains(path, sum) {
				if fi, err := d.Info(); err == nil && fi.Size() == size {
					found = true
				}
			}
			return nil
		})
		if !found {
			t.Errorf("the bag holds no file of %d bytes named by %s\n%s", size, sum, out)
		}
	}
	verifyRSS, out := inChild(t, "archive", "verify", bag, "--trust", trust)
	if !strings.Contains(out, "Verified: the bag is complete, signed, and in the log.") {
		t.Errorf("verify:\n%s", out)
	}
	t.Logf("a bag of %d MiB of attachments: export peaked at %s RSS, verify at %s (the issue's target: under 100 MB)", total, exportRSS, verifyRSS)
}

// archiveSigner makes the SCO secretariat's key for signing bags in data,
// sealed with "a long passphrase", and a trust file that names it beside
// the log's trust file at logTrust.
func archiveSigner(t *testing.T, data, logTrust string) (keyFile, trust string) {
	t.Helper()
	keyFile = filepath.Join(data, "sco-secretariat.key")
	vkey, err := newKeyFile("sco-secretariat", keyFile, []byte("a long passphrase"), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	lt, err := os.ReadFile(logTrust)
	if err != nil {
		t.Fatal(err)
	}
	trust = filepath.Join(data, "archive-trust.txt")
	if err := os.WriteFile(trust, append(lt, []byte("signer "+vkey+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	return keyFile, trust
}

// inChild runs an accord command in a child process (this test binary,
// running TestArchiveMemoryChild), so that its peak RSS is its own, and
// returns that peak and the command's output.
func inChild(t *testing.T, args ...string) (peak, output string) {
	t.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestArchiveMemoryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ACCORD_ARCHIVE_CHILD="+string(raw), "ACCORD_PASSPHRASE=a long passphrase")
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("accord %s: %v\n%s", strings.Join(args[:2], " "), err, b)
	}
	output = string(b)
	peak = "unknown"
	for line := range strings.Lines(output) {
		if v, ok := strings.CutPrefix(line, "peak RSS: "); ok {
			peak = strings.TrimSpace(v)
		}
	}
	return peak, output
}

// TestArchiveMemoryChild is the child process of TestArchiveLargeBagMemory:
// it runs the command its parent gives, then prints its own peak RSS. Run
// as an ordinary test, it has nothing to do.
func TestArchiveMemoryChild(t *testing.T) {
	raw := os.Getenv("ACCORD_ARCHIVE_CHILD")
	if raw == "" {
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	code := run(t.Context(), args, os.Getenv, os.Stdout, os.Stderr)
	status, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Printf("peak RSS: %s\n", strings.TrimSpace(v))
		}
	}
	if code != 0 {
		t.Fatalf("accord %v: exit %d", args, code)
	}
}
