package main

import (
	"strings"
	"testing"

	"github.com/accord-org/accord/internal/golden"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestChairsCommands runs the chairs commands on the demo data as a user
// does, on each engine: the forecast and the replay of the history (against
// golden files), then handovers that are refused, and handovers by rule and
// by decision, after which the forecast continues from the decision.
func TestChairsCommands(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			db := []string{"--db", sqltest.DSN(t, engine), "--data", t.TempDir()}
			cli := func(args ...string) (int, string, string) { return runCLI(t, append(args, db...)...) }
			if code, _, stderr := cli("demo", "--addr", "127.0.0.1:0", "--load-only"); code != 0 {
				t.Fatalf("demo: %s", stderr)
			}
			for _, c := range []struct {
				args   []string
				golden string
			}{
				{[]string{"chairs", "forecast", "--org", "SCO", "--body", "PGM", "-n", "10"}, "chairs-forecast.txt"},
				{[]string{"chairs", "check"}, "chairs-check.txt"},
			} {
				code, stdout, stderr := cli(c.args...)
				if code != 0 {
					t.Fatalf("accord %v: exit %d\n%s", c.args, code, stderr)
				}
				golden.Check(t, c.golden, stdout)
			}
			for _, c := range []struct {
				args   []string
				code   int
				stdout string
				stderr string
			}{
				{[]string{"chairs"}, 2, "", "forecast"},
				{[]string{"chairs", "forecast", "--body", "PGM"}, 1, "", "org: is required"},
				{[]string{"chairs", "forecast", "--org", "SCO", "--body", "PGM", "-n", "0"}, 1, "", "n: must be between 1 and 100"},
				{[]string{"chairs", "forecast", "--org", "SCO", "--body", "XYZ"}, 1, "", "body SCO XYZ not found"},
				{[]string{"chairs", "handover", "--org", "SCO", "--body", "PGM", "--to", "KZ", "--date", "2025-07-25"}, 1, "",
					"reason: the rule gives RU, not KZ: a handover to KZ is a decision, so give its reason"},
				{[]string{"chairs", "handover", "--org", "SCO", "--body", "PGM", "--to", "TR", "--reason", "invited"}, 1, "", "to: TR is not a member of SCO"},
				{[]string{"chairs", "handover", "--org", "SCO", "--body", "PGM", "--at-meeting", "99"}, 1, "", "at-meeting: meeting XCIX of SCO PGM not found"},
				{[]string{"chairs", "handover", "--org", "SCO", "--body", "PGM", "--date", "2025-13-01"}, 1, "", "date: \"2025-13-01\" is not a date"},
				{[]string{"chairs", "handover", "--org", "OTS", "--body", "CGP", "--to", "UZ"}, 1, "",
					"reason: UZ keeping the chair of OTS CGP is an extension of its term, a decision: give its reason"},
				{[]string{"chairs", "handover", "--org", "SCO", "--body", "PGM", "--date", "2025-07-25"}, 0,
					"The chair of SCO PGM passed from PK to RU on 2025-07-25, by the rule.", ""},
				{[]string{"chairs", "handover", "--org", "SCO", "--body", "PGM", "--to", "by", "--reason", "Tajikistan declined its turn", "--date", "2026-07-25"}, 0,
					"The rule gave TJ; the deviation is recorded and the rotation continues from BY.", ""},
				{[]string{"chairs", "forecast", "--org", "SCO", "--body", "PGM", "-n", "2", "--lang", "ru"}, 0, "1. Беларусь", ""},
				{[]string{"chairs", "forecast", "--org", "SCO", "--body", "PGM", "-n", "3"}, 0, "2. India          IN", ""},
				{[]string{"chairs", "check", "--org", "SCO", "--body", "PGM"}, 0,
					"DEVIATES  Russia → Belarus, where the rule gave Tajikistan; reason recorded: Tajikistan declined its turn", ""},
			} {
				code, stdout, stderr := cli(c.args...)
				if code != c.code || !strings.Contains(stdout, c.stdout) || !strings.Contains(stderr, c.stderr) {
					t.Errorf("accord %v: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", c.args, code, c.code, stdout, c.stdout, stderr, c.stderr)
				}
			}
		})
	}
}
