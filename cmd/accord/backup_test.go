package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/accord-org/accord/translog"
)

// TestBackupRestore backs up the signed demo on each engine and restores
// it into an empty database of the other: the restored instance's log
// verifies, its API answers for the SCO's PGM are byte for byte the
// source's, the users are there but cannot sign in, and a second restore,
// a bag with an extra file and a bag with a changed byte are refused,
// naming the reason, with nothing stored.
func TestBackupRestore(t *testing.T) {
	for _, src := range sqltest.Engines {
		dst := sqlstore.Postgres
		if src == sqlstore.Postgres {
			dst = sqlstore.SQLite
		}
		t.Run(src+"-to-"+dst, func(t *testing.T) {
			ctx, m, _ := signedDemo(t, src)
			data := m.Config.DataDir
			// Entries enough for full tiles, which the store keeps as one
			// bundle each: the restore must carry them, and the demo's
			// own entries in the first.
			extra := make([]*translog.Entry, 600)
			for i := range extra {
				extra[i] = &translog.Entry{Kind: "test", Ref: int64(i), Data: fmt.Appendf(nil, `{"type":"test","n":%d}`, i)}
			}
			if err := m.DB.AppendLog(ctx, extra); err != nil {
				t.Fatal(err)
			}
			srcSize, err := m.DB.LogSize(ctx)
			if err != nil || srcSize < 512 {
				t.Fatalf("the log's size: %d, %v", srcSize, err)
			}
			dir := t.TempDir()
			zipBag, folderBag := filepath.Join(dir, "backup.zip"), filepath.Join(dir, "backup")
			if code, out, errOut := cli(t, nil, "user", "add", "--email", "secretariat@example.org", "--name", "Secretariat officer (illustration)",
				"--role", "secretariat", "--org", "SCO", "--db", m.Config.DB, "--data", data); code != 0 {
				t.Fatalf("user add: %d %s %s", code, out, errOut)
			}
			// A sitting of XXII, held and closed: its state and events are
			// tables like any other.
			m22, err := m.DB.FindMeeting(ctx, "SCO", "PGM", 22)
			if err != nil {
				t.Fatal(err)
			}
			agenda, err := m.DB.ListAgenda(ctx, m22.ID)
			if err != nil || len(agenda) == 0 {
				t.Fatalf("the agenda of XXII: %d items, %v", len(agenda), err)
			}
			for _, c := range []accord.SittingCommand{{Kind: accord.SittingOpened}, {Kind: accord.ItemOpened, Item: agenda[0].ID},
				{Kind: accord.ScreenSet, Lang: "ru", Message: "Перерыв"}, {Kind: accord.SittingClosed}} {
				if _, _, err := m.DB.ChangeSitting(ctx, m22.ID, c); err != nil {
					t.Fatalf("sitting of XXII, %s: %v", c.Kind, err)
				}
			}
			for _, out := range []string{zipBag, folderBag} {
				code, stdout, errOut := cli(t, nil, "backup", "--db", m.Config.DB, "--data", data, "--out", out)
				if code != 0 || !strings.Contains(stdout, "accounts and sessions left out") {
					t.Fatalf("backup %s: %d\n%s\n%s", out, code, stdout, errOut)
				}
			}
			if code, _, errOut := cli(t, nil, "backup", "--db", m.Config.DB, "--data", data, "--out", zipBag); code != 1 || !strings.Contains(errOut, "exists already") {
				t.Errorf("a backup over an existing bag: exit %d %s", code, errOut)
			}

			withAccounts := filepath.Join(dir, "with-accounts")
			if code, _, errOut := cli(t, nil, "backup", "--with-accounts", "--db", m.Config.DB, "--data", data, "--out", withAccounts); code != 0 {
				t.Fatalf("backup --with-accounts: %s", errOut)
			}
			firstTable(t, withAccounts, "grants")
			if m, _ := filepath.Glob(filepath.Join(folderBag, "data/tables/*-grants.jsonl")); len(m) != 0 {
				t.Errorf("a backup without accounts holds %v", m)
			}

			dsn2, data2 := sqltest.DSN(t, dst), t.TempDir()
			key, err := os.ReadFile(filepath.Join(data, logKeyFile))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(data2, logKeyFile), key, 0o600)
			restore := func(bag string) (int, string) {
				t.Helper()
				code, stdout, errOut := cli(t, nil, "restore", bag, "--db", dsn2, "--data", data2)
				return code, stdout + errOut
			}
			// Bad bags first: each is refused naming the file, and since a
			// restore needs an empty database, the good one succeeding
			// after them shows that they stored nothing.
			table := firstTable(t, folderBag, "documents")
			for _, c := range []struct {
				name   string
				tamper func(bag string)
				want   string
			}{
				{"an extra file", func(bag string) {
					os.WriteFile(filepath.Join(bag, "data/tables/999-users.jsonl"), []byte("{}\n"), 0o644)
				}, "data/tables/999-users.jsonl: in the payload but not listed in every payload manifest"},
				{"a checksum that does not match", func(bag string) {
					b, _ := os.ReadFile(filepath.Join(bag, table))
					os.WriteFile(filepath.Join(bag, table), []byte(strings.Replace(string(b), "SCO/PGM", "SCO/PGX", 1)), 0o644)
				}, table + ": its sha512 is"},
				{"a file missing from the payload", func(bag string) {
					os.Remove(filepath.Join(bag, table))
				}, table + ": listed in manifest-sha512.txt but missing from the bag"},
			} {
				t.Run(c.name, func(t *testing.T) {
					bag := filepath.Join(t.TempDir(), "bag")
					if err := os.CopyFS(bag, os.DirFS(folderBag)); err != nil {
						t.Fatal(err)
					}
					c.tamper(bag)
					if code, out := restore(bag); code != 1 || !strings.Contains(out, "NOT RESTORED") || !strings.Contains(out, c.want) {
						t.Errorf("want exit 1 naming %q; got %d\n%s", c.want, code, out)
					}
				})
			}

			if code, out := restore(zipBag); code != 0 || !strings.Contains(out, "Restored ") {
				t.Fatalf("restore: %d\n%s", code, out)
			}
			code, out, errOut := cli(t, nil, "log", "verify", "--rows", "--db", dsn2, "--data", data2)
			if code != 0 || !strings.Contains(out, "The database matches its log.") || !strings.Contains(out, "signatures          10 checked") ||
				!strings.Contains(out, fmt.Sprintf("index rows          %d checked against their bundles", srcSize/256*256)) {
				t.Fatalf("log verify of the restored instance: %d\n%s\n%s", code, out, errOut)
			}
			if code, out := restore(folderBag); code != 1 || !strings.Contains(out, "the database is not empty") {
				t.Errorf("a second restore: %d\n%s", code, out)
			}

			m2 := NewMain(Config{Addr: "127.0.0.1:0", DB: dsn2, DataDir: data2, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			t.Cleanup(func() { m2.Close() })
			if err := m2.Run(ctx); err != nil {
				t.Fatal(err)
			}
			// Every entry, bundled or not, reads back as the source has it.
			want, err := m.DB.LogEntries(ctx, 0, srcSize)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m2.DB.LogEntries(ctx, 0, srcSize)
			if err != nil || len(got) != len(want) {
				t.Fatalf("the restored log's entries: %d of %d, %v", len(got), len(want), err)
			}
			for i := range want {
				if got[i].Index != want[i].Index || got[i].Kind != want[i].Kind || got[i].Ref != want[i].Ref || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Fatalf("restored log entry %d differs: %+v, want %+v", i, got[i], want[i])
				}
			}
			users, err := m.DB.ListUsers(ctx)
			if err != nil || len(users) == 0 {
				t.Fatalf("the demo's users: %d, %v", len(users), err)
			}
			for _, u := range users {
				r, err := m2.DB.FindUserByEmail(ctx, u.Email)
				switch {
				case err != nil:
					t.Errorf("user %s is not restored: %v", u.Email, err)
				case r.DisabledAt.IsZero() || len(r.Grants) != 0:
					t.Errorf("user %s is restored enabled, or with grants, from a backup without accounts", u.Email)
				}
			}
			for _, p := range []string{"/api/v1/organizations/SCO", "/api/v1/organizations/SCO/members?on=2023-07-03",
				"/api/v1/organizations/SCO/bodies/PGM", "/api/v1/organizations/SCO/bodies/PGM/meetings",
				"/api/v1/organizations/SCO/bodies/PGM/meetings/22", "/api/v1/organizations/SCO/bodies/PGM/meetings/22/agenda",
				"/api/v1/organizations/SCO/bodies/PGM/meetings/22/delegations", "/api/v1/documents?org=SCO",
				"/api/v1/organizations/SCO/bodies/PGM/meetings/22/screen", "/api/v1/organizations/SCO/bodies/PGM/meetings/22/follow"} {
				a, b := get(t, m.URL()+p), get(t, m2.URL()+p)
				if a != b {
					t.Errorf("%s differs after the restore:\nsource:   %.400s\nrestored: %.400s", p, a, b)
				}
			}
			// The restored outbox goes on after the restored events: a new
			// command's event takes the next id, on either engine.
			before, err := m2.DB.SittingEvents(ctx, m22.ID, 0, 0)
			if err != nil || len(before) != 4 {
				t.Fatalf("the restored sitting of XXII has %d events, %v", len(before), err)
			}
			if _, ev, err := m2.DB.ChangeSitting(ctx, m22.ID, accord.SittingCommand{Kind: accord.SittingOpened}); err != nil || ev.ID <= before[3].ID || ev.Version != 5 {
				t.Errorf("a command on the restored sitting: %+v, %v (the last restored event %d)", ev, err, before[3].ID)
			}
			for _, id := range documentIDs(t, ctx, m.DB) {
				p := "/api/v1/documents/" + id
				if a, b := get(t, m.URL()+p), get(t, m2.URL()+p); a != b {
					t.Errorf("%s differs after the restore:\nsource:   %.400s\nrestored: %.400s", p, a, b)
				}
			}
		})
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v\n%.300s", url, res.StatusCode, err, b)
	}
	return string(b)
}

// firstTable names the payload file of a table in a folder bag.
func firstTable(t *testing.T, bag, table string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(bag, "data/tables/*-"+table+".jsonl"))
	if len(m) != 1 {
		t.Fatalf("the backup has %d files of table %s", len(m), table)
	}
	rel, _ := filepath.Rel(bag, m[0])
	return filepath.ToSlash(rel)
}

func documentIDs(t *testing.T, ctx context.Context, db *sqlstore.DB) []string {
	t.Helper()
	var ids []string
	ds, err := db.ListDocuments(ctx, accord.DocumentFilter{IncludeWithdrawn: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		// The anonymous API answers for public documents only.
		if d.Classification == accord.Public {
			ids = append(ids, strconv.FormatInt(d.ID, 10))
		}
	}
	return ids
}
