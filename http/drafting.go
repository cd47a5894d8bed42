package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/drafting"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/i18n"
)

// draftingRoutes are the negotiation of an outcome document (issue 11):
// the chair officer of the state chairing the meeting, or the secretariat,
// drafts and circulates it and decides on amendments; delegation officers
// and heads of member delegations propose, support and object for their
// own state; whoever may read the document reads its circulated revisions.
func (s *Server) draftingRoutes() []Route {
	const (
		draft     = "/documents/{id}/draft"
		segment   = draft + "/segments/{sid}"
		revision  = draft + "/revisions/{n}"
		amendment = "/documents/{id}/amendments/{n}"
	)
	return []Route{
		{Method: "GET", Pattern: draft, Name: "draft", Template: "draft.html", view: s.draftView},
		{Method: "POST", Pattern: draft, Name: "draft_create", Template: "draft.html", action: s.createDraft, page: s.draftPage},
		{Method: "POST", Pattern: draft + "/segments", Name: "segment_create", Template: "draft.html", action: s.createSegment, page: s.draftPage},
		{Method: "POST", Pattern: segment, Name: "segment_update", Template: "draft.html", action: s.updateSegment, page: s.draftPage},
		{Method: "POST", Pattern: segment + "/texts/{lang}", Name: "segment_text_set", Template: "draft.html", action: s.setSegmentText, page: s.draftPage},
		{Method: "POST", Pattern: draft + "/revisions", Name: "revision_circulate", Template: "draft.html", action: s.circulateRevision, page: s.draftPage},
		{Method: "GET", Pattern: revision, Name: "revision", Template: "draft_revision.html", view: s.revisionView},
		{Method: "GET", Pattern: revision + "/diff", Name: "revision_diff", Template: "draft_revision.html", view: s.revisionView},
		{Method: "POST", Pattern: "/documents/{id}/amendments", Name: "amendment_create", Template: "draft.html", action: s.createAmendment, page: s.draftPage},
		{Method: "POST", Pattern: amendment + "/support", Name: "amendment_support", Template: "draft.html", action: s.voteAmendment(false), page: s.draftPage},
		{Method: "POST", Pattern: amendment + "/objection", Name: "amendment_objection", Template: "draft.html", action: s.voteAmendment(true), page: s.draftPage},
		{Method: "POST", Pattern: amendment + "/decision", Name: "amendment_decision", Template: "draft.html", action: s.decideAmendment, page: s.draftPage},
	}
}

// draftCtx is a document being drafted as the policy sees it.
type draftCtx struct {
	doc     *accord.Document
	meeting *accord.Meeting
	res     accord.Resource
}

func (c *draftCtx) as(kind accord.ResourceKind) accord.Resource {
	r := c.res
	r.Kind = kind
	return r
}

func (c *draftCtx) path() string { return docPath(c.doc.ID) + "/draft" }

// draftContext loads the document of the path; one who may not read it is
// told it does not exist. The policy learns the meeting's body and chair,
// and the states that were members on the meeting's first day.
func (s *Server) draftContext(r *http.Request) (*draftCtx, error) {
	d, j, res, err := s.documentFor(r, accord.ActRead)
	if err != nil {
		return nil, err
	}
	ms := j.linked(d)
	if len(ms) == 0 || ms[0] == nil {
		return nil, accord.Invalid("id", "document %s belongs to no meeting", d.Reference)
	}
	c := &draftCtx{doc: d, meeting: ms[0], res: res}
	day := ms[0].Start
	if day.IsZero() {
		day = accord.DateOf(s.now())
	}
	members, err := s.store.MembersOn(r.Context(), ms[0].Organization, day, accord.Member)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		c.res.Members = append(c.res.Members, m.State)
	}
	return c, nil
}

// may asks the policy, and names field in a refusal, so that a form shows
// where it was refused.
func mayField(r *http.Request, act accord.Action, res accord.Resource, what, field string) error {
	err := authorize(r, act, res, what)
	if e, ok := err.(*accord.Error); ok && e.Code == accord.EFORBIDDEN {
		e.Field = field
	}
	return err
}

// actingStates are the member states the reader may amend for.
func actingStates(r *http.Request, c *draftCtx) []string {
	var out []string
	for _, st := range c.res.Members {
		res := c.as(accord.KindAmendment)
		res.State = st
		if accord.Authorize(actor(r), accord.ActCreate, res).Allow {
			out = append(out, st)
		}
	}
	return out
}

// actingState is the state a delegation acts for: the "state" field, or
// the reader's only one.
func actingState(r *http.Request, c *draftCtx, in url.Values) string {
	if st := strings.TrimSpace(in.Get("state")); st != "" {
		return st
	}
	if sts := actingStates(r, c); len(sts) == 1 {
		return sts[0]
	}
	return ""
}

// draftView is a draft as its reader may see it: the working text for its
// drafters, else the latest circulated revision; the amendments; the
// revisions circulated.
type draftView struct {
	DocumentID int64  `json:"document_id"`
	Reference  string `json:"reference"`
	// Draft is the working text, for the chair and the secretariat only.
	Draft *accord.Draft `json:"draft,omitempty"`
	// Consolidated is the working text with the accepted amendments.
	Consolidated []drafting.Consolidated `json:"consolidated,omitempty"`
	// Revision is the latest circulated revision; null before the first.
	Revision   *accord.DraftRevision   `json:"revision"`
	Revisions  []*accord.DraftRevision `json:"revisions"`
	Amendments []*accord.Amendment     `json:"amendments"`
	// Drafting: the document is being drafted; CanDraft, CanDecide: the
	// reader is its chair or secretariat; States: the states the reader
	// may amend, support and object for.
	Drafting  bool     `json:"drafting"`
	CanDraft  bool     `json:"can_draft"`
	CanDecide bool     `json:"can_decide"`
	States    []string `json:"states"`
	Form      Form     `json:"-"`
	// Languages and Rows are what the page shows side by side.
	Languages []string   `json:"-"`
	Rows      []draftRow `json:"-"`
	Path      string     `json:"-"`
}

// draftRow is one segment as the page shows it.
type draftRow struct {
	ID         int64
	Kind       accord.SegmentKind
	Number     int
	Cells      []draftCell
	Accepted   []int
	Amendments []*accord.Amendment
}

type draftCell struct {
	Lang        string
	Text        string
	State       accord.TextState
	NeedsReview bool
}

func (v draftView) title(lang string) string { return v.Reference + ": " + i18n.T(lang, "Draft") }
func (v draftView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: i18n.T(lang, "Documents"), Href: "/documents"}, {Label: v.Reference, Href: docPath(v.DocumentID)}}
}

func (s *Server) draftView(r *http.Request) (view, error) { return s.draftPage(r, Form{}) }

func (s *Server) draftPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	c, err := s.draftContext(r)
	if err != nil {
		return nil, err
	}
	v := draftView{DocumentID: c.doc.ID, Reference: c.doc.Reference, Form: f, Path: c.path(), Revisions: []*accord.DraftRevision{}, Amendments: []*accord.Amendment{}, States: []string{}}
	v.CanDraft = accord.Authorize(actor(r), accord.ActUpdate, c.as(accord.KindDraft)).Allow
	v.CanDecide = accord.Authorize(actor(r), accord.ActDecide, c.as(accord.KindAmendment)).Allow
	d, err := s.store.FindDraft(ctx, c.doc.ID)
	switch {
	case accord.ErrorCode(err) == accord.ENOTFOUND:
		return v, nil
	case err != nil:
		return nil, err
	}
	v.Drafting, v.Languages = true, d.Languages
	if v.Revisions, err = s.store.ListRevisions(ctx, c.doc.ID); err != nil {
		return nil, err
	}
	if d.Revision > 0 {
		if v.Revision, err = s.store.FindRevision(ctx, c.doc.ID, d.Revision); err != nil {
			return nil, err
		}
	}
	if v.Amendments, err = s.store.ListAmendments(ctx, c.doc.ID); err != nil {
		return nil, err
	}
	if s := actingStates(r, c); s != nil {
		v.States = s
	}
	open := map[int64][]*accord.Amendment{}
	for _, a := range v.Amendments {
		if a.Status == accord.AmendmentOpen {
			open[a.SegmentID] = append(open[a.SegmentID], a)
		}
	}
	if v.CanDraft {
		v.Draft = d
		v.Consolidated = drafting.Consolidate(d, v.Amendments)
		for _, k := range v.Consolidated {
			row := draftRow{ID: k.Segment.ID, Kind: k.Segment.Kind, Number: k.Number, Accepted: k.Accepted, Amendments: open[k.Segment.ID]}
			for _, l := range d.Languages {
				t := k.Segment.Texts[l]
				row.Cells = append(row.Cells, draftCell{l, t.Text, t.State, t.NeedsReview})
			}
			v.Rows = append(v.Rows, row)
		}
		return v, nil
	}
	// Delegations and observers see what was circulated, never the
	// chair's work in progress.
	if v.Revision == nil {
		return v, nil
	}
	v.Rows = revisionRows(v.Revision, open)
	return v, nil
}

func revisionRows(rev *accord.DraftRevision, open map[int64][]*accord.Amendment) []draftRow {
	var rows []draftRow
	counts := map[accord.SegmentKind]int{}
	for _, s := range rev.Segments {
		row := draftRow{ID: s.ID, Kind: s.Kind, Amendments: open[s.ID]}
		if s.Kind != accord.SegmentHeading {
			counts[s.Kind]++
			row.Number = counts[s.Kind]
		}
		for _, l := range rev.Languages {
			t := s.Texts[l]
			row.Cells = append(row.Cells, draftCell{l, t.Text, t.State, t.NeedsReview})
		}
		rows = append(rows, row)
	}
	return rows
}

// draftChanged is the answer to a change of a draft: the draft as the
// reader sees it now.
func (s *Server) draftChanged(r *http.Request, c *draftCtx, status int) (outcome, error) {
	v, err := s.draftPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, status: status, redirect: c.path()}, nil
}

// formTexts reads the texts.<lang> fields.
func formTexts(in url.Values) map[string]string {
	out := map[string]string{}
	for k, vs := range in {
		if l, ok := strings.CutPrefix(k, "texts."); ok && len(vs) > 0 && vs[0] != "" {
			out[l] = vs[0]
		}
	}
	return out
}

func (s *Server) draftFor(r *http.Request, act accord.Action, kind accord.ResourceKind, field string) (*draftCtx, error) {
	if _, err := signedIn(r); err != nil {
		return nil, err
	}
	c, err := s.draftContext(r)
	if err != nil {
		return nil, err
	}
	if err := mayField(r, act, c.as(kind), "the draft of "+c.doc.Reference, field); err != nil {
		return nil, err
	}
	if c.doc.Withdrawn() {
		return nil, accord.Errorf(accord.ECONFLICT, "The document is withdrawn and no longer changes.")
	}
	return c, nil
}

func (s *Server) createDraft(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, err := s.draftFor(r, accord.ActCreate, accord.KindDraft, "drafting_lang")
	if err != nil {
		return outcome{}, err
	}
	var langs []string
	for l := range strings.SplitSeq(in.Get("languages"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			langs = append(langs, l)
		}
	}
	d := &accord.Draft{DocumentID: c.doc.ID, DraftingLang: strings.TrimSpace(in.Get("drafting_lang")), Languages: langs}
	if err := s.store.CreateDraft(r.Context(), d); err != nil {
		return outcome{}, err
	}
	return s.draftChanged(r, c, http.StatusCreated)
}

func formSegmentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, accord.Invalid("sid", "%q is not a segment id", r.PathValue("sid"))
	}
	return id, nil
}

func (s *Server) createSegment(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, err := s.draftFor(r, accord.ActUpdate, accord.KindDraft, "kind")
	if err != nil {
		return outcome{}, err
	}
	after, err := formID(in, "after", false)
	if err != nil {
		return outcome{}, err
	}
	if _, err := s.store.AddSegment(r.Context(), c.doc.ID, accord.DraftEdit{After: after, Kind: accord.SegmentKind(in.Get("kind")), Texts: formTexts(in)}); err != nil {
		return outcome{}, err
	}
	return s.draftChanged(r, c, http.StatusCreated)
}

// segmentFor is the draft and the segment id of a drafter's change to a
// segment; field is named in a refusal.
func (s *Server) segmentFor(r *http.Request, field string) (*draftCtx, int64, error) {
	c, err := s.draftFor(r, accord.ActUpdate, accord.KindDraft, field)
	if err != nil {
		return nil, 0, err
	}
	sid, err := formSegmentID(r)
	return c, sid, err
}

func (s *Server) updateSegment(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, sid, err := s.segmentFor(r, "segment_id")
	if err != nil {
		return outcome{}, err
	}
	after, err := formID(in, "after", false)
	if err != nil {
		return outcome{}, err
	}
	e := accord.DraftEdit{SegmentID: sid, After: after, Kind: accord.SegmentKind(in.Get("kind")), Texts: formTexts(in),
		State: accord.TextState(in.Get("state")), Move: in.Get("move") == "true", Delete: in.Get("delete") == "true"}
	if _, err := s.store.UpdateSegment(r.Context(), c.doc.ID, e); err != nil {
		return outcome{}, err
	}
	return s.draftChanged(r, c, http.StatusOK)
}

func (s *Server) setSegmentText(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, sid, err := s.segmentFor(r, "text")
	if err != nil {
		return outcome{}, err
	}
	if _, err := s.store.SetSegmentText(r.Context(), c.doc.ID, sid, r.PathValue("lang"),
		accord.SegmentText{Text: in.Get("text"), State: accord.TextState(in.Get("state"))}); err != nil {
		return outcome{}, err
	}
	return s.draftChanged(r, c, http.StatusOK)
}

func (s *Server) circulateRevision(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, err := s.draftFor(r, accord.ActCirculate, accord.KindDraft, "revision")
	if err != nil {
		return outcome{}, err
	}
	rev, err := s.store.CirculateRevision(r.Context(), c.doc.ID, actor(r).User.ID)
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: revisionView{DocumentID: c.doc.ID, Reference: c.doc.Reference, Revision: rev}, status: http.StatusCreated,
		redirect: c.path() + "/revisions/" + strconv.Itoa(rev.Number)}, nil
}

// revisionView is a circulated revision and, with ?against=m, its diff
// against revision m.
type revisionView struct {
	DocumentID int64                  `json:"document_id"`
	Reference  string                 `json:"reference"`
	Revision   *accord.DraftRevision  `json:"revision"`
	Against    int                    `json:"against,omitempty"`
	Diff       []drafting.SegmentDiff `json:"diff,omitempty"`
	Rows       []draftRow             `json:"-"`
}

func (v revisionView) title(lang string) string {
	if v.Against != 0 {
		return v.Reference + ": " + i18n.Tf(lang, "Revision %d against revision %d", v.Revision.Number, v.Against)
	}
	return v.Reference + ": " + i18n.Tf(lang, "Revision %d", v.Revision.Number)
}
func (v revisionView) crumbs(lang string) []crumb {
	return append(draftView{DocumentID: v.DocumentID, Reference: v.Reference}.crumbs(lang),
		crumb{Label: i18n.T(lang, "Draft"), Href: docPath(v.DocumentID) + "/draft"})
}

// revisionNumber reads the number of a revision or an amendment.
func revisionNumber(s, field string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > accord.MaxAmendments {
		return 0, accord.Invalid(field, "%q is not a number", s)
	}
	return n, nil
}

func (s *Server) revisionView(r *http.Request) (view, error) {
	// The query is judged before anything is looked up, as every
	// numeric parameter is.
	diff := strings.HasSuffix(r.URL.Path, "/diff")
	var against int64
	if diff {
		var err error
		if against, err = fields.Int(r, "against", 0, 1, accord.MaxAmendments); err != nil {
			return nil, err
		}
		if against == 0 {
			return nil, accord.Invalid("against", "name the revision to compare with")
		}
	}
	c, err := s.draftContext(r)
	if err != nil {
		return nil, err
	}
	if err := mayField(r, accord.ActRead, c.as(accord.KindRevision), "the revisions of "+c.doc.Reference, "n"); err != nil {
		return nil, err
	}
	n, err := revisionNumber(r.PathValue("n"), "n")
	if err != nil {
		return nil, err
	}
	rev, err := s.store.FindRevision(r.Context(), c.doc.ID, n)
	if err != nil {
		return nil, err
	}
	v := revisionView{DocumentID: c.doc.ID, Reference: c.doc.Reference, Revision: rev, Rows: revisionRows(rev, nil)}
	if diff {
		v.Against = int(against)
		old, err := s.store.FindRevision(r.Context(), c.doc.ID, v.Against)
		if err != nil {
			return nil, accord.Invalid("against", "revision %d was not circulated", v.Against)
		}
		v.Diff = drafting.DiffRevisions(old, rev)
	}
	return v, nil
}

// amendFor is the draft and the amendment resource of a delegation's act
// for its state.
func (s *Server) amendFor(r *http.Request, in url.Values, act accord.Action) (*draftCtx, accord.Resource, error) {
	if _, err := signedIn(r); err != nil {
		return nil, accord.Resource{}, err
	}
	c, err := s.draftContext(r)
	if err != nil {
		return nil, accord.Resource{}, err
	}
	res := c.as(accord.KindAmendment)
	res.State = actingState(r, c, in)
	return c, res, mayField(r, act, res, "amendments to "+c.doc.Reference, "state")
}

func (s *Server) createAmendment(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, res, err := s.amendFor(r, in, accord.ActCreate)
	if err != nil {
		return outcome{}, err
	}
	seg, err := formID(in, "segment_id", true)
	if err != nil {
		return outcome{}, err
	}
	rev, err := formID(in, "revision", true)
	if err != nil {
		return outcome{}, err
	}
	if rev > accord.MaxAmendments {
		return outcome{}, accord.Invalid("revision", "%d is not a revision number", rev)
	}
	a := &accord.Amendment{DocumentID: c.doc.ID, SegmentID: seg, Revision: int(rev), Op: accord.AmendmentOp(in.Get("op")),
		Kind: accord.SegmentKind(in.Get("kind")), Texts: formTexts(in), Justification: strings.TrimSpace(in.Get("justification")),
		AuthorState: res.State, AuthorUserID: actor(r).User.ID}
	if err := s.store.ProposeAmendment(r.Context(), a); err != nil {
		return outcome{}, err
	}
	return s.draftChanged(r, c, http.StatusCreated)
}

func amendmentNumber(r *http.Request) (int, error) { return revisionNumber(r.PathValue("n"), "n") }

func (s *Server) voteAmendment(objection bool) func(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	return func(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
		c, res, err := s.amendFor(r, in, accord.ActVote)
		if err != nil {
			return outcome{}, err
		}
		n, err := amendmentNumber(r)
		if err != nil {
			return outcome{}, err
		}
		v := accord.AmendmentVote{State: res.State, UserID: actor(r).User.ID, Text: strings.TrimSpace(in.Get("text"))}
		if _, err := s.store.VoteAmendment(r.Context(), c.doc.ID, n, v, objection); err != nil {
			return outcome{}, err
		}
		return s.draftChanged(r, c, http.StatusOK)
	}
}

func (s *Server) decideAmendment(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	c, err := s.draftFor(r, accord.ActDecide, accord.KindAmendment, "outcome")
	if err != nil {
		return outcome{}, err
	}
	n, err := amendmentNumber(r)
	if err != nil {
		return outcome{}, err
	}
	dec := accord.AmendmentDecision{Outcome: accord.DecisionOutcome(in.Get("outcome")), Texts: formTexts(in),
		Reason: strings.TrimSpace(in.Get("reason")), DecidedBy: actor(r).User.ID}
	for x := range strings.SplitSeq(in.Get("with"), ",") {
		if x = strings.TrimSpace(x); x == "" {
			continue
		}
		m, err := revisionNumber(x, "with")
		if err != nil {
			return outcome{}, err
		}
		if len(dec.With) >= 50 {
			return outcome{}, accord.Invalid("with", "merge at most 50 amendments")
		}
		dec.With = append(dec.With, m)
	}
	if _, err := s.store.DecideAmendment(r.Context(), c.doc.ID, n, dec); err != nil {
		return outcome{}, err
	}
	return s.draftChanged(r, c, http.StatusOK)
}

// canAmend is for the page: whether a states list is non-empty.
func (v draftView) CanAmend() bool { return len(v.States) > 0 && v.Revision != nil }

// LastRevision is the number an amendment form is made against.
func (v draftView) LastRevision() int {
	if v.Revision == nil {
		return 0
	}
	return v.Revision.Number
}

// revLink is a circulated revision in the page's list, with the one before
// it for a link to the changes.
type revLink struct{ Number, Prev int }

// RevisionLinks lists the revisions for the page.
func (v draftView) RevisionLinks() []revLink {
	out := make([]revLink, len(v.Revisions))
	for i, r := range v.Revisions {
		out[i] = revLink{r.Number, r.Number - 1}
	}
	return out
}

// draftWord names, in lang, the values of drafting's enumerations that
// pages show: segment kinds, text states, operations, decisions and diff
// statuses.
func draftWord(lang string, value any) string {
	switch v := fmt.Sprint(value); v {
	case "heading":
		return i18n.T(lang, "Heading")
	case "preamble":
		return i18n.T(lang, "Preamble paragraph")
	case "operative":
		return i18n.T(lang, "Operative paragraph")
	case "measure":
		return i18n.T(lang, "Measure")
	case "draft":
		return i18n.T(lang, "draft")
	case "translated":
		return i18n.T(lang, "translated")
	case "verified":
		return i18n.T(lang, "verified")
	case "final":
		return i18n.T(lang, "final")
	case "replace":
		return i18n.T(lang, "replace")
	case "insert_after":
		return i18n.T(lang, "insert after")
	case "delete":
		return i18n.T(lang, "delete")
	case "accept":
		return i18n.T(lang, "accept")
	case "reject":
		return i18n.T(lang, "reject")
	case "merge":
		return i18n.T(lang, "merge into a compromise")
	case "same":
		return i18n.T(lang, "unchanged")
	case "changed":
		return i18n.T(lang, "changed")
	case "added":
		return i18n.T(lang, "added")
	case "removed":
		return i18n.T(lang, "removed")
	default:
		return v
	}
}
