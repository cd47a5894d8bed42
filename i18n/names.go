package i18n

import (
	"strings"

	"github.com/accord-org/accord"
)

// MeetingName names a numbered session the way each language writes it:
// "XXII Meeting of the Prosecutors General…", "III meeting of the Council…",
// "XXII Совещание…", "IV заседание Совета…" (the body's name in the
// genitive), "上海合作组织成员国总检察长第二十二次会议".
func MeetingName(lang string, b *accord.Body, number int) string {
	name, nameLang := b.Names.In(lang)
	switch nameLang {
	case "zh":
		base, isMeeting := strings.CutSuffix(name, "会议")
		if !isMeeting {
			base = name
		}
		return base + "第" + ChineseNumber(number) + "次会议"
	case "ru":
		if strings.HasPrefix(name, "Совещание") || strings.HasPrefix(name, "Встреча") {
			return accord.Roman(number) + " " + name
		}
		if gen, ok := russianGenitive(name); ok {
			return accord.Roman(number) + " заседание " + gen
		}
		// A name whose head this grammar does not know is not declined
		// wrongly: it stands whole, before the number.
		return name + " — " + accord.Roman(number) + " заседание"
	default:
		if strings.HasPrefix(name, "Meeting ") {
			return accord.Roman(number) + " " + name
		}
		return accord.Roman(number) + " meeting of the " + name
	}
}

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumber writes 1..999 in Chinese numerals (二十二); larger numbers,
// which no council reaches, stay in digits.
func ChineseNumber(n int) string {
	if n < 1 || n > 999 {
		return accord.Roman(n)
	}
	var b strings.Builder
	hundreds, tens, ones := n/100, n/10%10, n%10
	if hundreds > 0 {
		b.WriteString(chineseDigits[hundreds] + "百")
		if tens == 0 && ones > 0 {
			b.WriteString("零")
		}
	}
	if tens > 0 {
		// 十二, not 一十二, when the number starts with its tens.
		if !(tens == 1 && hundreds == 0) {
			b.WriteString(chineseDigits[tens])
		}
		b.WriteString("十")
	}
	if ones > 0 {
		b.WriteString(chineseDigits[ones])
	}
	return b.String()
}

// ListSep separates the parts of a title or a list: Chinese takes the
// full-width comma, never the ASCII ", ".
func ListSep(lang string) string {
	if lang == "zh" {
		return "，"
	}
	return ", "
}

// russianGenitive declines the head of a body's Russian name ("Совет
// генеральных прокуроров…" -> "Совета генеральных прокуроров…"), which
// follows "заседание" in the genitive; the words after the head are in
// the genitive already and stay. A leading adjective ("Рабочая группа",
// "Постоянный комитет") is declined with its noun. It answers false for a
// head it does not know, rather than guess.
func russianGenitive(name string) (string, bool) {
	words := strings.SplitN(name, " ", 3)
	if adj, ok := russianAdjectiveGenitive(words[0]); ok && len(words) > 1 {
		noun, ok := russianNounGenitive(words[1])
		if !ok {
			return "", false
		}
		words[0], words[1] = adj, noun
		return strings.Join(words, " "), true
	}
	noun, ok := russianNounGenitive(words[0])
	if !ok {
		return "", false
	}
	words[0] = noun
	return strings.Join(words, " "), true
}

// russianNouns are the heads of councils' names, by their genitive.
var russianNouns = map[string]string{
	"совет": "совета", "комитет": "комитета", "форум": "форума", "саммит": "саммита",
	"комиссия": "комиссии", "конференция": "конференции", "ассамблея": "ассамблеи",
	"группа": "группы", "собрание": "собрания", "орган": "органа", "бюро": "бюро",
	"президиум": "президиума", "секретариат": "секретариата", "подкомитет": "подкомитета",
}

func russianNounGenitive(w string) (string, bool) {
	lower := strings.ToLower(w)
	gen, ok := russianNouns[lower]
	if !ok {
		return "", false
	}
	if lower == w {
		return gen, true
	}
	// Keep the capital of the name's first letter.
	r := []rune(gen)
	return strings.ToUpper(string(r[0])) + string(r[1:]), true
}

// russianAdjectiveGenitive declines a leading adjective by its ending:
// feminine -ая/-яя to -ой/-ей (-ей after a hushing consonant: Рабочей), masculine and neuter -ый/-ий/-ой/-ое to
// -ого (-его after a soft stem).
func russianAdjectiveGenitive(w string) (string, bool) {
	for _, e := range [...]struct{ from, to string }{
		{"чая", "чей"}, {"шая", "шей"}, {"щая", "щей"}, {"жая", "жей"}, {"ая", "ой"}, {"яя", "ей"}, {"ный", "ного"}, {"ний", "него"}, {"ый", "ого"},
		{"кий", "кого"}, {"гий", "гого"}, {"ший", "шего"}, {"щий", "щего"}, {"жий", "жего"}, {"чий", "чего"}, {"ой", "ого"}, {"ое", "ого"}, {"ее", "его"},
	} {
		if stem, ok := strings.CutSuffix(w, e.from); ok && stem != "" {
			return stem + e.to, true
		}
	}
	return "", false
}
