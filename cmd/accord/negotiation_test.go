package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestNegotiation runs `accord negotiation`, the play of issue 11's "Done
// when", on both engines, so that the play cannot rot: it fails at the
// first answer that is not what the negotiation needs. Then it changes the
// bundle the play verified: a circulated revision's hash, the adopted
// revision's entry, an entry's data, and verify refuses each.
func TestNegotiation(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn, data := sqltest.DSN(t, engine), t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			var out, errOut bytes.Buffer
			if code := run(ctx, []string{"negotiation", "--db", dsn, "--data", data}, func(string) string { return "" }, &out, &errOut); code != 0 {
				t.Fatalf("accord negotiation: exit %d\n%s\n%s", code, out.String(), errOut.String())
			}
			got := out.String()
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`adoption of revision 2 by silence: not_adopted`),
				regexp.MustCompile(`adoption of revision 3 by silence: adopted`),
				regexp.MustCompile(`adopted revision 3 silence \S+ sha256 [0-9a-f]{64}`),
				regexp.MustCompile(`(?m)^1 +\S+ +[0-9a-f]{16}… +\d+ +no$`),
				regexp.MustCompile(`(?m)^2 +\S+ +[0-9a-f]{16}… +\d+ +no$`),
				regexp.MustCompile(`(?m)^3 +\S+ +[0-9a-f]{16}… +\d+ +yes$`),
				regexp.MustCompile(`Verified: signed by all`),
			} {
				if !want.MatchString(got) {
					t.Errorf("the play's output lacks %s:\n%s", want, got)
				}
			}
			if n := strings.Count(got, "accord sign --key"); n != 10 {
				t.Errorf("%d heads signed, want the ten members'", n)
			}
			if t.Failed() {
				return
			}
			raw, err := os.ReadFile(filepath.Join(data, "negotiation.bundle.json"))
			if err != nil {
				t.Fatal(err)
			}
			trust := filepath.Join(data, "negotiation-trust.txt")
			for _, c := range []struct {
				name, want string
				change     func(b map[string]any)
			}{
				{"a circulated revision's hash", "revision 2: the log entry at index", func(b map[string]any) {
					revision(b, 1)["sha256"] = strings.Repeat("0", 64)
				}},
				{"the adopted revision left out", "adopted revision 3: the log holds no such", func(b map[string]any) {
					b["revisions"] = b["revisions"].([]any)[:2]
				}},
				{"a revision's entry", "revision 1: not in the log", func(b map[string]any) {
					e := revision(b, 0)["entry"].(map[string]any)
					e["data"] = strings.Replace(e["data"].(string), `"`, `" `, 1)
				}},
				{"a revision's details", "revision 1: the log entry at index", func(b map[string]any) {
					e := revision(b, 0)["entry"].(map[string]any)
					e["details"] = strings.Replace(e["details"].(string), `"number":1`, `"number":7`, 1)
				}},
			} {
				var b map[string]any
				if err := json.Unmarshal(raw, &b); err != nil {
					t.Fatal(err)
				}
				c.change(b)
				changed, _ := json.Marshal(b)
				file := filepath.Join(t.TempDir(), "changed.bundle.json")
				if err := os.WriteFile(file, changed, 0o644); err != nil {
					t.Fatal(err)
				}
				var vout, verr bytes.Buffer
				code := run(ctx, []string{"verify", file, "--trust", trust}, func(string) string { return "" }, &vout, &verr)
				if code != 1 || !strings.Contains(vout.String()+verr.String(), c.want) {
					t.Errorf("verify of a bundle with %s changed: exit %d, want 1 naming %q\n%s%s", c.name, code, c.want, vout.String(), verr.String())
				}
			}
		})
	}
}

func revision(b map[string]any, i int) map[string]any {
	return b["revisions"].([]any)[i].(map[string]any)
}
