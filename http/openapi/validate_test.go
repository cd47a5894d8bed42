package openapi

import (
	"errors"
	"testing"

	"github.com/accord-org/accord"
)

// TestBodySchemaCheck runs the checker on one schema that has every kind
// of field a route documents: text, a whole number sent either way, a
// flag, a multilingual text through $ref, and a map of free keys.
func TestBodySchemaCheck(t *testing.T) {
	b := BodySchema{defs: schemas(), body: obj(js{
		"name":   str("A name."),
		"number": formInt("A number."),
		"public": boolean("A flag."),
		"theme":  text("A theme."),
		"labels": js{"type": "object", "additionalProperties": str("A label.")},
	}, "name")}
	cases := []struct {
		name  string
		body  map[string]any
		field string // "" when the body is accepted
	}{
		{"all fields", map[string]any{"name": "x", "number": float64(3), "public": true, "theme": map[string]any{"en": "t"}, "labels": map[string]any{"a": "b"}}, ""},
		{"number as digits", map[string]any{"number": "23"}, ""},
		{"null is absent", map[string]any{"name": nil}, ""},
		{"unknown field", map[string]any{"nmae": "x"}, "nmae"},
		{"number for text", map[string]any{"name": float64(1)}, "name"},
		{"fraction", map[string]any{"number": 1.5}, "number"},
		{"text for flag", map[string]any{"public": "yes"}, "public"},
		{"flag for number", map[string]any{"number": true}, "number"},
		{"unknown language key", map[string]any{"theme": map[string]any{"en": float64(2)}}, "theme.en"},
		{"object for text", map[string]any{"name": map[string]any{}}, "name"},
		{"free key of wrong type", map[string]any{"labels": map[string]any{"a": float64(1)}}, "labels.a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := b.Check(c.body)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *accord.Error
			if !errors.As(err, &e) || accord.ErrorCode(err) != accord.EINVALID || e.Field != c.field {
				t.Fatalf("got %v, want invalid naming %q", err, c.field)
			}
		})
	}
}

// TestBodySchemasCoverDescribedBodies keeps every documented body checked,
// an upload's fields too: a route whose description lists fields must get
// a checker.
func TestBodySchemasCoverDescribedBodies(t *testing.T) {
	got := BodySchemas()
	for name, doc := range operationDocs {
		_, ok := got[name]
		if want := doc.Body != nil; ok != want {
			t.Errorf("%s: checker %v, documented body %v", name, ok, want)
		}
	}
	if len(got) == 0 {
		t.Fatal("no route has a checker")
	}
}
