package http

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
	"golang.org/x/text/language"
)

// The secretariat workspace: forms and write endpoints for organizations,
// memberships, bodies, meetings, agendas and delegations. Each action reads
// the same fields from a JSON object or a form; an edit changes only the
// fields it is sent, so that an API client may send one field and a form
// sends them all. A text in several languages is sent as "theme.en",
// "theme.ru"… in a form, and as {"theme": {"en": …}} in JSON, which input
// flattens to the same keys; sending any of its languages replaces the whole
// text.

// binder reads typed fields from an action's input and keeps the first
// error, naming the field, so that handlers read as a list of fields.
type binder struct {
	in  url.Values
	err error
}

func (b *binder) has(key string) bool {
	_, ok := b.in[key]
	return ok && b.err == nil
}

func (b *binder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// str sets *dst to the trimmed value of key, when sent: form inputs often
// carry stray spaces, which the domain refuses in stored texts.
func (b *binder) str(key string, dst *string) {
	if b.has(key) {
		*dst = strings.TrimSpace(b.in.Get(key))
	}
}

func (b *binder) integer(key string, dst *int) {
	if !b.has(key) {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(b.in.Get(key)))
	if err != nil {
		b.fail(accord.Invalid(key, "%q is not a whole number", b.in.Get(key)))
	}
	*dst = n
}

func (b *binder) id(key string, dst *int64) {
	if !b.has(key) {
		return
	}
	raw := strings.TrimSpace(b.in.Get(key))
	if raw == "" {
		*dst = 0
		return
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		b.fail(accord.Invalid(key, "%q is not an id", raw))
	}
	*dst = n
}

func (b *binder) date(key string, dst *accord.Date) {
	b.parsedDate(key, dst, accord.ParseDate, "YYYY-MM-DD")
}

// partialDate is date for the dates of meetings, which may be known to the
// month or the year only.
func (b *binder) partialDate(key string, dst *accord.Date) {
	b.parsedDate(key, dst, accord.ParsePartialDate, "YYYY, YYYY-MM or YYYY-MM-DD")
}

func (b *binder) parsedDate(key string, dst *accord.Date, parse func(string) (accord.Date, error), forms string) {
	if !b.has(key) {
		return
	}
	raw := strings.TrimSpace(b.in.Get(key))
	if raw == "" {
		*dst = accord.Date{}
		return
	}
	d, err := parse(raw)
	if err != nil {
		b.fail(accord.Invalid(key, "%q is not a date of the form %s", raw, forms))
	}
	*dst = d
}

// text replaces *dst with the languages sent as key.<lang>, when any is;
// empty inputs drop their language.
func (b *binder) text(key string, dst *accord.Text) {
	t, sent := accord.Text{}, false
	for k, vs := range b.in {
		lang, ok := strings.CutPrefix(k, key+".")
		if !ok || b.err != nil {
			continue
		}
		sent = true
		if err := knownLanguage(k, lang); err != nil {
			b.fail(err)
		}
		if v := strings.TrimSpace(vs[0]); v != "" {
			t[lang] = v
		}
	}
	if sent && b.err == nil {
		*dst = t
	}
}

// languages reads a list of language tags separated by commas or spaces.
func (b *binder) languages(key string, dst *[]string) {
	if !b.has(key) {
		return
	}
	langs := strings.FieldsFunc(b.in.Get(key), func(r rune) bool { return r == ',' || r == ' ' })
	for _, l := range langs {
		if err := knownLanguage(key, l); err != nil {
			b.fail(err)
		}
	}
	*dst = langs
}

// knownLanguage refuses a tag that is malformed, or well-formed but in no
// registry ("xx"): the domain checks the form, the adapter, which already
// negotiates languages, checks the registry.
func knownLanguage(field, tag string) error {
	if err := accord.ValidateLanguageTag(field, tag); err != nil {
		return err
	}
	if _, err := language.Parse(tag); err != nil {
		return accord.Invalid(field, "%q is not a known language", tag)
	}
	return nil
}

// formSpec is a form as the templates' "form" partial draws it.
type formSpec struct {
	ID      string
	Heading string
	Action  string
	Submit  string
	// Danger marks a form that removes something.
	Danger bool
	Error  string
	Fields []field
}

// field is one input, or with Group, a text with one input per language.
type field struct {
	Name     string
	ID       string
	Label    string
	Type     string // text, number, date, select, textarea
	Value    string
	Options  []option
	Required bool
	Hint     string
	Invalid  bool
	// DescribedBy are the ids of the error and the hint, for
	// aria-describedby.
	DescribedBy string
	Lang        string
	Group       []field
}

type option struct {
	Value, Label string
}

// fill puts values into a form's fields: what the user sent when this is
// the form that was refused (its action is the request's path), else the
// record's current values. The refused field is marked and described by the
// error.
func fill(r *http.Request, spec formSpec, values url.Values, f Form) formSpec {
	submitted := f.Values != nil && r.Method == http.MethodPost && spec.Action == r.URL.Path
	if submitted {
		values, spec.Error = f.Values, f.Error
	}
	spec.ID = cmp.Or(spec.ID, "form"+strings.NewReplacer("/", "-", "{", "", "}", "").Replace(spec.Action))
	var mark func(fs []field) []field
	mark = func(fs []field) []field {
		out := make([]field, len(fs))
		for i, fd := range fs {
			fd.ID = spec.ID + "-" + strings.ReplaceAll(fd.Name, ".", "-")
			fd.Value = values.Get(fd.Name)
			fd.Invalid = submitted && f.Field != "" && (f.Field == fd.Name || strings.HasPrefix(f.Field, fd.Name+"."))
			var ids []string
			if fd.Invalid {
				ids = append(ids, spec.ID+"-error")
			}
			if fd.Hint != "" {
				ids = append(ids, fd.ID+"-hint")
			}
			fd.DescribedBy = strings.Join(ids, " ")
			fd.Group = mark(fd.Group)
			out[i] = fd
		}
		return out
	}
	spec.Fields = mark(spec.Fields)
	return spec
}

// textField is a text in several languages: the interface's, the
// organization's, and any the text has already, so that an edit keeps them.
func textField(lang, name, label string, org *accord.Organization, current accord.Text, required bool) field {
	langs := slices.Clone(i18n.Languages)
	if org != nil {
		langs = append(langs, org.DocumentLanguages()...)
	}
	langs = append(langs, current.Languages()...)
	slices.Sort(langs)
	f := field{Name: name, Label: label, Required: required}
	if required {
		f.Hint = i18n.T(lang, "Fill in at least one language.")
	}
	for _, l := range slices.Compact(langs) {
		f.Group = append(f.Group, field{Name: name + "." + l, Label: langLabel(l), Type: "text", Lang: l})
	}
	return f
}

func langLabel(l string) string { return cmp.Or(i18n.Names[l], l) }

// textValues writes a text as the keys textField's inputs use.
func textValues(v url.Values, name string, t accord.Text) {
	for l, s := range t {
		v.Set(name+"."+l, s)
	}
}

func dateValue(d accord.Date) string { return d.String() }

// stateOptions lists states by their names in the reader's language.
func (s *Server) stateOptions(ctx context.Context, lang string, keep func(string) bool) ([]option, error) {
	states, err := s.store.ListStates(ctx)
	if err != nil {
		return nil, err
	}
	col := s.collator(lang)
	defer s.releaseCollator(lang, col)
	slices.SortStableFunc(states, func(a, b *accord.State) int { return col.CompareString(a.Names.Get(lang), b.Names.Get(lang)) })
	var out []option
	for _, st := range states {
		if keep == nil || keep(st.Code) {
			out = append(out, option{st.Code, st.Names.Get(lang) + " (" + st.Code + ")"})
		}
	}
	return out, nil
}

// enumOptions offers the values of a domain enumeration, labelled as the
// pages name them elsewhere.
func enumOptions[E ~string](lang string, values ...E) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{string(v), i18n.Enum(lang, v)}
	}
	return out
}

func meetingFormats(lang string) []option {
	return enumOptions(lang, accord.InPerson, accord.Video, accord.Hybrid)
}

func meetingStatuses(lang string) []option {
	return enumOptions(lang, accord.Planned, accord.InSession, accord.Concluded)
}

func membershipStatuses(lang string) []option {
	return enumOptions(lang, accord.MembershipStatuses...)
}

func agendaKinds(lang string) []option { return enumOptions(lang, accord.AgendaKinds...) }

// editView is a page of forms: a record's edit form, with what else can be
// done to it (end, delete). The API shows the record.
type editView struct {
	Title  string     `json:"-"`
	Crumbs []crumb    `json:"-"`
	Forms  []formSpec `json:"-"`
	Record any        `json:"record,omitempty"`
}

func (v editView) title(string) string   { return v.Title }
func (v editView) crumbs(string) []crumb { return v.Crumbs }

// pager is a page of a list: lists show pageSize rows, and the links keep
// the filters.
type pager struct {
	Page  int `json:"page"`
	Pages int `json:"pages"`
	Total int `json:"total"`
	// For the page: the links, and their words in the reader's language.
	Prev    string    `json:"-"`
	Next    string    `json:"-"`
	Summary string    `json:"-"`
	Words   [3]string `json:"-"`
}

const pageSize = 20

// paginate cuts the page ?page= (from 1) out of a filtered list.
func paginate[E any](r *http.Request, items []E) ([]E, pager, error) {
	p := pager{Page: 1, Total: len(items), Pages: max(1, (len(items)+pageSize-1)/pageSize)}
	n, err := fields.Int(r, "page", 1, 1, min(openapi.MaxPage, int64(p.Pages)))
	if err != nil {
		return nil, p, err
	}
	p.Page = int(n)
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return "?" + q.Encode()
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	lang := i18n.RequestLanguage(r)
	p.Summary = i18n.Tf(lang, "Page %d of %d (%d in all)", p.Page, p.Pages, p.Total)
	p.Words = [3]string{i18n.T(lang, "Pages"), i18n.T(lang, "Previous page"), i18n.T(lang, "Next page")}
	from := (p.Page - 1) * pageSize
	return items[from:min(from+pageSize, len(items))], p, nil
}

// pageError is the error of a refused submission that no form on a list
// page shows (the reader may not have the form, or it was a button's), so
// that the page shows it above the list.
func pageError(r *http.Request, f Form, forms ...*formSpec) string {
	if r.Method != http.MethodPost {
		return ""
	}
	for _, spec := range forms {
		if spec != nil && spec.Error != "" {
			return ""
		}
	}
	return f.Error
}

// may asks the policy without failing: pages use it to offer only the
// forms the reader may submit.
func may(r *http.Request, act accord.Action, res accord.Resource) bool {
	return accord.Authorize(actor(r), act, res).Allow
}

func orgResource(org string) accord.Resource {
	return accord.Resource{Kind: accord.KindOrganization, Organizations: []string{org}}
}

// meetingResource describes a meeting to the policy, with the state that
// holds its body's chair now, its term, and the term the meeting falls in:
// the chair officer's rights follow the chair, and cover only the meetings
// of the term in office.
func (s *Server) meetingResource(ctx context.Context, m *accord.Meeting) (accord.Resource, error) {
	terms, err := s.store.ListChairTerms(ctx, m.Organization, m.Body)
	if err != nil {
		return accord.Resource{}, err
	}
	res := accord.Resource{Kind: accord.KindMeeting, Organizations: []string{m.Organization}, Body: m.Body}
	if t := termInOffice(terms, accord.DateOf(s.now())); t != nil {
		res.ChairState, res.ChairTerm = t.State, t.ID
	}
	if !m.Start.IsZero() {
		// On a handover day the outgoing chair presides: the meeting is of
		// the term that ends there, the first that holds the day.
		for _, t := range terms {
			if t.HoldsOn(m.Start) {
				res.Term = t.ID
				break
			}
		}
	}
	return res, nil
}

// chairInOffice is the state that holds a body's chair today, or "" when
// the record shows none: the state whose chair officers hold the chair's
// rights.
func (s *Server) chairInOffice(ctx context.Context, org, body string) (string, error) {
	terms, err := s.store.ListChairTerms(ctx, org, body)
	if err != nil {
		return "", err
	}
	if t := termInOffice(terms, accord.DateOf(s.now())); t != nil {
		return t.State, nil
	}
	return "", nil
}

// termInOffice is the term of terms (ordered by start) that holds the chair
// on day. On a handover day the incoming state, whose term starts last,
// holds it; a handover recorded for a later day has not happened yet.
func termInOffice(terms []*accord.ChairTerm, day accord.Date) *accord.ChairTerm {
	var in *accord.ChairTerm
	for _, t := range terms {
		if t.HoldsOn(day) {
			in = t
		}
	}
	return in
}

func delegationResource(m *accord.Meeting, state string) accord.Resource {
	return accord.Resource{Kind: accord.KindDelegation, Organizations: []string{m.Organization}, State: state}
}

// pathID reads a numeric id from the path; a malformed one is not found,
// since no record has it.
func pathID(r *http.Request, name, kind string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, accord.NotFound(kind, r.PathValue(name))
	}
	return id, nil
}

// created is the outcome of a create: 201 with the record for the API, the
// record's page for a browser.
func created(v view, redirect string) outcome {
	return outcome{view: v, status: http.StatusCreated, redirect: redirect}
}

// record is a stored record as an action's result; the API shows the
// record itself.
type record struct{ Record any }

func (r record) MarshalJSON() ([]byte, error) { return json.Marshal(r.Record) }

func (record) title(string) string   { return "" }
func (record) crumbs(string) []crumb { return nil }
