package accord

import (
	"strconv"
	"strings"
)

var romanNumerals = []struct {
	value  int
	symbol string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
	{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
}

// Roman returns n as a Roman numeral (22 → "XXII"), the way councils number
// their sessions. Numbers outside 1..3999 have no such form and are returned
// in decimal.
func Roman(n int) string {
	if n < 1 || n > 3999 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, r := range romanNumerals {
		for n >= r.value {
			b.WriteString(r.symbol)
			n -= r.value
		}
	}
	return b.String()
}

// ParseRoman reads a Roman numeral in canonical form ("XXII") and reports
// whether it was one. Non-canonical forms such as "IIII" are refused, so that
// every number has exactly one spelling in URLs.
func ParseRoman(s string) (int, bool) {
	s = strings.ToUpper(s)
	n, rest := 0, s
	for _, r := range romanNumerals {
		for strings.HasPrefix(rest, r.symbol) {
			n += r.value
			rest = rest[len(r.symbol):]
		}
	}
	if rest != "" || n == 0 || Roman(n) != s {
		return 0, false
	}
	return n, true
}
