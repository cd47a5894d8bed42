package openapi

import (
	"strings"

	"github.com/accord-org/accord"
)

// BodySchema checks a JSON body against the fields its route reads, as
// the route's entry in operationDocs describes them, so that the API
// document and the reader cannot disagree: a field the route does not
// read, or a number where it reads text, is refused with the field's
// name rather than ignored or taken as digits.
type BodySchema struct {
	body js
	defs js // the components' schemas, for $ref
}

// BodySchemas returns the checker of each route that documents its body,
// by route name. Routes without one are not checked: they read no fields.
func BodySchemas() map[string]BodySchema {
	defs := schemas()
	out := map[string]BodySchema{}
	for name, doc := range operationDocs {
		if doc.Body != nil && !doc.Upload {
			out[name] = BodySchema{body: doc.Body, defs: defs}
		}
	}
	return out
}

// Check checks a decoded JSON object.
func (b BodySchema) Check(fields map[string]any) error {
	return b.value(b.body, fields, "")
}

func (b BodySchema) value(schema js, v any, field string) error {
	if ref, ok := schema["$ref"].(string); ok {
		def, _ := b.defs[strings.TrimPrefix(ref, "#/components/schemas/")].(js)
		return b.value(def, v, field)
	}
	if v == nil {
		return nil // null means absent, as the reader takes it
	}
	types := map[string]bool{}
	switch t := schema["type"].(type) {
	case string:
		types[t] = true
	case []any:
		for _, x := range t {
			types[x.(string)] = true
		}
	default:
		return nil // a schema that says no type admits any
	}
	switch v := v.(type) {
	case string:
		if !types["string"] {
			return accord.Invalid(field, "must be %s, not text", typeWords(types))
		}
	case float64:
		if !types["integer"] && !types["number"] {
			return accord.Invalid(field, "must be %s, not a number", typeWords(types))
		}
		if types["integer"] && !types["number"] && v != float64(int64(v)) {
			return accord.Invalid(field, "must be a whole number")
		}
	case bool:
		if !types["boolean"] {
			return accord.Invalid(field, "must be %s, not true or false", typeWords(types))
		}
	case map[string]any:
		if !types["object"] {
			return accord.Invalid(field, "must be %s, not an object", typeWords(types))
		}
		props, _ := schema["properties"].(js)
		extra, _ := schema["additionalProperties"].(js)
		prefix := field
		if prefix != "" {
			prefix += "."
		}
		for k, x := range v {
			sub, known := props[k].(js)
			if !known {
				if extra == nil {
					return accord.Invalid(prefix+k, "is not a field of this request")
				}
				sub = extra
			}
			if err := b.value(sub, x, prefix+k); err != nil {
				return err
			}
		}
	}
	return nil
}

func typeWords(types map[string]bool) string {
	switch {
	case types["object"]:
		return "an object"
	case types["integer"] && types["string"]:
		return "a whole number"
	case types["integer"]:
		return "a whole number"
	case types["boolean"]:
		return "true or false"
	}
	return "text"
}
