package http

import (
	"net/http"
	"net/url"

	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
)

// Reading a request's fields and numeric parameters lives in package
// fields; these thin names keep the handlers' call sites as they were
// written, so that work in progress on them still merges.

// Form is the state of an HTML form on a page (see fields.Form).
type Form = fields.Form

const maxFormBytes = fields.MaxFormBytes

// The ranges of the numeric query parameters, as the API document states
// them.
const (
	maxPage   = openapi.MaxPage
	maxOffset = openapi.MaxOffset
	maxID     = openapi.MaxID
	maxYear   = openapi.MaxYear
)

func input(w http.ResponseWriter, r *http.Request, schema *openapi.BodySchema) (url.Values, error) {
	return fields.Read(w, r, schema)
}
func validateFields(vals url.Values) error { return fields.Validate(vals) }
func validateQuery(r *http.Request) error  { return fields.ValidateQuery(r) }
func bodyError(err error) error            { return fields.BodyError(err) }
func queryInt(r *http.Request, name string, def, lo, hi int64) (int64, error) {
	return fields.Int(r, name, def, lo, hi)
}
