package followup

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord"
)

func day(s string) accord.Date { return accord.MustDate(s) }

func TestEffectiveAndOverdue(t *testing.T) {
	due := &accord.Measure{Due: day("2025-01-31")}
	standing := &accord.Measure{}
	for _, c := range []struct {
		name    string
		m       *accord.Measure
		o       accord.Obligation
		today   string
		want    accord.FollowUpStatus
		overdue bool
	}{
		{"nothing reported", due, accord.Obligation{}, "2025-02-01", accord.StatusNotStarted, true},
		{"claimed only", due, accord.Obligation{Claimed: accord.StatusImplemented}, "2025-02-01", accord.StatusImplemented, false},
		{"the assessment counts over the claim", due, accord.Obligation{Claimed: accord.StatusImplemented, Assessed: accord.StatusPartiallyImplemented}, "2025-02-01", accord.StatusPartiallyImplemented, true},
		{"on the due day", due, accord.Obligation{}, "2025-01-31", accord.StatusNotStarted, false},
		{"no longer relevant is settled", due, accord.Obligation{Assessed: accord.StatusNoLongerRelevant}, "2026-01-01", accord.StatusNoLongerRelevant, false},
		{"a standing measure is never overdue", standing, accord.Obligation{}, "2099-01-01", accord.StatusNotStarted, false},
	} {
		if got := Effective(c.o); got != c.want {
			t.Errorf("%s: effective %s, want %s", c.name, got, c.want)
		}
		if got := Overdue(c.m, c.o, day(c.today)); got != c.overdue {
			t.Errorf("%s: overdue %v, want %v", c.name, got, c.overdue)
		}
	}
}

func TestCheckStatusAndClassification(t *testing.T) {
	own := []accord.FollowUpStatus{"open", "closed"}
	for _, c := range []struct {
		list []accord.FollowUpStatus
		s    accord.FollowUpStatus
		ok   bool
	}{
		{nil, accord.StatusImplemented, true},
		{nil, "done", false},
		{own, "closed", true},
		{own, accord.StatusImplemented, false},
	} {
		if err := CheckStatus("status", Statuses(c.list), c.s); (err == nil) != c.ok || err != nil && accord.ErrorField(err) != "status" {
			t.Errorf("%v %s: %v", c.list, c.s, err)
		}
	}
	for _, c := range []struct {
		measure, asked, want accord.Classification
		ok                   bool
	}{
		{accord.Public, "", accord.Public, true},
		{accord.Restricted, "", accord.Restricted, true},
		{accord.Confidential, "", accord.Confidential, true},
		{accord.Restricted, accord.Confidential, accord.Confidential, true},
		{accord.Restricted, accord.Public, "", false},
		{accord.Public, "secret", "", false},
	} {
		got, err := ReportClassification(&accord.Measure{Classification: c.measure}, c.asked)
		if (err == nil) != c.ok || err == nil && got != c.want {
			t.Errorf("%s measure asked %q: %s, %v", c.measure, c.asked, got, err)
		}
	}
}

func TestPrepare(t *testing.T) {
	src := Source{Authentic: []string{"ru", "zh"}, Bodies: map[string]string{"ru": "Преамбула.\n\n1. Меры.", "zh": "序言。\n\n一、措施。"},
		Revision: nil}
	members := []string{"CN", "IN", "PK"}
	for _, c := range []struct {
		name  string
		m     accord.Measure
		field string
	}{
		{"a paragraph", accord.Measure{Number: "1", Paragraph: 2}, ""},
		{"named states", accord.Measure{Number: "1", Paragraph: 2, States: []string{"PK", "IN"}}, ""},
		{"a paragraph the text lacks", accord.Measure{Number: "1", Paragraph: 3}, "paragraph"},
		{"a segment without a draft", accord.Measure{Number: "1", Segment: 1}, "segment"},
		{"both", accord.Measure{Number: "1", Paragraph: 1, Segment: 1}, "segment"},
		{"neither", accord.Measure{Number: "1"}, "paragraph"},
		{"a non-member", accord.Measure{Number: "1", Paragraph: 1, States: []string{"AF"}}, "states[0]"},
		{"a state twice", accord.Measure{Number: "1", Paragraph: 1, States: []string{"IN", "IN"}}, "states[1]"},
		{"a bad number", accord.Measure{Number: "", Paragraph: 1}, "number"},
		{"a partial due date", accord.Measure{Number: "1", Paragraph: 1, Due: accord.Date{Year: 2025}}, "due"},
	} {
		m := c.m
		err := Prepare(&m, src, members)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if accord.ErrorField(err) != c.field {
			t.Errorf("%s: %v, want field %s", c.name, err, c.field)
		}
	}
	m := accord.Measure{Number: "1", Paragraph: 2, States: []string{"PK", "IN"}}
	if err := Prepare(&m, src, members); err != nil || m.Texts["zh"] != "一、措施。" || strings.Join(m.States, ",") != "IN,PK" || len(m.Obligations) != 2 || !m.Named {
		t.Errorf("prepared: %+v %v", m, err)
	}
	rev := &accord.DraftRevision{Number: 2, Segments: []*accord.RevisionSegment{{ID: 5, Texts: map[string]accord.SegmentText{"ru": {Text: "Мера."}, "zh": {Text: "措施。"}}}}}
	seg := accord.Measure{Number: "1", Segment: 5}
	if err := Prepare(&seg, Source{Authentic: src.Authentic, Revision: rev}, members); err != nil || seg.Texts["ru"] != "Мера." || len(seg.States) != 3 {
		t.Errorf("a segment: %+v %v", seg, err)
	}
	if err := Prepare(&accord.Measure{Number: "1", Segment: 6}, Source{Authentic: src.Authentic, Revision: rev}, members); accord.ErrorField(err) != "segment" {
		t.Errorf("a segment the revision lacks: %v", err)
	}
}

func TestCheckBatch(t *testing.T) {
	stored := []*accord.Measure{{Number: "1", ExternalID: "A"}}
	for _, c := range []struct {
		batch []*accord.Measure
		field string
	}{
		{[]*accord.Measure{{Number: "2", ExternalID: "B"}}, ""},
		{[]*accord.Measure{{Number: "1"}}, "measures[0].number"},
		{[]*accord.Measure{{Number: "2", ExternalID: "A"}}, "measures[0].external_id"},
		{[]*accord.Measure{{Number: "2", ExternalID: "B"}, {Number: "3", ExternalID: "B"}}, "measures[1].external_id"},
	} {
		if got := accord.ErrorField(CheckBatch(c.batch, stored)); got != c.field {
			t.Errorf("%+v: field %q, want %q", c.batch, got, c.field)
		}
	}
}

// history is two measures, rounds and reports for the summing-up.
func history() *accord.FollowUpHistory {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	m1 := &accord.Measure{ID: 1, Number: "1.10", Due: day("2025-03-01"), Obligations: []accord.Obligation{{ID: 11, State: "IN", Claimed: accord.StatusImplemented, Assessed: accord.StatusImplemented}, {ID: 12, State: "PK"}}}
	m2 := &accord.Measure{ID: 2, Number: "1.2", Obligations: []accord.Obligation{{ID: 21, State: "IN", Claimed: accord.StatusInProgress}}}
	return &accord.FollowUpHistory{
		Measures: []*accord.Measure{m1, m2},
		Rounds: []*accord.ReportingRound{{ID: 1, Organization: "SCO", Body: "PGM", OpenedAt: t0, Deadline: t0.Add(24 * time.Hour)},
			{ID: 2, Organization: "SCO", Body: "PGM", OpenedAt: t0.Add(48 * time.Hour), Deadline: t0.Add(72 * time.Hour)}},
		Reports: []*accord.NationalReport{
			{ID: 1, State: "IN", Obligations: []int64{11, 21}, Status: accord.StatusInProgress, SubmittedAt: t0.Add(time.Hour)},
			{ID: 2, State: "IN", Obligations: []int64{11}, Status: accord.StatusImplemented, SubmittedAt: t0.Add(50 * time.Hour), Late: false},
			{ID: 3, State: "IN", Obligations: []int64{21}, Status: accord.StatusInProgress, SubmittedAt: t0.Add(80 * time.Hour), Late: true},
		},
		Assessments: []*accord.Assessment{{ID: 1, ObligationID: 11, State: "IN", Status: accord.StatusImplemented, AssessedAt: t0.Add(51 * time.Hour)}},
	}
}

func TestMatrixAndSummary(t *testing.T) {
	h := history()
	now := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	mx := BuildMatrix(h.Measures, Filter{}, accord.DateOf(now))
	if mx.Rows[0].Measure.Number != "1.2" || strings.Join(mx.States, ",") != "IN,PK" {
		t.Fatalf("order: %s first, states %v", mx.Rows[0].Measure.Number, mx.States)
	}
	if c := mx.Rows[1].Cell("PK"); c == nil || !c.Overdue || c.Effective != accord.StatusNotStarted {
		t.Errorf("PK's cell of 1.10: %+v", c)
	}
	if mx.Rows[0].Cell("PK") != nil {
		t.Error("1.2 does not bind PK")
	}
	for _, c := range []struct {
		f     Filter
		cells int
	}{{Filter{State: "IN"}, 2}, {Filter{Status: accord.StatusImplemented}, 1}, {Filter{State: "PK", Status: accord.StatusImplemented}, 0}} {
		n := 0
		for _, r := range BuildMatrix(h.Measures, c.f, accord.DateOf(now)).Rows {
			n += len(r.Cells)
		}
		if n != c.cells {
			t.Errorf("filter %+v: %d cells, want %d", c.f, n, c.cells)
		}
	}
	s := Summarize(h, "SCO", "PGM", now)
	if s.All.Total != 3 || s.All.ByStatus[accord.StatusImplemented] != 1 || s.All.Overdue != 1 || s.ByState["IN"].Total != 2 || s.ByMeasure["1.10"].Total != 2 || s.LateReports != 1 {
		t.Errorf("summary: %+v", s)
	}
	// Since round 2 opened, IN's 1.10 went from in progress to implemented;
	// 1.2 stayed in progress.
	if len(s.Changes) != 1 || s.Changes[0] != (Change{Measure: "1.10", State: "IN", From: accord.StatusInProgress, To: accord.StatusImplemented}) {
		t.Errorf("changes: %+v", s.Changes)
	}
	tl := Timeline(h, h.Measures[0])
	if len(tl) != 3 || tl[0].Report.ID != 1 || tl[2].Kind != "assessment" {
		t.Errorf("timeline: %+v", tl)
	}
	vs := Texts(s, []string{"ru", "zh", "kk"}, 22, map[string]accord.Text{"IN": {"ru": "Индия"}}, now)
	if len(vs) != 3 || !strings.Contains(vs[0].Body, "Индия (IN): 2 обязательства") || !strings.Contains(vs[1].Title, "第22次") || !strings.Contains(vs[2].Body, "All obligations: 3 obligations") {
		t.Errorf("texts: %+v", vs)
	}

	// A council's own status is named in its words, in the version's
	// language or else in English; a status without a label by its code.
	h.Statuses = []accord.FollowUpStatus{accord.StatusNotStarted, accord.StatusInProgress, accord.StatusImplemented, "referred"}
	h.Labels = map[accord.FollowUpStatus]accord.Text{"referred": {"en": "referred to parliament", "ru": "передано в парламент", "zh": "已提交议会"}}
	h.Assessments[0].Status = "referred"
	h.Measures[0].Obligations[0].Assessed = "referred"
	s = Summarize(h, "SCO", "PGM", now)
	vs = Texts(s, []string{"ru", "zh", "kk"}, 22, nil, now)
	for i, want := range []string{"передано в парламент: 1", "已提交议会: 1", "referred to parliament: 1"} {
		if !strings.Contains(vs[i].Body, want) {
			t.Errorf("the %s version does not name the council's status (%q):\n%s", vs[i].Lang, want, vs[i].Body)
		}
	}
	if got := StatusLabel(nil, "ru", "referred"); got != "referred" {
		t.Errorf("a status without a label: %q", got)
	}
}

func TestMarkLate(t *testing.T) {
	h := history()
	for _, c := range []struct {
		at    time.Duration
		round int64
		late  bool
	}{{-time.Hour, 0, false}, {time.Hour, 1, false}, {30 * time.Hour, 1, true}, {49 * time.Hour, 2, false}, {100 * time.Hour, 2, true}} {
		r := &accord.NationalReport{SubmittedAt: h.Rounds[0].OpenedAt.Add(c.at)}
		MarkLate(r, h.Rounds, "SCO", "PGM")
		if r.Round != c.round || r.Late != c.late {
			t.Errorf("at +%v: round %d late %v, want %d %v", c.at, r.Round, r.Late, c.round, c.late)
		}
	}
}

func TestCSV(t *testing.T) {
	h := history()
	h.Measures[0].ExternalID = "=HYPERLINK"
	mx := BuildMatrix(h.Measures, Filter{}, day("2025-04-01"))
	var b bytes.Buffer
	label := func(s accord.FollowUpStatus) string { return StatusLabel(nil, "ru", s) }
	if err := WriteCSV(&b, mx, label); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "measure,number,state,claimed,claimed_label,assessed,assessed_label,overdue,comment\n") {
		t.Errorf("the header: %s", b.String())
	}
	if !strings.Contains(b.String(), "'=HYPERLINK,1.10,IN,implemented,выполнено,implemented,выполнено,false,") {
		t.Errorf("a formula is not defused:\n%s", b.String())
	}
	lines, err := ParseAssessments(&b, h.Measures, accord.DefaultFollowUpStatuses)
	if err != nil || len(lines) != 1 || lines[0].Obligation.ID != 11 {
		t.Errorf("round trip: %+v %v", lines, err)
	}
	for _, c := range []struct{ csv, field string }{
		{"measure,state\n", "lines[1].assessed"},
		{"measure,state,assessed\n", "lines[2]"},
		{"measure,state,assessed\nnope,IN,implemented\n", "lines[2].measure"},
		{"measure,state,assessed\n1.2,PK,implemented\n", "lines[2].state"},
		{"measure,state,assessed\n1.2,IN,done\n", "lines[2].assessed"},
		{"measure,state,assessed\n1.2,IN,implemented\n1.2,IN,implemented\n", "lines[3].state"},
	} {
		_, err := ParseAssessments(strings.NewReader(c.csv), h.Measures, accord.DefaultFollowUpStatuses)
		if accord.ErrorField(err) != c.field {
			t.Errorf("%q: %v, want field %s", c.csv, err, c.field)
		}
	}
	members := []string{"IN", "PK"}
	ms, lines2, err := ParseMeasures(strings.NewReader("external_id,number,paragraph,states,due\nA,1,3,IN PK,2025-01-01\nB,2,4,,\n"), members)
	if err != nil || len(ms) != 2 || ms[0].Paragraph != 3 || len(ms[0].States) != 2 || ms[1].Due != (accord.Date{}) || lines2[1] != 3 {
		t.Errorf("measures: %+v %v %v", ms, lines2, err)
	}
	for _, c := range []struct{ csv, field string }{
		{"number\n1\n", "lines[1].external_id"},
		{"external_id,number,states\nA,1,ZZ\n", "lines[2].states"},
		{"external_id,number\nA,1\nA,2\n", "lines[3].external_id"},
		{"external_id,number,paragraph\nA,1,x\n", "lines[2].paragraph"},
		{"external_id,number,due\nA,1,2025-02-30\n", "lines[2].due"},
	} {
		_, _, err := ParseMeasures(strings.NewReader(c.csv), members)
		if accord.ErrorField(err) != c.field {
			t.Errorf("%q: %v, want field %s", c.csv, err, c.field)
		}
	}
}

// TestCountPhrase: the summing-up's count takes the plural form of its
// number, as a reader of each language expects it.
func TestCountPhrase(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "obligations"}, {"en", 1, "obligation"}, {"en", 2, "obligations"}, {"en", 21, "obligations"},
		{"ru", 1, "обязательство"}, {"ru", 21, "обязательство"}, {"ru", 11, "обязательств"},
		{"ru", 2, "обязательства"}, {"ru", 34, "обязательства"}, {"ru", 12, "обязательств"}, {"ru", 14, "обязательств"},
		{"ru", 5, "обязательств"}, {"ru", 0, "обязательств"}, {"ru", 111, "обязательств"}, {"ru", 122, "обязательства"},
		{"zh", 1, "项义务"}, {"zh", 34, "项义务"},
		{"kk", 1, "obligation"}, {"kk", 3, "obligations"},
	} {
		if got := phrase(c.lang, pluralKey(c.lang, "total", c.n)); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}
