package http_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/internal/golden"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// openAPIDoc is the served document, decoded as far as the tests read it.
type openAPIDoc struct {
	raw   map[string]any
	paths map[string]map[string]any
}

// fetchOpenAPI gets the document as a client would, and fails unless it is
// JSON that says it is OpenAPI 3.1.0.
func fetchOpenAPI(t *testing.T, url string) openAPIDoc {
	t.Helper()
	res, err := http.Get(url + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(res.Header.Get("Cache-Control"), "public") || res.Header.Get("ETag") == "" {
		t.Errorf("the document is not cacheable: Cache-Control %q, ETag %q", res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal(b, &doc.raw); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	if doc.raw["openapi"] != "3.1.0" {
		t.Fatalf("openapi is %v, want 3.1.0", doc.raw["openapi"])
	}
	for _, key := range []string{"info", "servers", "paths", "components"} {
		if doc.raw[key] == nil {
			t.Errorf("the document has no %s", key)
		}
	}
	doc.paths = map[string]map[string]any{}
	paths, _ := doc.raw["paths"].(map[string]any)
	for p, item := range paths {
		doc.paths[p], _ = item.(map[string]any)
	}
	return doc
}

// operation returns the operation for method and path, or nil.
func (d openAPIDoc) operation(method, path string) map[string]any {
	op, _ := d.paths[path][strings.ToLower(method)].(map[string]any)
	return op
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operations lists every operation as "METHOD path".
func (d openAPIDoc) operations() []string {
	var out []string
	for p, item := range d.paths {
		for _, m := range httpMethods {
			if item[m] != nil {
				out = append(out, strings.ToUpper(m)+" "+p)
			}
		}
	}
	sort.Strings(out)
	return out
}

var muxWildcard = regexp.MustCompile(`\{([^}]*)\}`)

// servedPattern is where the router serves a route, worked out here as the
// authorization matrix does (views and actions, which have templates, under
// the API prefix; plain handlers at their pattern), and checked against the
// router itself by TestOpenAPIDescribesEveryRoute.
func servedPattern(rt accordhttp.Route) string {
	if rt.Template != "" {
		return accordhttp.APIPrefix + rt.Pattern
	}
	return rt.Pattern
}

// docPath writes a ServeMux pattern as OpenAPI does: {$} is dropped, and
// {rest...} becomes {rest}.
func docPath(pattern string) string {
	p := strings.ReplaceAll(pattern, "{$}", "")
	return muxWildcard.ReplaceAllStringFunc(p, func(w string) string { return strings.Replace(w, "...", "", 1) })
}

// concrete fills a path's parameters with a value every wildcard accepts.
func concrete(path string) string {
	return muxWildcard.ReplaceAllString(strings.ReplaceAll(path, "{$}", ""), "1")
}

func pathNames(path string) []string {
	var out []string
	for _, m := range muxWildcard.FindAllStringSubmatch(path, -1) {
		out = append(out, strings.TrimSuffix(m[1], "..."))
	}
	sort.Strings(out)
	return out
}

func newOpenAPIServer(t *testing.T) (*accordhttp.Server, *httptest.Server) {
	t.Helper()
	h, err := accordhttp.New(accordhttp.Config{Store: sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow), Now: fixedNow,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv
}

// TestOpenAPIDescribesEveryRoute keeps the document true to the router:
// every route has its operation and its hand-written description, every
// operation is served by the route it names, and the path parameters are
// those of the path.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	h, srv := newOpenAPIServer(t)
	doc := fetchOpenAPI(t, srv.URL)

	routeAt := map[string]string{} // "METHOD pattern" → route name
	names := map[string]bool{}
	for _, rt := range h.Routes() {
		names[rt.Name] = true
		served := servedPattern(rt)
		routeAt[rt.Method+" "+served] = rt.Name
		if got := h.MatchedPattern(rt.Method, concrete(served)); got != rt.Method+" "+served {
			t.Errorf("route %s: the router serves %s %s as %q, not at %s", rt.Name, rt.Method, concrete(served), got, served)
		}
		op := doc.operation(rt.Method, docPath(served))
		if op == nil {
			t.Errorf("route %s (%s %s) has no operation at %s %s", rt.Name, rt.Method, rt.Pattern, rt.Method, docPath(served))
			continue
		}
		if op["operationId"] != rt.Name {
			t.Errorf("%s %s: operationId %v, want the route's name %s", rt.Method, docPath(served), op["operationId"], rt.Name)
		}
	}

	described := accordhttp.OperationDocNames()
	for name := range names {
		if !slices.Contains(described, name) {
			t.Errorf("route %s has no hand-written description in operationDocs", name)
		}
	}
	for _, name := range described {
		if !names[name] {
			t.Errorf("operationDocs describes %s, which is no route", name)
		}
	}

	ids := map[string]string{}
	for _, key := range doc.operations() {
		method, path, _ := strings.Cut(key, " ")
		op := doc.operation(method, path)
		id, _ := op["operationId"].(string)
		if id == "" {
			t.Errorf("%s has no operationId", key)
		} else if other, dup := ids[id]; dup {
			t.Errorf("operationId %s is used by %s and %s", id, other, key)
		}
		ids[id] = key
		// The operation must be what the router serves there, and the
		// route it names.
		pattern := h.MatchedPattern(method, concrete(path))
		if routeAt[pattern] == "" || routeAt[pattern] != id {
			t.Errorf("the document has %s (%s), but the router serves %s with %q (route %q)", key, id, concrete(path), pattern, routeAt[pattern])
		}
		checkPathParams(t, key, doc.paths[path], op)
		checkResponses(t, key, op)
	}
	checkRefs(t, doc.raw, doc.raw, "#")
}

// checkPathParams fails for a path parameter that is not declared, declared
// twice, not required, or declared but not in the path.
func checkPathParams(t *testing.T, key string, item, op map[string]any) {
	t.Helper()
	_, path, _ := strings.Cut(key, " ")
	var declared []string
	for _, list := range []any{item["parameters"], op["parameters"]} {
		ps, _ := list.([]any)
		for _, p := range ps {
			p, _ := p.(map[string]any)
			if p["in"] != "path" {
				continue
			}
			name, _ := p["name"].(string)
			if slices.Contains(declared, name) {
				t.Errorf("%s declares the path parameter %s twice", key, name)
			}
			declared = append(declared, name)
			if p["required"] != true {
				t.Errorf("%s: path parameter %s is not required", key, name)
			}
			if p["schema"] == nil {
				t.Errorf("%s: path parameter %s has no schema", key, name)
			}
		}
	}
	sort.Strings(declared)
	if want := pathNames(path); !slices.Equal(declared, want) {
		t.Errorf("%s declares the path parameters %v, want %v", key, declared, want)
	}
}

// checkResponses fails for an operation without a success or without
// descriptions, which OpenAPI requires.
func checkResponses(t *testing.T, key string, op map[string]any) {
	t.Helper()
	responses, _ := op["responses"].(map[string]any)
	success := false
	for status, r := range responses {
		if strings.HasPrefix(status, "2") {
			success = true
		}
		if r, _ := r.(map[string]any); r == nil || r["description"] == nil {
			t.Errorf("%s: response %s has no description", key, status)
		}
	}
	if !success {
		t.Errorf("%s has no success response", key)
	}
	if op["summary"] == nil || op["security"] == nil {
		t.Errorf("%s has no summary or no security", key)
	}
}

// checkRefs fails for a $ref that points at nothing in the document.
func checkRefs(t *testing.T, root, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if r, ok := v["$ref"].(string); ok {
			if resolve(root, r) == nil {
				t.Errorf("%s: $ref %s points at nothing", at, r)
			}
		}
		for k, x := range v {
			checkRefs(t, root, x, at+"/"+k)
		}
	case []any:
		for i, x := range v {
			checkRefs(t, root, x, at+"/"+strconv.Itoa(i))
		}
	}
}

// resolve follows a local JSON pointer.
func resolve(root any, ref string) any {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	cur := root
	for _, part := range strings.Split(p, "/") {
		m, _ := cur.(map[string]any)
		if cur = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(part)]; cur == nil {
			return nil
		}
	}
	return cur
}

// TestOpenAPISurface keeps a readable list of the API's operations, their
// statuses and who may call them: a change to the API shows in review as a
// change to testdata/openapi-operations.txt (go test ./http -update).
func TestOpenAPISurface(t *testing.T) {
	_, srv := newOpenAPIServer(t)
	doc := fetchOpenAPI(t, srv.URL)
	var b strings.Builder
	for _, key := range doc.operations() {
		method, path, _ := strings.Cut(key, " ")
		op := doc.operation(method, path)
		statuses := slices.Sorted(maps.Keys(op["responses"].(map[string]any)))
		var auth []string
		for _, req := range op["security"].([]any) {
			schemes := slices.Sorted(maps.Keys(req.(map[string]any)))
			if len(schemes) == 0 {
				schemes = []string{"anyone"}
			}
			auth = append(auth, strings.Join(schemes, "+"))
		}
		b.WriteString(key + "  " + op["operationId"].(string) + "  " + strings.Join(statuses, ",") + "  " + strings.Join(auth, "|") + "\n")
	}
	golden.Check(t, "openapi-operations.txt", b.String())
}

// schemaShape is what a schema says of a JSON value, with $ref, allOf
// (which joins properties, as an embedded Go struct does) and anyOf
// (a nullable value) followed.
type schemaShape struct {
	types    map[string]bool
	props    map[string]any // property → its schema
	required []string
	items    any
}

func shapeOf(root, schema any) schemaShape {
	s := schemaShape{types: map[string]bool{}, props: map[string]any{}}
	var walk func(v any)
	walk = func(v any) {
		m, _ := v.(map[string]any)
		if r, ok := m["$ref"].(string); ok {
			walk(resolve(root, r))
		}
		switch ty := m["type"].(type) {
		case string:
			s.types[ty] = true
		case []any:
			for _, t := range ty {
				s.types[t.(string)] = true
			}
		}
		props, _ := m["properties"].(map[string]any)
		maps.Copy(s.props, props)
		required, _ := m["required"].([]any)
		for _, r := range required {
			s.required = append(s.required, r.(string))
		}
		if m["items"] != nil {
			s.items = m["items"]
		}
		for _, key := range []string{"allOf", "anyOf"} {
			parts, _ := m[key].([]any)
			for _, part := range parts {
				walk(part)
			}
		}
	}
	walk(schema)
	return s
}

// checkValue checks a JSON value against a schema as far as the document
// is precise: its type, and for an object with listed properties, that it
// has no other field and every required one, down through its fields and
// items.
func checkValue(t *testing.T, root, schema, v any, at string) {
	t.Helper()
	s := shapeOf(root, schema)
	if len(s.types) == 0 {
		return // a schema that says nothing of the type, such as {}
	}
	kind := "null"
	switch v := v.(type) {
	case map[string]any:
		kind = "object"
		if len(s.props) > 0 {
			for k, x := range v {
				if ps, ok := s.props[k]; !ok {
					t.Errorf("%s: the field %q is not in the document", at, k)
				} else {
					checkValue(t, root, ps, x, at+"."+k)
				}
			}
			for _, k := range s.required {
				if _, ok := v[k]; !ok {
					t.Errorf("%s: no %q, which the document requires", at, k)
				}
			}
		}
	case []any:
		kind = "array"
		for i, x := range v {
			checkValue(t, root, s.items, x, at+"["+strconv.Itoa(i)+"]")
		}
	case string:
		kind = "string"
	case bool:
		kind = "boolean"
	case float64:
		kind = "number"
		if v == float64(int64(v)) && s.types["integer"] {
			kind = "integer"
		}
	}
	if !s.types[kind] {
		t.Errorf("%s: a %s, where the document says %v", at, kind, slices.Sorted(maps.Keys(s.types)))
	}
}

// TestOpenAPIAnswersAsDescribed sends the authorization matrix's requests
// and checks each answer against the document: its status is one the
// operation declares, its type one the document gives for that status,
// and a JSON answer has the top-level fields the schema lists, no more,
// and all of those it requires. So the statuses and shapes written by hand
// cannot drift from what the handlers do.
func TestOpenAPIAnswersAsDescribed(t *testing.T) {
	db := sqltest.OpenWithClock(t, sqlstore.SQLite, fixedNow)
	f := newFixture(t, db, newClock())
	f.auth.Policy.MaxAddressFailures, f.auth.Policy.MaxAccountFailures = 1000, 1000
	doc := fetchOpenAPI(t, f.srv.URL)
	h, err := accordhttp.New(accordhttp.Config{Store: db, Auth: f.auth})
	if err != nil {
		t.Fatal(err)
	}
	m := matrix()
	maps.Copy(m, signingMatrix())
	maps.Copy(m, adoptionMatrix())
	maps.Copy(m, documentsMatrix())
	maps.Copy(m, workspaceMatrix())
	maps.Copy(m, delegationBulkMatrix())
	maps.Copy(m, searchMatrix())
	checked := 0
	var unreached []string // routes whose success the matrix never sees
	for _, rt := range h.Routes() {
		succeeded := false
		op := doc.operation(rt.Method, docPath(servedPattern(rt)))
		if op == nil {
			continue // TestOpenAPIDescribesEveryRoute reports it
		}
		responses := op["responses"].(map[string]any)
		prefix := strings.TrimSuffix(servedPattern(rt), rt.Pattern)
		for _, c := range m[rt.Name] {
			// One request per status the matrix expects, by the first
			// role that gets it.
			tried := map[int]bool{}
			for _, role := range matrixRoles {
				status := c.want[role]
				if tried[status] {
					continue
				}
				tried[status] = true
				path := prefix + f.expandWorkspace(t, f.expand(t, c.path))
				res := f.do(t, request{method: rt.Method, path: path, body: f.expand(t, c.body), cookie: f.session(t, role)})
				if res.status != status {
					continue // TestAuthorizationMatrix reports it
				}
				checkAnswer(t, doc.raw, rt.Method+" "+path+" as "+role, responses, res)
				checked++
				succeeded = succeeded || status < 300
			}
		}
		if !succeeded {
			unreached = append(unreached, rt.Name)
		}
	}
	if checked < len(h.Routes()) {
		t.Fatalf("only %d answers checked, fewer than the %d routes: the matrix no longer reaches them", checked, len(h.Routes()))
	}
	t.Logf("%d answers checked against the document; the matrix reaches no success of %s", checked, strings.Join(unreached, ", "))
}

func checkAnswer(t *testing.T, root map[string]any, what string, responses map[string]any, res response) {
	t.Helper()
	declared, _ := responses[strconv.Itoa(res.status)].(map[string]any)
	if declared == nil && res.status >= 500 {
		declared, _ = responses["default"].(map[string]any)
	}
	if declared == nil {
		t.Errorf("%s: %d, which the document does not declare (it has %v)\n%.300s", what, res.status, slices.Sorted(maps.Keys(responses)), res.body)
		return
	}
	content, _ := declared["content"].(map[string]any)
	media, _, _ := mime.ParseMediaType(res.header.Get("Content-Type"))
	if content == nil {
		if res.body != "" {
			t.Errorf("%s: %d answers %s, which the document says has no body", what, res.status, media)
		}
		return
	}
	typed, _ := content[media].(map[string]any)
	if typed == nil {
		t.Errorf("%s: %d answers %s, not one of %v", what, res.status, media, slices.Sorted(maps.Keys(content)))
		return
	}
	if media != "application/json" {
		return
	}
	var body any
	if err := json.Unmarshal([]byte(res.body), &body); err != nil {
		t.Errorf("%s: not JSON: %v", what, err)
		return
	}
	checkValue(t, root, typed["schema"], body, what+": "+strconv.Itoa(res.status)+" answer")
	if v, ok := body.(map[string]any); ok {
		if e, ok := v["error"].(map[string]any); ok {
			if code, _ := e["code"].(string); accordhttp.Status(code) != res.status {
				t.Errorf("%s: error code %s with status %d", what, code, res.status)
			}
		}
	}
}
