package filestore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/filestore"
)

func stage(t *testing.T, d *filestore.Dir, content string) accord.StagedFile {
	t.Helper()
	f, err := d.Stage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, content); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestKeepOpenDiscard: a kept file is found under its hash, once however
// often it is kept; a discarded one leaves nothing behind.
func TestKeepOpenDiscard(t *testing.T) {
	root := t.TempDir()
	d, err := filestore.New(root)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("%PDF-1.7 statement"))
	want := hex.EncodeToString(sum[:])
	for range 2 {
		f := stage(t, d, "%PDF-1.7 statement")
		head := make([]byte, 5)
		if _, err := f.ReadAt(head, 0); err != nil || string(head) != "%PDF-" {
			t.Fatalf("ReadAt: %q, %v", head, err)
		}
		if f.SHA256() != want || f.Size() != 18 {
			t.Fatalf("staged %s, %d bytes; want %s, 18", f.SHA256(), f.Size(), want)
		}
		if err := f.Keep(); err != nil {
			t.Fatal(err)
		}
		if err := f.Discard(); err != nil { // after Keep: nothing to do
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "sha256", want[:2], want)); err != nil {
		t.Fatal(err)
	}
	r, err := d.Open(context.Background(), want)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	r.Close()
	if string(b) != "%PDF-1.7 statement" {
		t.Fatalf("read back %q", b)
	}

	f := stage(t, d, "refused")
	if err := f.Discard(); err != nil {
		t.Fatal(err)
	}
	if err := f.Keep(); err == nil {
		t.Fatal("a discarded file was kept")
	}
	if tmp, _ := os.ReadDir(filepath.Join(root, "tmp")); len(tmp) != 0 {
		t.Fatalf("staging area keeps %d files", len(tmp))
	}
}

func TestOpenRefusesOtherNames(t *testing.T) {
	d, err := filestore.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for sum, code := range map[string]string{
		"../../../../etc/passwd":             accord.EINVALID,
		"ABCDEF" + string(make([]byte, 58)):  accord.EINVALID,
		hex.EncodeToString(make([]byte, 32)): accord.ENOTFOUND,
	} {
		if _, err := d.Open(context.Background(), sum); accord.ErrorCode(err) != code {
			t.Errorf("Open(%q): %v, want %s", sum, err, code)
		}
	}
}
