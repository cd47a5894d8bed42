package followup

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accord-org/accord"
)

var measureNumber = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.()-]{0,31}$`)

var externalID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$`)

// Paragraphs splits a document's text at blank lines, as documents are
// written; paragraph n is the n-th, from 1.
func Paragraphs(body string) []string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Source is what a measure can point at in its document: the latest
// version's text in each authentic language, and the segments of the
// adopted revision when the document was adopted from a draft.
type Source struct {
	Authentic []string
	Bodies    map[string]string
	Revision  *accord.DraftRevision
}

// Texts returns the measure's text in every authentic language, from the
// segment or the paragraph it points at.
func (s Source) Texts(m *accord.Measure) (accord.Text, error) {
	switch {
	case m.Segment != 0 && m.Paragraph != 0:
		return nil, accord.Invalid("segment", "a measure points at a segment or at a paragraph, not both")
	case m.Segment < 0:
		return nil, accord.Invalid("segment", "%d is not a segment id", m.Segment)
	case m.Paragraph < 0:
		return nil, accord.Invalid("paragraph", "%d is not a paragraph number", m.Paragraph)
	case m.Segment != 0:
		if s.Revision == nil {
			return nil, accord.Invalid("segment", "the document was not adopted from a draft: point at a paragraph")
		}
		seg := s.Revision.Segment(m.Segment)
		if seg == nil {
			return nil, accord.Invalid("segment", "the adopted revision %d has no segment %d", s.Revision.Number, m.Segment)
		}
		out := accord.Text{}
		for _, l := range s.Authentic {
			t, ok := seg.Texts[l]
			if !ok || strings.TrimSpace(t.Text) == "" {
				return nil, accord.Invalid("segment", "segment %d has no %s text", m.Segment, l)
			}
			out[l] = t.Text
		}
		return out, nil
	case m.Paragraph != 0:
		out := accord.Text{}
		for _, l := range s.Authentic {
			ps := Paragraphs(s.Bodies[l])
			if m.Paragraph > len(ps) {
				return nil, accord.Invalid("paragraph", "the %s text has %d paragraphs, not %d", l, len(ps), m.Paragraph)
			}
			out[l] = ps[m.Paragraph-1]
		}
		return out, nil
	}
	return nil, accord.Invalid("paragraph", "a measure points at a segment or at a paragraph of its document")
}

// Prepare checks a new measure and completes it: its texts from src, the
// states it binds (members, the members on the adoption date, unless it
// names some of them), and one obligation per state.
func Prepare(m *accord.Measure, src Source, members []string) error {
	if !measureNumber.MatchString(m.Number) {
		return accord.Invalid("number", "%q is not a measure number such as 1.2", m.Number)
	}
	if m.ExternalID != "" && !externalID.MatchString(m.ExternalID) {
		return accord.Invalid("external_id", "%q is not an external id: up to 64 letters, digits and . _ : / -", m.ExternalID)
	}
	if utf8.RuneCountInString(m.Lead) > accord.MaxMeasureLead {
		return accord.Invalid("lead", "is longer than %d characters", accord.MaxMeasureLead)
	}
	if len(m.Note) > accord.MaxAssessmentText {
		return accord.Invalid("note", "is longer than %d bytes", accord.MaxAssessmentText)
	}
	if !m.Due.IsZero() && !m.Due.Exact() {
		return accord.Invalid("due", "a due date is a day: YYYY-MM-DD")
	}
	texts, err := src.Texts(m)
	if err != nil {
		return err
	}
	m.Texts = texts
	if len(members) == 0 {
		return accord.Invalid("document_id", "the document's meeting had no member states on its date")
	}
	if len(m.States) == 0 {
		m.States, m.Named = slices.Clone(members), false
	} else {
		seen := map[string]bool{}
		for i, s := range m.States {
			field := fmt.Sprintf("states[%d]", i)
			if err := accord.ValidateStateCode(field, s); err != nil {
				return err
			}
			if !slices.Contains(members, s) {
				return accord.Invalid(field, "%s was not a member state on the adoption date", s)
			}
			if seen[s] {
				return accord.Invalid(field, "%s is named twice", s)
			}
			seen[s] = true
		}
		m.Named = true
	}
	slices.Sort(m.States)
	m.Obligations = make([]accord.Obligation, len(m.States))
	for i, s := range m.States {
		m.Obligations[i] = accord.Obligation{State: s}
	}
	return nil
}

// CheckBatch refuses a batch of measures of one document whose numbers or
// external ids repeat each other or the measures stored, naming the index
// of the one at fault.
func CheckBatch(batch, stored []*accord.Measure) error {
	if len(batch)+len(stored) > accord.MaxMeasuresPerDoc {
		return accord.Invalid("measures", "a document has at most %d measures", accord.MaxMeasuresPerDoc)
	}
	numbers, ids := map[string]bool{}, map[string]bool{}
	for _, m := range stored {
		numbers[m.Number] = true
		if m.ExternalID != "" {
			ids[m.ExternalID] = true
		}
	}
	for i, m := range batch {
		if numbers[m.Number] {
			return accord.Conflict(fmt.Sprintf("measures[%d].number", i), "measure %s exists already", m.Number)
		}
		numbers[m.Number] = true
		if m.ExternalID != "" {
			if ids[m.ExternalID] {
				return accord.Conflict(fmt.Sprintf("measures[%d].external_id", i), "external id %s is used already", m.ExternalID)
			}
			ids[m.ExternalID] = true
		}
	}
	return nil
}
