// Package drafting holds the rules of negotiating an outcome document
// across its authentic languages, without I/O: segments with stable ids,
// the state of each language's text against the drafting language's
// (XLIFF-style, with "needs review" when the drafting text changes),
// circulating immutable revisions, amendments with their support,
// objections and the chair's decision, carrying amendments over to a new
// revision or flagging them, and word- or character-level diffs.
//
// Storage loads a draft, calls these functions and stores what they
// return in one transaction; the HTTP layer renders the results. Every
// function validates its input and returns an *accord.Error naming the
// field at fault, leaving the draft unchanged when it refuses.
package drafting
