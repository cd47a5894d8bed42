package accord

import "context"

// SearchKind is the sort of record a search result is.
type SearchKind string

// The kinds of record full-text search covers. A new kind (press releases)
// adds its constant here and its source in the store's indexer.
const (
	SearchDocument   SearchKind = "document"
	SearchMeeting    SearchKind = "meeting"
	SearchAgendaItem SearchKind = "agenda_item"
)

// SearchQuery is a reader's full-text query. Readers is the reader's class
// (ReadersOf): the store filters by the policy's reading rule before it
// counts or ranks, so that neither the count nor a page betrays a
// document the reader may not read.
type SearchQuery struct {
	// Text is the query as typed; the store refuses (EINVALID, field q)
	// one over MaxSearchRunes characters or with no word in it.
	Text    string
	Readers DocumentReaders
	Limit   int
	Offset  int
}

// SearchHit is one record that matched, in one of its languages.
type SearchHit struct {
	Kind SearchKind `json:"kind"`
	// RecordID is the document's, meeting's or agenda item's id.
	RecordID int64 `json:"record_id"`
	// MeetingID is the meeting of an agenda item, or the meeting itself.
	MeetingID int64  `json:"meeting_id,omitempty"`
	Lang      string `json:"lang"`
	Title     string `json:"title"`
	// Snippet is a passage of the record's text with the matches
	// marked.
	Snippet []SnippetPart `json:"snippet"`
	// Revision is the document version's revision.
	Revision int `json:"revision,omitempty"`
	// Reference is a document's ("SCO/PGM/22/1").
	Reference string `json:"reference,omitempty"`
	// Organization, Body and Number name the meeting of a meeting or an
	// agenda item.
	Organization string `json:"organization,omitempty"`
	Body         string `json:"body,omitempty"`
	Number       int    `json:"number,omitempty"`
}

// SnippetPart is plain text, marked when it is a match: pages escape it
// and wrap the marked parts in <mark>.
type SnippetPart struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// MaxSearchRunes is the longest query, in characters.
const MaxSearchRunes = 256

// MaxSearchTotal is the most hits a search counts. A common word matches
// thousands of records, and counting each of them against the reading
// rule cost more than finding the page: a reader is told "more than
// 1,000", and pages go as far as that.
const MaxSearchTotal = 1000

// SearchResults are a page of hits, best first, and how many there are in
// all: Total is at most MaxSearchTotal, and More is set when more than
// that match.
type SearchResults struct {
	Total int          `json:"total"`
	More  bool         `json:"more,omitempty"`
	Hits  []*SearchHit `json:"hits"`
}

// SearchService is full-text search over what a reader may read.
type SearchService interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResults, error)
}
