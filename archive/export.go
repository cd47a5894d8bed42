package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
	"golang.org/x/mod/sumdb/note"
)

// Store is what an export reads, through the store's own interfaces, and
// where it records the bag: sqlstore.DB.
type Store interface {
	FindOrganization(ctx context.Context, code string) (*accord.Organization, error)
	ListMemberships(ctx context.Context, org string) ([]*accord.MemberState, error)
	ListBodies(ctx context.Context, org string) ([]*accord.Body, error)
	ListOrgans(ctx context.Context, org string) ([]*accord.Organ, error)
	ListChairTerms(ctx context.Context, org, body string) ([]*accord.ChairTerm, error)
	ListRotationRules(ctx context.Context, org, body string) ([]*accord.RotationRule, error)
	ListMeetings(ctx context.Context, f accord.MeetingFilter) ([]*accord.Meeting, error)
	ListAgenda(ctx context.Context, meetingID int64) ([]*accord.AgendaItem, error)
	ListDelegations(ctx context.Context, meetingID int64) ([]*accord.Delegation, error)
	ListDocuments(ctx context.Context, f accord.DocumentFilter) ([]*accord.Document, error)
	FindDraft(ctx context.Context, documentID int64) (*accord.Draft, error)
	ListRevisions(ctx context.Context, documentID int64) ([]*accord.DraftRevision, error)
	FindRevision(ctx context.Context, documentID int64, number int) (*accord.DraftRevision, error)
	ListAmendments(ctx context.Context, documentID int64) ([]*accord.Amendment, error)
	FollowUp(ctx context.Context, org, body string, number int) (*accord.FollowUpHistory, error)
	FollowUpStatuses(ctx context.Context, org string) (accord.StatusList, error)
	ListSigningKeys(ctx context.Context, org string) ([]*accord.SigningKey, error)
	ArchiveAdoptions(ctx context.Context, documentID int64) ([]sqlstore.ImportAdoption, error)
	ArchiveSitting(ctx context.Context, meetingID int64) (*sqlstore.ImportSitting, error)
	translog.BundleSource
	accord.ArchiveService
}

// Exporter writes bags of an organization's archive.
type Exporter struct {
	Store Store
	Files accord.FileStore
	Log   *translog.Log
	// Signer is the exporting secretariat's key, which signs the tag
	// manifest; SignerKey its verifier key.
	Signer    note.Signer
	SignerKey string
	Now       accord.Clock
	// Progress, when set, is told how far the export is, a line at a time
	// (a terminal's line, rewritten with \r).
	Progress func(Progress)
}

// Progress is how far an export is.
type Progress struct {
	Documents, Files int
	Bytes            int64
	Done             bool
}

// Request is what to export, and for whom.
type Request struct {
	Org, Body string
	Meeting   int
	// For is the state of the incoming chair whose reading rights filter
	// the bag; empty for the organization's own secretariat.
	For string
	// Path is where the bag goes: a folder, or a zip by its ending.
	Path string
}

// Result describes a written bag.
type Result struct {
	Export       *accord.ArchiveExport
	PayloadFiles int
	PayloadBytes int64
	Records      map[string]int
	LeftOut      map[string]int
}

// Reader is the actor whose reading rights filter the bag: the
// secretariat, or the incoming chair as its chair officers, delegation
// officers and head of delegation read.
func Reader(org, body, state string) *accord.Actor {
	if state == "" {
		return &accord.Actor{Label: "archive", User: &accord.User{Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: org}}}}
	}
	return &accord.Actor{Label: "archive", User: &accord.User{Grants: []accord.Grant{
		{Role: accord.RoleChairOfficer, Organization: org, Body: body, State: state},
		{Role: accord.RoleDelegationOfficer, Organization: org, State: state},
		{Role: accord.RoleHeadOfDelegation, Organization: org, State: state},
	}}}
}

// export is one export in progress.
type export struct {
	*Exporter
	ctx   context.Context
	w     *Writer
	res   *Result
	prog  Progress
	files map[string]bool
	// docs are the documents in the bag, by the sender's id
	docs    map[int64]bool
	lastOut time.Time
}

// Export writes the bag req asks for, signs its tag manifest, enters it in
// the log and adds the proof. On failure the partial bag is removed.
func (e *Exporter) Export(ctx context.Context, req Request) (res *Result, err error) {
	org, err := e.Store.FindOrganization(ctx, req.Org)
	if err != nil {
		return nil, err
	}
	bodies, err := e.Store.ListBodies(ctx, org.Code)
	if err != nil {
		return nil, err
	}
	if req.Body != "" {
		bodies = slices.DeleteFunc(bodies, func(b *accord.Body) bool { return b.Code != req.Body })
		if len(bodies) == 0 {
			return nil, accord.Errorf(accord.ENOTFOUND, "%s has no body %s", org.Code, req.Body)
		}
	}
	if req.Meeting != 0 && req.Body == "" {
		return nil, accord.Invalid("body", "a meeting is numbered within its body: give --body too")
	}
	var meetings []*accord.Meeting
	for _, b := range bodies {
		ms, err := e.Store.ListMeetings(ctx, accord.MeetingFilter{Organization: org.Code, Body: b.Code})
		if err != nil {
			return nil, err
		}
		meetings = append(meetings, ms...)
	}
	if req.Meeting != 0 {
		meetings = slices.DeleteFunc(meetings, func(m *accord.Meeting) bool { return m.Number != req.Meeting })
		if len(meetings) == 0 {
			return nil, accord.Errorf(accord.ENOTFOUND, "%s %s has no meeting %d", org.Code, req.Body, req.Meeting)
		}
	}
	w, err := Create(req.Path, e.Now())
	if err != nil {
		return nil, accord.Invalid("out", "%v", err)
	}
	x := &export{Exporter: e, ctx: ctx, w: w, files: map[string]bool{}, docs: map[int64]bool{},
		res: &Result{Records: map[string]int{}, LeftOut: map[string]int{}}}
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	// The bag is read as of its making: a release still under embargo
	// then is left out for the incoming chair (accord.Actor.At).
	reader := Reader(org.Code, req.Body, req.For)
	reader.At = e.Now()
	if err := x.records(org, bodies, meetings, reader); err != nil {
		return nil, err
	}
	return x.finish(org, req)
}

// writeJSON streams one record file.
func (x *export) writeJSON(name, kind string, count int, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return accord.Wrap("archive record", err)
	}
	x.res.Records[kind] += count
	return x.add(name, bytes.NewReader(append(b, '\n')))
}

func (x *export) add(name string, r io.Reader) error {
	cr := &countingReader{r: r}
	if err := x.w.Add(name, cr); err != nil {
		return err
	}
	x.res.PayloadFiles++
	x.res.PayloadBytes += cr.n
	x.prog.Bytes += cr.n
	x.report(false)
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// report tells Progress, at most ten times a second but always at the end.
func (x *export) report(done bool) {
	if x.Progress == nil {
		return
	}
	now := time.Now()
	if !done && now.Sub(x.lastOut) < 100*time.Millisecond {
		return
	}
	x.lastOut = now
	x.prog.Done = done
	x.Progress(x.prog)
}

func (x *export) records(org *accord.Organization, bodies []*accord.Body, meetings []*accord.Meeting, reader *accord.Actor) error {
	ctx := x.ctx
	members, err := x.Store.ListMemberships(ctx, org.Code)
	if err != nil {
		return err
	}
	organs, err := x.Store.ListOrgans(ctx, org.Code)
	if err != nil {
		return err
	}
	statuses, err := x.Store.FollowUpStatuses(ctx, org.Code)
	if err != nil {
		return err
	}
	// The keys are public, as their enrolments in the log are: the
	// signatures of the bag's documents name them.
	keys, err := x.Store.ListSigningKeys(ctx, org.Code)
	if err != nil {
		return err
	}
	var bs []sqlstore.ImportBody
	for _, b := range bodies {
		rules, err := x.Store.ListRotationRules(ctx, org.Code, b.Code)
		if err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
			return err
		}
		terms, err := x.Store.ListChairTerms(ctx, org.Code, b.Code)
		if err != nil {
			return err
		}
		bs = append(bs, sqlstore.ImportBody{Body: b, Rules: rules, ChairTerms: terms})
	}
	if err := x.writeJSON("records/organization.json", "organization", 1, struct {
		Organization *accord.Organization  `json:"organization"`
		Memberships  []*accord.MemberState `json:"memberships"`
		Organs       []*accord.Organ       `json:"organs"`
		Bodies       []sqlstore.ImportBody `json:"bodies"`
		Statuses     accord.StatusList     `json:"followup_statuses"`
		Keys         []*accord.SigningKey  `json:"signing_keys"`
	}{org, members, organs, bs, statuses, keys}); err != nil {
		return err
	}
	x.res.Records["memberships"] += len(members)
	x.res.Records["signing keys"] += len(keys)
	x.res.Records["bodies"] += len(bs)
	for _, b := range bs {
		x.res.Records["chair terms"] += len(b.ChairTerms)
	}

	cp, err := x.Log.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if err := x.add("log/checkpoint.txt", bytes.NewReader(cp.Best())); err != nil {
		return err
	}
	byID := map[int64]*accord.Meeting{}
	for _, m := range meetings {
		byID[m.ID] = m
	}
	seen := map[int64]bool{}
	for _, m := range meetings {
		agenda, err := x.Store.ListAgenda(ctx, m.ID)
		if err != nil {
			return err
		}
		dels, err := x.Store.ListDelegations(ctx, m.ID)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("records/meetings/%s-%03d.json", m.Body, m.Number)
		if err := x.writeJSON(name, "meetings", 1, struct {
			Meeting     *accord.Meeting      `json:"meeting"`
			Agenda      []*accord.AgendaItem `json:"agenda"`
			Delegations []*accord.Delegation `json:"delegations"`
		}{m, agenda, dels}); err != nil {
			return err
		}
		x.res.Records["agenda items"] += len(agenda)
		x.res.Records["delegations"] += len(dels)
		if err := x.sitting(m, reader); err != nil {
			return err
		}
		docs, err := x.Store.ListDocuments(ctx, accord.DocumentFilter{MeetingID: m.ID, IncludeWithdrawn: true, OldestFirst: true})
		if err != nil {
			return err
		}
		for _, d := range docs {
			if seen[d.ID] {
				continue
			}
			seen[d.ID] = true
			// The policy sees the document as the pages do: through the
			// meetings it is linked to, those of the export.
			var linked []*accord.Meeting
			for _, l := range d.Links {
				if lm := byID[l.MeetingID]; lm != nil {
					linked = append(linked, lm)
				}
			}
			res := accord.DocumentResource(d, linked, nil)
			if !accord.Authorize(reader, accord.ActRead, res).Allow {
				x.res.LeftOut[string(d.Classification)+" documents"]++
				continue
			}
			x.docs[d.ID] = true
			if err := x.document(d, res, reader, cp); err != nil {
				return err
			}
		}
	}
	for _, b := range bodies {
		if err := x.followUp(org, b, meetings, reader, cp); err != nil {
			return err
		}
	}
	return nil
}

func (x *export) document(d *accord.Document, res accord.Resource, reader *accord.Actor, cp *translog.StoredCheckpoint) error {
	ctx := x.ctx
	rec := sqlstore.ImportDocument{Document: d, Log: []translog.BundleEntry{}}
	for i := range d.Versions {
		v := &d.Versions[i]
		be, err := x.Log.ProveEntry(ctx, translog.KindDocumentVersion, v.ID, translog.NewVersionDetails(d, v).Details(), cp)
		if err != nil {
			return err
		}
		rec.Log = append(rec.Log, be)
	}
	if err := x.draft(&rec, res, reader, cp); err != nil {
		return err
	}
	s, err := x.Store.FindSigning(ctx, d.ID)
	switch {
	case err == nil:
		rec.Signing = s
	case accord.ErrorCode(err) != accord.ENOTFOUND:
		return err
	}
	// An adoption is read as its document is (the policy's rule), so
	// it goes wherever the document goes.
	if rec.Adoptions, err = x.Store.ArchiveAdoptions(ctx, d.ID); err != nil {
		return err
	}
	if err := x.writeJSON(fmt.Sprintf("records/documents/%d.json", d.ID), "documents", 1, rec); err != nil {
		return err
	}
	x.res.Records["document versions"] += len(d.Versions)
	for _, a := range rec.Adoptions {
		x.res.Records["adoption procedures"]++
		x.res.Records["adoption positions"] += len(a.Positions)
	}
	for _, a := range d.Attachments {
		if x.files[a.SHA256] {
			continue
		}
		x.files[a.SHA256] = true
		if err := x.attachment(a.SHA256); err != nil {
			return err
		}
		x.res.Records["attachments"]++
		x.prog.Files++
	}
	if rec.Signing != nil {
		b, err := x.Log.Bundle(ctx, x.Store, d.ID)
		if err != nil {
			return err
		}
		if err := x.add(fmt.Sprintf("bundles/%d.json", d.ID), bytes.NewReader(b)); err != nil {
			return err
		}
		x.res.Records["signing bundles"]++
		x.res.Records["signatures"] += len(rec.Signing.Signatures)
	}
	x.prog.Documents++
	return nil
}

// sitting writes the meeting's sitting, if it was ever in session, for a
// reader the sitting pages would show it to: the policy's read of
// KindSitting on the meeting, as the public live page and the stream ask
// it (http/sitting.go).
func (x *export) sitting(m *accord.Meeting, reader *accord.Actor) error {
	s, err := x.Store.ArchiveSitting(x.ctx, m.ID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	res := accord.Resource{Kind: accord.KindSitting, Organizations: []string{m.Organization}, Body: m.Body}
	if !accord.Authorize(reader, accord.ActRead, res).Allow {
		x.res.LeftOut["sittings"]++
		return nil
	}
	if err := x.writeJSON(fmt.Sprintf("records/sittings/%s-%03d.json", m.Body, m.Number), "sittings", 1, s); err != nil {
		return err
	}
	x.res.Records["sitting events"] += len(s.Events)
	return nil
}

func (x *export) attachment(sum string) error {
	f, err := x.Files.Open(x.ctx, sum)
	if err != nil {
		return err
	}
	defer f.Close()
	return x.add("files/"+sum, f)
}

// finish writes the tag files, signs the tag manifest, records the export
// in the log and adds the proof of its entry.
func (x *export) finish(org *accord.Organization, req Request) (*Result, error) {
	id := org.Code
	scope := "organization"
	if req.Body != "" {
		id, scope = id+"/"+req.Body, "body"
	}
	if req.Meeting != 0 {
		id, scope = id+"/"+strconv.Itoa(req.Meeting), "meeting"
	}
	forWhom := "secretariat"
	if req.For != "" {
		forWhom = "chair " + req.For
	}
	var info Info
	name, _ := org.Names.In("en")
	info.Add("Source-Organization", name)
	info.Add("External-Identifier", id)
	info.Add("Bag-Software-Agent", "Accord")
	info.Add(LabelScope, scope)
	info.Add(LabelFor, forWhom)
	info.Add(LabelLeftOut, CountList(x.res.LeftOut))
	info.Add(LabelLogOrigin, x.Log.Signer.Origin())
	info.Add(LabelSigner, x.SignerKey)
	for _, k := range sortedKeys(x.res.Records) {
		info.Add(LabelRecordKind, fmt.Sprintf("%s %d", strings.ReplaceAll(k, " ", "_"), x.res.Records[k]))
	}
	tm, err := x.w.Finish(info)
	if err != nil {
		return nil, err
	}
	sig, err := note.Sign(&note.Note{Text: string(tm)}, x.Signer)
	if err != nil {
		return nil, accord.Wrap("sign the tag manifest", err)
	}
	if err := x.w.AddUnlisted(SignatureFile, sig); err != nil {
		return nil, err
	}
	rec := &accord.ArchiveExport{Organization: org.Code, Body: req.Body, MeetingNumber: req.Meeting, PreparedFor: forWhom,
		TagManifestSHA256: translog.SHA256Hex(tm), Signer: x.SignerKey, Signature: translog.SignatureLines(sig, string(tm))}
	if err := x.Store.RecordArchiveExport(x.ctx, rec); err != nil {
		return nil, err
	}
	cp, err := x.Log.Checkpoint(x.ctx)
	if err != nil {
		return nil, err
	}
	p, err := x.Log.TLogProof(x.ctx, rec.LogIndex, cp)
	if err != nil {
		return nil, err
	}
	pj, err := json.MarshalIndent(translog.BundleEntry{Index: rec.LogIndex, Data: string(translog.NewArchiveEntry(rec).Bytes()), Proof: string(p)}, "", "  ")
	if err != nil {
		return nil, accord.Wrap("archive proof", err)
	}
	if err := x.w.AddUnlisted(ProofFile, append(pj, '\n')); err != nil {
		return nil, err
	}
	if err := x.w.AddUnlisted(CheckpointFile, cp.Best()); err != nil {
		return nil, err
	}
	if err := x.w.Close(); err != nil {
		return nil, err
	}
	x.report(true)
	x.res.Export = rec
	return x.res, nil
}

// CountList says what was left out: "2 confidential documents", or "none".
func CountList(m map[string]int) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
