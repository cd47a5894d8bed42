// Package accord holds Accord's domain: the types of an intergovernmental
// council's secretariat (states, organizations, memberships, bodies, numbered
// meetings, delegations, documents, chairmanship terms), the services that
// store them, and the error codes every adapter maps to its own protocol.
//
// It imports only the standard library, so that storage, HTTP and the command
// line depend on it and never the other way round.
package accord

import (
	"errors"
	"fmt"
)

// Error codes. Each is mapped once to an HTTP status by the http adapter and to
// an exit status by the command line.
const (
	EINVALID        = "invalid"         // bad input from the caller
	ENOTFOUND       = "not_found"       // the resource does not exist (or may not be seen)
	ECONFLICT       = "conflict"        // the resource already exists, or a uniqueness rule fails
	EUNAUTHORIZED   = "unauthorized"    // the caller is not authenticated
	EFORBIDDEN      = "forbidden"       // the caller may not do this
	ERATELIMIT      = "rate_limited"    // too many attempts; try again later
	ESCHEMA         = "schema_outdated" // the database schema is behind the binary
	EUNAVAILABLE    = "unavailable"     // a dependency (the database) cannot be reached
	EFULL           = "storage_full"    // the database's disk is full; nothing was written
	EINTERNAL       = "internal"        // a bug or an unexpected failure; its text is never shown
	ENOTIMPLEMENTED = "not_implemented"
)

// Error is the error every layer returns. Code and Message are safe to show to
// a user; Field names the input at fault; Op and Err are for the logs only.
type Error struct {
	Code    string
	Field   string
	Message string
	Op      string
	Err     error
	// format and args are Message before formatting, so that an adapter
	// can show the message in the reader's language (Format).
	format string
	args   []any
}

// Format is the message before formatting: its English format and
// arguments, so that an adapter can show it in the reader's language. An
// error made without a format (a literal Message) has its message as the
// format and no arguments.
func (e *Error) Format() (string, []any) {
	if e.format == "" {
		return e.Message, nil
	}
	return e.format, e.args
}

// Refusal is a refusal (EFORBIDDEN) by a rule the reader is told on field,
// translated by the rule's text as a format is (see Decision.Field). A rule
// holds no formatting verbs.
func Refusal(field, rule string) *Error {
	return &Error{Code: EFORBIDDEN, Field: field, Message: rule, format: rule}
}

func (e *Error) Error() string {
	s := ""
	if e.Op != "" {
		s = e.Op + ": "
	}
	if e.Err != nil {
		s += e.Err.Error()
		if e.Message != "" {
			s += " (" + e.Message + ")"
		}
		return s
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error with a code and a user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// Invalid returns an EINVALID error that names the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// Conflict returns an ECONFLICT error that names the field it concerns,
// translatable as Invalid's are.
func Conflict(field, format string, args ...any) *Error {
	e := Errorf(ECONFLICT, format, args...)
	e.Field = field
	return e
}

// notFound is the format of NotFound's message, whose kind an adapter
// translates as it translates a format.
const notFound = "%s %v not found"

// NotFound returns an ENOTFOUND error for a kind of resource and its key.
func NotFound(kind string, key any) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %v not found", kind, key), format: notFound, args: []any{kind, key}}
}

// StorageFull is the EFULL error of a write refused for lack of disk
// space; err is the cause, for the logs.
func StorageFull(err error) *Error {
	return &Error{Code: EFULL, Message: "Storage is full: the change was not saved. Try again later.", Err: err}
}

// Wrap records the operation's name on err, keeping its code. An error without
// a code becomes EINTERNAL, so its text stays in the logs.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Op == "" {
			c := *e
			c.Op = op
			return &c
		}
		return &Error{Code: e.Code, Field: e.Field, Message: e.Message, Op: op, Err: err, format: e.format, args: e.args}
	}
	return &Error{Code: EINTERNAL, Op: op, Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for an error without one, and
// "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// fixed text, because their detail may leak implementation facts.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL && e.Code != "" {
		if e.Message != "" {
			return e.Message
		}
		return e.Code
	}
	return "An internal error occurred."
}

// ErrorField returns the input field that err blames, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Messages is several errors told as one message, such as the bad lines
// of an imported file: as an argument of a format it reads as their
// messages joined by "; ", and an adapter translates each of them.
type Messages []*Error

func (m Messages) String() string {
	s := ""
	for i, e := range m {
		if i > 0 {
			s += "; "
		}
		s += e.Message
	}
	return s
}

// LineError is the error of one line of an imported file, keeping the
// line's error (its format, so that it is translated) as its cause's
// message: "line 4, state: …".
func LineError(line int, column string, err *Error) *Error {
	e := Errorf(err.Code, "line %d, %s: %s", line, column, Messages{err})
	e.Field = err.Field
	return e
}
