package accord

import (
	"context"
	"time"
)

// AdoptionMethod is how a council adopts an outcome document.
type AdoptionMethod string

const (
	// AdoptInSession: the chair declares the text adopted without
	// objection during the meeting.
	AdoptInSession AdoptionMethod = "in_session"
	// AdoptSilence: the chair circulates the final revision with a
	// deadline; if no member objects before it, the text is adopted.
	AdoptSilence AdoptionMethod = "silence"
)

// AdoptionMethods lists every method.
var AdoptionMethods = []AdoptionMethod{AdoptInSession, AdoptSilence}

// PositionKind is what a member delegation says of the text put to
// adoption.
type PositionKind string

const (
	NoObjection PositionKind = "no_objection"
	// Objection blocks adoption without objection; under a silence
	// procedure it breaks the silence.
	Objection PositionKind = "objection"
	// Reservation and InterpretativeStatement let the text be adopted and
	// are annexed to it.
	Reservation             PositionKind = "reservation"
	InterpretativeStatement PositionKind = "interpretative_statement"
)

// PositionKinds lists every kind of position.
var PositionKinds = []PositionKind{NoObjection, Objection, Reservation, InterpretativeStatement}

// Annexed reports whether a position of this kind is annexed to the adopted
// text.
func (k PositionKind) Annexed() bool { return k == Reservation || k == InterpretativeStatement }

// AdoptionResult is how a procedure ended; empty while it is open.
type AdoptionResult string

const (
	// Adopted is "adopted without objection", the only way a consensus
	// body adopts.
	Adopted    AdoptionResult = "adopted"
	NotAdopted AdoptionResult = "not_adopted"
	// Withdrawn: the chair took the text back before a result.
	Withdrawn AdoptionResult = "withdrawn"
)

// Adoption is one procedure by which a document's draft is put to
// adoption. A document may have several, one after another (a silence
// broken, then another that holds); at most one is open.
type Adoption struct {
	ID         int64          `json:"id"`
	DocumentID int64          `json:"document_id"`
	MeetingID  int64          `json:"meeting_id"`
	Method     AdoptionMethod `json:"method"`
	// Revision is the circulated revision of the draft put to adoption;
	// RevisionSHA256 the hash that the draft's log entry commits to, when
	// the drafting store gives one.
	Revision       int    `json:"revision"`
	RevisionSHA256 string `json:"revision_sha256,omitempty"`
	// Members are the states whose position counts: the members of the
	// organization on the meeting's first day, fixed when it opens.
	Members  []string  `json:"members"`
	OpenedAt time.Time `json:"opened_at"`
	// Deadline ends a silence procedure; zero in session.
	Deadline  time.Time          `json:"deadline,omitzero"`
	Positions []AdoptionPosition `json:"positions"`
	Result    AdoptionResult     `json:"result,omitempty"`
	ClosedAt  time.Time          `json:"closed_at,omitzero"`
	// BrokenBy is the state whose objection broke a silence.
	BrokenBy string `json:"broken_by,omitempty"`
	// Note is what the chair said when closing ("withdrawn for further
	// consultations").
	Note string `json:"note,omitempty"`
}

// Open reports whether the procedure still awaits its result.
func (a *Adoption) Open() bool { return a.Result == "" }

// PositionOf returns the position recorded for state, or nil.
func (a *Adoption) PositionOf(state string) *AdoptionPosition {
	for i := range a.Positions {
		if a.Positions[i].State == state {
			return &a.Positions[i]
		}
	}
	return nil
}

// AdoptionPosition is one member delegation's position. A delegation may
// change it while the procedure is open; the audit trail keeps each.
type AdoptionPosition struct {
	State string       `json:"state"`
	Kind  PositionKind `json:"kind"`
	// Text is the objection, reservation or statement in the delegation's
	// words; empty for no objection.
	Text string `json:"text,omitempty"`
	// Lang is the language Text is written in.
	Lang       string    `json:"lang,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	// UserID is who recorded it.
	UserID int64 `json:"user_id,omitempty"`
}

// AdoptionRequest opens a procedure.
type AdoptionRequest struct {
	DocumentID int64          `json:"document_id"`
	Method     AdoptionMethod `json:"method"`
	// Revision, when set, is the revision the chair means to put to
	// adoption: refused unless it is the latest circulated one, so that
	// nobody adopts a text they did not see last.
	Revision int `json:"revision,omitempty"`
	// Deadline of a silence; zero means the default period from now.
	Deadline time.Time `json:"deadline,omitzero"`
	// Draft and Texts are the draft's state and the revision's texts,
	// read by the caller from the drafting store: circulated revisions
	// never change, so the store keeps Texts with the procedure and
	// freezes them when the text is adopted.
	Draft AdoptionDraft `json:"-"`
	Texts []AdoptedText `json:"-"`
}

// AdoptionDraft is what the adoption rules need to know of a draft: its
// latest circulated revision, whether the working text changed since, and
// the state of every segment's text in each language of that revision. The
// caller reads it from the draft; the store checks it under its rules.
type AdoptionDraft struct {
	Revision int    `json:"revision"`
	SHA256   string `json:"sha256"`
	// Changed: the draft was edited after Revision was circulated.
	Changed  bool              `json:"changed"`
	Segments []AdoptionSegment `json:"segments"`
}

// AdoptionSegment is one segment's text state by language ("draft",
// "translated", "verified", "final", or "needs_review" for a text whose
// drafting-language original changed since it was checked).
type AdoptionSegment struct {
	ID     string            `json:"id"`
	States map[string]string `json:"states"`
}

// AdoptedText is the text of the revision put to adoption in one language,
// as the draft renders it: what the document's versions become if adopted.
type AdoptedText struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// AdoptionClose closes the open procedure of a document.
type AdoptionClose struct {
	DocumentID int64 `json:"document_id"`
	// Result is what the chair declares: adopted (in session), not
	// adopted, or withdrawn. Empty lets the rules decide from the
	// positions.
	Result AdoptionResult `json:"result,omitempty"`
	Note   string         `json:"note,omitempty"`
}

// AdoptionService keeps adoption procedures. Adoption freezes the draft's
// adopted revision as the document's versions in the transaction that
// records the result.
type AdoptionService interface {
	OpenAdoption(ctx context.Context, req *AdoptionRequest) (*Adoption, error)
	// RecordPosition records a state's position in the open procedure; an
	// objection under silence closes it, not adopted.
	RecordPosition(ctx context.Context, documentID int64, p *AdoptionPosition) (*Adoption, error)
	CloseAdoption(ctx context.Context, c *AdoptionClose) (*Adoption, error)
	// FindAdoption returns the document's latest procedure. A silence
	// whose deadline passed without objection is settled, adopted at the
	// deadline, before it is returned.
	FindAdoption(ctx context.Context, documentID int64) (*Adoption, error)
	// ListAdoptions returns every procedure of a document, oldest first.
	ListAdoptions(ctx context.Context, documentID int64) ([]*Adoption, error)
}
