package http

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/rotation"
)

// recordTerm records a term from the secretariat's records: the first term
// of a body, or any past one. A term of the state whose term ends where it
// begins extends that term, as a decision with its reason.
func (s *Server) recordTerm(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, bodyResource(org, body, ""), "chair term"); err != nil {
		return outcome{}, err
	}
	c, _, err := s.readTerm(r, org.Code, body.Code, in)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.AddChairTerm(r.Context(), c); err != nil {
		return outcome{}, reasonField(err)
	}
	return created(record{c}, bodyPath(org.Code, body.Code)+"/chairs"), nil
}

// reasonField names the reason as the API and the forms call it: the
// domain stores it as the term's note.
func reasonField(err error) error {
	var e *accord.Error
	if errors.As(err, &e) && strings.HasSuffix(e.Field, "note") {
		c := *e
		c.Field = strings.TrimSuffix(e.Field, "note") + "reason"
		return &c
	}
	return err
}

// meetingID finds the meeting a number (22 or XXII) names in the body; ""
// is none.
func (s *Server) meetingID(r *http.Request, org, body, field, raw string) (int64, error) {
	if raw == "" {
		return 0, nil
	}
	n, err := parseMeetingNumber(raw)
	if err != nil {
		return 0, accord.Invalid(field, "%q is not a meeting number such as 22 or XXII", raw)
	}
	m, err := s.store.FindMeeting(r.Context(), org, body, n)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return 0, accord.Invalid(field, "meeting %s of %s %s does not exist", raw, org, body)
	}
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// csvColumns are the columns of an import, in their order; a first line
// that names them is a header.
var csvColumns = []string{"state", "from", "until", "meeting", "basis", "reason"}

// maxCSVErrors bounds the lines an answer lists: past it, the file is
// surely not what the columns say.
const maxCSVErrors = 20

// importTerms records the terms of a CSV file (text/csv, or the field csv
// of a form or a JSON object) in one transaction: all of them or none.
// Every bad line is answered with its number and field.
func (s *Server) importTerms(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, bodyResource(org, body, ""), "chair terms"); err != nil {
		return outcome{}, err
	}
	data := []byte(in.Get("csv"))
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "text/csv" {
		// input leaves a body it does not parse unread, under its limit.
		if data, err = io.ReadAll(r.Body); err != nil {
			return outcome{}, fields.BodyError(err)
		}
		if err := accord.ValidateText("csv", strings.ReplaceAll(strings.ReplaceAll(string(data), "\r", ""), "\n", "")); err != nil {
			return outcome{}, err
		}
	}
	terms, lines, err := s.parseTerms(r, org.Code, body.Code, data)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.AddChairTerms(r.Context(), terms); err != nil {
		return outcome{}, lineError(err, lines)
	}
	return outcome{view: importView{Imported: len(terms), Terms: terms}, status: http.StatusCreated, redirect: bodyPath(org.Code, body.Code) + "/chairs"}, nil
}

type importView struct {
	Imported int                 `json:"imported"`
	Terms    []*accord.ChairTerm `json:"terms"`
}

func (v importView) title(lang string) string { return i18n.T(lang, "Done") }
func (v importView) crumbs(string) []crumb    { return nil }

// parseTerms reads the terms of a CSV file, and the line each began on.
func (s *Server) parseTerms(r *http.Request, org, body string, data []byte) ([]*accord.ChairTerm, []int, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	// Unknown states are found here, so that every such line is answered
	// at once; the store checks memberships and overlaps.
	states, err := s.store.ListStates(r.Context())
	if err != nil {
		return nil, nil, err
	}
	known := map[string]bool{}
	for _, st := range states {
		known[st.Code] = true
	}
	var terms []*accord.ChairTerm
	var lines []int
	var bad accord.Messages
	var first error
	fail := func(line int, field string, err error) {
		if first == nil {
			first = &accord.Error{Code: accord.ErrorCode(err), Field: fmt.Sprintf("line[%d].%s", line, field)}
		}
		if len(bad) < maxCSVErrors {
			e, ok := errors.AsType[*accord.Error](err)
			if !ok {
				e = &accord.Error{Code: accord.ErrorCode(err), Message: accord.ErrorMessage(err)}
			}
			bad = append(bad, accord.LineError(line, field, e))
		}
	}
	for n := 0; ; n++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "csv", accord.Invalid("csv", "is not a CSV line"))
			break
		}
		if n == 0 && strings.EqualFold(strings.TrimSpace(row[0]), csvColumns[0]) {
			continue // the header
		}
		if len(terms)+len(bad) >= maxCSVTerms {
			fail(line, "csv", accord.Invalid("csv", "at most %d terms at once", maxCSVTerms))
			break
		}
		if len(row) != len(csvColumns) {
			fail(line, "csv", accord.Invalid("csv", "has %d columns, not the %d of %s", len(row), len(csvColumns), strings.Join(csvColumns, ",")))
			continue
		}
		in := url.Values{}
		for i, col := range csvColumns {
			in.Set(col, row[i])
		}
		if err := fields.Validate(in); err != nil {
			fail(line, accord.ErrorField(err), err)
			continue
		}
		c, field, err := s.readTerm(r, org, body, in)
		if err == nil && !known[c.State] {
			field, err = "state", accord.Invalid("state", "%s is not a registered state", c.State)
		}
		if err != nil {
			fail(line, field, err)
			continue
		}
		terms, lines = append(terms, c), append(lines, line)
	}
	if first == nil && len(terms) == 0 {
		return nil, nil, accord.Invalid("csv", "has no terms: send lines of %s", strings.Join(csvColumns, ","))
	}
	if first != nil {
		e := accord.Errorf(accord.ErrorCode(first), "%s", bad)
		e.Field = accord.ErrorField(first)
		return nil, nil, e
	}
	return terms, lines, nil
}

// maxCSVTerms is AddChairTerms' bound.
const maxCSVTerms = 1000

// readTerm reads a term from a form, a JSON object or a CSV line, and
// returns the field at fault with an error.
func (s *Server) readTerm(r *http.Request, org, body string, in url.Values) (*accord.ChairTerm, string, error) {
	b := &binder{in: in}
	c := &accord.ChairTerm{Organization: org, Body: body}
	var basis, meeting string
	b.str("state", &c.State)
	b.date("from", &c.From)
	b.date("until", &c.Until)
	b.str("meeting", &meeting)
	b.str("basis", &basis)
	b.str("reason", &c.Note)
	b.id("source_document_id", &c.SourceDocumentID)
	if b.err != nil {
		return nil, accord.ErrorField(b.err), b.err
	}
	c.Basis = accord.ChairBasis(basis)
	var err error
	if c.FromMeetingID, err = s.meetingID(r, org, body, "meeting", meeting); err != nil {
		return nil, "meeting", err
	}
	if err := accord.ValidateStateCode("state", c.State); err != nil {
		return nil, "state", err
	}
	if err := c.Validate(); err != nil {
		err = reasonField(err)
		return nil, accord.ErrorField(err), err
	}
	return c, "", nil
}

var termIndex = regexp.MustCompile(`^terms\[(\d+)\]\.?(.*)$`)

// lineError names the line of the term a batch refused.
func lineError(err error, lines []int) error {
	var e *accord.Error
	if !errors.As(err, &e) {
		return err
	}
	m := termIndex.FindStringSubmatch(e.Field)
	if m == nil {
		return err
	}
	i, _ := strconv.Atoi(m[1])
	if i >= len(lines) {
		return err
	}
	field := m[2]
	if field == "note" {
		field = "reason"
	}
	if field == "from_meeting_id" {
		field = "meeting"
	}
	c := accord.LineError(lines[i], field, e)
	c.Field = fmt.Sprintf("line[%d].%s", lines[i], field)
	c.Op, c.Err = e.Op, e.Err
	return c
}

// previewView is what a handover at a meeting would be: whom the rule
// gives, and whether a reason is needed; the page is the handover form.
type previewView struct {
	Organization *accord.Organization `json:"organization"`
	Body         *accord.Body         `json:"body"`
	// Meeting is the meeting the preview is for; nil for a day.
	Meeting *accord.Meeting `json:"meeting"`
	rotation.Preview
	RuleGivesNames accord.Text `json:"rule_gives_names,omitempty"`
	CanHandOver    bool        `json:"can_hand_over"`
	Form           *formSpec   `json:"-"`
}

func (v previewView) title(lang string) string {
	return v.Body.Names.Get(lang) + ": " + i18n.T(lang, "Hand over the chair")
}
func (v previewView) crumbs(lang string) []crumb {
	return append(chairsView{Organization: v.Organization, Body: v.Body}.crumbs(lang),
		crumb{Label: i18n.T(lang, "Chairmanship"), Href: bodyPath(v.Organization.Code, v.Body.Code) + "/chairs"})
}

// previewPage previews the handover at ?meeting=N (on its last day, or
// ?date=), or on ?date= or today without one.
func (s *Server) previewPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	org, body, err := s.findBody(r)
	if err != nil {
		return nil, err
	}
	// A refused handover shows its form again, for the meeting and day it
	// was sent for.
	q := r.URL.Query()
	if r.Method == http.MethodPost && f.Values != nil {
		q = url.Values{"meeting": {f.Get("meeting")}, "date": {f.Get("date")}}
	}
	v := previewView{Organization: org, Body: body}
	day := accord.DateOf(s.now())
	if raw := q.Get("meeting"); raw != "" {
		n, err := parseMeetingNumber(raw)
		if err != nil {
			return nil, accord.Invalid("meeting", "%q is not a meeting number such as 22 or XXII", raw)
		}
		if v.Meeting, err = s.store.FindMeeting(ctx, org.Code, body.Code, n); err != nil {
			return nil, err
		}
		// A meeting known by its month or year hands over at the latest
		// on the period's last day, as the forecast takes it; the form
		// then asks for the day.
		day = v.Meeting.End.Last()
	}
	if raw := q.Get("date"); raw != "" {
		if day, err = accord.ParseDate(raw); err != nil {
			return nil, accord.Invalid("date", "%q is not a date of the form YYYY-MM-DD", raw)
		}
	}
	rec, err := rotation.Load(ctx, s.store, org.Code, body.Code, day)
	if err != nil {
		return nil, err
	}
	outgoing := ""
	if len(rec.Terms) > 0 && rec.Terms[len(rec.Terms)-1].Until.IsZero() {
		outgoing = rec.Terms[len(rec.Terms)-1].State
	}
	v.Preview = rec.Rules.Preview(outgoing, day)
	v.RuleGivesNames = rec.Rules.Names(v.RuleGives)
	v.CanHandOver = outgoing != "" && may(r, accord.ActHandover, bodyResource(org, body, outgoing))
	if v.CanHandOver {
		members, err := s.store.MembersOn(ctx, org.Code, day, accord.Member)
		if err != nil {
			return nil, err
		}
		isMember := map[string]bool{}
		for _, m := range members {
			isMember[m.State] = true
		}
		states, err := s.stateOptions(ctx, lang, func(code string) bool { return isMember[code] })
		if err != nil {
			return nil, err
		}
		values := url.Values{"to": {v.RuleGives}, "date": {day.String()}}
		if v.Meeting != nil && !v.Meeting.End.Exact() && q.Get("date") == "" {
			values.Del("date")
		}
		if v.Meeting != nil {
			values.Set("meeting", strconv.Itoa(v.Meeting.Number))
		}
		spec := fill(r, formSpec{Heading: i18n.T(lang, "Hand over the chair"), Action: bodyPath(org.Code, body.Code) + "/chairs/handover", Submit: i18n.T(lang, "Hand over"),
			Fields: []field{
				{Name: "to", Label: i18n.T(lang, "Incoming state"), Type: "select", Required: true, Options: states},
				{Name: "reason", Label: i18n.T(lang, "Reason of a decision"), Type: "text", Required: v.ReasonNeeded,
					Hint: i18n.T(lang, "Needed unless the incoming state is the one the rule gives.")},
				{Name: "meeting", Label: i18n.T(lang, "At meeting (number)"), Type: "text"},
				{Name: "date", Label: i18n.T(lang, "Date"), Type: "date", Hint: i18n.T(lang, "Within or after the meeting.")},
			}}, values, f)
		v.Form = &spec
	}
	return v, nil
}

// termForm records a past term; the states offered are the
// organization's members, past and present.
func (s *Server) termForm(r *http.Request, org *accord.Organization, body *accord.Body, f Form) (*formSpec, error) {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	members, err := s.store.ListMemberships(ctx, org.Code)
	if err != nil {
		return nil, err
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.State] = m.Status == accord.Member || isMember[m.State]
	}
	states, err := s.stateOptions(ctx, lang, func(code string) bool { return isMember[code] })
	if err != nil {
		return nil, err
	}
	spec := fill(r, formSpec{Heading: i18n.T(lang, "Record a term"), Action: bodyPath(org.Code, body.Code) + "/chairs", Submit: i18n.T(lang, "Record the term"),
		Fields: []field{
			{Name: "state", Label: i18n.T(lang, "State"), Type: "select", Required: true, Options: states},
			{Name: "from", Label: i18n.T(lang, "From"), Type: "date", Required: true},
			{Name: "until", Label: i18n.T(lang, "Until"), Type: "date", Hint: i18n.T(lang, "Empty while the term lasts.")},
			{Name: "meeting", Label: i18n.T(lang, "Meeting that began it (number)"), Type: "text"},
			{Name: "basis", Label: i18n.T(lang, "Basis"), Type: "select", Required: true,
				Options: []option{{string(accord.ByDecision), i18n.Enum(lang, accord.ByDecision)}, {string(accord.ByRule), i18n.Enum(lang, accord.ByRule)}}},
			{Name: "reason", Label: i18n.T(lang, "Reason of a decision"), Type: "text",
				Hint: i18n.T(lang, "A founding meeting, the host of a summit, an extension for the next meeting…")},
			{Name: "source_document_id", Label: i18n.T(lang, "Source document (id)"), Type: "number"},
		}}, url.Values{"basis": {string(accord.ByDecision)}}, f)
	return &spec, nil
}
