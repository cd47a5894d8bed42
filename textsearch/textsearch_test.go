package textsearch

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"прокуроров", "прокурор"},
		{"Прокуратуры", "прокуратура"},
		{"совещания", "совещание"},
		{"meetings", "meeting"},
		{"Prosecutors", "prosecutor"},
		{"ёлка", "елка"},
	} {
		if Stem(c.a) != Stem(c.b) {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want one stem", c.a, Stem(c.a), c.b, Stem(c.b))
		}
	}
	if Stem("прокурор") == Stem("протокол") {
		t.Error("different words share a stem")
	}
}

func TestTerms(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"最高人民检察院", "最高 高人 人民 民检 检察 察院 院"},
		{"院", "院"},
		{"Генеральных прокуроров, 2024!", "генеральн прокурор 2024"},
		{"SCO 上合 meeting", "sco 上合 合 meet"},
		{"", ""},
		{"— … «»", ""},
	} {
		if got := Terms(c.in); got != c.want {
			t.Errorf("Terms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in, fts5, tsquery string
		err               error
	}{
		{in: "прокуроров", fts5: `"прокурор"`, tsquery: `'прокурор'`},
		{in: "检察", fts5: `"检察"`, tsquery: `'检察'`},
		{in: "人民检察院", fts5: `"人民 民检 检察 察院"`, tsquery: `('人民' <-> '民检' <-> '检察' <-> '察院')`},
		{in: "院", fts5: `"院"*`, tsquery: `'院':*`},
		{in: `"XXII" AND протокол* -Bishkek OR`, fts5: `"xxii" AND "протокол" AND "bishkek"`, tsquery: `'xxii' & 'протокол' & 'bishkek'`},
		{in: "meeting meetings", fts5: `"meet"`, tsquery: `'meet'`},
		{in: `O'Brien`, fts5: `"o" AND "brien"`, tsquery: `'o' & 'brien'`},
		{in: "AND OR NOT", err: ErrNoWords},
		{in: `"" * ( ) - : ^ & | !`, err: ErrNoWords},
		{in: "   ", err: ErrNoWords},
		{in: strings.Repeat("а", 257), err: ErrTooLong},
		{in: manyWords(33), err: ErrTooMany},
		{in: "\xff", err: ErrNotUTF8},
	} {
		q, err := Parse(c.in)
		if !errors.Is(err, c.err) {
			t.Errorf("Parse(%q): error %v, want %v", c.in, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		if got := q.FTS5(); got != c.fts5 {
			t.Errorf("Parse(%q).FTS5() = %s, want %s", c.in, got, c.fts5)
		}
		if got := q.TSQuery(); got != c.tsquery {
			t.Errorf("Parse(%q).TSQuery() = %s, want %s", c.in, got, c.tsquery)
		}
	}
	if _, err := Parse(manyWords(32)); err != nil {
		t.Errorf("a query of 32 words: %v", err)
	}
	if _, err := Parse(strings.Repeat("а", 256)); err != nil {
		t.Errorf("a query of 256 characters: %v", err)
	}
}

func manyWords(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "w%d ", i)
	}
	return b.String()
}

func render(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("слово ", 60) + "Генеральные прокуроры собрались. " + strings.Repeat("ещё ", 60)
	for _, c := range []struct {
		text, q string
		width   int
		want    string
	}{
		{"Протокол совещания генеральных прокуроров", "прокурор", 100, "Протокол совещания генеральных [прокуроров]"},
		{"上海合作组织成员国总检察长第二十二次会议纪要", "检察", 100, "上海合作组织成员国总[检察]长第二十二次会议纪要"},
		{"最高人民检察院", "检察院 人民", 100, "最高[人民检察院]"},
		{"Meeting of the prosecutors", "PROSECUTOR meetings", 100, "[Meeting] of the [prosecutors]"},
		{"no match here", "other", 100, "no match here"},
		{long, "прокурор", 60, "…Генеральные [прокуроры] собрались. ещё ещё ещё ещё ещё ещё ещё…"},
		{"<b>прокурор</b>", "прокурор", 100, "<b>[прокурор]</b>"},
	} {
		q, err := Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := render(Snippet(c.text, q, c.width)); got != c.want {
			t.Errorf("Snippet(%.30q, %q) = %q, want %q", c.text, c.q, got, c.want)
		}
	}
}
