package followup

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// Counts are obligations by effective status, in the council's order.
type Counts struct {
	Total    int                           `json:"total"`
	ByStatus map[accord.FollowUpStatus]int `json:"by_status"`
	Overdue  int                           `json:"overdue"`
}

func (c *Counts) add(cell Cell) {
	c.Total++
	c.ByStatus[cell.Effective]++
	if cell.Overdue {
		c.Overdue++
	}
}

func newCounts() Counts { return Counts{ByStatus: map[accord.FollowUpStatus]int{}} }

// Change is an obligation whose effective status changed since the last
// round opened.
type Change struct {
	Measure string                `json:"measure"`
	State   string                `json:"state"`
	From    accord.FollowUpStatus `json:"from"`
	To      accord.FollowUpStatus `json:"to"`
}

// Summary is the summing-up of a body's meeting's measures for the next
// meeting: counts overall, by state and by measure, what changed since the
// last round opened, and the reports that came late.
type Summary struct {
	Statuses []accord.FollowUpStatus `json:"statuses"`
	// Labels are the council's words for its own statuses.
	Labels    map[accord.FollowUpStatus]accord.Text `json:"labels"`
	All       Counts                                `json:"all"`
	ByState   map[string]Counts                     `json:"by_state"`
	ByMeasure map[string]Counts                     `json:"by_measure"`
	// Since is when the last round opened, zero when none has: changes
	// are counted from it.
	Since       time.Time `json:"since,omitzero"`
	Changes     []Change  `json:"changes"`
	LateReports int       `json:"late_reports"`
}

// Summarize counts the matrix of h's measures on today, and the changes
// since the latest round of the body opened before now.
func Summarize(h *accord.FollowUpHistory, org, body string, now time.Time) Summary {
	s := Summary{Statuses: Statuses(h.Statuses), Labels: h.Labels, All: newCounts(), ByState: map[string]Counts{}, ByMeasure: map[string]Counts{}, Changes: []Change{}}
	mx := BuildMatrix(h.Measures, Filter{}, accord.DateOf(now))
	since := time.Time{}
	if r := RoundAt(h.Rounds, org, body, now); r != nil {
		since = r.OpenedAt
		s.Since = since
	}
	for _, row := range mx.Rows {
		bm := newCounts()
		for _, c := range row.Cells {
			s.All.add(c)
			bm.add(c)
			bs, ok := s.ByState[c.State]
			if !ok {
				bs = newCounts()
			}
			bs.add(c)
			s.ByState[c.State] = bs
			from := accord.StatusNotStarted
			if !since.IsZero() {
				from = StatusAt(h, accord.Obligation{ID: c.Obligation}, since)
			}
			if from != c.Effective {
				s.Changes = append(s.Changes, Change{Measure: row.Measure.Number, State: c.State, From: from, To: c.Effective})
			}
		}
		s.ByMeasure[row.Measure.Number] = bm
	}
	for _, r := range h.Reports {
		if r.Late {
			s.LateReports++
		}
	}
	return s
}

// phrases are the summing-up's fixed texts in the languages Accord
// speaks; another organization language gets the English ones.
var phrases = map[string]map[string]string{
	"en": {"title": "Consolidated report on the implementation of the measures of meeting %s", "intro": "Prepared by the secretariat for meeting %s from the reports of the member states and the secretariat's assessments, as recorded in Accord on %s.",
		"all": "All obligations", "total": "obligations", "total_one": "obligation", "overdue": "overdue", "by_state": "By state", "by_measure": "By measure", "measure": "Measure",
		"changes": "Changes since the last reporting round opened (%s)", "changes_none": "No changes since the last reporting round opened (%s).", "no_round": "no round opened yet", "late": "Reports received after their round's deadline: %d.",
		"not_started": "not started", "in_progress": "in progress", "implemented": "implemented", "partially_implemented": "partially implemented", "not_implemented": "not implemented", "no_longer_relevant": "no longer relevant"},
	"ru": {"title": "Сводный доклад о выполнении мер совещания %s", "intro": "Подготовлен секретариатом к совещанию %s по докладам государств-членов и оценкам секретариата, записанным в Accord на %s.",
		"all": "Все обязательства", "total": "обязательств", "total_one": "обязательство", "total_few": "обязательства", "overdue": "просрочено", "by_state": "По государствам", "by_measure": "По мерам", "measure": "Мера",
		"changes": "Изменения с открытия последнего отчётного цикла (%s)", "changes_none": "С открытия последнего отчётного цикла (%s) изменений нет.", "no_round": "циклы ещё не открывались", "late": "Докладов, поступивших после срока цикла: %d.",
		"not_started": "не начато", "in_progress": "выполняется", "implemented": "выполнено", "partially_implemented": "выполнено частично", "not_implemented": "не выполнено", "no_longer_relevant": "утратило актуальность"},
	"zh": {"title": "第%s次会议措施执行情况综合报告", "intro": "秘书处根据各成员国报告和秘书处评估，为第%s次会议编写，数据截至%s在 Accord 中的记录。",
		"all": "全部义务", "total": "项义务", "overdue": "逾期", "by_state": "按国家", "by_measure": "按措施", "measure": "措施",
		"changes": "自上一报告周期开启（%s）以来的变化", "changes_none": "自上一报告周期开启（%s）以来没有变化。", "no_round": "尚未开启报告周期", "late": "在周期截止日期之后收到的报告：%d 份。",
		"not_started": "未开始", "in_progress": "进行中", "implemented": "已执行", "partially_implemented": "部分执行", "not_implemented": "未执行", "no_longer_relevant": "不再相关"},
}

// phrase returns the text of key in lang, in English when lang has none.
func phrase(lang, key string) string {
	if p, ok := phrases[lang][key]; ok {
		return p
	}
	return phrases["en"][key]
}

// pluralKey is key with the suffix of n's plural category in lang, by
// CLDR's rules for the languages whose phrases have forms: English "one",
// Russian "one", "few" and "many" (1 обязательство, 2 обязательства, 5
// обязательств). The bare key is the "other" or "many" form; a
// language without phrases of its own takes the English ones and forms.
func pluralKey(lang, key string, n int) string {
	if _, ok := phrases[lang]; !ok {
		lang = "en" // its phrases are English, and so are their forms
	}
	switch lang {
	case "en":
		if n == 1 {
			return key + "_one"
		}
	case "ru":
		switch {
		case n%10 == 1 && n%100 != 11:
			return key + "_one"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return key + "_few"
		}
	}
	return key
}

// StatusLabel names a status in lang: a built-in one in the summing-up's
// words, a council's own in the council's (with the fallbacks of Label),
// and one without a label by its code.
func StatusLabel(labels map[accord.FollowUpStatus]accord.Text, lang string, s accord.FollowUpStatus) string {
	if Builtin(s) {
		return phrase(lang, string(s))
	}
	if x, ok := Label(labels, lang, s); ok {
		return x
	}
	return string(s)
}

// Texts writes the summing-up of meeting number's measures, for meeting
// number+1, as a document version in each language. names gives each
// state's name by language; its code stands in for a state without one.
func Texts(s Summary, langs []string, number int, names map[string]accord.Text, now time.Time) []accord.DocumentVersion {
	out := make([]accord.DocumentVersion, 0, len(langs))
	for _, l := range langs {
		meeting, next := accord.Roman(number), accord.Roman(number+1)
		if l == "zh" {
			meeting, next = fmt.Sprint(number), fmt.Sprint(number+1)
		}
		counts := func(c Counts) string {
			parts := []string{fmt.Sprintf("%d %s", c.Total, phrase(l, pluralKey(l, "total", c.Total)))}
			for _, st := range s.Statuses {
				parts = append(parts, fmt.Sprintf("%s: %d", StatusLabel(s.Labels, l, st), c.ByStatus[st]))
			}
			parts = append(parts, fmt.Sprintf("%s: %d", phrase(l, "overdue"), c.Overdue))
			return strings.Join(parts, "; ")
		}
		var b []string
		b = append(b, fmt.Sprintf(phrase(l, "intro"), next, now.UTC().Format(time.DateOnly)))
		b = append(b, phrase(l, "all")+": "+counts(s.All)+".")
		lines := []string{phrase(l, "by_state") + ":"}
		for _, st := range sortedKeys(s.ByState) {
			name, _ := names[st].In(l)
			if name == "" {
				name = st
			}
			lines = append(lines, fmt.Sprintf("- %s (%s): %s", name, st, counts(s.ByState[st])))
		}
		b = append(b, strings.Join(lines, "\n"))
		lines = []string{phrase(l, "by_measure") + ":"}
		for _, m := range sortedNumbers(s.ByMeasure) {
			lines = append(lines, fmt.Sprintf("- %s %s: %s", phrase(l, "measure"), m, counts(s.ByMeasure[m])))
		}
		b = append(b, strings.Join(lines, "\n"))
		since := phrase(l, "no_round")
		if !s.Since.IsZero() {
			since = s.Since.UTC().Format(time.DateOnly)
		}
		if len(s.Changes) == 0 {
			b = append(b, fmt.Sprintf(phrase(l, "changes_none"), since))
		} else {
			lines = []string{fmt.Sprintf(phrase(l, "changes"), since) + ":"}
			for _, c := range s.Changes {
				lines = append(lines, fmt.Sprintf("- %s %s, %s: %s → %s", phrase(l, "measure"), c.Measure, c.State, StatusLabel(s.Labels, l, c.From), StatusLabel(s.Labels, l, c.To)))
			}
			b = append(b, strings.Join(lines, "\n"))
		}
		b = append(b, fmt.Sprintf(phrase(l, "late"), s.LateReports))
		out = append(out, accord.DocumentVersion{Lang: l, Title: fmt.Sprintf(phrase(l, "title"), meeting), Body: strings.Join(b, "\n\n")})
	}
	return out
}

func sortedKeys(m map[string]Counts) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedNumbers(m map[string]Counts) []string {
	out := sortedKeys(m)
	slices.SortStableFunc(out, compareNumbers)
	return out
}
