package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// hitNames names each hit as kind:reference-or-id:lang, in rank order.
func hitNames(res *accord.SearchResults) []string {
	var out []string
	for _, h := range res.Hits {
		key := fmt.Sprint(h.RecordID)
		if h.Reference != "" {
			key = h.Reference
		}
		out = append(out, string(h.Kind)+":"+key+":"+h.Lang)
	}
	return out
}

func marked(parts []accord.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Mark {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// searchFixture adds to the seed a public document in Russian and Chinese
// and a confidential one of the SCO secretariat that mentions prosecutors
// too.
func searchFixture(t *testing.T, db *sqlstore.DB) (*fixture, *accord.Document, *accord.Document) {
	f := seed(t, db)
	public := &accord.Document{Reference: "SCO/PGM/XXII/PRESS", Kind: accord.DocPressRelease, Classification: accord.Public,
		AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
		Versions: []accord.DocumentVersion{
			{Lang: "ru", Title: "Совещание в Бишкеке", Body: "В Бишкеке прошло XXII Совещание генеральных прокуроров государств-членов ШОС."},
			{Lang: "zh", Title: "比什凯克会议", Body: "吉尔吉斯共和国最高人民检察院主办了会议。"},
			{Lang: "en", Title: "Meeting in Bishkek", Body: "The Prosecutors General met in Bishkek."},
		}}
	secret := &accord.Document{Reference: "SCO/PGM/XXII/NOTE", Kind: accord.DocOther, Classification: accord.Confidential,
		AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
		Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Записка", Body: "Прокурор доложил о подготовке."}}}
	for _, d := range []*accord.Document{public, secret} {
		ok(t, db.CreateDocument(t.Context(), d))
	}
	return f, public, secret
}

func TestSearch(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f, _, _ := searchFixture(t, db)
		ctx := t.Context()
		anyone := accord.DocumentReaders{}
		secretariat := accord.DocumentReaders{Signed: true, Restricted: []string{"SCO"}, Secretariat: []string{"SCO"}}
		agenda := fmt.Sprint(f.opening.ID)
		for _, c := range []struct {
			q       string
			readers accord.DocumentReaders
			want    []string
			snippet string // of the first hit
		}{
			// The examples: an inflected Russian word, a Chinese
			// substring.
			{"прокуроров", anyone, []string{"document:SCO/PGM/XXII/PRESS:ru"},
				"В Бишкеке прошло XXII Совещание генеральных [прокуроров] государств-членов ШОС."},
			{"检察", anyone, []string{"document:SCO/PGM/XXII/PRESS:zh"}, "吉尔吉斯共和国最高人民[检察]院主办了会议。"},
			{"最高人民检察院", anyone, []string{"document:SCO/PGM/XXII/PRESS:zh"}, "吉尔吉斯共和国[最高人民检察院]主办了会议。"},
			{"院", anyone, []string{"document:SCO/PGM/XXII/PRESS:zh"}, "吉尔吉斯共和国最高人民检察[院]主办了会议。"},
			// The restricted protocol and the confidential note only
			// for the secretariat; the title weighs more than the body.
			{"прокурор", secretariat, []string{"document:SCO/PGM/XXII/PROTOCOL:ru", "document:SCO/PGM/XXII/NOTE:ru", "document:SCO/PGM/XXII/PRESS:ru"}, "Генеральные [прокуроры] ..."},
			{"записка прокурор", secretariat, []string{"document:SCO/PGM/XXII/NOTE:ru"}, "[Прокурор] доложил о подготовке."},
			{"prosecutor", anyone, []string{"document:SCO/PGM/XXII/PRESS:en"}, "The [Prosecutors] General met in Bishkek."},
			// Meetings by their city and theme, agenda items by their
			// title: both public.
			{"Бишкек", anyone, []string{"document:SCO/PGM/XXII/PRESS:ru", fmt.Sprintf("meeting:%d:ru", f.sco22.ID), fmt.Sprintf("meeting:%d:ru", f.ots3.ID)}, ""},
			{"transnational crimes", anyone, []string{fmt.Sprintf("meeting:%d:en", f.sco22.ID), fmt.Sprintf("meeting:%d:en", f.ots3.ID)}, "Cooperation against [transnational] [crime]"},
			{"opening", anyone, []string{"agenda_item:" + agenda + ":en", fmt.Sprintf("agenda_item:%d:en", f.otsItem.ID)}, "[Opening]"},
			{"nothing-like-this", secretariat, nil, ""},
		} {
			res, err := db.Search(ctx, accord.SearchQuery{Text: c.q, Readers: c.readers, Limit: 10})
			ok(t, err)
			got := hitNames(res)
			// The engines rank alike only where a title matches: the
			// first hit is asserted, the rest as a set.
			first, wantFirst := "", ""
			if len(got) > 0 {
				first = got[0]
			}
			if len(c.want) > 0 {
				wantFirst = c.want[0]
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) || res.Total != len(c.want) || first != wantFirst {
				t.Errorf("%q: %d hits %v, want %v", c.q, res.Total, got, c.want)
				continue
			}
			if c.snippet != "" {
				if s := marked(res.Hits[0].Snippet); s != c.snippet {
					t.Errorf("%q: snippet %q, want %q", c.q, s, c.snippet)
				}
			}
		}

		// Paging counts everything and returns the page.
		res, err := db.Search(ctx, accord.SearchQuery{Text: "прокурор", Readers: secretariat, Limit: 1, Offset: 1})
		ok(t, err)
		if res.Total != 3 || len(res.Hits) != 1 || res.Hits[0].Reference == "SCO/PGM/XXII/PROTOCOL" {
			t.Errorf("second page of one: %d hits %v", res.Total, hitNames(res))
		}
	})
}

// TestSearchFollowsWrites: a new version replaces the old text, a changed
// meeting is found by its new theme, a removed agenda item is gone, and a
// rebuild finds what the writers indexed.
func TestSearchFollowsWrites(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f, public, _ := searchFixture(t, db)
		ctx := t.Context()
		count := func(q string) int {
			t.Helper()
			res, err := db.Search(ctx, accord.SearchQuery{Text: q, Limit: 10})
			ok(t, err)
			return res.Total
		}
		ok(t, db.AddDocumentVersion(ctx, &accord.DocumentVersion{DocumentID: public.ID, Lang: "en", Title: "Meeting in Bishkek", Body: "The heads of the prosecution services met."}))
		if count("prosecutors") != 0 || count("prosecution") != 1 {
			t.Errorf("after a new version: prosecutors %d, prosecution %d", count("prosecutors"), count("prosecution"))
		}
		m := *f.ots3
		m.Theme = accord.Text{"en": "Digital evidence", "ru": "Цифровые доказательства"}
		ok(t, db.UpdateMeeting(ctx, &m))
		if count("доказательств") != 1 || count("transnational") != 1 {
			t.Errorf("after a meeting's update: %d, %d", count("доказательств"), count("transnational"))
		}
		ok(t, db.DeleteAgendaItem(ctx, f.otsItem.ID))
		if count("opening") != 1 {
			t.Errorf("after an agenda item's removal: %d openings", count("opening"))
		}
		item := *f.opening
		item.Title = accord.Text{"en": "Welcome", "zh": "开幕式"}
		ok(t, db.UpdateAgendaItem(ctx, &item))
		if count("opening") != 0 || count("开幕") != 1 {
			t.Errorf("after an agenda item's update: %d, %d", count("opening"), count("开幕"))
		}
		before, err := db.SearchEntries(ctx)
		ok(t, err)
		ok(t, db.RebuildSearch(ctx))
		after, err := db.SearchEntries(ctx)
		ok(t, err)
		if before != after || count("доказательств") != 1 || count("检察") != 1 {
			t.Errorf("rebuild: %d entries, then %d", before, after)
		}
	})
}

// TestSearchRefuses: each bad query is EINVALID on q, and the index is as
// it was.
func TestSearchRefuses(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		searchFixture(t, db)
		ctx := t.Context()
		before, err := db.SearchEntries(ctx)
		ok(t, err)
		for _, q := range []string{strings.Repeat("я", 257), "AND OR NOT", `"*" - ( ) :^`, "", "\xff", strings.Repeat("word ", 20) + strings.Repeat("检", 40)} {
			_, err := db.Search(ctx, accord.SearchQuery{Text: q})
			wantErr(t, err, accord.EINVALID, "q")
		}
		after, err := db.SearchEntries(ctx)
		ok(t, err)
		equal(t, "entries", after, before)
	})
}

// TestSearchNeverLeaks: for readers of every kind, every hit is a record
// the policy lets them read, and every document the policy lets them read
// that has the word is a hit.
func TestSearchNeverLeaks(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f, _, _ := searchFixture(t, db)
		ctx := t.Context()
		// A confidential note of India's delegation, sent to Russia.
		in := &accord.Delegation{MeetingID: f.sco22.ID, State: "IN", Head: accord.Person{Title: en("Attorney General"), Affiliation: "IN"}, Members: []accord.Person{}}
		ok(t, db.CreateDelegation(ctx, in))
		note := &accord.Document{Reference: "SCO/PGM/XXII/IN", Kind: accord.DocOther, Classification: accord.Confidential,
			AuthorKind: accord.AuthorDelegation, AuthorDelegationID: in.ID, Recipients: []string{"RU"},
			Links:    []accord.DocumentLink{{MeetingID: f.sco22.ID}},
			Versions: []accord.DocumentVersion{{Lang: "en", Title: "Note of India", Body: "Prosecutors of India."}}}
		ok(t, db.CreateDocument(ctx, note))
		docs, err := db.ListDocuments(ctx, accord.DocumentFilter{})
		ok(t, err)
		actors := map[string]*accord.Actor{"public": accord.Anonymous}
		for name, g := range map[string]accord.Grant{
			"sco secretariat": {Role: accord.RoleSecretariat, Organization: "SCO"},
			"ots secretariat": {Role: accord.RoleSecretariat, Organization: "OTS"},
			"india":           {Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"},
			"russia":          {Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "RU"},
			"china":           {Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "CN"},
			"observer":        {Role: accord.RoleObserver, Organization: "SCO"},
		} {
			actors[name] = &accord.Actor{User: &accord.User{ID: 1, Grants: []accord.Grant{g}}}
		}
		for name, a := range actors {
			for _, word := range []string{"prosecutors", "прокурор", "检察", "India"} {
				res, err := db.Search(ctx, accord.SearchQuery{Text: word, Readers: accord.ReadersOf(a), Limit: 100})
				ok(t, err)
				got := map[int64]bool{}
				for _, h := range res.Hits {
					if h.Kind == accord.SearchDocument {
						got[h.RecordID] = true
					}
				}
				for _, d := range docs {
					readable := accord.Authorize(a, accord.ActRead, accord.Resource{Kind: accord.KindDocument, Organizations: []string{"SCO"},
						Classification: d.Classification, AuthorState: d.AuthorState, Recipients: d.Recipients}).Allow
					if got[d.ID] && !readable {
						t.Errorf("%s finds %s with %q, which the policy does not let them read", name, d.Reference, word)
					}
					if readable && !got[d.ID] && hasWord(d, word) {
						t.Errorf("%s does not find %s with %q", name, d.Reference, word)
					}
				}
				if len(res.Hits) != res.Total {
					t.Errorf("%s, %q: %d hits, total %d", name, word, len(res.Hits), res.Total)
				}
			}
		}
	})
}

// hasWord is a crude stand-in for the index: enough for the fixture's
// texts, where every match is a prefix of a word.
func hasWord(d *accord.Document, word string) bool {
	stem := strings.ToLower(strings.TrimSuffix(word, "s"))
	for _, v := range d.Versions {
		if strings.Contains(strings.ToLower(v.Title+" "+v.Body), stem) {
			return true
		}
	}
	return false
}

// TestSearchCountsToTheCap shows the count stops at accord.MaxSearchTotal
// readable matches, after the reading rule: "exact" is in the English
// title of the first 1,000 public documents and of every restricted and
// confidential one, so that the public counts exactly 1,000 (More not
// set) and the SCO secretariat more than that. Paging through the public's
// hits gives each one once, in rank order: the titles rank alike, so
// that is the order of ids, the tie-break.
func TestSearchCountsToTheCap(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ok(t, db.SeedArchive(t.Context(), f.sco22.ID, 1500, func(i int, lang string) (string, string) {
			public := i%10 < 7 // SeedArchive's classes
			if lang == "en" && (!public || (i/10)*7+i%10 < accord.MaxSearchTotal) {
				return fmt.Sprintf("Exact report %d", i), "Text."
			}
			return fmt.Sprintf("Report %d", i), "Text."
		}))
		ctx := t.Context()
		secretariat := accord.ReadersOf(&accord.Actor{User: &accord.User{ID: 1, Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "SCO"}}}})
		for _, c := range []struct {
			name    string
			readers accord.DocumentReaders
			more    bool
		}{{"public", accord.DocumentReaders{}, false}, {"secretariat", secretariat, true}} {
			res, err := db.Search(ctx, accord.SearchQuery{Text: "exact", Readers: c.readers, Limit: 20})
			ok(t, err)
			if res.Total != accord.MaxSearchTotal || res.More != c.more || len(res.Hits) != 20 {
				t.Errorf("%s: total %d, more %v, %d hits; want %d, %v, 20", c.name, res.Total, res.More, len(res.Hits), accord.MaxSearchTotal, c.more)
			}
		}
		seen := map[int64]bool{}
		var ids []int64
		for offset := 0; offset < accord.MaxSearchTotal+100; offset += 100 {
			res, err := db.Search(ctx, accord.SearchQuery{Text: "exact", Limit: 100, Offset: offset})
			ok(t, err)
			for _, h := range res.Hits {
				if seen[h.RecordID] {
					t.Fatalf("offset %d: document %d shown twice", offset, h.RecordID)
				}
				seen[h.RecordID] = true
				ids = append(ids, h.RecordID)
			}
		}
		if len(seen) != accord.MaxSearchTotal || !slices.IsSorted(ids) {
			t.Errorf("paged through %d hits, want %d, in rank order (ids %v)", len(seen), accord.MaxSearchTotal, ids)
		}
	})
}

// TestSearchRanksTheNewestAtTheCap: above the cap, only the newest cap
// matches the reader may read are ranked (README "Search"). "exact" is in
// the title of the two oldest documents, which rank first when every
// match is ranked, and in the body of four newer ones; the newest of all
// is confidential. With a cap of 3 the public gets the three newest
// public ones, in rank order, and More; the secretariat gets the
// confidential one among its three; with a cap of 10 the titles win.
func TestSearchRanksTheNewestAtTheCap(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		var refs []string
		for i := range 7 {
			title, body, class := "Report", "An exact account.", accord.Public
			if i < 2 {
				title, body = "Exact report", "An account."
			}
			if i == 6 {
				class = accord.Confidential
			}
			ref := fmt.Sprintf("SCO/PGM/XXII/R%d", i)
			refs = append(refs, ref)
			ok(t, db.CreateDocument(ctx, &accord.Document{Reference: ref, Kind: accord.DocOther, Classification: class,
				AuthorKind: accord.AuthorSecretariat, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID}},
				Versions: []accord.DocumentVersion{{Lang: "en", Title: title, Body: body}}}))
		}
		secretariat := accord.ReadersOf(&accord.Actor{User: &accord.User{ID: 1, Grants: []accord.Grant{{Role: accord.RoleSecretariat, Organization: "SCO"}}}})
		docs := func(names ...int) []string {
			var out []string
			for _, n := range names {
				out = append(out, "document:"+refs[n]+":en")
			}
			return out
		}
		for _, c := range []struct {
			name    string
			cap     int
			readers accord.DocumentReaders
			want    []string // as a set but for the first
			more    bool
		}{
			{"public, cap 3", 3, accord.DocumentReaders{}, docs(3, 4, 5), true},
			{"secretariat, cap 3", 3, secretariat, docs(4, 5, 6), true},
			{"public, cap 6", 6, accord.DocumentReaders{}, docs(0, 1, 2, 3, 4, 5), false},
			{"secretariat, cap 10", 10, secretariat, docs(0, 1, 2, 3, 4, 5, 6), false},
		} {
			db.SetSearchCap(c.cap)
			res, err := db.Search(ctx, accord.SearchQuery{Text: "exact", Readers: c.readers, Limit: 20})
			ok(t, err)
			got := hitNames(res)
			sorted := slices.Sorted(slices.Values(got))
			if !slices.Equal(sorted, c.want) || res.Total != len(c.want) || res.More != c.more {
				t.Errorf("%s: total %d, more %v, hits %v; want %v, more %v", c.name, res.Total, res.More, got, c.want, c.more)
			}
			if titles := c.cap >= 6; titles != (len(got) > 0 && (got[0] == docs(0)[0] || got[0] == docs(1)[0])) {
				t.Errorf("%s: first hit %v, a title match %v", c.name, got, titles)
			}
		}
		// A page past the candidates still tells the count.
		db.SetSearchCap(3)
		res, err := db.Search(ctx, accord.SearchQuery{Text: "exact", Limit: 2, Offset: 4})
		ok(t, err)
		if res.Total != 3 || !res.More || len(res.Hits) != 0 {
			t.Errorf("past the end: total %d, more %v, %d hits", res.Total, res.More, len(res.Hits))
		}
	})
}
