package http

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
)

// docJudge tells the policy about documents: the meetings they are linked
// to and those meetings' delegations (which say the author's state), loaded
// once per request however many documents are judged.
type docJudge struct {
	s           *Server
	ctx         context.Context
	meetings    map[int64]*accord.Meeting
	delegations []*accord.Delegation
}

func (s *Server) judge(ctx context.Context) *docJudge {
	return &docJudge{s: s, ctx: ctx, meetings: map[int64]*accord.Meeting{}}
}

func (j *docJudge) load(docs ...*accord.Document) error {
	for _, d := range docs {
		for _, l := range d.Links {
			if j.meetings[l.MeetingID] != nil {
				continue
			}
			m, err := j.s.store.FindMeetingByID(j.ctx, l.MeetingID)
			if err != nil {
				return err
			}
			dels, err := j.s.store.ListDelegations(j.ctx, m.ID)
			if err != nil {
				return err
			}
			j.meetings[m.ID], j.delegations = m, append(j.delegations, dels...)
		}
	}
	return nil
}

// linked returns a document's meetings, in the order of its links.
func (j *docJudge) linked(d *accord.Document) []*accord.Meeting {
	ms := make([]*accord.Meeting, 0, len(d.Links))
	for _, l := range d.Links {
		ms = append(ms, j.meetings[l.MeetingID])
	}
	return ms
}

func (j *docJudge) resource(d *accord.Document) (accord.Resource, error) {
	if err := j.load(d); err != nil {
		return accord.Resource{}, err
	}
	return documentResource(d, j.linked(d), j.delegations), nil
}

// documentFor loads the document the path's {id} names and checks that the
// actor may do act to it. One who may not read it is told it does not
// exist, before being told they may not change it, so that a refusal never
// reveals a document.
func (s *Server) documentFor(r *http.Request, act accord.Action) (*accord.Document, *docJudge, accord.Resource, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, accord.Resource{}, accord.Invalid("id", "%q is not a document id", r.PathValue("id"))
	}
	d, err := s.store.FindDocument(r.Context(), id)
	if err != nil {
		return nil, nil, accord.Resource{}, err
	}
	j := s.judge(r.Context())
	res, err := j.resource(d)
	if err != nil {
		return nil, nil, accord.Resource{}, err
	}
	what := "document " + strconv.FormatInt(id, 10)
	if err := authorize(r, accord.ActRead, res, what); err != nil {
		return nil, nil, res, err
	}
	if act != accord.ActRead {
		if err := authorize(r, act, res, what); err != nil {
			return nil, nil, res, err
		}
	}
	return d, j, res, nil
}

// documentItem is a document as lists show it: its titles in every
// language, without its texts.
type documentItem struct {
	documentSummary
	Languages []string  `json:"languages"`
	CreatedAt time.Time `json:"created_at"`
	Withdrawn bool      `json:"withdrawn,omitempty"`
}

func itemOf(d *accord.DocumentSummary) documentItem {
	it := documentItem{documentSummary: summaryOf(d), Languages: []string{}, CreatedAt: d.CreatedAt, Withdrawn: d.Withdrawn()}
	for _, t := range d.Titles {
		it.Languages = append(it.Languages, t.Lang)
	}
	return it
}

func summaryOf(d *accord.DocumentSummary) documentSummary {
	sum := documentSummary{ID: d.ID, Reference: d.Reference, Kind: d.Kind, Classification: d.Classification, Titles: accord.Text{}}
	for _, t := range d.Titles {
		sum.Titles[t.Lang] = t.Title
	}
	return sum
}

// documentsPageSize is how many documents a page of a list shows.
const documentsPageSize = 20

// documentsView is the documents a reader may read, filtered and paged.
// The database filters, counts and pages with the policy's reading rule
// among the conditions (accord.DocumentReaders), so that a count or a
// search never reveals a document.
type documentsView struct {
	Filter    documentQuery  `json:"filter"`
	Total     int            `json:"total"`
	Page      int            `json:"page"`
	Pages     int            `json:"pages"`
	Documents []documentItem `json:"documents"`
	Prev      string         `json:"-"`
	Next      string         `json:"-"`
	Options   docOptions     `json:"-"`
	// key and version name what the page shows, for fragmentView.
	key     string
	version int64
	// CanAdd offers the form that adds a document (mayAddDocuments).
	CanAdd bool `json:"-"`
}

func (v documentsView) contentKey() (string, int64) { return v.key, v.version }

type documentQuery struct {
	Organization string `json:"organization,omitempty"`
	Meeting      int64  `json:"meeting,omitempty"`
	Kind         string `json:"kind,omitempty"`
	// Lang filters by a version's language, as "language": "lang" is the
	// interface language on every page.
	Lang           string `json:"language,omitempty"`
	Classification string `json:"classification,omitempty"`
	Query          string `json:"q,omitempty"`
	Withdrawn      bool   `json:"withdrawn,omitempty"`
}

// docOptions are the choices forms about documents offer.
type docOptions struct {
	Organizations   []*accord.Organization
	Kinds           []accord.DocumentKind
	Classifications []accord.Classification
	Languages       []string
}

func (s *Server) docOptions(ctx context.Context) (docOptions, error) {
	orgs, err := s.store.ListOrganizations(ctx)
	o := docOptions{Organizations: orgs, Kinds: accord.DocumentKinds,
		Classifications: []accord.Classification{accord.Public, accord.Restricted, accord.Confidential}, Languages: slices.Clone(i18n.Languages)}
	// The organizations' languages, so that a text in Kazakh or Turkish
	// can be filed as such.
	for _, org := range orgs {
		for _, l := range org.DocumentLanguages() {
			if !slices.Contains(o.Languages, l) {
				o.Languages = append(o.Languages, l)
			}
		}
	}
	return o, err
}

func (v documentsView) title(lang string) string   { return i18n.T(lang, "Documents") }
func (v documentsView) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

func (s *Server) documentsView(r *http.Request) (view, error) {
	ctx, q := r.Context(), r.URL.Query()
	v := documentsView{Filter: documentQuery{Organization: q.Get("organization"), Kind: q.Get("kind"), Lang: q.Get("language"),
		Classification: q.Get("classification"), Query: strings.TrimSpace(q.Get("q")), Withdrawn: q.Get("withdrawn") != ""}, Page: 1, CanAdd: mayAddDocuments(actor(r))}
	f := accord.DocumentFilter{Organization: v.Filter.Organization, Kind: accord.DocumentKind(v.Filter.Kind), Lang: v.Filter.Lang, IncludeWithdrawn: v.Filter.Withdrawn}
	var err error
	if f.MeetingID, err = fields.Int(r, "meeting", 0, 1, openapi.MaxID); err != nil {
		return nil, err
	}
	v.Filter.Meeting = f.MeetingID
	if f.Kind != "" && !slices.Contains(accord.DocumentKinds, f.Kind) {
		return nil, accord.Invalid("kind", "%q is not a document kind", f.Kind)
	}
	if f.Lang != "" {
		if err := accord.ValidateLanguageTag("language", f.Lang); err != nil {
			return nil, err
		}
	}
	if c := accord.Classification(v.Filter.Classification); c != "" {
		if !slices.Contains([]accord.Classification{accord.Public, accord.Restricted, accord.Confidential}, c) {
			return nil, accord.Invalid("classification", "%q is not a classification: use public, restricted or confidential", c)
		}
		f.Classifications = []accord.Classification{c}
	}
	if utf8.RuneCountInString(v.Filter.Query) > 200 {
		return nil, accord.Invalid("q", "search for 200 characters at most")
	}
	n, err := fields.Int(r, "page", 1, 1, openapi.MaxPage)
	if err != nil {
		return nil, err
	}
	v.Page = int(n)
	readers := accord.ReadersOf(actor(r))
	f.Readers, f.Query = &readers, v.Filter.Query
	f.Limit, f.Offset = documentsPageSize, (v.Page-1)*documentsPageSize
	// The page and the count are kept per filter and reader class (the
	// filter holds the class) until something the list shows changes:
	// counting reads every match, where a page stops at twenty.
	version, err := s.changeVersion(r, allScopes(r))
	if err != nil {
		return nil, err
	}
	pageKey, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	docs, err := cachedData(&s.data, "documents|"+string(pageKey), version, func() ([]*accord.DocumentSummary, error) {
		return s.store.ListDocumentSummaries(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	counted := f
	counted.Limit, counted.Offset = 0, 0
	key, err := json.Marshal(counted)
	if err != nil {
		return nil, err
	}
	if v.Total, err = cachedData(&s.data, "count|"+string(key), version, func() (int, error) {
		return s.store.CountDocuments(ctx, counted)
	}); err != nil {
		return nil, err
	}
	v.Pages = max(1, (v.Total+documentsPageSize-1)/documentsPageSize)
	v.Documents = make([]documentItem, 0, len(docs))
	for _, d := range docs {
		v.Documents = append(v.Documents, itemOf(d))
	}
	// The links to other pages carry the filter alone, so that the page
	// is one for every request of that filter (fragmentView).
	filter := url.Values{}
	for _, k := range []string{"organization", "meeting", "kind", "lang", "classification", "q", "withdrawn"} {
		if val := q.Get(k); val != "" {
			filter.Set(k, val)
		}
	}
	page := func(n int) string {
		filter.Set("page", strconv.Itoa(n))
		return "?" + filter.Encode()
	}
	if v.Page > 1 {
		v.Prev = page(min(v.Page-1, v.Pages))
	}
	if v.Page < v.Pages {
		v.Next = page(v.Page + 1)
	}
	filter.Set("page", strconv.Itoa(v.Page))
	// The content shows the filter's documents to the reader class, and
	// offers a signed-in reader more.
	v.key = fmt.Sprintf("documents|%s|%s|%t", filter.Encode(), readers.Key(), actor(r).User != nil)
	v.version = version
	v.Options, err = cachedData(&s.data, "docOptions", version, func() (docOptions, error) { return s.docOptions(ctx) })
	return v, err
}

// recentDocuments returns the newest documents of an organization that a
// may read: one page of the database's list.
func (s *Server) recentDocuments(ctx context.Context, a *accord.Actor, org string, n int) ([]documentItem, error) {
	readers := accord.ReadersOf(a)
	docs, err := s.store.ListDocumentSummaries(ctx, accord.DocumentFilter{Organization: org, Readers: &readers, Limit: n})
	if err != nil {
		return nil, err
	}
	out := make([]documentItem, 0, len(docs))
	for _, d := range docs {
		out = append(out, itemOf(d))
	}
	return out, nil
}

// documentFormView is the form that adds a document to a meeting: first
// the meeting is chosen, then the form offers that meeting's agenda,
// authors and recipients, so that it works without JavaScript.
type documentFormView struct {
	Form     Form                 `json:"-"`
	Meetings []meetingChoice      `json:"meetings"`
	Meeting  *accord.Meeting      `json:"meeting,omitempty"`
	Agenda   []*accord.AgendaItem `json:"agenda,omitempty"`
	Authors  []choice             `json:"authors,omitempty"`
	States   []choice             `json:"states,omitempty"`
	Options  docOptions           `json:"-"`
}

type meetingChoice struct {
	*accord.Meeting
	Label string `json:"label"`
}

// choice is an option of a select or a checkbox list.
type choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

func (v documentFormView) title(lang string) string { return i18n.T(lang, "New document") }
func (v documentFormView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: i18n.T(lang, "Documents"), Href: "/documents"}}
}

func meetingLabel(lang string, m *accord.Meeting) string {
	return fmt.Sprintf("%s %s %s, %s", m.Organization, m.Body, m.Numeral(), i18n.FormatDateRange(lang, m.Start, m.End))
}

// authorChoices are the authors a may write a document as at meeting m:
// the secretariat, the chair, or a delegation, each as the policy allows.
func authorChoices(lang string, a *accord.Actor, m *accord.Meeting, dels []*accord.Delegation) []choice {
	var out []choice
	try := func(value, label string, d *accord.Document) {
		if accord.Authorize(a, accord.ActCreate, documentResource(d, []*accord.Meeting{m}, dels)).Allow {
			out = append(out, choice{value, label})
		}
	}
	try("secretariat", i18n.T(lang, "The secretariat"), &accord.Document{AuthorKind: accord.AuthorSecretariat})
	if m.Chair != "" {
		try("chair", i18n.T(lang, "The chair"), &accord.Document{AuthorKind: accord.AuthorChair})
	}
	for _, d := range dels {
		try("delegation:"+strconv.FormatInt(d.ID, 10), i18n.Tf(lang, "Delegation of %s", d.PartyNames.Get(lang)),
			&accord.Document{AuthorKind: accord.AuthorDelegation, AuthorDelegationID: d.ID})
	}
	return out
}

func (s *Server) documentNewPage(r *http.Request, f Form) (view, error) {
	ctx, lang, a := r.Context(), i18n.RequestLanguage(r), actor(r)
	if _, err := signedIn(r); err != nil {
		return nil, err
	}
	v := documentFormView{Form: f, Meetings: []meetingChoice{}}
	var err error
	if v.Options, err = s.docOptions(ctx); err != nil {
		return nil, err
	}
	// Only the organizations of the user's grants can pass the policy;
	// asking it about the others' meetings would only cost queries.
	var orgs []string
	for _, g := range a.User.Grants {
		orgs = append(orgs, g.Organization)
	}
	ms, err := s.store.ListMeetings(ctx, accord.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	if _, err := fields.Int(r, "meeting", 0, 1, openapi.MaxID); err != nil {
		return nil, err
	}
	want := cmp.Or(f.Get("meeting_id"), r.URL.Query().Get("meeting"))
	for _, m := range slices.Backward(ms) {
		if !slices.Contains(orgs, m.Organization) {
			continue
		}
		dels, err := s.store.ListDelegations(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		// Authors and recipients are the meeting's participants: not a
		// state that declined its invitation.
		dels = accord.Attending(dels)
		authors := authorChoices(lang, a, m, dels)
		if len(authors) == 0 {
			continue
		}
		v.Meetings = append(v.Meetings, meetingChoice{m, meetingLabel(lang, m)})
		if strconv.FormatInt(m.ID, 10) != want {
			continue
		}
		v.Meeting, v.Authors = m, authors
		if v.Agenda, err = s.store.ListAgenda(ctx, m.ID); err != nil {
			return nil, err
		}
		for _, d := range dels {
			if d.State != "" {
				v.States = append(v.States, choice{d.State, d.PartyNames.Get(lang)})
			}
		}
	}
	if len(v.Meetings) == 0 {
		return nil, &accord.Error{Code: accord.EFORBIDDEN, Message: "You may not add documents to any meeting."}
	}
	if want != "" && v.Meeting == nil {
		return nil, accord.Invalid("meeting_id", "choose a meeting you may add documents to")
	}
	return v, nil
}

// formID reads an id from a form; 0 when it is empty and not required.
func formID(in url.Values, field string, required bool) (int64, error) {
	raw := strings.TrimSpace(in.Get(field))
	if raw == "" && !required {
		return 0, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		if raw == "" {
			return 0, accord.Invalid(field, "is required")
		}
		return 0, accord.Invalid(field, "%q is not an id", raw)
	}
	return id, nil
}

// formStates reads state codes given as repeated fields, or as one field
// separated by commas or spaces, as an API client would send them.
func formStates(values []string) []string {
	out := []string{}
	for _, v := range values {
		for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// formFieldOf renames the fields the store blames for a new document to
// the form's: the form has one version and one link.
func formFieldOf(err error) error {
	e, ok := err.(*accord.Error)
	if !ok {
		return err
	}
	c := *e
	c.Field = strings.TrimPrefix(strings.TrimPrefix(c.Field, "versions[0]."), "links[0].")
	if c.Field == "author_kind" || c.Field == "author_delegation_id" {
		c.Field = "author"
	}
	if strings.HasPrefix(c.Field, "recipients[") {
		c.Field = "recipients"
	}
	return &c
}

// documentChanged answers a change to a document: the document as it is now.
type documentChanged struct {
	Document *accord.Document `json:"document"`
}

func (v documentChanged) title(lang string) string   { return v.Document.Reference }
func (v documentChanged) crumbs(lang string) []crumb { return []crumb{homeCrumb} }

func (s *Server) changed(ctx context.Context, id int64, status int, redirect string) (outcome, error) {
	d, err := s.store.FindDocument(ctx, id)
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: documentChanged{d}, status: status, redirect: redirect}, nil
}

func (s *Server) createDocument(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	if _, err := signedIn(r); err != nil {
		return outcome{}, err
	}
	meetingID, err := formID(in, "meeting_id", true)
	if err != nil {
		return outcome{}, err
	}
	m, err := s.store.FindMeetingByID(ctx, meetingID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return outcome{}, accord.Invalid("meeting_id", "the meeting chosen does not exist any more: choose another")
	} else if err != nil {
		return outcome{}, err
	}
	item, err := formID(in, "agenda_item_id", false)
	if err != nil {
		return outcome{}, err
	}
	d := &accord.Document{Reference: strings.TrimSpace(in.Get("reference")), Kind: accord.DocumentKind(in.Get("kind")),
		Classification: accord.Classification(in.Get("classification")), Recipients: formStates(in["recipients"]),
		Links:    []accord.DocumentLink{{MeetingID: m.ID, AgendaItemID: item}},
		Versions: []accord.DocumentVersion{{Lang: in.Get("lang"), Title: strings.TrimSpace(in.Get("title")), Body: in.Get("body")}}}
	if d.EmbargoUntil, err = formEmbargo(in); err != nil {
		return outcome{}, err
	}
	// Only a delegation's document needs the meeting's delegations.
	var dels []*accord.Delegation
	switch author := in.Get("author"); {
	case author == "secretariat" || author == "chair":
		d.AuthorKind = accord.AuthorKind(author)
	case strings.HasPrefix(author, "delegation:"):
		d.AuthorKind = accord.AuthorDelegation
		d.AuthorDelegationID, _ = strconv.ParseInt(strings.TrimPrefix(author, "delegation:"), 10, 64)
		if dels, err = s.store.ListDelegations(ctx, m.ID); err != nil {
			return outcome{}, err
		}
		// The author's delegation attends the meeting: that is how the
		// policy learns the author's state. A declined one does not.
		if !slices.ContainsFunc(dels, func(del *accord.Delegation) bool { return del.ID == d.AuthorDelegationID && del.Attends() }) {
			return outcome{}, accord.Invalid("author", "%q is not a delegation to this meeting", author)
		}
	default:
		return outcome{}, accord.Invalid("author", "choose the author: secretariat, chair or delegation:<id>")
	}
	if err := authorize(r, accord.ActCreate, documentResource(d, []*accord.Meeting{m}, dels), "document"); err != nil {
		return outcome{}, err
	}
	if err := s.store.CreateDocument(ctx, d); err != nil {
		return outcome{}, formFieldOf(err)
	}
	// The store leaves d as a read of it returns it, which spares reading
	// it again.
	return outcome{view: documentChanged{d}, status: http.StatusCreated, redirect: docPath(d.ID)}, nil
}

func docPath(id int64) string { return "/documents/" + strconv.FormatInt(id, 10) }

// documentEditView is the page of forms that change a document: its
// metadata, a new version, a file, its meetings, and its withdrawal.
type documentEditView struct {
	Form     Form             `json:"-"`
	Document *accord.Document `json:"document"`
	Links    []linkRow        `json:"-"`
	// Meetings are those the document may be linked to besides its own.
	Meetings []meetingChoice         `json:"-"`
	States   []choice                `json:"-"`
	Options  docOptions              `json:"-"`
	Files    []accord.FileType       `json:"-"`
	Shown    *accord.DocumentVersion `json:"-"`
	// Done is the section whose form was just sent and worked: the page
	// confirms it there, where the reader comes back to, not at the top.
	Done string `json:"-"`
	// now is the request's moment, which the embargo is judged at.
	now time.Time
}

type linkRow struct {
	Meeting *accord.Meeting
	Label   string
	Item    int64
	Agenda  []*accord.AgendaItem
}

// ConfirmsInline tells the layout that the page shows its confirmation in
// the section the reader is sent back to.
func (v documentEditView) ConfirmsInline() bool { return v.Done != "" }

// editSections are the sections of the edit page, by the route whose form
// each holds: after its action the reader comes back to that section
// (editPath), so that one workspace holds every change to a document
// rather than each form leading somewhere else.
var editSections = map[string]string{
	"document_version_add": "add-version",
	"attachment_upload":    "attach",
	"attachment_withdraw":  "attach",
	"photo_upload":         "photos",
	"document_update":      "metadata",
	"document_link":        "links",
	"document_unlink":      "links",
}

// editPath is the edit page of document id, at the section of route.
func editPath(id int64, route string) string {
	return docPath(id) + "/edit#" + editSections[route]
}

func (v documentEditView) title(lang string) string {
	return i18n.Tf(lang, "Edit %s", v.Document.Reference)
}
func (v documentEditView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: i18n.T(lang, "Documents"), Href: "/documents"}, {Label: v.Document.Reference, Href: docPath(v.Document.ID)}}
}

// Checked tells whether a checkbox of the recipients is ticked: as the
// refused form had it, else as the document has it.
func (v documentEditView) Checked(state string) bool {
	if v.Form.Values.Has("recipients") {
		return slices.Contains(formStates(v.Form.Values["recipients"]), state)
	}
	return slices.Contains(v.Document.Recipients, state)
}

// Value is what a field of the form the page shows again holds: what was
// typed into the refused form, else the document's.
func (v documentEditView) Value(form, field, current string) string {
	if v.Form.Get("form") == form && v.Form.Values.Has(field) {
		return v.Form.Get(field)
	}
	return current
}

func (s *Server) documentEditPage(r *http.Request, f Form) (view, error) {
	ctx, lang := r.Context(), i18n.RequestLanguage(r)
	d, j, res, err := s.documentFor(r, accord.ActUpdate)
	if err != nil {
		return nil, err
	}
	if d.Withdrawn() {
		return nil, accord.Errorf(accord.ECONFLICT, "document %s is withdrawn and no longer changes", d.Reference)
	}
	v := documentEditView{Form: f, Document: d, Meetings: []meetingChoice{}, Files: accord.FileTypes, now: actor(r).At,
		Done: editSections[confirmedRoute(r)]}
	if v.Options, err = s.docOptions(ctx); err != nil {
		return nil, err
	}
	v.Shown, _ = d.Version(lang)
	states := map[string]string{}
	for _, l := range d.Links {
		m := j.meetings[l.MeetingID]
		row := linkRow{Meeting: m, Label: meetingLabel(lang, m), Item: l.AgendaItemID}
		if row.Agenda, err = s.store.ListAgenda(ctx, m.ID); err != nil {
			return nil, err
		}
		v.Links = append(v.Links, row)
	}
	// The recipients offered are the meetings' participants; a recipient
	// chosen before its state declined stays, so that it can be removed.
	for _, del := range accord.Attending(j.delegations) {
		if del.State != "" {
			states[del.State] = del.PartyNames.Get(lang)
		}
	}
	for _, st := range d.Recipients {
		states[st] = cmp.Or(states[st], st)
	}
	for code, name := range states {
		v.States = append(v.States, choice{code, name})
	}
	slices.SortFunc(v.States, func(a, b choice) int { return strings.Compare(a.Value, b.Value) })
	ms, err := s.store.ListMeetings(ctx, accord.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range slices.Backward(ms) {
		if j.meetings[m.ID] == nil && accord.Authorize(actor(r), accord.ActUpdate, linkResource(res, m)).Allow {
			v.Meetings = append(v.Meetings, meetingChoice{m, meetingLabel(lang, m)})
		}
	}
	return v, nil
}

// linkResource is a document as the policy sees it when linked to m: the
// editor must be allowed to change it in m's organization too, so that no
// one files a document with a council they have no part in.
func linkResource(res accord.Resource, m *accord.Meeting) accord.Resource {
	res.Organizations = []string{m.Organization}
	return res
}

func (s *Server) updateDocument(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, _, res, err := s.documentFor(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	next := *d
	if in.Has("reference") {
		next.Reference = strings.TrimSpace(in.Get("reference"))
	}
	if in.Has("kind") {
		next.Kind = accord.DocumentKind(in.Get("kind"))
	}
	if in.Has("classification") {
		next.Classification = accord.Classification(in.Get("classification"))
	}
	if in.Has("recipients") {
		next.Recipients = formStates(in["recipients"])
	}
	if in.Has("embargo_until") {
		if next.EmbargoUntil, err = formEmbargo(in); err != nil {
			return outcome{}, err
		}
	}
	res.Classification, res.Recipients, res.EmbargoUntil = next.Classification, next.Recipients, next.EmbargoUntil
	if err := authorize(r, accord.ActUpdate, res, "document"); err != nil {
		return outcome{}, err
	}
	if err := s.store.UpdateDocument(r.Context(), &next); err != nil {
		return outcome{}, formFieldOf(err)
	}
	return s.changed(r.Context(), d.ID, http.StatusOK, editPath(d.ID, "document_update"))
}

func (s *Server) addDocumentVersion(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, _, _, err := s.documentFor(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	if d.Withdrawn() {
		return outcome{}, accord.Errorf(accord.ECONFLICT, "document %s is withdrawn and no longer changes", d.Reference)
	}
	v := &accord.DocumentVersion{DocumentID: d.ID, Lang: in.Get("lang"), Title: strings.TrimSpace(in.Get("title")), Body: in.Get("body")}
	if err := s.store.AddDocumentVersion(r.Context(), v); err != nil {
		return outcome{}, err
	}
	return s.changed(r.Context(), d.ID, http.StatusCreated, editPath(d.ID, "document_version_add"))
}

func (s *Server) linkDocument(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	d, _, res, err := s.documentFor(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	l := accord.DocumentLink{}
	if l.MeetingID, err = formID(in, "meeting_id", true); err != nil {
		return outcome{}, err
	}
	if l.AgendaItemID, err = formID(in, "agenda_item_id", false); err != nil {
		return outcome{}, err
	}
	m, err := s.store.FindMeetingByID(ctx, l.MeetingID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return outcome{}, accord.Invalid("meeting_id", "the meeting chosen does not exist any more: choose another")
	} else if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, linkResource(res, m), "document"); err != nil {
		return outcome{}, err
	}
	if err := s.store.LinkDocument(ctx, d.ID, l); err != nil {
		return outcome{}, err
	}
	return s.changed(ctx, d.ID, http.StatusOK, editPath(d.ID, "document_link"))
}

func (s *Server) unlinkDocument(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, _, _, err := s.documentFor(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	meetingID, err := strconv.ParseInt(r.PathValue("meeting"), 10, 64)
	if err != nil {
		return outcome{}, accord.Invalid("meeting_id", "%q is not a meeting id", r.PathValue("meeting"))
	}
	if err := s.store.UnlinkDocument(r.Context(), d.ID, meetingID); err != nil {
		return outcome{}, err
	}
	return s.changed(r.Context(), d.ID, http.StatusOK, editPath(d.ID, "document_unlink"))
}

func (s *Server) withdrawDocument(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, _, _, err := s.documentFor(r, accord.ActDelete)
	if err != nil {
		return outcome{}, err
	}
	if err := confirmedWithdrawal(r, in); err != nil {
		return outcome{}, err
	}
	if err := s.store.WithdrawDocument(r.Context(), d.ID, strings.TrimSpace(in.Get("reason"))); err != nil {
		return outcome{}, err
	}
	return s.changed(r.Context(), d.ID, http.StatusOK, docPath(d.ID))
}

// The fields of the forms about documents, by form, so that a refusal is
// shown next to its field, or at the top of its form when the field is not
// one the form shows.
var documentFormFields = map[string][]string{
	"new":        {"meeting_id", "author", "reference", "kind", "classification", "recipients", "agenda_item_id", "embargo_until", "lang", "title", "body"},
	"metadata":   {"reference", "kind", "classification", "recipients", "embargo_until"},
	"version":    {"lang", "title", "body"},
	"file":       {"lang", "file"},
	"link":       {"meeting_id", "agenda_item_id"},
	"withdraw":   {"reason", "confirm"},
	"attachment": {"reason", "confirm"},
	"photo":      {"file", "alt.*"},
}

// formErr returns f's error when it belongs to field of form; with field
// "", when it belongs to form but to none of the fields it shows. A form is
// named by the hidden field "form": "version", or "attachment-12" for the
// withdrawal of attachment 12; the new document's form has none.
func formErr(f Form, form, field string) string {
	if f.Error == "" || cmp.Or(f.Get("form"), "new") != form {
		return ""
	}
	base, _, _ := strings.Cut(form, "-")
	if field == "" {
		if slices.ContainsFunc(documentFormFields[base], func(name string) bool { return fieldMatches(name, f.Field) }) {
			return ""
		}
		return f.Error
	}
	if f.Field == field {
		return f.Error
	}
	return ""
}

// fieldMatches tells whether field is the form's field name, or one of
// its texts by language when name is "alt.*".
func fieldMatches(name, field string) bool {
	if prefix, ok := strings.CutSuffix(name, "*"); ok {
		return strings.HasPrefix(field, prefix)
	}
	return name == field
}

// Err is the error to show next to a field of the new document's form.
func (v documentFormView) Err(field string) string { return formErr(v.Form, "new", field) }

// Err is the error to show next to a field of one of the edit page's
// forms.
func (v documentEditView) Err(form, field string) string { return formErr(v.Form, form, field) }

// Unplaced is an error of no form of the page, shown at its top.
func (v documentEditView) Unplaced() string {
	base, _, _ := strings.Cut(v.Form.Get("form"), "-")
	if _, ok := documentFormFields[base]; ok && base != "new" {
		return ""
	}
	return v.Form.Error
}
