package sqlstore

import (
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// draft stores a document's draft: the working text, the circulated
// revisions and the amendments. A revision's canonical bytes name its
// document's id, so the receiver's revision hashes differently from the
// sender's: the bag's revision is first checked against the hash the
// sender logged (with the sender's id), then stored and logged with the
// receiver's id, and the sender's entry is kept with it.
func (im *importer) draft(x *ImportDocument, id int64) error {
	d, ref := x.Draft, x.Document.Reference
	if len(x.RevisionLog) != len(x.Revisions) {
		return accord.Invalid("bag", "the draft of %s holds %d revisions and %d log entries", ref, len(x.Revisions), len(x.RevisionLog))
	}
	d.DocumentID, d.NextSegment = id, 1
	for _, s := range d.Segments {
		d.NextSegment = max(d.NextSegment, s.ID+1)
	}
	if same, err := im.sameAs(d, func() (any, error) { return im.loadDraft(id, false) }, "draft", ref); err != nil || !same {
		if err != nil {
			return err
		}
		if err := im.saveDraft(d, true); err != nil {
			return err
		}
		im.res.Added["drafts"]++
	}
	for i, r := range x.Revisions {
		if r.ComputeSHA256() != r.SHA256 {
			return accord.Invalid("bag", "revision %d of the draft of %s does not hash to its recorded SHA-256", r.Number, ref)
		}
		r.DocumentID, r.CirculatedBy = id, 0
		r.SHA256 = r.ComputeSHA256()
		rid, fresh, err := im.put("draft revisions", "draft_revisions", "document_id*, number*, content, sha256, circulated_at, circulated_by", true,
			id, r.Number, string(r.CanonicalBytes()), r.SHA256, timeArg(r.CirculatedAt), nil)
		if err != nil || !fresh {
			if err != nil {
				return err
			}
			continue
		}
		r.ID = rid
		if err := im.logRow(translog.KindDraftRevision, rid, x.Document.Classification != accord.Public, func(salt []byte) []byte {
			return translog.NewRevisionDetails(r).Entry(salt)
		}, x.RevisionLog[i]); err != nil {
			return err
		}
	}
	for _, a := range x.Amendments {
		// The receiver has none of the sender's accounts: who acted is
		// the state, which the amendment names.
		a.DocumentID, a.AuthorUserID = id, 0
		if a.Decision != nil {
			a.Decision.DecidedBy = 0
		}
		for _, vs := range [][]accord.AmendmentVote{a.Supports, a.Objections} {
			for i := range vs {
				vs[i].UserID = 0
			}
		}
		same, err := im.sameAs(a, func() (any, error) { return im.amendment(id, a.Number) }, fmt.Sprintf("amendment %d", a.Number), ref)
		if err != nil || same {
			if err != nil {
				return err
			}
			continue
		}
		if err := im.saveAmendment(a, true); err != nil {
			return err
		}
		im.res.Added["amendments"]++
	}
	return nil
}

// sameAs reports, when merging, whether the record that read returns is
// here and the same as v, as JSON; one here and different is refused,
// naming what (of document ref). Outside a merge, or with none here, it
// is false.
func (im *importer) sameAs(v any, read func() (any, error), what, ref string) (bool, error) {
	if !im.merge {
		return false, nil
	}
	here, err := read()
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if jsonArg(here) != jsonArg(v) {
		return false, accord.Errorf(accord.ECONFLICT, "the %s of %s differs from the one here: an import adds what is new and skips what is the same, it does not change a record; nothing was imported", what, ref)
	}
	im.res.Same++
	return true, nil
}

// logRow enters an imported row in the receiver's log, sealed when the
// row is not public, as a row written here is, and keeps the sender's
// entry of it.
func (im *importer) logRow(kind string, ref int64, seal bool, entry func(salt []byte) []byte, sender translog.BundleEntry) error {
	salt, err := im.saltIf(seal, kind, ref)
	if err != nil {
		return err
	}
	im.logLater(&translog.Entry{Kind: kind, Ref: ref, Data: entry(salt)})
	return im.keep(kind, ref, sender)
}

// followUp stores a body's follow-up: rounds, then the measures of the
// bag's documents with their obligations, then reports and assessments,
// each entered in the receiver's log.
func (im *importer) followUp(f *ImportFollowUp) error {
	org := im.bag.Organization.Code
	if len(f.ReportLog) != len(f.Reports) || len(f.AssessmentLog) != len(f.Assessments) {
		return accord.Invalid("bag", "the follow-up of %s holds reports or assessments without their log entries", f.Body)
	}
	rounds := map[int64]int64{}
	for _, r := range f.Rounds {
		id, err := im.rowID("reporting rounds", "reporting_rounds", "organization*, body*, meeting*, deadline, opened_at, closed_at",
			org, f.Body, r.Meeting, timeArg(r.Deadline), timeArg(r.OpenedAt), timeArg(r.ClosedAt))
		if err != nil {
			return err
		}
		rounds[r.ID] = id
	}
	for _, m := range f.Measures {
		doc, okDoc := im.documents[m.DocumentID]
		mt, okMeeting := im.meetings[m.MeetingID]
		if !okDoc || !okMeeting {
			return accord.Invalid("bag", "measure %s of %s is of a document or meeting the bag does not hold", m.Number, m.Reference)
		}
		id, err := im.rowID("measures", "measures", "document_id*, organization, body, meeting_id, number*, external_id, segment_id, paragraph, texts, named, lead, due, note, created_at",
			doc, org, f.Body, mt, m.Number, m.ExternalID, m.Segment, m.Paragraph, jsonArg(m.Texts), m.Named, m.Lead, dateArg(m.Due), m.Note, timeArg(m.CreatedAt))
		if err != nil {
			return err
		}
		for _, o := range m.Obligations {
			// Claimed and assessed are the latest report's and
			// assessment's: a later bag's are newer.
			oid, err := im.rowID("obligations", "obligations", "measure_id*, state*, -claimed, -assessed", id, o.State, o.Claimed, o.Assessed)
			if err != nil {
				return err
			}
			if err := im.exec(`UPDATE obligations SET claimed = $1, assessed = $2 WHERE id = $3`, o.Claimed, o.Assessed, oid); err != nil {
				return err
			}
			im.obligations[o.ID] = oid
		}
	}
	for i, r := range f.Reports {
		if err := im.report(r, rounds, f.ReportLog[i]); err != nil {
			return err
		}
	}
	for i, a := range f.Assessments {
		o, ok := im.obligations[a.ObligationID]
		if !ok {
			return accord.Invalid("bag", "an assessment of %s is of an obligation the bag does not hold", a.State)
		}
		a.ObligationID, a.AssessedBy = o, 0
		id, fresh, err := im.put("assessments", "assessments", "obligation_id*, status, comment, classification, assessed_at*, assessed_by, external_id", true,
			o, a.Status, a.Comment, a.Classification, timeArg(a.AssessedAt), nil, a.ExternalID)
		if err != nil || !fresh {
			if err != nil {
				return err
			}
			continue
		}
		a.ID = id
		if err := im.logRow(translog.KindAssessment, id, a.Classification != accord.Public, func(salt []byte) []byte {
			return translog.NewAssessmentDetails(a).Entry(salt)
		}, f.AssessmentLog[i]); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) report(r *accord.NationalReport, rounds map[int64]int64, sender translog.BundleEntry) error {
	var round any
	if r.Round != 0 {
		id, ok := rounds[r.Round]
		if !ok {
			return accord.Invalid("bag", "a report of %s answers a reporting round the bag does not hold", r.State)
		}
		round, r.Round = id, id
	}
	obligations := make([]int64, len(r.Obligations))
	for i, o := range r.Obligations {
		id, ok := im.obligations[o]
		if !ok {
			return accord.Invalid("bag", "a report of %s is on an obligation the bag does not hold", r.State)
		}
		obligations[i] = id
	}
	// A report points to documents: those of the bag keep the pointer,
	// with the receiver's ids.
	attachments := []int64{}
	for _, d := range r.Attachments {
		if id, ok := im.documents[d]; ok {
			attachments = append(attachments, id)
		}
	}
	r.Obligations, r.Attachments, r.SubmittedBy = obligations, attachments, 0
	id, fresh, err := im.put("national reports", "national_reports", "state*, round_id, texts, status, attachments, classification, submitted_at*, submitted_by, late", true,
		r.State, round, jsonArg(r.Texts), r.Status, jsonArg(r.Attachments), r.Classification, timeArg(r.SubmittedAt), nil, r.Late)
	if err != nil || !fresh {
		return err
	}
	r.ID = id
	for _, o := range obligations {
		if err := im.row("", "report_obligations", "report_id*, obligation_id*", id, o); err != nil {
			return fmt.Errorf("report %d: %w", id, err)
		}
	}
	return im.logRow(translog.KindNationalReport, id, r.Classification != accord.Public, func(salt []byte) []byte {
		return translog.NewReportDetails(r).Entry(salt)
	}, sender)
}
