package accord

import "testing"

func TestPersonLabelByLanguage(t *testing.T) {
	wang := Person{Name: "Wang Yi", Title: Text{"en": "Attorney General", "zh": "总检察长"}, Names: Text{"zh": "王毅", "ru": "Ван И"}}
	for _, c := range []struct {
		p          Person
		lang, want string
	}{
		{wang, "en", "Wang Yi, Attorney General"},
		{wang, "zh", "王毅，总检察长"},
		// No Russian title: the English one, after the Russian name.
		{wang, "ru", "Ван И, Attorney General"},
		{Person{Name: "A. Adviser"}, "zh", "A. Adviser"},
		{Person{Title: Text{"ru": "Генеральный прокурор"}}, "ru", "Генеральный прокурор"},
		{Person{Name: "A. Adviser", Names: Text{"ru": ""}}, "ru", "A. Adviser"},
	} {
		if got := c.p.Label(c.lang); got != c.want {
			t.Errorf("%+v in %s: %q, want %q", c.p, c.lang, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		p    Person
		ok   bool
	}{
		{"scripts with a name", wang, true},
		{"scripts without a name", Person{Title: Text{"en": "X"}, Names: Text{"ru": "Ван"}}, false},
		{"a script under a tag that is none", Person{Name: "X", Names: Text{"x!": "Ван"}}, false},
	} {
		if err := c.p.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if h := HeadLabels(&wang); h["zh"] != "王毅，总检察长" || h["ru"] != "Ван И, Attorney General" || h["en"] != "Wang Yi, Attorney General" {
		t.Errorf("head labels: %v", h)
	}
}
