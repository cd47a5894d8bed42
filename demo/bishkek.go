package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/accord-org/accord"
)

// bishkekMeeting is one of the two meetings of 25 July 2024 to load in full.
type bishkekMeeting struct {
	org, body string
	number    int
	agenda    []agendaEntry
	// organs send delegations of their own, beside the member states.
	organs []string
}

var bishkekMeetings = []bishkekMeeting{
	{org: "SCO", body: "PGM", number: 22, agenda: sco22Agenda},
	{org: "OTS", body: "CGP", number: 3, agenda: ots3Agenda, organs: []string{"SEC"}},
}

// loaded is what documents need to know of a loaded meeting.
type loaded struct {
	meeting     *accord.Meeting
	delegations map[string]*accord.Delegation // by state or organ code
	items       map[accord.AgendaKind]int64   // first item of each kind
}

func (l *loader) loadBishkek(ctx context.Context) error {
	president := &accord.Person{Name: "Sadyr Japarov", Affiliation: "KG", Title: accord.Text{
		"en": "President of the Kyrgyz Republic", "ru": "Президент Кыргызской Республики", "zh": "吉尔吉斯共和国总统"},
		Names: accord.Text{"ru": "Садыр Жапаров", "zh": "萨德尔·扎帕罗夫"}}
	var meetings []*loaded
	for _, bm := range bishkekMeetings {
		lm, err := l.loadMeetingDetail(ctx, bm, president)
		if err != nil {
			return fmt.Errorf("%s %s %s: %w", bm.org, bm.body, accord.Roman(bm.number), err)
		}
		meetings = append(meetings, lm)
	}
	for _, d := range bishkekDocuments(meetings[0], meetings[1]) {
		err := l.opts.dated(documentDates[d.Reference], func() error { return l.store.CreateDocument(ctx, d) })
		if err := l.keep(err); err != nil {
			return fmt.Errorf("document %s: %w", d.Reference, err)
		}
	}
	return nil
}

func (l *loader) loadMeetingDetail(ctx context.Context, bm bishkekMeeting, president *accord.Person) (*loaded, error) {
	m, err := l.store.FindMeeting(ctx, bm.org, bm.body, bm.number)
	if err != nil {
		return nil, err
	}
	members, err := l.store.MembersOn(ctx, bm.org, m.Start, accord.Member)
	if err != nil {
		return nil, err
	}
	for _, ms := range members {
		head := accord.Person{Title: prosecutorGeneral(ms.State), Affiliation: ms.State}
		if ms.State == "KG" {
			head.Name, head.Names = "Maksat Asanaliev", accord.Text{"ru": "Максат Асаналиев", "zh": "马克萨特·阿萨纳利耶夫"}
		}
		d := &accord.Delegation{MeetingID: m.ID, State: ms.State, Head: head}
		if err := l.keep(l.store.CreateDelegation(ctx, d)); err != nil {
			return nil, fmt.Errorf("delegation of %s: %w", ms.State, err)
		}
	}
	for _, organ := range bm.organs {
		d := &accord.Delegation{MeetingID: m.ID, Organ: organ, Head: accord.Person{Affiliation: organ,
			Title: accord.Text{"en": "Head of the OTS Secretariat", "ru": "Руководитель Секретариата ОТГ"}}}
		if err := l.keep(l.store.CreateDelegation(ctx, d)); err != nil {
			return nil, fmt.Errorf("delegation of %s: %w", organ, err)
		}
	}
	lm := &loaded{meeting: m, delegations: map[string]*accord.Delegation{}, items: map[accord.AgendaKind]int64{}}
	ds, err := l.store.ListDelegations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		lm.delegations[d.Party()] = d
	}

	agenda, err := l.store.ListAgenda(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	// People have no natural key, so the agenda (and the president who
	// speaks in it) is created only while the meeting has none.
	if len(agenda) == 0 {
		for i, e := range bm.agenda {
			item := &accord.AgendaItem{MeetingID: m.ID, Position: i + 1, Kind: e.kind, Title: e.title}
			switch {
			case e.speaker == "president":
				if president.ID == 0 {
					if err := l.keep(l.store.CreatePerson(ctx, president)); err != nil {
						return nil, err
					}
				}
				item.SpeakerID = president.ID
			case e.speaker != "":
				item.SpeakerID = lm.delegations[e.speaker].Head.ID
			}
			if err := l.keep(l.store.AddAgendaItem(ctx, item)); err != nil {
				return nil, fmt.Errorf("agenda item %d: %w", item.Position, err)
			}
			agenda = append(agenda, item)
		}
	}
	for _, a := range agenda {
		if _, ok := lm.items[a.Kind]; !ok {
			lm.items[a.Kind] = a.ID
		}
	}
	return lm, nil
}

func bishkekDocuments(sco, ots *loaded) []*accord.Document {
	link := func(lm *loaded, kind accord.AgendaKind) accord.DocumentLink {
		return accord.DocumentLink{MeetingID: lm.meeting.ID, AgendaItemID: lm.items[kind]}
	}
	version := func(lang, title string, body ...string) accord.DocumentVersion {
		return accord.DocumentVersion{Lang: lang, Title: title, Body: paragraphs(body...)}
	}
	return []*accord.Document{
		{
			Reference: "SCO/PGM/22/PROTOCOL", Kind: accord.DocProtocol, Classification: accord.Public, AuthorKind: accord.AuthorChair,
			Links: []accord.DocumentLink{link(sco, accord.AgendaSigning)},
			Versions: []accord.DocumentVersion{
				version("ru", "Протокол XXII Совещания генеральных прокуроров государств-членов Шанхайской организации сотрудничества",
					"г. Бишкек, государственная резиденция «Ала-Арча», 25 июля 2024 года",
					"Генеральные прокуроры государств-членов Шанхайской организации сотрудничества (далее — Стороны), собравшись под председательством Кыргызской Республики на тему «Роль прокуратуры в современном мире и эпоху цифровизации: опыт ШОС, новые угрозы и обеспечение прав человека», подвели итоги совещания и договорились о следующем.",
					"1. Стороны принимают согласованные меры по укреплению взаимодействия генеральных прокуратур государств-членов ШОС.",
					"2. Стороны будут содействовать реализации стратегий по укреплению правопорядка и безопасности в регионе.",
					"3. Председательство в Совещании генеральных прокуроров государств-членов ШОС переходит к Исламской Республике Пакистан.",
					"Совершено в г. Бишкеке 25 июля 2024 года в одном экземпляре на русском и китайском языках, причём оба текста имеют одинаковую силу.",
					"(Демонстрационный текст Accord: пересказ содержания протокола по сообщению агентства «Кабар»; не является официальным текстом.)"),
				version("zh", "上海合作组织成员国总检察长第二十二次会议纪要",
					"2024年7月25日，比什凯克，阿拉阿尔恰国家官邸",
					"上海合作组织成员国总检察长（以下称“各方”）在吉尔吉斯共和国担任主席期间举行会议，会议主题为“检察机关在现代世界和数字化时代的作用：上海合作组织的经验、新威胁与人权保障”。各方总结了会议成果并商定如下：",
					"一、各方采取协调一致的措施，加强上海合作组织成员国总检察机关之间的相互协作。",
					"二、各方将推动实施加强本地区法律秩序与安全的战略。",
					"三、上海合作组织成员国总检察长会议主席国职务移交巴基斯坦伊斯兰共和国。",
					"本纪要于2024年7月25日在比什凯克签订，一式一份，用俄文和中文写成，两种文本同等作准。",
					"（Accord 演示文本：根据卡巴尔通讯社报道概述纪要内容，并非正式文本。）"),
				version("en", "Protocol of the XXII Meeting of the Prosecutors General of the Member States of the Shanghai Cooperation Organisation",
					"Bishkek, Ala-Archa state residence, 25 July 2024",
					"The Prosecutors General of the Member States of the Shanghai Cooperation Organisation (the Parties), meeting under the chairmanship of the Kyrgyz Republic on the theme \"The role of the prosecutor's office in the modern world and the era of digitalization: the experience of the SCO, new threats and ensuring human rights\", summed up the results of the meeting and agreed as follows.",
					"1. The Parties adopt coordinated measures to strengthen interaction between the Prosecutors General of the SCO Member States.",
					"2. The Parties will support strategies for improving law and order and security in the region.",
					"3. The chairmanship of the Meeting of the Prosecutors General of the SCO Member States passes to the Islamic Republic of Pakistan.",
					"Done at Bishkek on 25 July 2024 in a single copy in the Russian and Chinese languages, both texts being equally authentic. This English text is a translation and is not authentic.",
					"(Accord demo text: a summary of the protocol's content as reported by the Kabar agency; not the official text.)"),
			},
		},
		{
			Reference: "SCO/PGM/22/STATEMENT/KG", Kind: accord.DocStatement, Classification: accord.Public,
			AuthorKind: accord.AuthorDelegation, AuthorDelegationID: sco.delegations["KG"].ID,
			Links: []accord.DocumentLink{link(sco, accord.AgendaOpening)},
			Versions: []accord.DocumentVersion{
				version("en", "Opening statement of the Prosecutor General of the Kyrgyz Republic",
					"The Prosecutor General of the Kyrgyz Republic, Maksat Asanaliev, noted that the meeting was devoted to an extremely relevant and significant topic: the role of the prosecutor's office in the modern world and the era of digitalization, the experience of the SCO, new threats and ensuring human rights.",
					"\"This topic reflects modern challenges and opportunities facing the prosecution authorities of our countries in conditions of quick technological progress.\"",
					"(As reported by Kabar.)"),
				version("ru", "Вступительное слово Генерального прокурора Кыргызской Республики",
					"Генеральный прокурор Кыргызской Республики Максат Асаналиев отметил, что совещание посвящено крайне актуальной и значимой теме: роли прокуратуры в современном мире и эпоху цифровизации, опыту ШОС, новым угрозам и обеспечению прав человека.",
					"(В изложении агентства «Кабар»; перевод для демонстрации.)"),
			},
		},
		{
			Reference: "SCO/PGM/22/MEASURES-DRAFT", Kind: accord.DocOther, Classification: accord.Restricted, AuthorKind: accord.AuthorChair,
			Links: []accord.DocumentLink{link(sco, accord.AgendaAdoption)},
			Versions: []accord.DocumentVersion{
				version("en", "Draft list of coordinated measures (working document)",
					"Working document circulated by the Chair to the delegations before the adoption of the protocol. Accord demo text.",
					"1. Exchange of experience on the use of digital technologies in prosecutorial supervision.",
					"2. Cooperation against new threats, with respect for human rights."),
				version("ru", "Проект перечня согласованных мер (рабочий документ)",
					"Рабочий документ, разосланный председательствующим делегациям до принятия протокола. Демонстрационный текст Accord.",
					"1. Обмен опытом применения цифровых технологий в прокурорском надзоре.",
					"2. Сотрудничество в противодействии новым угрозам при соблюдении прав человека."),
			},
		},
		{
			Reference: "KG/2024-07-25/VIDEO-MESSAGE", Kind: accord.DocVideoMessage, Classification: accord.Public, AuthorKind: accord.AuthorChair,
			Links: []accord.DocumentLink{link(sco, accord.AgendaVideoMessage), link(ots, accord.AgendaVideoMessage)},
			Versions: []accord.DocumentVersion{
				version("en", "Video message of the President of the Kyrgyz Republic Sadyr Japarov",
					"The President of the Kyrgyz Republic, Sadyr Japarov, addressed a video message to the participants of the XXII Meeting of the Prosecutors General of the SCO Member States and of the III meeting of the Council of the Prosecutors General of the Organization of Turkic States, both held in Bishkek on 25 July 2024.",
					"(Summary for the demo; the recording itself is not part of the demo data.)"),
				version("ru", "Видеообращение Президента Кыргызской Республики Садыра Жапарова",
					"Президент Кыргызской Республики Садыр Жапаров обратился с видеопосланием к участникам XXII Совещания генеральных прокуроров государств-членов ШОС и III заседания Совета генеральных прокуроров Организации тюркских государств, прошедших в Бишкеке 25 июля 2024 года.",
					"(Изложение для демонстрации; сама запись в демонстрационные данные не входит.)"),
			},
		},
		{
			Reference: "KABAR/2024-07-25", Kind: accord.DocPressRelease, Classification: accord.Public, AuthorKind: accord.AuthorSecretariat,
			Links:    []accord.DocumentLink{{MeetingID: sco.meeting.ID}, {MeetingID: ots.meeting.ID}},
			Versions: []accord.DocumentVersion{kabarVersion()},
		},
		{
			Reference: "OTS/CGP/3/DECLARATION", Kind: accord.DocDeclaration, Classification: accord.Public, AuthorKind: accord.AuthorChair,
			Links: []accord.DocumentLink{link(ots, accord.AgendaAdoption)},
			Versions: []accord.DocumentVersion{
				version("en", "Bishkek Declaration of the Council of the Prosecutors General of the Organization of Turkic States",
					"Bishkek, 25 July 2024",
					"The Prosecutors General of the Member States of the Organization of Turkic States, meeting in Bishkek under the chairmanship of the Kyrgyz Republic on the theme \"Strengthening cooperation of the Prosecutors General of the OTS for an effective response to modern global challenges\", adopt this Declaration.",
					"(Accord demo text: the meeting adopted the Bishkek Declaration; its wording is not part of the public record used for the demo.)"),
				version("ru", "Бишкекская декларация Совета генеральных прокуроров Организации тюркских государств",
					"г. Бишкек, 25 июля 2024 года",
					"Генеральные прокуроры государств-членов Организации тюркских государств, собравшись в Бишкеке под председательством Кыргызской Республики на тему «Укрепление сотрудничества генеральных прокуроров ОТГ для эффективного реагирования на современные глобальные вызовы», принимают настоящую Декларацию.",
					"(Демонстрационный текст Accord.)"),
			},
		},
		{
			Reference: "OTS/CGP/3/REPORT/SEC", Kind: accord.DocReport, Classification: accord.Restricted,
			AuthorKind: accord.AuthorDelegation, AuthorDelegationID: ots.delegations["SEC"].ID,
			Links: []accord.DocumentLink{link(ots, accord.AgendaStatement)},
			Versions: []accord.DocumentVersion{
				version("en", "Report of the OTS Secretariat on cooperation between the prosecution authorities",
					"Report presented by the OTS Secretariat to the Council under the item on statements and reports. Accord demo text; restricted to the delegations and the secretariat."),
			},
		},
	}
}

// kabarVersion is the Kabar agency's report, the primary source of the
// demo, as its English text reads.
func kabarVersion() accord.DocumentVersion {
	title, body, _ := strings.Cut(strings.TrimSpace(kabarReport), "\n")
	return accord.DocumentVersion{Lang: "en", Title: strings.TrimSpace(title), Body: strings.TrimSpace(body)}
}
