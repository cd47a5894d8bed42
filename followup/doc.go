// Package followup holds the rules of following up the measures of an
// adopted outcome document, without I/O: the council's controlled list of
// statuses, the obligations a measure makes (one per state bound: the
// members on the adoption date, or the states named), where each state
// stands (the status claimed, the one assessed, and the one that counts),
// overdue obligations and late reports, the matrix of measures by states,
// a measure's timeline, the summing-up with its changes since the last
// reporting round and its texts in the organization's languages, and the
// matrix as CSV, written and read back with errors that name the line and
// the field.
//
// Storage reads a FollowUpHistory, calls these functions and stores what
// they return; the HTTP layer renders the results. Every function that
// judges input returns an *accord.Error naming the field at fault.
package followup
