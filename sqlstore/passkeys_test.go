package sqlstore_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

func passkeyUser(t *testing.T, db *sqlstore.DB, email string) *accord.User {
	t.Helper()
	u := &accord.User{Name: "Passkey Owner", Email: email}
	ok(t, db.CreateUser(t.Context(), u, "$argon2id$not-checked-here"))
	return u
}

func newPasskey(userID int64, credID string) *accord.Passkey {
	return &accord.Passkey{UserID: userID, Name: " Laptop ", CredentialID: []byte(credID), PublicKey: []byte{0xa5, 1, 2, 3, 0x26},
		UserHandle: bytes.Repeat([]byte{7}, 32), AAGUID: make([]byte, 16), Transports: []string{"internal", "hybrid"}, BackupEligible: true}
}

func TestPasskeys(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		alice := passkeyUser(t, db, "alice@example.org")
		bob := passkeyUser(t, db, "bob@example.org")

		p := newPasskey(alice.ID, "cred-alice")
		ok(t, db.CreatePasskey(ctx, p))
		equal(t, "trimmed name", p.Name, "Laptop")
		got, err := db.FindPasskey(ctx, []byte("cred-alice"))
		ok(t, err)
		equal(t, "found", got, p)
		list, err := db.ListPasskeys(ctx, alice.ID)
		ok(t, err)
		equal(t, "alice's passkeys", list, []*accord.Passkey{p})
		list, err = db.ListPasskeys(ctx, bob.ID)
		ok(t, err)
		equal(t, "bob's passkeys", len(list), 0)

		// A credential id belongs to one account, whoever tries to add it.
		wantErr(t, db.CreatePasskey(ctx, newPasskey(bob.ID, "cred-alice")), accord.ECONFLICT, "")
		_, err = db.FindPasskey(ctx, []byte("no such credential"))
		wantErr(t, err, accord.ENOTFOUND, "")

		// The counter must grow, or stay 0 for authenticators without one.
		ok(t, db.CreatePasskey(ctx, newPasskey(bob.ID, "cred-bob")))
		bobs, err := db.FindPasskey(ctx, []byte("cred-bob"))
		ok(t, err)
		for _, step := range []struct {
			id    int64
			count uint32
			code  string
		}{
			{bobs.ID, 0, ""}, // 0 after 0: no counter
			{bobs.ID, 0, ""},
			{p.ID, 5, ""},
			{p.ID, 5, accord.ECONFLICT}, // replayed
			{p.ID, 3, accord.ECONFLICT}, // went back: a clone
			{p.ID, 0, accord.ECONFLICT}, // a counter cannot vanish
			{p.ID, 6, ""},
		} {
			if err := db.UsePasskey(ctx, step.id, step.count, true, sqltest.Now()); accord.ErrorCode(err) != step.code {
				t.Fatalf("use passkey %d with count %d: %v, want code %q", step.id, step.count, err, step.code)
			}
		}
		got, err = db.FindPasskey(ctx, []byte("cred-alice"))
		ok(t, err)
		if got.SignCount != 6 || !got.BackupState || !got.LastUsedAt.Equal(sqltest.Now()) {
			t.Errorf("after use: count %d, backup state %v, last used %v", got.SignCount, got.BackupState, got.LastUsedAt)
		}
		wantErr(t, db.UsePasskey(ctx, 999, 1, false, sqltest.Now()), accord.ENOTFOUND, "")

		// Another user's passkey cannot be deleted, nor told apart from a
		// missing one.
		wantErr(t, db.DeletePasskey(ctx, bob.ID, p.ID), accord.ENOTFOUND, "")
		ok(t, db.DeletePasskey(ctx, alice.ID, p.ID))
		_, err = db.FindPasskey(ctx, []byte("cred-alice"))
		wantErr(t, err, accord.ENOTFOUND, "")
		wantErr(t, db.DeletePasskey(ctx, alice.ID, p.ID), accord.ENOTFOUND, "")

		// Every change is in the audit trail; the key material is not.
		records, total, err := db.ListAudit(ctx, accord.AuditFilter{Action: "passkey."})
		ok(t, err)
		var actions []string
		for _, r := range records {
			actions = append(actions, r.Action)
			if strings.Contains(r.Record, "cred-alice") || strings.Contains(r.Record, "public_key") {
				t.Errorf("audit record %d shows key material: %s", r.ID, r.Record)
			}
		}
		equal(t, "audited", strings.Join(actions, " "), "passkey.delete passkey.use passkey.use passkey.use passkey.use passkey.create passkey.create")
		equal(t, "total", total, 7)
	})
}

func TestPasskeyRejects(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		u := passkeyUser(t, db, "carol@example.org")
		cases := []struct {
			name  string
			edit  func(p *accord.Passkey)
			code  string
			field string
		}{
			{"no credential id", func(p *accord.Passkey) { p.CredentialID = nil }, accord.EINVALID, "credential"},
			{"credential id too long", func(p *accord.Passkey) { p.CredentialID = make([]byte, 1024) }, accord.EINVALID, "credential"},
			{"no public key", func(p *accord.Passkey) { p.PublicKey = nil }, accord.EINVALID, "credential"},
			{"no user handle", func(p *accord.Passkey) { p.UserHandle = nil }, accord.EINVALID, "credential"},
			{"user handle too long", func(p *accord.Passkey) { p.UserHandle = make([]byte, 65) }, accord.EINVALID, "credential"},
			{"name too long", func(p *accord.Passkey) { p.Name = strings.Repeat("n", 101) }, accord.EINVALID, "name"},
			{"no user", func(p *accord.Passkey) { p.UserID = 0 }, accord.EINVALID, "user_id"},
			{"unknown user", func(p *accord.Passkey) { p.UserID = 999 }, accord.EINVALID, "user_id"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p := newPasskey(u.ID, "cred-"+tc.name)
				tc.edit(p)
				wantErr(t, db.CreatePasskey(ctx, p), tc.code, tc.field)
			})
		}
		list, err := db.ListPasskeys(ctx, u.ID)
		ok(t, err)
		equal(t, "stored", len(list), 0)
	})
}

func TestCeremonies(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		u := passkeyUser(t, db, "dan@example.org")
		later := sqltest.Now().Add(5 * time.Minute)
		key := func(s string) []byte { return bytes.Repeat([]byte(s), 32) }

		// State that cannot be right is refused.
		for _, c := range []*accord.Ceremony{
			{KeyHash: key("a"), Kind: accord.CeremonyRegister, Data: []byte("{}"), ExpiresAt: later},            // a registration for nobody
			{KeyHash: key("a"), Kind: accord.CeremonyLogin, UserID: u.ID, Data: []byte("{}"), ExpiresAt: later}, // a sign-in for someone
			{KeyHash: key("a"), Kind: "other", Data: []byte("{}"), ExpiresAt: later},                            // no such ceremony
			{KeyHash: key("a"), Kind: accord.CeremonyLogin, ExpiresAt: later},                                   // no data
			{KeyHash: nil, Kind: accord.CeremonyLogin, Data: []byte("{}"), ExpiresAt: later},                    // no key
			{KeyHash: key("a"), Kind: accord.CeremonyLogin, Data: []byte("{}")},                                 // no expiry
		} {
			wantErr(t, db.SaveCeremony(ctx, c), accord.EINVALID, "ceremony")
		}

		reg := &accord.Ceremony{KeyHash: key("r"), Kind: accord.CeremonyRegister, UserID: u.ID, Data: []byte(`{"challenge":"r"}`), ExpiresAt: later}
		ok(t, db.SaveCeremony(ctx, reg))
		// A registration's challenge does not finish a sign-in, and the
		// attempt does not spend it.
		_, err := db.TakeCeremony(ctx, key("r"), accord.CeremonyLogin)
		wantErr(t, err, accord.ENOTFOUND, "")
		got, err := db.TakeCeremony(ctx, key("r"), accord.CeremonyRegister)
		ok(t, err)
		if got.UserID != u.ID || string(got.Data) != `{"challenge":"r"}` || !got.ExpiresAt.Equal(later) {
			t.Errorf("taken: %+v", got)
		}
		// A challenge is answered once.
		_, err = db.TakeCeremony(ctx, key("r"), accord.CeremonyRegister)
		wantErr(t, err, accord.ENOTFOUND, "")

		// Saving a ceremony clears the expired ones, so abandoned ceremonies
		// do not pile up.
		ok(t, db.SaveCeremony(ctx, &accord.Ceremony{KeyHash: key("y"), Kind: accord.CeremonyLogin, Data: []byte("{}"), ExpiresAt: sqltest.Now().Add(-time.Second)}))
		ok(t, db.SaveCeremony(ctx, &accord.Ceremony{KeyHash: key("z"), Kind: accord.CeremonyLogin, Data: []byte("{}"), ExpiresAt: later}))
		_, err = db.TakeCeremony(ctx, key("y"), accord.CeremonyLogin)
		wantErr(t, err, accord.ENOTFOUND, "")
		_, err = db.TakeCeremony(ctx, key("z"), accord.CeremonyLogin)
		ok(t, err)

		// Of requests racing to finish one ceremony, exactly one gets it.
		ok(t, db.SaveCeremony(ctx, &accord.Ceremony{KeyHash: key("c"), Kind: accord.CeremonyLogin, Data: []byte("{}"), ExpiresAt: later}))
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for range 8 {
			wg.Go(func() {
				_, err := db.TakeCeremony(ctx, key("c"), accord.CeremonyLogin)
				switch accord.ErrorCode(err) {
				case "":
					mu.Lock()
					won++
					mu.Unlock()
				case accord.ENOTFOUND:
				default:
					t.Errorf("concurrent take: %v", err)
				}
			})
		}
		wg.Wait()
		equal(t, "winners", won, 1)
	})
}
