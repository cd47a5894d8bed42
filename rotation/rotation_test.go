package rotation_test

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/rotation"
)

func date(s string) accord.Date { return accord.MustDate(s) }

// member is a state's membership for a test: ru and en names, member from
// "from" until "until" (empty while it lasts).
type member struct{ code, ru, en, from, until string }

func memberships(org string, ms ...member) []*accord.MemberState {
	var out []*accord.MemberState
	for _, m := range ms {
		s := &accord.MemberState{Membership: accord.Membership{Organization: org, State: m.code, Status: accord.Member, From: date(m.from)},
			Names: accord.Text{"ru": m.ru, "en": m.en}}
		if m.until != "" {
			s.Until = date(m.until)
		}
		out = append(out, s)
	}
	return out
}

// sco are the SCO's members as organizations.json records them.
var sco = []member{
	{"CN", "Китай", "China", "2001-06-15", ""},
	{"KZ", "Казахстан", "Kazakhstan", "2001-06-15", ""},
	{"KG", "Кыргызстан", "Kyrgyzstan", "2001-06-15", ""},
	{"RU", "Россия", "Russia", "2001-06-15", ""},
	{"TJ", "Таджикистан", "Tajikistan", "2001-06-15", ""},
	{"UZ", "Узбекистан", "Uzbekistan", "2001-06-15", ""},
	{"IN", "Индия", "India", "2017-06-09", ""},
	{"PK", "Пакистан", "Pakistan", "2017-06-09", ""},
	{"IR", "Иран", "Iran", "2023-07-04", ""},
	{"BY", "Беларусь", "Belarus", "2024-07-04", ""},
}

// ots are the OTS's members; Turkmenistan, an observer in fact, is made a
// member here because "Türkiye" and "Turkmenistan" are where byte order and
// English collation part.
var ots = []member{
	{"AZ", "Азербайджан", "Azerbaijan", "2009-10-03", ""},
	{"KZ", "Казахстан", "Kazakhstan", "2009-10-03", ""},
	{"KG", "Кыргызстан", "Kyrgyzstan", "2009-10-03", ""},
	{"TR", "Турция", "Türkiye", "2009-10-03", ""},
	{"UZ", "Узбекистан", "Uzbekistan", "2019-10-15", ""},
	{"TM", "Туркменистан", "Turkmenistan", "2021-11-12", ""},
}

func rule(org string, kind accord.RotationKind, lang string, order ...string) *accord.RotationRule {
	return &accord.RotationRule{Organization: org, Body: "PGM", Kind: kind, Lang: lang, Order: order,
		Eligibility: accord.EligibleDayBefore, Term: accord.TermMeeting, TermMonths: 12}
}

func engine(t *testing.T, r *accord.RotationRule, ms ...member) *rotation.Engine {
	t.Helper()
	e, err := rotation.New(r, memberships(r.Organization, ms...))
	if err != nil {
		t.Fatalf("rotation.New: %v", err)
	}
	return e
}

// TestNext is the rule engine's table: each case hands the chair over from
// a state on a day and expects the rule's choice.
func TestNext(t *testing.T) {
	ru := rule("SCO", accord.RotateAlphabetical, "ru")
	waiting := rule("SCO", accord.RotateAlphabetical, "ru")
	waiting.WaitDays = 365
	onTheDay := rule("SCO", accord.RotateAlphabetical, "ru")
	onTheDay.Eligibility = accord.EligibleOnHandoverDay
	order := rule("SCO", accord.RotateOrder, "", "RU", "CN", "KZ", "KG")
	leaving := append(slices.Clone(sco[:6]), member{"XX", "Арктида", "Arctida", "2001-06-15", "2010-01-01"})
	for _, c := range []struct {
		name     string
		rule     *accord.RotationRule
		members  []member
		outgoing string
		day      string
		want     string
	}{
		{"XXII: Kyrgyzstan hands over to Pakistan", ru, sco, "KG", "2024-07-25", "PK"},
		{"wrap-around at the end of the alphabet", ru, sco, "UZ", "2024-07-25", "BY"},
		{"wrap-around before Belarus joined", ru, sco, "UZ", "2020-10-20", "IN"},
		{"a member joining between two handovers counts at the next", ru, sco, "IN", "2023-11-08", "IR"},
		{"the same rotation before it joined", ru, sco, "IN", "2023-07-03", "KZ"},
		{"joining on the day of a handover is not yet eligible", ru, sco, "UZ", "2024-07-04", "IN"},
		{"joining the day before a handover is eligible", ru, sco, "UZ", "2024-07-05", "BY"},
		{"with the handover day counted, joining that day is eligible", onTheDay, sco, "UZ", "2024-07-04", "BY"},
		{"a state that joined less than a year before waits", waiting, sco, "UZ", "2024-07-25", "IN"},
		{"and takes its turn once the year is over", waiting, sco, "UZ", "2025-07-04", "BY"},
		{"a member that left is skipped", ru, leaving, "UZ", "2012-01-01", "KZ"},
		{"while a member it takes its turn", ru, leaving, "UZ", "2009-01-01", "XX"},
		{"a chair that left hands over to the next in the alphabet", ru, leaving, "XX", "2012-01-01", "KZ"},
		{"an explicit order", order, sco, "CN", "2024-07-25", "KZ"},
		{"an explicit order wraps", order, sco, "KG", "2024-07-25", "RU"},
		{"a chair outside the order hands over to the top of it", order, sco, "PK", "2024-07-25", "RU"},
		{"OTS in Russian: Туркменистан before Турция", rule("OTS", accord.RotateAlphabetical, "ru"), ots, "KG", "2024-07-25", "TM"},
		{"OTS in Russian: Турция after Туркменистан", rule("OTS", accord.RotateAlphabetical, "ru"), ots, "TM", "2024-07-25", "TR"},
		{"OTS in Russian wraps", rule("OTS", accord.RotateAlphabetical, "ru"), ots, "UZ", "2024-07-25", "AZ"},
		{"OTS in English: Türkiye before Turkmenistan", rule("OTS", accord.RotateAlphabetical, "en"), ots, "KG", "2024-07-25", "TR"},
		{"OTS in English wraps", rule("OTS", accord.RotateAlphabetical, "en"), ots, "UZ", "2024-07-25", "AZ"},
		{"OTS before Uzbekistan joined", rule("OTS", accord.RotateAlphabetical, "en"), ots, "TR", "2019-10-15", "AZ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := engine(t, c.rule, c.members...).Next(c.outgoing, date(c.day))
			if err != nil || got != c.want {
				t.Errorf("Next(%s, %s) = %q, %v; want %s", c.outgoing, c.day, got, err, c.want)
			}
		})
	}
}

// TestDeviations replays histories where decisions overrode the rule: the
// rotation continues from whoever actually took the chair.
func TestDeviations(t *testing.T) {
	e := engine(t, rule("SCO", accord.RotateAlphabetical, "ru"), sco...)
	term := func(state, from, until string, basis accord.ChairBasis, note string) *accord.ChairTerm {
		c := &accord.ChairTerm{ID: int64(len(state) + len(from)), Organization: "SCO", Body: "PGM", State: state, From: date(from), Basis: basis, Note: note, FromMeetingID: 1}
		if until != "" {
			c.Until = date(until)
		}
		return c
	}
	for _, c := range []struct {
		name     string
		terms    []*accord.ChairTerm
		verdicts []rotation.Verdict
		reasons  []string
		forecast []string
	}{
		{
			name: "a declined turn, and the rotation resuming after it",
			// After Kazakhstan the rule gives China; China declines and
			// Kyrgyzstan takes the chair; then the rule resumes from it.
			terms: []*accord.ChairTerm{
				term("KZ", "2018-01-01", "2019-01-01", accord.ByRule, ""),
				term("KG", "2019-01-01", "2020-01-01", accord.ByDecision, "China declined its turn"),
				term("PK", "2020-01-01", "", accord.ByRule, ""),
			},
			verdicts: []rotation.Verdict{rotation.Deviates, rotation.Follows},
			reasons:  []string{"China declined its turn", ""},
			forecast: []string{"PK", "RU", "TJ"},
		},
		{
			name: "two deviations in a row",
			terms: []*accord.ChairTerm{
				term("IN", "2018-01-01", "2019-01-01", accord.ByRule, ""),
				term("RU", "2019-01-01", "2020-01-01", accord.ByDecision, "host of the summit"),
				term("CN", "2020-01-01", "2021-01-01", accord.ByRule, ""),
				term("KG", "2021-01-01", "", accord.ByRule, ""),
			},
			verdicts: []rotation.Verdict{rotation.Deviates, rotation.Deviates, rotation.Follows},
			reasons:  []string{"host of the summit", "", ""},
			forecast: []string{"KG", "PK", "RU"},
		},
		{
			name: "a gap is not a deviation",
			terms: []*accord.ChairTerm{
				term("KZ", "2015-01-01", "2016-01-01", accord.ByRule, ""),
				term("RU", "2018-01-01", "2018-01-01", accord.ByRule, ""),
			},
			verdicts: []rotation.Verdict{rotation.Gap},
			reasons:  []string{""},
			forecast: []string{"TJ", "UZ"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			findings, err := e.Check(c.terms, nil)
			if err != nil {
				t.Fatal(err)
			}
			var verdicts []rotation.Verdict
			var reasons []string
			for _, f := range findings {
				verdicts, reasons = append(verdicts, f.Verdict), append(reasons, f.Reason)
			}
			if !slices.Equal(verdicts, c.verdicts) || !slices.Equal(reasons, c.reasons) {
				t.Errorf("Check: %v %q, want %v %q", verdicts, reasons, c.verdicts, c.reasons)
			}
			turns, err := e.Forecast(c.terms, nil, date("2025-01-01"), len(c.forecast))
			if err != nil {
				t.Fatal(err)
			}
			if got := states(turns); !slices.Equal(got, c.forecast) {
				t.Errorf("Forecast: %v, want %v", got, c.forecast)
			}
			before := slices.Clone(c.terms)
			if _, err := e.Check(c.terms, nil); err != nil || !slices.Equal(before, c.terms) {
				t.Error("Check changed the history")
			}
		})
	}
}

func states(turns []rotation.Turn) []string {
	var s []string
	for _, t := range turns {
		s = append(s, t.State)
	}
	return s
}

// TestForecastKnownJoiners checks that a state known to join later enters
// the forecast at the first handover after it joins, and one known to leave
// drops out.
func TestForecastKnownJoiners(t *testing.T) {
	ms := append(slices.Clone(sco), member{"MN", "Монголия", "Mongolia", "2026-01-01", ""})
	ms[4].until = "2025-12-31" // Tajikistan leaves
	e := engine(t, rule("SCO", accord.RotateAlphabetical, "ru"), ms...)
	terms := []*accord.ChairTerm{{Organization: "SCO", Body: "PGM", State: "PK", From: date("2024-07-25"), Basis: accord.ByRule}}
	turns, err := e.Forecast(terms, nil, date("2024-08-01"), 11)
	if err != nil {
		t.Fatal(err)
	}
	// Handovers are estimated every 12 months: 2025-07-25 Russia, then
	// 2026-07-25, when Tajikistan has left and Mongolia (Монголия, after
	// Кыргызстан) has joined.
	want := []string{"PK", "RU", "UZ", "BY", "IN", "IR", "KZ", "CN", "KG", "MN", "PK"}
	if got := states(turns); !slices.Equal(got, want) {
		t.Errorf("forecast %v, want %v", got, want)
	}
	if !turns[0].InOffice || turns[1].InOffice || !turns[1].Estimated || turns[1].From != date("2025-07-25") {
		t.Errorf("first turns: %+v", turns[:2])
	}
	// A planned meeting dates the handover instead of the estimate.
	planned := []*accord.Meeting{{ID: 9, Number: 23, Start: date("2025-05-20"), End: date("2025-05-21"), Chair: "PK", Status: accord.Planned}}
	turns, err = e.Forecast(terms, planned, date("2024-08-01"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if turns[1].From != date("2025-05-21") || turns[1].Estimated || turns[2].From != date("2026-05-21") || !turns[2].Estimated {
		t.Errorf("dates with a planned meeting: %+v", turns)
	}
}

// TestFullCycle is the property: with no deviations, as many handovers as
// there are eligible members visit each of them exactly once, and come back
// to the start, whoever starts and whatever the membership.
func TestFullCycle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("абвгдеёжзийклмнопрстуфхцчшщэюяАБВГДЕЁЖЗИКЛМНОПРСТУФЭЮЯ")
	for i := range 200 {
		var ms []member
		for j := range 2 + rng.IntN(12) {
			name := make([]rune, 1+rng.IntN(6))
			for k := range name {
				name[k] = letters[rng.IntN(len(letters))]
			}
			joined := date("2000-01-01").AddDays(rng.IntN(8000))
			ms = append(ms, member{"X" + string(rune('A'+j)), string(name), string(name), joined.String(), ""})
		}
		r := rule("SCO", accord.RotateAlphabetical, "ru")
		if i%2 == 1 {
			r = rule("SCO", accord.RotateOrder, "")
			for _, j := range rng.Perm(len(ms)) {
				r.Order = append(r.Order, ms[j].code)
			}
		}
		e := engine(t, r, ms...)
		day := date("2000-01-01").AddDays(rng.IntN(9000))
		var eligible []string
		for _, s := range e.Order() {
			if e.Eligible(s, day) {
				eligible = append(eligible, s)
			}
		}
		if len(eligible) == 0 {
			continue
		}
		start := eligible[rng.IntN(len(eligible))]
		seen, cur := []string{}, start
		for range eligible {
			next, err := e.Next(cur, day)
			if err != nil {
				t.Fatal(err)
			}
			seen, cur = append(seen, next), next
		}
		sort.Strings(seen)
		sorted := slices.Sorted(slices.Values(eligible))
		if !slices.Equal(seen, sorted) || cur != start {
			t.Fatalf("case %d: a cycle from %s visited %v, ending at %s; eligible %v", i, start, seen, cur, sorted)
		}
	}
}

// TestCollation checks that the order is the language's, not the bytes':
// Ё sorts with Е, lower case with upper case.
func TestCollation(t *testing.T) {
	ms := []member{
		{"XA", "Жарден", "Jardin", "2001-01-01", ""},
		{"XB", "Ёлкино", "Yolkino", "2001-01-01", ""},
		{"XC", "Елань", "Elan", "2001-01-01", ""},
		{"XD", "абхаз", "abkhaz", "2001-01-01", ""},
		{"XE", "Бирма", "Birma", "2001-01-01", ""},
		{"XF", "ёжики", "ezhiki", "2001-01-01", ""},
		{"XG", "Яхрома", "Yakhroma", "2001-01-01", ""},
	}
	// Ё is Е with a diacritic, which counts only between otherwise equal
	// names: ёжики before Елань before Ёлкино.
	want := []string{"XD", "XE", "XF", "XC", "XB", "XA", "XG"} // абхаз, Бирма, ёжики, Елань, Ёлкино, Жарден, Яхрома
	e := engine(t, rule("SCO", accord.RotateAlphabetical, "ru"), ms...)
	if got := e.Order(); !slices.Equal(got, want) {
		t.Errorf("ru order %v, want %v", got, want)
	}
	// The test means something only if byte order gets it wrong.
	byBytes := slices.Clone(ms)
	slices.SortFunc(byBytes, func(a, b member) int { return strings.Compare(a.ru, b.ru) })
	var codes []string
	for _, m := range byBytes {
		codes = append(codes, m.code)
	}
	if slices.Equal(codes, want) {
		t.Fatal("byte order gives the same order: the case proves nothing")
	}
	if got, _ := e.Next("XC", date("2024-01-01")); got != "XB" {
		t.Errorf("after Елань comes %s, want Ёлкино (XB)", got)
	}
	if got, _ := e.Next("XG", date("2024-01-01")); got != "XD" {
		t.Errorf("after Яхрома comes %s, want абхаз (XD) at the top", got)
	}
}

// TestBadRules checks that rules the engine cannot apply are refused with
// the field at fault.
func TestBadRules(t *testing.T) {
	noName := append(slices.Clone(sco), member{"MN", "", "Mongolia", "2030-01-01", ""})
	for _, c := range []struct {
		name    string
		rule    *accord.RotationRule
		members []member
		field   string
	}{
		{"unknown language", rule("SCO", accord.RotateAlphabetical, "xx"), sco, "lang"},
		{"private-use language", rule("SCO", accord.RotateAlphabetical, "qaa"), sco, "lang"},
		{"malformed language", rule("SCO", accord.RotateAlphabetical, "Russian"), sco, "lang"},
		{"alphabetical without a language", rule("SCO", accord.RotateAlphabetical, ""), sco, "lang"},
		{"a member without a name in the language", rule("SCO", accord.RotateAlphabetical, "ru"), noName, "lang"},
		{"an order with a non-member", rule("SCO", accord.RotateOrder, "", "RU", "TR"), sco, "order[1]"},
		{"an order with a duplicate", rule("SCO", accord.RotateOrder, "", "RU", "CN", "RU"), sco, "order[2]"},
		{"an empty order", rule("SCO", accord.RotateOrder, ""), sco, "order"},
		{"an unknown kind", rule("SCO", "lottery", ""), sco, "kind"},
		{"a language on a decision rule", rule("SCO", accord.RotateByDecision, "ru"), sco, "lang"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := rotation.New(c.rule, memberships("SCO", c.members...))
			if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != c.field {
				t.Errorf("got %v (field %q), want EINVALID on %s", err, accord.ErrorField(err), c.field)
			}
		})
	}
	// A rotation by decision gives no next chair, and says so.
	e := engine(t, rule("OTS", accord.RotateByDecision, ""), ots...)
	if _, err := e.Next("KG", date("2024-07-25")); accord.ErrorField(err) != "to" {
		t.Errorf("Next on a decision rule: %v", err)
	}
	if len(e.Order()) != 0 {
		t.Errorf("a decision rule has an order: %v", e.Order())
	}
}

// TestForecastOverdue checks that a handover due before today and not on
// record is reported overdue, and the later ones are not.
func TestForecastOverdue(t *testing.T) {
	e := engine(t, rule("SCO", accord.RotateAlphabetical, "ru"), sco...)
	terms := []*accord.ChairTerm{{Organization: "SCO", Body: "PGM", State: "PK", From: date("2024-07-25"), Basis: accord.ByRule}}
	for _, tc := range []struct {
		today   string
		overdue []bool
	}{
		{"2024-08-01", []bool{false, false, false}},
		{"2025-07-25", []bool{false, false, false}},
		{"2025-07-26", []bool{false, true, false}},
		{"2026-12-01", []bool{false, true, true}},
	} {
		turns, err := e.Forecast(terms, nil, date(tc.today), 3)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range tc.overdue {
			if turns[i].Overdue != want {
				t.Errorf("on %s, turn %d (%s from %s): overdue %v, want %v", tc.today, i, turns[i].State, turns[i].From, turns[i].Overdue, want)
			}
		}
	}
}
