package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

var _ accord.SigningService = (*DB)(nil)

// EnrolKey stores a public key for a person, a state and a role, and logs
// the enrolment in the same transaction.
func (db *DB) EnrolKey(ctx context.Context, k *accord.SigningKey) error {
	if err := k.Validate(); err != nil {
		return accord.Wrap("enrol key", err)
	}
	k.VKey = strings.TrimSpace(k.VKey)
	fp, err := translog.Fingerprint(k.VKey)
	if err != nil {
		return accord.Wrap("enrol key", err)
	}
	k.Fingerprint = fp
	return db.write(ctx, "enrol key", func(t *txn) error { return t.enrolKey(k) })
}

// enrolKey stores and logs a validated key whose fingerprint is set.
func (t *txn) enrolKey(k *accord.SigningKey) error {
	v, err := note.NewVerifier(k.VKey)
	if err != nil {
		return accord.Invalid("vkey", "is not a signed-note public key")
	}
	if err := t.ref("organization", "organization "+k.Organization, refOrganization, k.Organization); err != nil {
		return err
	}
	if err := t.ref("state", "state "+k.State, refState, k.State); err != nil {
		return err
	}
	var user any
	if k.UserID != 0 {
		if err := t.ref("user_id", fmt.Sprint("user ", k.UserID), `SELECT 1 FROM users WHERE id = $1`, k.UserID); err != nil {
			return err
		}
		user = k.UserID
	}
	k.EnrolledAt = stamp(t.db.now())
	k.ID, err = t.insert(`INSERT INTO signing_keys (organization, state, role, person, user_id, vkey, key_name, key_hash, fingerprint,
		valid_from, valid_until, enrolled_at, revocation_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '')`,
		k.Organization, k.State, k.Role, k.Person, user, k.VKey, v.Name(), int64(v.KeyHash()), k.Fingerprint,
		dateArg(k.ValidFrom), dateArg(k.ValidUntil), timeArg(k.EnrolledAt))
	if err := conflict(err, "the key %s+%08x is enrolled already", v.Name(), v.KeyHash()); err != nil {
		return err
	}
	e := &translog.Entry{Kind: translog.KindKeyEnrolment, Ref: k.ID, Data: translog.NewKeyEnrolment(k).Bytes()}
	if err := t.appendLog(e); err != nil {
		return err
	}
	k.LogIndex = e.Index
	return t.audit("signing_key.enrol", fmt.Sprintf("signing_key/%d", k.ID), nil, k)
}

// RevokeKey revokes a key; the revocation is logged with its reason.
func (db *DB) RevokeKey(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || strings.ContainsAny(reason, "\n\r") {
		return accord.Wrap("revoke key", accord.Invalid("reason", "is required, on one line"))
	}
	return db.write(ctx, "revoke key", func(t *txn) error {
		k, err := one(t, scanKey, accord.NotFound("signing key", id), t.forUpdate(selectKey+` WHERE k.id = $1`), id)
		if err != nil {
			return err
		}
		if !k.RevokedAt.IsZero() {
			return accord.Errorf(accord.ECONFLICT, "the key was revoked already, on %s: %s", k.RevokedAt.Format("2006-01-02"), k.RevocationReason)
		}
		before := *k
		k.RevokedAt, k.RevocationReason = stamp(t.db.now()), reason
		if err := t.exec(`UPDATE signing_keys SET revoked_at = $1, revocation_reason = $2 WHERE id = $3`, timeArg(k.RevokedAt), reason, id); err != nil {
			return err
		}
		e := &translog.Entry{Kind: translog.KindKeyRevocation, Ref: k.ID, Data: translog.NewKeyRevocation(k).Bytes()}
		if err := t.appendLog(e); err != nil {
			return err
		}
		k.RevocationLogIndex = e.Index
		return t.audit("signing_key.revoke", fmt.Sprintf("signing_key/%d", id), before, k)
	})
}

const selectKey = `SELECT k.id, k.organization, k.state, k.role, k.person, COALESCE(k.user_id, 0), k.vkey, k.fingerprint,
	k.valid_from, k.valid_until, k.enrolled_at, k.revoked_at, k.revocation_reason,
	COALESCE((SELECT MAX(idx) FROM log_entries WHERE kind = 'key_enrolment' AND ref = k.id), -1),
	COALESCE((SELECT MAX(idx) FROM log_entries WHERE kind = 'key_revocation' AND ref = k.id), 0)
	FROM signing_keys k`

func scanKey(r scanner) (*accord.SigningKey, error) {
	var k accord.SigningKey
	err := r.Scan(&k.ID, &k.Organization, &k.State, &k.Role, &k.Person, &k.UserID, &k.VKey, &k.Fingerprint,
		col(&k.ValidFrom), col(&k.ValidUntil), col(&k.EnrolledAt), col(&k.RevokedAt), &k.RevocationReason, &k.LogIndex, &k.RevocationLogIndex)
	return &k, err
}

// FindSigningKey returns an enrolled key.
func (db *DB) FindSigningKey(ctx context.Context, id int64) (*accord.SigningKey, error) {
	return fetch(ctx, db, "find signing key", func(t *txn) (*accord.SigningKey, error) {
		return one(t, scanKey, accord.NotFound("signing key", id), selectKey+` WHERE k.id = $1`, id)
	})
}

// ListSigningKeys lists the keys of an organization, or all, by id.
func (db *DB) ListSigningKeys(ctx context.Context, org string) ([]*accord.SigningKey, error) {
	return fetch(ctx, db, "list signing keys", func(t *txn) ([]*accord.SigningKey, error) {
		if org == "" {
			return all(t, scanKey, selectKey+` ORDER BY k.id`)
		}
		if err := t.found("organization", org, refOrganization, org); err != nil {
			return nil, err
		}
		return all(t, scanKey, selectKey+` WHERE k.organization = $1 ORDER BY k.id`, org)
	})
}

// documentMeeting reads a document with the meeting it was first linked
// to and that meeting's organization: what signing and adoption are
// judged against.
func (db *DB) documentMeeting(ctx context.Context, documentID int64) (*accord.Document, *accord.Meeting, *accord.Organization, error) {
	d, err := db.FindDocument(ctx, documentID)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(d.Links) == 0 {
		return nil, nil, nil, accord.Invalid("document_id", "the document belongs to no meeting")
	}
	m, err := db.FindMeetingByID(ctx, d.Links[0].MeetingID)
	if err != nil {
		return nil, nil, nil, err
	}
	org, err := db.FindOrganization(ctx, m.Organization)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, m, org, nil
}

// OpenSigning freezes a document's latest versions for signature. The
// organization's authentic languages (accord.Organization) are those that
// bind; every other version is a translation.
// The signatories are the heads of the delegations of the states that were
// members of the organization on the meeting's first day.
func (db *DB) OpenSigning(ctx context.Context, documentID int64) (*accord.Signing, error) {
	s, d, err := db.prepareSigning(ctx, documentID)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, "open signing", func(t *txn) error {
		s.OpenedAt = stamp(t.db.now())
		var err error
		s.ID, err = t.insert(`INSERT INTO signings (document_id, meeting_id, statement, statement_sha256, versions, required, opened_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.DocumentID, s.MeetingID, s.Statement, s.StatementSHA256,
			jsonArg(s.Versions), jsonArg(s.Required), timeArg(s.OpenedAt))
		if err := conflict(err, "document %s is open for signature already", d.Reference); err != nil {
			return err
		}
		// Even the entry's document id would tell the public which
		// document is being signed.
		salt, err := t.saltIf(d.Classification != accord.Public, translog.KindSigningStatement, s.ID)
		if err != nil {
			return err
		}
		e := &translog.Entry{Kind: translog.KindSigningStatement, Ref: s.ID, Data: translog.NewStatementEntry(s).Entry(salt)}
		if err := t.appendLog(e); err != nil {
			return err
		}
		s.LogIndex = e.Index
		return t.audit("signing.open", fmt.Sprintf("document/%d/signing", s.DocumentID), nil,
			map[string]any{"signing_id": s.ID, "statement_sha256": s.StatementSHA256, "versions": s.Versions})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// PreviewSigning is the signing OpenSigning would open now, opened by
// nobody and stored nowhere: the versions it would freeze and the
// signatories it would fix, for the person about to open it to check.
func (db *DB) PreviewSigning(ctx context.Context, documentID int64) (*accord.Signing, error) {
	s, _, err := db.prepareSigning(ctx, documentID)
	return s, err
}

// prepareSigning builds the signing of a document from the records as they
// stand, with the document it signs, and stores nothing.
func (db *DB) prepareSigning(ctx context.Context, documentID int64) (*accord.Signing, *accord.Document, error) {
	d, m, org, err := db.documentMeeting(ctx, documentID)
	if err != nil {
		return nil, nil, err
	}
	if !m.Start.Exact() {
		// The signatories are the members on the meeting's first day, and a
		// year or a month has no first day that the records prove.
		return nil, nil, accord.Invalid("document_id", "meeting %s of %s %s is dated %s only: record its days before a document is signed at it",
			m.Numeral(), m.Organization, m.Body, m.Start)
	}
	body, err := db.FindBody(ctx, m.Organization, m.Body)
	if err != nil {
		return nil, nil, err
	}
	// A document negotiated as a draft is signed only once adopted, and
	// its statement names the adopted revision.
	adoptions, err := db.ListAdoptions(ctx, documentID)
	if err != nil {
		return nil, nil, err
	}
	var adopted *accord.Adoption
	if n := len(adoptions); n > 0 {
		if adoptions[n-1].Result != accord.Adopted {
			return nil, nil, accord.Invalid("document_id", "the draft of %s is not adopted: the signing opens after adoption", d.Reference)
		}
		adopted = adoptions[n-1]
		if d, err = db.FindDocument(ctx, documentID); err != nil {
			return nil, nil, err
		}
	}
	authentic := org.AuthenticLanguages()
	s := &accord.Signing{DocumentID: d.ID, Reference: d.Reference, MeetingID: m.ID, Signatures: []*accord.Signature{}}
	for _, v := range d.LatestVersions() {
		s.Versions = append(s.Versions, accord.SigningVersion{VersionID: v.ID, Lang: v.Lang, Revision: v.Revision,
			SHA256: v.ComputeSHA256(), Authentic: slices.Contains(authentic, v.Lang)})
	}
	// Authentic versions first, so that the statement reads as the
	// protocol's closing formula does.
	slices.SortStableFunc(s.Versions, func(a, b accord.SigningVersion) int {
		if a.Authentic != b.Authentic {
			if a.Authentic {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Lang, b.Lang)
	})
	for _, l := range authentic {
		if !slices.ContainsFunc(s.Versions, func(v accord.SigningVersion) bool { return v.Lang == l }) {
			return nil, nil, accord.Invalid("document_id", "the document has no %s version, and %s is an authentic language of the %s", l, l, org.Code)
		}
	}
	members, err := db.MembersOn(ctx, org.Code, m.Start, accord.Member)
	if err != nil {
		return nil, nil, err
	}
	if len(members) == 0 {
		return nil, nil, accord.Invalid("document_id", "the %s had no members on %s, so nobody would sign", org.Code, m.Start)
	}
	delegations, err := db.ListDelegations(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	if s.Required = accord.Signatories(members, delegations); len(s.Required) == 0 {
		return nil, nil, accord.Invalid("document_id", "every member state declined the invitation to this meeting, so nobody would sign")
	}
	s.Statement = translog.Statement(translog.StatementInput{Organization: org, Body: body, Meeting: m, Document: d, Versions: s.Versions, Required: s.Required, Adoption: adopted})
	s.StatementSHA256 = translog.SHA256Hex([]byte(s.Statement))
	return s, d, nil
}

const selectSigning = `SELECT s.id, s.document_id, d.reference, s.meeting_id, s.statement, s.statement_sha256, s.versions, s.required,
	s.opened_at, s.completed_at,
	COALESCE((SELECT MAX(idx) FROM log_entries WHERE kind = 'signing_statement' AND ref = s.id), -1),
	COALESCE((SELECT MAX(idx) FROM log_entries WHERE kind = 'signing_complete' AND ref = s.id), 0)
	FROM signings s JOIN documents d ON d.id = s.document_id`

func scanSigning(r scanner) (*accord.Signing, error) {
	s := accord.Signing{Signatures: []*accord.Signature{}}
	err := r.Scan(&s.ID, &s.DocumentID, &s.Reference, &s.MeetingID, &s.Statement, &s.StatementSHA256, col(&s.Versions), col(&s.Required),
		col(&s.OpenedAt), col(&s.CompletedAt), &s.LogIndex, &s.CompletionLogIndex)
	return &s, err
}

func scanSignature(r scanner) (*accord.Signature, error) {
	var s accord.Signature
	return &s, r.Scan(&s.ID, &s.SigningID, &s.State, &s.KeyID, &s.Note, col(&s.SignedAt), &s.LogIndex)
}

// signing loads a document's signing with its signatures; lock locks the
// signing's row for the rest of the transaction.
func (t *txn) signing(documentID int64, lock bool) (*accord.Signing, error) {
	q := selectSigning + ` WHERE s.document_id = $1`
	if lock {
		// The lock must name a table without the join's subqueries.
		if _, err := t.tx.ExecContext(t.ctx, t.forUpdate(`SELECT 1 FROM signings WHERE document_id = $1`), documentID); err != nil {
			return nil, err
		}
	}
	s, err := one(t, scanSigning, accord.NotFound("signing of document", documentID), q, documentID)
	if err != nil {
		return nil, err
	}
	s.Signatures, err = all(t, scanSignature, `SELECT g.id, g.signing_id, g.state, g.key_id, g.note, g.signed_at,
		COALESCE((SELECT MAX(idx) FROM log_entries WHERE kind = 'signature' AND ref = g.id), -1)
		FROM signatures g WHERE g.signing_id = $1 ORDER BY g.state`, s.ID)
	return s, err
}

// FindSigning returns the signing of a document, with its signatures by
// state.
func (db *DB) FindSigning(ctx context.Context, documentID int64) (*accord.Signing, error) {
	return fetch(ctx, db, "find signing", func(t *txn) (*accord.Signing, error) { return t.signing(documentID, false) })
}

// AddSignature checks a signed note against the keys enrolled for state
// and stores it with its log entry. The last required signature completes
// the signing, which is logged too.
func (db *DB) AddSignature(ctx context.Context, documentID int64, state string, signed []byte) (*accord.Signature, error) {
	var sig *accord.Signature
	err := db.write(ctx, "add signature", func(t *txn) error {
		s, err := t.signing(documentID, true)
		if err != nil {
			return err
		}
		if s.SignedByAll() {
			return accord.Errorf(accord.ECONFLICT, "%s is signed by all already", s.Reference)
		}
		if !slices.ContainsFunc(s.Required, func(r accord.Signatory) bool { return r.State == state }) {
			return accord.Errorf(accord.EFORBIDDEN, "%s is not among the signatories of %s", state, s.Reference)
		}
		if s.SignatureOf(state) != nil {
			return accord.Errorf(accord.ECONFLICT, "%s has signed %s already", state, s.Reference)
		}
		var org string
		if err := t.tx.QueryRowContext(t.ctx, `SELECT organization FROM meetings WHERE id = $1`, s.MeetingID).Scan(&org); err != nil {
			return err
		}
		keys, err := all(t, scanKey, selectKey+` WHERE k.organization = $1 ORDER BY k.id`, org)
		if err != nil {
			return err
		}
		k, err := translog.VerifyStatement(s.Statement, signed, keys)
		if err != nil {
			return err
		}
		now := stamp(t.db.now())
		switch {
		case k.State != state:
			return accord.Invalid("signature", "the key %s is enrolled for %s, not for %s", keyLabel(k), k.State, state)
		case k.Role != accord.RoleHeadOfDelegation:
			return accord.Invalid("signature", "the key %s is enrolled for the role %s; a protocol is signed by a head of delegation", keyLabel(k), k.Role)
		case !k.RevokedAt.IsZero():
			return accord.Invalid("signature", "the key %s was revoked on %s: %s", keyLabel(k), k.RevokedAt.Format("2006-01-02"), k.RevocationReason)
		case !k.ValidOn(accord.DateOf(now), now):
			return accord.Invalid("signature", "the key %s is valid from %s to %s, not today", keyLabel(k), k.ValidFrom, orOpen(k.ValidUntil))
		}
		sig = &accord.Signature{SigningID: s.ID, State: state, KeyID: k.ID, Note: string(signed), SignedAt: now}
		sig.ID, err = t.insert(`INSERT INTO signatures (signing_id, state, key_id, note, signed_at) VALUES ($1, $2, $3, $4, $5)`,
			sig.SigningID, sig.State, sig.KeyID, sig.Note, timeArg(sig.SignedAt))
		if err != nil {
			return err
		}
		seal, err := t.sealed(s.DocumentID)
		if err != nil {
			return err
		}
		salt, err := t.saltIf(seal, translog.KindSignature, sig.ID)
		if err != nil {
			return err
		}
		e := &translog.Entry{Kind: translog.KindSignature, Ref: sig.ID, Data: translog.NewSignatureEntry(s, sig).Entry(salt)}
		if err := t.appendLog(e); err != nil {
			return err
		}
		sig.LogIndex = e.Index
		if err := t.audit("signature.add", fmt.Sprintf("document/%d/signing/%s", documentID, state), nil,
			map[string]any{"signature_id": sig.ID, "key_id": k.ID, "log_index": sig.LogIndex}); err != nil {
			return err
		}
		s.Signatures = append(s.Signatures, sig)
		slices.SortFunc(s.Signatures, func(a, b *accord.Signature) int { return strings.Compare(a.State, b.State) })
		if len(s.Signatures) < len(s.Required) {
			return nil
		}
		s.CompletedAt = now
		if err := t.exec(`UPDATE signings SET completed_at = $1 WHERE id = $2`, timeArg(now), s.ID); err != nil {
			return err
		}
		if salt, err = t.saltIf(seal, translog.KindSigningComplete, s.ID); err != nil {
			return err
		}
		if err := t.appendLog(&translog.Entry{Kind: translog.KindSigningComplete, Ref: s.ID, Data: translog.NewCompleteEntry(s).Entry(salt)}); err != nil {
			return err
		}
		return t.audit("signing.complete", fmt.Sprintf("document/%d/signing", documentID), nil, map[string]any{"signing_id": s.ID})
	})
	if err != nil {
		return nil, err
	}
	return sig, nil
}

func keyLabel(k *accord.SigningKey) string {
	name, _, _ := strings.Cut(k.VKey, "+")
	return fmt.Sprintf("%s (%s)", name, k.Fingerprint)
}

func orOpen(d accord.Date) string {
	if d.IsZero() {
		return "no end"
	}
	return d.String()
}
