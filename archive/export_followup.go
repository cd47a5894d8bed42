package archive

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
)

// draft adds a document's draft to its record: the working text, its
// circulated revisions with their log entries, and its amendments. The
// working text is read only by the drafters (the chair of the meeting and
// the secretariat), so a reader who is not one gets none of the draft,
// and the bag says so.
func (x *export) draft(rec *sqlstore.ImportDocument, res accord.Resource, reader *accord.Actor, cp *translog.StoredCheckpoint) error {
	ctx, id := x.ctx, rec.Document.ID
	d, err := x.Store.FindDraft(ctx, id)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	res.Kind = accord.KindDraft
	if !accord.Authorize(reader, accord.ActRead, res).Allow {
		x.res.LeftOut["drafts"]++
		return nil
	}
	list, err := x.Store.ListRevisions(ctx, id)
	if err != nil {
		return err
	}
	rec.Draft = d
	for _, l := range list {
		r, err := x.Store.FindRevision(ctx, id, l.Number)
		if err != nil {
			return err
		}
		be, err := x.Log.ProveEntry(ctx, translog.KindDraftRevision, r.ID, translog.NewRevisionDetails(r).Details(), cp)
		if err != nil {
			return err
		}
		rec.Revisions, rec.RevisionLog = append(rec.Revisions, r), append(rec.RevisionLog, be)
	}
	if rec.Amendments, err = x.Store.ListAmendments(ctx, id); err != nil {
		return err
	}
	x.res.Records["drafts"]++
	x.res.Records["draft revisions"] += len(rec.Revisions)
	x.res.Records["amendments"] += len(rec.Amendments)
	return nil
}

// followUp writes the follow-up of one body's meetings of the bag: the
// body's reporting rounds, the measures of the documents in the bag with
// their obligations, and the reports and assessments on them that the
// reader may read, as the follow-up pages filter them. A report on the
// obligations of several meetings is written once, on all of them.
func (x *export) followUp(org *accord.Organization, b *accord.Body, meetings []*accord.Meeting, reader *accord.Actor, cp *translog.StoredCheckpoint) error {
	f := sqlstore.ImportFollowUp{Body: b.Code, Rounds: []*accord.ReportingRound{}, Measures: []*accord.Measure{}}
	measureOf := map[int64]*accord.Measure{} // by obligation
	reports := map[int64]*accord.NationalReport{}
	var assessments []*accord.Assessment
	rounds := map[int64]bool{}
	for _, m := range meetings {
		if m.Body != b.Code {
			continue
		}
		h, err := x.Store.FollowUp(x.ctx, org.Code, b.Code, m.Number)
		if err != nil {
			return err
		}
		for _, r := range h.Rounds {
			if !rounds[r.ID] {
				rounds[r.ID] = true
				f.Rounds = append(f.Rounds, r)
			}
		}
		for _, ms := range h.Measures {
			res := accord.Resource{Kind: accord.KindMeasure, Organizations: []string{ms.Organization}, Classification: ms.Classification}
			if !x.docs[ms.DocumentID] || !accord.Authorize(reader, accord.ActRead, res).Allow {
				x.res.LeftOut[string(ms.Classification)+" measures"]++
				continue
			}
			f.Measures = append(f.Measures, ms)
			for _, o := range ms.Obligations {
				measureOf[o.ID] = ms
			}
		}
		for _, r := range h.Reports {
			if got := reports[r.ID]; got != nil {
				got.Obligations = append(got.Obligations, r.Obligations...)
				continue
			}
			reports[r.ID] = r
		}
		assessments = append(assessments, h.Assessments...)
	}
	for _, id := range slices.Sorted(maps.Keys(reports)) {
		r := reports[id]
		slices.Sort(r.Obligations)
		var m *accord.Measure
		for _, o := range r.Obligations {
			if m = measureOf[o]; m != nil {
				break
			}
		}
		res := accord.Resource{Kind: accord.KindNationalReport, Classification: r.Classification, AuthorState: r.State, State: r.State}
		be, ok, err := x.prove(reader, m, res, "national reports", translog.KindNationalReport, r.ID, details(translog.NewReportDetails(r)), cp)
		if err != nil {
			return err
		}
		if ok {
			f.Reports, f.ReportLog = append(f.Reports, r), append(f.ReportLog, be)
		}
	}
	for _, a := range assessments {
		res := accord.Resource{Kind: accord.KindAssessment, Classification: a.Classification, State: a.State}
		be, ok, err := x.prove(reader, measureOf[a.ObligationID], res, "assessments", translog.KindAssessment, a.ID, details(translog.NewAssessmentDetails(a)), cp)
		if err != nil {
			return err
		}
		if ok {
			f.Assessments, f.AssessmentLog = append(f.Assessments, a), append(f.AssessmentLog, be)
		}
	}
	if len(f.Rounds)+len(f.Measures) == 0 {
		return nil
	}
	x.res.Records["reporting rounds"] += len(f.Rounds)
	x.res.Records["measures"] += len(f.Measures)
	x.res.Records["national reports"] += len(f.Reports)
	x.res.Records["assessments"] += len(f.Assessments)
	return x.writeJSON(fmt.Sprintf("records/followup/%s.json", b.Code), "follow-up files", 1, f)
}

// prove returns the proof of the entry of a report or an assessment (kind,
// id, its details d) on an obligation of measure m, if reader may read it:
// one on a measure outside the bag, or that the reader may not read, is
// counted as left out, by its classification and what (res carries both).
func (x *export) prove(reader *accord.Actor, m *accord.Measure, res accord.Resource, what, kind string, id int64, d []byte, cp *translog.StoredCheckpoint) (translog.BundleEntry, bool, error) {
	if m != nil {
		res.Organizations = []string{m.Organization}
	}
	if m == nil || !accord.Authorize(reader, accord.ActRead, res).Allow {
		x.res.LeftOut[string(res.Classification)+" "+what]++
		return translog.BundleEntry{}, false, nil
	}
	be, err := x.Log.ProveEntry(x.ctx, kind, id, d, cp)
	return be, err == nil, err
}

// details are the JSON an entry commits to, as translog marshals them.
func details(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // entries are structs of strings and numbers
	}
	return b
}
