package sqlstore_test

import (
	"context"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestRejects feeds every kind of bad input to every write and checks the
// error's code and field, and that nothing was written.
func TestRejects(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		meeting := func(change func(m *accord.Meeting)) func(context.Context) error {
			m := *f.sco22
			m.Number = 23
			change(&m)
			return func(ctx context.Context) error { return db.CreateMeeting(ctx, &m) }
		}
		delegation := func(change func(d *accord.Delegation)) func(context.Context) error {
			d := accord.Delegation{MeetingID: f.sco22.ID, State: "KZ", Head: accord.Person{Title: en("Prosecutor General")},
				Members: []accord.Person{{Name: "A. Member"}}}
			change(&d)
			return func(ctx context.Context) error { return db.CreateDelegation(ctx, &d) }
		}
		document := func(change func(d *accord.Document)) func(context.Context) error {
			d := accord.Document{Reference: "SCO/PGM/XXII/KZ", Kind: accord.DocStatement, Classification: accord.Public,
				AuthorKind: accord.AuthorDelegation, AuthorDelegationID: f.kg.ID,
				Links:    []accord.DocumentLink{{MeetingID: f.sco22.ID, AgendaItemID: f.statement.ID}},
				Versions: []accord.DocumentVersion{{Lang: "ru", Title: "Выступление", Body: "Текст"}, {Lang: "en", Title: "Statement", Body: "Text"}}}
			change(&d)
			return func(ctx context.Context) error { return db.CreateDocument(ctx, &d) }
		}
		version := func(change func(v *accord.DocumentVersion)) func(context.Context) error {
			v := accord.DocumentVersion{DocumentID: f.protocol.ID, Lang: "ru", Title: "Протокол", Body: "Новый текст"}
			change(&v)
			return func(ctx context.Context) error { return db.AddDocumentVersion(ctx, &v) }
		}
		membership := func(org, state string, status accord.MembershipStatus, from, until string) func(context.Context) error {
			m := accord.Membership{Organization: org, State: state, Status: status}
			if from != "" {
				m.From = date(from)
			}
			if until != "" {
				m.Until = date(until)
			}
			return func(ctx context.Context) error { return db.AddMembership(ctx, &m) }
		}
		chair := func(change func(c *accord.ChairTerm)) func(context.Context) error {
			c := accord.ChairTerm{Organization: "OTS", Body: "CGP", State: "KZ", From: date("2024-07-25"), Basis: accord.ByRule}
			change(&c)
			return func(ctx context.Context) error { return db.AddChairTerm(ctx, &c) }
		}
		state := func(code string, names accord.Text) func(context.Context) error {
			return func(ctx context.Context) error { return db.CreateState(ctx, &accord.State{Code: code, Names: names}) }
		}
		org := func(code string, official, working []string) func(context.Context) error {
			return func(ctx context.Context) error {
				return db.CreateOrganization(ctx, &accord.Organization{Code: code, Names: en("Organization"), OfficialLanguages: official, WorkingLanguages: working})
			}
		}
		agenda := func(a accord.AgendaItem) func(context.Context) error {
			return func(ctx context.Context) error { return db.AddAgendaItem(ctx, &a) }
		}

		for _, c := range []struct {
			name        string
			call        func(context.Context) error
			code, field string
			message     string // checked when set
		}{
			{"state code in lower case", state("kg", en("Kyrgyzstan")), accord.EINVALID, "code", ""},
			{"state code too long", state("KGZ", en("Kyrgyzstan")), accord.EINVALID, "code", ""},
			{"state name in malformed language", state("FR", accord.Text{"EN": "France"}), accord.EINVALID, "names.EN", ""},
			{"state without names", state("FR", nil), accord.EINVALID, "names", ""},
			{"duplicate state", state("KG", en("Kyrgyzstan")), accord.ECONFLICT, "", "state KG already exists"},

			{"organization code in lower case", org("nato", nil, nil), accord.EINVALID, "code", ""},
			{"malformed official language", org("CIS", []string{"russian"}, nil), accord.EINVALID, "official_languages", ""},
			{"working language twice", org("CIS", nil, []string{"ru", "ru"}), accord.EINVALID, "working_languages", ""},
			{"duplicate organization", org("SCO", nil, nil), accord.ECONFLICT, "code", "organization SCO already exists"},

			{"membership of unknown organization", membership("NATO", "KG", accord.Member, "2001-06-15", ""), accord.EINVALID, "organization", ""},
			{"membership of unknown state", membership("SCO", "FR", accord.Member, "2001-06-15", ""), accord.EINVALID, "state", ""},
			{"membership with bad state code", membership("SCO", "fr", accord.Member, "2001-06-15", ""), accord.EINVALID, "state", ""},
			{"membership with bad status", membership("SCO", "TR", "guest", "2001-06-15", ""), accord.EINVALID, "status", ""},
			{"member without a start", membership("SCO", "TR", accord.Member, "", ""), accord.EINVALID, "from", ""},
			{"membership ending before it starts", membership("SCO", "TR", accord.Partner, "2012-06-07", "2012-06-06"), accord.EINVALID, "until", ""},
			{"overlapping membership", membership("SCO", "KG", accord.Member, "2010-01-01", "2010-12-31"), accord.ECONFLICT, "from", ""},
			{"membership overlapping one of unknown start", membership("SCO", "AF", accord.Partner, "2000-01-01", "2000-12-31"), accord.ECONFLICT, "from", ""},
			{"membership ending the day another starts", membership("SCO", "IN", accord.Observer, "2005-07-05", "2017-06-09"), accord.ECONFLICT, "from", ""},

			{"body of unknown organization", func(ctx context.Context) error {
				return db.CreateBody(ctx, &accord.Body{Organization: "NATO", Code: "PGM", Names: en("Body")})
			}, accord.EINVALID, "organization", ""},
			{"body with bad code", func(ctx context.Context) error {
				return db.CreateBody(ctx, &accord.Body{Organization: "SCO", Code: "P-GM", Names: en("Body")})
			}, accord.EINVALID, "code", ""},
			{"duplicate body", func(ctx context.Context) error { return db.CreateBody(ctx, f.pgm) }, accord.ECONFLICT, "code", "body PGM of SCO already exists"},
			{"organ of unknown organization", func(ctx context.Context) error {
				return db.CreateOrgan(ctx, &accord.Organ{Organization: "NATO", Code: "SEC", Names: en("Secretariat")})
			}, accord.EINVALID, "organization", ""},
			{"duplicate organ", func(ctx context.Context) error { return db.CreateOrgan(ctx, f.otssec) }, accord.ECONFLICT, "code", "organ OTSSEC of OTS already exists"},

			{"duplicate meeting number", meeting(func(m *accord.Meeting) { m.Number = 22 }), accord.ECONFLICT, "number", "meeting XXII of SCO PGM already exists"},
			{"meeting of unknown organization", meeting(func(m *accord.Meeting) { m.Organization = "NATO" }), accord.EINVALID, "organization", ""},
			{"meeting of unknown body", meeting(func(m *accord.Meeting) { m.Body = "CGP" }), accord.EINVALID, "body", ""},
			{"meeting with unknown host", meeting(func(m *accord.Meeting) { m.Host = "FR" }), accord.EINVALID, "host", ""},
			{"meeting with bad host code", meeting(func(m *accord.Meeting) { m.Host = "Kyrgyzstan" }), accord.EINVALID, "host", ""},
			{"meeting with unknown chair", meeting(func(m *accord.Meeting) { m.Chair = "FR" }), accord.EINVALID, "chair", ""},
			{"meeting number 0", meeting(func(m *accord.Meeting) { m.Number = 0 }), accord.EINVALID, "number", ""},
			{"meeting ending before it starts", meeting(func(m *accord.Meeting) { m.End = date("2024-07-24") }), accord.EINVALID, "end", ""},
			{"meeting without a start", meeting(func(m *accord.Meeting) { m.Start = accord.Date{} }), accord.EINVALID, "start", ""},
			{"meeting city in malformed language", meeting(func(m *accord.Meeting) { m.City = accord.Text{"ru_RU": "Бишкек"} }), accord.EINVALID, "city.ru_RU", ""},
			{"meeting with bad format", meeting(func(m *accord.Meeting) { m.Format = "online" }), accord.EINVALID, "format", ""},

			{"person without name or title", func(ctx context.Context) error { return db.CreatePerson(ctx, &accord.Person{}) }, accord.EINVALID, "title", ""},
			{"agenda item of unknown meeting", agenda(accord.AgendaItem{MeetingID: 9999, Position: 1, Kind: accord.AgendaOpening, Title: en("Opening")}), accord.EINVALID, "meeting_id", ""},
			{"agenda item with unknown speaker", agenda(accord.AgendaItem{MeetingID: f.sco22.ID, Position: 3, Kind: accord.AgendaReport, Title: en("Report"), SpeakerID: 9999}), accord.EINVALID, "speaker_id", ""},
			{"agenda position taken", agenda(accord.AgendaItem{MeetingID: f.sco22.ID, Position: 2, Kind: accord.AgendaReport, Title: en("Report")}), accord.ECONFLICT, "", ""},
			{"agenda position -1", agenda(accord.AgendaItem{MeetingID: f.sco22.ID, Position: -1, Kind: accord.AgendaReport, Title: en("Report")}), accord.EINVALID, "position", ""},
			{"agenda item of unknown kind", agenda(accord.AgendaItem{MeetingID: f.sco22.ID, Position: 3, Kind: "lunch", Title: en("Lunch")}), accord.EINVALID, "kind", ""},

			{"delegation to unknown meeting", delegation(func(d *accord.Delegation) { d.MeetingID = 9999 }), accord.EINVALID, "meeting_id", ""},
			{"delegation of unknown state", delegation(func(d *accord.Delegation) { d.State = "FR" }), accord.EINVALID, "state", ""},
			{"delegation of unknown organ", delegation(func(d *accord.Delegation) { d.State, d.Organ = "", "SCOSEC" }), accord.EINVALID, "organ", ""},
			{"delegation of another organization's organ", delegation(func(d *accord.Delegation) { d.State, d.Organ = "", "OTSSEC" }), accord.EINVALID, "organ", ""},
			{"delegation of a state and an organ", delegation(func(d *accord.Delegation) { d.Organ = "OTSSEC" }), accord.EINVALID, "organ", ""},
			{"delegation of nobody", delegation(func(d *accord.Delegation) { d.State = "" }), accord.EINVALID, "state", ""},
			{"second delegation of a state", delegation(func(d *accord.Delegation) { d.State = "KG" }), accord.ECONFLICT, "state", ""},
			{"second delegation of an organ", delegation(func(d *accord.Delegation) { d.MeetingID, d.State, d.Organ = f.ots3.ID, "", "OTSSEC" }), accord.ECONFLICT, "organ", ""},
			{"delegation head without name or title", delegation(func(d *accord.Delegation) { d.Head = accord.Person{} }), accord.EINVALID, "head.title", ""},
			{"delegation member with untrimmed name", delegation(func(d *accord.Delegation) { d.Members[0].Name = " A. Member" }), accord.EINVALID, "members[0].name", ""},

			{"duplicate document reference", document(func(d *accord.Document) { d.Reference = f.protocol.Reference }), accord.ECONFLICT, "", "document SCO/PGM/XXII/PROTOCOL already exists"},
			{"document by unknown delegation", document(func(d *accord.Document) { d.AuthorDelegationID = 9999 }), accord.EINVALID, "author_delegation_id", ""},
			{"document by the chair with a delegation", document(func(d *accord.Document) { d.AuthorKind = accord.AuthorChair }), accord.EINVALID, "author_delegation_id", ""},
			{"document of unknown meeting", document(func(d *accord.Document) { d.Links = []accord.DocumentLink{{MeetingID: 9999}} }), accord.EINVALID, "links[0].meeting_id", ""},
			{"document on another meeting's agenda item", document(func(d *accord.Document) {
				d.Links = append(d.Links, accord.DocumentLink{MeetingID: f.ots3.ID, AgendaItemID: f.opening.ID})
			}), accord.EINVALID, "links[1].agenda_item_id", ""},
			{"document on unknown agenda item", document(func(d *accord.Document) { d.Links[0].AgendaItemID = 9999 }), accord.EINVALID, "links[0].agenda_item_id", ""},
			{"document linked twice to a meeting", document(func(d *accord.Document) { d.Links = append(d.Links, d.Links[0]) }), accord.EINVALID, "links[1].meeting_id", ""},
			{"document of no meeting", document(func(d *accord.Document) { d.Links = nil }), accord.EINVALID, "links", ""},
			{"document to an unknown state", document(func(d *accord.Document) { d.Classification, d.Recipients = accord.Confidential, []string{"PK", "XX"} }),
				accord.EINVALID, "recipients[1]", ""},
			{"document to a state twice", document(func(d *accord.Document) {
				d.Classification, d.Recipients = accord.Confidential, []string{"PK", "KZ", "PK"}
			}),
				accord.ECONFLICT, "", "state PK is named twice as a recipient"},
			{"document of a known and an unknown meeting", document(func(d *accord.Document) { d.Links = append(d.Links, accord.DocumentLink{MeetingID: 9999}) }),
				accord.EINVALID, "links[1].meeting_id", ""},
			{"document version in malformed language", document(func(d *accord.Document) { d.Versions[1].Lang = "EN" }), accord.EINVALID, "versions[1].lang", ""},
			{"document with two versions in a language", document(func(d *accord.Document) { d.Versions[1].Lang = "ru" }), accord.EINVALID, "versions[1].lang", ""},
			{"document with bad classification", document(func(d *accord.Document) { d.Classification = "secret" }), accord.EINVALID, "classification", ""},
			{"version of unknown document", version(func(v *accord.DocumentVersion) { v.DocumentID = 9999 }), accord.EINVALID, "document_id", ""},
			{"version in malformed language", version(func(v *accord.DocumentVersion) { v.Lang = "Russian" }), accord.EINVALID, "lang", ""},
			{"version without body", version(func(v *accord.DocumentVersion) { v.Body = " \n" }), accord.EINVALID, "body", ""},

			{"chair of unknown organization", chair(func(c *accord.ChairTerm) { c.Organization = "NATO" }), accord.EINVALID, "organization", ""},
			{"chair of unknown body", chair(func(c *accord.ChairTerm) { c.Body = "PGM" }), accord.EINVALID, "body", ""},
			{"chair held by unknown state", chair(func(c *accord.ChairTerm) { c.State = "FR" }), accord.EINVALID, "state", ""},
			{"chair held by a non-member", chair(func(c *accord.ChairTerm) { c.State = "CN" }), accord.EINVALID, "state", ""},
			{"chair held before joining", chair(func(c *accord.ChairTerm) {
				c.Organization, c.Body, c.State, c.From, c.Until = "SCO", "PGM", "IN", date("2017-06-08"), date("2017-06-08")
			}), accord.EINVALID, "state", ""},
			{"chair held by an observer", chair(func(c *accord.ChairTerm) {
				c.Organization, c.Body, c.State, c.From, c.Until = "SCO", "PGM", "BY", date("2016-01-01"), date("2016-01-01")
			}), accord.EINVALID, "state", ""},
			{"chair from another body's meeting", chair(func(c *accord.ChairTerm) { c.FromMeetingID = f.sco22.ID }), accord.EINVALID, "from_meeting_id", ""},
			{"chair by decision without reason", chair(func(c *accord.ChairTerm) { c.Basis = accord.ByDecision }), accord.EINVALID, "note", ""},
			{"chair ending before it starts", chair(func(c *accord.ChairTerm) { c.Until = date("2024-07-24") }), accord.EINVALID, "until", ""},
			{"chair overlapping another term", chair(func(c *accord.ChairTerm) {
				c.Organization, c.Body, c.State, c.From = "SCO", "PGM", "KZ", date("2024-01-01")
			}), accord.ECONFLICT, "from", ""},
			{"chair starting on another's first day", chair(func(c *accord.ChairTerm) {
				c.Organization, c.Body, c.State, c.From = "SCO", "PGM", "KZ", date("2024-07-25")
			}), accord.ECONFLICT, "from", ""},

			{"members on no date", func(ctx context.Context) error { _, err := db.MembersOn(ctx, "SCO", accord.Date{}); return err }, accord.EINVALID, "date", ""},
			{"members of unknown status", func(ctx context.Context) error {
				_, err := db.MembersOn(ctx, "SCO", date("2024-01-01"), "guest")
				return err
			}, accord.EINVALID, "status", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				before, err := db.Rows(t.Context())
				ok(t, err)
				err = c.call(t.Context())
				wantErr(t, err, c.code, c.field)
				if c.message != "" {
					equal(t, "message", accord.ErrorMessage(err), c.message)
				}
				after, err := db.Rows(t.Context())
				ok(t, err)
				equal(t, "rows", after, before)
			})
		}
	})
}

// TestSchemaBackstops checks that the database itself refuses what the
// explicit checks are meant to catch first, and that its refusals get codes.
func TestSchemaBackstops(t *testing.T) {
	t.Parallel()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		for _, c := range []struct {
			name, code string
			query      string
			args       []any
		}{
			{"unknown state", accord.EINVALID, `INSERT INTO memberships (organization, state, status, from_date) VALUES ('SCO', 'FR', 'member', '2001-06-15')`, nil},
			{"member without a start", accord.EINVALID, `INSERT INTO memberships (organization, state, status) VALUES ('SCO', 'TR', 'member')`, nil},
			{"duplicate state", accord.ECONFLICT, `INSERT INTO states (code, names) VALUES ('KG', '{}')`, nil},
			{"duplicate meeting number", accord.ECONFLICT, `INSERT INTO meetings (organization, body, number, host, city, venue, start_date, end_date, format, theme, status, note)
				VALUES ('SCO', 'PGM', 22, 'KG', '{}', '{}', '2024-07-25', '2024-07-25', 'video', '{}', 'planned', '')`, nil},
			{"agenda item of another meeting", accord.EINVALID, `INSERT INTO document_meetings (document_id, meeting_id, agenda_item_id) VALUES ($1, $2, $3)`,
				[]any{f.protocol.ID, f.ots3.ID, f.statement.ID}},
			{"organ of another organization", accord.EINVALID, `INSERT INTO delegations (meeting_id, organization, organ, head_id) VALUES ($1, 'SCO', 'OTSSEC', $2)`,
				[]any{f.sco22.ID, f.kg.Head.ID}},
			{"organization other than the meeting's", accord.EINVALID, `INSERT INTO delegations (meeting_id, organization, organ, head_id) VALUES ($1, 'OTS', 'OTSSEC', $2)`,
				[]any{f.sco22.ID, f.kg.Head.ID}},
			{"delegation of a state and an organ", accord.EINVALID, `INSERT INTO delegations (meeting_id, organization, state, organ, head_id) VALUES ($1, 'OTS', 'TR', 'OTSSEC', $2)`,
				[]any{f.ots3.ID, f.kg.Head.ID}},
			{"duplicate revision", accord.ECONFLICT, `INSERT INTO document_versions (document_id, lang, revision, title, body, sha256, created_at)
				VALUES ($1, 'ru', 1, 't', 'b', $2, '2024-07-25T00:00:00.000000Z')`, []any{f.protocol.ID, f.protocol.Versions[0].SHA256}},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantErr(t, db.Exec(t.Context(), c.query, c.args...), c.code, "")
			})
		}
	})
}
