package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
	"github.com/accord-org/accord/translog"
)

var _ accord.FollowUpService = (*DB)(nil)

// measureFacts are what a document's measures are judged against: what
// the document says in its authentic languages (and its adopted revision,
// when it was adopted from a draft), its meeting, and the members on the
// adoption date. They are read before the transaction, as adoption's are:
// an adopted document's versions and revision no longer change.
type measureFacts struct {
	doc     *accord.Document
	meeting *accord.Meeting
	src     followup.Source
	members []string
}

func (db *DB) measureFacts(ctx context.Context, documentID int64) (*measureFacts, error) {
	d, m, org, err := db.documentMeeting(ctx, documentID)
	if err != nil {
		return nil, err
	}
	if d.Withdrawn() {
		return nil, accord.Invalid("document_id", "the document was withdrawn")
	}
	f := &measureFacts{doc: d, meeting: m, src: followup.Source{Authentic: org.AuthenticLanguages(), Bodies: map[string]string{}}}
	for _, v := range d.LatestVersions() {
		f.src.Bodies[v.Lang] = v.Body
	}
	on := m.Start.First()
	as, err := db.ListAdoptions(ctx, documentID)
	if err != nil {
		return nil, err
	}
	if _, err := db.FindDraft(ctx, documentID); err == nil {
		i := slices.IndexFunc(as, func(a *accord.Adoption) bool { return a.Result == accord.Adopted })
		if i < 0 {
			return nil, accord.Invalid("document_id", "the document's draft has not been adopted: measures come from an adopted text")
		}
		if f.src.Revision, err = db.FindRevision(ctx, documentID, as[i].Revision); err != nil {
			return nil, err
		}
		on = accord.DateOf(as[i].ClosedAt)
	} else if accord.ErrorCode(err) != accord.ENOTFOUND {
		return nil, err
	}
	ms, err := db.MembersOn(ctx, org.Code, on, accord.Member)
	if err != nil {
		return nil, err
	}
	for _, s := range ms {
		f.members = append(f.members, s.State)
	}
	return f, nil
}

// measureResource names a measure in the audit trail under its document,
// so that the trail shows it to whoever may read the document.
func measureResource(documentID, id int64) string {
	return fmt.Sprintf("document/%d/measures/%d", documentID, id)
}

// CreateMeasures stores measures of one document with their obligations,
// all or none; an error names the measure at fault by its index.
func (db *DB) CreateMeasures(ctx context.Context, ms []*accord.Measure) error {
	if len(ms) == 0 {
		return accord.Invalid("measures", "no measures given")
	}
	f, err := db.measureFacts(ctx, ms[0].DocumentID)
	if err != nil {
		return accord.Wrap("create measures", err)
	}
	for i, m := range ms {
		if m.DocumentID != f.doc.ID {
			return accord.Invalid(fmt.Sprintf("measures[%d].document_id", i), "the measures of one request are of one document")
		}
		if err := followup.Prepare(m, f.src, f.members); err != nil {
			return prefixed(fmt.Sprintf("measures[%d].", i), err)
		}
	}
	return db.write(ctx, "create measures", func(t *txn) error {
		if _, err := t.lockDocument(f.doc.ID); err != nil {
			return err
		}
		stored, err := t.measures(`m.document_id = $1`, f.doc.ID)
		if err != nil {
			return err
		}
		if err := followup.CheckBatch(ms, stored); err != nil {
			return err
		}
		now := stamp(t.db.now())
		for i, m := range ms {
			m.Reference, m.Organization, m.Body = f.doc.Reference, f.meeting.Organization, f.meeting.Body
			m.MeetingID, m.MeetingNumber, m.Classification, m.CreatedAt = f.meeting.ID, f.meeting.Number, f.doc.Classification, now
			m.ID, err = t.insert(`INSERT INTO measures (document_id, organization, body, meeting_id, number, external_id, segment_id, paragraph, texts, named, lead, due, note, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
				m.DocumentID, m.Organization, m.Body, m.MeetingID, m.Number, m.ExternalID, m.Segment, m.Paragraph, jsonArg(m.Texts), m.Named,
				m.Lead, dateArg(m.Due), m.Note, timeArg(now))
			if err := conflict(err, "external id %s is used already in %s", m.ExternalID, m.Organization); err != nil {
				return prefixed(fmt.Sprintf("measures[%d].", i), err)
			}
			for j := range m.Obligations {
				o := &m.Obligations[j]
				o.MeasureID = m.ID
				if o.ID, err = t.insert(`INSERT INTO obligations (measure_id, state) VALUES ($1, $2)`, m.ID, o.State); err != nil {
					return err
				}
			}
			if err := t.audit("measure.create", measureResource(m.DocumentID, m.ID), nil, m); err != nil {
				return err
			}
		}
		return nil
	})
}

const selectMeasure = `SELECT m.id, m.document_id, d.reference, m.organization, m.body, m.meeting_id, mt.number, m.number, m.external_id,
	m.segment_id, m.paragraph, m.texts, m.named, m.lead, m.due, m.note, m.created_at, d.classification
	FROM measures m JOIN documents d ON d.id = m.document_id JOIN meetings mt ON mt.id = m.meeting_id`

func scanMeasure(r scanner) (*accord.Measure, error) {
	m := accord.Measure{States: []string{}, Obligations: []accord.Obligation{}}
	err := r.Scan(&m.ID, &m.DocumentID, &m.Reference, &m.Organization, &m.Body, &m.MeetingID, &m.MeetingNumber, &m.Number, &m.ExternalID,
		&m.Segment, &m.Paragraph, col(&m.Texts), &m.Named, &m.Lead, col(&m.Due), &m.Note, col(&m.CreatedAt), &m.Classification)
	return &m, err
}

// measures returns the measures that where (on measures m, documents d
// and meetings mt) selects, with their obligations, overdue as of today.
func (t *txn) measures(where string, args ...any) ([]*accord.Measure, error) {
	ms, err := all(t, scanMeasure, selectMeasure+` WHERE `+where+` ORDER BY m.id`, args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*accord.Measure{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	os, err := all(t, func(r scanner) (o accord.Obligation, err error) {
		return o, r.Scan(&o.ID, &o.MeasureID, &o.State, &o.Claimed, &o.Assessed)
	}, `SELECT o.id, o.measure_id, o.state, o.claimed, o.assessed FROM obligations o JOIN measures m ON m.id = o.measure_id
		JOIN documents d ON d.id = m.document_id JOIN meetings mt ON mt.id = m.meeting_id WHERE `+where+` ORDER BY o.state`, args...)
	if err != nil {
		return nil, err
	}
	today := accord.DateOf(t.db.now())
	for _, o := range os {
		withParent(byID, o.MeasureID, func(m *accord.Measure) {
			o.Overdue = followup.Overdue(m, o, today)
			m.Obligations = append(m.Obligations, o)
			m.States = append(m.States, o.State)
		})
	}
	return ms, nil
}

// FindMeasure returns a measure with its obligations.
func (db *DB) FindMeasure(ctx context.Context, id int64) (*accord.Measure, error) {
	return fetch(ctx, db, "find measure", func(t *txn) (*accord.Measure, error) { return t.measure(id) })
}

func (t *txn) measure(id int64) (*accord.Measure, error) {
	ms, err := t.measures(`m.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, accord.NotFound("measure", id)
	}
	return ms[0], nil
}

// ListMeasures returns a document's measures.
func (db *DB) ListMeasures(ctx context.Context, documentID int64) ([]*accord.Measure, error) {
	return fetch(ctx, db, "list measures", func(t *txn) ([]*accord.Measure, error) {
		if err := t.found("document", documentID, `SELECT 1 FROM documents WHERE id = $1`, documentID); err != nil {
			return nil, err
		}
		return t.measures(`m.document_id = $1`, documentID)
	})
}

// FindObligation returns an obligation with its measure.
func (db *DB) FindObligation(ctx context.Context, id int64) (*accord.Obligation, *accord.Measure, error) {
	m, err := fetch(ctx, db, "find obligation", func(t *txn) (*accord.Measure, error) {
		return t.obligationMeasure(id)
	})
	if err != nil {
		return nil, nil, err
	}
	return obligationOf(m, id), m, nil
}

func (t *txn) obligationMeasure(id int64) (*accord.Measure, error) {
	mid, err := one(t, scanID, accord.NotFound("obligation", id), `SELECT measure_id FROM obligations WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	return t.measure(mid)
}

func obligationOf(m *accord.Measure, id int64) *accord.Obligation {
	for i := range m.Obligations {
		if m.Obligations[i].ID == id {
			return &m.Obligations[i]
		}
	}
	return nil
}

// FollowUpStatuses returns the council's own list, or the default one,
// with the labels of its own statuses.
func (db *DB) FollowUpStatuses(ctx context.Context, org string) (accord.StatusList, error) {
	return fetch(ctx, db, "follow-up statuses", func(t *txn) (accord.StatusList, error) { return t.statusList(org) })
}

func (t *txn) statuses(org string) ([]accord.FollowUpStatus, error) {
	l, err := t.statusList(org)
	return l.Statuses, err
}

func (t *txn) statusList(org string) (accord.StatusList, error) {
	type row struct {
		status accord.FollowUpStatus
		labels accord.Text
	}
	rows, err := all(t, func(r scanner) (x row, err error) { return x, r.Scan(&x.status, col(&x.labels)) },
		`SELECT status, labels FROM followup_statuses WHERE organization = $1 ORDER BY position`, org)
	if err != nil {
		return accord.StatusList{}, err
	}
	l := accord.StatusList{Labels: map[accord.FollowUpStatus]accord.Text{}}
	for _, x := range rows {
		l.Statuses = append(l.Statuses, x.status)
		if len(x.labels) > 0 {
			l.Labels[x.status] = x.labels
		}
	}
	l.Statuses = followup.Statuses(l.Statuses)
	return l, nil
}

const selectReport = `SELECT r.id, r.state, COALESCE(r.round_id, 0), r.texts, r.status, r.attachments, r.classification, r.submitted_at,
	COALESCE(r.submitted_by, 0), r.late FROM national_reports r`

func scanReport(r scanner) (*accord.NationalReport, error) {
	n := accord.NationalReport{Obligations: []int64{}, LogIndex: -1}
	return &n, r.Scan(&n.ID, &n.State, &n.Round, col(&n.Texts), &n.Status, col(&n.Attachments), &n.Classification, col(&n.SubmittedAt),
		&n.SubmittedBy, &n.Late)
}

const selectAssessment = `SELECT a.id, a.obligation_id, o.state, a.status, a.comment, a.classification, a.assessed_at, COALESCE(a.assessed_by, 0),
	a.external_id FROM assessments a JOIN obligations o ON o.id = a.obligation_id`

func scanAssessment(r scanner) (*accord.Assessment, error) {
	a := accord.Assessment{LogIndex: -1}
	return &a, r.Scan(&a.ID, &a.ObligationID, &a.State, &a.Status, &a.Comment, &a.Classification, col(&a.AssessedAt), &a.AssessedBy, &a.ExternalID)
}

const selectRound = `SELECT id, organization, body, meeting, deadline, opened_at, closed_at FROM reporting_rounds`

func scanRound(r scanner) (*accord.ReportingRound, error) {
	var x accord.ReportingRound
	return &x, r.Scan(&x.ID, &x.Organization, &x.Body, &x.Meeting, col(&x.Deadline), col(&x.OpenedAt), col(&x.ClosedAt))
}

// FollowUp returns the measures of the outcome of a meeting with every
// report and assessment on them, the body's rounds and the council's
// statuses.
func (db *DB) FollowUp(ctx context.Context, org, body string, number int) (*accord.FollowUpHistory, error) {
	return fetch(ctx, db, "follow-up", func(t *txn) (*accord.FollowUpHistory, error) {
		if err := t.found("meeting", fmt.Sprintf("%s/%s/%d", org, body, number),
			`SELECT 1 FROM meetings WHERE organization = $1 AND body = $2 AND number = $3`, org, body, number); err != nil {
			return nil, err
		}
		h := &accord.FollowUpHistory{}
		var err error
		if h.Measures, err = t.measures(`mt.organization = $1 AND mt.body = $2 AND mt.number = $3`, org, body, number); err != nil {
			return nil, err
		}
		l, err := t.statusList(org)
		if err != nil {
			return nil, err
		}
		h.Statuses, h.Labels = l.Statuses, l.Labels
		if h.Rounds, err = all(t, scanRound, selectRound+` WHERE organization = $1 AND body = $2 ORDER BY opened_at, id`, org, body); err != nil {
			return nil, err
		}
		const ofMeeting = ` JOIN measures m ON m.id = o.measure_id JOIN meetings mt ON mt.id = m.meeting_id
			WHERE mt.organization = $1 AND mt.body = $2 AND mt.number = $3`
		if h.Assessments, err = all(t, scanAssessment, selectAssessment+ofMeeting+` ORDER BY a.assessed_at, a.id`, org, body, number); err != nil {
			return nil, err
		}
		if h.Reports, err = t.reports(` WHERE r.id IN (SELECT ro.report_id FROM report_obligations ro JOIN obligations o ON o.id = ro.obligation_id`+
			ofMeeting+`) ORDER BY r.submitted_at, r.id`, `JOIN obligations o ON o.id = ro.obligation_id`+ofMeeting, org, body, number); err != nil {
			return nil, err
		}
		return h, t.logIndexes(h)
	})
}

// reports returns the reports that where (on national_reports r) selects
// with the obligations each is on, which join (on report_obligations ro)
// selects with the same arguments.
func (t *txn) reports(where, join string, args ...any) ([]*accord.NationalReport, error) {
	reports, err := all(t, scanReport, selectReport+where, args...)
	if err != nil {
		return nil, err
	}
	links, err := all(t, func(r scanner) (l [2]int64, err error) { return l, r.Scan(&l[0], &l[1]) },
		`SELECT ro.report_id, ro.obligation_id FROM report_obligations ro `+join+` ORDER BY ro.report_id, ro.obligation_id`, args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*accord.NationalReport{}
	for _, r := range reports {
		byID[r.ID] = r
	}
	for _, l := range links {
		withParent(byID, l[0], func(r *accord.NationalReport) { r.Obligations = append(r.Obligations, l[1]) })
	}
	return reports, nil
}

// logIndexes fills in the log index of each report and assessment whose
// entry was integrated.
func (t *txn) logIndexes(h *accord.FollowUpHistory) error {
	type logged struct {
		kind     string
		ref, idx int64
	}
	rows, err := all(t, func(r scanner) (l logged, err error) { return l, r.Scan(&l.kind, &l.ref, &l.idx) },
		`SELECT kind, ref, MAX(idx) FROM log_entries WHERE kind IN ($1, $2) GROUP BY kind, ref`, translog.KindNationalReport, translog.KindAssessment)
	if err != nil {
		return err
	}
	idx := map[rowKey]int64{}
	for _, r := range rows {
		idx[rowKey{r.kind, r.ref}] = r.idx
	}
	for _, r := range h.Reports {
		if i, ok := idx[rowKey{translog.KindNationalReport, r.ID}]; ok {
			r.LogIndex = i
		}
	}
	for _, a := range h.Assessments {
		if i, ok := idx[rowKey{translog.KindAssessment, a.ID}]; ok {
			a.LogIndex = i
		}
	}
	return nil
}

// SubmitReport stores a state's report on one or more of its obligations,
// marked late when the round it answers had closed, and enters it in the
// transparency log. The obligations' claimed status becomes the report's.
func (db *DB) SubmitReport(ctx context.Context, r *accord.NationalReport) error {
	if len(r.Obligations) == 0 || len(r.Obligations) > accord.MaxReportObligations {
		return accord.Invalid("obligations", "a report is on 1 to %d obligations", accord.MaxReportObligations)
	}
	if len(r.Texts) == 0 {
		return accord.Invalid("texts", "a report has a text in at least one language")
	}
	for l, x := range r.Texts {
		if err := accord.ValidateLanguageTag("texts."+l, l); err != nil {
			return err
		}
		if strings.TrimSpace(x) == "" {
			return accord.Invalid("texts."+l, "is empty")
		}
		if len(x) > accord.MaxReportText || !utf8.ValidString(x) {
			return accord.Invalid("texts."+l, "is longer than %d bytes", accord.MaxReportText)
		}
	}
	if len(r.Attachments) > accord.MaxReportAttachments {
		return accord.Invalid("attachments", "a report points to at most %d documents", accord.MaxReportAttachments)
	}
	asked := r.Classification
	return db.write(ctx, "submit report", func(t *txn) error {
		var first *accord.Measure
		for i, id := range r.Obligations {
			field := fmt.Sprintf("obligations[%d]", i)
			if slices.Index(r.Obligations, id) != i {
				return accord.Invalid(field, "obligation %d is named twice", id)
			}
			m, err := t.obligationMeasure(id)
			if err != nil {
				if accord.ErrorCode(err) == accord.ENOTFOUND {
					return accord.Invalid(field, "no obligation %d", id)
				}
				return err
			}
			if o := obligationOf(m, id); o.State != r.State {
				e := accord.Errorf(accord.EFORBIDDEN, "obligation %d is %s's, not %s's", id, o.State, r.State)
				e.Field = field
				return e
			}
			if first == nil {
				first = m
			} else if m.Organization != first.Organization || m.Body != first.Body {
				return accord.Invalid(field, "a report is on the obligations of one body")
			}
			statuses, err := t.statusesHeld(m.Organization)
			if err != nil {
				return err
			}
			if err := followup.CheckStatus("status", statuses, r.Status); err != nil {
				return err
			}
			c, err := followup.ReportClassification(m, asked)
			if err != nil {
				return err
			}
			if i == 0 {
				r.Classification = c
			}
			r.Classification = followup.Stricter(r.Classification, c)
		}
		for i, d := range r.Attachments {
			if err := t.ref(fmt.Sprintf("attachments[%d]", i), fmt.Sprint("document ", d), `SELECT 1 FROM documents WHERE id = $1`, d); err != nil {
				return err
			}
		}
		rounds, err := all(t, scanRound, selectRound+` WHERE organization = $1 AND body = $2`, first.Organization, first.Body)
		if err != nil {
			return err
		}
		r.SubmittedAt = stamp(t.db.now())
		followup.MarkLate(r, rounds, first.Organization, first.Body)
		if r.Attachments == nil {
			r.Attachments = []int64{}
		}
		r.ID, err = t.insert(`INSERT INTO national_reports (state, round_id, texts, status, attachments, classification, submitted_at, submitted_by, late)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, r.State, nullID(r.Round), jsonArg(r.Texts), r.Status, jsonArg(r.Attachments),
			r.Classification, timeArg(r.SubmittedAt), nullID(r.SubmittedBy), r.Late)
		if err != nil {
			return err
		}
		for _, id := range r.Obligations {
			if err := t.exec(`INSERT INTO report_obligations (report_id, obligation_id) VALUES ($1, $2)`, r.ID, id); err != nil {
				return err
			}
			if err := t.exec(`UPDATE obligations SET claimed = $1 WHERE id = $2`, r.Status, id); err != nil {
				return err
			}
		}
		salt, err := t.saltIf(r.Classification != accord.Public, translog.KindNationalReport, r.ID)
		if err != nil {
			return err
		}
		r.LogIndex = -1
		t.logLater(&translog.Entry{Kind: translog.KindNationalReport, Ref: r.ID, Data: translog.NewReportDetails(r).Entry(salt)})
		return t.audit("national_report.create", measureResource(first.DocumentID, first.ID)+fmt.Sprintf("/reports/%d", r.ID), nil, r)
	})
}

// AddAssessments stores the secretariat's assessments, all or none, each
// entered in the transparency log; each obligation's assessed status
// becomes its latest assessment's.
func (db *DB) AddAssessments(ctx context.Context, as []*accord.Assessment) error {
	if len(as) == 0 || len(as) > accord.MaxCSVLines {
		return accord.Invalid("assessments", "1 to %d assessments", accord.MaxCSVLines)
	}
	return db.write(ctx, "add assessments", func(t *txn) error {
		now := stamp(t.db.now())
		for i, a := range as {
			field := func(f string) string {
				if len(as) == 1 {
					return f
				}
				return fmt.Sprintf("assessments[%d].%s", i, f)
			}
			m, err := t.obligationMeasure(a.ObligationID)
			if err != nil {
				return err
			}
			o := obligationOf(m, a.ObligationID)
			statuses, err := t.statusesHeld(m.Organization)
			if err != nil {
				return err
			}
			if err := followup.CheckStatus(field("status"), statuses, a.Status); err != nil {
				return err
			}
			if len(a.Comment) > accord.MaxAssessmentText || !utf8.ValidString(a.Comment) {
				return accord.Invalid(field("comment"), "is longer than %d bytes", accord.MaxAssessmentText)
			}
			if a.Classification, err = followup.ReportClassification(m, a.Classification); err != nil {
				return prefixed(strings.TrimSuffix(field(""), "."), err)
			}
			a.State, a.AssessedAt = o.State, now
			a.ID, err = t.insert(`INSERT INTO assessments (obligation_id, status, comment, classification, assessed_at, assessed_by, external_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.ObligationID, a.Status, a.Comment, a.Classification, timeArg(now), nullID(a.AssessedBy), a.ExternalID)
			if err != nil {
				return err
			}
			if err := t.exec(`UPDATE obligations SET assessed = $1 WHERE id = $2`, a.Status, a.ObligationID); err != nil {
				return err
			}
			salt, err := t.saltIf(a.Classification != accord.Public, translog.KindAssessment, a.ID)
			if err != nil {
				return err
			}
			a.LogIndex = -1
			t.logLater(&translog.Entry{Kind: translog.KindAssessment, Ref: a.ID, Data: translog.NewAssessmentDetails(a).Entry(salt)})
			if err := t.audit("assessment.create", measureResource(m.DocumentID, m.ID)+fmt.Sprintf("/assessments/%d", a.ID), nil, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// OpenReportingRound opens a body's round before meeting r.Meeting.
func (db *DB) OpenReportingRound(ctx context.Context, r *accord.ReportingRound) error {
	return db.write(ctx, "open reporting round", func(t *txn) error {
		if err := t.ref("meeting", fmt.Sprintf("meeting %s/%s/%d", r.Organization, r.Body, r.Meeting),
			`SELECT 1 FROM meetings WHERE organization = $1 AND body = $2 AND number = $3`, r.Organization, r.Body, r.Meeting); err != nil {
			return err
		}
		r.OpenedAt = stamp(t.db.now())
		r.Deadline = stamp(r.Deadline)
		if !r.Deadline.After(r.OpenedAt) {
			return accord.Invalid("deadline", "the deadline must be after now")
		}
		var err error
		r.ID, err = t.insert(`INSERT INTO reporting_rounds (organization, body, meeting, deadline, opened_at) VALUES ($1, $2, $3, $4, $5)`,
			r.Organization, r.Body, r.Meeting, timeArg(r.Deadline), timeArg(r.OpenedAt))
		if err := conflict(err, "a round before meeting %s is open already", accord.Roman(r.Meeting)); err != nil {
			return prefixed("meeting.", err)
		}
		return t.audit("reporting_round.create", fmt.Sprintf("body/%s/%s/reporting_rounds/%d", r.Organization, r.Body, r.ID), nil, r)
	})
}

// SaveSummary stores the summing-up of meeting s.Number's measures as a
// secretariat document on meeting s.Number+1's agenda, under an item of
// its own, or as the next versions of the document made before, in one
// transaction.
func (db *DB) SaveSummary(ctx context.Context, s *accord.SummaryRequest) (*accord.Document, error) {
	next, err := db.FindMeeting(ctx, s.Organization, s.Body, s.Number+1)
	if err != nil {
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return nil, accord.Invalid("number", "there is no meeting %s to put the summing-up on", accord.Roman(s.Number+1))
		}
		return nil, err
	}
	var id int64
	err = db.write(ctx, "save follow-up summary", func(t *txn) error {
		// The lock on the next meeting queues two secretaries making the
		// first summing-up at once.
		if err := t.ref("number", fmt.Sprint("meeting ", next.ID), t.forUpdate(refMeeting), next.ID); err != nil {
			return err
		}
		restricted, err := t.exists(`SELECT 1 FROM measures m JOIN documents d ON d.id = m.document_id JOIN meetings mt ON mt.id = m.meeting_id
			WHERE mt.organization = $1 AND mt.body = $2 AND mt.number = $3 AND d.classification <> 'public'`, s.Organization, s.Body, s.Number)
		if err != nil {
			return err
		}
		id, err = one(t, scanID, nil, `SELECT document_id FROM followup_summaries WHERE organization = $1 AND body = $2 AND meeting = $3`,
			s.Organization, s.Body, s.Number)
		if err != nil {
			return err
		}
		if id != 0 {
			for i := range s.Versions {
				v := s.Versions[i]
				v.DocumentID = id
				if err := t.addDocumentVersion(&v); err != nil {
					return err
				}
			}
			return nil
		}
		item := &accord.AgendaItem{MeetingID: next.ID, Kind: accord.AgendaReport, Title: accord.Text{}}
		for _, v := range s.Versions {
			item.Title[v.Lang] = v.Title
		}
		if err := t.addAgendaItem(item, true); err != nil {
			return err
		}
		// Counts of measures the public may not read are not public.
		classification := accord.Public
		if restricted {
			classification = accord.Restricted
		}
		d := &accord.Document{Reference: fmt.Sprintf("%s/%s/%d/FOLLOW-UP/%d", s.Organization, s.Body, s.Number+1, s.Number), Kind: accord.DocReport,
			Classification: classification, AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: next.ID, AgendaItemID: item.ID}},
			Versions: s.Versions}
		if err := d.Validate(); err != nil {
			return err
		}
		if err := t.createDocument(d); err != nil {
			return err
		}
		id = d.ID
		return t.exec(`INSERT INTO followup_summaries (organization, body, meeting, document_id) VALUES ($1, $2, $3, $4)`, s.Organization, s.Body, s.Number, d.ID)
	})
	if err != nil {
		return nil, err
	}
	return db.FindDocument(ctx, id)
}

// verifyFollowUp recomputes the entry of every report and assessment.
func (t *txn) verifyFollowUp(salts map[rowKey][]byte, check func(kind string, ref int64, what string, want []byte)) error {
	reports, err := t.reports(` ORDER BY r.id`, ``)
	if err != nil {
		return err
	}
	for _, r := range reports {
		check(translog.KindNationalReport, r.ID, fmt.Sprintf("national report %d of %s", r.ID, r.State),
			translog.NewReportDetails(r).Entry(salts[rowKey{translog.KindNationalReport, r.ID}]))
	}
	as, err := all(t, scanAssessment, selectAssessment+` ORDER BY a.id`)
	if err != nil {
		return err
	}
	for _, a := range as {
		check(translog.KindAssessment, a.ID, fmt.Sprintf("assessment %d of %s", a.ID, a.State),
			translog.NewAssessmentDetails(a).Entry(salts[rowKey{translog.KindAssessment, a.ID}]))
	}
	return nil
}
