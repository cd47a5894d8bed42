package accord_test

import (
	"encoding/json"
	"testing"

	"github.com/accord-org/accord"
)

func TestRoman(t *testing.T) {
	for _, tc := range []struct {
		n int
		s string
	}{{1, "I"}, {3, "III"}, {4, "IV"}, {9, "IX"}, {14, "XIV"}, {22, "XXII"}, {40, "XL"}, {1999, "MCMXCIX"}, {3999, "MMMCMXCIX"}} {
		if got := accord.Roman(tc.n); got != tc.s {
			t.Errorf("Roman(%d) = %q, want %q", tc.n, got, tc.s)
		}
		if n, ok := accord.ParseRoman(tc.s); !ok || n != tc.n {
			t.Errorf("ParseRoman(%q) = %d, %v", tc.s, n, ok)
		}
	}
	for _, bad := range []string{"", "IIII", "IC", "XXIIX", "ABC", "VV"} {
		if n, ok := accord.ParseRoman(bad); ok {
			t.Errorf("ParseRoman(%q) = %d, want refusal", bad, n)
		}
	}
	if got := accord.Roman(0); got != "0" {
		t.Errorf("Roman(0) = %q", got)
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{{"2024-07-25", true}, {"2024-02-29", true}, {"2023-02-29", false}, {"2024-13-45", false}, {"2024-7-25", false}, {"25.07.2024", false}, {"", false}, {"2024-07-25T00:00:00Z", false}} {
		d, err := accord.ParseDate(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
		}
		if tc.ok && d.String() != tc.in {
			t.Errorf("ParseDate(%q).String() = %q", tc.in, d)
		}
	}
	var d accord.Date
	if err := json.Unmarshal([]byte(`"2024-13-45"`), &d); err == nil {
		t.Error("JSON accepts 2024-13-45")
	}
	b, _ := json.Marshal(struct{ D accord.Date }{})
	if string(b) != `{"D":null}` {
		t.Errorf("zero date marshals as %s", b)
	}
}

func TestTextIn(t *testing.T) {
	name := accord.Text{"ru": "Кыргызстан", "en": "Kyrgyzstan", "zh": "吉尔吉斯斯坦"}
	for _, tc := range []struct {
		t     accord.Text
		langs []string
		text  string
		lang  string
	}{
		{name, []string{"ru"}, "Кыргызстан", "ru"},
		{name, []string{"zh-Hans"}, "吉尔吉斯斯坦", "zh"},
		{name, []string{"fr"}, "Kyrgyzstan", "en"},
		{accord.Text{"ru": "Бишкек", "zh": "比什凯克"}, []string{"fr"}, "Бишкек", "ru"},
		{accord.Text{"en": ""}, []string{"en"}, "", ""},
	} {
		text, lang := tc.t.In(tc.langs...)
		if text != tc.text || lang != tc.lang {
			t.Errorf("%v.In(%v) = %q, %q; want %q, %q", tc.t, tc.langs, text, lang, tc.text, tc.lang)
		}
	}
}

func TestValidateLanguageTag(t *testing.T) {
	for tag, ok := range map[string]bool{"en": true, "ru": true, "zh": true, "zh-Hant": true, "en-GB": true, "es-419": true, "EN": false, "english": false, "zh_CN": false, "": false, "x": false, "ru-": false,
		// Well-formed, but not registered, private use, or saying nothing of a language.
		"ky": true, "tk": true, "fil": true, "sr-Latn": true, "sr-Cyrl-RS": true,
		"xx": false, "qqq": false, "qaa": false, "und": false, "zxx": false, "en-XX": false, "en-ZZ": false, "zh-Xxxx": false, "zh-Qaaa": false,
		"de-1996": false, "en-x-private": false} {
		if err := accord.ValidateLanguageTag("lang", tag); (err == nil) != ok {
			t.Errorf("%q: %v", tag, err)
		}
	}
}

func TestCanonicalBytes(t *testing.T) {
	a := accord.DocumentVersion{Lang: "ru", Title: "Протокол", Body: "Строка 1\r\nСтрока 2\r\n"}
	b := accord.DocumentVersion{Lang: "ru", Title: "Протокол", Body: "Строка 1\nСтрока 2"}
	if a.ComputeSHA256() != b.ComputeSHA256() {
		t.Error("line endings change the hash")
	}
	c := b
	c.Body = "Строка 1\nСтрока 3"
	if c.ComputeSHA256() == b.ComputeSHA256() {
		t.Error("a changed character keeps the hash")
	}
	if string(b.CanonicalBytes()) != "Протокол\n\nСтрока 1\nСтрока 2\n" {
		t.Errorf("canonical bytes: %q", b.CanonicalBytes())
	}
}

func TestMembershipActiveOn(t *testing.T) {
	m := accord.Membership{From: accord.MustDate("2017-06-09"), Until: accord.MustDate("2020-01-01")}
	for d, want := range map[string]bool{"2017-06-08": false, "2017-06-09": true, "2019-01-01": true, "2020-01-01": true, "2020-01-02": false} {
		if got := m.ActiveOn(accord.MustDate(d)); got != want {
			t.Errorf("ActiveOn(%s) = %v", d, got)
		}
	}
	unknown := accord.Membership{Status: accord.Observer}
	if unknown.ActiveOn(accord.MustDate("2024-01-01")) {
		t.Error("a membership of unknown start counts on a date")
	}
}

func TestChairTermOverlaps(t *testing.T) {
	term := func(from, until string) *accord.ChairTerm {
		c := &accord.ChairTerm{From: accord.MustDate(from)}
		if until != "" {
			c.Until = accord.MustDate(until)
		}
		return c
	}
	for _, tc := range []struct {
		a, b *accord.ChairTerm
		want bool
	}{
		{term("2023-11-08", "2024-07-25"), term("2024-07-25", ""), false}, // handover day
		{term("2023-11-08", "2024-07-25"), term("2024-07-24", ""), true},
		{term("2015-08-27", "2015-08-27"), term("2015-08-27", "2016-11-29"), false}, // start not recorded
		{term("2020-01-01", ""), term("2021-01-01", ""), true},
		{term("2020-01-01", "2020-06-01"), term("2021-01-01", "2021-06-01"), false},
	} {
		if got := tc.a.Overlaps(tc.b); got != tc.want || tc.b.Overlaps(tc.a) != tc.want {
			t.Errorf("%v–%v and %v–%v: overlaps %v, want %v", tc.a.From, tc.a.Until, tc.b.From, tc.b.Until, got, tc.want)
		}
	}
}

func TestGrantValidate(t *testing.T) {
	for _, tc := range []struct {
		g     accord.Grant
		field string
	}{
		{accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"}, ""},
		{accord.Grant{Role: accord.RoleSecretariat}, "organization"},
		{accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"}, ""},
		{accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", State: "PK"}, "body"},
		{accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO"}, "state"},
		{accord.Grant{Role: accord.RolePress, Organization: "SCO"}, "organization"},
		{accord.Grant{Role: "king"}, "role"},
		{accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "pakistan"}, "state"},
	} {
		if got := accord.ErrorField(tc.g.Validate()); got != tc.field {
			t.Errorf("%+v: field %q, want %q", tc.g, got, tc.field)
		}
	}
}

// TestAuthorize checks the decisions of the policy one by one: signing,
// handover, token scope, and the workspace's rights to organizations,
// meetings and delegations, which the HTTP matrix checks through routes.
func TestAuthorize(t *testing.T) {
	user := func(grants ...accord.Grant) *accord.Actor {
		return &accord.Actor{User: &accord.User{ID: 7, Grants: grants}}
	}
	head := user(accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "PK"})
	chairPK := user(accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"})
	chairKG := user(accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "KG"})
	secretariat := user(accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	otherSecretariat := user(accord.Grant{Role: accord.RoleSecretariat, Organization: "OTS"})
	readToken := user(accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"})
	readToken.Scope = accord.ScopeRead
	admin := user(accord.Grant{Role: accord.RoleAdministrator})
	adminRead := user(accord.Grant{Role: accord.RoleAdministrator})
	adminRead.Scope = accord.ScopeRead
	protocol := accord.Resource{Kind: accord.KindDocument, Organizations: []string{"SCO"}, Classification: accord.Restricted}
	body := accord.Resource{Kind: accord.KindBody, Organizations: []string{"SCO"}, Body: "PGM", ChairState: "PK"}
	meeting := accord.Resource{Kind: accord.KindMeeting, Organizations: []string{"SCO"}, Body: "PGM", ChairState: "PK", ChairTerm: 2, Term: 2}
	pastMeeting := meeting
	pastMeeting.Term = 1
	auditOf := func(orgs ...string) accord.Resource {
		return accord.Resource{Kind: accord.KindAudit, Organizations: orgs}
	}
	officerIN := user(accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"})
	delegationOf := func(state string) accord.Resource {
		return accord.Resource{Kind: accord.KindDelegation, Organizations: []string{"SCO"}, State: state}
	}
	for _, tc := range []struct {
		name  string
		a     *accord.Actor
		act   accord.Action
		res   accord.Resource
		allow bool
	}{
		{"head signs", head, accord.ActSign, protocol, true},
		{"administrator registers any organization", admin, accord.ActCreate, accord.Resource{Kind: accord.KindOrganization, Organizations: []string{"CIS"}}, true},
		{"administrator does not edit an organization", admin, accord.ActUpdate, accord.Resource{Kind: accord.KindOrganization, Organizations: []string{"SCO"}}, false},
		{"administrator registers a state", admin, accord.ActCreate, accord.Resource{Kind: accord.KindState}, true},
		{"secretariat registers a state", otherSecretariat, accord.ActCreate, accord.Resource{Kind: accord.KindState}, true},
		{"delegation officer does not register a state", officerIN, accord.ActCreate, accord.Resource{Kind: accord.KindState}, false},
		{"administrator makes a secretariat account", admin, accord.ActCreate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"OTS"}}, true},
		{"administrator makes an administrator", admin, accord.ActCreate, accord.Resource{Kind: accord.KindUser}, true},
		{"secretariat does not make an administrator", secretariat, accord.ActCreate, accord.Resource{Kind: accord.KindUser}, false},
		{"secretariat makes its accounts", secretariat, accord.ActCreate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"SCO"}}, true},
		{"secretariat does not make another's accounts", secretariat, accord.ActCreate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"OTS"}}, false},
		{"administrator does not enrol signing keys", admin, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{"SCO"}}, false},
		{"secretariat enrols signing keys", secretariat, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{"SCO"}}, true},
		{"head submits their own key", head, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{"SCO"}, State: "PK", OwnerID: 7}, true},
		{"head submits no key for another state", head, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{"SCO"}, State: "KG", OwnerID: 7}, false},
		{"head submits no key for another account", head, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{"SCO"}, State: "PK", OwnerID: 8}, false},
		{"secretariat submits no key as a head", secretariat, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{"SCO"}, State: "PK", OwnerID: 7}, false},
		{"secretariat disables its accounts", secretariat, accord.ActUpdate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"SCO"}, OwnerID: 8}, true},
		{"secretariat does not disable another's accounts", otherSecretariat, accord.ActUpdate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"SCO"}, OwnerID: 8}, false},
		{"administrator manages accounts", admin, accord.ActUpdate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"SCO"}, OwnerID: 8}, true},
		{"head does not manage accounts", head, accord.ActUpdate, accord.Resource{Kind: accord.KindUser, Organizations: []string{"SCO"}, OwnerID: 8}, false},
		{"read token of an administrator makes nothing", adminRead, accord.ActCreate, accord.Resource{Kind: accord.KindState}, false},
		{"secretariat does not sign", secretariat, accord.ActSign, protocol, false},
		{"public does not sign", accord.Anonymous, accord.ActSign, protocol, false},
		{"chair holding the chair hands over", chairPK, accord.ActHandover, body, true},
		{"former chair does not hand over", chairKG, accord.ActHandover, body, false},
		{"secretariat hands over", secretariat, accord.ActHandover, body, true},
		{"another organization's secretariat does not", otherSecretariat, accord.ActHandover, body, false},
		{"read token reads", readToken, accord.ActRead, protocol, true},
		{"read token does not write", readToken, accord.ActCreate, accord.Resource{Kind: accord.KindMeeting, Organizations: []string{"SCO"}}, false},
		{"own account", head, accord.ActUpdate, accord.Resource{Kind: accord.KindAccount, OwnerID: 7}, true},
		{"someone else's account", head, accord.ActRead, accord.Resource{Kind: accord.KindAccount, OwnerID: 8}, false},
		{"public reads public", nil, accord.ActRead, accord.Resource{Kind: accord.KindDocument, Classification: accord.Public}, true},
		{"unknown classification", secretariat, accord.ActRead, accord.Resource{Kind: accord.KindDocument, Organizations: []string{"SCO"}, Classification: "secret"}, false},

		{"chair holding the chair edits a meeting", chairPK, accord.ActUpdate, meeting, true},
		{"former chair does not edit a meeting", chairKG, accord.ActUpdate, meeting, false},
		{"chair does not edit a meeting of a past term", chairPK, accord.ActUpdate, pastMeeting, false},
		{"chair does not edit a meeting of no recorded term", chairPK, accord.ActUpdate, accord.Resource{Kind: accord.KindMeeting, Organizations: []string{"SCO"}, Body: "PGM", ChairState: "PK", ChairTerm: 2}, false},
		{"secretariat edits a meeting of a past term", secretariat, accord.ActUpdate, pastMeeting, true},
		{"secretariat cancels a meeting", secretariat, accord.ActCancel, meeting, true},
		{"chair holding the chair does not cancel a meeting", chairPK, accord.ActCancel, meeting, false},
		{"another organization's secretariat does not cancel", otherSecretariat, accord.ActCancel, meeting, false},
		{"read token does not cancel", readToken, accord.ActCancel, meeting, false},
		{"public does not cancel", nil, accord.ActCancel, meeting, false},
		{"nobody cancels a body", secretariat, accord.ActCancel, body, false},
		{"secretariat reads the trail", secretariat, accord.ActRead, auditOf(), true},
		{"secretariat reads its organization's record", secretariat, accord.ActRead, auditOf("SCO"), true},
		{"secretariat reads a record of two organizations", secretariat, accord.ActRead, auditOf("OTS", "SCO"), true},
		{"secretariat does not read another organization's record", otherSecretariat, accord.ActRead, auditOf("SCO"), false},
		{"chair does not read the trail", chairPK, accord.ActRead, auditOf(), false},
		{"nobody changes the trail", secretariat, accord.ActUpdate, auditOf("SCO"), false},
		{"secretariat sees the personal data of its organization's account", secretariat, accord.ActRead, accord.Resource{Kind: accord.KindUser, Organizations: []string{"SCO"}}, true},
		{"nobody sees the personal data of an account of no organization", secretariat, accord.ActRead, accord.Resource{Kind: accord.KindUser}, false},
		{"chair does not create a meeting", chairPK, accord.ActCreate, meeting, false},
		{"chair does not edit the body", chairPK, accord.ActUpdate, body, false},
		{"another organization's secretariat registers an organization", otherSecretariat, accord.ActCreate, accord.Resource{Kind: accord.KindOrganization, Organizations: []string{"CIS"}}, true},
		{"another organization's secretariat does not edit it", otherSecretariat, accord.ActUpdate, accord.Resource{Kind: accord.KindOrganization, Organizations: []string{"SCO"}}, false},
		{"a delegation officer does not register an organization", officerIN, accord.ActCreate, accord.Resource{Kind: accord.KindOrganization, Organizations: []string{"CIS"}}, false},
		{"public reads a delegation", nil, accord.ActRead, delegationOf("IN"), true},
		{"officer registers their state's delegation", officerIN, accord.ActCreate, delegationOf("IN"), true},
		{"officer edits their state's delegation", officerIN, accord.ActUpdate, delegationOf("IN"), true},
		{"officer does not delete it", officerIN, accord.ActDelete, delegationOf("IN"), false},
		{"officer does not register another state's", officerIN, accord.ActCreate, delegationOf("PK"), false},
		{"officer does not register an organ's", officerIN, accord.ActCreate, delegationOf(""), false},
		{"head of delegation does not register", head, accord.ActCreate, delegationOf("PK"), false},
		{"secretariat registers an organ's delegation", secretariat, accord.ActCreate, delegationOf(""), true},
		{"another organization's secretariat does not register", otherSecretariat, accord.ActCreate, delegationOf("IN"), false},
		{"read token does not register", readToken, accord.ActCreate, delegationOf("IN"), false},
	} {
		d := accord.Authorize(tc.a, tc.act, tc.res)
		if d.Allow != tc.allow || d.Reason == "" {
			t.Errorf("%s: %+v, want allow=%v with a reason", tc.name, d, tc.allow)
		}
	}
}

func TestErrors(t *testing.T) {
	err := accord.Wrap("create meeting", accord.Invalid("number", "must be positive"))
	if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "number" || accord.ErrorMessage(err) != "must be positive" {
		t.Errorf("wrapped invalid: %v", err)
	}
	internal := accord.Wrap("ping", errString("connection refused to 10.0.0.5"))
	if accord.ErrorCode(internal) != accord.EINTERNAL || accord.ErrorMessage(internal) == internal.Error() {
		t.Errorf("internal error text reaches the user: %q", accord.ErrorMessage(internal))
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestTextJSON(t *testing.T) {
	var m struct{ City, Theme accord.Text }
	m.Theme = accord.Text{"en": "<b>law</b>"}
	b, err := json.Marshal(m)
	if err != nil || string(b) != `{"City":{},"Theme":{"en":"\u003cb\u003elaw\u003c/b\u003e"}}` {
		t.Errorf("%s %v", b, err)
	}
}

// TestOrganizationValidateNamesFirstField: with several language lists
// wrong at once, the error names the first in the form's order every time
// (a map's random order once named any of them).
func TestOrganizationValidateNamesFirstField(t *testing.T) {
	base := func() accord.Organization {
		return accord.Organization{Code: "SCO", Names: accord.Text{"en": "Shanghai Cooperation Organisation"},
			Founded: accord.MustDate("2001-06-15"), OfficialLanguages: []string{"ru", "zh"}}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*accord.Organization)
		field string
	}{
		{"valid", func(*accord.Organization) {}, ""},
		{"all three wrong", func(o *accord.Organization) {
			o.OfficialLanguages = []string{"ru", "ru"}
			o.WorkingLanguages = []string{"!!"}
			o.TranslationLanguages = []string{"en", "en"}
		}, "official_languages"},
		{"working and translation wrong", func(o *accord.Organization) {
			o.WorkingLanguages = []string{"!!"}
			o.TranslationLanguages = []string{"en", "en"}
		}, "working_languages"},
		{"translation also official", func(o *accord.Organization) { o.TranslationLanguages = []string{"zh"} }, "translation_languages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Map order differs between iterations, so ask many times.
			for range 50 {
				o := base()
				tc.edit(&o)
				if got := accord.ErrorField(o.Validate()); got != tc.field {
					t.Fatalf("field %q, want %q", got, tc.field)
				}
			}
		})
	}
}
