package drafting_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord/drafting"
	"github.com/accord-org/accord/internal/golden"
)

// render shows a diff as text: [-deleted-] and {+inserted+}, as git's
// word diff does.
func render(cs []drafting.Change) string {
	var b strings.Builder
	for _, c := range cs {
		switch c.Op {
		case drafting.Insert:
			b.WriteString("{+" + c.Text + "+}")
		case drafting.Delete:
			b.WriteString("[-" + c.Text + "-]")
		default:
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// The sentences are of the kind SCO protocols hold, written for the test.
func TestDiffGolden(t *testing.T) {
	for _, c := range []struct{ name, lang, old, new string }{
		{"ru-word", "ru", "Стороны договорились обмениваться опытом в сфере борьбы с терроризмом.",
			"Стороны договорились регулярно обмениваться опытом в сфере противодействия терроризму."},
		{"ru-case-ending", "ru", "Генеральные прокуроры провели заседание в городе Бишкеке.",
			"Генеральные прокуроры провели очередное заседание в городе Бишкек."},
		{"zh-character", "zh", "各方同意在打击恐怖主义领域交流经验。", "各方同意定期在打击恐怖主义和极端主义领域交流经验。"},
		{"zh-punctuation", "zh-Hans", "总检察长举行了会议，通过了议定书。", "总检察长举行了第二十三次会议；通过了议定书。"},
		{"en-word", "en", "The Parties agreed to exchange experience in countering terrorism.",
			"The Parties agreed to regularly exchange their experience in countering terrorism and extremism."},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := drafting.Diff(c.old, c.new, c.lang)
			var oldText, newText strings.Builder
			for _, x := range cs {
				if x.Op != drafting.Insert {
					oldText.WriteString(x.Text)
				}
				if x.Op != drafting.Delete {
					newText.WriteString(x.Text)
				}
			}
			if oldText.String() != c.old || newText.String() != c.new {
				t.Fatalf("the diff does not rebuild both texts:\n%q\n%q", oldText.String(), newText.String())
			}
			golden.Check(t, "diff-"+c.name+".txt", render(cs)+"\n")
		})
	}
}

// A Russian word is replaced whole, never letter by letter: go-diff's own
// semantic cleanup would have split "Бишкеке" at a letter.
func TestDiffWholeWords(t *testing.T) {
	got := render(drafting.Diff("в городе Бишкеке", "в городе Бишкек", "ru"))
	if got != "в городе [-Бишкеке-]{+Бишкек+}" {
		t.Fatalf("got %s", got)
	}
	got = render(drafting.Diff("交流经验", "交换经验", "zh"))
	if got != "交[-流-]{+换+}经验" {
		t.Fatalf("got %s", got)
	}
}
