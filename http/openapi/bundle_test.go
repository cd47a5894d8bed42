package openapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord/translog"
)

// TestBundleSchemaComplete: every object of the bundle is described field
// by field, and a field is required exactly when the bundle always has it,
// so that a verifier generated from the schema reads every bundle.
func TestBundleSchemaComplete(t *testing.T) {
	s := bundleSchemas()
	for name, v := range map[string]any{"Bundle": translog.Bundle{}, "BundleEntry": translog.BundleEntry{},
		"BundleVersion": translog.BundleVersion{}, "BundleStatement": translog.BundleStatement{}, "BundleSignature": translog.BundleSignature{}} {
		schema, ok := s[name].(js)
		if !ok {
			t.Errorf("no schema %s", name)
			continue
		}
		props := schema["properties"].(js)
		required, _ := schema["required"].([]string)
		typ := reflect.TypeOf(v)
		var fields []string
		for i := range typ.NumField() {
			tag, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			fields = append(fields, tag)
			if _, ok := props[tag]; !ok {
				t.Errorf("%s: field %s is not in the schema", name, tag)
			}
			omit := strings.Contains(opts, "omitempty") || typ.Field(i).Type.Kind() == reflect.Pointer
			if omit == slices.Contains(required, tag) {
				t.Errorf("%s: %s is required %v in the schema, but omitempty %v in the bundle", name, tag, slices.Contains(required, tag), omit)
			}
		}
		for p := range props {
			if !slices.Contains(fields, p) {
				t.Errorf("%s: the schema's %s is not a field of the bundle", name, p)
			}
		}
	}
}
