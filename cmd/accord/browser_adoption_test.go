package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/chromedp/chromedp"
)

// TestBrowserAdoption shows the adoption page of the demo's XXIII draft,
// whose silence runs, in Chromium: each member state's position, the
// deadline counting down in the reader's language and time zone (their
// state's, or the one they ask for), a position recorded with the page's
// form, on a phone. The page loads no script, so that it works without
// JavaScript. axe-core checks it in en, ru and zh.
func TestBrowserAdoption(t *testing.T) {
	axe := axeScript(t)
	s := newBrowserSite(t)
	ctx := accord.WithActor(context.Background(), &accord.Actor{Label: "test"})
	if _, err := demo.LoadDraft(ctx, s.main.DB, accord.DateOf(s.main.Config.Now())); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/documents/%d/adoption", s.url, s.documentID(t, demo.DraftReference))

	pk := s.tab(t)
	s.do(t, pk, chromedp.EmulateViewport(360, 740))
	s.signIn(t, pk, "head@demo.accord")
	for _, c := range []struct {
		lang, query, zone string
		left              *regexp.Regexp
		cn, kg, none      string
	}{
		// Pakistan's head reads the deadline in Pakistan's time, unless
		// they ask for another zone.
		{"en", "", "Asia/Karachi", regexp.MustCompile(`\d+ d \d+ h \d+ min left`), "no objection", "interpretative statement: Demo:", "no position recorded"},
		{"ru", "", "Asia/Karachi", regexp.MustCompile(`осталось \d+ д \d+ ч \d+ мин`), "нет возражений", "заявление о толковании", "позиция не зафиксирована"},
		{"zh", "&tz=Asia/Shanghai", "Asia/Shanghai", regexp.MustCompile(`剩余 \d+ 天 \d+ 小时 \d+ 分钟`), "无异议", "解释性声明", "未记录立场"},
	} {
		s.do(t, pk, chromedp.Navigate(page+"?lang="+c.lang+c.query), chromedp.WaitVisible("main"))
		status := text(t, pk, "main")
		if !c.left.MatchString(status) || !strings.Contains(status, c.zone) {
			t.Errorf("%s: the deadline is not counted down in %s:\n%s", c.lang, c.zone, status)
		}
		rows := text(t, pk, "tbody")
		for _, want := range []string{c.cn, c.kg, c.none, "Asia/Tashkent", "Europe/Moscow"} {
			if !strings.Contains(rows, want) {
				t.Errorf("%s: the positions lack %q:\n%s", c.lang, want, rows)
			}
		}
		n, err := chromedp.Run(pk, chromedp.Evaluate[int](`document.querySelectorAll("tbody tr").length`))
		if err != nil || n != 10 {
			t.Errorf("%s: %d rows of positions (%v), want the ten members'", c.lang, n, err)
		}
		scripts, err := chromedp.Run(pk, chromedp.Evaluate[int](`document.scripts.length`))
		if err != nil || scripts != 0 {
			t.Errorf("%s: the adoption page loads %d scripts (%v): it must work without JavaScript", c.lang, scripts, err)
		}
		checkAxe(t, pk, axe, "adoption page ("+c.lang+")")
	}
	s.fitsPhone(t, pk)
	s.do(t, pk, chromedp.Navigate(page+"?lang=ru"), chromedp.WaitVisible("#kind"),
		chromedp.SetValue("#kind", "reservation"),
		chromedp.SendKeys("#text", "Демонстрация: вымышленная оговорка."),
		submitThen("#text", "tbody"))
	if rows := text(t, pk, "tbody"); !regexp.MustCompile(`(?m)^(Pakistan|Пакистан)\s+(reservation|оговорка): Демонстрация: вымышленная оговорка\.`).MatchString(rows) {
		t.Errorf("Pakistan's reservation is not shown:\n%s", rows)
	}
	s.screenshot(t, pk, "adoption-ru-phone")
}

// documentID is the id of the document with reference ref.
func (s *browserSite) documentID(t *testing.T, ref string) int64 {
	t.Helper()
	docs, err := s.main.DB.ListDocuments(context.Background(), accord.DocumentFilter{IncludeWithdrawn: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Reference == ref {
			return d.ID
		}
	}
	t.Fatalf("no document %s", ref)
	return 0
}
