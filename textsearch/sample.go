package textsearch

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// samplePhrases are the phrases of SampleText: illustration, describing
// no deed of any government or person.
var samplePhrases = map[string][]string{
	"en": {"the prosecutors general discussed cooperation", "an exchange of experience in digital supervision", "the protection of human rights",
		"combating transnational organized crime", "the report of the working group", "extradition and legal assistance",
		"the next meeting will be held", "the parties agreed to strengthen cooperation", "training of prosecutors", "the secretariat circulated the draft",
		"cybercrime and new threats", "the chair thanked the delegations", "the agenda was adopted", "a joint statement of the parties"},
	"ru": {"генеральные прокуроры обсудили сотрудничество", "обмен опытом цифровизации прокурорского надзора", "защита прав человека",
		"борьба с транснациональной организованной преступностью", "доклад рабочей группы", "выдача и правовая помощь",
		"следующее совещание состоится", "стороны договорились укрепить сотрудничество", "подготовка прокуроров", "секретариат разослал проект",
		"киберпреступность и новые угрозы", "председатель поблагодарил делегации", "повестка дня утверждена", "совместное заявление сторон"},
	"zh": {"各方总检察长讨论了合作", "交流检察监督数字化经验", "保护人权", "打击跨国有组织犯罪", "工作组的报告", "引渡和司法协助",
		"下一次会议将举行", "各方商定加强合作", "最高人民检察院培训检察官", "秘书处分发了草案", "网络犯罪和新威胁", "主席感谢各代表团",
		"议程获得通过", "各方联合声明"},
}

// SampleText is the title and body of version lang (en, ru or zh) of the
// i-th document of the benchmarks' archive (accord-bench search,
// sqlstore's BenchmarkSearch): eight phrases of a council's vocabulary
// drawn by a generator seeded with i, so that every run searches the same
// archive, common words match thousands of versions and rare ones a few.
func SampleText(i int, lang string) (title, body string) {
	r := rand.New(rand.NewPCG(uint64(i), uint64(len(lang))))
	phrases := samplePhrases[lang]
	parts := make([]string, 8)
	for k := range parts {
		parts[k] = phrases[r.IntN(len(phrases))]
	}
	sep := ". "
	if lang == "zh" {
		sep = "。"
	}
	format := map[string]string{"en": "Report %d", "ru": "Доклад %d", "zh": "报告 %d"}[lang]
	return fmt.Sprintf(format, i), strings.Join(parts, sep) + sep
}
