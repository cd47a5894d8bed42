// Package openapi writes the OpenAPI 3.1 document of Accord's JSON API and
// checks request bodies against it.
//
// The paths and methods come from the server's route table, so that they
// cannot drift from what the router serves; what each operation takes and
// answers is written by hand in operationDocs, since only a person reading
// the handler knows which fields it reads, which are required and which
// refusals it gives. The server's openapi tests fail when the two disagree.
// The same descriptions check each JSON body (validate.go), so the
// document is also the reader's contract.
package openapi

import (
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
)

// js is a JSON value being built: a schema, an operation, the document.
type js = map[string]any

// access is who may call an operation, which becomes its security
// requirements.
type access int

const (
	// openToAll may be called without signing in; a signed-in reader
	// may be shown more (documents they may read).
	openToAll access = iota
	// needsSignIn needs a session or a personal access token.
	needsSignIn
	// needsSession needs a browser session: the account's own settings,
	// which a token may not change, and the second-factor steps.
	needsSession
)

// operationDoc is the hand-written description of one route, keyed by the
// route's name in operationDocs.
type operationDoc struct {
	Tag         string
	Summary     string
	Description string
	Access      access
	// Query lists the query parameters the handler reads.
	Query []param
	// Body is the JSON object an action reads (also accepted as form
	// fields, nested objects as dotted names); nil when it reads none.
	Body js
	// Upload marks an action that takes a multipart/form-data body with
	// a file, whose other fields are Body's.
	Upload bool
	// Status is the status of success; 0 means 200.
	Status int
	// Response is the JSON Schema of the answer on success.
	Response js
	// Media are the answer's types when it is not JSON, and then
	// Response describes its bytes.
	Media []string
	// Conditional marks an answer served with its ETag, which answers 304
	// to a request whose If-None-Match names it; Ranges one that also
	// serves byte ranges (206, or 416 for a range outside it).
	Conditional, Ranges bool
	// ErrorMedia is the type of the handler's own refusals when it writes
	// them itself rather than as the error page or the JSON error.
	ErrorMedia string
	// Errors are the refusals the handler gives, by status, with when.
	// The refusals every route of a kind can give (a bad token, a
	// malformed body, a cross-origin write) are added by the builder.
	Errors map[int]string
}

// param is a query parameter.
type param struct {
	Name        string
	Description string
	Schema      js
}

// Route is what the document needs of one entry of the server's route
// table.
type Route struct {
	Name, Method, Pattern string
	// API marks a route served under Prefix (views and actions), rather
	// than at its pattern.
	API bool
	// Replayable marks a write that honours an Idempotency-Key.
	Replayable bool
}

// Described reports whether the route of this name has a hand-written
// description.
func Described(name string) bool {
	_, ok := operationDocs[name]
	return ok
}

// Names lists the routes the document describes by hand, sorted.
func Names() []string { return slices.Sorted(maps.Keys(operationDocs)) }

// Document builds the OpenAPI 3.1 document of routes.
func Document(routes []Route) map[string]any {
	paths := js{}
	tags := map[string]bool{}
	for _, rt := range routes {
		path := servedPath(rt)
		item, _ := paths[openAPIPath(path)].(js)
		if item == nil {
			item = js{}
			if params := pathParams(rt.Pattern); len(params) > 0 {
				item["parameters"] = params
			}
			paths[openAPIPath(path)] = item
		}
		doc, described := operationDocs[rt.Name]
		if !described {
			// Listed all the same, so that the document never hides a
			// route; the test fails until it is described.
			doc = operationDoc{Summary: rt.Name, Access: openToAll}
		}
		tags[doc.Tag] = true
		item[strings.ToLower(rt.Method)] = operation(rt, doc, rt.API)
	}
	var tagList []any
	for _, t := range slices.Sorted(maps.Keys(tags)) {
		if t != "" {
			tagList = append(tagList, js{"name": t})
		}
	}
	return js{
		"openapi": "3.1.0",
		"info": js{
			"title":   "Accord API",
			"version": "1",
			"summary": "The digital secretariat of intergovernmental councils: organizations, memberships, bodies, meetings, agendas, delegations, documents, signatures and the transparency log.",
			"description": "JSON lives under " + Prefix + "; the same paths without the prefix serve the HTML pages, which this document does not describe. " +
				"Writes are POST requests whose body is a JSON object (Content-Type: application/json) or form fields; a text in several languages is an object " +
				`of language tag to text ({"theme": {"en": "…", "ru": "…"}}), sent as form fields named theme.en, theme.ru. A JSON value may be a string, a number, ` +
				"a boolean or an object (never an array: lists are strings separated by commas), and numbers may be sent as strings; a field the operation does not list, a value of another type, " +
				"a second JSON value after the object, control characters other than tab and line breaks, and bytes that are not UTF-8 are refused (400, naming the field). An edit changes only the fields sent.\n\n" +
				"Errors are {\"error\": {\"code\", \"message\", \"field\"}}: 400 invalid (field names the input at fault), 401 unauthorized, 403 forbidden, 404 not_found " +
				"(also for what exists but may not be seen), 409 conflict, 429 rate_limited, 501 not_implemented, 503 unavailable, 500 internal.\n\n" +
				"Sign in with the session cookie (POST " + Prefix + "/login, then " + Prefix + "/login/totp) or send a personal access token " +
				"(Authorization: Bearer accord_pat_…; a read token may only read). A POST with an Idempotency-Key header (1 to 255 visible ASCII characters) runs once per user, " +
				"route and key: a retry within 24 hours gets the first answer again with Idempotent-Replayed: true; the sign-in and account routes ignore the header. " +
				"Cross-origin browser requests that change data are refused (403). The interface language (?lang=en|ru|zh, the lang cookie or Accept-Language) orders lists by name; " +
				"JSON texts carry every language.",
		},
		"servers":    []any{js{"url": "/", "description": "this server"}},
		"tags":       tagList,
		"security":   []any{js{}, js{"session": []any{}}, js{"bearer": []any{}}},
		"paths":      paths,
		"components": components(),
	}
}

// servedPath is where a route is served: views and actions under Prefix,
// plain handlers at their pattern.
func servedPath(rt Route) string {
	if rt.API {
		return Prefix + rt.Pattern
	}
	return rt.Pattern
}

var wildcard = regexp.MustCompile(`\{([^}]*)\}`)

// openAPIPath writes a ServeMux pattern as an OpenAPI path: {$} (the exact
// path) is dropped, and {name...} (the rest of the path) becomes {name}.
func openAPIPath(pattern string) string {
	return wildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		name := strings.TrimSuffix(strings.Trim(w, "{}"), "...")
		if name == "$" {
			return ""
		}
		return "{" + name + "}"
	})
}

// pathDocs describe the path parameters by name; "id" depends on the
// segment before it.
var pathDocs = map[string]js{
	"org":        {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,15}$", "description": "The organization's code, such as SCO.", "examples": []any{"SCO"}},
	"body":       {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,15}$", "description": "The body's code, such as PGM.", "examples": []any{"PGM"}},
	"number":     {"type": "string", "description": "The meeting's number, in digits (22) or as a Roman numeral (XXII).", "examples": []any{"22", "XXII"}},
	"item":       {"type": "integer", "minimum": 1, "description": "The agenda item's id."},
	"person":     {"type": "integer", "minimum": 1, "description": "The participant's id (the head's or a member's)."},
	"meeting":    {"type": "integer", "minimum": 1, "description": "The id of the meeting the document is unlinked from."},
	"attachment": {"type": "integer", "minimum": 1, "description": "The attachment's id, on this document."},
	"sid":        {"type": "integer", "minimum": 1, "description": "The segment's stable id, in the draft."},
	"n":          {"type": "integer", "minimum": 1, "maximum": accord.MaxAmendments, "description": "The revision's or the amendment's number, from 1."},
	"lang":       {"type": "string", "description": "A language of the draft, a BCP 47 tag.", "examples": []any{"ru", "zh"}},
	"path": {"type": "string", "description": "A tile's path as C2SP tlog-tiles writes it, <L>/<N>[.p/<W>] for a hash tile or entries/<N>[.p/<W>] for an entry bundle; " +
		"unlike other parameters it spans several segments.", "examples": []any{"0/000.p/1", "entries/000.p/1"}},
}

var idDocs = map[string]string{
	"documents":    "The document's id.",
	"memberships":  "The membership's id.",
	"delegations":  "The delegation's id.",
	"tokens":       "The token's id.",
	"passkeys":     "The passkey's id.",
	"signing-keys": "The signing key's id.",
}

// pathParams declares the wildcards of a pattern.
func pathParams(pattern string) []any {
	var out []any
	segments := strings.Split(pattern, "/")
	for i, seg := range segments {
		m := wildcard.FindStringSubmatch(seg)
		if m == nil || m[1] == "$" {
			continue
		}
		name := strings.TrimSuffix(m[1], "...")
		schema := pathDocs[name]
		if name == "id" && i > 0 {
			schema = js{"type": "integer", "minimum": 1, "description": idDocs[segments[i-1]]}
		}
		desc, _ := schema["description"].(string)
		out = append(out, js{"name": name, "in": "path", "required": true, "description": desc, "schema": schema})
	}
	return out
}

// operation builds one operation from its route and its description,
// adding what every route of its kind shares.
func operation(rt Route, doc operationDoc, api bool) js {
	op := js{"operationId": rt.Name, "summary": doc.Summary}
	if doc.Description != "" {
		op["description"] = doc.Description
	}
	if doc.Tag != "" {
		op["tags"] = []any{doc.Tag}
	}
	write := rt.Method == http.MethodPost
	op["security"] = security(doc.Access, write)
	var params []any
	for _, p := range doc.Query {
		params = append(params, js{"name": p.Name, "in": "query", "description": p.Description, "schema": p.Schema})
	}
	idempotent := api && write && rt.Replayable
	if idempotent {
		params = append(params, js{"$ref": "#/components/parameters/IdempotencyKey"})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if doc.Body != nil || doc.Upload {
		op["requestBody"] = requestBody(doc)
	}

	errs := maps.Clone(doc.Errors)
	if errs == nil {
		errs = map[int]string{}
	}
	also := func(status int, why string) {
		if errs[status] == "" {
			errs[status] = why
		} else if !strings.Contains(errs[status], why) {
			errs[status] += " Also: " + why
		}
	}
	also(http.StatusUnauthorized, "The bearer token is invalid, expired or revoked, or the Authorization header is not \"Bearer <token>\".")
	if write {
		also(http.StatusForbidden, "A browser sent the request from another origin.")
		if api {
			also(http.StatusBadRequest, "The body is not a JSON object or form data, or is larger than 64 KiB.")
		}
		if doc.Access != openToAll {
			also(http.StatusForbidden, "A read-only token may not write.")
		}
	}
	if idempotent {
		also(http.StatusConflict, "The Idempotency-Key was used for another body on this route, or its first request is still running.")
		also(http.StatusBadRequest, "The Idempotency-Key is not 1 to 255 visible ASCII characters.")
	}

	status := doc.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := js{"description": cmpOr(doc.Summary, "Success.")}
	if doc.Response != nil {
		content := js{}
		for _, media := range cmpOrList(doc.Media, []string{"application/json"}) {
			content[media] = js{"schema": doc.Response}
		}
		ok["content"] = content
	}
	if idempotent {
		ok["headers"] = js{"Idempotent-Replayed": js{"$ref": "#/components/headers/IdempotentReplayed"}}
	}
	responses := js{strconv.Itoa(status): ok}
	if doc.Conditional {
		responses["304"] = js{"description": "Not modified: If-None-Match names the current ETag."}
	}
	if doc.Ranges {
		partial := maps.Clone(ok)
		partial["description"] = "The byte range the Range header asked for."
		responses["206"] = partial
		responses["416"] = js{"description": "The Range header asks for bytes outside the file.", "content": js{"text/plain": js{"schema": js{"type": "string"}}}}
	}
	for code, why := range errs {
		responses[strconv.Itoa(code)] = errorResponse(why, api)
		if _, own := doc.Errors[code]; own && doc.ErrorMedia != "" {
			responses[strconv.Itoa(code)] = js{"description": why, "content": js{doc.ErrorMedia: js{"schema": js{"type": "string"}}}}
		}
	}
	responses["default"] = errorResponse("An internal error (500), or the database cannot be reached or its schema is outdated (503).", api)
	op["responses"] = responses
	return op
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cmpOrList(a, b []string) []string {
	if len(a) > 0 {
		return a
	}
	return b
}

func security(a access, write bool) []any {
	// For a bearer token, OpenAPI 3.1 lets the requirement name the
	// role it needs: writes need a token of scope write.
	scope := []any{}
	if write {
		scope = []any{string(accord.ScopeWrite)}
	}
	switch a {
	case needsSignIn:
		return []any{js{"session": []any{}}, js{"bearer": scope}}
	case needsSession:
		return []any{js{"session": []any{}}}
	default:
		return []any{js{}, js{"session": []any{}}, js{"bearer": scope}}
	}
}

func requestBody(doc operationDoc) js {
	body := doc.Body
	if body == nil {
		body = obj(js{})
	}
	if doc.Upload {
		props := maps.Clone(body["properties"].(js))
		props["file"] = js{"type": "string", "contentMediaType": "application/octet-stream",
			"description": "The file: PDF or DOCX up to 25 MiB, MP4 or WebM up to 500 MiB. Its name's extension must match its content."}
		return js{"required": true, "content": js{"multipart/form-data": js{"schema": obj(props, "file")}}}
	}
	_, hasRequired := body["required"]
	return js{"required": hasRequired, "content": js{
		"application/json":                  js{"schema": body},
		"application/x-www-form-urlencoded": js{"schema": js{"type": "object", "description": "The same fields as form fields; a nested object's fields are named object.field (theme.en)."}},
	}}
}

// errorResponse is a refusal: the JSON error under Prefix, an error
// page elsewhere.
func errorResponse(why string, api bool) js {
	if api {
		return js{"description": why, "content": js{"application/json": js{"schema": ref("Error")}}}
	}
	return js{"description": why, "content": js{"text/html": js{"schema": js{"type": "string", "description": "An error page."}}}}
}

// Schema helpers: each returns a new map, so that no schema is shared and
// changed by mistake.

func ref(name string) js { return js{"$ref": "#/components/schemas/" + name} }

func nullable(s js) js { return js{"anyOf": []any{s, js{"type": "null"}}} }

func arr(items js) js { return js{"type": "array", "items": items} }

// obj is an object schema with its properties and the required ones.
func obj(props js, required ...string) js {
	s := js{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// allOf joins schemas, as Go joins an embedded struct's fields to its own.
func allOf(parts ...js) js {
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return js{"allOf": out}
}

func desc(s js, d string) js {
	c := maps.Clone(s)
	c["description"] = d
	return c
}

// described adds a description, unless it is empty.
func described(s js, d string) js {
	if d != "" {
		s["description"] = d
	}
	return s
}

func str(d string) js     { return described(js{"type": "string"}, d) }
func integer(d string) js { return described(js{"type": "integer"}, d) }
func boolean(d string) js { return described(js{"type": "boolean"}, d) }
func stamp(d string) js   { return described(js{"type": "string", "format": "date-time"}, d) }
func date(d string) js    { return desc(ref("Date"), d) }
func text(d string) js    { return desc(ref("Text"), d) }

func oneOf(d string, values ...string) js {
	return described(js{"type": "string", "enum": values}, d)
}

// formInt is a whole number in an action's input, which forms send as
// digits and JSON may send either way.
func formInt(d string) js {
	return js{"type": []any{"integer", "string"}, "pattern": "^[0-9]+$", "description": d}
}

// intRange is a numeric query parameter and its range, as queryInt
// reads it.
func intRange(lo, hi int64) js {
	return js{"type": "integer", "minimum": lo, "maximum": hi}
}

// formDate is a date in an action's input; an empty string clears it.
func formDate(d string) js {
	return js{"type": "string", "description": d + " YYYY-MM-DD; an empty string clears it.", "examples": []any{"2024-07-25"}}
}

func enumOf[E ~string](values ...E) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
