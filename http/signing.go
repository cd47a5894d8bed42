package http

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/tlog"
)

// signingView is a document's signing: who must sign, state by state, who
// has, and what the reader may do about it.
type signingView struct {
	Document *accord.Document `json:"document"`
	// Signing is nil until the document is opened for signature.
	Signing *accord.Signing `json:"signing"`
	States  []signingRow    `json:"states"`
	// CanOpen: the reader may open the document for signature.
	CanOpen bool `json:"can_open"`
	// Preview is what opening would fix, shown to the reader who may
	// open it (signing_open.go); Unopenable says why it cannot be yet.
	Preview    *accord.Signing `json:"preview,omitempty"`
	Unopenable string          `json:"unopenable,omitempty"`
	// SignAs is the state the reader may sign for, if any.
	SignAs string `json:"sign_as,omitempty"`
	// KeyName names a key generated in the browser for SignAs.
	KeyName string `json:"-"`
	Form    Form   `json:"-"`
}

type signingRow struct {
	accord.Signatory
	Signed      bool      `json:"signed"`
	SignedAt    time.Time `json:"signed_at,omitzero"`
	Key         string    `json:"key,omitempty"`
	Fingerprint string    `json:"fingerprint,omitempty"`
	LogIndex    int64     `json:"log_index,omitempty"`
}

func (v signingView) title(lang string) string {
	return i18n.Tf(lang, "Signature of %s", v.Document.Reference)
}
func (v signingView) crumbs(lang string) []crumb {
	return documentCrumbs(v.Document)
}

// signingDocument loads the document of the route and checks that the reader
// may read it; a document they may not read is "not found".
func (s *Server) signingDocument(r *http.Request) (*accord.Document, []*accord.Meeting, accord.Resource, error) {
	d, j, res, err := s.documentFor(r, accord.ActRead)
	if err != nil {
		return nil, nil, accord.Resource{}, err
	}
	return d, j.linked(d), res, nil
}

// signState is the state the actor heads the delegation of in org, or "".
func signState(a *accord.Actor, org string) string {
	if a.User == nil {
		return ""
	}
	for _, g := range a.User.Grants {
		if g.Role == accord.RoleHeadOfDelegation && g.Organization == org {
			return g.State
		}
	}
	return ""
}

func (s *Server) signingView(r *http.Request) (view, error) {
	return s.signingPage(r, Form{})
}

func (s *Server) signingPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	d, meetings, res, err := s.signingDocument(r)
	if err != nil {
		return nil, err
	}
	v := signingView{Document: d, States: []signingRow{}, Form: f}
	if len(meetings) > 0 {
		or, err := s.meetingResource(ctx, meetings[0])
		if err != nil {
			return nil, err
		}
		v.CanOpen = accord.Authorize(actor(r), accord.ActUpdate, or).Allow
	}
	sg, err := s.store.FindSigning(ctx, d.ID)
	switch accord.ErrorCode(err) {
	case "":
	case accord.ENOTFOUND:
		if v.CanOpen {
			if err := s.signingPreview(r, &v); err != nil {
				return nil, err
			}
		}
		return v, nil
	default:
		return nil, err
	}
	v.Signing, v.CanOpen = sg, false
	keys := map[int64]*accord.SigningKey{}
	for _, sig := range sg.Signatures {
		if _, ok := keys[sig.KeyID]; !ok {
			if keys[sig.KeyID], err = s.store.FindSigningKey(ctx, sig.KeyID); err != nil {
				return nil, err
			}
		}
	}
	for _, req := range sg.Required {
		row := signingRow{Signatory: req}
		if sig := sg.SignatureOf(req.State); sig != nil {
			k := keys[sig.KeyID]
			name, _, _ := strings.Cut(k.VKey, "+")
			row.Signed, row.SignedAt, row.Key, row.Fingerprint, row.LogIndex = true, sig.SignedAt, name, k.Fingerprint, sig.LogIndex
		}
		v.States = append(v.States, row)
	}
	if len(meetings) > 0 && !sg.SignedByAll() && accord.Authorize(actor(r), accord.ActSign, res).Allow {
		if st := signState(actor(r), meetings[0].Organization); st != "" && sg.SignatureOf(st) == nil &&
			slices.ContainsFunc(sg.Required, func(q accord.Signatory) bool { return q.State == st }) {
			v.SignAs = st
			v.KeyName = strings.ToLower(meetings[0].Organization + "-" + st + "-head-browser")
		}
	}
	return v, nil
}

// openSigning opens the document for signature.
func (s *Server) openSigning(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	d, meetings, _, err := s.signingDocument(r)
	if err != nil {
		return outcome{}, err
	}
	if len(meetings) == 0 {
		return outcome{}, accord.Invalid("id", "the document belongs to no meeting")
	}
	or, err := s.meetingResource(ctx, meetings[0])
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, or, "signing"); err != nil {
		return outcome{}, err
	}
	if err := confirmedOpening(r, in); err != nil {
		return outcome{}, err
	}
	if _, err := s.store.OpenSigning(ctx, d.ID); err != nil {
		return outcome{}, err
	}
	v, err := s.signingPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, status: http.StatusCreated, redirect: fmt.Sprintf("/documents/%d/signing", d.ID)}, nil
}

// addSignature takes a signed note from a head of delegation, for the
// state they head.
func (s *Server) addSignature(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	d, meetings, res, err := s.signingDocument(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActSign, res, "signature"); err != nil {
		return outcome{}, err
	}
	if len(meetings) == 0 {
		return outcome{}, accord.Invalid("id", "the document belongs to no meeting")
	}
	state := signState(actor(r), meetings[0].Organization)
	note := strings.ReplaceAll(in.Get("signature"), "\r\n", "\n")
	if strings.TrimSpace(note) == "" {
		return outcome{}, accord.Invalid("signature", "paste the signed statement that 'accord sign' printed")
	}
	if !strings.HasSuffix(note, "\n") {
		note += "\n"
	}
	if _, err := s.store.AddSignature(ctx, d.ID, state, []byte(note)); err != nil {
		return outcome{}, err
	}
	v, err := s.signingPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, status: http.StatusCreated, redirect: fmt.Sprintf("/documents/%d/signing", d.ID)}, nil
}

// statement serves the signing statement as the text to sign.
func (s *Server) statement(w http.ResponseWriter, r *http.Request) error {
	d, _, _, err := s.signingDocument(r)
	if err != nil {
		return err
	}
	sg, err := s.store.FindSigning(r.Context(), d.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="statement-%d.txt"`, d.ID))
	_, err = w.Write([]byte(sg.Statement))
	return err
}

// requireLog is the error of a log route on a server without a log key.
func (s *Server) requireLog() error {
	if s.translog == nil {
		return accord.Errorf(accord.EUNAVAILABLE, "This server keeps no transparency log.")
	}
	return nil
}

// bundle serves the document's bundle for offline verification.
func (s *Server) bundle(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireLog(); err != nil {
		return err
	}
	d, _, _, err := s.signingDocument(r)
	if err != nil {
		return err
	}
	b, err := s.translog.Bundle(r.Context(), s.store, d.ID)
	if err != nil {
		return err
	}
	name := strings.NewReplacer("/", "-", ".", "-").Replace(d.Reference)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.bundle.json"`, name))
	_, err = w.Write(b)
	return err
}

// keysView lists the signing keys enrolled for an organization, and lets
// the secretariat enrol and revoke them.
type keysView struct {
	Organization *accord.Organization `json:"organization"`
	Keys         []*accord.SigningKey `json:"keys"`
	CanEnrol     bool                 `json:"can_enrol"`
	Form         Form                 `json:"-"`
	// Pending are the keys heads submitted from their accounts, for the
	// secretariat to confirm; States and People are the enrol form's
	// lists.
	Pending []*accord.KeySubmission `json:"pending,omitempty"`
	States  []option                `json:"-"`
	People  []option                `json:"-"`
}

func (v keysView) title(lang string) string {
	return i18n.Tf(lang, "Signing keys of %s", v.Organization.Code)
}
func (v keysView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Organization.Code, Href: orgPath(v.Organization.Code)}}
}

func (s *Server) keysView(r *http.Request) (view, error) { return s.keysPage(r, Form{}) }

func (s *Server) keysPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	keys, err := s.store.ListSigningKeys(ctx, org.Code)
	if err != nil {
		return nil, err
	}
	v := keysView{Organization: org, Keys: keys, Form: f,
		CanEnrol: accord.Authorize(actor(r), accord.ActCreate, keyResource(org.Code)).Allow}
	if v.CanEnrol {
		if err := s.keyFormLists(r, &v); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// keyResource is what enrolling a key is, to the policy: vouching for a
// person, which the organization's secretariat does.
func keyResource(org string) accord.Resource {
	return accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{org}}
}

func (s *Server) enrolKey(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, keyResource(org.Code), "signing key"); err != nil {
		return outcome{}, err
	}
	k := &accord.SigningKey{Organization: org.Code, State: in.Get("state"), Role: accord.Role(cmp.Or(in.Get("role"), string(accord.RoleHeadOfDelegation))),
		Person: strings.TrimSpace(in.Get("person")), VKey: strings.TrimSpace(in.Get("vkey"))}
	if raw := in.Get("user_id"); raw != "" {
		if k.UserID, err = strconv.ParseInt(raw, 10, 64); err != nil {
			return outcome{}, accord.Invalid("user_id", "%q is not a user id", raw)
		}
		if k.Person == "" {
			if k.Person, err = s.personOf(ctx, org.Code, k.UserID); err != nil {
				return outcome{}, err
			}
		}
	}
	for field, dst := range map[string]*accord.Date{"valid_from": &k.ValidFrom, "valid_until": &k.ValidUntil} {
		if raw := in.Get(field); raw != "" {
			if *dst, err = accord.ParseDate(raw); err != nil {
				return outcome{}, accord.Invalid(field, "%q is not a date of the form YYYY-MM-DD", raw)
			}
		}
	}
	if k.ValidFrom.IsZero() {
		k.ValidFrom = accord.DateOf(s.now())
	}
	// The fingerprint the holder read aloud must be the key's, so that a
	// key swapped on its way to the secretariat is caught here.
	if fp := in.Get("fingerprint"); strings.TrimSpace(fp) != "" {
		got, err := translog.Fingerprint(k.VKey)
		if err != nil {
			return outcome{}, err
		}
		if !fingerprintMatches(fp, got) {
			return outcome{}, accord.Invalid("fingerprint", "the fingerprint does not match the key: do not enrol it until the holder confirms it")
		}
	}
	if err := s.store.EnrolKey(ctx, k); err != nil {
		return outcome{}, err
	}
	return outcome{view: keyResult{k}, status: http.StatusCreated, redirect: orgPath(org.Code) + "/signing-keys"}, nil
}

type keyResult struct {
	Key *accord.SigningKey `json:"key"`
}

func (v keyResult) title(lang string) string   { return i18n.T(lang, "Signing key") }
func (v keyResult) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	org, id, err := s.keyRoute(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	k, err := s.store.FindSigningKey(ctx, id)
	if err != nil {
		return outcome{}, err
	}
	if k.Organization != org.Code {
		return outcome{}, accord.NotFound("signing key", id)
	}
	if err := s.store.RevokeKey(ctx, id, in.Get("reason")); err != nil {
		return outcome{}, err
	}
	if k, err = s.store.FindSigningKey(ctx, id); err != nil {
		return outcome{}, err
	}
	return outcome{view: keyResult{k}, redirect: orgPath(org.Code) + "/signing-keys"}, nil
}

// checkpoint serves the log's latest checkpoint, cosigned when witnesses
// have cosigned it (C2SP tlog-tiles: GET <prefix>/checkpoint).
func (s *Server) checkpoint(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireLog(); err != nil {
		return err
	}
	cp, err := s.latestCheckpoint(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err = w.Write(cp.Best())
	return err
}

// latestCheckpoint is the latest checkpoint stored; a new one is signed
// only while the log has none.
func (s *Server) latestCheckpoint(ctx context.Context) (*translog.StoredCheckpoint, error) {
	cp, err := s.translog.Store.LatestCheckpoint(ctx)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return s.translog.Checkpoint(ctx)
	}
	return cp, err
}

// tile serves hash tiles and entry bundles (C2SP tlog-tiles). A tile, once
// full, never changes, so a full tile may be cached for good.
func (s *Server) tile(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireLog(); err != nil {
		return err
	}
	t, entries, err := translog.ParseTilePath(r.PathValue("path"))
	if err != nil {
		return accord.NotFound("tile", r.PathValue("path"))
	}
	var b []byte
	if entries {
		b, err = s.translog.EntryBundle(r.Context(), t)
	} else {
		b, err = s.translog.Tile(r.Context(), t)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if t.W == translog.TileWidth {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	_, err = w.Write(b)
	return err
}

// proofResult is an inclusion or consistency proof, hashes in base64.
type proofResult struct {
	Index  *int64      `json:"index,omitempty"`
	Old    *int64      `json:"old,omitempty"`
	Size   int64       `json:"size"`
	Hashes []tlog.Hash `json:"hashes"`
}

func intParam(r *http.Request, name string) (int64, error) {
	n, err := fields.Int(r, name, -1, 0, openapi.MaxID)
	if err == nil && n < 0 {
		return 0, accord.Invalid(name, "is required")
	}
	return n, err
}

func (s *Server) inclusionProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireLog(); err != nil {
		return err
	}
	index, err := intParam(r, "index")
	if err != nil {
		return err
	}
	size, err := intParam(r, "size")
	if err != nil {
		return err
	}
	p, err := s.translog.InclusionProof(r.Context(), index, size)
	if err != nil {
		return err
	}
	return writeProof(w, proofResult{Index: &index, Size: size, Hashes: p})
}

func (s *Server) consistencyProof(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireLog(); err != nil {
		return err
	}
	old, err := intParam(r, "old")
	if err != nil {
		return err
	}
	size, err := intParam(r, "size")
	if err != nil {
		return err
	}
	p, err := s.translog.ConsistencyProof(r.Context(), old, size)
	if err != nil {
		return err
	}
	return writeProof(w, proofResult{Old: &old, Size: size, Hashes: p})
}

func writeProof(w http.ResponseWriter, p proofResult) error {
	if p.Hashes == nil {
		p.Hashes = []tlog.Hash{}
	}
	b, err := json.Marshal(p)
	if err != nil {
		return accord.Wrap("encode proof", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(append(b, '\n'))
	return err
}
