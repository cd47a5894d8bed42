// Package fields reads what a request sends: a form or a JSON object as
// one set of fields, checked for control characters and against the
// route's schema, and the numeric query parameters within the ranges the
// API document states. It knows nothing of the server, its store or its
// pages, so that http's handlers and its tests of bad input share one
// reading of a request.
package fields

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"unicode/utf8"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/openapi"
)

// MaxFormBytes bounds a form or JSON body. Uploads, which need more, get
// their own limit.
const MaxFormBytes = 64 << 10

// Form is the state of an HTML form on a page: what the user typed, and the
// error to show next to the field at fault, so that a refused form comes back
// filled in.
type Form struct {
	Values url.Values
	Error  string
	Field  string
}

// Get returns a submitted value.
func (f Form) Get(key string) string { return f.Values.Get(key) }

// Read reads a request's fields from a JSON object or a form, whichever the
// Content-Type says, so that one action serves the API and the pages. A
// JSON object is checked against schema, the route's, when it has one.
func Read(w http.ResponseWriter, r *http.Request, schema *openapi.BodySchema) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		// An upload: the action that takes one reads the body with its
		// own limits, and adds the fields to this map, so that a refused
		// form shows them again. Other actions find no fields.
		return url.Values{}, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if ct == "application/json" {
		var fields map[string]any
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, BodyError(err)
		}
		// The decoder would turn bytes that are not UTF-8 into U+FFFD,
		// storing something the client did not send.
		if !utf8.Valid(b) {
			return nil, accord.Invalid("body", "is not valid UTF-8 text")
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(&fields); err != nil && !errors.Is(err, io.EOF) {
			return nil, BodyError(err)
		}
		if dec.More() {
			return nil, accord.Invalid("body", "send one JSON object, with nothing after it")
		}
		vals := url.Values{}
		if err := flatten(vals, "", fields); err != nil {
			return nil, err
		}
		if err := Validate(vals); err != nil {
			return nil, err
		}
		if schema != nil {
			if err := schema.Check(fields); err != nil {
				return nil, err
			}
		}
		return vals, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, BodyError(err)
	}
	if err := Validate(r.PostForm); err != nil {
		return nil, err
	}
	if schema != nil {
		// Sorted, so that of two unknown fields the same one is named
		// every time.
		for _, k := range slices.Sorted(maps.Keys(r.PostForm)) {
			if err := schema.Field(k); err != nil {
				return nil, err
			}
		}
	}
	return r.PostForm, nil
}

// Validate refuses control characters and bytes that are not UTF-8
// in every field of a form, a JSON object or an upload, and in their
// names, so that every text field is covered however it arrives.
func Validate(vals url.Values) error {
	for k, vs := range vals {
		if err := accord.ValidateText("body", k); err != nil {
			return err
		}
		for _, v := range vs {
			if err := accord.ValidateText(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// ValidateQuery does the same for the query string and the path, which
// name records and filter lists.
func ValidateQuery(r *http.Request) error {
	if err := accord.ValidateText("path", r.URL.Path); err != nil {
		return err
	}
	return Validate(r.URL.Query())
}

// flatten puts a JSON object's fields into vals as a form would send them:
// a nested object's fields under "key.field", so that {"theme": {"en": …}}
// reads as the form input "theme.en".
func flatten(vals url.Values, prefix string, fields map[string]any) error {
	for k, v := range fields {
		k = prefix + k
		switch v := v.(type) {
		case string:
			vals.Set(k, v)
		case float64, bool:
			b, _ := json.Marshal(v)
			vals.Set(k, string(b))
		case map[string]any:
			if err := flatten(vals, k+".", v); err != nil {
				return err
			}
		case []any:
			// A list of texts (a rule's order) becomes the key's values,
			// as a form repeats a field; an empty list sends the key with
			// none, so that it still counts as sent.
			vals[k] = []string{}
			for i, x := range v {
				s, ok := x.(string)
				if !ok {
					return accord.Invalid(fmt.Sprintf("%s[%d]", k, i), "must be a string")
				}
				vals.Add(k, s)
			}
		case nil:
		default:
			return accord.Invalid(k, "must be a string, a number, a boolean or an object")
		}
	}
	return nil
}

// BodyError is the error of a body that could not be read: too large, or
// not JSON or form data.
func BodyError(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &accord.Error{Code: accord.EINVALID, Field: "body", Message: "the request body is too large", Err: err}
	}
	return &accord.Error{Code: accord.EINVALID, Field: "body", Message: "the request body is not valid JSON or form data", Err: err}
}
