package http

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
	"github.com/accord-org/accord/i18n"
)

// followUpRoutes are the follow-up of measures (issue 12): the secretariat
// enters measures, opens reporting rounds, assesses and makes the
// summing-up; a state's delegation officer reports for its obligations;
// whoever may read a measure's document reads the measure, and the reports
// and assessments their classification lets them read.
func (s *Server) followUpRoutes() []Route {
	const fu = "/organizations/{org}/bodies/{body}/meetings/{number}/follow-up"
	return []Route{
		{Method: "GET", Pattern: "/documents/{id}/measures", Name: "measures", Template: "followup_measures.html", view: s.measuresView},
		{Method: "POST", Pattern: "/documents/{id}/measures", Name: "measure_create", Template: "followup_measures.html", action: s.createMeasure, page: s.measuresPage},
		{Method: "POST", Pattern: "/documents/{id}/measures/import", Name: "measure_import", Template: "followup_measures.html", action: s.importMeasures, page: s.measuresPage},
		{Method: "GET", Pattern: "/measures/{id}", Name: "measure", Template: "followup_measure.html", view: s.measureView},
		{Method: "POST", Pattern: "/obligations/{id}/reports", Name: "report_create", Template: "followup_measure.html", action: s.submitReport, page: s.obligationPage},
		{Method: "POST", Pattern: "/obligations/{id}/assessments", Name: "assessment_create", Template: "followup_measure.html", action: s.assess, page: s.obligationPage},
		{Method: "POST", Pattern: "/organizations/{org}/bodies/{body}/reporting-rounds", Name: "round_open", Template: "followup.html", action: s.openRound},
		{Method: "GET", Pattern: fu, Name: "follow_up", Template: "followup.html", view: s.followUpView},
		{Method: "GET", Pattern: fu + "/states/{state}", Name: "follow_up_state", Template: "followup_state.html", view: s.followUpStateView},
		{Method: "POST", Pattern: fu + "/summary", Name: "follow_up_summary", Template: "followup.html", action: s.makeSummary, page: s.followUpPage},
		{Method: "POST", Pattern: fu + "/assessments", Name: "assessment_import", Template: "followup.html", action: s.importAssessments, page: s.followUpPage},
	}
}

// measureResource is a measure as the policy sees it: read as its
// document, changed by the secretariat of its organization.
func measureResource(m *accord.Measure) accord.Resource {
	return accord.Resource{Kind: accord.KindMeasure, Organizations: []string{m.Organization}, Classification: m.Classification}
}

// reportResource is a report: read as a document its state wrote.
func reportResource(m *accord.Measure, state string, c accord.Classification) accord.Resource {
	return accord.Resource{Kind: accord.KindNationalReport, Organizations: []string{m.Organization}, Classification: c, AuthorState: state, State: state}
}

func assessmentResource(m *accord.Measure, state string, c accord.Classification) accord.Resource {
	return accord.Resource{Kind: accord.KindAssessment, Organizations: []string{m.Organization}, Classification: c, State: state}
}

// documentCrumbs lead to a page of a document's: its own page.
func documentCrumbs(d *accord.Document) []crumb {
	return []crumb{homeCrumb, {Label: d.Reference, Href: docPath(d.ID)}}
}

// measuresView is a document's measures, and the secretariat's forms.
type measuresView struct {
	Document  *accord.Document  `json:"document"`
	Measures  []*accord.Measure `json:"measures"`
	CanCreate bool              `json:"can_create"`
	Form      Form              `json:"-"`
}

func (v measuresView) title(lang string) string {
	return i18n.Tf(lang, "Measures of %s", v.Document.Reference)
}
func (v measuresView) crumbs(lang string) []crumb {
	return documentCrumbs(v.Document)
}

func (s *Server) measuresView(r *http.Request) (view, error) { return s.measuresPage(r, Form{}) }

func (s *Server) measuresPage(r *http.Request, f Form) (view, error) {
	d, meetings, _, err := s.signingDocument(r)
	if err != nil {
		return nil, err
	}
	ms, err := s.store.ListMeasures(r.Context(), d.ID)
	if err != nil {
		return nil, err
	}
	v := measuresView{Document: d, Measures: ms, Form: f}
	if len(meetings) > 0 {
		v.CanCreate = accord.Authorize(actor(r), accord.ActCreate, accord.Resource{Kind: accord.KindMeasure, Organizations: []string{meetings[0].Organization}}).Allow
	}
	return v, nil
}

// measureDocument reads the path's document and checks that the reader
// may enter measures on it.
func (s *Server) measureDocument(r *http.Request) (*accord.Document, error) {
	d, meetings, _, err := s.signingDocument(r)
	if err != nil {
		return nil, err
	}
	if len(meetings) == 0 {
		return nil, accord.Invalid("document_id", "the document belongs to no meeting")
	}
	return d, authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindMeasure, Organizations: []string{meetings[0].Organization}}, "measure")
}

func (s *Server) createMeasure(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, err := s.measureDocument(r)
	if err != nil {
		return outcome{}, err
	}
	m := &accord.Measure{DocumentID: d.ID, States: in["states"]}
	b := &binder{in: in}
	b.str("number", &m.Number)
	b.str("external_id", &m.ExternalID)
	b.integer("paragraph", &m.Paragraph)
	b.id("segment", &m.Segment)
	b.str("lead", &m.Lead)
	b.date("due", &m.Due)
	b.str("note", &m.Note)
	if b.err != nil {
		return outcome{}, b.err
	}
	if err := s.store.CreateMeasures(r.Context(), []*accord.Measure{m}); err != nil {
		return outcome{}, unprefixed("measures[0].", err)
	}
	return outcome{view: record{m}, status: http.StatusCreated, redirect: fmt.Sprintf("/measures/%d", m.ID)}, nil
}

// unprefixed names a field as the form that sent one measure names it.
func unprefixed(prefix string, err error) error {
	if e, ok := err.(*accord.Error); ok && strings.HasPrefix(e.Field, prefix) {
		c := *e
		c.Field = strings.TrimPrefix(e.Field, prefix)
		return &c
	}
	return err
}

// importMeasures enters the measures of a CSV file (the field csv), all
// or none; a bad line is named by its number and column.
func (s *Server) importMeasures(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	d, err := s.measureDocument(r)
	if err != nil {
		return outcome{}, err
	}
	_, meetings, _, _ := s.signingDocument(r)
	ms, err := s.store.MembersOn(r.Context(), meetings[0].Organization, meetings[0].Start.First(), accord.Member)
	if err != nil {
		return outcome{}, err
	}
	var members []string
	for _, m := range ms {
		members = append(members, m.State)
	}
	list, lines, err := followup.ParseMeasures(strings.NewReader(in.Get("csv")), members)
	if err != nil {
		return outcome{}, err
	}
	for _, m := range list {
		m.DocumentID = d.ID
	}
	if err := s.store.CreateMeasures(r.Context(), list); err != nil {
		return outcome{}, lineOf(err, lines)
	}
	return outcome{view: record{list}, status: http.StatusCreated, redirect: fmt.Sprintf("/documents/%d/measures", d.ID)}, nil
}

// lineOf names the CSV line of a refused measure: measures[i].field
// becomes lines[n].field.
func lineOf(err error, lines []int) error {
	e, ok := err.(*accord.Error)
	if !ok || !strings.HasPrefix(e.Field, "measures[") {
		return err
	}
	idx, rest, _ := strings.Cut(strings.TrimPrefix(e.Field, "measures["), "]")
	i, perr := strconv.Atoi(idx)
	if perr != nil || i < 0 || i >= len(lines) {
		return err
	}
	c := *e
	c.Field = fmt.Sprintf("lines[%d]%s", lines[i], rest)
	return &c
}

// measureView is a measure with its obligations and its timeline, and
// what the reader may do.
type measureView struct {
	Measure  *accord.Measure         `json:"measure"`
	Timeline []followup.Event        `json:"timeline"`
	Statuses []accord.FollowUpStatus `json:"statuses"`
	Labels   statusLabels            `json:"labels"`
	// ReportFor are the obligations the reader may report for;
	// CanAssess says whether the reader assesses.
	ReportFor []int64 `json:"report_for"`
	CanAssess bool    `json:"can_assess"`
	Form      Form    `json:"-"`
	FollowUp  string  `json:"-"`
}

func (v measureView) title(lang string) string {
	return i18n.Tf(lang, "Measure %s of %s", v.Measure.Number, v.Measure.Reference)
}
func (v measureView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Measure.Reference, Href: fmt.Sprintf("/documents/%d/measures", v.Measure.DocumentID)},
		{Label: i18n.T(lang, "Follow-up"), Href: v.FollowUp}}
}

// CanReport says whether the reader may report for obligation id.
func (v measureView) CanReport(id int64) bool { return slices.Contains(v.ReportFor, id) }

func followUpPath(m *accord.Measure) string {
	return fmt.Sprintf("%s/meetings/%d/follow-up", bodyPath(m.Organization, m.Body), m.MeetingNumber)
}

func (s *Server) measureView(r *http.Request) (view, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, accord.Invalid("id", "%q is not a measure id", r.PathValue("id"))
	}
	m, err := s.store.FindMeasure(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return s.measurePage(r, m, Form{})
}

func (s *Server) measurePage(r *http.Request, m *accord.Measure, f Form) (view, error) {
	if err := authorize(r, accord.ActRead, measureResource(m), "measure "+strconv.FormatInt(m.ID, 10)); err != nil {
		return nil, err
	}
	h, err := s.store.FollowUp(r.Context(), m.Organization, m.Body, m.MeetingNumber)
	if err != nil {
		return nil, err
	}
	a := actor(r)
	v := measureView{Measure: m, Timeline: []followup.Event{}, Statuses: followup.Statuses(h.Statuses), Labels: h.Labels, ReportFor: []int64{}, Form: f, FollowUp: followUpPath(m)}
	for _, e := range followup.Timeline(h, m) {
		if readable(a, m, e) {
			v.Timeline = append(v.Timeline, e)
		}
	}
	for _, o := range m.Obligations {
		if accord.Authorize(a, accord.ActCreate, reportResource(m, o.State, m.Classification)).Allow {
			v.ReportFor = append(v.ReportFor, o.ID)
		}
	}
	v.CanAssess = accord.Authorize(a, accord.ActCreate, assessmentResource(m, "", m.Classification)).Allow
	return v, nil
}

// readable says whether the reader may read a timeline's report or
// assessment.
func readable(a *accord.Actor, m *accord.Measure, e followup.Event) bool {
	if e.Report != nil {
		return accord.Authorize(a, accord.ActRead, reportResource(m, e.Report.State, e.Report.Classification)).Allow
	}
	return accord.Authorize(a, accord.ActRead, assessmentResource(m, e.State, e.Assessment.Classification)).Allow
}

// obligation reads the path's obligation, which the reader must be able
// to read the measure of.
func (s *Server) obligation(r *http.Request) (*accord.Obligation, *accord.Measure, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, accord.Invalid("id", "%q is not an obligation id", r.PathValue("id"))
	}
	o, m, err := s.store.FindObligation(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	return o, m, authorize(r, accord.ActRead, measureResource(m), "obligation "+strconv.FormatInt(id, 10))
}

func (s *Server) obligationPage(r *http.Request, f Form) (view, error) {
	_, m, err := s.obligation(r)
	if err != nil {
		return nil, err
	}
	return s.measurePage(r, m, f)
}

// submitReport stores a report of the obligation's state, on it and the
// other obligations of the same state named in also.
func (s *Server) submitReport(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	o, m, err := s.obligation(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, reportResource(m, o.State, m.Classification), "report"); err != nil {
		return outcome{}, err
	}
	rep := &accord.NationalReport{State: o.State, Obligations: []int64{o.ID}, Status: accord.FollowUpStatus(in.Get("status")),
		Classification: accord.Classification(in.Get("classification"))}
	b := &binder{in: in}
	b.text("texts", &rep.Texts)
	if b.err != nil {
		return outcome{}, b.err
	}
	for i, v := range in["also"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return outcome{}, accord.Invalid(fmt.Sprintf("also[%d]", i), "%q is not an id", v)
		}
		rep.Obligations = append(rep.Obligations, id)
	}
	if rep.Attachments, err = s.reportAttachments(r, in["attachments"]); err != nil {
		return outcome{}, err
	}
	if u := actor(r).User; u != nil {
		rep.SubmittedBy = u.ID
	}
	if err := s.store.SubmitReport(r.Context(), rep); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{rep}, status: http.StatusCreated, redirect: fmt.Sprintf("/measures/%d", m.ID)}, nil
}

// assess stores the secretariat's assessment of an obligation.
func (s *Server) assess(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	o, m, err := s.obligation(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, assessmentResource(m, o.State, m.Classification), "assessment"); err != nil {
		return outcome{}, err
	}
	a := &accord.Assessment{ObligationID: o.ID, Status: accord.FollowUpStatus(in.Get("status")), Comment: in.Get("comment"),
		Classification: accord.Classification(in.Get("classification"))}
	if u := actor(r).User; u != nil {
		a.AssessedBy = u.ID
	}
	if err := s.store.AddAssessments(r.Context(), []*accord.Assessment{a}); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{a}, status: http.StatusCreated, redirect: fmt.Sprintf("/measures/%d", m.ID)}, nil
}

// openRound opens a reporting round before a meeting of the body.
func (s *Server) openRound(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindReportingRound, Organizations: []string{org.Code}}, "reporting round"); err != nil {
		return outcome{}, err
	}
	round := &accord.ReportingRound{Organization: org.Code, Body: body.Code}
	b := &binder{in: in}
	b.integer("meeting", &round.Meeting)
	if b.err != nil {
		return outcome{}, b.err
	}
	if round.Meeting < 2 || round.Meeting > 3999 {
		return outcome{}, accord.Invalid("meeting", "%q is not the number of a meeting that follows another", in.Get("meeting"))
	}
	if round.Deadline, err = parseDeadline(strings.TrimSpace(in.Get("deadline")), in.Get("time_zone")); err != nil {
		return outcome{}, err
	}
	if err := s.store.OpenReportingRound(r.Context(), round); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{round}, status: http.StatusCreated,
		redirect: fmt.Sprintf("%s/meetings/%d/follow-up", bodyPath(org.Code, body.Code), round.Meeting-1)}, nil
}

// followUpView is the matrix of a meeting's measures by states, with the
// summing-up's counts.
type followUpView struct {
	Meeting  *accord.Meeting          `json:"meeting"`
	Statuses []accord.FollowUpStatus  `json:"statuses"`
	Labels   statusLabels             `json:"labels"`
	Filter   followup.Filter          `json:"filter"`
	Matrix   followup.Matrix          `json:"matrix"`
	Summary  followup.Summary         `json:"summary"`
	Rounds   []*accord.ReportingRound `json:"rounds"`
	// CanManage: the reader opens rounds, assesses and sums up.
	CanManage bool `json:"can_manage"`
	Form      Form `json:"-"`
	csv       bool
	lang      string
	now       time.Time
}

// Running says whether a round still takes reports on time, so that the
// page offers to close it.
func (v followUpView) Running(r *accord.ReportingRound) bool { return !r.Closed(v.now) }

func (v followUpView) title(lang string) string {
	return i18n.Tf(lang, "Follow-up of the measures of meeting %s", v.Meeting.Numeral())
}
func (v followUpView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Meeting.Organization, Href: orgPath(v.Meeting.Organization)},
		{Label: v.Meeting.Numeral(), Href: meetingPath(v.Meeting)}}
}

// NextNumber is the meeting a round prepares.
func (v followUpView) NextNumber() int { return v.Meeting.Number + 1 }

// Path is the matrix's address.
func (v followUpView) Path() string { return meetingPath(v.Meeting) + "/follow-up" }

// writeRaw answers ?format=csv with the matrix as CSV.
func (v followUpView) writeRaw(w http.ResponseWriter) (bool, error) {
	if !v.csv {
		return false, nil
	}
	var b bytes.Buffer
	label := func(s accord.FollowUpStatus) string { return v.Labels.Name(v.lang, s) }
	if err := followup.WriteCSV(&b, v.Matrix, label); err != nil {
		return true, err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s-%d-follow-up.csv"`, v.Meeting.Organization, v.Meeting.Body, v.Meeting.Number))
	_, err := w.Write(b.Bytes())
	return true, err
}

func (s *Server) followUpView(r *http.Request) (view, error) { return s.followUpPage(r, Form{}) }

// followUp reads the path's meeting and the history of its measures that
// the reader may read.
func (s *Server) followUp(r *http.Request) (*accord.Meeting, *accord.FollowUpHistory, error) {
	_, _, m, _, err := s.findMeeting(r)
	if err != nil {
		return nil, nil, err
	}
	h, err := s.store.FollowUp(r.Context(), m.Organization, m.Body, m.Number)
	if err != nil {
		return nil, nil, err
	}
	a := actor(r)
	h.Measures = slices.DeleteFunc(h.Measures, func(x *accord.Measure) bool { return !accord.Authorize(a, accord.ActRead, measureResource(x)).Allow })
	return m, h, nil
}

func (s *Server) followUpPage(r *http.Request, f Form) (view, error) {
	m, h, err := s.followUp(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	v := followUpView{Meeting: m, Statuses: followup.Statuses(h.Statuses), Labels: h.Labels, Rounds: h.Rounds, Form: f, lang: i18n.RequestLanguage(r), now: s.now()}
	switch q.Get("format") {
	case "", "html", "json":
	case "csv":
		v.csv = true
	default:
		return nil, accord.Invalid("format", "%q is not a format: use csv", q.Get("format"))
	}
	v.Filter = followup.Filter{Status: accord.FollowUpStatus(q.Get("status")), State: q.Get("state")}
	if v.Filter.Status != "" {
		if err := followup.CheckStatus("status", v.Statuses, v.Filter.Status); err != nil {
			return nil, err
		}
	}
	if v.Filter.State != "" {
		if err := accord.ValidateStateCode("state", v.Filter.State); err != nil {
			return nil, err
		}
	}
	now := s.now()
	v.Matrix = followup.BuildMatrix(h.Measures, v.Filter, accord.DateOf(now))
	v.Summary = followup.Summarize(h, m.Organization, m.Body, now)
	v.CanManage = accord.Authorize(actor(r), accord.ActCreate, accord.Resource{Kind: accord.KindAssessment, Organizations: []string{m.Organization}}).Allow
	return v, nil
}

// makeSummary writes the summing-up in the organization's languages and
// puts it on the next meeting's agenda.
func (s *Server) makeSummary(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, _, m, _, err := s.findMeeting(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindAssessment, Organizations: []string{m.Organization}}, "summing-up"); err != nil {
		return outcome{}, err
	}
	h, err := s.store.FollowUp(r.Context(), m.Organization, m.Body, m.Number)
	if err != nil {
		return outcome{}, err
	}
	if len(h.Measures) == 0 {
		return outcome{}, accord.Invalid("number", "meeting %s has no measures to sum up", accord.Roman(m.Number))
	}
	states, err := s.store.ListStates(r.Context())
	if err != nil {
		return outcome{}, err
	}
	names := map[string]accord.Text{}
	for _, st := range states {
		names[st.Code] = st.Names
	}
	now := s.now()
	sum := followup.Summarize(h, m.Organization, m.Body, now)
	d, err := s.store.SaveSummary(r.Context(), &accord.SummaryRequest{Organization: m.Organization, Body: m.Body, Number: m.Number,
		Versions: followup.Texts(sum, org.DocumentLanguages(), m.Number, names, now)})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: record{d}, status: http.StatusCreated, redirect: fmt.Sprintf("/documents/%d", d.ID)}, nil
}

// importAssessments stores the assessments of a CSV file in the matrix's
// columns (the field csv), all or none.
func (s *Server) importAssessments(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	m, h, err := s.followUp(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindAssessment, Organizations: []string{m.Organization}}, "assessment"); err != nil {
		return outcome{}, err
	}
	lines, err := followup.ParseAssessments(strings.NewReader(in.Get("csv")), h.Measures, followup.Statuses(h.Statuses))
	if err != nil {
		return outcome{}, err
	}
	if len(lines) == 0 {
		return outcome{}, accord.Invalid("csv", "no line assesses anything")
	}
	var by int64
	if u := actor(r).User; u != nil {
		by = u.ID
	}
	as := make([]*accord.Assessment, len(lines))
	for i, l := range lines {
		as[i] = &accord.Assessment{ObligationID: l.Obligation.ID, Status: l.Status, Comment: l.Comment, AssessedBy: by}
	}
	if err := s.store.AddAssessments(r.Context(), as); err != nil {
		return outcome{}, err
	}
	return outcome{view: record{as}, status: http.StatusCreated, redirect: meetingPath(m) + "/follow-up"}, nil
}

// followUpStateView is a state's page: its obligations under a meeting's
// measures, what is due and by when, and its reports.
type followUpStateView struct {
	Meeting     *accord.Meeting          `json:"meeting"`
	State       *accord.State            `json:"state"`
	Obligations []stateObligation        `json:"obligations"`
	Reports     []*accord.NationalReport `json:"reports"`
	Labels      statusLabels             `json:"labels"`
	// Round is the latest round, and its deadline, when one was opened.
	Round *accord.ReportingRound `json:"round"`
}

// stateObligation is one of the state's obligations with its measure.
type stateObligation struct {
	Measure    *accord.Measure       `json:"measure"`
	Obligation accord.Obligation     `json:"obligation"`
	Effective  accord.FollowUpStatus `json:"effective"`
	Open       bool                  `json:"open"`
}

func (v followUpStateView) title(lang string) string {
	name, _ := v.State.Names.In(lang)
	return i18n.Tf(lang, "%s: follow-up of the measures of meeting %s", name, v.Meeting.Numeral())
}
func (v followUpStateView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Meeting.Numeral(), Href: meetingPath(v.Meeting)}, {Label: i18n.T(lang, "Follow-up"), Href: meetingPath(v.Meeting) + "/follow-up"}}
}

func (s *Server) followUpStateView(r *http.Request) (view, error) {
	code := r.PathValue("state")
	if err := accord.ValidateStateCode("state", code); err != nil {
		return nil, err
	}
	st, err := s.store.FindState(r.Context(), code)
	if err != nil {
		return nil, err
	}
	m, h, err := s.followUp(r)
	if err != nil {
		return nil, err
	}
	v := followUpStateView{Meeting: m, State: st, Obligations: []stateObligation{}, Reports: []*accord.NationalReport{}, Labels: h.Labels, Round: followup.RoundAt(h.Rounds, m.Organization, m.Body, s.now())}
	mine := map[int64]*accord.Measure{}
	for _, row := range followup.BuildMatrix(h.Measures, followup.Filter{State: code}, accord.DateOf(s.now())).Rows {
		for _, o := range row.Measure.Obligations {
			if o.State == code {
				e := followup.Effective(o)
				v.Obligations = append(v.Obligations, stateObligation{Measure: row.Measure, Obligation: o, Effective: e, Open: !slices.Contains(followup.Settled, e)})
				mine[o.ID] = row.Measure
			}
		}
	}
	a := actor(r)
	for _, rep := range h.Reports {
		if rep.State != code || len(rep.Obligations) == 0 || mine[rep.Obligations[0]] == nil {
			continue
		}
		if accord.Authorize(a, accord.ActRead, reportResource(mine[rep.Obligations[0]], code, rep.Classification)).Allow {
			v.Reports = append(v.Reports, rep)
		}
	}
	slices.Reverse(v.Reports)
	return v, nil
}
