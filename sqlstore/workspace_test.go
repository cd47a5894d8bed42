package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// snapshot is everything the workspace's writes may change, as JSON: the
// row counts, the audit trail's length and the records themselves, so that
// a refused edit (which changes no count) is caught too.
func snapshot(t *testing.T, db *sqlstore.DB, f *fixture) string {
	t.Helper()
	ctx := t.Context()
	rows, err := db.Rows(ctx)
	ok(t, err)
	_, audit, err := db.ListAudit(ctx, accord.AuditFilter{})
	ok(t, err)
	orgs, err := db.ListOrganizations(ctx)
	ok(t, err)
	ms, err := db.ListMemberships(ctx, "SCO")
	ok(t, err)
	bodies, err := db.ListBodies(ctx, "SCO")
	ok(t, err)
	meetings, err := db.ListMeetings(ctx, accord.MeetingFilter{})
	ok(t, err)
	agenda, err := db.ListAgenda(ctx, f.sco22.ID)
	ok(t, err)
	ds, err := db.ListDelegations(ctx, f.sco22.ID)
	ok(t, err)
	b, err := json.Marshal([]any{rows, audit, orgs, ms, bodies, meetings, agenda, ds})
	ok(t, err)
	return string(b)
}

// positions returns the agenda of a meeting as "id@position" in order.
func positions(t *testing.T, db *sqlstore.DB, meetingID int64) []string {
	t.Helper()
	items, err := db.ListAgenda(t.Context(), meetingID)
	ok(t, err)
	var out []string
	for _, a := range items {
		out = append(out, fmt.Sprintf("%d@%d", a.ID, a.Position))
	}
	return out
}

// lastAudit returns the newest audit record of action.
func lastAudit(t *testing.T, db *sqlstore.DB, action string) *accord.AuditRecord {
	t.Helper()
	recs, _, err := db.ListAudit(t.Context(), accord.AuditFilter{Action: action, Limit: 1})
	ok(t, err)
	if len(recs) == 0 {
		t.Fatalf("no audit record %s", action)
	}
	return recs[0]
}

// TestWorkspaceEdits edits every kind of record and checks the stored
// result and that the audit trail holds the state before and after.
func TestWorkspaceEdits(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)

		sco := *f.sco
		sco.Names = accord.Text{"en": "Shanghai Cooperation Organisation", "ru": "ШОС"}
		sco.WorkingLanguages = []string{"ru", "zh", "en"}
		sco.TranslationLanguages = []string{"kk"}
		ok(t, db.UpdateOrganization(ctx, &sco))
		got, err := db.FindOrganization(ctx, "SCO")
		ok(t, err)
		equal(t, "organization", *got, sco)
		rec := lastAudit(t, db, "organization.update")
		if !strings.Contains(rec.Before, `"Шанхайская организация сотрудничества"`) || !strings.Contains(rec.After, `"ШОС"`) {
			t.Errorf("organization audit: before %s after %s", rec.Before, rec.After)
		}

		// Ending Russia's membership, then editing it back.
		var ru *accord.Membership
		for _, m := range f.scoMemberships {
			if m.State == "RU" {
				ru = m
			}
		}
		ended := *ru
		ended.Until = date("2030-12-31")
		ok(t, db.UpdateMembership(ctx, &ended))
		ms, err := db.FindMembership(ctx, ru.ID)
		ok(t, err)
		equal(t, "ended membership", ms.Membership, ended)
		if on, err := db.MembersOn(ctx, "SCO", date("2031-01-01")); err != nil || len(on) != 6 {
			t.Errorf("members after Russia's last day: %d, %v", len(on), err)
		}
		rec = lastAudit(t, db, "membership.update")
		if !strings.Contains(rec.Before, `"until":null`) || !strings.Contains(rec.After, `"until":"2030-12-31"`) {
			t.Errorf("membership audit: before %s after %s", rec.Before, rec.After)
		}
		// Organization and state come from the stored record, whatever is sent.
		moved := ended
		moved.Organization, moved.State = "OTS", "TR"
		ok(t, db.UpdateMembership(ctx, &moved))
		if ms, _ = db.FindMembership(ctx, ru.ID); ms.Organization != "SCO" || ms.State != "RU" {
			t.Errorf("membership moved to %s %s", ms.Organization, ms.State)
		}

		pgm := *f.pgm
		pgm.Names = accord.Text{"en": "Meeting of the Prosecutors General", "zh": "总检察长会议"}
		ok(t, db.UpdateBody(ctx, &pgm))
		body, err := db.FindBody(ctx, "SCO", "PGM")
		ok(t, err)
		equal(t, "body", *body, pgm)

		m := *f.sco22
		m.Number, m.Theme, m.Status, m.Chair = 23, accord.Text{"en": "<script>alert(1)</script>"}, accord.Planned, ""
		m.Start, m.End = date("2025-07-01"), date("2025-07-02")
		ok(t, db.UpdateMeeting(ctx, &m))
		stored, err := db.FindMeeting(ctx, "SCO", "PGM", 23)
		ok(t, err)
		equal(t, "meeting", *stored, m)
		if _, err := db.FindMeeting(ctx, "SCO", "PGM", 22); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("the old number still finds the meeting: %v", err)
		}
		rec = lastAudit(t, db, "meeting.update")
		if !strings.Contains(rec.Before, `"number":22`) || !strings.Contains(rec.After, `"number":23`) {
			t.Errorf("meeting audit: before %s after %s", rec.Before, rec.After)
		}
		for year, want := range map[int]int{2024: 1, 2025: 1, 2026: 0} {
			got, err := db.ListMeetings(ctx, accord.MeetingFilter{Year: year})
			ok(t, err)
			equal(t, fmt.Sprint("meetings in ", year), len(got), want)
		}
		if got, _ := db.ListMeetings(ctx, accord.MeetingFilter{Organization: "SCO", Status: accord.Planned, Host: "KG"}); len(got) != 1 || got[0].ID != m.ID {
			t.Errorf("meetings by status and host: %v", got)
		}

		item := *f.opening
		item.Title, item.Kind, item.SpeakerID, item.Speaker = accord.Text{"ru": "Открытие"}, accord.AgendaOther, 0, nil
		ok(t, db.UpdateAgendaItem(ctx, &item))
		a, err := db.FindAgendaItem(ctx, item.ID)
		ok(t, err)
		equal(t, "agenda item", *a, item)
	})
}

// TestAgendaOrder checks appending, moving and deleting agenda items: the
// agenda stays numbered 1, 2, 3… with no gap, and refusals change nothing.
func TestAgendaOrder(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		var ids []int64
		for i, title := range []string{"Report", "Adoption", "Closing"} {
			a := &accord.AgendaItem{MeetingID: f.sco22.ID, Kind: accord.AgendaOther, Title: en(title)}
			ok(t, db.AddAgendaItem(ctx, a))
			equal(t, "appended at", a.Position, 3+i)
			ids = append(ids, a.ID)
		}
		open, stmt := f.opening.ID, f.statement.ID
		want := func(order ...int64) []string {
			var out []string
			for i, id := range order {
				out = append(out, fmt.Sprintf("%d@%d", id, i+1))
			}
			return out
		}
		equal(t, "appended", positions(t, db, f.sco22.ID), want(open, stmt, ids[0], ids[1], ids[2]))

		ok(t, db.MoveAgendaItem(ctx, ids[2], 1))
		equal(t, "closing first", positions(t, db, f.sco22.ID), want(ids[2], open, stmt, ids[0], ids[1]))
		ok(t, db.MoveAgendaItem(ctx, ids[2], 5))
		equal(t, "closing last", positions(t, db, f.sco22.ID), want(open, stmt, ids[0], ids[1], ids[2]))
		ok(t, db.MoveAgendaItem(ctx, open, 2))
		equal(t, "opening second", positions(t, db, f.sco22.ID), want(stmt, open, ids[0], ids[1], ids[2]))
		if rec := lastAudit(t, db, "agenda_item.move"); !strings.Contains(rec.Before, `"position":1`) || !strings.Contains(rec.After, `"position":2`) {
			t.Errorf("move audit: before %s after %s", rec.Before, rec.After)
		}

		ok(t, db.DeleteAgendaItem(ctx, ids[0]))
		equal(t, "report deleted", positions(t, db, f.sco22.ID), want(stmt, open, ids[1], ids[2]))
		if _, err := db.FindAgendaItem(ctx, ids[0]); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("deleted item found: %v", err)
		}

		before := snapshot(t, db, f)
		for _, c := range []struct {
			name        string
			call        func(context.Context) error
			code, field string
		}{
			{"move to 0", func(ctx context.Context) error { return db.MoveAgendaItem(ctx, open, 0) }, accord.EINVALID, "position"},
			{"move past the end", func(ctx context.Context) error { return db.MoveAgendaItem(ctx, open, 5) }, accord.EINVALID, "position"},
			{"move unknown item", func(ctx context.Context) error { return db.MoveAgendaItem(ctx, 9999, 1) }, accord.ENOTFOUND, ""},
			{"delete an item with a document", func(ctx context.Context) error { return db.DeleteAgendaItem(ctx, stmt) }, accord.ECONFLICT, "id"},
			{"delete unknown item", func(ctx context.Context) error { return db.DeleteAgendaItem(ctx, 9999) }, accord.ENOTFOUND, ""},
			{"update with unknown speaker", func(ctx context.Context) error {
				return db.UpdateAgendaItem(ctx, &accord.AgendaItem{ID: open, Kind: accord.AgendaOpening, Title: en("Opening"), SpeakerID: 9999})
			}, accord.EINVALID, "speaker_id"},
			{"update without title", func(ctx context.Context) error {
				return db.UpdateAgendaItem(ctx, &accord.AgendaItem{ID: open, Kind: accord.AgendaOpening})
			}, accord.EINVALID, "title"},
			{"update with unknown kind", func(ctx context.Context) error {
				return db.UpdateAgendaItem(ctx, &accord.AgendaItem{ID: open, Kind: "lunch", Title: en("Lunch")})
			}, accord.EINVALID, "kind"},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantErr(t, c.call(t.Context()), c.code, c.field)
				equal(t, "database", snapshot(t, db, f), before)
			})
		}
	})
}

// TestAgendaConcurrentMoves moves items from many goroutines at once: the
// agenda must stay numbered 1..n, every move either done or refused.
func TestAgendaConcurrentMoves(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		ids := []int64{f.opening.ID, f.statement.ID}
		for i := range 6 {
			a := &accord.AgendaItem{MeetingID: f.sco22.ID, Kind: accord.AgendaOther, Title: en(fmt.Sprint("Item ", i))}
			ok(t, db.AddAgendaItem(ctx, a))
			ids = append(ids, a.ID)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for g := range 8 {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(g), 1))
				for range 5 {
					if err := db.MoveAgendaItem(ctx, ids[r.IntN(len(ids))], 1+r.IntN(len(ids))); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("concurrent move: %v", err)
		}
		got := positions(t, db, f.sco22.ID)
		seen := map[string]bool{}
		for i, p := range got {
			id, pos, _ := strings.Cut(p, "@")
			if pos != fmt.Sprint(i+1) || seen[id] {
				t.Fatalf("agenda after concurrent moves: %v", got)
			}
			seen[id] = true
		}
		equal(t, "items", len(got), len(ids))
	})
}

// TestParticipants adds, edits and removes members of a delegation.
func TestParticipants(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		p := &accord.Person{Name: "B. Example", Title: accord.Text{"en": "Adviser", "ru": "Советник"}}
		ok(t, db.AddParticipant(ctx, f.kg.ID, p))
		d, err := db.FindDelegation(ctx, f.kg.ID)
		ok(t, err)
		equal(t, "members", len(d.Members), 3)
		equal(t, "new member", d.Members[2], accord.Person{ID: p.ID, Name: "B. Example", Title: p.Title, Affiliation: "KG"})

		head := d.Head
		head.Name = "K. Example"
		ok(t, db.UpdateParticipant(ctx, f.kg.ID, &head))
		if d, _ = db.FindDelegation(ctx, f.kg.ID); d.Head.Name != "K. Example" || d.Head.Affiliation != "KG" {
			t.Errorf("head after edit: %+v", d.Head)
		}
		ok(t, db.RemoveParticipant(ctx, f.kg.ID, f.kg.Members[0].ID))
		d, err = db.FindDelegation(ctx, f.kg.ID)
		ok(t, err)
		equal(t, "members after removal", []int64{d.Members[0].ID, d.Members[1].ID}, []int64{f.kg.Members[1].ID, p.ID})
		if rec := lastAudit(t, db, "delegation.participant.remove"); !strings.Contains(rec.Before, "Deputy Prosecutor General") || rec.After != "" {
			t.Errorf("removal audit: before %s after %s", rec.Before, rec.After)
		}

		before := snapshot(t, db, f)
		for _, c := range []struct {
			name        string
			call        func(context.Context) error
			code, field string
		}{
			{"remove the head", func(ctx context.Context) error { return db.RemoveParticipant(ctx, f.kg.ID, f.kg.Head.ID) }, accord.ECONFLICT, "person"},
			{"remove someone of another delegation", func(ctx context.Context) error { return db.RemoveParticipant(ctx, f.kg.ID, f.secretariat.Head.ID) }, accord.ENOTFOUND, ""},
			{"edit someone of another delegation", func(ctx context.Context) error {
				return db.UpdateParticipant(ctx, f.kg.ID, &accord.Person{ID: f.secretariat.Head.ID, Name: "X"})
			}, accord.ENOTFOUND, ""},
			{"edit into nobody", func(ctx context.Context) error {
				return db.UpdateParticipant(ctx, f.kg.ID, &accord.Person{ID: p.ID})
			}, accord.EINVALID, "title"},
			{"title in malformed language", func(ctx context.Context) error {
				return db.AddParticipant(ctx, f.kg.ID, &accord.Person{Title: accord.Text{"English": "Adviser"}})
			}, accord.EINVALID, "title.English"},
			{"add to unknown delegation", func(ctx context.Context) error { return db.AddParticipant(ctx, 9999, &accord.Person{Name: "X"}) }, accord.ENOTFOUND, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantErr(t, c.call(t.Context()), c.code, c.field)
				equal(t, "database", snapshot(t, db, f), before)
			})
		}
	})
}

// TestWorkspaceRejects feeds bad edits of organizations, memberships,
// bodies and meetings, and checks the field blamed and that nothing
// changed.
func TestWorkspaceRejects(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ots23 := &accord.Meeting{Organization: "SCO", Body: "PGM", Number: 23, Host: "PK", Start: date("2025-07-01"), End: date("2025-07-01"),
			Format: accord.Hybrid, Status: accord.Planned}
		ok(t, db.CreateMeeting(t.Context(), ots23))
		meeting := func(change func(m *accord.Meeting)) func(context.Context) error {
			m := *f.sco22
			change(&m)
			return func(ctx context.Context) error { return db.UpdateMeeting(ctx, &m) }
		}
		membership := func(i int, change func(m *accord.Membership)) func(context.Context) error {
			m := *f.scoMemberships[i]
			change(&m)
			return func(ctx context.Context) error { return db.UpdateMembership(ctx, &m) }
		}
		before := snapshot(t, db, f)
		for _, c := range []struct {
			name        string
			call        func(context.Context) error
			code, field string
		}{
			{"meeting number used", meeting(func(m *accord.Meeting) { m.Number = 23 }), accord.ECONFLICT, "number"},
			{"meeting ending before it starts", meeting(func(m *accord.Meeting) { m.End = date("2024-07-24") }), accord.EINVALID, "end"},
			{"meeting without a start", meeting(func(m *accord.Meeting) { m.Start = accord.Date{} }), accord.EINVALID, "start"},
			{"meeting hosted by an unknown state", meeting(func(m *accord.Meeting) { m.Host = "FR" }), accord.EINVALID, "host"},
			{"meeting chaired by an unknown state", meeting(func(m *accord.Meeting) { m.Chair = "FR" }), accord.EINVALID, "chair"},
			{"meeting theme in malformed language", meeting(func(m *accord.Meeting) { m.Theme = accord.Text{"EN": "Theme"} }), accord.EINVALID, "theme.EN"},
			{"meeting in unknown format", meeting(func(m *accord.Meeting) { m.Format = "letter" }), accord.EINVALID, "format"},
			{"unknown meeting", meeting(func(m *accord.Meeting) { m.ID = 9999 }), accord.ENOTFOUND, ""},
			{"membership overlapping another", membership(1, func(m *accord.Membership) { m.Until = date("2024-07-10") }), accord.ECONFLICT, "from"},
			{"membership ending before it starts", membership(3, func(m *accord.Membership) { m.Until = date("2000-01-01") }), accord.EINVALID, "until"},
			{"member without a start", membership(3, func(m *accord.Membership) { m.From = accord.Date{} }), accord.EINVALID, "from"},
			{"membership of unknown status", membership(3, func(m *accord.Membership) { m.Status = "guest" }), accord.EINVALID, "status"},
			{"unknown membership", membership(3, func(m *accord.Membership) { m.ID = 9999 }), accord.ENOTFOUND, ""},
			{"organization without names", func(ctx context.Context) error {
				o := *f.sco
				o.Names = accord.Text{}
				return db.UpdateOrganization(ctx, &o)
			}, accord.EINVALID, "names"},
			{"organization language listed twice", func(ctx context.Context) error {
				o := *f.sco
				o.OfficialLanguages = []string{"ru", "ru"}
				return db.UpdateOrganization(ctx, &o)
			}, accord.EINVALID, "official_languages"},
			{"unknown organization", func(ctx context.Context) error {
				return db.UpdateOrganization(ctx, &accord.Organization{Code: "NATO", Names: en("NATO")})
			}, accord.ENOTFOUND, ""},
			{"body without names", func(ctx context.Context) error {
				return db.UpdateBody(ctx, &accord.Body{Organization: "SCO", Code: "PGM"})
			}, accord.EINVALID, "names"},
			{"unknown body", func(ctx context.Context) error {
				return db.UpdateBody(ctx, &accord.Body{Organization: "SCO", Code: "XYZ", Names: en("X")})
			}, accord.ENOTFOUND, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantErr(t, c.call(t.Context()), c.code, c.field)
				equal(t, "database", snapshot(t, db, f), before)
			})
		}
	})
}

// TestIdempotencyKeys checks the life of a key: claimed once, refused
// while running or for another request, replayed once answered, scoped by
// user and route, released on failure and forgotten after a day.
func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	now := sqltest.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	sqltest.RunWithClock(t, clock, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		var users []int64
		for i := range 2 {
			u := &accord.User{Name: "Officer", Email: fmt.Sprintf("officer%d@example.org", i)}
			ok(t, db.CreateUser(ctx, u, "hash"))
			users = append(users, u.ID)
		}
		key := func(user int64, scope, k, body string) *accord.IdempotencyKey {
			return &accord.IdempotencyKey{UserID: user, Scope: scope, Key: k, RequestHash: strings.Repeat(body, 64)}
		}
		claim := func(k *accord.IdempotencyKey) (*accord.IdempotencyKey, bool) {
			t.Helper()
			stored, claimed, err := db.ClaimIdempotencyKey(ctx, k)
			ok(t, err)
			return stored, claimed
		}
		first := key(users[0], "POST /api/v1/organizations", "k1", "a")
		if _, claimed := claim(first); !claimed {
			t.Fatal("a new key is not claimed")
		}
		_, _, err := db.ClaimIdempotencyKey(ctx, key(users[0], "POST /api/v1/organizations", "k1", "a"))
		wantErr(t, err, accord.ECONFLICT, "Idempotency-Key")
		first.Status, first.Body = 201, []byte(`{"code":"CIS"}`)
		ok(t, db.CompleteIdempotencyKey(ctx, first))
		stored, claimed := claim(key(users[0], "POST /api/v1/organizations", "k1", "a"))
		if claimed || stored.Status != 201 || string(stored.Body) != `{"code":"CIS"}` {
			t.Errorf("replay: claimed %v, %d %s", claimed, stored.Status, stored.Body)
		}
		_, _, err = db.ClaimIdempotencyKey(ctx, key(users[0], "POST /api/v1/organizations", "k1", "b"))
		wantErr(t, err, accord.ECONFLICT, "Idempotency-Key")
		if _, claimed := claim(key(users[1], "POST /api/v1/organizations", "k1", "a")); !claimed {
			t.Error("another user's key of the same name is not claimed")
		}
		if _, claimed := claim(key(users[0], "POST /api/v1/organizations/SCO", "k1", "a")); !claimed {
			t.Error("the same key on another route is not claimed")
		}
		failed := key(users[0], "POST /api/v1/organizations", "k2", "a")
		claim(failed)
		ok(t, db.ReleaseIdempotencyKey(ctx, failed))
		if _, claimed := claim(key(users[0], "POST /api/v1/organizations", "k2", "a")); !claimed {
			t.Error("a released key is not claimed again")
		}
		advance(accord.IdempotencyTTL + time.Second)
		if _, claimed := claim(key(users[0], "POST /api/v1/organizations", "k1", "b")); !claimed {
			t.Error("a key is remembered after a day")
		}
		for _, bad := range []string{"", strings.Repeat("k", 256), "with space", "ключ"} {
			_, _, err := db.ClaimIdempotencyKey(ctx, key(users[0], "POST /x", bad, "a"))
			wantErr(t, err, accord.EINVALID, "Idempotency-Key")
		}
	})
}

// TestAgendaSeveralItems: several items go to the end of the agenda in
// order, in one transaction; a refused one stores none.
func TestAgendaSeveralItems(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		f := seed(t, db)
		before := positions(t, db, f.sco22.ID)
		for name, items := range map[string][]*accord.AgendaItem{
			"none":            nil,
			"an empty title":  {{MeetingID: f.sco22.ID, Kind: accord.AgendaOther, Title: en("Report")}, {MeetingID: f.sco22.ID, Kind: accord.AgendaOther, Title: accord.Text{}}},
			"another meeting": {{MeetingID: f.ots3.ID, Kind: accord.AgendaOther, Title: en("Report")}},
			"a bad kind":      {{MeetingID: f.sco22.ID, Kind: "lunch", Title: en("Lunch")}},
		} {
			if err := db.AddAgendaItems(ctx, f.sco22.ID, items); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		equal(t, "after refusals", positions(t, db, f.sco22.ID), before)
		items := []*accord.AgendaItem{{MeetingID: f.sco22.ID, Kind: accord.AgendaReport, Title: en("Report")}, {MeetingID: f.sco22.ID, Kind: accord.AgendaClosing, Title: en("Closing")}}
		ok(t, db.AddAgendaItems(ctx, f.sco22.ID, items))
		if items[0].Position != len(before)+1 || items[1].Position != len(before)+2 || items[1].ID == 0 {
			t.Errorf("added at %d and %d after %d items", items[0].Position, items[1].Position, len(before))
		}
	})
}
