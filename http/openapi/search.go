package openapi

// searchOperationDocs describe full-text search (searchRoutes).
func searchOperationDocs() map[string]operationDoc {
	part := obj(js{"text": str("Plain text: escape it."), "mark": boolean("Set on a match, which pages wrap in <mark>.")}, "text")
	hit := obj(js{
		"kind":         oneOf("What the record is.", "document", "meeting", "agenda_item"),
		"record_id":    integer("The document's, meeting's or agenda item's id."),
		"meeting_id":   integer("The meeting of a meeting or an agenda item."),
		"lang":         str("The language of the text that matched."),
		"title":        str("The title in that language: a version's, a meeting's theme, an agenda item's."),
		"revision":     integer("A document version's revision: the latest in its language."),
		"reference":    str("A document's reference."),
		"organization": str("The organization of a meeting or an agenda item."),
		"body":         str("The body of a meeting or an agenda item."),
		"number":       integer("The meeting's number."),
		"snippet":      arr(part),
		"path":         str("The page of the record."),
	}, "kind", "record_id", "lang", "title", "snippet", "path")
	return map[string]operationDoc{
		"search": {Tag: "Search", Summary: "Full-text search over what the reader may read",
			Description: "Documents (the latest version in each language), meetings (theme, city, venue) and agenda items, best first, 20 a page. " +
				"Russian and English words match in any inflected form; Chinese matches any part of a word. Every word must match; operators and punctuation are ignored. " +
				"The policy filters before the count and the ranking, so that neither reveals a document the reader may not read. Without q the answer is empty.",
			Query: []param{{"q", "The words to look for, 256 characters and 32 words at most.", js{"type": "string", "maxLength": 256}},
				{"page", "The page, from 1; 20 results a page.", intRange(1, maxPage)}},
			Response: obj(js{
				"q": str("The query."), "total": integer("How many records the reader may read match, at most 1000."),
				"more": boolean("Set when more than total (1000) match: then only the total most recently added or changed matches are ranked, and the pages go as far as total."),
				"page": integer("This page."), "pages": integer("How many pages."), "hits": arr(hit),
			}, "q", "total", "page", "pages", "hits"),
			Errors: map[int]string{400: "q is over 256 characters or 32 words, or has no word to look for (only operators or punctuation); or page is malformed."}},
	}
}
