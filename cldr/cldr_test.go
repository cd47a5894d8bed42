package cldr

import "testing"

func TestStateNames(t *testing.T) {
	cases := []struct {
		code   string
		ok     bool
		en, ru string
	}{
		{"KG", true, "Kyrgyzstan", "Киргизия"},
		{"TR", true, "Turkey", "Турция"},
		{"XX", false, "", ""},
		{"ZZ", false, "", ""},
		{"CY-N", false, "", ""},
		{"kg", false, "", ""},
		{"", false, "", ""},
	}
	for _, c := range cases {
		names, ok := StateNames(c.code)
		if ok != c.ok || names["en"] != c.en || names["ru"] != c.ru || (ok && names["zh"] == "") {
			t.Errorf("StateNames(%q) = %v, %v; want %v with en %q, ru %q and a zh name", c.code, names, ok, c.ok, c.en, c.ru)
		}
	}
}
