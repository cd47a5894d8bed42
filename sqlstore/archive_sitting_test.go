package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// sittingBag is a bag of organization XO with two meetings of body PB,
// sender's ids 501 and 502, with agenda items 601 (of 501) and 602 (of
// 502), and the sittings sits gives; hash names the bag's tag manifest.
func sittingBag(hash string, sits ...*sqlstore.ImportSitting) *sqlstore.ImportBag {
	meeting := func(id int64, number int, item int64) sqlstore.ImportMeeting {
		d := accord.Date{Year: 2025, Month: 6, Day: number}
		return sqlstore.ImportMeeting{
			Meeting: &accord.Meeting{ID: id, Organization: "XO", Body: "PB", Number: number, Host: "XA", City: accord.Text{"en": "X"}, Venue: accord.Text{"en": "Hall"},
				Start: d, End: d, Format: accord.InPerson, Theme: accord.Text{"en": "Theme"}, Status: accord.Concluded},
			Agenda: []*accord.AgendaItem{{ID: item, Position: 1, Kind: accord.AgendaOther, Title: accord.Text{"en": "Item"}}},
		}
	}
	return &sqlstore.ImportBag{
		TagManifestSHA256: strings.Repeat(hash, 64),
		Organization:      &accord.Organization{Code: "XO", Names: accord.Text{"en": "X Organization"}, OfficialLanguages: []string{"en"}, WorkingLanguages: []string{"en"}},
		Memberships:       []*accord.MemberState{{Membership: accord.Membership{Organization: "XO", State: "XA", Status: accord.Member, From: accord.Date{Year: 2001, Month: 6, Day: 15}}, Names: accord.Text{"en": "Xa"}}},
		Bodies:            []sqlstore.ImportBody{{Body: &accord.Body{Organization: "XO", Code: "PB", Names: accord.Text{"en": "P Body"}}}},
		Meetings:          []sqlstore.ImportMeeting{meeting(501, 1, 601), meeting(502, 2, 602)},
		Documents:         func(func(*sqlstore.ImportDocument) error) error { return nil },
		Sittings: func(fn func(*sqlstore.ImportSitting) error) error {
			for _, s := range sits {
				if err := fn(s); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// heldSitting is a closed sitting of meeting 501 with n events (n ≥ 1):
// opened, then item 601 opened, then n-2 screen settings.
func heldSitting(n int) *sqlstore.ImportSitting {
	at := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	s := &sqlstore.ImportSitting{Meeting: 501, Body: "PB", Number: 1,
		State: accord.Sitting{InSession: true, Item: 601, Lists: map[int64][]accord.FloorRequest{601: {{ID: 1, Item: 601, State: "XA", Kind: accord.NormalRequest, Asked: at}}},
			Screen: accord.HallScreen{Lang: "en"}, Version: int64(n), LastRequest: 1},
		SatOn: "2025-06-01"}
	for i := range n {
		e := accord.SittingEvent{ID: int64(900 + i), Meeting: 501, Kind: accord.ScreenSet, Version: int64(i + 1), At: at.Add(time.Duration(i) * time.Minute)}
		switch i {
		case 0:
			e.Kind = accord.SittingOpened
		case 1:
			e.Kind, e.Item = accord.ItemOpened, 601
		}
		s.Events = append(s.Events, e)
	}
	return s
}

// TestImportSittingProblems: each inconsistent sitting record is named by
// what is wrong with it, and a consistent one passes.
func TestImportSittingProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, want string
		change     func(*sqlstore.ImportSitting)
	}{
		{"consistent", "", func(*sqlstore.ImportSitting) {}},
		{"a version skipped", "event 2 has version 3", func(s *sqlstore.ImportSitting) { s.Events[1].Version = 3 }},
		{"the state ahead of its events", "the state is at version 4, its events at 3", func(s *sqlstore.ImportSitting) { s.State.Version = 4 }},
		{"an event without a kind", "event 3 has no kind", func(s *sqlstore.ImportSitting) { s.Events[2].Kind = "" }},
		{"an event of another meeting's item", "event 2 names agenda item 602", func(s *sqlstore.ImportSitting) { s.Events[1].Item = 602 }},
		{"the state's item another meeting's", "the state names agenda item 602", func(s *sqlstore.ImportSitting) { s.State.Item = 602 }},
		{"the floor on another meeting's item", "the state names agenda item 602", func(s *sqlstore.ImportSitting) {
			s.State.Floor = &accord.Floor{Request: 1, State: "XA", Item: 602}
		}},
		{"a list of another meeting's item", "the state names agenda item 602", func(s *sqlstore.ImportSitting) {
			s.State.Lists = map[int64][]accord.FloorRequest{602: {{ID: 1, Item: 602}}}
		}},
		{"a request on the wrong list", "request 1 is on the list of item 601 but names item 602", func(s *sqlstore.ImportSitting) { s.State.Lists[601][0].Item = 602 }},
		{"in session without a day", "sat_on", func(s *sqlstore.ImportSitting) { s.SatOn = "" }},
		{"a day out of session", "sat_on", func(s *sqlstore.ImportSitting) { s.State.InSession = false }},
		{"a day that is no date", `sat_on "2025-13-01" is not a date`, func(s *sqlstore.ImportSitting) { s.SatOn = "2025-13-01" }},
	} {
		s := heldSitting(3)
		tc.change(s)
		got := s.Problem([]int64{601})
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestImportSittings: a bag's sitting is stored with the receiver's ids; a
// sitting of a meeting outside the bag, or naming another meeting's item,
// is refused and leaves the database as it was; a later bag adds only the
// events that went on, an older or the same one nothing, and one whose
// record went another way is refused, naming the event.
func TestImportSittings(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		empty := func(what string) {
			t.Helper()
			if _, err := db.FindOrganization(ctx, "XO"); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("%s: stored the organization (%v)", what, err)
			}
			if evs, err := db.SittingEvents(ctx, 0, 0, 0); err != nil || len(evs) != 0 {
				t.Errorf("%s: stored %d sitting events (%v)", what, len(evs), err)
			}
		}
		outside := heldSitting(3)
		outside.Meeting = 777
		otherItem := heldSitting(3)
		otherItem.Events[1].Item = 602
		for _, tc := range []struct {
			name string
			sit  *sqlstore.ImportSitting
			want string
		}{
			{"a meeting outside the bag", outside, "the sitting of meeting 1 of PB is of a meeting the bag does not hold"},
			{"another meeting's item", otherItem, "event 2 names agenda item 602, which is not on the meeting's agenda"},
		} {
			_, err := db.ImportArchive(ctx, sittingBag("1", tc.sit))
			if accord.ErrorCode(err) != accord.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v", tc.name, err)
			}
			empty(tc.name)
		}

		// Two meetings of a body in session on one day: the receiver
		// keeps a body in one hall at a time, as ChangeSitting does.
		second := heldSitting(3)
		second.Meeting, second.Number, second.Events[1].Item, second.State.Item = 502, 2, 602, 602
		second.State.Lists = map[int64][]accord.FloorRequest{602: {{ID: 1, Item: 602, State: "XA", Kind: accord.NormalRequest}}}
		_, err := db.ImportArchive(ctx, sittingBag("1", heldSitting(3), second))
		if accord.ErrorCode(err) != accord.ECONFLICT || !strings.Contains(err.Error(), "the sitting of meeting 2 of PB is in session on 2025-06-01, and so is another meeting of the body here") {
			t.Errorf("two sittings of a body on one day: %v", err)
		}
		empty("two sittings of a body on one day")

		res, err := db.ImportArchive(ctx, sittingBag("2", heldSitting(3)))
		ok(t, err)
		equal(t, "added", [2]int{res.Added["sittings"], res.Added["sitting events"]}, [2]int{1, 3})
		m1, err := db.FindMeeting(ctx, "XO", "PB", 1)
		ok(t, err)
		agenda, err := db.ListAgenda(ctx, m1.ID)
		ok(t, err)
		item := agenda[0].ID
		s, err := db.Sitting(ctx, m1.ID)
		ok(t, err)
		if s.Item != item || len(s.Lists[item]) != 1 || s.Lists[item][0].Item != item || !s.InSession || s.Version != 3 {
			t.Errorf("the stored state names the receiver's item %d: %+v", item, s)
		}
		evs, err := db.SittingEvents(ctx, m1.ID, 0, 0)
		ok(t, err)
		if len(evs) != 3 || evs[1].Item != item || evs[1].Meeting != m1.ID || evs[0].ID == 900 {
			t.Errorf("the stored events: %+v", evs)
		}

		// The same records in another bag: nothing added.
		res, err = db.ImportArchive(ctx, sittingBag("3", heldSitting(3)))
		ok(t, err)
		equal(t, "added by the same records", [2]int{res.Added["sittings"] + res.Added["sittings continued"], res.Added["sitting events"]}, [2]int{0, 0})
		// Two events later: added, and the state taken.
		res, err = db.ImportArchive(ctx, sittingBag("4", heldSitting(5)))
		ok(t, err)
		equal(t, "added by the continued sitting", [2]int{res.Added["sittings continued"], res.Added["sitting events"]}, [2]int{1, 2})
		if s, _ := db.Sitting(ctx, m1.ID); s.Version != 5 {
			t.Errorf("the continued sitting is at version %d", s.Version)
		}
		// An older bag: its events are here, and the state stays.
		res, err = db.ImportArchive(ctx, sittingBag("5", heldSitting(4)))
		ok(t, err)
		equal(t, "added by an older bag", res.Added["sitting events"], 0)
		if s, _ := db.Sitting(ctx, m1.ID); s.Version != 5 {
			t.Errorf("an older bag set the sitting back to version %d", s.Version)
		}
		// A record that went another way at event 4.
		other := heldSitting(6)
		other.Events[3].At = other.Events[3].At.Add(time.Second)
		_, err = db.ImportArchive(ctx, sittingBag("6", other))
		if accord.ErrorCode(err) != accord.ECONFLICT || !strings.Contains(err.Error(), "event 4 of the sitting of meeting 1 of PB differs from the one here") {
			t.Errorf("a record that went another way: %v", err)
		}
		if evs, _ := db.SittingEvents(ctx, m1.ID, 0, 0); len(evs) != 5 {
			t.Errorf("the refused bag left %d events", len(evs))
		}
	})
}
