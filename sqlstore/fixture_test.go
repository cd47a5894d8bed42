package sqlstore_test

import (
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
)

func date(s string) accord.Date { return accord.MustDate(s) }

func en(s string) accord.Text { return accord.Text{"en": s} }

// fixture is a small council: the SCO and the OTS, their prosecutors'
// bodies, the two meetings held in Bishkek on 25 July 2024, with agendas,
// delegations, a document and the chair's handover.
type fixture struct {
	states                      []*accord.State
	sco, ots                    *accord.Organization
	scoMemberships              []*accord.Membership
	pgm, cgp                    *accord.Body
	otssec                      *accord.Organ
	sco22, ots3                 *accord.Meeting
	speaker                     *accord.Person
	opening, statement, otsItem *accord.AgendaItem
	kg, secretariat             *accord.Delegation
	protocol                    *accord.Document
	kgChair, pkChair            *accord.ChairTerm
}

func seed(t testing.TB, db *sqlstore.DB) *fixture {
	t.Helper()
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	f := &fixture{}
	for _, s := range []struct{ code, en, ru string }{
		{"AF", "Afghanistan", "Афганистан"},
		{"AZ", "Azerbaijan", "Азербайджан"},
		{"BY", "Belarus", "Беларусь"},
		{"CN", "China", "Китай"},
		{"IN", "India", "Индия"},
		{"KG", "Kyrgyzstan", "Кыргызстан"},
		{"KZ", "Kazakhstan", "Казахстан"},
		{"PK", "Pakistan", "Пакистан"},
		{"RU", "Russia", "Россия"},
		{"TR", "Türkiye", "Турция"},
	} {
		st := &accord.State{Code: s.code, Names: accord.Text{"en": s.en, "ru": s.ru}}
		must(db.CreateState(ctx, st))
		f.states = append(f.states, st)
	}
	f.sco = &accord.Organization{Code: "SCO", Names: accord.Text{"en": "Shanghai Cooperation Organisation", "ru": "Шанхайская организация сотрудничества", "zh": "上海合作组织"},
		Founded: date("2001-06-15"), OfficialLanguages: []string{"ru", "zh"}, WorkingLanguages: []string{"ru", "zh"},
		TranslationLanguages: []string{"en", "kk"}}
	f.ots = &accord.Organization{Code: "OTS", Names: en("Organization of Turkic States"),
		Founded: date("2009-10-03"), OfficialLanguages: []string{}, WorkingLanguages: []string{"en"}, TranslationLanguages: []string{"ru", "tr", "zh"}}
	must(db.CreateOrganization(ctx, f.sco))
	must(db.CreateOrganization(ctx, f.ots))

	for _, m := range []*accord.Membership{
		{State: "AF", Status: accord.Observer}, // start unknown
		{State: "BY", Status: accord.Observer, From: date("2015-07-10"), Until: date("2024-07-03")},
		{State: "BY", Status: accord.Member, From: date("2024-07-04")},
		{State: "CN", Status: accord.Member, From: date("2001-06-15")},
		{State: "IN", Status: accord.Member, From: date("2017-06-09")},
		{State: "KG", Status: accord.Member, From: date("2001-06-15")},
		{State: "KZ", Status: accord.Member, From: date("2001-06-15")},
		{State: "PK", Status: accord.Member, From: date("2017-06-09")},
		{State: "RU", Status: accord.Member, From: date("2001-06-15")},
	} {
		m.Organization = "SCO"
		must(db.AddMembership(ctx, m))
		f.scoMemberships = append(f.scoMemberships, m)
	}
	for _, s := range []string{"AZ", "KG", "KZ", "TR"} {
		must(db.AddMembership(ctx, &accord.Membership{Organization: "OTS", State: s, Status: accord.Member, From: date("2009-10-03")}))
	}

	f.pgm = &accord.Body{Organization: "SCO", Code: "PGM", Names: en("Meeting of the Prosecutors General of the SCO Member States")}
	f.cgp = &accord.Body{Organization: "OTS", Code: "CGP", Names: en("Council of the Prosecutors General of the OTS")}
	f.otssec = &accord.Organ{Organization: "OTS", Code: "OTSSEC", Names: en("OTS Secretariat")}
	must(db.CreateBody(ctx, f.pgm))
	must(db.CreateBody(ctx, f.cgp))
	must(db.CreateOrgan(ctx, f.otssec))

	meeting := func(org, body string, number int) *accord.Meeting {
		return &accord.Meeting{Organization: org, Body: body, Number: number, Host: "KG",
			City: accord.Text{"en": "Bishkek", "ru": "Бишкек"}, Venue: en("Ala-Archa State Residence"),
			Start: date("2024-07-25"), End: date("2024-07-25"), Format: accord.InPerson,
			Theme: en("Cooperation against transnational crime"), Chair: "KG", Status: accord.Concluded}
	}
	f.sco22, f.ots3 = meeting("SCO", "PGM", 22), meeting("OTS", "CGP", 3)
	f.ots3.Note = "held the same day as the SCO meeting"
	must(db.CreateMeeting(ctx, f.sco22))
	must(db.CreateMeeting(ctx, f.ots3))

	f.speaker = &accord.Person{Title: en("Prosecutor General of the Kyrgyz Republic"), Affiliation: "KG"}
	must(db.CreatePerson(ctx, f.speaker))
	f.opening = &accord.AgendaItem{MeetingID: f.sco22.ID, Position: 1, Kind: accord.AgendaOpening, Title: en("Opening"), SpeakerID: f.speaker.ID}
	f.statement = &accord.AgendaItem{MeetingID: f.sco22.ID, Position: 2, Kind: accord.AgendaStatement, Title: en("Statements of the heads of delegation")}
	f.otsItem = &accord.AgendaItem{MeetingID: f.ots3.ID, Position: 1, Kind: accord.AgendaOpening, Title: en("Opening")}
	for _, a := range []*accord.AgendaItem{f.statement, f.opening, f.otsItem} {
		must(db.AddAgendaItem(ctx, a))
	}

	f.kg = &accord.Delegation{MeetingID: f.sco22.ID, State: "KG",
		Head: accord.Person{Title: en("Prosecutor General of the Kyrgyz Republic"), Affiliation: "KG"},
		Members: []accord.Person{
			{Title: en("Deputy Prosecutor General"), Affiliation: "KG"},
			{Name: "A. Example", Title: accord.Text{}, Affiliation: "KG"},
		}}
	f.secretariat = &accord.Delegation{MeetingID: f.ots3.ID, Organ: "OTSSEC",
		Head: accord.Person{Title: en("Secretary General of the OTS")}, Members: []accord.Person{}}
	must(db.CreateDelegation(ctx, f.kg))
	must(db.CreateDelegation(ctx, f.secretariat))

	f.protocol = &accord.Document{Reference: "SCO/PGM/XXII/PROTOCOL", Kind: accord.DocProtocol, Classification: accord.Restricted,
		AuthorKind: accord.AuthorChair, Links: []accord.DocumentLink{{MeetingID: f.sco22.ID, AgendaItemID: f.statement.ID}},
		Versions: []accord.DocumentVersion{
			{Lang: "ru", Title: "Протокол", Body: "Генеральные прокуроры ..."},
			{Lang: "zh", Title: "纪要", Body: "总检察长 ..."},
		}}
	must(db.CreateDocument(ctx, f.protocol))

	f.kgChair = &accord.ChairTerm{Organization: "SCO", Body: "PGM", State: "KG", From: date("2023-07-04"), Until: date("2024-07-25"), Basis: accord.ByRule}
	f.pkChair = &accord.ChairTerm{Organization: "SCO", Body: "PGM", State: "PK", FromMeetingID: f.sco22.ID, From: date("2024-07-25"), Basis: accord.ByRule}
	must(db.AddChairTerm(ctx, f.kgChair))
	must(db.AddChairTerm(ctx, f.pkChair))
	return f
}
