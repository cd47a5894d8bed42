package followup

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
)

// MatrixHeader is the header of the matrix's CSV. The assessment import
// reads the same columns, so that an exported matrix, edited, imports
// back; it reads the codes and ignores the labels beside them, which are
// for the person reading the file.
var MatrixHeader = []string{"measure", "number", "state", "claimed", "claimed_label", "assessed", "assessed_label", "overdue", "comment"}

// MeasureKey is the key a CSV line names a measure by: its external id, or
// its number when it has none.
func MeasureKey(m *accord.Measure) string {
	if m.ExternalID != "" {
		return m.ExternalID
	}
	return m.Number
}

// WriteCSV writes the matrix, one line a cell, each status as its code
// and as label names it in the reader's language.
func WriteCSV(w io.Writer, mx Matrix, label func(accord.FollowUpStatus) string) error {
	named := func(s accord.FollowUpStatus) string {
		if s == "" {
			return ""
		}
		return csvSafe(label(s))
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(MatrixHeader); err != nil {
		return err
	}
	for _, row := range mx.Rows {
		for _, c := range row.Cells {
			if err := cw.Write([]string{csvSafe(MeasureKey(row.Measure)), csvSafe(row.Measure.Number), c.State, string(c.Claimed), named(c.Claimed),
				string(c.Assessed), named(c.Assessed), strconv.FormatBool(c.Overdue), ""}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a value as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// LineError is a bad line of an import: its number (the header is line
// 1), the column at fault and why.
type LineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
	// err is Message with its format, so that the import's error is
	// told line by line in the reader's language.
	err *accord.Error
}

// lineErrors gathers every bad line of a file, up to a bound, and turns
// them into one EINVALID whose field names the first.
type lineErrors []LineError

func (e *lineErrors) add(line int, field, format string, args ...any) {
	if len(*e) < 100 {
		le := accord.Invalid(field, format, args...)
		*e = append(*e, LineError{line, field, le.Message, le})
	}
}

func (e lineErrors) err() error {
	if len(e) == 0 {
		return nil
	}
	parts := make(accord.Messages, len(e))
	for i, l := range e {
		parts[i] = accord.LineError(l.Line, l.Field, l.err)
	}
	err := accord.Invalid(fmt.Sprintf("lines[%d].%s", e[0].Line, e[0].Field), "%s", parts)
	return &ImportError{Err: err, Lines: e}
}

// ImportError is a refused import: every bad line, and the EINVALID that
// names the first.
type ImportError struct {
	Err   *accord.Error
	Lines []LineError
}

func (e *ImportError) Error() string { return e.Err.Error() }
func (e *ImportError) Unwrap() error { return e.Err }

// table reads a CSV file with a header, checking that it names the
// columns required, and returns the lines as maps with their numbers.
func table(r io.Reader, required []string) ([]map[string]string, []int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, nil, accord.Invalid("lines[1]", "the file has no CSV header")
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")))
	}
	for _, c := range required {
		if !slices.Contains(header, c) {
			return nil, nil, accord.Invalid("lines[1]."+c, "the header has no column %s", c)
		}
	}
	var rows []map[string]string
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, nil, accord.Invalid(fmt.Sprintf("lines[%d]", line), "line %d is not CSV", line)
		}
		if len(rows) >= accord.MaxCSVLines {
			return nil, nil, accord.Invalid(fmt.Sprintf("lines[%d]", line), "a file has at most %d lines", accord.MaxCSVLines)
		}
		row := map[string]string{}
		for i, v := range rec {
			if i < len(header) {
				row[header[i]] = strings.TrimSpace(strings.TrimPrefix(v, "'"))
			}
		}
		rows, lines = append(rows, row), append(lines, line)
	}
	if len(rows) == 0 {
		return nil, nil, accord.Invalid("lines[2]", "the file has no lines after its header")
	}
	return rows, lines, nil
}

// AssessmentLine is one assessment an import makes.
type AssessmentLine struct {
	Line       int
	Measure    *accord.Measure
	Obligation accord.Obligation
	Status     accord.FollowUpStatus
	Comment    string
}

// ParseAssessments reads an import of assessments in the matrix's columns:
// measure (the key MeasureKey gives), state, assessed, comment. A line
// whose assessed is empty is skipped, and a line that repeats a measure
// and state is refused, as is an unknown measure, a state the measure
// does not bind, or a status outside statuses.
func ParseAssessments(r io.Reader, measures []*accord.Measure, statuses []accord.FollowUpStatus) ([]AssessmentLine, error) {
	rows, lines, err := table(r, []string{"measure", "state", "assessed"})
	if err != nil {
		return nil, err
	}
	byKey := map[string]*accord.Measure{}
	for _, m := range measures {
		byKey[MeasureKey(m)] = m
	}
	var bad lineErrors
	var out []AssessmentLine
	seen := map[string]int{}
	for i, row := range rows {
		line := lines[i]
		m := byKey[row["measure"]]
		if m == nil {
			bad.add(line, "measure", "no measure %q", row["measure"])
			continue
		}
		k := m.Number + "\x00" + row["state"]
		if first, ok := seen[k]; ok {
			bad.add(line, "state", "measure %s and state %s are on line %d already", m.Number, row["state"], first)
			continue
		}
		seen[k] = line
		idx := slices.IndexFunc(m.Obligations, func(o accord.Obligation) bool { return o.State == row["state"] })
		if idx < 0 {
			bad.add(line, "state", "measure %s binds no state %q", m.Number, row["state"])
			continue
		}
		if row["assessed"] == "" {
			continue
		}
		st := accord.FollowUpStatus(row["assessed"])
		if !slices.Contains(statuses, st) {
			bad.add(line, "assessed", "%q is not a status of this council", st)
			continue
		}
		if len(row["comment"]) > accord.MaxAssessmentText {
			bad.add(line, "comment", "is longer than %d bytes", accord.MaxAssessmentText)
			continue
		}
		out = append(out, AssessmentLine{Line: line, Measure: m, Obligation: m.Obligations[idx], Status: st, Comment: row["comment"]})
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// MeasureHeader is the header of an import of measures.
var MeasureHeader = []string{"external_id", "number", "paragraph", "segment", "states", "lead", "due"}

// ParseMeasures reads an import of measures of one document: external_id
// and number are required; paragraph or segment says what it points at;
// states, separated by spaces, are the states named (none: every member);
// due is a date, or empty for a standing measure. A line repeating an
// external id, or naming a state that is not a member, is refused; Prepare
// checks the rest when storing.
func ParseMeasures(r io.Reader, members []string) ([]*accord.Measure, []int, error) {
	rows, lines, err := table(r, []string{"external_id", "number"})
	if err != nil {
		return nil, nil, err
	}
	var bad lineErrors
	var out []*accord.Measure
	seen := map[string]int{}
	for i, row := range rows {
		line := lines[i]
		m := &accord.Measure{ExternalID: row["external_id"], Number: row["number"], Lead: row["lead"]}
		if m.ExternalID == "" {
			bad.add(line, "external_id", "is required")
			continue
		}
		if first, ok := seen[m.ExternalID]; ok {
			bad.add(line, "external_id", "%s is on line %d already", m.ExternalID, first)
			continue
		}
		seen[m.ExternalID] = line
		ok := true
		for _, c := range []struct {
			col string
			set func(int)
		}{{"paragraph", func(n int) { m.Paragraph = n }}, {"segment", func(n int) { m.Segment = int64(n) }}} {
			if v := row[c.col]; v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 100000 {
					bad.add(line, c.col, "%q is not a number", v)
					ok = false
					continue
				}
				c.set(n)
			}
		}
		for _, s := range strings.Fields(row["states"]) {
			if !slices.Contains(members, s) {
				bad.add(line, "states", "%q is not a member state on the adoption date", s)
				ok = false
			}
			m.States = append(m.States, s)
		}
		if v := row["due"]; v != "" {
			d, err := accord.ParseDate(v)
			if err != nil {
				bad.add(line, "due", "%q is not a date such as 2025-07-01", v)
				ok = false
			}
			m.Due = d
		}
		if ok {
			out = append(out, m)
		}
	}
	if err := bad.err(); err != nil {
		return nil, nil, err
	}
	return out, lines, nil
}
