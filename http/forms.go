package http

import (
	"github.com/accord-org/accord/http/fields"
)

// Reading a request's fields and numeric parameters lives in package
// fields.

// Form is the state of an HTML form on a page (fields.Form): every view
// with a form holds one, so the handlers name it as their own.
type Form = fields.Form
