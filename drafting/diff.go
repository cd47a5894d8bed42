package drafting

import (
	"slices"

	"github.com/accord-org/accord"
	"github.com/rivo/uniseg"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// ChangeOp says whether a run of text is in both texts, only the new, or
// only the old.
type ChangeOp string

const (
	Equal  ChangeOp = "equal"
	Insert ChangeOp = "insert"
	Delete ChangeOp = "delete"
)

// Change is one run of a diff.
type Change struct {
	Op   ChangeOp `json:"op"`
	Text string   `json:"text"`
}

// MaxDiffTokens bounds the tokens of one text a diff compares, so that a
// diff's cost is bounded; longer texts are compared as a whole.
const MaxDiffTokens = 20000

// Tokens splits text into what a diff of lang compares: the user-perceived
// characters (grapheme clusters) for Chinese, Japanese and Korean, which
// write words without spaces, and UAX #29 words (with the spaces and
// punctuation between them as tokens of their own) for the others.
func Tokens(text, lang string) []string {
	var out []string
	if characterLevel(lang) {
		g := uniseg.NewGraphemes(text)
		for g.Next() {
			out = append(out, g.Str())
		}
		return out
	}
	state := -1
	for len(text) > 0 {
		var w string
		w, text, state = uniseg.FirstWordInString(text, state)
		out = append(out, w)
	}
	return out
}

func characterLevel(lang string) bool {
	base := lang
	for i := range len(lang) {
		if lang[i] == '-' {
			base = lang[:i]
			break
		}
	}
	return base == "zh" || base == "ja" || base == "ko"
}

// tokenRune maps the i-th distinct token to a rune that survives go-diff's
// conversions to strings: never a surrogate, never past U+10FFFF.
func tokenRune(i int) rune {
	if i < 0xD800 {
		return rune(i)
	}
	return rune(i + 0x800)
}

// Diff compares two texts of lang token by token. go-diff works on runes,
// and its semantic cleanup takes every non-ASCII letter for a word
// boundary, so each token becomes one rune, the runes are diffed without
// cleanup and without a deadline (the result must not depend on the
// machine's speed), and the runs are turned back into text.
func Diff(old, new, lang string) []Change {
	a, b := Tokens(old, lang), Tokens(new, lang)
	if len(a) > MaxDiffTokens || len(b) > MaxDiffTokens {
		a, b = []string{old}, []string{new}
	}
	ids := map[string]rune{}
	var table []string
	encode := func(ts []string) []rune {
		rs := make([]rune, len(ts))
		for i, t := range ts {
			r, ok := ids[t]
			if !ok {
				r = tokenRune(len(table))
				ids[t] = r
				table = append(table, t)
			}
			rs[i] = r
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	byRune := make(map[rune]string, len(table))
	for i, t := range table {
		byRune[tokenRune(i)] = t
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	out := []Change{}
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		var text []byte
		for _, r := range d.Text {
			text = append(text, byRune[r]...)
		}
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Insert
		case diffmatchpatch.DiffDelete:
			op = Delete
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += string(text)
			continue
		}
		out = append(out, Change{op, string(text)})
	}
	return out
}

// SegmentStatus says how a segment differs between two revisions.
type SegmentStatus string

const (
	SegmentSame    SegmentStatus = "same"
	SegmentChanged SegmentStatus = "changed"
	SegmentAdded   SegmentStatus = "added"
	SegmentRemoved SegmentStatus = "removed"
)

// SegmentDiff is one segment's diff between two revisions, by language.
type SegmentDiff struct {
	SegmentID int64               `json:"segment_id"`
	Kind      accord.SegmentKind  `json:"kind"`
	Status    SegmentStatus       `json:"status"`
	Texts     map[string][]Change `json:"texts"`
}

// DiffRevisions compares revision old with revision new segment by
// segment, in new's order with the segments old had and new lacks after
// the one they followed.
func DiffRevisions(old, new *accord.DraftRevision) []SegmentDiff {
	langs := slices.Clone(new.Languages)
	for _, l := range old.Languages {
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	texts := func(a, b *accord.RevisionSegment) (map[string][]Change, bool) {
		out, same := map[string][]Change{}, true
		for _, l := range langs {
			var x, y string
			if a != nil {
				x = a.Texts[l].Text
			}
			if b != nil {
				y = b.Texts[l].Text
			}
			if x != y {
				same = false
			}
			out[l] = Diff(x, y, l)
		}
		return out, same
	}
	var out []SegmentDiff
	removed := func(after int) {
		// old's segments between its (after)th and the next it shares with
		// new, that new no longer has.
		for i := after + 1; i < len(old.Segments) && new.Segment(old.Segments[i].ID) == nil; i++ {
			s := old.Segments[i]
			t, _ := texts(s, nil)
			out = append(out, SegmentDiff{s.ID, s.Kind, SegmentRemoved, t})
		}
	}
	removed(-1)
	for _, s := range new.Segments {
		o := old.Segment(s.ID)
		t, same := texts(o, s)
		st := SegmentChanged
		switch {
		case o == nil:
			st = SegmentAdded
		case same && o.Kind == s.Kind:
			st = SegmentSame
		}
		out = append(out, SegmentDiff{s.ID, s.Kind, st, t})
		if o != nil {
			removed(slices.Index(old.Segments, o))
		}
	}
	return out
}

// DiffAmendment compares an amendment with the text of its segment in seg
// (the revision it was made against, or the working text), by language.
func DiffAmendment(seg map[string]string, a *accord.Amendment) map[string][]Change {
	out := map[string][]Change{}
	switch a.Op {
	case accord.AmendDelete:
		for l, t := range seg {
			out[l] = Diff(t, "", l)
		}
	case accord.AmendInsertAfter:
		for l, t := range a.Texts {
			out[l] = Diff("", t, l)
		}
	default:
		for l, t := range a.Texts {
			out[l] = Diff(seg[l], t, l)
		}
	}
	return out
}
