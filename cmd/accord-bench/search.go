package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

// benchSearch drives full-text search at -docs documents (10,000 unless
// given), each with a version in English, Russian and Chinese whose texts
// are drawn from phrases of a council's vocabulary, so that common words
// match thousands of versions and rare ones a few. Every request is
// uncached. The first target, the public documents list, is the same-run
// baseline; the target is a p99 under 50 ms for each search.
func benchSearch(args []string) error {
	fl := newReadFlags("search", 8)
	explain := fl.fs.Bool("explain", true, "print the plans of two searches")
	stopProfile, err := fl.parse(args)
	if err != nil {
		return err
	}
	defer stopProfile()
	if *fl.docs == 0 {
		*fl.docs = 10000
	}
	ctx := context.Background()
	start := time.Now()
	e, err := newEnvTexts(ctx, *fl.dsn, *fl.docs, benchText)
	if err != nil {
		return err
	}
	defer e.close()
	fmt.Printf("seeded and indexed in %s\n", time.Since(start).Round(time.Millisecond))
	if *explain {
		for _, text := range []string{"прокуроров", "检察"} {
			plan, err := e.db.ExplainSearch(ctx, accord.SearchQuery{Text: text, Limit: 20})
			if err != nil {
				return err
			}
			fmt.Printf("\nplans of the count and the page of %q, public:\n%s", text, plan)
		}
	}
	secretariat, err := e.signIn(ctx, "bench secretariat", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	if err != nil {
		return err
	}
	busted := func(path string, c *http.Cookie) func(int) (*http.Request, error) {
		return func(n int) (*http.Request, error) {
			r, err := http.NewRequest("GET", e.url+path+"&bench="+strconv.Itoa(n), nil)
			if err == nil && c != nil {
				r.AddCookie(c)
			}
			return r, err
		}
	}
	q := func(s string) string { return "/search?q=" + url.QueryEscape(s) }
	targets := []struct {
		name, path string
		cookie     *http.Cookie
	}{
		{"documents list, public (baseline)", "/documents?page=1", nil},
		{"search ru прокуроров (common), public", q("прокуроров"), nil},
		{"search ru прокуроров, secretariat", q("прокуроров"), secretariat},
		{"search en cooperation (common), public", q("cooperation"), nil},
		{"search zh 检察 (common), public", q("检察"), nil},
		{"search zh 最高人民检察院, public", q("最高人民检察院"), nil},
		{"search two words, rare, public", q("extradition цифровизации"), nil},
		{"search a reference number, public", q("4321"), nil},
		{"search page 50, public", q("report") + "&page=50", nil},
	}
	var results []result
	for _, t := range targets {
		r, err := driveRequests(t.name, *fl.conns, *fl.duration, busted(t.path, t.cookie))
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	report(fmt.Sprintf("accord-bench search: %d documents in en, ru and zh, %s, %d connections, %s per target", *fl.docs, e.dialect, *fl.conns, *fl.duration), results)
	misses := failedRequests(results)
	for _, r := range results[1:] {
		if r.p99 >= 50*time.Millisecond {
			misses = append(misses, fmt.Sprintf("%s: p99 %s, target under 50ms", r.name, r.p99.Round(10*time.Microsecond)))
		}
	}
	return verdict(misses)
}

// Phrases of the seeded texts. They are illustration: no deed of any
// government or person is described.
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

// benchText is the title and body of version lang of seeded document i:
// eight phrases drawn by a generator seeded with i, so that every run
// seeds the same archive.
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
