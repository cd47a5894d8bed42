package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-org/accord"
)

// ListDocumentSummaries pages and filters in SQL, with the policy's
// reading rule as conditions (readableBy), and loads only what a list
// shows: three queries however large the archive, none of them reading a
// text.
func (db *DB) ListDocumentSummaries(ctx context.Context, f accord.DocumentFilter) ([]*accord.DocumentSummary, error) {
	return fetch(ctx, db, "list document summaries", func(t *txn) ([]*accord.DocumentSummary, error) {
		where, args := summaryFilter(f)
		if f.Query != "" {
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
		order := ` ORDER BY d.id DESC`
		if f.OldestFirst {
			order = ` ORDER BY d.id`
		}
		if f.Limit > 0 {
			order += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
		}
		return t.summaries(where+order, args)
	})
}

// CountDocuments counts what ListDocumentSummaries would list without its
// limit, in SQL unless f has a query.
func (db *DB) CountDocuments(ctx context.Context, f accord.DocumentFilter) (int, error) {
	return fetch(ctx, db, "count documents", func(t *txn) (int, error) {
		where, args := summaryFilter(f)
		if f.Query != "" {
			all, err := t.search(f, where, args)
			return len(all), err
		}
		var n int
		return n, t.queryRow(`SELECT COUNT(*) FROM documents d WHERE `+where, args...).Scan(&n)
	})
}

// summaryFilter is f as conditions on documents d.
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
func (t *txn) search(f accord.DocumentFilter, where string, args []any) ([]*accord.DocumentSummary, error) {
	order := ` ORDER BY d.id DESC`
	if f.OldestFirst {
		order = ` ORDER BY d.id`
	}
	all, err := t.summaries(where+order, args)
	if err != nil {
		return nil, err
	}
	needle := strings.ToLower(f.Query)
	return slices.DeleteFunc(all, func(d *accord.DocumentSummary) bool { return !summaryMatches(d, needle) }), nil
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
		return &d, r.Scan(&d.ID, &d.Reference, &d.Kind, &d.Classification, col(&d.CreatedAt), col(&d.WithdrawnAt))
	}, `SELECT d.id, d.reference, d.kind, d.classification, d.created_at, d.withdrawn_at FROM documents d WHERE `+where, args...)
	if err != nil || len(ds) == 0 {
		return ds, err
	}
	byID := make(map[int64]*accord.DocumentSummary, len(ds))
	ids := make([]int64, len(ds))
	for i, d := range ds {
		byID[d.ID], ids[i] = d, d.ID
	}
	// The ids as literals: they are integers read from the database, and
	// a page's handful would otherwise be as many placeholders.
	list := joinIDs(ids)
	type title struct {
		doc int64
		accord.DocumentTitle
	}
	type link struct {
		doc int64
		accord.DocumentLink
	}
	var titles []title
	var links []link
	err = t.unprepared(func() (err error) {
		titles, err = all(t, func(r scanner) (x title, err error) {
			return x, r.Scan(&x.doc, &x.Lang, &x.Title)
		}, `SELECT v.document_id, v.lang, v.title FROM document_versions v
			WHERE v.document_id IN (`+list+`) AND v.revision = (SELECT MAX(w.revision) FROM document_versions w
				WHERE w.document_id = v.document_id AND w.lang = v.lang)
			ORDER BY v.document_id, v.lang`)
		if err != nil {
			return err
		}
		links, err = all(t, func(r scanner) (l link, err error) {
			return l, r.Scan(&l.doc, &l.MeetingID, &l.AgendaItemID)
		}, `SELECT document_id, meeting_id, COALESCE(agenda_item_id, 0) FROM document_meetings
			WHERE document_id IN (`+list+`) ORDER BY document_id, meeting_id`)
		return err
	})
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

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	return b.String()
}

// authorState is the state the policy takes a document's author to be,
// fixed when the document was written (migration 0009): ” for the
// secretariat or an organ.
const authorState = `d.author_state`

// linkedTo is the condition that document d is linked to a meeting of
// which cond (on meetings lm) holds. CROSS JOIN keeps SQLite's planner
// from starting with the meetings, which would read every link of an
// organization for each document; PostgreSQL takes it as a plain join.
func linkedTo(cond string) string {
	return `EXISTS (SELECT 1 FROM document_meetings ll CROSS JOIN meetings lm WHERE ll.document_id = d.id AND lm.id = ll.meeting_id AND (` + cond + `))`
}

// readableBy is the policy's reading rule for documents d as one SQL
// condition, equivalent to accord.Authorize(ActRead) for every reader of
// the class r: see accord.DocumentReaders.
func readableBy(r accord.DocumentReaders, args *[]any) string {
	conds := []string{`d.classification = 'public'`}
	if len(r.Restricted) > 0 {
		conds = append(conds, `(d.classification = 'restricted' AND `+linkedTo(`lm.organization IN (`+placeholders(args, r.Restricted)+`)`)+`)`)
	}
	var confidential []string
	if len(r.Secretariat) > 0 {
		confidential = append(confidential, `(`+authorState+` = '' AND `+linkedTo(`lm.organization IN (`+placeholders(args, r.Secretariat)+`)`)+`)`)
	}
	if len(r.Delegations) > 0 {
		var author, recipient []string
		for _, s := range r.Delegations {
			org, state := placeholders(args, []string{s.Organization}), placeholders(args, []string{s.State})
			author = append(author, `(lm.organization = `+org+` AND `+authorState+` = `+state+`)`)
			recipient = append(recipient, `(lm.organization = `+org+` AND EXISTS (SELECT 1 FROM document_recipients rc
				WHERE rc.document_id = d.id AND rc.state = `+state+`))`)
		}
		confidential = append(confidential, linkedTo(strings.Join(author, ` OR `)), linkedTo(strings.Join(recipient, ` OR `)))
	}
	if len(confidential) > 0 {
		conds = append(conds, `(d.classification = 'confidential' AND (`+strings.Join(confidential, ` OR `)+`))`)
	}
	return `(` + strings.Join(conds, ` OR `) + `)`
}
