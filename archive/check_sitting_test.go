package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSitting: verify checks a sitting's record against the meeting
// file it names, and names the sitting's file for each way it does not
// hold together. The manifests' checksums are Verify's (TestArchiveImport
// changes a byte of a sitting in a real bag); these are the records a
// signed bag could still hold wrong.
func TestCheckSitting(t *testing.T) {
	const meeting = `{"meeting": {"id": 16, "body": "PGM", "number": 23}, "agenda": [{"id": 14}, {"id": 15}]}`
	const good = `{"meeting_id": 16, "body": "PGM", "number": 23, "sat_on": "2026-12-03",
		"state": {"in_session": true, "item": 15, "lists": {"15": [{"id": 1, "item": 15, "state": "BY"}]}, "version": 2, "last_request": 1},
		"events": [{"kind": "session_opened", "version": 1, "at": "2026-12-03T09:00:00Z"}, {"kind": "item_opened", "item": 15, "version": 2, "at": "2026-12-03T09:01:00Z"}]}`
	const name = "data/records/sittings/PGM-023.json"
	for _, tc := range []struct {
		name, sitting, want string
		noMeeting           bool
	}{
		{"consistent", good, "", false},
		{"its meeting not in the bag", good, "is the sitting of meeting 23 of PGM, which the bag does not hold", true},
		{"another meeting's id", strings.Replace(good, `"meeting_id": 16`, `"meeting_id": 17`, 1), "names meeting id 17", false},
		{"an item off the agenda", strings.Replace(good, `"item": 15, "version": 2`, `"item": 99, "version": 2`, 1), "event 2 names agenda item 99", false},
		{"the state past its events", strings.Replace(good, `"version": 2, "last_request"`, `"version": 3, "last_request"`, 1), "the state is at version 3, its events at 2", false},
		{"unreadable", good[:40], "unreadable", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{name: tc.sitting}
			if !tc.noMeeting {
				files["data/records/meetings/PGM-023.json"] = meeting
			}
			for n, body := range files {
				p := filepath.Join(dir, filepath.FromSlash(n))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			c := &Check{Report: &Report{}}
			if err := c.sitting(b, name); err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.want == "" && (len(c.Problems) != 0 || c.Sittings != 1):
				t.Errorf("problems %v, %d sittings checked", c.Problems, c.Sittings)
			case tc.want != "" && (len(c.Problems) != 1 || c.Problems[0].File != name || !strings.Contains(c.Problems[0].Reason, tc.want) || c.Sittings != 0):
				t.Errorf("problems %v, want one of %s naming %q", c.Problems, name, tc.want)
			}
		})
	}
}
