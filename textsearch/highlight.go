package textsearch

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Segment is a piece of a snippet; Mark is set on the matches. Segments
// are plain text: the page escapes each and wraps the marked ones in
// <mark>, so a text can never smuggle markup into a result.
type Segment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

type span struct{ start, end int }

// matches finds where q matches text: the words whose stem is one of q's
// terms, and the places where one of q's Han runs stands.
func matches(text string, q Query) []span {
	words := map[string]bool{}
	var han []string
	for _, g := range q.Groups {
		if g.Han != "" {
			han = append(han, g.Han)
		} else {
			words[g.Terms[0]] = true
		}
	}
	var out []span
	if len(words) > 0 {
		for _, t := range Tokens(text) {
			if !t.Han && words[t.Term] {
				out = append(out, span{t.Start, t.End})
			}
		}
	}
	for _, h := range han {
		for from := 0; from < len(text); {
			k := strings.Index(text[from:], h)
			if k < 0 {
				break
			}
			out = append(out, span{from + k, from + k + len(h)})
			from += k + len(h)
		}
	}
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	// Overlaps merge, so that no byte is marked twice.
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// Snippet cuts from text a passage of about width characters around its
// first match, with the matches marked, and an ellipsis where it cuts. A
// text without a match (the record matched on another field) gives its
// beginning.
func Snippet(text string, q Query, width int) []Segment {
	text = strings.Join(strings.Fields(text), " ")
	ms := matches(text, q)
	start := 0
	if len(ms) > 0 && utf8.RuneCountInString(text) > width {
		// A quarter of the passage before the match, started at a word,
		// and the passage full when the match is near the end.
		start = backRunes(text, ms[0].start, width/4)
		if tail := backRunes(text, len(text), width); tail < start {
			start = tail
		}
		if start > 0 && text[start-1] != ' ' {
			if sp := strings.IndexByte(text[start:ms[0].start], ' '); sp >= 0 {
				start += sp + 1
			}
		}
	}
	end := forwardRunes(text, start, width)
	if end < len(text) && text[end] != ' ' {
		if sp := strings.LastIndexByte(text[start:end], ' '); sp > 0 && sp > ms0(ms, start)-start {
			end = start + sp
		}
	}
	var out []Segment
	if start > 0 {
		out = append(out, Segment{Text: "…"})
	}
	at := start
	for _, m := range ms {
		if m.end <= start || m.start >= end {
			continue
		}
		s, e := max(m.start, start), min(m.end, end)
		if s > at {
			out = append(out, Segment{Text: text[at:s]})
		}
		out = append(out, Segment{Text: text[s:e], Mark: true})
		at = e
	}
	if at < end {
		out = append(out, Segment{Text: text[at:end]})
	}
	if end < len(text) {
		out = append(out, Segment{Text: "…"})
	}
	return out
}

func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// ms0 is where the first match at or after start ends, which a cut at a
// word must not fall before.
func ms0(ms []span, start int) int {
	for _, m := range ms {
		if m.end > start {
			return m.end
		}
	}
	return start
}
