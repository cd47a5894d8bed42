package accord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// A draft is an outcome document (protocol, declaration, decision) while it
// is negotiated: an ordered list of segments, each with a stable id and a
// text in every authentic language, circulated as numbered revisions and
// amended by delegations. The rules live in the drafting package; these are
// the records that storage keeps and the API shows.

// SegmentKind is what a segment of a draft is.
type SegmentKind string

const (
	SegmentHeading   SegmentKind = "heading"
	SegmentPreamble  SegmentKind = "preamble"
	SegmentOperative SegmentKind = "operative"
	SegmentMeasure   SegmentKind = "measure"
)

// SegmentKinds lists every segment kind.
var SegmentKinds = []SegmentKind{SegmentHeading, SegmentPreamble, SegmentOperative, SegmentMeasure}

// TextState is how far one language's text of a segment has come, as
// XLIFF 2 states a segment.
type TextState string

const (
	TextDraft      TextState = "draft"
	TextTranslated TextState = "translated"
	TextVerified   TextState = "verified"
	TextFinal      TextState = "final"
)

// TextStates lists every text state, in the order a text moves through them.
var TextStates = []TextState{TextDraft, TextTranslated, TextVerified, TextFinal}

// Limits on a draft, so that a request cannot make storage or a diff
// unbounded.
const (
	MaxSegments      = 500
	MaxSegmentText   = 20000 // bytes of one language's text of a segment
	MaxJustification = 4000
	MaxAmendments    = 2000
)

// Draft is a document while it is negotiated. Segments are in their order,
// deleted ones included (Deleted), so that an id is never given twice and an
// insertion after a deleted segment still has a place.
type Draft struct {
	DocumentID int64 `json:"document_id"`
	// DraftingLang is the language the chair drafts in; a change of a
	// segment in it sends every other language's text of the segment back
	// to review.
	DraftingLang string `json:"drafting_lang"`
	// Languages are the authentic languages, DraftingLang among them.
	Languages []string   `json:"languages"`
	Segments  []*Segment `json:"segments"`
	// Revision is the number of the last circulated revision, 0 before
	// the first.
	Revision int `json:"revision"`
	// NextSegment is the id the next new segment gets.
	NextSegment int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Segment is one heading, paragraph or measure of a draft. Its ID never
// changes once given; its number in a rendered text is only a rendering.
type Segment struct {
	ID   int64       `json:"id"`
	Kind SegmentKind `json:"kind"`
	// Version counts the changes of the drafting language's text, from 1.
	Version int                     `json:"version"`
	Texts   map[string]*SegmentText `json:"texts"`
	Deleted bool                    `json:"deleted,omitempty"`
}

// SegmentText is one language's text of a segment with its state.
type SegmentText struct {
	Text  string    `json:"text"`
	State TextState `json:"state"`
	// CheckedAgainst is the Version of the drafting language's text this
	// text was last checked against.
	CheckedAgainst int `json:"checked_against"`
	// NeedsReview is set (by the drafting package, when a draft is read)
	// when the drafting language's text changed since.
	NeedsReview bool `json:"needs_review,omitempty"`
}

// Segment returns the segment with id, deleted or not, or nil.
func (d *Draft) Segment(id int64) *Segment {
	for _, s := range d.Segments {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// DraftRevision is a circulated revision: a snapshot of the live segments,
// immutable once stored and committed to in the transparency log.
type DraftRevision struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Number     int    `json:"number"`
	Reference  string `json:"reference"`
	// DraftingLang and Languages are the draft's when it was circulated.
	DraftingLang string             `json:"drafting_lang"`
	Languages    []string           `json:"languages"`
	Segments     []*RevisionSegment `json:"segments"`
	// SHA256 is the hex SHA-256 of CanonicalBytes.
	SHA256       string    `json:"sha256"`
	CirculatedAt time.Time `json:"circulated_at"`
	CirculatedBy int64     `json:"circulated_by,omitempty"`
	// LogIndex is the revision's entry in the transparency log; -1 when
	// not read.
	LogIndex int64 `json:"log_index"`
}

// RevisionSegment is a segment as a revision froze it.
type RevisionSegment struct {
	ID      int64                  `json:"id"`
	Kind    SegmentKind            `json:"kind"`
	Version int                    `json:"version"`
	Texts   map[string]SegmentText `json:"texts"`
}

// Segment returns the revision's segment with id, or nil.
func (r *DraftRevision) Segment(id int64) *RevisionSegment {
	for _, s := range r.Segments {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// canonicalRevision is what a revision's hash covers: every field that says
// what the delegations saw, in a fixed order (struct fields and sorted map
// keys marshal deterministically).
type canonicalRevision struct {
	DocumentID   int64              `json:"document_id"`
	Number       int                `json:"number"`
	Reference    string             `json:"reference"`
	DraftingLang string             `json:"drafting_lang"`
	Languages    []string           `json:"languages"`
	Segments     []*RevisionSegment `json:"segments"`
}

// CanonicalBytes are the bytes a revision's hash covers. Review marks are
// derived and left out.
func (r *DraftRevision) CanonicalBytes() []byte {
	segs := make([]*RevisionSegment, len(r.Segments))
	for i, s := range r.Segments {
		c := &RevisionSegment{ID: s.ID, Kind: s.Kind, Version: s.Version, Texts: map[string]SegmentText{}}
		for l, t := range s.Texts {
			t.NeedsReview = false
			c.Texts[l] = t
		}
		segs[i] = c
	}
	b, err := json.Marshal(canonicalRevision{r.DocumentID, r.Number, r.Reference, r.DraftingLang, r.Languages, segs})
	if err != nil {
		panic(err) // strings, numbers and maps of them
	}
	return b
}

// ComputeSHA256 returns the hex SHA-256 of the revision's canonical bytes.
func (r *DraftRevision) ComputeSHA256() string {
	sum := sha256.Sum256(r.CanonicalBytes())
	return hex.EncodeToString(sum[:])
}

// AmendmentOp is what an amendment does to its segment.
type AmendmentOp string

const (
	AmendReplace     AmendmentOp = "replace"
	AmendInsertAfter AmendmentOp = "insert_after"
	AmendDelete      AmendmentOp = "delete"
)

// AmendmentOps lists every amendment operation.
var AmendmentOps = []AmendmentOp{AmendReplace, AmendInsertAfter, AmendDelete}

// AmendmentStatus is where an amendment stands.
type AmendmentStatus string

const (
	AmendmentOpen     AmendmentStatus = "open"
	AmendmentAccepted AmendmentStatus = "accepted"
	AmendmentRejected AmendmentStatus = "rejected"
	// AmendmentMerged: the chair merged it with others into a compromise.
	AmendmentMerged AmendmentStatus = "merged"
)

// DecisionOutcome is the chair's decision on an amendment.
type DecisionOutcome string

const (
	DecideAccept DecisionOutcome = "accept"
	DecideReject DecisionOutcome = "reject"
	DecideMerge  DecisionOutcome = "merge"
)

// Amendment is a delegation's proposal to change one segment of a draft.
type Amendment struct {
	DocumentID int64 `json:"document_id"`
	// Number counts from 1 within the document and never changes.
	Number    int         `json:"number"`
	SegmentID int64       `json:"segment_id"`
	Op        AmendmentOp `json:"op"`
	// Kind is the kind of the segment an insertion adds.
	Kind SegmentKind `json:"kind,omitempty"`
	// Texts are the new text by language; none for a deletion.
	Texts         map[string]string `json:"texts"`
	Justification string            `json:"justification"`
	// AuthorState is the member state whose delegation proposes it.
	AuthorState  string `json:"author_state"`
	AuthorUserID int64  `json:"author_user_id,omitempty"`
	// Revision is the circulated revision it was made against, and
	// SegmentVersion the segment's version in it.
	Revision       int `json:"revision"`
	SegmentVersion int `json:"segment_version"`
	// CarriedTo is the latest revision it was carried over to unchanged;
	// Flagged says a later revision changed its segment, so that it must
	// be looked at again.
	CarriedTo  int                `json:"carried_to,omitempty"`
	Flagged    bool               `json:"flagged,omitempty"`
	Status     AmendmentStatus    `json:"status"`
	Supports   []AmendmentVote    `json:"supports"`
	Objections []AmendmentVote    `json:"objections"`
	Decision   *AmendmentDecision `json:"decision,omitempty"`
	CreatedAt  time.Time          `json:"created_at"`
}

// AmendmentVote is a delegation's support of or objection to an amendment.
type AmendmentVote struct {
	State  string    `json:"state"`
	UserID int64     `json:"user_id,omitempty"`
	Text   string    `json:"text,omitempty"`
	At     time.Time `json:"at"`
}

// AmendmentDecision is the chair's decision on an amendment. A merge names
// the other open amendments to the same segment it merges with, and the
// compromise text that replaces the segment.
type AmendmentDecision struct {
	Outcome DecisionOutcome   `json:"outcome"`
	With    []int             `json:"with,omitempty"`
	Texts   map[string]string `json:"texts,omitempty"`
	Reason  string            `json:"reason,omitempty"`
	// Into is the segment the accepted text lives in: the new segment of
	// an insertion, else the amended one.
	Into      int64     `json:"into,omitempty"`
	DecidedBy int64     `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at"`
}

// ValidateSegmentText checks one language's text of a segment: required,
// valid UTF-8, within MaxSegmentText.
func ValidateSegmentText(field, text string) error {
	switch {
	case strings.TrimSpace(text) == "":
		return Invalid(field, "is required")
	case !utf8.ValidString(text):
		return Invalid(field, "is not valid UTF-8")
	case len(text) > MaxSegmentText:
		return Invalid(field, "is longer than %d bytes", MaxSegmentText)
	}
	return nil
}

// ValidateSegmentKind checks a segment kind.
func ValidateSegmentKind(field string, k SegmentKind) error {
	if !slices.Contains(SegmentKinds, k) {
		return Invalid(field, "%q is not a segment kind: use heading, preamble, operative or measure", k)
	}
	return nil
}

// ValidateTextState checks a text state.
func ValidateTextState(field string, s TextState) error {
	if !slices.Contains(TextStates, s) {
		return Invalid(field, "%q is not a state: use draft, translated, verified or final", s)
	}
	return nil
}

// DraftEdit is one change the chair (or the secretariat) makes to the
// working text of a draft, or a delegation's amendment and vote; storage
// applies it through the drafting package in one transaction.
type DraftEdit struct {
	// Segment edits: Add adds a segment after After (0: at the start);
	// SegmentID with Kind or Move changes one.
	SegmentID int64       `json:"segment_id,omitempty"`
	After     int64       `json:"after,omitempty"`
	Kind      SegmentKind `json:"kind,omitempty"`
	Delete    bool        `json:"delete,omitempty"`
	// Move places the segment after After.
	Move bool `json:"move,omitempty"`
	// Texts sets languages' texts; State, when set, each one's state.
	Texts map[string]string `json:"texts,omitempty"`
	State TextState         `json:"state,omitempty"`
}

// DraftService stores drafts, their circulated revisions and amendments.
// Each write runs the drafting package's rules on the stored draft and
// stores the result, audited, in one transaction; not-found is ENOTFOUND.
type DraftService interface {
	// CreateDraft starts drafting document d.DocumentID with d's languages
	// and segments (ids are given by storage); a document has one draft.
	CreateDraft(ctx context.Context, d *Draft) error
	// FindDraft returns the working text with review marks set.
	FindDraft(ctx context.Context, documentID int64) (*Draft, error)
	// AddSegment adds a segment after e.After with e.Kind and e.Texts, and
	// returns it with its new id.
	AddSegment(ctx context.Context, documentID int64, e DraftEdit) (*Segment, error)
	// UpdateSegment changes segment e.SegmentID: its kind, its place
	// (e.Move, after e.After), its texts, or deletes it (e.Delete).
	UpdateSegment(ctx context.Context, documentID int64, e DraftEdit) (*Segment, error)
	// SetSegmentText sets one language's text and state of a segment.
	SetSegmentText(ctx context.Context, documentID, segmentID int64, lang string, t SegmentText) (*Segment, error)

	// CirculateRevision freezes the working text as the next revision,
	// logs it (sealed unless the document is public), and carries the open
	// amendments over to it or flags them.
	CirculateRevision(ctx context.Context, documentID, by int64) (*DraftRevision, error)
	FindRevision(ctx context.Context, documentID int64, number int) (*DraftRevision, error)
	// ListRevisions returns the revisions without their segments, oldest
	// first.
	ListRevisions(ctx context.Context, documentID int64) ([]*DraftRevision, error)

	// ProposeAmendment stores a, giving it the next number; a.Revision
	// must be circulated and hold a.SegmentID.
	ProposeAmendment(ctx context.Context, a *Amendment) error
	FindAmendment(ctx context.Context, documentID int64, number int) (*Amendment, error)
	ListAmendments(ctx context.Context, documentID int64) ([]*Amendment, error)
	// VoteAmendment records a delegation's support (objection false) or
	// objection; a second vote of a state replaces its first.
	VoteAmendment(ctx context.Context, documentID int64, number int, v AmendmentVote, objection bool) (*Amendment, error)
	// DecideAmendment records the chair's decision and, for accept and
	// merge, applies it to the working text.
	DecideAmendment(ctx context.Context, documentID int64, number int, d AmendmentDecision) (*Amendment, error)
}
