// Package i18n holds the interface's languages: the catalogs that translate
// its words and error messages into Russian and Chinese, the choice of a
// reader's language, and the way each language writes dates, numbered
// meetings, lists and counts.
//
// It was the http package's largest self-contained part: nothing in it
// needs a request's handler, a store or a template, only the domain's
// types, so it lives apart where one person can read it whole and other
// front ends (the PDF, the feeds, a command's output) can share it.
// Templates and handlers still write the English text as the key; the
// completeness tests here scan http's source and templates for those keys.
package i18n
