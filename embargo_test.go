package accord

import (
	"testing"
	"time"
)

// TestEmbargoPolicy checks the one rule: before its time a scheduled
// release is read, and changed, only by the secretariat of its
// organization; from its time on, as any document of its classification.
func TestEmbargoPolicy(t *testing.T) {
	until := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	res := Resource{Kind: KindDocument, Classification: Public, Organizations: []string{"SCO"}, EmbargoUntil: until}
	users := map[string][]Grant{
		"public":          nil,
		"press":           {{Role: RolePress}},
		"delegation":      {{Role: RoleDelegationOfficer, Organization: "SCO", State: "KG"}},
		"chair":           {{Role: RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "KG"}},
		"OTS secretariat": {{Role: RoleSecretariat, Organization: "OTS"}},
		"SCO secretariat": {{Role: RoleSecretariat, Organization: "SCO"}},
	}
	for _, c := range []struct {
		name   string
		at     time.Time
		reader map[string]bool
	}{
		{"no clock", time.Time{}, map[string]bool{"SCO secretariat": true}},
		{"before", until.Add(-time.Second), map[string]bool{"SCO secretariat": true}},
		{"at its time", until, map[string]bool{"public": true, "press": true, "delegation": true, "chair": true, "OTS secretariat": true, "SCO secretariat": true}},
		{"after", until.Add(time.Hour), map[string]bool{"public": true, "press": true, "delegation": true, "chair": true, "OTS secretariat": true, "SCO secretariat": true}},
	} {
		for name, grants := range users {
			a := &Actor{At: c.at}
			if grants != nil {
				a.User = &User{ID: 1, Grants: grants}
			}
			if got := Authorize(a, ActRead, res).Allow; got != c.reader[name] {
				t.Errorf("%s, %s reads: %v, want %v", c.name, name, got, c.reader[name])
			}
			if got, want := Authorize(a, ActUpdate, res).Allow, name == "SCO secretariat"; got != want {
				t.Errorf("%s, %s changes: %v, want %v", c.name, name, got, want)
			}
		}
	}
	// A delegation that writes its own release may not schedule it: the
	// secretariat alone would then read it.
	own := Resource{Kind: KindDocument, Classification: Public, Organizations: []string{"SCO"}, AuthorState: "KG", EmbargoUntil: until}
	a := &Actor{At: until.Add(-time.Hour), User: &User{ID: 1, Grants: users["delegation"]}}
	if Authorize(a, ActCreate, own).Allow {
		t.Error("a delegation schedules its own release")
	}
	own.EmbargoUntil = time.Time{}
	if !Authorize(a, ActCreate, own).Allow {
		t.Error("a delegation may not publish its own release")
	}
}

// TestReadersCarryTheMoment checks that a reader class carries its actor's
// moment for the store's rule, and that the moment is no part of the class.
func TestReadersCarryTheMoment(t *testing.T) {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, a := range []*Actor{{At: at}, {At: at, User: &User{Grants: []Grant{{Role: RoleSecretariat, Organization: "SCO"}}}}} {
		r := ReadersOf(a)
		if !r.Now.Equal(at) {
			t.Errorf("%v: readers at %v, want %v", a.User, r.Now, at)
		}
		later := *a
		later.At = at.Add(time.Hour)
		if ReadersOf(&later).Key() != r.Key() {
			t.Errorf("%v: the moment changes the class", a.User)
		}
	}
}

func TestValidateEmbargo(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	release := func(until time.Time) *Document { return &Document{Kind: DocPressRelease, EmbargoUntil: until} }
	for _, c := range []struct {
		name      string
		d, before *Document
		ok        bool
	}{
		{"none", release(time.Time{}), nil, true},
		{"ahead", release(now.Add(time.Minute)), nil, true},
		{"now", release(now), nil, false},
		{"past", release(now.Add(-time.Minute)), nil, false},
		{"too far", release(now.AddDate(MaxEmbargoYears, 0, 1)), nil, false},
		{"a statement", &Document{Kind: DocStatement, EmbargoUntil: now.Add(time.Hour)}, nil, false},
		{"moved while it lasts", release(now.Add(2 * time.Hour)), release(now.Add(time.Hour)), true},
		{"lifted while it lasts", release(time.Time{}), release(now.Add(time.Hour)), true},
		{"moved to the past", release(now.Add(-time.Hour)), release(now.Add(time.Hour)), false},
		{"ended, unchanged", release(now.Add(-time.Hour)), release(now.Add(-time.Hour)), true},
		{"ended, lifted", release(time.Time{}), release(now.Add(-time.Hour)), false},
		{"ended, moved ahead", release(now.Add(time.Hour)), release(now.Add(-time.Hour)), false},
		{"published, then scheduled", release(now.Add(time.Hour)), release(time.Time{}), false},
	} {
		err := ValidateEmbargo(c.d, c.before, now)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok %v", c.name, err, c.ok)
		}
		if err != nil && ErrorField(err) != "embargo_until" {
			t.Errorf("%s: blames %q", c.name, ErrorField(err))
		}
	}
}
