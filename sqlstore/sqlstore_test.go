package sqlstore_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func equal[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func wantErr(t *testing.T, err error, code, field string) {
	t.Helper()
	if accord.ErrorCode(err) != code || accord.ErrorField(err) != field {
		t.Fatalf("got error %v (code %q, field %q), want code %q, field %q", err, accord.ErrorCode(err), accord.ErrorField(err), code, field)
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := sqltest.DSN(t, engine)
			db, err := sqlstore.Open(t.Context(), dsn, nil)
			ok(t, err)
			defer db.Close()
			equal(t, "dialect", db.Dialect(), engine)

			current, latest, err := db.SchemaVersion(t.Context())
			ok(t, err)
			if current != 0 || latest < 1 {
				t.Fatalf("empty database: version %d of %d", current, latest)
			}
			if _, err := db.ListStates(t.Context()); err == nil {
				t.Fatal("Open migrated the database")
			}
			applied, err := db.Migrate(t.Context())
			ok(t, err)
			equal(t, "applied", applied, latest)
			current, _, err = db.SchemaVersion(t.Context())
			ok(t, err)
			equal(t, "version after migrating", current, latest)
			applied, err = db.Migrate(t.Context())
			ok(t, err)
			equal(t, "applied the second time", applied, 0)
		})
	}
}

func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := sqltest.DSN(t, engine)
			var wg sync.WaitGroup
			applied := make([]int, 4)
			errs := make([]error, len(applied))
			for i := range applied {
				wg.Go(func() {
					db, err := sqlstore.Open(t.Context(), dsn, nil)
					if err != nil {
						errs[i] = err
						return
					}
					defer db.Close()
					applied[i], errs[i] = db.Migrate(t.Context())
				})
			}
			wg.Wait()
			ok(t, errors.Join(errs...))
			db, err := sqlstore.Open(t.Context(), dsn, nil)
			ok(t, err)
			defer db.Close()
			_, latest, err := db.SchemaVersion(t.Context())
			ok(t, err)
			total := 0
			for _, n := range applied {
				total += n
			}
			equal(t, "migrations applied by all processes together", total, latest)
		})
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new", "dir", "accord.db")
	db, err := sqlstore.Open(t.Context(), path, nil)
	ok(t, err)
	defer db.Close()
	equal(t, "dialect", db.Dialect(), sqlstore.SQLite)
	ok(t, db.Ping(t.Context()))
	_, err = db.Migrate(t.Context())
	ok(t, err)
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Errorf("not in WAL mode: %v", err)
	}

	_, err = sqlstore.Open(t.Context(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=1", nil)
	wantErr(t, err, accord.EUNAVAILABLE, "")
}

func TestStatesAndOrganizations(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		states, err := db.ListStates(t.Context())
		ok(t, err)
		equal(t, "states", states, f.states)
		kg, err := db.FindState(t.Context(), "KG")
		ok(t, err)
		equal(t, "KG", kg.Names["ru"], "Кыргызстан")

		orgs, err := db.ListOrganizations(t.Context())
		ok(t, err)
		equal(t, "organizations", orgs, []*accord.Organization{f.ots, f.sco})
		sco, err := db.FindOrganization(t.Context(), "SCO")
		ok(t, err)
		equal(t, "SCO", sco, f.sco)

		// An organization whose founding date is not recorded.
		o := &accord.Organization{Code: "CIS", Names: en("Commonwealth of Independent States")}
		ok(t, db.CreateOrganization(t.Context(), o))
		got, err := db.FindOrganization(t.Context(), "CIS")
		ok(t, err)
		equal(t, "CIS", got, &accord.Organization{Code: "CIS", Names: o.Names, OfficialLanguages: []string{}, WorkingLanguages: []string{}, TranslationLanguages: []string{}})
	})
}

func memberList(ms []*accord.MemberState) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.State+":"+string(m.Status))
	}
	return strings.Join(s, " ")
}

func TestMemberships(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		seed(t, db)
		founders := "CN:member KG:member KZ:member RU:member"
		for _, c := range []struct {
			day      string
			statuses []accord.MembershipStatus
			want     string
		}{
			{"2001-06-14", nil, ""},
			{"2001-06-15", nil, founders},
			{"2015-07-09", []accord.MembershipStatus{accord.Observer}, ""}, // AF's start is unknown
			{"2015-07-10", []accord.MembershipStatus{accord.Observer}, "BY:observer"},
			{"2017-06-08", []accord.MembershipStatus{accord.Member}, founders},
			{"2017-06-09", []accord.MembershipStatus{accord.Member}, "CN:member IN:member KG:member KZ:member PK:member RU:member"},
			{"2024-07-03", nil, "BY:observer CN:member IN:member KG:member KZ:member PK:member RU:member"},
			{"2024-07-04", nil, "BY:member CN:member IN:member KG:member KZ:member PK:member RU:member"},
			{"2024-07-04", []accord.MembershipStatus{accord.Observer}, ""},
			{"2024-07-04", []accord.MembershipStatus{accord.Observer, accord.Member}, "BY:member CN:member IN:member KG:member KZ:member PK:member RU:member"},
			{"2024-07-04", []accord.MembershipStatus{accord.Partner}, ""},
		} {
			t.Run(fmt.Sprint(c.day, c.statuses), func(t *testing.T) {
				ms, err := db.MembersOn(t.Context(), "SCO", date(c.day), c.statuses...)
				ok(t, err)
				equal(t, "members", memberList(ms), c.want)
			})
		}

		ms, err := db.MembersOn(t.Context(), "SCO", date("2024-07-25"), accord.Member)
		ok(t, err)
		kg := ms[3]
		equal(t, "KG on 2024-07-25", kg, &accord.MemberState{
			Membership: accord.Membership{ID: kg.ID, Organization: "SCO", State: "KG", Status: accord.Member, From: date("2001-06-15")},
			Names:      accord.Text{"en": "Kyrgyzstan", "ru": "Кыргызстан"},
		})

		all, err := db.ListMemberships(t.Context(), "SCO")
		ok(t, err)
		equal(t, "every SCO membership", memberList(all), "AF:observer BY:observer BY:member CN:member IN:member KG:member KZ:member PK:member RU:member")

		// A membership that starts the day after another ends does not
		// overlap it.
		ok(t, db.AddMembership(t.Context(), &accord.Membership{Organization: "OTS", State: "RU", Status: accord.Observer, From: date("2020-01-01"), Until: date("2020-12-31")}))
		ok(t, db.AddMembership(t.Context(), &accord.Membership{Organization: "OTS", State: "RU", Status: accord.Partner, From: date("2021-01-01")}))
	})
}

func TestBodiesAndOrgans(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		b, err := db.FindBody(t.Context(), "SCO", "PGM")
		ok(t, err)
		equal(t, "PGM", b, f.pgm)
		bs, err := db.ListBodies(t.Context(), "OTS")
		ok(t, err)
		equal(t, "OTS bodies", bs, []*accord.Body{f.cgp})
		os, err := db.ListOrgans(t.Context(), "OTS")
		ok(t, err)
		equal(t, "OTS organs", os, []*accord.Organ{f.otssec})
		os, err = db.ListOrgans(t.Context(), "SCO")
		ok(t, err)
		equal(t, "SCO organs", os, []*accord.Organ{})
	})
}

func TestMeetings(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		m, err := db.FindMeeting(t.Context(), "SCO", "PGM", 22)
		ok(t, err)
		equal(t, "SCO PGM XXII", m, f.sco22)
		m, err = db.FindMeetingByID(t.Context(), f.ots3.ID)
		ok(t, err)
		equal(t, "OTS CGP III", m, f.ots3)

		// A meeting with no chair recorded and no venue.
		sco21 := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 21, Host: "IN", City: en("New Delhi"), Venue: accord.Text{}, Theme: accord.Text{},
			Start: date("2023-07-28"), End: date("2023-07-28"), Format: accord.Video, Status: accord.Concluded}
		ok(t, db.CreateMeeting(t.Context(), sco21))
		for _, c := range []struct {
			filter accord.MeetingFilter
			want   []*accord.Meeting
		}{
			{accord.MeetingFilter{}, []*accord.Meeting{sco21, f.ots3, f.sco22}},
			{accord.MeetingFilter{Organization: "SCO"}, []*accord.Meeting{sco21, f.sco22}},
			{accord.MeetingFilter{Organization: "SCO", Body: "PGM"}, []*accord.Meeting{sco21, f.sco22}},
			{accord.MeetingFilter{Body: "CGP"}, []*accord.Meeting{f.ots3}},
			{accord.MeetingFilter{Organization: "NATO"}, []*accord.Meeting{}},
		} {
			ms, err := db.ListMeetings(t.Context(), c.filter)
			ok(t, err)
			equal(t, fmt.Sprintf("meetings %+v", c.filter), ms, c.want)
		}
	})
}

func TestAgendaAndDelegations(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		agenda, err := db.ListAgenda(t.Context(), f.sco22.ID)
		ok(t, err)
		opening := *f.opening
		opening.Speaker = f.speaker
		equal(t, "agenda", agenda, []*accord.AgendaItem{&opening, f.statement})

		ds, err := db.ListDelegations(t.Context(), f.sco22.ID)
		ok(t, err)
		kg := *f.kg
		kg.PartyNames = accord.Text{"en": "Kyrgyzstan", "ru": "Кыргызстан"}
		equal(t, "SCO delegations", ds, []*accord.Delegation{&kg})
		if kg.Head.ID == 0 || kg.Members[0].ID == 0 || kg.Members[1].ID == 0 {
			t.Errorf("ids not set on the delegation's people: %+v", kg)
		}

		ds, err = db.ListDelegations(t.Context(), f.ots3.ID)
		ok(t, err)
		sec := *f.secretariat
		sec.PartyNames = f.otssec.Names
		equal(t, "OTS delegations", ds, []*accord.Delegation{&sec})

		// Another meeting's delegation of the same state is no duplicate.
		ok(t, db.CreateDelegation(t.Context(), &accord.Delegation{MeetingID: f.ots3.ID, State: "KG", Head: accord.Person{Name: "K. Example"}}))
	})
}

func TestDocuments(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		for i, v := range f.protocol.Versions {
			if v.ID == 0 || v.DocumentID != f.protocol.ID || v.Revision != 1 || v.SHA256 != v.ComputeSHA256() || !v.CreatedAt.Equal(f.protocol.CreatedAt) {
				t.Errorf("version %d was not completed: %+v", i, v)
			}
		}
		d, err := db.FindDocument(t.Context(), f.protocol.ID)
		ok(t, err)
		equal(t, "protocol", d, f.protocol)

		// The President's video message goes to both meetings.
		video := &accord.Document{Reference: "KG/VIDEO/2024-07-25", Kind: accord.DocVideoMessage, Classification: accord.Public,
			AuthorKind: accord.AuthorDelegation, AuthorDelegationID: f.kg.ID,
			Links:    []accord.DocumentLink{{MeetingID: f.sco22.ID, AgendaItemID: f.opening.ID}, {MeetingID: f.ots3.ID}},
			Versions: []accord.DocumentVersion{{Lang: "en", Title: "Video message", Body: "Dear participants,\r\nwelcome to Bishkek.  \n"}}}
		ok(t, db.CreateDocument(t.Context(), video))
		press := &accord.Document{Reference: "OTS/CGP/III/PRESS", Kind: accord.DocPressRelease, Classification: accord.Public,
			AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.ots3.ID}}, Versions: []accord.DocumentVersion{}}
		ok(t, db.CreateDocument(t.Context(), press))

		for _, c := range []struct {
			filter accord.DocumentFilter
			want   []*accord.Document
		}{
			{accord.DocumentFilter{}, []*accord.Document{f.protocol, video, press}},
			{accord.DocumentFilter{MeetingID: f.sco22.ID}, []*accord.Document{f.protocol, video}},
			{accord.DocumentFilter{MeetingID: f.ots3.ID}, []*accord.Document{video, press}},
			{accord.DocumentFilter{Classifications: []accord.Classification{accord.Public}}, []*accord.Document{video, press}},
			{accord.DocumentFilter{MeetingID: f.sco22.ID, Classifications: []accord.Classification{accord.Public, accord.Confidential}}, []*accord.Document{video}},
			{accord.DocumentFilter{Classifications: []accord.Classification{accord.Confidential}}, []*accord.Document{}},
		} {
			ds, err := db.ListDocuments(t.Context(), c.filter)
			ok(t, err)
			equal(t, fmt.Sprintf("documents %+v", c.filter), ds, c.want)
		}
	})
}

func TestDocumentVersionsAreKept(t *testing.T) {
	t.Parallel()
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			now := time.Date(2024, 7, 25, 10, 0, 0, 123456789, time.FixedZone("KGT", 6*3600))
			db := sqltest.OpenWithClock(t, engine, func() time.Time { return now })
			f := seed(t, db)
			if want := now.UTC().Truncate(time.Microsecond); !f.protocol.CreatedAt.Equal(want) || f.protocol.CreatedAt.Location() != time.UTC {
				t.Errorf("created at %v, want %v", f.protocol.CreatedAt, want)
			}
			first := f.protocol.Versions[0]

			now = now.Add(time.Hour)
			v := &accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "ru", Title: "Протокол", Body: "Генеральные прокуроры, исправленный текст"}
			ok(t, db.AddDocumentVersion(t.Context(), v))
			equal(t, "revision", v.Revision, 2)
			kk := &accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "kk", Title: "Хаттама", Body: "..."}
			ok(t, db.AddDocumentVersion(t.Context(), kk))
			equal(t, "revision of a new language", kk.Revision, 1)

			d, err := db.FindDocument(t.Context(), f.protocol.ID)
			ok(t, err)
			equal(t, "versions", d.Versions, []accord.DocumentVersion{*kk, first, *v, f.protocol.Versions[1]})
			if d.Versions[1].SHA256 == d.Versions[2].SHA256 {
				t.Error("revisions with different bodies have the same hash")
			}
			latest, exact := d.Version("ru")
			equal(t, "latest ru", *latest, *v)
			equal(t, "exact", exact, true)
		})
	}
}

// Concurrent writers must queue, not collide: each revision gets its own
// number, and of overlapping memberships only one is stored.
func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		revisions := make([]int, n)
		for i := range n {
			wg.Go(func() {
				v := &accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "zh", Title: "纪要", Body: fmt.Sprint("修订 ", i)}
				errs[i] = db.AddDocumentVersion(t.Context(), v)
				revisions[i] = v.Revision
			})
		}
		wg.Wait()
		ok(t, errors.Join(errs...))
		seen := map[int]bool{}
		for _, r := range revisions {
			if r < 2 || r > n+1 || seen[r] {
				t.Fatalf("revisions %v: want each of 2..%d once", revisions, n+1)
			}
			seen[r] = true
		}

		for i := range n {
			wg.Go(func() {
				errs[i] = db.AddMembership(t.Context(), &accord.Membership{Organization: "OTS", State: "IN", Status: accord.Observer, From: date("2024-01-01").AddDays(i)})
			})
		}
		wg.Wait()
		stored := 0
		for _, err := range errs {
			if err == nil {
				stored++
			} else if accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("unexpected error: %v", err)
			}
		}
		equal(t, "overlapping memberships stored", stored, 1)
	})
}

func TestChairTerms(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		terms, err := db.ListChairTerms(t.Context(), "SCO", "PGM")
		ok(t, err)
		equal(t, "terms", terms, []*accord.ChairTerm{f.kgChair, f.pkChair})

		// An earlier term by decision, ending the day the next one starts.
		kz := &accord.ChairTerm{Organization: "SCO", Body: "PGM", State: "KZ", From: date("2022-06-01"), Until: date("2023-07-04"),
			Basis: accord.ByDecision, Note: "agreed by the heads of delegation"}
		ok(t, db.AddChairTerm(t.Context(), kz))
		terms, err = db.ListChairTerms(t.Context(), "SCO", "PGM")
		ok(t, err)
		equal(t, "terms", terms, []*accord.ChairTerm{kz, f.kgChair, f.pkChair})
	})
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		seed(t, db)
		ctx := t.Context()
		for name, call := range map[string]func() error{
			"state":                 func() error { _, err := db.FindState(ctx, "FR"); return err },
			"organization":          func() error { _, err := db.FindOrganization(ctx, "NATO"); return err },
			"memberships":           func() error { _, err := db.ListMemberships(ctx, "NATO"); return err },
			"members on":            func() error { _, err := db.MembersOn(ctx, "NATO", date("2024-01-01")); return err },
			"body":                  func() error { _, err := db.FindBody(ctx, "SCO", "CGP"); return err },
			"bodies":                func() error { _, err := db.ListBodies(ctx, "NATO"); return err },
			"organs":                func() error { _, err := db.ListOrgans(ctx, "NATO"); return err },
			"meeting by number":     func() error { _, err := db.FindMeeting(ctx, "SCO", "PGM", 23); return err },
			"meeting by id":         func() error { _, err := db.FindMeetingByID(ctx, 9999); return err },
			"agenda":                func() error { _, err := db.ListAgenda(ctx, 9999); return err },
			"delegations":           func() error { _, err := db.ListDelegations(ctx, 9999); return err },
			"document":              func() error { _, err := db.FindDocument(ctx, 9999); return err },
			"chair terms":           func() error { _, err := db.ListChairTerms(ctx, "SCO", "CGP"); return err },
			"chair terms, no org":   func() error { _, err := db.ListChairTerms(ctx, "NATO", "PGM"); return err },
			"meeting, unknown body": func() error { _, err := db.FindMeeting(ctx, "OTS", "PGM", 22); return err },
		} {
			t.Run(name, func(t *testing.T) { wantErr(t, call(), accord.ENOTFOUND, "") })
		}
	})
}
