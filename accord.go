package accord

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Clock tells the time. Services take one so that tests can fix "today".
type Clock func() time.Time

// State is a sovereign state, or another stable party such as the Turkish
// Republic of Northern Cyprus, that can hold a membership.
type State struct {
	// Code is ISO 3166-1 alpha-2, or a stable code such as "CY-N" where ISO
	// has none.
	Code string `json:"code"`
	// Names by language. "ru" is the short Russian name that rotation rules
	// sort by (Кыргызстан, not Киргизия).
	Names Text `json:"names"`
	// TimeZone is the IANA time zone of the state's capital (Asia/Karachi),
	// in which deadlines are shown to its delegation; empty when unknown.
	TimeZone string `json:"time_zone,omitempty"`
}

var (
	stateCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,8})?$`)
	orgCode   = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,15}$`)
)

// Validate checks a state before it is stored.
func (s *State) Validate() error {
	if !stateCode.MatchString(s.Code) {
		return Invalid("code", "%q is not a state code: use ISO 3166-1 alpha-2 (KG), or two letters and a suffix (CY-N)", s.Code)
	}
	if s.TimeZone != "" {
		// "Local" and "" are what LoadLocation also accepts, and name no
		// place.
		if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "Local" || len(s.TimeZone) > 64 {
			return Invalid("time_zone", "%q is not an IANA time zone such as Asia/Karachi", s.TimeZone)
		}
	}
	return s.Names.Validate("names", true)
}

// ValidateCode checks the code of an organization, a body or an organ: 2 to
// 16 capital letters or digits, starting with a letter (SCO, PGM, OTS-SEC is
// not allowed, OTSSEC is).
func ValidateCode(field, code string) error {
	if !orgCode.MatchString(code) {
		return Invalid(field, "%q is not a code: use 2 to 16 capital letters or digits, starting with a letter", code)
	}
	return nil
}

// ValidateStateCode checks a reference to a state.
func ValidateStateCode(field, code string) error {
	if !stateCode.MatchString(code) {
		return Invalid(field, "%q is not a state code such as KG or CY-N", code)
	}
	return nil
}

// Organization is an intergovernmental organization: SCO, OTS.
//
// Its languages decide which language versions its documents may have,
// and which of them bind:
//   - the official languages are the authentic ones: their versions are
//     equally binding, and a document is signed only with all of them
//     (the working languages stand in when the charter names no official
//     one, as the OTS's names only a working language);
//   - the working languages that are not official are the secretariat's
//     own; their versions are translations;
//   - the translation languages are those the organization also publishes
//     its documents in, never authentic: the SCO's charter makes Russian
//     and Chinese its only languages, yet its secretariat publishes
//     English texts, which say that they are translations.
//
// A version or attachment of a document that belongs to an organization's
// meeting is in one of these languages; any other is refused, so that a
// document cannot acquire a "version" in a language the organization
// never uses.
type Organization struct {
	Code                 string   `json:"code"`
	Names                Text     `json:"names"`
	Founded              Date     `json:"founded"`
	OfficialLanguages    []string `json:"official_languages"`
	WorkingLanguages     []string `json:"working_languages"`
	TranslationLanguages []string `json:"translation_languages"`
}

// AuthenticLanguages are the languages whose versions bind: the official
// ones, else the working ones.
func (o *Organization) AuthenticLanguages() []string {
	if len(o.OfficialLanguages) > 0 {
		return o.OfficialLanguages
	}
	return o.WorkingLanguages
}

// DocumentLanguages are every language a document of the organization may
// have a version in: official, working, then translation languages, each
// once.
func (o *Organization) DocumentLanguages() []string {
	var out []string
	for _, l := range slices.Concat(o.OfficialLanguages, o.WorkingLanguages, o.TranslationLanguages) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// ValidateDocumentLanguage checks that lang, already a valid tag, is one
// of the document languages of every organization the document belongs
// to. A document of no organization has only the tag's own check.
func ValidateDocumentLanguage(field, lang string, orgs []*Organization) error {
	for _, o := range orgs {
		if !slices.Contains(o.DocumentLanguages(), lang) {
			return Invalid(field, "%q is not a language of the %s: its documents are in %s", lang, o.Code, strings.Join(o.DocumentLanguages(), ", "))
		}
	}
	return nil
}

// Validate checks an organization before it is stored.
func (o *Organization) Validate() error {
	if err := ValidateCode("code", o.Code); err != nil {
		return err
	}
	if err := o.Names.Validate("names", true); err != nil {
		return err
	}
	if err := ValidateExact("founded", o.Founded); err != nil {
		return err
	}
	// A slice, not a map: when several lists are wrong, the error names
	// the first in the form's order, the same one every time.
	for _, list := range []struct {
		field string
		langs []string
	}{{"official_languages", o.OfficialLanguages}, {"working_languages", o.WorkingLanguages},
		{"translation_languages", o.TranslationLanguages}} {
		field, langs := list.field, list.langs
		seen := map[string]bool{}
		for _, l := range langs {
			if err := ValidateLanguageTag(field, l); err != nil {
				return err
			}
			if seen[l] {
				return Invalid(field, "%q is listed twice", l)
			}
			seen[l] = true
		}
	}
	// A translation language is never authentic, so it cannot be an
	// official or working one as well.
	for _, l := range o.TranslationLanguages {
		if slices.Contains(o.OfficialLanguages, l) || slices.Contains(o.WorkingLanguages, l) {
			return Invalid("translation_languages", "%q is an official or working language already", l)
		}
	}
	return nil
}

// MembershipStatus is the standing of a state in an organization.
type MembershipStatus string

const (
	Member   MembershipStatus = "member"
	Observer MembershipStatus = "observer"
	Partner  MembershipStatus = "partner" // "dialogue partner" in the SCO
)

// MembershipStatuses lists every status, in order of standing.
var MembershipStatuses = []MembershipStatus{Member, Observer, Partner}

// Valid reports whether s is a known status.
func (s MembershipStatus) Valid() bool { return slices.Contains(MembershipStatuses, s) }

// Membership is one period of a state's standing in an organization. A state
// that moves from observer to member has two memberships.
type Membership struct {
	ID           int64            `json:"id"`
	Organization string           `json:"organization"`
	State        string           `json:"state"`
	Status       MembershipStatus `json:"status"`
	// From is the first day of the membership; zero when the record does not
	// say (Afghanistan's observer status).
	From Date `json:"from"`
	// Until is the last day of the membership; zero while it lasts.
	Until Date `json:"until"`
}

// Validate checks a membership before it is stored.
func (m *Membership) Validate() error {
	if err := ValidateCode("organization", m.Organization); err != nil {
		return err
	}
	if err := ValidateStateCode("state", m.State); err != nil {
		return err
	}
	if !m.Status.Valid() {
		return Invalid("status", "%q is not a membership status: use member, observer or partner", m.Status)
	}
	if err := cmp.Or(ValidateExact("from", m.From), ValidateExact("until", m.Until)); err != nil {
		return err
	}
	if m.Status == Member && m.From.IsZero() {
		return Invalid("from", "is required for a member")
	}
	if !m.Until.IsZero() && !m.From.IsZero() && m.Until.Before(m.From) {
		return Invalid("until", "%s is before from (%s)", m.Until, m.From)
	}
	return nil
}

// ActiveOn reports whether the membership held on day d. A membership whose
// start is unknown is not counted, because nothing proves it held on d.
func (m *Membership) ActiveOn(d Date) bool {
	if m.From.IsZero() || d.Before(m.From) {
		return false
	}
	return m.Until.IsZero() || !m.Until.Before(d)
}

// MemberState is a membership together with the state that holds it, as
// listed by "who was a member on date D".
type MemberState struct {
	Membership
	Names Text `json:"names"`
}

// Body is an organization's forum that meets in numbered sessions: the SCO's
// Meeting of the Prosecutors General (PGM), the OTS's Council of the
// Prosecutors General (CGP).
type Body struct {
	Organization string `json:"organization"`
	Code         string `json:"code"`
	Names        Text   `json:"names"`
	// ObserversMayAsk lets the delegations of observer states and of
	// guests ask for the floor in its sittings; by default only member
	// states do, as a body's rules of procedure usually say.
	ObserversMayAsk bool `json:"observers_may_ask"`
}

// Validate checks a body before it is stored.
func (b *Body) Validate() error {
	if err := ValidateCode("organization", b.Organization); err != nil {
		return err
	}
	if err := ValidateCode("code", b.Code); err != nil {
		return err
	}
	return b.Names.Validate("names", true)
}

// Organ is a part of an organization that can send a delegation of its own,
// such as the OTS Secretariat.
type Organ struct {
	Organization string `json:"organization"`
	Code         string `json:"code"`
	Names        Text   `json:"names"`
}

// Validate checks an organ before it is stored.
func (o *Organ) Validate() error {
	if err := ValidateCode("organization", o.Organization); err != nil {
		return err
	}
	if err := ValidateCode("code", o.Code); err != nil {
		return err
	}
	return o.Names.Validate("names", true)
}

// MeetingFormat says how a meeting is held.
type MeetingFormat string

const (
	InPerson MeetingFormat = "in_person"
	Video    MeetingFormat = "video"
	Hybrid   MeetingFormat = "hybrid"
)

// MeetingStatus is where a meeting stands.
type MeetingStatus string

const (
	Planned   MeetingStatus = "planned"
	InSession MeetingStatus = "in_session"
	Concluded MeetingStatus = "concluded"
)

// Meeting is one numbered session of a body: "XXII Meeting of the Prosecutors
// General of the SCO Member States".
type Meeting struct {
	ID           int64         `json:"id"`
	Organization string        `json:"organization"`
	Body         string        `json:"body"`
	Number       int           `json:"number"`
	Host         string        `json:"host"`
	City         Text          `json:"city"`
	Venue        Text          `json:"venue"`
	Start        Date          `json:"start"`
	End          Date          `json:"end"`
	Format       MeetingFormat `json:"format"`
	Theme        Text          `json:"theme"`
	Chair        string        `json:"chair"`
	Status       MeetingStatus `json:"status"`
	// Note records what the sources leave uncertain ("day approximate").
	Note string `json:"note,omitempty"`
	// Sequence counts the changes of the meeting's dates, place (host,
	// city, venue) or status, as calendars number an event's revisions;
	// Modified is when it last changed at all, zero when never since it
	// was recorded. Storage keeps both; callers' values are ignored.
	Sequence int       `json:"-"`
	Modified time.Time `json:"-"`
	// Cancelled is set when the secretariat has called the meeting off:
	// it stays on record, and in the calendars as cancelled, because
	// subscribers must be told rather than see the event vanish.
	Cancelled *Cancellation `json:"cancelled,omitempty"`
}

// Cancellation is when and why a meeting was called off. Storage sets At.
type Cancellation struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// MaxCancelReason bounds the reason given for a cancellation, which the
// meeting page shows: a sentence or two, not a document.
const MaxCancelReason = 500

// ValidateCancelReason checks the reason given for calling a meeting off,
// which may be left out: a council does not always say why.
func ValidateCancelReason(reason string) error {
	if utf8.RuneCountInString(reason) > MaxCancelReason {
		return Invalid("reason", "is longer than %d characters", MaxCancelReason)
	}
	return ValidateText("reason", reason)
}

// CanCancel says whether m may be called off: only a planned meeting that
// is not cancelled already, since one in session or concluded took place.
func (m *Meeting) CanCancel() error {
	switch {
	case m.Cancelled != nil:
		return Errorf(ECONFLICT, "meeting %s is cancelled already", m.Numeral())
	case m.Status != Planned:
		return Errorf(ECONFLICT, "meeting %s is in session or concluded: only a planned meeting can be cancelled", m.Numeral())
	}
	return nil
}

// CalendarChange reports whether after differs from m in what a calendar
// subscriber must be told of again: the dates, the place or the status.
func (m *Meeting) CalendarChange(after *Meeting) bool {
	return m.Start != after.Start || m.End != after.End || m.Host != after.Host ||
		!maps.Equal(m.City, after.City) || !maps.Equal(m.Venue, after.Venue) || m.Status != after.Status ||
		(m.Cancelled == nil) != (after.Cancelled == nil)
}

// Numeral is the meeting's number as councils write it: XXII.
func (m *Meeting) Numeral() string { return Roman(m.Number) }

// Validate checks a meeting before it is stored.
func (m *Meeting) Validate() error {
	if err := ValidateCode("organization", m.Organization); err != nil {
		return err
	}
	if err := ValidateCode("body", m.Body); err != nil {
		return err
	}
	if m.Number < 1 || m.Number > 3999 {
		return Invalid("number", "must be between 1 and 3999, got %d", m.Number)
	}
	if err := ValidateStateCode("host", m.Host); err != nil {
		return err
	}
	if m.Chair != "" {
		if err := ValidateStateCode("chair", m.Chair); err != nil {
			return err
		}
	}
	for field, t := range map[string]Text{"city": m.City, "venue": m.Venue, "theme": m.Theme} {
		if err := t.Validate(field, false); err != nil {
			return err
		}
	}
	if err := ValidateSpan("start", m.Start, "end", m.End); err != nil {
		return err
	}
	switch m.Format {
	case InPerson, Video, Hybrid:
	default:
		return Invalid("format", "%q is not a format: use in_person, video or hybrid", m.Format)
	}
	switch m.Status {
	case Planned, Concluded:
		// A planned meeting has what is known of it, and a past one what
		// the records kept: the OTS summit of 2010 has a year only.
	case InSession:
		// A meeting under way knows its days; the signatories and the
		// chair in office are taken on them.
		for _, f := range []struct {
			name string
			d    Date
		}{{"start", m.Start}, {"end", m.End}} {
			if !f.d.Exact() {
				return Invalid(f.name, "%s is not known to the day: a meeting in session needs its days (YYYY-MM-DD)", f.d)
			}
		}
	default:
		return Invalid("status", "%q is not a status: use planned, in_session or concluded", m.Status)
	}
	return nil
}

// MeetingFilter selects meetings. Zero fields select everything.
type MeetingFilter struct {
	Organization string
	Body         string
	// Year selects the meetings that start in that year.
	Year   int
	Host   string
	Status MeetingStatus
}

// AgendaKind is the kind of an agenda item.
type AgendaKind string

const (
	AgendaOpening      AgendaKind = "opening"
	AgendaStatement    AgendaKind = "statement"
	AgendaReport       AgendaKind = "report"
	AgendaVideoMessage AgendaKind = "video_message"
	AgendaAdoption     AgendaKind = "adoption"
	AgendaSigning      AgendaKind = "signing"
	AgendaHandover     AgendaKind = "handover"
	AgendaClosing      AgendaKind = "closing"
	AgendaOther        AgendaKind = "other"
)

// AgendaKinds lists every agenda kind.
var AgendaKinds = []AgendaKind{AgendaOpening, AgendaStatement, AgendaReport, AgendaVideoMessage, AgendaAdoption, AgendaSigning, AgendaHandover, AgendaClosing, AgendaOther}

// AgendaItem is one point of a meeting's agenda.
type AgendaItem struct {
	ID        int64      `json:"id"`
	MeetingID int64      `json:"meeting_id"`
	Position  int        `json:"position"`
	Kind      AgendaKind `json:"kind"`
	Title     Text       `json:"title"`
	// SpeakerID is the person who takes the floor; 0 for none.
	SpeakerID int64   `json:"speaker_id,omitempty"`
	Speaker   *Person `json:"speaker,omitempty"`
}

// Validate checks an agenda item before it is stored.
func (a *AgendaItem) Validate() error {
	if a.MeetingID <= 0 {
		return Invalid("meeting_id", "is required")
	}
	// Position 0 asks for the end of the agenda, which only the store
	// knows under concurrent writers.
	if a.Position < 0 {
		return Invalid("position", "must be 1 or more (or 0 for the end of the agenda), got %d", a.Position)
	}
	if !slices.Contains(AgendaKinds, a.Kind) {
		return Invalid("kind", "%q is not an agenda kind", a.Kind)
	}
	return a.Title.Validate("title", true)
}

// Person is someone who takes part: a Prosecutor General, a head of state
// sending a video message, an officer of a secretariat. Demo data names only
// people the public record names; others are known by title.
type Person struct {
	ID    int64  `json:"id"`
	Name  string `json:"name,omitempty"`
	Title Text   `json:"title"`
	// Names are the name as written in other scripts, by language ("Ван
	// И" in ru, "王毅" in zh): Name is in the script the record came in,
	// and a page in a language without its own form shows Name.
	Names Text `json:"names,omitempty"`
	// Affiliation is the code of the state or organ the person serves.
	Affiliation string `json:"affiliation,omitempty"`
}

// Validate checks a person before it is stored.
func (p *Person) Validate() error {
	if strings.TrimSpace(p.Name) != p.Name {
		return Invalid("name", "must not start or end with white space")
	}
	if p.Name == "" && len(p.Title.Languages()) == 0 {
		return Invalid("title", "give the person's name, or their title when the name is not known")
	}
	if p.Name == "" && len(p.Names.Languages()) > 0 {
		return Invalid("name", "give the name as the record has it before its forms in other scripts")
	}
	if err := p.Names.Validate("names", false); err != nil {
		return err
	}
	return p.Title.Validate("title", false)
}

// NameIn is the person's name as a page in lang writes it: its form in
// that language's script when recorded, else the name as recorded.
func (p *Person) NameIn(lang string) string {
	if n := p.Names[lang]; n != "" {
		return n
	}
	return p.Name
}

// Label is how the person is shown in lang: the name and title, or the
// title alone. Chinese joins them with its full-width comma.
func (p *Person) Label(lang string) string {
	t, name := p.Title.Get(lang), p.NameIn(lang)
	switch {
	case name == "":
		return t
	case t == "":
		return name
	case lang == "zh":
		return name + "，" + t
	default:
		return name + ", " + t
	}
}

// Delegation is the party a state (or an organ, such as the OTS Secretariat)
// sends to a meeting.
type Delegation struct {
	ID        int64 `json:"id"`
	MeetingID int64 `json:"meeting_id"`
	// Exactly one of State and Organ is set.
	State string `json:"state,omitempty"`
	Organ string `json:"organ,omitempty"`
	// PartyNames are the names of the state or organ, filled on read.
	PartyNames Text     `json:"party_names"`
	Head       Person   `json:"head"`
	Members    []Person `json:"members"`
	// Invitation is where the invitation of a delegation registered in
	// bulk stands; empty for one registered by hand.
	Invitation InvitationState `json:"invitation,omitempty"`
}

// Party is the code of the state or organ the delegation represents.
func (d *Delegation) Party() string {
	if d.State != "" {
		return d.State
	}
	return d.Organ
}

// Validate checks a delegation before it is stored.
func (d *Delegation) Validate() error {
	if d.MeetingID <= 0 {
		return Invalid("meeting_id", "is required")
	}
	switch {
	case d.State == "" && d.Organ == "":
		return Invalid("state", "a delegation represents a state or an organ")
	case d.State != "" && d.Organ != "":
		return Invalid("organ", "a delegation represents a state or an organ, not both")
	case d.State != "":
		if err := ValidateStateCode("state", d.State); err != nil {
			return err
		}
	default:
		if err := ValidateCode("organ", d.Organ); err != nil {
			return err
		}
	}
	if err := d.Head.Validate(); err != nil {
		return prefixField("head.", err)
	}
	for i := range d.Members {
		if err := d.Members[i].Validate(); err != nil {
			return prefixField("members["+itoa(i)+"].", err)
		}
	}
	return nil
}

// DocumentKind is the kind of a document.
type DocumentKind string

const (
	DocStatement    DocumentKind = "statement"
	DocReport       DocumentKind = "report"
	DocVideoMessage DocumentKind = "video_message"
	DocProtocol     DocumentKind = "protocol"
	DocDeclaration  DocumentKind = "declaration"
	DocPressRelease DocumentKind = "press_release"
	DocOther        DocumentKind = "other"
)

// DocumentKinds lists every document kind.
var DocumentKinds = []DocumentKind{DocStatement, DocReport, DocVideoMessage, DocProtocol, DocDeclaration, DocPressRelease, DocOther}

// Classification says who may read a document.
type Classification string

const (
	Public       Classification = "public"
	Restricted   Classification = "restricted"
	Confidential Classification = "confidential"
)

// AuthorKind says who wrote a document.
type AuthorKind string

const (
	AuthorDelegation  AuthorKind = "delegation"
	AuthorChair       AuthorKind = "chair"
	AuthorSecretariat AuthorKind = "secretariat"
)

// Document is a statement, report, protocol or other text, in one or more
// language versions, attached to one or more meetings.
type Document struct {
	ID int64 `json:"id"`
	// Reference is the document's symbol, unique in Accord
	// ("SCO/PGM/XXII/PROTOCOL"), as intergovernmental bodies number theirs.
	Reference      string         `json:"reference"`
	Kind           DocumentKind   `json:"kind"`
	Classification Classification `json:"classification"`
	AuthorKind     AuthorKind     `json:"author_kind"`
	// AuthorDelegationID is set when AuthorKind is "delegation".
	AuthorDelegationID int64 `json:"author_delegation_id,omitempty"`
	// AuthorState is the state that wrote the document: the author
	// delegation's, or the one that held the chair of its meeting when it
	// was written; empty for the secretariat and organs. Storage sets it
	// once, at creation, and it never changes after, whoever chairs or
	// whatever meetings the document is linked to later.
	AuthorState string         `json:"author_state,omitempty"`
	Links       []DocumentLink `json:"links"`
	// Recipients are the states, besides the author's, that may read a
	// confidential document.
	Recipients []string          `json:"recipients"`
	Versions   []DocumentVersion `json:"versions"`
	// Attachments are the files the document carries, withdrawn ones too.
	Attachments []Attachment `json:"attachments"`
	CreatedAt   time.Time    `json:"created_at"`
	// WithdrawnAt is when the document was withdrawn, zero while it
	// stands; a withdrawn document keeps its versions and files.
	WithdrawnAt      time.Time `json:"withdrawn_at,omitzero"`
	WithdrawalReason string    `json:"withdrawal_reason,omitempty"`
	// EmbargoUntil, for a press release, is when it is published: until
	// then only the secretariat reads it (see embargo.go). Zero for a
	// document published as it is stored.
	EmbargoUntil time.Time `json:"embargo_until,omitzero"`
}

// Withdrawn reports whether the document was withdrawn.
func (d *Document) Withdrawn() bool { return !d.WithdrawnAt.IsZero() }

// DocumentLink attaches a document to a meeting and, optionally, to one of
// its agenda items.
type DocumentLink struct {
	MeetingID    int64 `json:"meeting_id"`
	AgendaItemID int64 `json:"agenda_item_id,omitempty"`
}

var documentReference = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9./_-]{0,127}$`)

// Validate checks a document and its versions before it is stored.
func (d *Document) Validate() error {
	if err := d.ValidateMetadata(); err != nil {
		return err
	}
	if len(d.Links) == 0 {
		return Invalid("links", "a document belongs to at least one meeting")
	}
	seen := map[int64]bool{}
	for i, l := range d.Links {
		if l.MeetingID <= 0 {
			return Invalid("links["+itoa(i)+"].meeting_id", "is required")
		}
		if seen[l.MeetingID] {
			return Invalid("links["+itoa(i)+"].meeting_id", "meeting %d is linked twice", l.MeetingID)
		}
		seen[l.MeetingID] = true
	}
	langs := map[string]bool{}
	for i := range d.Versions {
		v := &d.Versions[i]
		if err := v.Validate(); err != nil {
			return prefixField("versions["+itoa(i)+"].", err)
		}
		if langs[v.Lang] {
			return Invalid("versions["+itoa(i)+"].lang", "a new document has one version per language; %q is given twice", v.Lang)
		}
		langs[v.Lang] = true
	}
	return nil
}

// ValidateMetadata checks what an edit of a stored document may change:
// everything but its links, versions and attachments, which have their own
// operations.
func (d *Document) ValidateMetadata() error {
	if !documentReference.MatchString(d.Reference) {
		return Invalid("reference", "%q is not a document reference: use letters, digits and . / _ -", d.Reference)
	}
	if !slices.Contains(DocumentKinds, d.Kind) {
		return Invalid("kind", "%q is not a document kind", d.Kind)
	}
	switch d.Classification {
	case Public, Restricted, Confidential:
	default:
		return Invalid("classification", "%q is not a classification: use public, restricted or confidential", d.Classification)
	}
	switch d.AuthorKind {
	case AuthorDelegation:
		if d.AuthorDelegationID <= 0 {
			return Invalid("author_delegation_id", "is required when the author is a delegation")
		}
	case AuthorChair, AuthorSecretariat:
		if d.AuthorDelegationID != 0 {
			return Invalid("author_delegation_id", "is only set when the author is a delegation")
		}
	default:
		return Invalid("author_kind", "%q is not an author: use delegation, chair or secretariat", d.AuthorKind)
	}
	for i, s := range d.Recipients {
		if err := ValidateStateCode("recipients["+itoa(i)+"]", s); err != nil {
			return err
		}
	}
	if len(d.Recipients) > 0 && d.Classification != Confidential {
		return Invalid("recipients", "only a confidential document names recipients")
	}
	return nil
}

// Version returns the latest version in lang, with Text.In's fallbacks, and
// whether it is in the language asked for.
func (d *Document) Version(lang string) (v *DocumentVersion, exact bool) {
	latest := d.LatestVersions()
	texts := Text{}
	for _, v := range latest {
		texts[v.Lang] = v.Lang
	}
	_, l := texts.In(lang)
	for _, v := range latest {
		if v.Lang == l {
			return v, l == lang
		}
	}
	return nil, false
}

// LatestVersions returns the newest revision in each language, sorted by
// language tag.
func (d *Document) LatestVersions() []*DocumentVersion {
	byLang := map[string]*DocumentVersion{}
	for i := range d.Versions {
		v := &d.Versions[i]
		if cur, ok := byLang[v.Lang]; !ok || v.Revision > cur.Revision {
			byLang[v.Lang] = v
		}
	}
	out := make([]*DocumentVersion, 0, len(byLang))
	for _, v := range byLang {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *DocumentVersion) int { return strings.Compare(a.Lang, b.Lang) })
	return out
}

// DocumentVersion is a document's text in one language. Once stored it never
// changes: a revision is a new version with the next revision number.
type DocumentVersion struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Lang       string `json:"lang"`
	// Revision counts from 1 within the document and language.
	Revision  int       `json:"revision"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a version before it is stored.
func (v *DocumentVersion) Validate() error {
	if err := ValidateLanguageTag("lang", v.Lang); err != nil {
		return err
	}
	if strings.TrimSpace(v.Title) == "" {
		return Invalid("title", "is required")
	}
	if strings.TrimSpace(v.Body) == "" {
		return Invalid("body", "is required")
	}
	return nil
}

// CanonicalBytes are the bytes a version's hash covers, and so what a
// signature over that hash attests: the title, a blank line, then the body,
// with every line ending as a single LF and no trailing white space at the
// end. Normalizing line endings keeps the hash stable across the operating
// systems the texts are typed on.
func (v *DocumentVersion) CanonicalBytes() []byte {
	norm := func(s string) string {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		return strings.TrimRight(strings.ReplaceAll(s, "\r", "\n"), " \t\n")
	}
	return []byte(norm(v.Title) + "\n\n" + norm(v.Body) + "\n")
}

// ComputeSHA256 returns the hex SHA-256 of the version's canonical bytes.
func (v *DocumentVersion) ComputeSHA256() string {
	sum := sha256.Sum256(v.CanonicalBytes())
	return hex.EncodeToString(sum[:])
}

// DocumentFilter selects documents. Classifications, when set, limits the
// result to those classifications; callers pass what the reader may see.
type DocumentFilter struct {
	MeetingID       int64
	Classifications []Classification
	// Organization keeps the documents linked to a meeting of it; Kind
	// those of a kind; Lang those with a version in that language.
	Organization string
	Kind         DocumentKind
	Lang         string
	// Withdrawn documents are left out unless asked for.
	IncludeWithdrawn bool
	// Limit, when above 0, keeps only the newest Limit documents after
	// skipping the Offset newest, so that a caller that must still judge
	// each one (who may read it) can read the archive page by page.
	Limit, Offset int
	// Readers, for ListDocumentSummaries, is the reader class whose
	// readable documents are kept; nil keeps every document, for callers
	// that show the list to nobody.
	Readers *DocumentReaders
	// Query keeps the documents whose reference or latest title contains
	// it, ignoring case; OldestFirst orders by id ascending.
	Query       string
	OldestFirst bool
}

// ChairBasis says why a state holds the chair.
type ChairBasis string

const (
	ByRule     ChairBasis = "rule"
	ByDecision ChairBasis = "decision"
)

// ChairTerm is one state's tenure of a body's chairmanship.
type ChairTerm struct {
	ID           int64  `json:"id"`
	Organization string `json:"organization"`
	Body         string `json:"body"`
	State        string `json:"state"`
	// FromMeetingID is the meeting at which the chair was handed over, when
	// known; From is the first day of the term. Until is the day it was
	// handed on, zero while the term lasts. A handover day belongs to both
	// terms: the outgoing chair presides, and hands over at the end.
	// Two terms of a body overlap when they share more than such a day.
	FromMeetingID int64      `json:"from_meeting_id,omitempty"`
	From          Date       `json:"from"`
	Until         Date       `json:"until"`
	Basis         ChairBasis `json:"basis"`
	Note          string     `json:"note,omitempty"`
	// SourceDocumentID is the document that records a decision, if any.
	SourceDocumentID int64 `json:"source_document_id,omitempty"`
}

// ChairNoteStartUnknown is the note of a term known only from the meeting
// its chair held: pages say it in the reader's language, where other notes
// are the record's own words.
const ChairNoteStartUnknown = "start of the term not recorded"

// Validate checks a term before it is stored.
func (c *ChairTerm) Validate() error {
	if err := ValidateCode("organization", c.Organization); err != nil {
		return err
	}
	if err := ValidateCode("body", c.Body); err != nil {
		return err
	}
	if err := ValidateStateCode("state", c.State); err != nil {
		return err
	}
	if c.From.IsZero() {
		return Invalid("from", "is required")
	}
	if err := cmp.Or(ValidateExact("from", c.From), ValidateExact("until", c.Until)); err != nil {
		return err
	}
	if !c.Until.IsZero() && c.Until.Before(c.From) {
		return Invalid("until", "%s is before from (%s)", c.Until, c.From)
	}
	switch c.Basis {
	case ByRule:
	case ByDecision:
		if strings.TrimSpace(c.Note) == "" {
			return Invalid("note", "a chairmanship by decision records the decision's reason")
		}
	default:
		return Invalid("basis", "%q is not a basis: use rule or decision", c.Basis)
	}
	return nil
}

// Overlaps reports whether two terms share more than a handover day.
func (c *ChairTerm) Overlaps(o *ChairTerm) bool {
	endsAfter := func(t *ChairTerm, d Date) bool { return t.Until.IsZero() || d.Before(t.Until) }
	return endsAfter(o, c.From) && endsAfter(c, o.From)
}

// HoldsOn reports whether the term covers day d.
func (c *ChairTerm) HoldsOn(d Date) bool {
	return !d.Before(c.From) && (c.Until.IsZero() || !c.Until.Before(d))
}

func prefixField(prefix string, err error) error {
	if e, ok := err.(*Error); ok {
		c := *e
		c.Field = prefix + c.Field
		return &c
	}
	return err
}

func itoa(n int) string { return strconv.Itoa(n) }
