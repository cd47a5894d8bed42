package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// at is a context whose actor acts at moment t, as a request's does.
func at(ctx context.Context, grants []accord.Grant, t time.Time) context.Context {
	a := &accord.Actor{Label: "test", At: t}
	if grants != nil {
		a.User = &accord.User{ID: 1, Grants: grants}
	}
	return accord.WithActor(ctx, a)
}

func scheduledRelease(f *fixture, ref string, until time.Time) *accord.Document {
	return &accord.Document{Reference: ref, Kind: accord.DocPressRelease, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
		EmbargoUntil: until, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
		Versions: []accord.DocumentVersion{{Lang: "en", Title: "Scheduled release " + ref, Body: "Not before its time."}}}
}

// TestEmbargoLists checks that the store's lists and counts apply the
// policy's embargo: a release scheduled for later is listed for the
// secretariat of its organization alone, and for everyone once its time
// has come, with the count agreeing with the page.
func TestEmbargoLists(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		now := sqltest.Now()
		until := now.Add(2 * time.Hour)
		rel := scheduledRelease(f, "SCO/PRESS/EMBARGOED", until)
		ok(t, db.CreateDocument(at(ctx, nil, now), rel))
		got, err := db.FindDocument(ctx, rel.ID)
		ok(t, err)
		if !got.EmbargoUntil.Equal(until) {
			t.Fatalf("embargo_until read back as %v, want %v", got.EmbargoUntil, until)
		}
		readers := map[string]*accord.Actor{
			"public":          {},
			"press":           {User: &accord.User{Grants: []accord.Grant{{Role: accord.RolePress}}}},
			"delegation":      {User: &accord.User{Grants: []accord.Grant{{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "KG"}}}},
			"OTS secretariat": {User: &accord.User{Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "OTS"}}}},
			"SCO secretariat": {User: &accord.User{Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "SCO"}}}},
		}
		for _, moment := range []time.Time{{}, now, until.Add(-time.Microsecond), until, until.Add(time.Hour)} {
			for name, a := range readers {
				a.At = moment
				r := accord.ReadersOf(a)
				for _, flt := range []accord.DocumentFilter{{Readers: &r}, {Readers: &r, Organization: "SCO", Limit: 5}, {Readers: &r, Kind: accord.DocPressRelease, Limit: 1},
					{Readers: &r, Query: "scheduled"}, {Readers: &r, Classifications: []accord.Classification{accord.Restricted}}} {
					docs, err := db.ListDocumentSummaries(ctx, flt)
					ok(t, err)
					listed := slices.ContainsFunc(docs, func(d *accord.DocumentSummary) bool { return d.ID == rel.ID })
					policy := accord.Authorize(a, accord.ActRead, accord.DocumentResource(got, []*accord.Meeting{f.sco22}, nil)).Allow
					want := policy && !slices.Equal(flt.Classifications, []accord.Classification{accord.Restricted})
					if listed != want {
						t.Errorf("%s at %v, filter %+v: listed %v, want %v", name, moment, flt, listed, want)
					}
					counted := flt
					counted.Limit = 0
					n, err := db.CountDocuments(ctx, counted)
					ok(t, err)
					all, err := db.ListDocumentSummaries(ctx, counted)
					ok(t, err)
					if n != len(all) {
						t.Errorf("%s at %v, filter %+v: counts %d, lists %d", name, moment, flt, n, len(all))
					}
				}
			}
		}
	})
}

// TestEmbargoChangeVersion checks that an embargo's end changes the change
// version, at the actor's moment or, without one, at the store's clock, so
// that a page cached before it is not served after.
func TestEmbargoChangeVersion(t *testing.T) {
	t.Parallel()
	clock := sqltest.Now()
	now := func() time.Time { return clock }
	sqltest.RunWithClock(t, now, func(t *testing.T, db *sqlstore.DB) {
		clock = sqltest.Now()
		f := seed(t, db)
		ctx := t.Context()
		until := clock.Add(time.Hour)
		ok(t, db.CreateDocument(ctx, scheduledRelease(f, "SCO/PRESS/LATER", until)))
		version := func(ctx context.Context) int64 {
			t.Helper()
			v, err := db.ChangeVersion(ctx, accord.ScopeReference, accord.ScopeDocuments)
			ok(t, err)
			return v
		}
		before := version(at(ctx, nil, until.Add(-time.Second)))
		if got := version(ctx); got != before {
			t.Errorf("the store's clock before the embargo's end gives version %d, the actor's moment %d", got, before)
		}
		ended := version(at(ctx, nil, until))
		if ended == before {
			t.Errorf("the version stays %d when the embargo ends", ended)
		}
		clock = until.Add(time.Minute)
		if got := version(ctx); got != ended {
			t.Errorf("the store's clock after the embargo's end gives version %d, want %d", got, ended)
		}
	})
}

// TestEmbargoRefused checks each bad embargo: refused on the field
// embargo_until, with the database unchanged.
func TestEmbargoRefused(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		now := sqltest.Now()
		pending := scheduledRelease(f, "SCO/PRESS/PENDING", now.Add(time.Hour))
		ok(t, db.CreateDocument(ctx, pending))
		published := scheduledRelease(f, "SCO/PRESS/PUBLISHED", time.Time{})
		ok(t, db.CreateDocument(ctx, published))
		count := func() (int, int) {
			t.Helper()
			docs, err := db.ListDocuments(ctx, accord.DocumentFilter{IncludeWithdrawn: true})
			ok(t, err)
			_, n, err := db.ListAudit(ctx, accord.AuditFilter{Limit: 1})
			ok(t, err)
			return len(docs), n
		}
		docs, records := count()
		for _, c := range []struct {
			name string
			d    *accord.Document
		}{
			{"in the past", scheduledRelease(f, "SCO/PRESS/PAST", now.Add(-time.Minute))},
			{"now", scheduledRelease(f, "SCO/PRESS/NOW", now)},
			{"too far ahead", scheduledRelease(f, "SCO/PRESS/FAR", now.AddDate(accord.MaxEmbargoYears, 0, 1))},
			{"not a press release", func() *accord.Document {
				d := scheduledRelease(f, "SCO/PRESS/STATEMENT", now.Add(time.Hour))
				d.Kind = accord.DocStatement
				return d
			}()},
		} {
			wantErr(t, db.CreateDocument(ctx, c.d), accord.EINVALID, "embargo_until")
		}
		if d, r := count(); d != docs || r != records {
			t.Errorf("after refused creations: %d documents and %d audit records, want %d and %d", d, r, docs, records)
		}
		for _, c := range []struct {
			name   string
			id     int64
			change func(d *accord.Document)
		}{
			{"a pending embargo moved to the past", pending.ID, func(d *accord.Document) { d.EmbargoUntil = now.Add(-time.Hour) }},
			{"a published release scheduled", published.ID, func(d *accord.Document) { d.EmbargoUntil = now.Add(time.Hour) }},
			{"a pending release made a statement", pending.ID, func(d *accord.Document) { d.Kind = accord.DocStatement }},
		} {
			before, err := db.FindDocument(ctx, c.id)
			ok(t, err)
			d := *before
			c.change(&d)
			wantErr(t, db.UpdateDocument(ctx, &d), accord.EINVALID, "embargo_until")
			after, err := db.FindDocument(ctx, c.id)
			ok(t, err)
			equal(t, c.name, after, before)
		}
		// An ended embargo is history: at a moment past it, it no
		// longer changes, not even to nothing.
		late := at(ctx, nil, now.Add(2*time.Hour))
		before, err := db.FindDocument(ctx, pending.ID)
		ok(t, err)
		d := *before
		d.EmbargoUntil = time.Time{}
		wantErr(t, db.UpdateDocument(late, &d), accord.EINVALID, "embargo_until")
		if d, r := count(); d != docs || r != records {
			t.Errorf("after refused edits: %d documents and %d audit records, want %d and %d", d, r, docs, records)
		}
		// While it lasts, the secretariat moves it, and the trail says so.
		d = *before
		d.EmbargoUntil = now.Add(3 * time.Hour)
		ok(t, db.UpdateDocument(ctx, &d))
		got, err := db.FindDocument(ctx, pending.ID)
		ok(t, err)
		if !got.EmbargoUntil.Equal(d.EmbargoUntil) {
			t.Errorf("embargo moved to %v, want %v", got.EmbargoUntil, d.EmbargoUntil)
		}
		if a := audits(t, db, "document/"+itoa(pending.ID)); !slices.Equal(a, []string{"document.create", "document.update"}) {
			t.Errorf("audit of the moved embargo: %v", a)
		}
	})
}
