package drafting

import (
	"maps"
	"slices"
	"time"

	"github.com/accord-org/accord"
)

// New returns an empty draft of a document in languages, drafted in
// drafting, which must be one of them. orgLangs are the languages the
// organization uses (official and working); a language outside them is
// refused.
func New(documentID int64, drafting string, languages, orgLangs []string, now time.Time) (*accord.Draft, error) {
	if drafting == "" {
		return nil, accord.Invalid("drafting_lang", "is required")
	}
	if len(languages) == 0 {
		languages = []string{drafting}
	}
	seen := map[string]bool{}
	for _, l := range languages {
		if !slices.Contains(orgLangs, l) {
			return nil, accord.Invalid("languages", "%q is not a language of the organization", l)
		}
		if seen[l] {
			return nil, accord.Invalid("languages", "%q is listed twice", l)
		}
		seen[l] = true
	}
	if !seen[drafting] {
		return nil, accord.Invalid("drafting_lang", "%q is not one of the draft's languages", drafting)
	}
	return &accord.Draft{DocumentID: documentID, DraftingLang: drafting, Languages: slices.Clone(languages),
		Segments: []*accord.Segment{}, NextSegment: 1, CreatedAt: now, UpdatedAt: now}, nil
}

// Mark sets NeedsReview on every text of d that was checked against an
// older version of its segment's drafting-language text, or not at all.
func Mark(d *accord.Draft) {
	for _, s := range d.Segments {
		markSegment(d, s)
	}
}

func markSegment(d *accord.Draft, s *accord.Segment) {
	for l, t := range s.Texts {
		t.NeedsReview = l != d.DraftingLang && t.CheckedAgainst < s.Version
	}
}

// checkTexts validates texts keyed by language against the draft's
// languages; field prefixes the field named in an error ("texts").
func checkTexts(d *accord.Draft, field string, texts map[string]string, required bool) error {
	if required && len(texts) == 0 {
		return accord.Invalid(field, "give the text in at least one language")
	}
	for _, l := range slices.Sorted(maps.Keys(texts)) {
		if !slices.Contains(d.Languages, l) {
			return accord.Invalid(field+"."+l, "%q is not a language of this draft (%v)", l, d.Languages)
		}
		if err := accord.ValidateSegmentText(field+"."+l, texts[l]); err != nil {
			return err
		}
	}
	return nil
}

// index returns the position of segment id in d, or -1.
func index(d *accord.Draft, id int64) int {
	return slices.IndexFunc(d.Segments, func(s *accord.Segment) bool { return s.ID == id })
}

// AddSegment adds a segment of kind after segment after (0: first) with
// texts, which must include the drafting language's.
func AddSegment(d *accord.Draft, after int64, kind accord.SegmentKind, texts map[string]string, now time.Time) (*accord.Segment, error) {
	if err := accord.ValidateSegmentKind("kind", kind); err != nil {
		return nil, err
	}
	if err := checkTexts(d, "texts", texts, true); err != nil {
		return nil, err
	}
	if _, ok := texts[d.DraftingLang]; !ok {
		return nil, accord.Invalid("texts."+d.DraftingLang, "a new segment needs its text in the drafting language")
	}
	at := 0
	if after != 0 {
		i := index(d, after)
		if i < 0 {
			return nil, accord.Invalid("after", "there is no segment %d", after)
		}
		at = i + 1
	}
	if len(d.Segments) >= accord.MaxSegments {
		return nil, accord.Invalid("segments", "a draft has at most %d segments", accord.MaxSegments)
	}
	s := &accord.Segment{ID: d.NextSegment, Kind: kind, Version: 1, Texts: map[string]*accord.SegmentText{}}
	for _, l := range d.Languages {
		t := &accord.SegmentText{State: accord.TextDraft}
		if txt, ok := texts[l]; ok {
			t.Text, t.CheckedAgainst = txt, 1
		}
		s.Texts[l] = t
	}
	d.NextSegment++
	d.Segments = slices.Insert(d.Segments, at, s)
	d.UpdatedAt = now
	markSegment(d, s)
	return s, nil
}

// live returns segment id of d, refusing a missing or deleted one.
func live(d *accord.Draft, field string, id int64) (*accord.Segment, error) {
	s := d.Segment(id)
	if s == nil {
		return nil, accord.Invalid(field, "there is no segment %d", id)
	}
	if s.Deleted {
		return nil, accord.Invalid(field, "segment %d was deleted", id)
	}
	return s, nil
}

// EditSegment changes segment e.SegmentID: its kind, its place (e.Move,
// after e.After), its texts (e.Texts, with e.State when set), or deletes it.
func EditSegment(d *accord.Draft, e accord.DraftEdit, now time.Time) (*accord.Segment, error) {
	s, err := live(d, "segment_id", e.SegmentID)
	if err != nil {
		return nil, err
	}
	if e.Kind != "" {
		if err := accord.ValidateSegmentKind("kind", e.Kind); err != nil {
			return nil, err
		}
	}
	if err := checkTexts(d, "texts", e.Texts, false); err != nil {
		return nil, err
	}
	if e.State != "" {
		if err := accord.ValidateTextState("state", e.State); err != nil {
			return nil, err
		}
	}
	if e.Move && e.After != 0 {
		if e.After == s.ID {
			return nil, accord.Invalid("after", "a segment cannot follow itself")
		}
		if index(d, e.After) < 0 {
			return nil, accord.Invalid("after", "there is no segment %d", e.After)
		}
	}
	if e.Kind != "" {
		s.Kind = e.Kind
	}
	if e.Move {
		d.Segments = slices.Delete(d.Segments, index(d, s.ID), index(d, s.ID)+1)
		at := 0
		if e.After != 0 {
			at = index(d, e.After) + 1
		}
		d.Segments = slices.Insert(d.Segments, at, s)
	}
	applyTexts(d, s, e.Texts, e.State)
	if e.Delete {
		s.Deleted = true
	}
	d.UpdatedAt = now
	markSegment(d, s)
	return s, nil
}

// applyTexts sets texts of s. A changed drafting-language text is a new
// version of the segment, which sends the other languages' texts to review
// unless they are given too; each text given is checked against the new
// version, with state (draft when empty).
func applyTexts(d *accord.Draft, s *accord.Segment, texts map[string]string, state accord.TextState) {
	if len(texts) == 0 {
		return
	}
	if state == "" {
		state = accord.TextDraft
	}
	if t, ok := texts[d.DraftingLang]; ok && t != s.Texts[d.DraftingLang].Text {
		s.Version++
	}
	for l, txt := range texts {
		s.Texts[l] = &accord.SegmentText{Text: txt, State: state, CheckedAgainst: s.Version}
	}
}

// SetText sets one language's text and state of a segment; the text is
// then checked against the segment's current version.
func SetText(d *accord.Draft, segmentID int64, lang string, t accord.SegmentText, now time.Time) (*accord.Segment, error) {
	s, err := live(d, "segment_id", segmentID)
	if err != nil {
		return nil, err
	}
	if err := checkTexts(d, "texts", map[string]string{lang: t.Text}, true); err != nil {
		return nil, accord.Invalid("lang", "%s", accord.ErrorMessage(err))
	}
	if t.State == "" {
		t.State = accord.TextDraft
	}
	if err := accord.ValidateTextState("state", t.State); err != nil {
		return nil, err
	}
	applyTexts(d, s, map[string]string{lang: t.Text}, t.State)
	d.UpdatedAt = now
	markSegment(d, s)
	return s, nil
}

// Snapshot is the draft's working text as revision number would freeze it:
// its live segments with every text and state.
func Snapshot(d *accord.Draft, number int, reference string, now time.Time) *accord.DraftRevision {
	r := &accord.DraftRevision{DocumentID: d.DocumentID, Number: number, Reference: reference, DraftingLang: d.DraftingLang,
		Languages: slices.Clone(d.Languages), Segments: []*accord.RevisionSegment{}, CirculatedAt: now, LogIndex: -1}
	Mark(d)
	for _, s := range d.Segments {
		if s.Deleted {
			continue
		}
		rs := &accord.RevisionSegment{ID: s.ID, Kind: s.Kind, Version: s.Version, Texts: map[string]accord.SegmentText{}}
		for l, t := range s.Texts {
			rs.Texts[l] = *t
		}
		r.Segments = append(r.Segments, rs)
	}
	r.SHA256 = r.ComputeSHA256()
	return r
}

// Circulate freezes the working text as the revision after prev (nil
// before the first), refusing a draft without segments or one that has not
// changed since prev. It carries each open amendment over to the new
// revision where its segment did not change, and flags it where it did;
// it returns the amendments it changed.
func Circulate(d *accord.Draft, prev *accord.DraftRevision, reference string, amendments []*accord.Amendment, now time.Time) (*accord.DraftRevision, []*accord.Amendment, error) {
	number := 1
	if prev != nil {
		number = prev.Number + 1
	}
	r := Snapshot(d, number, reference, now)
	if len(r.Segments) == 0 {
		return nil, nil, accord.Invalid("segments", "the draft has no segment to circulate")
	}
	if prev != nil {
		p := *prev
		p.Number, p.Reference = number, reference
		if p.ComputeSHA256() == r.SHA256 {
			return nil, nil, accord.Errorf(accord.ECONFLICT, "Nothing changed since revision %d.", prev.Number)
		}
	}
	var changed []*accord.Amendment
	for _, a := range amendments {
		if a.Status != accord.AmendmentOpen {
			continue
		}
		s := r.Segment(a.SegmentID)
		if s != nil && s.Version == a.SegmentVersion {
			a.CarriedTo = number
		} else {
			a.Flagged = true
		}
		changed = append(changed, a)
	}
	d.Revision = number
	return r, changed, nil
}

// Propose checks a new amendment a against the draft, the revision it is
// made against (rev, nil when that revision was not circulated) and the
// latest revision, and fills in its number (after the count of
// amendments), segment version and status. One made against an older
// revision is carried over to the latest at once, or flagged, as
// Circulate would have done.
func Propose(d *accord.Draft, rev, latest *accord.DraftRevision, a *accord.Amendment, count int, now time.Time) error {
	if rev == nil || a.Revision <= 0 || a.Revision > d.Revision {
		return accord.Invalid("revision", "revision %d was not circulated", a.Revision)
	}
	s := rev.Segment(a.SegmentID)
	if s == nil {
		return accord.Invalid("segment_id", "revision %d has no segment %d", a.Revision, a.SegmentID)
	}
	if !slices.Contains(accord.AmendmentOps, a.Op) {
		return accord.Invalid("op", "%q is not an amendment: use replace, insert_after or delete", a.Op)
	}
	switch a.Op {
	case accord.AmendDelete:
		if len(a.Texts) > 0 {
			return accord.Invalid("texts", "a deletion has no text")
		}
	case accord.AmendInsertAfter:
		if err := checkTexts(d, "texts", a.Texts, true); err != nil {
			return err
		}
		if _, ok := a.Texts[d.DraftingLang]; !ok {
			return accord.Invalid("texts."+d.DraftingLang, "an insertion needs its text in the drafting language")
		}
		if a.Kind == "" {
			a.Kind = s.Kind
		}
		if err := accord.ValidateSegmentKind("kind", a.Kind); err != nil {
			return err
		}
	default:
		if err := checkTexts(d, "texts", a.Texts, true); err != nil {
			return err
		}
	}
	if len(a.Justification) > accord.MaxJustification {
		return accord.Invalid("justification", "is longer than %d bytes", accord.MaxJustification)
	}
	if a.AuthorState == "" {
		return accord.Invalid("state", "is required: the member state that proposes the amendment")
	}
	if count >= accord.MaxAmendments {
		return accord.Invalid("amendments", "a draft has at most %d amendments", accord.MaxAmendments)
	}
	a.DocumentID, a.Number, a.SegmentVersion = d.DocumentID, count+1, s.Version
	a.Status, a.CarriedTo, a.Flagged, a.Decision = accord.AmendmentOpen, 0, false, nil
	a.Supports, a.Objections = []accord.AmendmentVote{}, []accord.AmendmentVote{}
	if a.Texts == nil {
		a.Texts = map[string]string{}
	}
	a.CreatedAt = now
	if latest != nil && latest.Number > a.Revision {
		if ls := latest.Segment(a.SegmentID); ls != nil && ls.Version == s.Version {
			a.CarriedTo = latest.Number
		} else {
			a.Flagged = true
		}
	}
	return nil
}

// Vote records state's support of a (objection false) or objection, with
// an objection's text; a second vote of a state replaces its first. The
// author state does not vote on its own amendment.
func Vote(a *accord.Amendment, v accord.AmendmentVote, objection bool) error {
	if a.Status != accord.AmendmentOpen {
		return accord.Invalid("number", "amendment %d is %s: only an open amendment is supported or objected to", a.Number, a.Status)
	}
	if v.State == "" {
		return accord.Invalid("state", "is required")
	}
	if v.State == a.AuthorState {
		return accord.Invalid("state", "%s proposed amendment %d", v.State, a.Number)
	}
	if len(v.Text) > accord.MaxJustification {
		return accord.Invalid("text", "is longer than %d bytes", accord.MaxJustification)
	}
	if !objection {
		v.Text = ""
	}
	drop := func(vs []accord.AmendmentVote) []accord.AmendmentVote {
		return slices.DeleteFunc(vs, func(o accord.AmendmentVote) bool { return o.State == v.State })
	}
	a.Supports, a.Objections = drop(a.Supports), drop(a.Objections)
	if objection {
		a.Objections = append(a.Objections, v)
	} else {
		a.Supports = append(a.Supports, v)
	}
	return nil
}

// Decide records the chair's decision on amendment a, one of amendments
// (every amendment of the draft), and applies an acceptance or a merge to
// the working text. An acceptance is refused (ECONFLICT) when the segment
// changed since the amendment was made: a merge into a compromise, which
// the chair writes, is the way then. It returns the amendments it changed.
func Decide(d *accord.Draft, a *accord.Amendment, amendments []*accord.Amendment, dec accord.AmendmentDecision, now time.Time) ([]*accord.Amendment, error) {
	if a.Status != accord.AmendmentOpen {
		return nil, accord.Invalid("number", "amendment %d is %s already", a.Number, a.Status)
	}
	if len(dec.Reason) > accord.MaxJustification {
		return nil, accord.Invalid("reason", "is longer than %d bytes", accord.MaxJustification)
	}
	dec.DecidedAt = now
	switch dec.Outcome {
	case accord.DecideReject:
		dec.With, dec.Texts = nil, nil
		a.Status, a.Decision = accord.AmendmentRejected, &dec
		return []*accord.Amendment{a}, nil
	case accord.DecideAccept:
		dec.With, dec.Texts = nil, nil
		s := d.Segment(a.SegmentID)
		if s == nil {
			return nil, accord.Invalid("segment_id", "there is no segment %d", a.SegmentID)
		}
		if a.Op != accord.AmendInsertAfter && (s.Deleted || s.Version != a.SegmentVersion) {
			return nil, accord.Conflict("outcome", "Segment %d changed since amendment %d was made: merge it into a compromise text instead.", s.ID, a.Number)
		}
		into, err := apply(d, s, a.Op, a.Kind, a.Texts, now)
		if err != nil {
			return nil, err
		}
		dec.Into = into
		a.Status, a.Decision = accord.AmendmentAccepted, &dec
		return []*accord.Amendment{a}, nil
	case accord.DecideMerge:
		group := []*accord.Amendment{a}
		for _, n := range dec.With {
			i := slices.IndexFunc(amendments, func(o *accord.Amendment) bool { return o.Number == n })
			switch {
			case n == a.Number || i < 0:
				return nil, accord.Invalid("with", "%d is not another amendment of this draft", n)
			case amendments[i].Status != accord.AmendmentOpen:
				return nil, accord.Invalid("with", "amendment %d is %s already", n, amendments[i].Status)
			case amendments[i].SegmentID != a.SegmentID || amendments[i].Op != a.Op && (a.Op == accord.AmendInsertAfter || amendments[i].Op == accord.AmendInsertAfter):
				return nil, accord.Invalid("with", "amendment %d does not amend segment %d in the same way", n, a.SegmentID)
			case slices.Contains(group, amendments[i]):
				return nil, accord.Invalid("with", "amendment %d is listed twice", n)
			}
			group = append(group, amendments[i])
		}
		if len(group) < 2 {
			return nil, accord.Invalid("with", "name the amendments to merge with")
		}
		if err := checkTexts(d, "texts", dec.Texts, true); err != nil {
			return nil, err
		}
		op := accord.AmendReplace
		if a.Op == accord.AmendInsertAfter {
			op = accord.AmendInsertAfter
		}
		s := d.Segment(a.SegmentID)
		if s == nil || (op == accord.AmendReplace && s.Deleted) {
			return nil, accord.Invalid("segment_id", "segment %d is no longer in the draft", a.SegmentID)
		}
		into, err := apply(d, s, op, a.Kind, dec.Texts, now)
		if err != nil {
			return nil, err
		}
		dec.Into = into
		a.Status, a.Decision = accord.AmendmentMerged, &dec
		for _, o := range group[1:] {
			o.Status = accord.AmendmentMerged
			o.Decision = &accord.AmendmentDecision{Outcome: accord.DecideMerge, With: []int{a.Number}, Into: into, DecidedBy: dec.DecidedBy, DecidedAt: now}
		}
		return group, nil
	}
	return nil, accord.Invalid("outcome", "%q is not a decision: use accept, reject or merge", dec.Outcome)
}

// apply makes an accepted change to segment s and returns the segment the
// text now lives in.
func apply(d *accord.Draft, s *accord.Segment, op accord.AmendmentOp, kind accord.SegmentKind, texts map[string]string, now time.Time) (int64, error) {
	switch op {
	case accord.AmendDelete:
		s.Deleted = true
		d.UpdatedAt = now
		return s.ID, nil
	case accord.AmendInsertAfter:
		if kind == "" {
			kind = s.Kind
		}
		n, err := AddSegment(d, s.ID, kind, texts, now)
		if err != nil {
			return 0, err
		}
		return n.ID, nil
	}
	applyTexts(d, s, texts, accord.TextDraft)
	d.UpdatedAt = now
	markSegment(d, s)
	return s.ID, nil
}

// Consolidated is a live segment of the working text with the number it is
// rendered with and the accepted (or merged) amendments whose text it
// holds, so that a page can mark them.
type Consolidated struct {
	Segment *accord.Segment `json:"segment"`
	// Number counts the live segments of the segment's kind from 1; a
	// heading has none.
	Number   int   `json:"number,omitempty"`
	Accepted []int `json:"accepted"`
}

// Consolidate renders the working text of d with the amendments accepted
// into it.
func Consolidate(d *accord.Draft, amendments []*accord.Amendment) []Consolidated {
	Mark(d)
	into := map[int64][]int{}
	for _, a := range amendments {
		if a.Decision != nil && a.Decision.Into != 0 && (a.Status == accord.AmendmentAccepted || a.Status == accord.AmendmentMerged) {
			into[a.Decision.Into] = append(into[a.Decision.Into], a.Number)
		}
	}
	counts := map[accord.SegmentKind]int{}
	out := []Consolidated{}
	for _, s := range d.Segments {
		if s.Deleted {
			continue
		}
		c := Consolidated{Segment: s, Accepted: into[s.ID]}
		if s.Kind != accord.SegmentHeading {
			counts[s.Kind]++
			c.Number = counts[s.Kind]
		}
		if c.Accepted == nil {
			c.Accepted = []int{}
		}
		out = append(out, c)
	}
	return out
}
