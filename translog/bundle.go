package translog

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/transparency-dev/formats/proof"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// BundleFormat names the bundle's format and version. Version 2 opens
// sealed entries in BundleEntry, with their salts; version 1 opened only
// versions' entries, in BundleVersion.Details. Verifiers read both.
const (
	BundleFormat   = "accord-bundle/v2"
	BundleFormatV1 = "accord-bundle/v1"
)

// Bundle is everything needed to check a signed document offline: the
// language versions, the signing statement with every signature, the
// enrolments of the signers' keys, and for each a C2SP tlog-proof against
// one checkpoint.
type Bundle struct {
	Format     string            `json:"format"`
	Origin     string            `json:"origin"`
	DocumentID int64             `json:"document_id"`
	Reference  string            `json:"reference"`
	Versions   []BundleVersion   `json:"versions"`
	Statement  BundleStatement   `json:"statement"`
	Signatures []BundleSignature `json:"signatures"`
	Keys       []BundleEntry     `json:"keys"`
	Completion *BundleEntry      `json:"completion,omitempty"`
	// Revisions are, for a document negotiated as a draft, every revision
	// circulated, so that the bundle proves which texts the delegations
	// saw, the adopted one among them.
	Revisions []BundleRevision `json:"revisions,omitempty"`
	// Checkpoint is the (cosigned) checkpoint every proof is against.
	Checkpoint string `json:"checkpoint"`
}

// BundleEntry is a log entry with its tlog-proof. Details and Salt (hex)
// open the entry when it is sealed: the entry of a document the public may
// not read.
type BundleEntry struct {
	Index   int64  `json:"index"`
	Data    string `json:"data"`
	Proof   string `json:"proof"`
	Details string `json:"details,omitempty"`
	Salt    string `json:"salt,omitempty"`
}

// BundleVersion is a language version with its log entry. Details is read
// from bundles of format v1 only, which opened the entry here.
type BundleVersion struct {
	Lang      string      `json:"lang"`
	Revision  int         `json:"revision"`
	Authentic bool        `json:"authentic"`
	Title     string      `json:"title"`
	Body      string      `json:"body"`
	Details   string      `json:"details,omitempty"`
	Entry     BundleEntry `json:"entry"`
}

// BundleStatement is the signing statement with its entry.
type BundleStatement struct {
	Text  string      `json:"text"`
	Entry BundleEntry `json:"entry"`
}

// BundleSignature is a signed note with its entry.
type BundleSignature struct {
	State string      `json:"state"`
	Note  string      `json:"note"`
	Entry BundleEntry `json:"entry"`
}

// BundleRevision is a circulated revision of the draft, by its number and
// hash, with its log entry. The revision's text is not in the bundle: the
// adopted one's is in the versions, and the others' are the negotiation's.
type BundleRevision struct {
	Number int         `json:"number"`
	SHA256 string      `json:"sha256"`
	Entry  BundleEntry `json:"entry"`
}

// BundleSource is what a bundle is built from: sqlstore.DB.
type BundleSource interface {
	FindDocument(ctx context.Context, id int64) (*accord.Document, error)
	FindSigning(ctx context.Context, documentID int64) (*accord.Signing, error)
	FindSigningKey(ctx context.Context, id int64) (*accord.SigningKey, error)
	// ListRevisions lists the draft's circulated revisions (not found for
	// a document never drafted); FindRevision reads one with its text,
	// which its entry's hash is computed from.
	ListRevisions(ctx context.Context, documentID int64) ([]*accord.DraftRevision, error)
	FindRevision(ctx context.Context, documentID int64, number int) (*accord.DraftRevision, error)
}

// Bundle builds the bundle of a document opened for signature, against a
// fresh checkpoint.
func (l *Log) Bundle(ctx context.Context, src BundleSource, documentID int64) ([]byte, error) {
	d, err := src.FindDocument(ctx, documentID)
	if err != nil {
		return nil, err
	}
	s, err := src.FindSigning(ctx, documentID)
	if err != nil {
		return nil, err
	}
	cp, err := l.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	entry := func(kind string, ref int64, details []byte) (BundleEntry, error) {
		return l.ProveEntry(ctx, kind, ref, details, cp)
	}
	b := &Bundle{Format: BundleFormat, Origin: l.Signer.Origin(), DocumentID: d.ID, Reference: d.Reference, Checkpoint: string(cp.Best()),
		Versions: []BundleVersion{}, Signatures: []BundleSignature{}, Keys: []BundleEntry{}}
	for _, sv := range s.Versions {
		i := slices.IndexFunc(d.Versions, func(v accord.DocumentVersion) bool { return v.ID == sv.VersionID })
		if i < 0 {
			return nil, accord.Wrap("bundle", fmt.Errorf("version %d of the signing is missing", sv.VersionID))
		}
		v := &d.Versions[i]
		bv := BundleVersion{Lang: v.Lang, Revision: v.Revision, Authentic: sv.Authentic, Title: v.Title, Body: v.Body}
		if bv.Entry, err = entry(KindDocumentVersion, v.ID, NewVersionDetails(d, v).Details()); err != nil {
			return nil, err
		}
		b.Versions = append(b.Versions, bv)
	}
	b.Statement.Text = s.Statement
	if b.Statement.Entry, err = entry(KindSigningStatement, s.ID, NewStatementEntry(s).Bytes()); err != nil {
		return nil, err
	}
	for _, sig := range s.Signatures {
		bs := BundleSignature{State: sig.State, Note: sig.Note}
		if bs.Entry, err = entry(KindSignature, sig.ID, NewSignatureEntry(s, sig).Bytes()); err != nil {
			return nil, err
		}
		b.Signatures = append(b.Signatures, bs)
		k, err := src.FindSigningKey(ctx, sig.KeyID)
		if err != nil {
			return nil, err
		}
		ke, err := entry(KindKeyEnrolment, k.ID, nil)
		if err != nil {
			return nil, err
		}
		b.Keys = append(b.Keys, ke)
		if !k.RevokedAt.IsZero() {
			re, err := entry(KindKeyRevocation, k.ID, nil)
			if err != nil {
				return nil, err
			}
			b.Keys = append(b.Keys, re)
		}
	}
	if s.SignedByAll() {
		c, err := entry(KindSigningComplete, s.ID, NewCompleteEntry(s).Bytes())
		if err != nil {
			return nil, err
		}
		b.Completion = &c
	}
	revs, err := src.ListRevisions(ctx, documentID)
	if err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
		return nil, err
	}
	for _, listed := range revs {
		rev, err := src.FindRevision(ctx, documentID, listed.Number)
		if err != nil {
			return nil, err
		}
		details := NewRevisionDetails(rev)
		br := BundleRevision{Number: rev.Number, SHA256: details.SHA256}
		if br.Entry, err = entry(KindDraftRevision, rev.ID, details.Details()); err != nil {
			return nil, err
		}
		b.Revisions = append(b.Revisions, br)
	}
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, accord.Wrap("bundle", err)
	}
	return append(out, '\n'), nil
}

// ProveEntry returns the latest entry of (kind, ref) with its tlog-proof
// against cp and, when the entry is sealed, opens it with details (nil for
// the entries never sealed) and its salt.
func (l *Log) ProveEntry(ctx context.Context, kind string, ref int64, details []byte, cp *StoredCheckpoint) (BundleEntry, error) {
	e, err := l.Store.LogEntryFor(ctx, kind, ref)
	if err != nil {
		return BundleEntry{}, err
	}
	p, err := l.TLogProof(ctx, e.Index, cp)
	if err != nil {
		return BundleEntry{}, err
	}
	be := BundleEntry{Index: e.Index, Data: string(e.Data), Proof: string(p)}
	sv, err := SealVersion(e.Data)
	if err != nil || sv == 0 || details == nil {
		return be, err
	}
	be.Details = string(details)
	if sv == sealedV2Version {
		salt, err := l.Store.LogSalt(ctx, kind, ref)
		if err != nil {
			return BundleEntry{}, err
		}
		be.Salt = hex.EncodeToString(salt)
	}
	return be, nil
}

// Report is what verifying a bundle found.
type Report struct {
	Reference string
	Origin    string
	// TreeSize is the size of the checkpoint the bundle is proved against.
	TreeSize  int64
	Witnesses []string
	Versions  []VersionCheck
	States    []StateCheck
	// Revisions are the draft's circulated revisions the log proves, in
	// order; AdoptedRevision the one the statement says was adopted (0
	// for a document not negotiated as a draft).
	Revisions       []RevisionCheck
	AdoptedRevision int
	// SignedByAll is true when every signatory signed and the log holds
	// the completion entry.
	SignedByAll bool
	// Problems name every check that failed; the bundle verifies only
	// when there are none.
	Problems []string
}

// VersionCheck is the outcome for one language version.
type VersionCheck struct {
	Lang      string
	Authentic bool
	SHA256    string
	LogIndex  int64
	Matches   bool
}

// RevisionCheck is a circulated revision the log holds.
type RevisionCheck struct {
	Number       int
	SHA256       string
	CirculatedAt string
	LogIndex     int64
	Adopted      bool
}

// StateCheck is the outcome for one signatory.
type StateCheck struct {
	State       string
	Signed      bool
	Person      string
	Key         string
	Fingerprint string
	LogIndex    int64
	SignedAt    string
}

// OK reports whether the bundle verified.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// VerifyBundle checks a bundle against what trust trusts, with nothing but
// the bundle: every entry's inclusion in the checkpoint, the checkpoint's
// signatures, the texts against the statement, the signatures against the
// enrolled keys. It returns an error only for a bundle it cannot read.
func VerifyBundle(raw []byte, trust *Trust) (*Report, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var b Bundle
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("the bundle is truncated or corrupt: %v", err)
	}
	if b.Format != BundleFormat && b.Format != BundleFormatV1 {
		return nil, fmt.Errorf("the bundle's format is %q, not %q", b.Format, BundleFormat)
	}
	r := &Report{Reference: b.Reference, Origin: b.Origin}
	c, err := trust.VerifyCheckpoint([]byte(b.Checkpoint))
	if err != nil {
		r.problem("%v", err)
		return r, nil
	}
	r.TreeSize = int64(c.Size)
	r.Witnesses = CosignerNames([]byte(b.Checkpoint), trust.Witnesses)
	root := tlog.Hash(c.Hash)
	// included checks an entry's proof; what names the entry in messages.
	included := func(e BundleEntry, what string) bool {
		var p proof.TLogProof
		if err := p.Unmarshal([]byte(e.Proof)); err != nil {
			r.problem("%s: the inclusion proof is unreadable: %v", what, err)
			return false
		}
		if int64(p.Index) != e.Index || !bytes.Equal(bytes.TrimSpace(p.Checkpoint), bytes.TrimSpace([]byte(b.Checkpoint))) {
			r.problem("%s: the proof is for another index or checkpoint", what)
			return false
		}
		hashes := make(tlog.RecordProof, len(p.Hashes))
		for i, h := range p.Hashes {
			hashes[i] = h
		}
		if err := tlog.CheckRecord(hashes, r.TreeSize, root, e.Index, tlog.RecordHash([]byte(e.Data))); err != nil {
			r.problem("%s: not in the log at index %d: the entry or its proof was altered (%v)", what, e.Index, err)
			return false
		}
		return true
	}
	// record checks an entry's inclusion, opens it when it is sealed, and
	// decodes the record of kind it holds into v.
	record := func(e BundleEntry, what, kind string, v any) bool {
		if !included(e, what) {
			return false
		}
		rec, ref, err := openEntry([]byte(e.Data), e.Details, e.Salt)
		if err != nil {
			r.problem("%s: the log entry at index %d: %v", what, e.Index, err)
			return false
		}
		if t, _ := EntryType(rec); t != kind || json.Unmarshal(rec, v) != nil {
			r.problem("%s: the log entry at index %d is not a %s entry", what, e.Index, strings.ReplaceAll(kind, "_", " "))
			return false
		}
		if own := recordRef(kind, rec); ref != 0 && ref != own {
			r.problem("%s: the sealed entry at index %d names row %d, its details row %d", what, e.Index, ref, own)
			return false
		}
		return true
	}

	// The statement.
	st, err := ParseStatement(b.Statement.Text)
	if err != nil {
		r.problem("signing statement: %v", err)
		return r, nil
	}
	var se StatementEntry
	if record(b.Statement.Entry, "signing statement", KindSigningStatement, &se) {
		if se.StatementSHA256 != SHA256Hex([]byte(b.Statement.Text)) {
			r.problem("signing statement: its SHA-256 is %s, but the log recorded %s: the statement was changed", SHA256Hex([]byte(b.Statement.Text)), se.StatementSHA256)
		} else if se.DocumentID != b.DocumentID {
			r.problem("signing statement: the log entry at index %d is of document %d, not %d", b.Statement.Entry.Index, se.DocumentID, b.DocumentID)
		}
	}
	if st.Reference != b.Reference || st.DocumentID != b.DocumentID {
		r.problem("signing statement: it names document %d %s, the bundle %d %s", st.DocumentID, st.Reference, b.DocumentID, b.Reference)
	}

	// The versions.
	for _, sv := range st.Versions {
		vc := VersionCheck{Lang: sv.Lang, Authentic: sv.Authentic, SHA256: sv.SHA256, LogIndex: -1}
		i := slices.IndexFunc(b.Versions, func(v BundleVersion) bool { return v.Lang == sv.Lang })
		if i < 0 {
			r.problem("version %s: missing from the bundle", sv.Lang)
			r.Versions = append(r.Versions, vc)
			continue
		}
		bv := b.Versions[i]
		vc.LogIndex = bv.Entry.Index
		dv := accord.DocumentVersion{Title: bv.Title, Body: bv.Body}
		got := dv.ComputeSHA256()
		vc.Matches = got == sv.SHA256 && bv.Revision == sv.Revision
		if got != sv.SHA256 {
			r.problem("version %s: the text's SHA-256 is %s, but the signed statement names %s: the text was changed", sv.Lang, got, sv.SHA256)
		}
		what := "version " + sv.Lang
		ve := bv.Entry
		if ve.Details == "" && b.Format == BundleFormatV1 {
			ve.Details = bv.Details
		}
		var d VersionDetails
		if !record(ve, what, KindDocumentVersion, &d) {
			vc.Matches = false
		} else if d.SHA256 != got || d.Lang != bv.Lang || d.Revision != bv.Revision || d.DocumentID != b.DocumentID || d.Reference != b.Reference {
			vc.Matches = false
			r.problem("%s: the log entry at index %d does not record this text", what, bv.Entry.Index)
		}
		r.Versions = append(r.Versions, vc)
	}

	checkRevisions(r, &b, st, record)

	// The keys.
	type enrolled struct {
		KeyEnrolmentEntry
		index int64
	}
	keys := map[int64]enrolled{}
	revoked := map[int64]int64{}
	for _, ke := range b.Keys {
		t, _ := EntryType([]byte(ke.Data))
		if !included(ke, "key entry") {
			continue
		}
		switch t {
		case KindKeyEnrolment:
			var e KeyEnrolmentEntry
			if json.Unmarshal([]byte(ke.Data), &e) == nil {
				keys[e.KeyID] = enrolled{e, ke.Index}
			}
		case KindKeyRevocation:
			var e KeyRevocationEntry
			if json.Unmarshal([]byte(ke.Data), &e) == nil {
				revoked[e.KeyID] = ke.Index
			}
		default:
			r.problem("key entry at index %d is a %q entry", ke.Index, t)
		}
	}

	// The signatures.
	signed := map[string]StateCheck{}
	for _, bs := range b.Signatures {
		what := "signature of " + bs.State
		var e SignatureEntry
		if !record(bs.Entry, what, KindSignature, &e) {
			continue
		}
		k, ok := keys[e.KeyID]
		if !ok {
			r.problem("%s: the key that signed is not enrolled in the log (no enrolment entry for key %d in the bundle)", what, e.KeyID)
			continue
		}
		v, err := note.NewVerifier(k.VKey)
		if err != nil {
			r.problem("%s: the enrolled key is unreadable", what)
			continue
		}
		n, err := note.Open([]byte(bs.Note), note.VerifierList(v))
		switch {
		case err != nil:
			r.problem("%s: the signature does not verify with the key enrolled for %s (%s, %s): %v", what, k.State, k.VKey, k.Fingerprint, err)
			continue
		case n.Text != b.Statement.Text:
			r.problem("%s: the signed text is not the statement", what)
			continue
		case e.State != bs.State || k.State != bs.State:
			r.problem("%s: the key is enrolled for %s", what, k.State)
			continue
		case e.StatementSHA256 != SHA256Hex([]byte(b.Statement.Text)) || e.Signature != SignatureLines([]byte(bs.Note), b.Statement.Text):
			r.problem("%s: the log entry at index %d records another signature", what, bs.Entry.Index)
			continue
		case k.index > bs.Entry.Index:
			r.problem("%s: the key was enrolled (index %d) after the signature was logged (index %d)", what, k.index, bs.Entry.Index)
			continue
		}
		if day := strings.SplitN(e.SignedAt, "T", 2)[0]; day < k.ValidFrom || (k.ValidUntil != "" && day > k.ValidUntil) {
			r.problem("%s: signed on %s, outside the key's validity (%s to %s)", what, day, k.ValidFrom, k.ValidUntil)
			continue
		}
		if ri, ok := revoked[e.KeyID]; ok && ri < bs.Entry.Index {
			r.problem("%s: the key was revoked (index %d) before the signature was logged (index %d)", what, ri, bs.Entry.Index)
			continue
		}
		signed[bs.State] = StateCheck{State: bs.State, Signed: true, Person: k.Person, Key: strings.SplitN(k.VKey, "+", 2)[0], Fingerprint: k.Fingerprint,
			LogIndex: bs.Entry.Index, SignedAt: e.SignedAt}
	}
	all := true
	for _, state := range st.Signatories {
		sc, ok := signed[state]
		if !ok {
			sc = StateCheck{State: state, LogIndex: -1}
			all = false
		}
		r.States = append(r.States, sc)
	}
	for state := range signed {
		if !slices.Contains(st.Signatories, state) {
			r.problem("signature of %s: %s is not a signatory of the statement", state, state)
		}
	}
	var ce CompleteEntry
	switch {
	case b.Completion == nil || !record(*b.Completion, "completion", KindSigningComplete, &ce):
	case ce.StatementSHA256 != SHA256Hex([]byte(b.Statement.Text)) || ce.SigningID != se.SigningID:
		r.problem("completion: the log entry at index %d does not complete this statement", b.Completion.Index)
	case !all:
		// Signatures left out of the bundle: it proves no more than
		// those it holds, which is not signed by all.
	case !completedBy(ce, signed, st.Signatories):
		r.problem("completion: the log entry at index %d names other signatures than the bundle's", b.Completion.Index)
	default:
		r.SignedByAll = true
	}
	return r, nil
}

// checkRevisions checks the circulated revisions: each entry in the log is
// a revision of this document, numbered 1, 2… without a gap, and the one
// the statement names as adopted is among them with the hash it names.
func checkRevisions(r *Report, b *Bundle, st *ParsedStatement, record func(BundleEntry, string, string, any) bool) {
	r.AdoptedRevision = st.AdoptedRevision
	for i, br := range b.Revisions {
		what := fmt.Sprintf("revision %d", br.Number)
		var d RevisionDetails
		if !record(br.Entry, what, KindDraftRevision, &d) {
			continue
		}
		switch {
		case d.DocumentID != b.DocumentID || d.Reference != b.Reference:
			r.problem("%s: the log entry at index %d is of document %d %s", what, br.Entry.Index, d.DocumentID, d.Reference)
			continue
		case d.Number != br.Number || d.SHA256 != br.SHA256:
			r.problem("%s: the log entry at index %d records revision %d with SHA-256 %s: the revision was changed", what, br.Entry.Index, d.Number, d.SHA256)
			continue
		case br.Number != i+1:
			r.problem("%s: the bundle's revisions are not numbered 1 to %d without a gap", what, len(b.Revisions))
			continue
		}
		r.Revisions = append(r.Revisions, RevisionCheck{Number: d.Number, SHA256: d.SHA256, CirculatedAt: d.CirculatedAt, LogIndex: br.Entry.Index,
			Adopted: d.Number == st.AdoptedRevision})
	}
	if st.AdoptedRevision == 0 {
		return
	}
	i := slices.IndexFunc(r.Revisions, func(c RevisionCheck) bool { return c.Number == st.AdoptedRevision })
	switch {
	case i < 0:
		r.problem("adopted revision %d: the log holds no such circulated revision in the bundle", st.AdoptedRevision)
	case st.AdoptedSHA256 != "" && r.Revisions[i].SHA256 != st.AdoptedSHA256:
		r.problem("adopted revision %d: the statement names SHA-256 %s, the log recorded %s", st.AdoptedRevision, st.AdoptedSHA256, r.Revisions[i].SHA256)
	}
}

// completedBy reports whether a completion entry names exactly the
// signatories' signatures that were checked.
func completedBy(ce CompleteEntry, signed map[string]StateCheck, signatories []string) bool {
	if len(ce.Signatures) != len(signatories) {
		return false
	}
	for _, cs := range ce.Signatures {
		if sc, ok := signed[cs.State]; !ok || sc.LogIndex != cs.LogIndex || !slices.Contains(signatories, cs.State) {
			return false
		}
	}
	return true
}

// recordRef is the id of the row a record of kind is about.
func recordRef(kind string, rec []byte) int64 {
	var ids struct {
		VersionID   int64 `json:"version_id"`
		SigningID   int64 `json:"signing_id"`
		SignatureID int64 `json:"signature_id"`
		RevisionID  int64 `json:"revision_id"`
	}
	json.Unmarshal(rec, &ids)
	switch kind {
	case KindDocumentVersion:
		return ids.VersionID
	case KindSignature:
		return ids.SignatureID
	case KindDraftRevision:
		return ids.RevisionID
	}
	return ids.SigningID
}
