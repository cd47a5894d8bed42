package http_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// auditEntry is a record of /api/v1/audit as a reader sees it.
type auditEntry struct {
	ID       int64
	Actor    string
	Action   string
	Resource string
	IP       string
	Before   string
	After    string
	Record   string
	SHA256   string
	Withheld []string
}

// auditOf reads every record of the trail the session may see, by
// "action resource".
func (f *fixture) auditOf(t *testing.T, cookie string) (map[string]auditEntry, int) {
	t.Helper()
	out := map[string]auditEntry{}
	total := 0
	for offset := 0; ; offset += 50 {
		res := f.do(t, request{path: "/api/v1/audit?offset=" + strconv.Itoa(offset), cookie: cookie})
		var v struct {
			Total   int
			Records []auditEntry
		}
		if err := json.Unmarshal([]byte(res.body), &v); err != nil || res.status != 200 {
			t.Fatalf("audit at %d: %d %.300s", offset, res.status, res.body)
		}
		total = v.Total
		for _, r := range v.Records {
			key := r.Action + " " + r.Resource
			if _, seen := out[key]; !seen { // newest first: keep the latest
				out[key] = r
			}
		}
		if len(v.Records) < 50 {
			return out, total
		}
	}
}

// TestAuditMatrix is issue 9 item 1, record by record: who sees which
// audit record, and which of its fields.
func TestAuditMatrix(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		ctx := context.Background()
		hash, _ := auth.HashPassword(testPassword, cheapPasswords)
		otsSec := &accord.User{Name: "OTS secretariat", Email: "secretariat@ots.example.org", Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "OTS"}}}
		if err := db.CreateUser(ctx, otsSec, hash); err != nil {
			t.Fatal(err)
		}
		// Records with personal data: sign-ins, and refusals of an
		// account in the SCO and of one in no organization.
		for _, role := range []string{roleObserver, roleOtherOrg} {
			f.login(t, f.users[role].Email, testPassword)
		}
		f.login(t, f.users[roleObserver].Email, "wrong password")
		f.login(t, f.users[rolePress].Email, "wrong password")
		otsToken, _, err := f.auth.StartSession(ctx, otsSec, true, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		readers := map[string]string{"SCO": f.session(t, roleSecretariat), "OTS": otsToken}
		seen := map[string]map[string]auditEntry{}
		totals := map[string]int{}
		for org, cookie := range readers {
			seen[org], totals[org] = f.auditOf(t, cookie)
		}

		doc := func(ref string) string { return "document/" + strconv.FormatInt(f.docs[ref], 10) }
		user := func(role string) string { return "user/" + strconv.FormatInt(f.users[role].ID, 10) }
		observerSession := ""
		for _, r := range seen["SCO"] {
			if r.Action == "session.password" && strings.Contains(r.Actor, f.users[roleObserver].Email) {
				observerSession = r.Resource
			}
		}
		if observerSession == "" {
			t.Fatalf("the SCO secretariat does not see the observer's sign-in with their e-mail")
		}
		type want struct {
			// sees: which secretariats see the record; text: strings the
			// record shows to all who see it; hidden: strings it shows to
			// none; withheld: what each who sees it is told is withheld.
			sees     []string
			shows    []string
			hidden   []string
			withheld map[string][]string
		}
		cases := map[string]want{
			// India's note for Pakistan: the SCO's secretariat sees that it
			// was written, and its metadata, but not a word of it.
			"document.create " + doc("SCO/PGM/22/IN/CONFIDENTIAL"): {sees: []string{"SCO"}, shows: []string{`"classification":"confidential"`, `"sha256"`},
				hidden: []string{"Confidential note of India", "Not for others", "IN/CONFIDENTIAL"}, withheld: map[string][]string{"SCO": {"content"}}},
			"document.create " + doc("SCO/PGM/22/PROTOCOL"):          {sees: []string{"SCO"}, shows: []string{"SCO/PGM/22/PROTOCOL"}},
			"document.create " + doc("SCO/PGM/22/MEASURES-DRAFT"):    {sees: []string{"SCO"}, shows: []string{"MEASURES-DRAFT"}},
			"document.create " + doc("OTS/CGP/3/REPORT/SEC"):         {sees: []string{"OTS"}, shows: []string{"Report of the OTS Secretariat"}},
			"user.create " + user(roleObserver):                      {sees: []string{"SCO"}, shows: []string{f.users[roleObserver].Email}},
			"user.create " + user(roleOtherOrg):                      {sees: []string{"OTS"}, shows: []string{f.users[roleOtherOrg].Email}},
			"user.create " + user(rolePress):                         {sees: []string{"SCO", "OTS"}, hidden: []string{f.users[rolePress].Email}, withheld: map[string][]string{"SCO": {"personal_data"}, "OTS": {"personal_data"}}},
			"session.password " + observerSession:                    {sees: []string{"SCO"}, shows: []string{f.users[roleObserver].Email, "127.0.0.1", `"user_agent"`}},
			"session.refused account:" + f.users[roleObserver].Email: {sees: []string{"SCO"}, shows: []string{"127.0.0.1"}},
			"session.refused account:":                               {sees: []string{"SCO", "OTS"}, hidden: []string{f.users[rolePress].Email, "127.0.0.1"}, withheld: map[string][]string{"SCO": {"personal_data"}, "OTS": {"personal_data"}}},
			"state.create state/KG":                                  {sees: []string{"SCO", "OTS"}, shows: []string{"Kyrgyz"}},
		}
		for key, w := range cases {
			for org := range readers {
				r, ok := seen[org][key]
				if ok != slices.Contains(w.sees, org) {
					t.Errorf("the %s secretariat sees %q: %v, want %v", org, key, ok, !ok)
					continue
				}
				if !ok {
					continue
				}
				text := strings.Join([]string{r.Actor, r.Resource, r.IP, r.Before, r.After, r.Record}, "\n")
				for _, s := range w.shows {
					if !strings.Contains(text, s) {
						t.Errorf("the %s secretariat's %q lacks %q:\n%s", org, key, s, text)
					}
				}
				for _, s := range w.hidden {
					if strings.Contains(text, s) {
						t.Errorf("the %s secretariat's %q shows %q:\n%s", org, key, s, text)
					}
				}
				if !slices.Equal(r.Withheld, w.withheld[org]) {
					t.Errorf("the %s secretariat's %q withholds %v, want %v", org, key, r.Withheld, w.withheld[org])
				}
				// Whatever is withheld, the record's hash is the stored
				// one's, which the log holds.
				stored, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: r.Action, Resource: r.Resource})
				if err != nil {
					t.Fatal(err)
				}
				if i := slices.IndexFunc(stored, func(s *accord.AuditRecord) bool { return s.ID == r.ID }); i < 0 {
					t.Errorf("%q: record %d is not stored", key, r.ID)
				} else if sum := sha256.Sum256([]byte(stored[i].Record)); r.SHA256 != hex.EncodeToString(sum[:]) ||
					(len(r.Withheld) == 0) != (r.Record == stored[i].Record) {
					t.Errorf("%q: hash %s, record shown %v, withheld %v", key, r.SHA256, r.Record != "", r.Withheld)
				}
			}
		}
		// Counts never reveal a record: each secretariat's total is what
		// it pages through.
		for org := range readers {
			if totals[org] == 0 || totals["SCO"] == totals["OTS"] {
				t.Errorf("totals: %v", totals)
			}
		}
		// Every record about a document that the OTS's secretariat sees is
		// about a document of an OTS meeting.
		for _, r := range seen["OTS"] {
			rest, ok := strings.CutPrefix(r.Resource, "document/")
			if !ok {
				continue
			}
			id, _ := strconv.ParseInt(strings.Split(rest, "/")[0], 10, 64)
			d, err := db.FindDocument(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(d.Links, func(l accord.DocumentLink) bool {
				m, err := db.FindMeetingByID(ctx, l.MeetingID)
				return err == nil && m.Organization == "OTS"
			}) {
				t.Errorf("the OTS secretariat sees %s %s, of %s, which is no OTS meeting's", r.Action, r.Resource, d.Reference)
			}
		}
		// The page shows no more than the API.
		page := f.do(t, request{path: "/audit?resource=" + doc("SCO/PGM/22/IN/CONFIDENTIAL"), cookie: readers["SCO"]})
		if page.status != 200 || strings.Contains(page.body, "Confidential note of India") || !strings.Contains(page.body, "document.create") {
			t.Errorf("the audit page of the confidential note: %d", page.status)
		}
	})
}
