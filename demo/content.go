package demo

import "github.com/accord-org/accord"

// Names the source leaves out: well-established translations of state,
// city and body names, and the clean form of names that the source
// annotates. They complete the display, not the facts.
var (
	extraStateNames = map[string]accord.Text{
		"HU":   {"zh": "匈牙利"},
		"TM":   {"zh": "土库曼斯坦"},
		"AF":   {"ru": "Афганистан", "zh": "阿富汗"},
		"MN":   {"ru": "Монголия", "zh": "蒙古国"},
		"CY-N": {"zh": "北塞浦路斯"},
	}
	organizationNames = map[string]accord.Text{
		"OTS": {"en": "Organization of Turkic States", "ru": "Организация тюркских государств", "zh": "突厥国家组织"},
	}
	extraBodyNames = map[string]accord.Text{
		"OTS/CGP": {"ru": "Совет генеральных прокуроров Организации тюркских государств", "zh": "突厥国家组织总检察长理事会"},
	}
	cityNames = map[string]accord.Text{
		"Shanghai": {"ru": "Шанхай", "zh": "上海"},
		"Moscow":   {"ru": "Москва", "zh": "莫斯科"},
		"Astana":   {"ru": "Астана", "zh": "阿斯塔纳"},
		"Sanya":    {"ru": "Санья", "zh": "三亚"},
		"Dushanbe": {"ru": "Душанбе", "zh": "杜尚别"},
		"Bishkek":  {"ru": "Бишкек", "zh": "比什凯克"},
		"Xi'an":    {"ru": "Сиань", "zh": "西安"},
		"Baku":     {"ru": "Баку", "zh": "巴库"},
		"Ankara":   {"ru": "Анкара", "zh": "安卡拉"},
		"Tashkent": {"ru": "Ташкент", "zh": "塔什干"},
	}
	venueNames = map[string]accord.Text{
		"Ala-Archa state residence": {"ru": "Государственная резиденция «Ала-Арча»", "zh": "阿拉阿尔恰国家官邸"},
	}
	extraThemes = map[string]accord.Text{
		"SCO/PGM/22": {
			"ru": "Роль прокуратуры в современном мире и эпоху цифровизации: опыт ШОС, новые угрозы и обеспечение прав человека",
			"zh": "检察机关在现代世界和数字化时代的作用：上海合作组织的经验、新威胁与人权保障",
		},
		"OTS/CGP/3": {
			"ru": "Укрепление сотрудничества генеральных прокуроров ОТГ для эффективного реагирования на современные глобальные вызовы",
		},
	}
	// nextChairs names the state that took the chair at the end of a body's
	// last recorded meeting, where the record says so.
	nextChairs = map[string]string{"SCO/PGM": "PK"}
	organs     = map[string][]accord.Organ{
		"OTS": {{Organization: "OTS", Code: "SEC", Names: accord.Text{"en": "OTS Secretariat", "ru": "Секретариат ОТГ"}}},
	}
)

// prosecutorGeneral is the title of the head of a state's delegation. The
// demo names nobody the public record does not name.
func prosecutorGeneral(state string) accord.Text {
	names := map[string][3]string{
		"BY": {"Prosecutor General of the Republic of Belarus", "Генеральный прокурор Республики Беларусь", "白俄罗斯共和国总检察长"},
		"IN": {"Attorney General for India", "Генеральный прокурор Республики Индия", "印度总检察长"},
		"IR": {"Prosecutor General of the Islamic Republic of Iran", "Генеральный прокурор Исламской Республики Иран", "伊朗伊斯兰共和国总检察长"},
		"KZ": {"Prosecutor General of the Republic of Kazakhstan", "Генеральный прокурор Республики Казахстан", "哈萨克斯坦共和国总检察长"},
		"CN": {"Procurator-General of the Supreme People's Procuratorate of the People's Republic of China", "Генеральный прокурор Верховной народной прокуратуры Китайской Народной Республики", "中华人民共和国最高人民检察院检察长"},
		"KG": {"Prosecutor General of the Kyrgyz Republic", "Генеральный прокурор Кыргызской Республики", "吉尔吉斯共和国总检察长"},
		"PK": {"Attorney General for Pakistan", "Генеральный прокурор Исламской Республики Пакистан", "巴基斯坦伊斯兰共和国总检察长"},
		"RU": {"Prosecutor General of the Russian Federation", "Генеральный прокурор Российской Федерации", "俄罗斯联邦总检察长"},
		"TJ": {"Prosecutor General of the Republic of Tajikistan", "Генеральный прокурор Республики Таджикистан", "塔吉克斯坦共和国总检察长"},
		"UZ": {"Prosecutor General of the Republic of Uzbekistan", "Генеральный прокурор Республики Узбекистан", "乌兹别克斯坦共和国总检察长"},
		"AZ": {"Prosecutor General of the Republic of Azerbaijan", "Генеральный прокурор Азербайджанской Республики", "阿塞拜疆共和国总检察长"},
		"TR": {"Chief Public Prosecutor of the Republic of Türkiye", "Генеральный прокурор Турецкой Республики", "土耳其共和国总检察长"},
	}
	n := names[state]
	return accord.Text{"en": n[0], "ru": n[1], "zh": n[2]}
}

// agendaEntry is one item of a Bishkek agenda; speaker names a delegation
// head by state ("KG"), or "president" for the video message.
type agendaEntry struct {
	kind    accord.AgendaKind
	speaker string
	title   accord.Text
}

var sco22Agenda = []agendaEntry{
	{accord.AgendaOpening, "KG", accord.Text{"en": "Opening of the meeting by the Chair", "ru": "Открытие совещания председательствующим", "zh": "主席宣布会议开幕"}},
	{accord.AgendaStatement, "", accord.Text{"en": "Statements by the heads of delegation", "ru": "Выступления глав делегаций", "zh": "代表团团长发言"}},
	{accord.AgendaReport, "", accord.Text{"en": "Report on the theme: the role of the prosecutor's office in the modern world and the era of digitalization", "ru": "Доклад по теме: роль прокуратуры в современном мире и эпоху цифровизации", "zh": "关于检察机关在现代世界和数字化时代作用的报告"}},
	{accord.AgendaVideoMessage, "president", accord.Text{"en": "Video message of the President of the Kyrgyz Republic", "ru": "Видеообращение Президента Кыргызской Республики", "zh": "吉尔吉斯共和国总统视频致辞"}},
	{accord.AgendaAdoption, "", accord.Text{"en": "Adoption of the protocol of the meeting", "ru": "Принятие протокола совещания", "zh": "通过会议纪要"}},
	{accord.AgendaSigning, "", accord.Text{"en": "Signing of the protocol by the heads of delegation", "ru": "Подписание протокола главами делегаций", "zh": "代表团团长签署会议纪要"}},
	{accord.AgendaHandover, "KG", accord.Text{"en": "Handover of the chairmanship to the Islamic Republic of Pakistan", "ru": "Передача председательства Исламской Республике Пакистан", "zh": "向巴基斯坦伊斯兰共和国移交主席职务"}},
	{accord.AgendaClosing, "KG", accord.Text{"en": "Closing of the meeting", "ru": "Закрытие совещания", "zh": "会议闭幕"}},
}

var ots3Agenda = []agendaEntry{
	{accord.AgendaOpening, "KG", accord.Text{"en": "Opening of the meeting by the Chair", "ru": "Открытие заседания председательствующим"}},
	{accord.AgendaVideoMessage, "president", accord.Text{"en": "Video message of the President of the Kyrgyz Republic", "ru": "Видеообращение Президента Кыргызской Республики"}},
	{accord.AgendaStatement, "", accord.Text{"en": "Statements and reports on the theme of the meeting", "ru": "Выступления и доклады по теме заседания"}},
	{accord.AgendaAdoption, "", accord.Text{"en": "Adoption of the Bishkek Declaration", "ru": "Принятие Бишкекской декларации"}},
	{accord.AgendaClosing, "KG", accord.Text{"en": "Closing of the meeting", "ru": "Закрытие заседания"}},
}
