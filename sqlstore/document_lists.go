package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/accord-org/accord"
)

// ListDocumentSummaries pages and filters in SQL, with the policy's
// reading rule as conditions (readable), and loads only what a list
// shows: three queries however large the archive, none of them reading a
// text.
func (db *DB) ListDocumentSummaries(ctx context.Context, f accord.DocumentFilter) ([]*accord.DocumentSummary, error) {
	return fetch(ctx, db, "list document summaries", func(t *txn) ([]*accord.DocumentSummary, error) {
		if f.Query != "" {
			where, args := summaryFilter(f)
			all, err := t.search(f, where, args)
			if err != nil {
				return nil, err
			}
			lo := min(max(f.Offset, 0), len(all))
			hi := len(all)
			if f.Limit > 0 {
				hi = min(lo+f.Limit, len(all))
			}
			return all[lo:hi], nil
		}
		dir := ` DESC`
		if f.OldestFirst {
			dir = ``
		}
		if f.Limit <= 0 {
			where, args := summaryFilter(f)
			return t.summaries(where+` ORDER BY d.id`+dir, args)
		}
		page, args := pageOf(f, dir)
		return t.summaries(`d.id IN (`+page+`) ORDER BY d.id`+dir, args)
	})
}

// CountDocuments counts what ListDocumentSummaries would list without its
// limit, in SQL unless f has a query: one count for each classification
// the reader may read, each over its own index.
func (db *DB) CountDocuments(ctx context.Context, f accord.DocumentFilter) (int, error) {
	return fetch(ctx, db, "count documents", func(t *txn) (int, error) {
		if f.Query != "" {
			where, args := summaryFilter(f)
			all, err := t.search(f, where, args)
			return len(all), err
		}
		query, args := countOf(f)
		var n int
		return n, t.queryRow(query, args...).Scan(&n)
	})
}

// countOf is the query that counts f's documents.
func countOf(f accord.DocumentFilter) (string, []any) {
	from, arms, args := listArms(f)
	counts := make([]string, len(arms))
	for i, a := range arms {
		counts[i] = `SELECT COUNT(*) AS n FROM ` + from + ` WHERE ` + a
	}
	return `SELECT COALESCE(SUM(n), 0) FROM (` + strings.Join(counts, ` UNION ALL `) + `) c`, args
}

// ExplainDocumentList returns the engine's plans of the queries that
// select a page of f and count it (f without a text query, with a
// limit), for the test that the lists' filters use their indexes and for
// accord-bench: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL.
func (db *DB) ExplainDocumentList(ctx context.Context, f accord.DocumentFilter) (page, count string, err error) {
	if f.Query != "" || f.Limit <= 0 {
		return "", "", accord.Errorf(accord.EINVALID, "explain document list: give a limit and no text query")
	}
	dir := ` DESC`
	if f.OldestFirst {
		dir = ``
	}
	pageQuery, pageArgs := pageOf(f, dir)
	countQuery, countArgs := countOf(f)
	explain := `EXPLAIN QUERY PLAN `
	if db.dialect == Postgres {
		explain = `EXPLAIN `
	}
	err = db.read(ctx, "explain document list", func(t *txn) error {
		for _, x := range []struct {
			out   *string
			query string
			args  []any
		}{{&page, pageQuery, pageArgs}, {&count, countQuery, countArgs}} {
			plan, err := t.plan(explain+x.query, x.args...)
			if err != nil {
				return err
			}
			*x.out = plan
		}
		return nil
	})
	return page, count, err
}

// pageOf is the query of the ids of f's page. A page of a reader who may
// read several classifications is the merge of one page of each, each
// read newest first along its own index and stopped at the page's end: a
// single condition with an OR between classifications would have the
// database read every readable document and sort them all.
func pageOf(f accord.DocumentFilter, dir string) (string, []any) {
	from, arms, args := listArms(f)
	key := `d.id`
	if f.Organization != "" {
		key = `o.document_id`
	}
	// Bounds as arguments, so that every page of a filter is one
	// prepared statement.
	limit, offset := placeholders(&args, []int{f.Limit}), placeholders(&args, []int{max(f.Offset, 0)})
	if len(arms) == 1 {
		return fmt.Sprintf(`SELECT %s FROM %s WHERE %s ORDER BY %s%s LIMIT %s OFFSET %s`, key, from, arms[0], key, dir, limit, offset), args
	}
	end := placeholders(&args, []int{max(f.Offset, 0) + f.Limit})
	parts := make([]string, len(arms))
	for i, a := range arms {
		parts[i] = fmt.Sprintf(`SELECT id FROM (SELECT %s AS id FROM %s WHERE %s ORDER BY %s%s LIMIT %s) a%d`, key, from, a, key, dir, end, i)
	}
	return fmt.Sprintf(`SELECT id FROM (%s) u ORDER BY id%s LIMIT %s OFFSET %s`, strings.Join(parts, ` UNION ALL `), dir, limit, offset), args
}

// listArms returns what a list of f reads from, and its conditions, one
// for each classification it may show. An organization's list walks that
// organization's links (each document once, by its first link there)
// rather than the whole archive.
func listArms(f accord.DocumentFilter) (from string, arms []string, args []any) {
	from = `documents d`
	common := `1 = 1`
	if f.Organization != "" {
		from = `document_meetings o CROSS JOIN documents d`
		common = `o.organization = ` + placeholders(&args, []string{f.Organization}) + ` AND d.id = o.document_id
			AND NOT EXISTS (SELECT 1 FROM document_meetings o2 WHERE o2.document_id = o.document_id AND o2.organization = o.organization AND o2.meeting_id < o.meeting_id)`
	}
	if f.MeetingID != 0 {
		common += ` AND d.id IN (SELECT document_id FROM document_meetings WHERE meeting_id = ` + placeholders(&args, []int64{f.MeetingID}) + `)`
	}
	plain := f
	plain.Limit, plain.Offset, plain.Organization = 0, 0, ""
	common, args = documentFilter(plain, common, args)
	classes := allClasses
	if len(f.Classifications) > 0 {
		classes = slices.DeleteFunc(slices.Clone(allClasses), func(c accord.Classification) bool { return !slices.Contains(f.Classifications, c) })
	}
	var conds map[accord.Classification]string
	if f.Readers != nil {
		conds = readable(*f.Readers, &args, classes)
	}
	for _, c := range classes {
		cond, ok := conds[c]
		if f.Readers == nil {
			cond, ok = `1 = 1`, true
		}
		if ok {
			arms = append(arms, common+` AND d.classification = '`+string(c)+`' AND `+cond)
		}
	}
	if len(arms) == 0 {
		arms = []string{`1 = 0`}
	}
	return from, arms, args
}

// summaryFilter is f as conditions on documents d, for the queries that
// read every match.
func summaryFilter(f accord.DocumentFilter) (string, []any) {
	where, args := `1 = 1`, []any{}
	if f.MeetingID != 0 {
		where += ` AND d.id IN (SELECT document_id FROM document_meetings WHERE meeting_id = ` + placeholders(&args, []int64{f.MeetingID}) + `)`
	}
	if len(f.Classifications) > 0 {
		where += ` AND d.classification IN (` + placeholders(&args, f.Classifications) + `)`
	}
	plain := f
	plain.Limit, plain.Offset = 0, 0
	where, args = documentFilter(plain, where, args)
	if f.Readers != nil {
		where += ` AND ` + readableBy(*f.Readers, &args)
	}
	return where, args
}

// search returns every match of f's query, newest first unless asked
// otherwise. It folds case with Go's strings.ToLower, which folds Cyrillic
// where SQLite's LOWER does not, so the matches' titles are read (never
// their texts) and filtered here.
//
// When SQL can tell the matches itself, it narrows the documents read to
// them: loading every document's summary to fold its titles here took
// seconds at 100,000 documents, each time a write emptied the cache.
func (t *txn) search(f accord.DocumentFilter, where string, args []any) ([]*accord.DocumentSummary, error) {
	order := ` ORDER BY d.id DESC`
	if f.OldestFirst {
		order = ` ORDER BY d.id`
	}
	if pattern, ok := sqlFoldable(f.Query); ok {
		args = slices.Clone(args)
		ref := placeholders(&args, []string{pattern})
		title := placeholders(&args, []string{pattern})
		where += ` AND (LOWER(d.reference) LIKE ` + ref + ` ESCAPE '\' OR EXISTS (SELECT 1 FROM document_versions v
			WHERE v.document_id = d.id AND LOWER(v.title) LIKE ` + title + ` ESCAPE '\'))`
	}
	all, err := t.summaries(where+order, args)
	if err != nil {
		return nil, err
	}
	needle := strings.ToLower(f.Query)
	return slices.DeleteFunc(all, func(d *accord.DocumentSummary) bool { return !summaryMatches(d, needle) }), nil
}

// sqlFoldable is the LIKE pattern that finds, in SQL, every title and
// reference holding query in any case, when SQL folds case as Go does for
// it: a query of ASCII letters, digits and signs, or of characters that
// have no case (Chinese). SQLite's LOWER folds ASCII alone, so a Cyrillic
// query, whose case only Go folds, is not narrowed in SQL. The pattern
// may find more than Go (any version's title, not only the latest), never
// less; what it finds is matched here again.
func sqlFoldable(query string) (string, bool) {
	needle := strings.ToLower(query)
	for _, r := range needle {
		if r >= utf8.RuneSelf && (unicode.ToUpper(r) != r || unicode.ToLower(r) != r || unicode.ToTitle(r) != r) {
			return "", false
		}
	}
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(needle) + "%", true
}

func summaryMatches(d *accord.DocumentSummary, needle string) bool {
	return strings.Contains(strings.ToLower(d.Reference), needle) ||
		slices.ContainsFunc(d.Titles, func(t accord.DocumentTitle) bool { return strings.Contains(strings.ToLower(t.Title), needle) })
}

// summaries loads the documents that where (with its ORDER and LIMIT)
// selects from documents d, with their latest titles and their links.
func (t *txn) summaries(where string, args []any) ([]*accord.DocumentSummary, error) {
	ds, err := all(t, func(r scanner) (*accord.DocumentSummary, error) {
		d := accord.DocumentSummary{Titles: []accord.DocumentTitle{}, Links: []accord.DocumentLink{}}
		return &d, r.Scan(&d.ID, &d.Reference, &d.Kind, &d.Classification, col(&d.CreatedAt), col(&d.WithdrawnAt), col(&d.EmbargoUntil))
	}, `SELECT d.id, d.reference, d.kind, d.classification, d.created_at, d.withdrawn_at, d.embargo_until FROM documents d WHERE `+where, args...)
	if err != nil || len(ds) == 0 {
		return ds, err
	}
	byID := make(map[int64]*accord.DocumentSummary, len(ds))
	ids := make([]int64, len(ds))
	for i, d := range ds {
		byID[d.ID], ids[i] = d, d.ID
	}
	// The ids as one argument, so that both queries keep one text and
	// stay prepared, whatever the page.
	list, arg := t.idSet(ids)
	type title struct {
		doc int64
		accord.DocumentTitle
	}
	type link struct {
		doc int64
		accord.DocumentLink
	}
	titles, err := all(t, func(r scanner) (x title, err error) {
		return x, r.Scan(&x.doc, &x.Lang, &x.Title)
	}, `SELECT v.document_id, v.lang, v.title FROM document_versions v
		WHERE v.document_id IN (`+list+`) AND v.revision = (SELECT MAX(w.revision) FROM document_versions w
			WHERE w.document_id = v.document_id AND w.lang = v.lang)
		ORDER BY v.document_id, v.lang`, arg)
	if err != nil {
		return nil, err
	}
	links, err := all(t, func(r scanner) (l link, err error) {
		return l, r.Scan(&l.doc, &l.MeetingID, &l.AgendaItemID)
	}, `SELECT document_id, meeting_id, COALESCE(agenda_item_id, 0) FROM document_meetings
		WHERE document_id IN (`+list+`) ORDER BY document_id, meeting_id`, arg)
	if err != nil {
		return nil, err
	}
	for _, x := range titles {
		byID[x.doc].Titles = append(byID[x.doc].Titles, x.DocumentTitle)
	}
	for _, l := range links {
		byID[l.doc].Links = append(byID[l.doc].Links, l.DocumentLink)
	}
	return ds, nil
}

// idSet is a set of ids as a subquery of one argument ($1): a JSON array
// on SQLite, an array on PostgreSQL.
func (t *txn) idSet(ids []int64) (string, any) {
	if t.db.dialect == Postgres {
		return `SELECT unnest(CAST($1 AS BIGINT[]))`, ids
	}
	b, _ := json.Marshal(ids)
	return `SELECT value FROM json_each($1)`, string(b)
}

// authorState is the state the policy takes a document's author to be,
// fixed when the document was written (migration 0009): ” for the
// secretariat or an organ.
const authorState = `d.author_state`

// linkedTo is the condition that document d is linked to a meeting of
// which cond (on the links ll, which carry their meeting's organization)
// holds.
func linkedTo(cond string) string {
	return `EXISTS (SELECT 1 FROM document_meetings ll WHERE ll.document_id = d.id AND (` + cond + `))`
}

// readableBy is the policy's reading rule for documents d as one SQL
// condition, equivalent to accord.Authorize(ActRead) for every reader of
// the class r: see accord.DocumentReaders.
func readableBy(r accord.DocumentReaders, args *[]any) string {
	conds := readable(r, args, allClasses)
	var ors []string
	for _, c := range allClasses {
		if cond, ok := conds[c]; ok {
			ors = append(ors, `(d.classification = '`+string(c)+`' AND `+cond+`)`)
		}
	}
	return `(` + strings.Join(ors, ` OR `) + `)`
}

var allClasses = []accord.Classification{accord.Public, accord.Restricted, accord.Confidential}

// readable is the reading rule by classification: for each of classes
// that r may read any of, the condition a document of it must meet. Only
// those of classes add arguments: PostgreSQL refuses a query with an
// argument it does not use.
func readable(r accord.DocumentReaders, args *[]any, classes []accord.Classification) map[accord.Classification]string {
	conds := readableClasses(r, args, classes)
	maps.DeleteFunc(conds, func(c accord.Classification, _ string) bool { return !slices.Contains(classes, c) })
	if len(conds) == 0 {
		return conds // no argument that nothing would use
	}
	// The embargo (accord.embargoed) holds whatever the classification:
	// a document scheduled for after r's moment is the secretariat's
	// alone. Said as "not among the few still under embargo", which the
	// partial index documents_embargo answers, so that a count stays on
	// its classification's index rather than reading every row. A zero
	// moment is before every embargo's end: '' sorts before any stamp.
	var now any = ""
	if !r.Now.IsZero() {
		now = timeArg(r.Now)
	}
	open := `d.id NOT IN (SELECT e.id FROM documents e WHERE e.embargo_until > ` + placeholders(args, []any{now}) + `)`
	if len(r.Secretariat) > 0 {
		open = `(` + open + ` OR ` + linkedTo(`ll.organization IN (`+placeholders(args, r.Secretariat)+`)`) + `)`
	}
	for c, cond := range conds {
		conds[c] = cond + ` AND ` + open
	}
	return conds
}

// readableClasses is readable without the embargo: the rule of each
// classification.
func readableClasses(r accord.DocumentReaders, args *[]any, classes []accord.Classification) map[accord.Classification]string {
	conds := map[accord.Classification]string{accord.Public: `1 = 1`}
	if len(r.Restricted) > 0 && slices.Contains(classes, accord.Restricted) {
		conds[accord.Restricted] = linkedTo(`ll.organization IN (` + placeholders(args, r.Restricted) + `)`)
	}
	if !slices.Contains(classes, accord.Confidential) {
		return conds
	}
	var confidential []string
	if len(r.Secretariat) > 0 {
		confidential = append(confidential, `(`+authorState+` = '' AND `+linkedTo(`ll.organization IN (`+placeholders(args, r.Secretariat)+`)`)+`)`)
	}
	if len(r.Delegations) > 0 {
		var author, recipient []string
		for _, s := range r.Delegations {
			org, state := placeholders(args, []string{s.Organization}), placeholders(args, []string{s.State})
			author = append(author, `(ll.organization = `+org+` AND `+authorState+` = `+state+`)`)
			recipient = append(recipient, `(ll.organization = `+org+` AND EXISTS (SELECT 1 FROM document_recipients rc
				WHERE rc.document_id = d.id AND rc.state = `+state+`))`)
		}
		confidential = append(confidential, linkedTo(strings.Join(author, ` OR `)), linkedTo(strings.Join(recipient, ` OR `)))
	}
	if len(confidential) > 0 {
		conds[accord.Confidential] = `(` + strings.Join(confidential, ` OR `) + `)`
	}
	return conds
}

// linkInsert links a document to a meeting, with the meeting's
// organization (migration 0015); a meeting that does not exist leaves it
// NULL, which the schema refuses.
const linkInsert = `INSERT INTO document_meetings (document_id, meeting_id, agenda_item_id, organization)
	VALUES ($1, $2, $3, (SELECT organization FROM meetings WHERE id = $2))`

// plan runs an EXPLAIN and returns the last column of each of its rows,
// which on both engines is the plan's text, a line each.
func (t *txn) plan(query string, args ...any) (string, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s\n", vals[len(vals)-1])
	}
	return b.String(), rows.Err()
}
