package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// benchPhrases are the seeded texts' phrases: illustration, describing no
// deed of any government or person.
var benchPhrases = map[string][]string{
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

func benchText(i int, lang string) (string, string) {
	r := rand.New(rand.NewPCG(uint64(i), uint64(len(lang))))
	phrases := benchPhrases[lang]
	parts := make([]string, 8)
	for k := range parts {
		parts[k] = phrases[r.IntN(len(phrases))]
	}
	sep := ". "
	if lang == "zh" {
		sep = "。"
	}
	title := map[string]string{"en": "Report %d", "ru": "Доклад %d", "zh": "报告 %d"}[lang]
	return fmt.Sprintf(title, i), strings.Join(parts, sep) + sep
}

// BenchmarkSearch searches an archive of 10,000 documents in three
// languages (30,000 versions), with the public documents list, in the same
// run, as the baseline: go test ./sqlstore -run '^$' -bench Search
// -benchtime 20x.
func BenchmarkSearch(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := sqltest.Open(b, engine)
			f := seed(b, db)
			if err := db.SeedArchive(b.Context(), f.sco22.ID, 10000, benchText); err != nil {
				b.Fatal(err)
			}
			readers := accord.DocumentReaders{}
			b.Run("baseline documents list", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.ListDocumentSummaries(b.Context(), accord.DocumentFilter{Readers: &readers, Limit: 20}); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, q := range []string{"прокуроров", "cooperation", "检察", "最高人民检察院", "extradition цифровизации", "4321"} {
				b.Run(q, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.Search(b.Context(), accord.SearchQuery{Text: q, Readers: readers, Limit: 20}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
