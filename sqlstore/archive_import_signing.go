package sqlstore

import (
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

// key stores one of the organization's signing keys, as enrolled by the
// sender (its date, its revocation), without the sender's account, and
// enters its enrolment (and revocation) in the receiver's log as an
// enrolment here is.
func (im *importer) key(k *accord.SigningKey) error {
	v, err := note.NewVerifier(k.VKey)
	if err != nil {
		return accord.Invalid("bag", "signing key %s of %s is not a signed-note public key", k.Fingerprint, k.State)
	}
	id, fresh, err := im.put("signing keys", "signing_keys", "organization, state, role, person, user_id, vkey*, key_name, key_hash, fingerprint, valid_from, valid_until, enrolled_at, revoked_at, revocation_reason", true,
		im.bag.Organization.Code, k.State, k.Role, k.Person, nil, k.VKey, v.Name(), int64(v.KeyHash()), k.Fingerprint,
		dateArg(k.ValidFrom), dateArg(k.ValidUntil), timeArg(k.EnrolledAt), timeArg(k.RevokedAt), k.RevocationReason)
	if err != nil {
		return conflict(err, "signing key %s+%08x of %s exists here already: an import adds an archive and does not merge it with another; nothing was imported", v.Name(), v.KeyHash(), k.State)
	}
	im.keys[k.ID] = id
	if !fresh {
		return nil
	}
	local := *k
	local.ID, local.UserID = id, 0
	if err := im.appendLog(&translog.Entry{Kind: translog.KindKeyEnrolment, Ref: id, Data: translog.NewKeyEnrolment(&local).Bytes()}); err != nil {
		return err
	}
	if k.RevokedAt.IsZero() {
		return nil
	}
	return im.appendLog(&translog.Entry{Kind: translog.KindKeyRevocation, Ref: id, Data: translog.NewKeyRevocation(&local).Bytes()})
}

// signing rebuilds a document's signing: the statement as signed, the
// versions it froze and the signatories it fixed, and each signature with
// its signed note, so that the receiver's signing page shows what the
// sender's did. Each is entered in the receiver's log as it is when
// signed here; the entries are made from the rows as read back, as
// 'accord log verify' reads them.
func (im *importer) signing(x *ImportDocument, docID int64) error {
	s, ref := x.Signing, x.Document.Reference
	meeting, ok := im.meetings[s.MeetingID]
	if !ok {
		return accord.Invalid("bag", "the signing of %s is of a meeting the bag does not hold", ref)
	}
	type version struct {
		id  int64
		key string
	}
	vs, err := all(im.txn, func(sc scanner) (v version, err error) {
		var lang string
		var rev int
		err = sc.Scan(&v.id, &lang, &rev)
		v.key = fmt.Sprintf("%s/%d", lang, rev)
		return v, err
	}, `SELECT id, lang, revision FROM document_versions WHERE document_id = $1`, docID)
	if err != nil {
		return err
	}
	local := map[string]int64{} // lang/revision → the receiver's version id
	for _, v := range vs {
		local[v.key] = v.id
	}
	versions := make([]accord.SigningVersion, len(s.Versions))
	for i, v := range s.Versions {
		id, ok := local[fmt.Sprintf("%s/%d", v.Lang, v.Revision)]
		if !ok {
			return accord.Invalid("bag", "the signing of %s froze version %s revision %d, which the bag does not hold", ref, v.Lang, v.Revision)
		}
		versions[i] = v
		versions[i].VersionID = id
	}
	sid, fresh, err := im.put("signings", "signings", "document_id*, meeting_id, statement, statement_sha256, versions, required, opened_at, completed_at", true,
		docID, meeting, s.Statement, s.StatementSHA256, jsonArg(versions), jsonArg(s.Required), timeArg(s.OpenedAt), timeArg(s.CompletedAt))
	if err != nil {
		return err
	}
	if fresh && x.Bundle != "" {
		// The bundle proves the signatures in the sender's log; the
		// receiver keeps it as received, with the document.
		im.records = append(im.records, importRecord{"signing_bundle", docID, -1, x.Bundle})
		im.res.Added["signing bundles"]++
	}
	seal, err := im.sealed(docID)
	if err != nil {
		return err
	}
	entry := func(kind string, ref int64, data func(salt []byte) []byte) error {
		salt, err := im.saltIf(seal, kind, ref)
		if err != nil {
			return err
		}
		return im.appendLog(&translog.Entry{Kind: kind, Ref: ref, Data: data(salt)})
	}
	newSigs := map[int64]bool{}
	for _, sig := range s.Signatures {
		key, ok := im.keys[sig.KeyID]
		if !ok {
			return accord.Invalid("bag", "the signature of %s on %s names a key the bag does not hold", sig.State, ref)
		}
		gid, freshSig, err := im.put("signatures", "signatures", "signing_id*, state*, key_id, note, signed_at", true, sid, sig.State, key, sig.Note, timeArg(sig.SignedAt))
		if err != nil {
			return err
		}
		newSigs[gid] = freshSig
	}
	got, err := im.txn.signing(docID, false)
	if err != nil {
		return err
	}
	if fresh {
		if err := entry(translog.KindSigningStatement, sid, translog.NewStatementEntry(got).Entry); err != nil {
			return err
		}
	}
	for _, sig := range got.Signatures {
		if !newSigs[sig.ID] {
			continue
		}
		if err := entry(translog.KindSignature, sig.ID, translog.NewSignatureEntry(got, sig).Entry); err != nil {
			return err
		}
	}
	if !fresh || !got.SignedByAll() {
		// A signing here already completed with the same row, or not.
		return nil
	}
	// The completion names each signature's index in this log: read
	// again, now that they have one.
	if got, err = im.txn.signing(docID, false); err != nil {
		return err
	}
	return entry(translog.KindSigningComplete, sid, translog.NewCompleteEntry(got).Entry)
}
