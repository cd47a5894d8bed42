package sqlstore

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/textsearch"
)

// Full-text search (migration 0024_search). Each kind of record that search
// covers is a searchSource: how its entries are read from the records, and
// which of them a reader may read. Writers keep the index in the
// transaction that changes a record (indexDocumentVersion, indexMeeting,
// indexAgendaItem), so a search never sees a record without its entries
// or the other way round. A new kind (press releases) adds a source and
// calls reindex where its records are written.

// searchEntry is one row of search_entries: a record in one language.
type searchEntry struct {
	kind                accord.SearchKind
	recordID, meetingID int64
	documentID          int64 // 0 for the public kinds
	lang                string
	revision            int
	title, body         string
}

// searchSource is a kind of record that full-text search covers.
type searchSource struct {
	kind accord.SearchKind
	// entries reads the entries of the record id, one per language; none
	// when the record is gone.
	entries func(t *txn, id int64) ([]searchEntry, error)
	// ids lists every record of the kind, for a rebuild.
	ids string
	// readable is the policy's reading rule for the entries s of the
	// kind, as a condition that may use the documents d joined on
	// s.document_id; it adds its arguments to args.
	readable func(r accord.DocumentReaders, args *[]any) string
}

// searchSources are the kinds search covers, in the order a rebuild
// indexes them.
var searchSources = []searchSource{
	{
		kind:    accord.SearchDocument,
		entries: documentEntries,
		ids:     `SELECT id FROM documents ORDER BY id`,
		// The same rule as every document list (readableBy), read from
		// the live documents row, so that a document reclassified is
		// searched as it now stands.
		readable: func(r accord.DocumentReaders, args *[]any) string { return readableBy(r, args) },
	},
	{
		kind:    accord.SearchMeeting,
		entries: meetingEntries,
		ids:     `SELECT id FROM meetings ORDER BY id`,
		// Meetings and their agendas are public (accord.Authorize):
		// TestSearchNeverLeaks checks the two agree.
		readable: func(accord.DocumentReaders, *[]any) string { return `1 = 1` },
	},
	{
		kind:     accord.SearchAgendaItem,
		entries:  agendaEntries,
		ids:      `SELECT id FROM agenda_items ORDER BY id`,
		readable: func(accord.DocumentReaders, *[]any) string { return `1 = 1` },
	},
}

func sourceOf(kind accord.SearchKind) *searchSource {
	for i := range searchSources {
		if searchSources[i].kind == kind {
			return &searchSources[i]
		}
	}
	panic("sqlstore: no search source for " + string(kind))
}

// documentEntries are a document's latest version in each language.
func documentEntries(t *txn, id int64) ([]searchEntry, error) {
	return all(t, func(r scanner) (e searchEntry, err error) {
		e.kind, e.recordID, e.documentID = accord.SearchDocument, id, id
		return e, r.Scan(&e.lang, &e.revision, &e.title, &e.body)
	}, `SELECT v.lang, v.revision, v.title, v.body FROM document_versions v
		WHERE v.document_id = $1 AND v.revision = (SELECT MAX(w.revision) FROM document_versions w
			WHERE w.document_id = v.document_id AND w.lang = v.lang)
		ORDER BY v.lang`, id)
}

// meetingEntries are a meeting's theme (the title) with its city and
// venue, in each language any of them has.
func meetingEntries(t *txn, id int64) ([]searchEntry, error) {
	ms, err := all(t, scanMeeting, selectMeeting+` WHERE id = $1`, id)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	m := ms[0]
	var out []searchEntry
	for _, lang := range languagesOf(m.Theme, m.City, m.Venue) {
		place := strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{m.City[lang], m.Venue[lang]}, func(s string) bool { return s == "" }), ", "))
		out = append(out, searchEntry{kind: accord.SearchMeeting, recordID: id, meetingID: id, lang: lang, title: m.Theme[lang], body: place})
	}
	return out, nil
}

// agendaEntries are an agenda item's title in each of its languages.
func agendaEntries(t *txn, id int64) ([]searchEntry, error) {
	items, err := all(t, scanAgendaItem, selectAgenda+` WHERE a.id = $1`, id)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	a := items[0]
	var out []searchEntry
	for _, lang := range a.Title.Languages() {
		if a.Title[lang] != "" {
			out = append(out, searchEntry{kind: accord.SearchAgendaItem, recordID: id, meetingID: a.MeetingID, lang: lang, title: a.Title[lang]})
		}
	}
	return out, nil
}

func languagesOf(texts ...accord.Text) []string {
	var langs []string
	for _, t := range texts {
		for l, s := range t {
			if s != "" && !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
	}
	slices.Sort(langs)
	return langs
}

// reindex replaces the entries of one record with what it holds now.
func (t *txn) reindex(kind accord.SearchKind, id int64) error {
	es, err := sourceOf(kind).entries(t, id)
	if err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM search_entries WHERE kind = $1 AND record_id = $2`, kind, id); err != nil {
		return err
	}
	return t.insertEntries(es)
}

func (t *txn) insertEntries(es []searchEntry) error {
	for _, e := range es {
		var doc, meeting any
		if e.documentID != 0 {
			doc = e.documentID
		}
		if e.meetingID != 0 {
			meeting = e.meetingID
		}
		if err := t.exec(`INSERT INTO search_entries (kind, record_id, lang, document_id, meeting_id, revision, title, body, title_terms, body_terms)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			e.kind, e.recordID, e.lang, doc, meeting, e.revision, e.title, e.body, textsearch.Terms(e.title), textsearch.Terms(e.body)); err != nil {
			return err
		}
	}
	return nil
}

// unindex removes a record's entries, when the record is deleted.
func (t *txn) unindex(kind accord.SearchKind, id int64) error {
	return t.exec(`DELETE FROM search_entries WHERE kind = $1 AND record_id = $2`, kind, id)
}

// RebuildSearch indexes every record again, in one transaction. Migrate
// runs it when it creates the index, so that an archive stored before is
// found; it is bookkeeping, not a change of any record, so it is not
// audited.
func (db *DB) RebuildSearch(ctx context.Context) error {
	return db.bookkeep(ctx, "rebuild search", func(t *txn) error {
		if err := t.exec(`DELETE FROM search_entries`); err != nil {
			return err
		}
		for _, s := range searchSources {
			ids, err := all(t, func(r scanner) (id int64, err error) { return id, r.Scan(&id) }, s.ids)
			if err != nil {
				return err
			}
			for _, id := range ids {
				es, err := s.entries(t, id)
				if err != nil {
					return err
				}
				if err := t.insertEntries(es); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// maxSearchLimit bounds a page of results.
const maxSearchLimit = 100

// snippetWidth is how many characters of a record's text a result shows.
const snippetWidth = 220

// Search ranks the entries that match q among those the reader may read:
// the reading rule is a condition of the query that counts and ranks, so
// that neither the total nor a page tells of a document the reader may not
// read.
func (db *DB) Search(ctx context.Context, q accord.SearchQuery) (*accord.SearchResults, error) {
	query, err := parseSearch(q.Text)
	if err != nil {
		return nil, accord.Wrap("search", err)
	}
	return fetch(ctx, db, "search", func(t *txn) (*accord.SearchResults, error) {
		if err := t.searchPlanner(); err != nil {
			return nil, err
		}
		count, page, args, pageArgs := t.searchQueries(query, q)
		res := &accord.SearchResults{Hits: []*accord.SearchHit{}}
		total := -1
		hits, err := all(t, func(r scanner) (*accord.SearchHit, error) {
			var h accord.SearchHit
			var body string
			err := r.Scan(&h.Kind, &h.RecordID, &h.MeetingID, &h.Lang, &h.Revision, &h.Title, &body,
				&h.Reference, &h.Organization, &h.Body, &h.Number, &total)
			h.Snippet = snippet(body, h.Title, query)
			return &h, err
		}, page, pageArgs...)
		if err != nil {
			return nil, err
		}
		if total < 0 {
			// A page past the end has no row to carry the total.
			if err := t.queryRow(count, args...).Scan(&total); err != nil {
				return nil, err
			}
		}
		res.Total, res.More = min(total, db.searchCap()), total > db.searchCap()
		res.Hits = hits
		return res, nil
	})
}

// ExplainSearch returns the engine's plans of the two queries of a
// search, for accord-bench to print beside its timings.
func (db *DB) ExplainSearch(ctx context.Context, q accord.SearchQuery) (string, error) {
	query, err := parseSearch(q.Text)
	if err != nil {
		return "", accord.Wrap("explain search", err)
	}
	return fetch(ctx, db, "explain search", func(t *txn) (string, error) {
		if err := t.searchPlanner(); err != nil {
			return "", err
		}
		count, page, args, pageArgs := t.searchQueries(query, q)
		explain := `EXPLAIN QUERY PLAN `
		if t.db.dialect == Postgres {
			explain = `EXPLAIN (ANALYZE, BUFFERS) `
		}
		var b strings.Builder
		for _, x := range []struct {
			sql  string
			args []any
		}{{count, args}, {page, pageArgs}} {
			plan, err := t.plan(explain+x.sql, x.args...)
			if err != nil {
				return "", err
			}
			b.WriteString(plan)
			b.WriteString("--\n")
		}
		return b.String(), nil
	})
}

// searchPlanner tells PostgreSQL's planner, for the rest of the search's
// transaction, that a page of the index's table costs about as much read
// at random as in sequence (random_page_cost 1.1 against the default 4).
// With the default, a common word (a quarter of the entries) was a
// sequential scan that tests @@ on every entry, priced as nearly free,
// rather than the GIN index and a visit of only the matching entries,
// priced as random reads of most of the table's pages: 3 times slower on
// 10,000 documents. The entries of an archive that is searched stay in
// the server's memory, where the two kinds of read do cost the same;
// SET LOCAL ends with the transaction, so no other query's plan changes.
func (t *txn) searchPlanner() error {
	if t.db.dialect != Postgres {
		return nil
	}
	if err := t.exec(`SET LOCAL random_page_cost = 1.1`); err != nil {
		return err
	}
	// A prepared search (the statement cache) turns to a generic plan
	// after five runs, one that cannot see how common the words are:
	// the newest-first walk that stops at the cap needs the custom plan.
	return t.exec(`SET LOCAL plan_cache_mode = force_custom_plan`)
}

// searchQueries are the count and the page of a search, with their
// arguments. The count stops at MaxSearchTotal+1 matches the reader may
// read; the page reads whole only the rows it shows.
func (t *txn) searchQueries(query textsearch.Query, q accord.SearchQuery) (count, page string, args, pageArgs []any) {
	limit := q.Limit
	if limit <= 0 || limit > maxSearchLimit {
		limit = maxSearchLimit
	}
	m := t.searchMatch(query)
	args = []any{m.arg}
	var readable []string
	for _, s := range searchSources {
		readable = append(readable, `(s.kind = '`+string(s.kind)+`' AND `+s.readable(q.Readers, &args)+`)`)
	}
	rule := `(` + strings.Join(readable, ` OR `) + `)`
	count = `SELECT COUNT(*) FROM (SELECT 1 FROM ` + m.from + ` WHERE ` + m.match + ` AND ` + rule +
		` LIMIT ` + strconv.Itoa(t.db.searchCap()+1) + `) counted`
	pageArgs = slices.Clone(args)
	bounds := placeholders(&pageArgs, []int{limit}) + ` OFFSET ` + placeholders(&pageArgs, []int{max(q.Offset, 0)})
	// Only the newest cap readable matches are ranked (the product's
	// rule, in README "Search"): an engine gives the matches in the
	// order of their ids for little, and stops at cap+1, where ranking
	// every match meant reading all of them, 7,000 to 10,000 for a
	// common word at 10,000 documents (PostgreSQL: a visit of 4,750 heap
	// pages for ts_rank, 3 times slower than stopping). A query with at
	// most cap matches is ranked whole, as before. The candidates are
	// chosen after the reading rule, so a reader's cap is of what they
	// may read, and cap+1 of them tell More without a second count.
	c := strconv.Itoa(t.db.searchCap())
	candidates := `SELECT ` + m.id + ` AS id, ` + m.rank + ` AS rank FROM ` + m.ranked + ` WHERE ` + m.rankedMatch + ` AND ` + rule +
		` ORDER BY ` + m.id + ` DESC LIMIT ` + c + ` + 1`
	top := `SELECT id, rank, total FROM (SELECT id, rank, COUNT(*) OVER () AS total, ROW_NUMBER() OVER (ORDER BY id DESC) AS n FROM (` +
		candidates + `) candidates) numbered WHERE n <= ` + c
	page = `SELECT s.kind, s.record_id, COALESCE(s.meeting_id, 0), s.lang, s.revision, s.title, s.body,
			COALESCE(d.reference, ''), COALESCE(m.organization, ''), COALESCE(m.body, ''), COALESCE(m.number, 0), top.total
		FROM (` + top + ` ORDER BY rank, id LIMIT ` + bounds + `) top
		CROSS JOIN search_entries s LEFT JOIN documents d ON d.id = s.document_id LEFT JOIN meetings m ON m.id = s.meeting_id
		WHERE s.id = top.id ORDER BY top.rank, s.id`
	return count, page, args, pageArgs
}

// searchSQL is how an engine matches a query ($1, arg). from and match
// are what the count reads; ranked, rankedMatch, id and rank what the
// page reads: the candidates, which the page takes newest (highest id)
// first. Both join the search entries s and the documents d, which the
// reading rule reads.
type searchSQL struct {
	arg                           any
	from, match                   string
	ranked, rankedMatch, id, rank string
}

func (t *txn) searchMatch(q textsearch.Query) searchSQL {
	if t.db.dialect == Postgres {
		// Newest first, a common word is a backward walk of the primary
		// key that stops at the cap (EXPLAIN: Index Scan Backward using
		// search_entries_pkey, 1,415 rows read for 1,001 readable); a
		// rare one stays the GIN bitmap scan. ts_rank is computed above
		// the limit's input, so only for the candidates.
		from := `search_entries s CROSS JOIN to_tsquery('simple'::regconfig, $1) query LEFT JOIN documents d ON d.id = s.document_id`
		return searchSQL{arg: q.TSQuery(), from: from, match: `s.tsv @@ query`,
			ranked: from, rankedMatch: `s.tsv @@ query`, id: `s.id`, rank: `-ts_rank(s.tsv, query)`}
	}
	// CROSS JOIN keeps the FTS table outermost: with a plain JOIN SQLite
	// may walk search_entries and run the MATCH once for each row, which
	// took seconds at 30,000 versions. Each match is then read from the
	// narrow index search_entries_reading (migration 0034), not from its
	// wide row; without statistics (no ANALYZE) SQLite prefers the rowid,
	// hence INDEXED BY, which also fails loudly if the index is missing.
	reading := `CROSS JOIN search_entries s INDEXED BY search_entries_reading ON s.id = `
	documents := ` LEFT JOIN documents d ON d.id = s.document_id`
	// The FTS table gives its matches newest first (rowid DESC), with
	// bm25 (which reads only the index) for each, and the reading rule
	// is applied in that order, so the candidates stop at the cap: the
	// subquery's LIMIT -1 (no limit) keeps SQLite from flattening it
	// into the join, and its ORDER BY is then the outer one.
	ranked := `(SELECT rowid AS id, bm25(search_fts, 4.0, 1.0) AS rank FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT -1) f ` +
		reading + `f.id` + documents
	return searchSQL{arg: q.FTS5(), from: `search_fts ` + reading + `search_fts.rowid` + documents, match: `search_fts MATCH $1`,
		ranked: ranked, rankedMatch: `1 = 1`, id: `f.id`, rank: `f.rank`}
}

// snippet is the passage of body around its first match, or of the title
// when only the title matched (a meeting's theme, an agenda item).
func snippet(body, title string, q textsearch.Query) []accord.SnippetPart {
	segs := textsearch.Snippet(body, q, snippetWidth)
	if !slices.ContainsFunc(segs, func(s textsearch.Segment) bool { return s.Mark }) && title != "" {
		if t := textsearch.Snippet(title, q, snippetWidth); body == "" || slices.ContainsFunc(t, func(s textsearch.Segment) bool { return s.Mark }) {
			segs = t
		}
	}
	parts := make([]accord.SnippetPart, len(segs))
	for i, s := range segs {
		parts[i] = accord.SnippetPart{Text: s.Text, Mark: s.Mark}
	}
	return parts
}

// parseSearch reads a reader's query, refusing (EINVALID on q) one too
// long or with no word in it.
func parseSearch(text string) (textsearch.Query, error) {
	q, err := textsearch.Parse(text)
	switch {
	case err == nil:
		return q, nil
	case errors.Is(err, textsearch.ErrTooLong):
		return q, accord.Invalid("q", "search for %d characters at most", accord.MaxSearchRunes)
	case errors.Is(err, textsearch.ErrTooMany):
		return q, accord.Invalid("q", "search for %d words at most", textsearch.MaxTerms)
	case errors.Is(err, textsearch.ErrNotUTF8):
		return q, accord.Invalid("q", "is not valid UTF-8")
	}
	return q, accord.Invalid("q", "enter a word to search for: operators and punctuation alone find nothing")
}

// SetSearchCap replaces accord.MaxSearchTotal, the most matches a search
// counts and ranks, for this DB: tests of the capped wording use a small
// one instead of seeding a thousand documents. Call it before serving.
func (db *DB) SetSearchCap(n int) { db.searchLimit = n }

func (db *DB) searchCap() int {
	if db.searchLimit > 0 {
		return db.searchLimit
	}
	return accord.MaxSearchTotal
}
