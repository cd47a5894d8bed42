package drafting

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accord-org/accord"
)

// AdoptionRules are the periods of a silence procedure.
type AdoptionRules struct {
	// Silence is the period a silence runs when the chair names no
	// deadline; MinSilence and MaxSilence bound a deadline the chair
	// names.
	Silence, MinSilence, MaxSilence time.Duration
}

// DefaultAdoptionRules give delegations at least 72 hours to consult their
// capitals, as UN General Assembly decision 74/544 did for its silence
// procedure, and run a silence no longer than a month.
var DefaultAdoptionRules = AdoptionRules{Silence: 72 * time.Hour, MinSilence: 72 * time.Hour, MaxSilence: 30 * 24 * time.Hour}

// SegmentFinal is the state a segment's text must reach in every authentic
// language before the draft is adopted.
const SegmentFinal = "final"

// Limits on what a delegation or the chair writes into a procedure.
const (
	maxPositionText = 10000
	maxCloseNote    = 2000
)

// OpenAdoption checks that the draft may be put to adoption and returns the
// new procedure. members are the states whose position counts; existing are
// the document's earlier procedures, settled at now.
func (r AdoptionRules) OpenAdoption(req *accord.AdoptionRequest, d accord.AdoptionDraft, authentic, members []string, existing []*accord.Adoption, now time.Time) (*accord.Adoption, error) {
	if !slices.Contains(accord.AdoptionMethods, req.Method) {
		return nil, accord.Invalid("method", "%q is not an adoption method: use in_session or silence", req.Method)
	}
	for _, e := range existing {
		switch {
		case e.Open():
			return nil, accord.Conflict("document_id", "an adoption procedure (%s, revision %d) is open already; close it first", e.Method, e.Revision)
		case e.Result == accord.Adopted:
			return nil, accord.Conflict("document_id", "the document was adopted already, at revision %d", e.Revision)
		}
	}
	switch {
	case d.Revision < 1:
		return nil, accord.Invalid("revision", "the draft has no circulated revision: circulate the final revision first")
	case req.Revision != 0 && req.Revision != d.Revision:
		return nil, accord.Invalid("revision", "revision %d is not the latest circulated revision, %d", req.Revision, d.Revision)
	case d.Changed:
		return nil, accord.Invalid("revision", "the draft changed after revision %d was circulated: circulate the final revision first", d.Revision)
	case len(d.Segments) == 0:
		return nil, accord.Invalid("segments", "the draft has no segments")
	}
	if len(authentic) == 0 {
		return nil, accord.Invalid("document_id", "the organization names no authentic language")
	}
	for _, s := range d.Segments {
		for _, l := range authentic {
			field := "segments." + s.ID + ".texts." + l
			switch st := s.States[l]; st {
			case SegmentFinal:
			case "":
				return nil, accord.Invalid(field, "segment %s has no %s text; adoption needs every segment final in every authentic language", s.ID, l)
			default:
				return nil, accord.Invalid(field+".state", "segment %s is %s in %s, not final; adoption needs every segment final in every authentic language", s.ID, st, l)
			}
		}
	}
	if len(members) == 0 {
		return nil, accord.Invalid("document_id", "the organization had no members on the meeting's first day")
	}
	a := &accord.Adoption{DocumentID: req.DocumentID, Method: req.Method, Revision: d.Revision, RevisionSHA256: d.SHA256,
		Members: slices.Sorted(slices.Values(members)), OpenedAt: now, Positions: []accord.AdoptionPosition{}}
	a.Members = slices.Compact(a.Members)
	switch {
	case req.Method == accord.AdoptInSession && !req.Deadline.IsZero():
		return nil, accord.Invalid("deadline", "only a silence procedure has a deadline")
	case req.Method == accord.AdoptInSession:
	case req.Deadline.IsZero():
		a.Deadline = now.Add(r.Silence)
	case req.Deadline.Before(now.Add(r.MinSilence)):
		return nil, accord.Invalid("deadline", "must be at least %s after the procedure opens, as the delegations need time to consult", hours(r.MinSilence))
	case req.Deadline.After(now.Add(r.MaxSilence)):
		return nil, accord.Invalid("deadline", "must be at most %s after the procedure opens", hours(r.MaxSilence))
	default:
		a.Deadline = req.Deadline
	}
	return a, nil
}

func hours(d time.Duration) string { return fmt.Sprintf("%d hours", int(d.Hours())) }

// SettleAdoption ends a silence whose deadline has come without objection:
// the text is adopted at the deadline, whenever this runs after it. It
// reports whether it changed a.
func SettleAdoption(a *accord.Adoption, now time.Time) bool {
	if !a.Open() || a.Method != accord.AdoptSilence || now.Before(a.Deadline) {
		return false
	}
	a.Result, a.ClosedAt = accord.Adopted, a.Deadline
	return true
}

// closed is the error for a change to a procedure that has its result.
func closed(a *accord.Adoption) error {
	return accord.Conflict("document_id", "the adoption procedure ended on %s: %s", a.ClosedAt.UTC().Format(time.RFC3339), a.Result)
}

// RecordPosition records (or replaces) a member's position. Under silence
// an objection breaks the silence: the procedure ends, not adopted, and the
// draft goes back to negotiation.
func RecordPosition(a *accord.Adoption, p accord.AdoptionPosition, now time.Time) error {
	if SettleAdoption(a, now) || !a.Open() {
		return closed(a)
	}
	if !slices.Contains(accord.PositionKinds, p.Kind) {
		return accord.Invalid("kind", "%q is not a position: use no_objection, objection, reservation or interpretative_statement", p.Kind)
	}
	if !slices.Contains(a.Members, p.State) {
		return accord.Invalid("state", "%s was not a member state on the meeting's first day, so it takes no position", p.State)
	}
	p.Text = strings.TrimSpace(p.Text)
	switch {
	case p.Kind == accord.NoObjection && p.Text != "":
		return accord.Invalid("text", "no objection carries no text: record a reservation or an interpretative statement to say something")
	case p.Kind != accord.NoObjection && p.Text == "":
		return accord.Invalid("text", "an objection, a reservation or a statement needs its text")
	}
	if err := checkProse("text", p.Text, maxPositionText); err != nil {
		return err
	}
	if p.Lang != "" {
		if err := accord.ValidateLanguageTag("lang", p.Lang); err != nil {
			return err
		}
	}
	p.RecordedAt = now
	if cur := a.PositionOf(p.State); cur != nil {
		*cur = p
	} else {
		a.Positions = append(a.Positions, p)
		slices.SortFunc(a.Positions, func(x, y accord.AdoptionPosition) int { return strings.Compare(x.State, y.State) })
	}
	if a.Method == accord.AdoptSilence && p.Kind == accord.Objection {
		a.Result, a.ClosedAt, a.BrokenBy = accord.NotAdopted, now, p.State
	}
	return nil
}

// checkProse refuses text that is too long or carries control characters
// other than line breaks and tabs.
func checkProse(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return accord.Invalid(field, "is %d characters long; at most %d", n, max)
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
		return accord.Invalid(field, "contains control characters")
	}
	return nil
}

// CloseAdoption records the result the chair declares. In session the chair
// declares the text adopted without objection, which an objection on record
// forbids; a silence ends by itself, and before its deadline the chair may
// only withdraw the text. An empty result lets the positions decide.
func CloseAdoption(a *accord.Adoption, c accord.AdoptionClose, now time.Time) error {
	if SettleAdoption(a, now) || !a.Open() {
		return closed(a)
	}
	c.Note = strings.TrimSpace(c.Note)
	if err := checkProse("note", c.Note, maxCloseNote); err != nil {
		return err
	}
	objector := ""
	for _, p := range a.Positions {
		if p.Kind == accord.Objection {
			objector = p.State
			break
		}
	}
	if c.Result == "" && a.Method == accord.AdoptInSession {
		c.Result = accord.Adopted
		if objector != "" {
			c.Result = accord.NotAdopted
		}
	}
	switch {
	case c.Result == accord.Withdrawn:
	case c.Result != accord.Adopted && c.Result != accord.NotAdopted:
		if c.Result == "" {
			return accord.Invalid("result", "the silence runs until %s; before then the chair may only withdraw the text", a.Deadline.UTC().Format(time.RFC3339))
		}
		return accord.Invalid("result", "%q is not a result: use adopted, not_adopted or withdrawn", c.Result)
	case a.Method == accord.AdoptSilence:
		return accord.Invalid("result", "the silence runs until %s; before then the chair may only withdraw the text", a.Deadline.UTC().Format(time.RFC3339))
	case c.Result == accord.Adopted && objector != "":
		return accord.Invalid("result", "%s objects: the text cannot be declared adopted without objection", objector)
	}
	a.Result, a.ClosedAt, a.Note = c.Result, now, c.Note
	return nil
}

// annexWords are the words of the annex, in the languages whose texts
// Accord knows; other languages get the English.
var annexWords = map[string][3]string{
	"en": {"Annex: reservations and interpretative statements made at the adoption", "reservation", "interpretative statement"},
	"ru": {"Приложение: оговорки и заявления о толковании, сделанные при принятии", "оговорка", "заявление о толковании"},
	"zh": {"附件：通过时提出的保留和解释性声明", "保留", "解释性声明"},
}

// FreezeAdopted turns the adopted texts into the document's new versions,
// each with the annex of the reservations and interpretative statements, so
// that what is signed includes them. names are the states' names by code.
func FreezeAdopted(a *accord.Adoption, texts []accord.AdoptedText, names map[string]accord.Text) ([]accord.DocumentVersion, error) {
	if a.Result != accord.Adopted {
		return nil, accord.Errorf(accord.ECONFLICT, "only an adopted text is frozen, not a %s one", cmp.Or(string(a.Result), "pending"))
	}
	var annex []accord.AdoptionPosition
	for _, p := range a.Positions {
		if p.Kind.Annexed() {
			annex = append(annex, p)
		}
	}
	out := make([]accord.DocumentVersion, 0, len(texts))
	for _, t := range texts {
		body := strings.TrimRight(t.Body, " \t\n")
		if strings.TrimSpace(t.Title) == "" || strings.TrimSpace(body) == "" {
			return nil, accord.Invalid("texts."+t.Lang, "the adopted revision has no title or text in %s", t.Lang)
		}
		if len(annex) > 0 {
			w, ok := annexWords[t.Lang]
			if !ok {
				w = annexWords["en"]
			}
			var b strings.Builder
			b.WriteString(body + "\n\n" + w[0] + "\n")
			for _, p := range annex {
				kind := w[1]
				if p.Kind == accord.InterpretativeStatement {
					kind = w[2]
				}
				name := names[p.State].Get(t.Lang)
				if name == "" {
					name = p.State
				}
				fmt.Fprintf(&b, "\n%s (%s): %s\n", name, kind, p.Text)
			}
			body = b.String()
		}
		v := accord.DocumentVersion{DocumentID: a.DocumentID, Lang: t.Lang, Title: t.Title, Body: body}
		if err := v.Validate(); err != nil {
			return nil, accord.Invalid("texts."+t.Lang, "the adopted revision has no title or text in %s", t.Lang)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, accord.Invalid("texts", "the adopted revision has no text")
	}
	return out, nil
}

// AdoptionOf is what adoption needs of draft d, whose latest circulated
// revision is rev (nil before the first): the state of every text of rev,
// whether the working text changed since, and rev's texts rendered in each
// language, titled by titles (by language; the first heading, else the
// revision's reference, where none is given). d is read, and marked.
func AdoptionOf(d *accord.Draft, rev *accord.DraftRevision, titles map[string]string) (accord.AdoptionDraft, []accord.AdoptedText) {
	var out accord.AdoptionDraft
	if rev == nil {
		return out, nil
	}
	out.Revision, out.SHA256 = rev.Number, rev.SHA256
	out.Changed = Snapshot(d, rev.Number, rev.Reference, rev.CirculatedAt).SHA256 != rev.SHA256
	bodies := map[string]*strings.Builder{}
	counts := map[accord.SegmentKind]int{}
	for _, l := range rev.Languages {
		bodies[l] = &strings.Builder{}
	}
	for _, s := range rev.Segments {
		seg := accord.AdoptionSegment{ID: fmt.Sprint(s.ID), States: map[string]string{}}
		prefix := ""
		if s.Kind == accord.SegmentOperative || s.Kind == accord.SegmentMeasure {
			counts[s.Kind]++
			prefix = fmt.Sprintf("%d. ", counts[s.Kind])
		}
		for l, t := range s.Texts {
			seg.States[l] = string(t.State)
			if t.NeedsReview {
				seg.States[l] = "needs_review"
			}
			b, ok := bodies[l]
			if !ok {
				continue
			}
			if s.Kind == accord.SegmentHeading && titles[l] == "" && b.Len() == 0 {
				if titles == nil {
					titles = map[string]string{}
				}
				titles[l] = t.Text
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(prefix + t.Text)
		}
		out.Segments = append(out.Segments, seg)
	}
	texts := []accord.AdoptedText{}
	for _, l := range rev.Languages {
		texts = append(texts, accord.AdoptedText{Lang: l, Title: cmp.Or(titles[l], rev.Reference), Body: bodies[l].String()})
	}
	return out, texts
}
