package fields

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accord-org/accord"
)

// TestRead reads one body as JSON and as a form into the same fields, and
// refuses each kind of bad body with the field it names.
func TestRead(t *testing.T) {
	for _, c := range []struct {
		name, ct, body string
		want           map[string][]string
		field          string
	}{
		{"json", "application/json", `{"theme":{"en":"Trade"},"n":3,"order":["KZ","CN"],"x":null}`,
			map[string][]string{"theme.en": {"Trade"}, "n": {"3"}, "order": {"KZ", "CN"}}, ""},
		{"form", "application/x-www-form-urlencoded", "theme.en=Trade&order=KZ&order=CN",
			map[string][]string{"theme.en": {"Trade"}, "order": {"KZ", "CN"}}, ""},
		{"upload reads no fields", "multipart/form-data; boundary=x", "--x--", map[string][]string{}, ""},
		{"not utf-8", "application/json", "{\"a\":\"\xff\"}", nil, "body"},
		{"not json", "application/json", `{"a":`, nil, "body"},
		{"two objects", "application/json", `{}{}`, nil, "body"},
		{"list of numbers", "application/json", `{"order":[1]}`, nil, "order[0]"},
		{"control character", "application/x-www-form-urlencoded", "a=%07", nil, "a"},
		{"too large", "application/x-www-form-urlencoded", "a=" + strings.Repeat("x", MaxFormBytes), nil, "body"},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
		r.Header.Set("Content-Type", c.ct)
		got, err := Read(httptest.NewRecorder(), r, nil)
		if c.field != "" {
			if e, ok := err.(*accord.Error); !ok || e.Code != accord.EINVALID || e.Field != c.field {
				t.Errorf("%s: err = %v, want invalid %s", c.name, err, c.field)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		for k, vs := range c.want {
			if strings.Join(got[k], "|") != strings.Join(vs, "|") {
				t.Errorf("%s: %s = %q, want %q", c.name, k, got[k], vs)
			}
		}
	}
}

// TestInt takes a number within its range or the default, and refuses
// anything else naming the parameter.
func TestInt(t *testing.T) {
	for _, c := range []struct {
		query string
		want  int64
		bad   bool
	}{
		{"", 7, false}, {"n=1", 1, false}, {"n=10", 10, false},
		{"n=0", 0, true}, {"n=11", 0, true}, {"n=x", 0, true}, {"n=1.5", 0, true}, {"n=-1", 0, true},
		{"n=99999999999999999999", 0, true},
	} {
		got, err := Int(httptest.NewRequest("GET", "/?"+c.query, nil), "n", 7, 1, 10)
		if c.bad {
			if e, ok := err.(*accord.Error); !ok || e.Field != "n" {
				t.Errorf("%q: err = %v, want invalid n", c.query, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %d, %v; want %d", c.query, got, err, c.want)
		}
	}
}
