// Package textsearch is the language rule engine of Accord's full-text
// search: it turns a text into the terms an index stores and a reader's
// query into the terms to look for, and marks the matches in a snippet. It
// does no I/O; the stores (SQLite FTS5, PostgreSQL tsvector) index the
// terms it makes, so that both engines find the same records.
//
// Russian and English words are reduced to their Snowball stems in Go, so
// that "прокуроров" and "прокурор" are one term whatever the engine.
// Chinese has no spaces between words, so a run of Han characters is
// indexed as its overlapping bigrams followed by its last character alone:
// "最高人民检察院" is "最高 高人 人民 民检 检察 察院 院". A query of two
// characters or more is then the phrase of its bigrams, and a query of one
// character a prefix: every substring is found through the index. A trigram
// index (SQLite's trigram tokenizer, pg_trgm) cannot do that: "检察" is two
// characters, which SQLite's trigram MATCH never finds and pg_trgm answers
// only by reading the whole index.
package textsearch

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Limits of a query: longer ones are refused rather than cut, so that a
// reader never gets results for a query other than the one typed.
const (
	MaxQueryRunes = 256
	MaxTerms      = 32
)

// Errors of Parse, which callers turn into a coded error on the field q.
var (
	ErrTooLong = errors.New("the query is longer than 256 characters")
	ErrNoWords = errors.New("the query has no word to look for")
	ErrTooMany = errors.New("the query has more than 32 words")
	ErrNotUTF8 = errors.New("the query is not valid UTF-8")
)

// Token is a term of a text, with where its word stands in the text.
type Token struct {
	Term       string
	Start, End int // byte offsets of the word (for Han, of the characters the term covers)
	Han        bool
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isHan(r)
}

// fold lowers a word and writes ё as е, as Russian texts mostly do.
func fold(w string) string {
	return strings.ReplaceAll(strings.ToLower(w), "ё", "е")
}

// Stem reduces a lowered word to its stem: Russian for a word with Cyrillic
// letters, English for one in Latin letters, and the word itself otherwise
// (numbers, other scripts).
func Stem(w string) string {
	w = fold(w)
	cyr, lat := false, false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr = true
		case unicode.Is(unicode.Latin, r):
			lat = true
		}
	}
	switch {
	case cyr && !lat:
		if s := russian.Stem(w, true); s != "" {
			return s
		}
	case lat && !cyr:
		if s := english.Stem(w, true); s != "" {
			return s
		}
	}
	return w
}

// Tokens splits text into its terms, in order.
func Tokens(text string) []Token {
	var out []Token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isHan(r):
			j := i
			var starts []int
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !isHan(r2) {
					break
				}
				starts = append(starts, j)
				j += n2
			}
			starts = append(starts, j)
			for k := 0; k+2 < len(starts); k++ {
				out = append(out, Token{Term: text[starts[k]:starts[k+2]], Start: starts[k], End: starts[k+2], Han: true})
			}
			last := len(starts) - 2
			out = append(out, Token{Term: text[starts[last]:starts[last+1]], Start: starts[last], End: starts[last+1], Han: true})
			i = j
		case isWordRune(r):
			j := i
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r2) {
					break
				}
				j += n2
			}
			if s := Stem(text[i:j]); s != "" {
				out = append(out, Token{Term: s, Start: i, End: j})
			}
			i = j
		default:
			i += n
		}
	}
	return out
}

// Terms is what an index stores of text: its terms separated by spaces.
func Terms(text string) string {
	ts := Tokens(text)
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Term
	}
	return strings.Join(parts, " ")
}

// Group is one word of a query: a phrase of terms that must stand side by
// side (a Han run's bigrams), or a single term; Prefix is set for a query
// of one Han character, which matches the terms it begins.
type Group struct {
	Terms  []string
	Prefix bool
	// Han is the run of Han characters as typed, which Highlight looks
	// for as a substring.
	Han string
}

// Query is a parsed query: every group must match.
type Query struct {
	Groups []Group
}

// operators are the words that search syntaxes use as operators; a query
// of nothing else has nothing to look for.
var operators = map[string]bool{"AND": true, "OR": true, "NOT": true, "NEAR": true}

// Parse reads a reader's query. Punctuation and operators are not syntax
// here, every word must match, so a query cannot be malformed, only empty.
func Parse(q string) (Query, error) {
	if !utf8.ValidString(q) {
		return Query{}, ErrNotUTF8
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Query{}, ErrTooLong
	}
	var query Query
	seen := map[string]bool{}
	terms := 0
	add := func(g Group) error {
		key := strings.Join(g.Terms, " ")
		if g.Prefix {
			key += "*"
		}
		if seen[key] {
			return nil
		}
		seen[key] = true
		terms += len(g.Terms)
		if terms > MaxTerms {
			return ErrTooMany
		}
		query.Groups = append(query.Groups, g)
		return nil
	}
	i := 0
	for i < len(q) {
		r, n := utf8.DecodeRuneInString(q[i:])
		switch {
		case isHan(r):
			j := i
			for j < len(q) {
				r2, n2 := utf8.DecodeRuneInString(q[j:])
				if !isHan(r2) {
					break
				}
				j += n2
			}
			run := q[i:j]
			g := Group{Han: run}
			if utf8.RuneCountInString(run) == 1 {
				g.Terms, g.Prefix = []string{run}, true
			} else {
				for _, t := range Tokens(run) {
					if utf8.RuneCountInString(t.Term) == 2 {
						g.Terms = append(g.Terms, t.Term)
					}
				}
			}
			if err := add(g); err != nil {
				return Query{}, err
			}
			i = j
		case isWordRune(r):
			j := i
			for j < len(q) {
				r2, n2 := utf8.DecodeRuneInString(q[j:])
				if !isWordRune(r2) {
					break
				}
				j += n2
			}
			w := q[i:j]
			i = j
			if operators[w] {
				continue
			}
			if err := add(Group{Terms: []string{Stem(w)}}); err != nil {
				return Query{}, err
			}
		default:
			i += n
		}
	}
	if len(query.Groups) == 0 {
		return Query{}, ErrNoWords
	}
	return query, nil
}

// FTS5 is the query in SQLite FTS5's syntax: each group a quoted phrase,
// all of them required. Terms hold only letters and digits, and quotes are
// doubled all the same, so no reader's text is ever FTS5 syntax.
func (q Query) FTS5() string {
	parts := make([]string, len(q.Groups))
	for i, g := range q.Groups {
		p := `"` + strings.ReplaceAll(strings.Join(g.Terms, " "), `"`, `""`) + `"`
		if g.Prefix {
			p += "*"
		}
		parts[i] = p
	}
	return strings.Join(parts, " AND ")
}

// TSQuery is the query in PostgreSQL's to_tsquery syntax, for the simple
// configuration: phrases with <->, a prefix with :*, groups joined by &.
func (q Query) TSQuery() string {
	quote := func(t string) string {
		return `'` + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), `'`, `''`) + `'`
	}
	parts := make([]string, len(q.Groups))
	for i, g := range q.Groups {
		ts := make([]string, len(g.Terms))
		for k, t := range g.Terms {
			ts[k] = quote(t)
		}
		p := strings.Join(ts, " <-> ")
		if g.Prefix {
			p += ":*"
		}
		if len(ts) > 1 {
			p = "(" + p + ")"
		}
		parts[i] = p
	}
	return strings.Join(parts, " & ")
}
