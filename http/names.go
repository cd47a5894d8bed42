package http

import (
	"strings"

	"github.com/accord-org/accord"
)

// meetingName names a numbered session the way each language writes it:
// "XXII Meeting of the Prosecutors General…", "III meeting of the Council…",
// "XXII Совещание…", "上海合作组织成员国总检察长第二十二次会议".
func meetingName(lang string, b *accord.Body, number int) string {
	name, nameLang := b.Names.In(lang)
	switch nameLang {
	case "zh":
		base, isMeeting := strings.CutSuffix(name, "会议")
		if !isMeeting {
			base = name
		}
		return base + "第" + chineseNumber(number) + "次会议"
	case "ru":
		if strings.HasPrefix(name, "Совещание") {
			return accord.Roman(number) + " " + name
		}
		return accord.Roman(number) + " заседание: " + name
	default:
		if strings.HasPrefix(name, "Meeting ") {
			return accord.Roman(number) + " " + name
		}
		return accord.Roman(number) + " meeting of the " + name
	}
}

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumber writes 1..999 in Chinese numerals (二十二); larger numbers,
// which no council reaches, stay in digits.
func chineseNumber(n int) string {
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
