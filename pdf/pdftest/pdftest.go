// Package pdftest reads PDFs back for tests, with poppler's pdftotext, so
// that a test checks the text a reader's tools extract rather than the
// bytes the renderer wrote.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Text returns what pdftotext (with args, such as -layout) reads from b,
// or skips the test when pdftotext is not installed.
func Text(t testing.TB, b []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (Debian poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, f, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}
