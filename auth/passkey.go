package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// CeremonyTTL is how long a passkey ceremony may take between its begin and
// finish requests; the browser is given the same timeout.
const CeremonyTTL = 5 * time.Minute

// MaxPasskeys caps the passkeys of one account, so that one account cannot
// fill the database.
const MaxPasskeys = 20

// Passkeys is the WebAuthn relying party: registration of passkeys by
// signed-in users, and passwordless sign-in with them.
type Passkeys struct {
	svc *Service
	rp  *webauthn.WebAuthn
}

// Errors a user sees. The sign-in error is the same whatever went wrong, so
// that it tells nothing of which credentials or accounts exist.
var (
	errBadPasskey  = accord.Errorf(accord.EUNAUTHORIZED, "The passkey was not accepted. Start again, or sign in with your password.")
	errBadCeremony = accord.Errorf(accord.EINVALID, "The passkey setup expired or was finished already. Start again.")
)

// NewPasskeys returns the relying party of the site served at publicURL,
// such as "https://accord.example.org" or "http://localhost:8080". Its host
// is the relying party id, so it must be a domain name: browsers refuse
// passkeys for an IP address.
func NewPasskeys(svc *Service, publicURL string) (*Passkeys, error) {
	u, err := url.Parse(publicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil {
		return nil, accord.Invalid("public_url", "%q is not an http or https URL without a path", publicURL)
	}
	if err := protocol.ValidateRPID(u.Hostname()); err != nil {
		return nil, accord.Invalid("public_url", "%q: passkeys need a domain name such as localhost, not an address (%v)", publicURL, err)
	}
	origin := u.Scheme + "://" + u.Host
	rp, err := webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: "Accord",
		RPOrigins:     []string{origin},
		// Accord does not restrict authenticator models, so it has no use
		// for attestation, which would only tell it the model.
		AttestationPreference: protocol.PreferNoAttestation,
		// Discoverable credentials let the sign-in start without an e-mail
		// address; user verification (a PIN or biometric on the device)
		// makes the passkey two factors in one.
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationRequired,
		},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: CeremonyTTL, TimeoutUVD: CeremonyTTL},
			Registration: webauthn.TimeoutConfig{Timeout: CeremonyTTL, TimeoutUVD: CeremonyTTL},
		},
	})
	if err != nil {
		return nil, accord.Invalid("public_url", "%q: %v", publicURL, err)
	}
	return &Passkeys{svc: svc, rp: rp}, nil
}

// rpUser is an Accord user as the WebAuthn library sees one.
type rpUser struct {
	user   *accord.User
	handle []byte
	creds  []webauthn.Credential
}

func (u *rpUser) WebAuthnID() []byte                         { return u.handle }
func (u *rpUser) WebAuthnName() string                       { return u.user.Email }
func (u *rpUser) WebAuthnDisplayName() string                { return u.user.Name }
func (u *rpUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func credential(p *accord.Passkey) webauthn.Credential {
	ts := make([]protocol.AuthenticatorTransport, len(p.Transports))
	for i, t := range p.Transports {
		ts[i] = protocol.AuthenticatorTransport(t)
	}
	return webauthn.Credential{
		ID:        p.CredentialID,
		PublicKey: p.PublicKey,
		Transport: ts,
		Flags: webauthn.CredentialFlags{UserPresent: true, UserVerified: true,
			BackupEligible: p.BackupEligible, BackupState: p.BackupState},
		Authenticator: webauthn.Authenticator{AAGUID: p.AAGUID, SignCount: p.SignCount},
	}
}

// Challenge is a begun ceremony: Options go to navigator.credentials, Key
// to a cookie, to be given back with the answer.
type Challenge struct {
	Options any
	Key     string
}

// save stores a ceremony's session data under a new random key.
func (pk *Passkeys) save(ctx context.Context, kind accord.CeremonyKind, userID int64, session *webauthn.SessionData) (string, error) {
	data, err := json.Marshal(session)
	if err != nil {
		return "", accord.Wrap("save ceremony", err)
	}
	key := newSecret("wa_", 32)
	err = pk.svc.Store.SaveCeremony(ctx, &accord.Ceremony{KeyHash: hashSecret(key), Kind: kind, UserID: userID, Data: data,
		ExpiresAt: pk.svc.Now().Add(CeremonyTTL)})
	return key, err
}

// take spends the ceremony a key names, and returns its session data.
func (pk *Passkeys) take(ctx context.Context, kind accord.CeremonyKind, key string) (*accord.Ceremony, *webauthn.SessionData, error) {
	if key == "" || len(key) > 200 {
		return nil, nil, accord.Errorf(accord.ENOTFOUND, "no ceremony key")
	}
	c, err := pk.svc.Store.TakeCeremony(ctx, hashSecret(key), kind)
	if err != nil {
		return nil, nil, err
	}
	// Taking it spent it, expired or not: it can never be used again.
	if !pk.svc.Now().Before(c.ExpiresAt) {
		return nil, nil, accord.Errorf(accord.ENOTFOUND, "the ceremony has expired")
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(c.Data, &session); err != nil {
		return nil, nil, accord.Wrap("read ceremony", err)
	}
	return c, &session, nil
}

// BeginRegistration starts adding a passkey to u's account. The caller
// checks that u is fully signed in: a password alone must not be enough to
// add a credential that then counts as two factors.
func (pk *Passkeys) BeginRegistration(ctx context.Context, u *accord.User) (*Challenge, error) {
	existing, err := pk.svc.Store.ListPasskeys(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(existing) >= MaxPasskeys {
		return nil, accord.Invalid("passkey", "an account has at most %d passkeys; delete one first", MaxPasskeys)
	}
	user := &rpUser{user: u}
	// One handle per user, so that an authenticator replaces its old
	// passkey for the account instead of holding two; a new random one
	// when the user has none, so the handle says nothing about the user.
	if len(existing) > 0 {
		user.handle = existing[0].UserHandle
	} else {
		user.handle = make([]byte, 32)
		rand.Read(user.handle)
	}
	exclude := make([]protocol.CredentialDescriptor, len(existing))
	for i, p := range existing {
		c := credential(p)
		exclude[i] = c.Descriptor()
	}
	creation, session, err := pk.rp.BeginRegistration(user, webauthn.WithExclusions(exclude))
	if err != nil {
		return nil, accord.Wrap("begin passkey registration", err)
	}
	key, err := pk.save(ctx, accord.CeremonyRegister, u.ID, session)
	if err != nil {
		return nil, err
	}
	return &Challenge{Options: creation, Key: key}, nil
}

// FinishRegistration checks the authenticator's answer to the ceremony key
// names and stores the new passkey under name. The context's actor is the
// one the audit trail records.
func (pk *Passkeys) FinishRegistration(ctx context.Context, u *accord.User, key, name, response string) (*accord.Passkey, error) {
	c, session, err := pk.take(ctx, accord.CeremonyRegister, key)
	if accord.ErrorCode(err) == accord.ENOTFOUND || (err == nil && c.UserID != u.ID) {
		return nil, errBadCeremony
	}
	if err != nil {
		return nil, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(response))
	if err != nil {
		return nil, &accord.Error{Code: accord.EINVALID, Field: "credential", Message: "The authenticator's answer is malformed.", Err: err}
	}
	existing, err := pk.svc.Store.ListPasskeys(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	user := &rpUser{user: u, handle: session.UserID}
	for _, p := range existing {
		user.creds = append(user.creds, credential(p))
	}
	cred, err := pk.rp.CreateCredential(user, *session, parsed)
	if err != nil {
		return nil, &accord.Error{Code: accord.EINVALID, Field: "credential", Message: "The authenticator's answer was not accepted. Start again.", Err: err}
	}
	p := &accord.Passkey{
		UserID:         u.ID,
		Name:           name,
		CredentialID:   cred.ID,
		PublicKey:      cred.PublicKey,
		UserHandle:     session.UserID,
		SignCount:      cred.Authenticator.SignCount,
		AAGUID:         cred.Authenticator.AAGUID,
		BackupEligible: cred.Flags.BackupEligible,
		BackupState:    cred.Flags.BackupState,
	}
	for _, t := range cred.Transport {
		p.Transports = append(p.Transports, string(t))
	}
	if err := pk.svc.Store.CreatePasskey(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// BeginLogin starts a passwordless sign-in. Nobody is known yet: the
// authenticator offers whichever passkey of this site it holds.
func (pk *Passkeys) BeginLogin(ctx context.Context, ip string) (*Challenge, error) {
	// Refusing early keeps a throttled address from storing ceremonies.
	// Beginning is no attempt: the claim is the atomic check, taken back
	// at once.
	att, err := pk.claim(ctx, ip)
	if err != nil {
		return nil, err
	}
	if err := pk.svc.unclaim(ctx, att); err != nil {
		return nil, err
	}
	assertion, session, err := pk.rp.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, accord.Wrap("begin passkey login", err)
	}
	key, err := pk.save(ctx, accord.CeremonyLogin, 0, session)
	if err != nil {
		return nil, err
	}
	return &Challenge{Options: assertion, Key: key}, nil
}

// FinishLogin checks an assertion against the ceremony key names and, when
// it holds, opens a full session: a passkey with user verification is
// something the user has and something they know or are. Every refusal
// looks the same, counts against the address and is audited, like a wrong
// password.
//
// The attempt is counted before it is checked, as a password is, so that
// parallel attempts from one address see each other; the count is taken
// back unless the answer was refused.
func (pk *Passkeys) FinishLogin(ctx context.Context, key, response, ip, userAgent string) (*Login, error) {
	att, err := pk.claim(ctx, ip)
	if err != nil {
		return nil, err
	}
	login, refusal, userID, err := pk.finishLogin(ctx, key, response, ip, userAgent)
	if refusal != "" {
		return nil, pk.fail(ctx, ip, userID, refusal)
	}
	if err != nil {
		return nil, pk.svc.uncheck(ctx, att, err)
	}
	if err := pk.svc.unclaim(ctx, att); err != nil {
		return nil, err
	}
	return login, nil
}

// claim counts a passkey attempt from ip under the address's own key, so
// that wrong passwords never refuse a passkey.
func (pk *Passkeys) claim(ctx context.Context, ip string) (*accord.Attempt, error) {
	att, err := pk.svc.claim(ctx, pk.svc.limit(passkeyKey(ip), pk.svc.Policy.MaxAddressFailures))
	if err != nil {
		return nil, err
	}
	if att.Refused != "" {
		return nil, errTooMany
	}
	return att, nil
}

// finishLogin checks the assertion. A refused one returns why, for the
// audit trail, and the user it named, if any; err is every other failure.
func (pk *Passkeys) finishLogin(ctx context.Context, key, response, ip, userAgent string) (*Login, string, int64, error) {
	_, session, err := pk.take(ctx, accord.CeremonyLogin, key)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil, "no such ceremony: expired, replayed or never begun", 0, nil
	}
	if err != nil {
		return nil, "", 0, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(response))
	if err != nil {
		return nil, "", 0, &accord.Error{Code: accord.EINVALID, Field: "credential", Message: "The authenticator's answer is malformed.", Err: err}
	}
	// The library asks for the owner of the credential once it has parsed
	// the answer; a lookup that fails for a reason other than an unknown
	// credential is an outage, not a refusal, and is reported as such.
	var passkey *accord.Passkey
	var user *accord.User
	var lookupErr error
	lookup := func(rawID, userHandle []byte) (webauthn.User, error) {
		p, err := pk.svc.Store.FindPasskey(ctx, rawID)
		if err != nil {
			lookupErr = err
			return nil, err
		}
		if !bytes.Equal(p.UserHandle, userHandle) {
			return nil, fmt.Errorf("the user handle does not match passkey %d", p.ID)
		}
		u, err := pk.svc.Store.FindUser(ctx, p.UserID)
		if err != nil {
			lookupErr = err
			return nil, err
		}
		passkey, user = p, u
		return &rpUser{user: u, handle: p.UserHandle, creds: []webauthn.Credential{credential(p)}}, nil
	}
	_, cred, err := pk.rp.ValidatePasskeyLogin(lookup, *session, parsed)
	if lookupErr != nil && accord.ErrorCode(lookupErr) != accord.ENOTFOUND {
		return nil, "", 0, lookupErr
	}
	var userID int64
	if user != nil {
		userID = user.ID
	}
	if err != nil {
		return nil, describe(err), userID, nil
	}
	// The library only flags a counter that went back; Accord refuses it,
	// since it betrays a copy of the key, and UsePasskey refuses it again
	// atomically in case two sign-ins race.
	if cred.Authenticator.CloneWarning {
		return nil, "the signature counter did not advance", userID, nil
	}
	actx := accord.WithActor(ctx, &accord.Actor{User: user, IP: ip})
	flags := parsed.Response.AuthenticatorData.Flags
	err = pk.svc.Store.UsePasskey(actx, passkey.ID, parsed.Response.AuthenticatorData.Counter, flags.HasBackupState(), pk.svc.Now())
	if accord.ErrorCode(err) == accord.ECONFLICT {
		return nil, "the signature counter did not advance", userID, nil
	}
	if err != nil {
		return nil, "", 0, err
	}
	login := &Login{User: user}
	login.Token, login.Session, err = pk.svc.StartSession(ctx, user, true, ip, userAgent)
	return login, "", 0, err
}

// describe keeps the library's reason for the audit trail, never for the
// user.
func describe(err error) string {
	if e, ok := errors.AsType[*protocol.Error](err); ok {
		return strings.TrimSpace(e.Details + " " + e.DevInfo)
	}
	return err.Error()
}

// fail audits a refused passkey sign-in, whose count stays, and returns
// the one error the user sees.
func (pk *Passkeys) fail(ctx context.Context, ip string, userID int64, reason string) error {
	resource := "passkey"
	if userID != 0 {
		resource = fmt.Sprintf("user/%d", userID)
	}
	actx := accord.WithActor(ctx, &accord.Actor{Label: "public", IP: ip})
	if err := pk.svc.Store.Audit(actx, "session.passkey_refused", resource, nil, map[string]string{"reason": reason}); err != nil {
		return err
	}
	return errBadPasskey
}

// passkeyKey is what refused passkey sign-ins from an address count under:
// a key of their own, so that wrong passwords never refuse a passkey.
func passkeyKey(ip string) string { return "passkey:ip:" + ip }
