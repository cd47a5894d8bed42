// Package demo loads the demonstration data: the SCO and the OTS with their
// memberships, bodies and historical meetings from organizations.json (facts
// read from public sources), and the two meetings held in Bishkek on 25 July
// 2024 in full, as the Kabar report describes them.
//
// Loading is idempotent: what exists already is left alone, so running
// `accord demo` twice adds nothing twice.
package demo

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/accord-org/accord"
)

//go:embed organizations.json
var organizationsJSON []byte

//go:embed kabar-2024-07-25.txt
var kabarReport string

// Report counts what a load created and what it found already there.
type Report struct {
	Created  int
	Existing int
}

// String does not count what was there already: some records (an agenda
// and its speakers) are found as a whole, so that count would not match
// the first load's and would read as data gone missing.
func (r Report) String() string {
	switch {
	case r.Created == 0:
		return "already loaded, nothing added"
	case r.Existing == 0:
		return fmt.Sprintf("%d records created", r.Created)
	default:
		return fmt.Sprintf("%d records created, the others were there already", r.Created)
	}
}

type source struct {
	States []struct {
		Code  string            `json:"code"`
		Names map[string]string `json:"names"`
	} `json:"states"`
	Organizations []struct {
		Code          string            `json:"code"`
		Names         map[string]string `json:"names"`
		Founded       string            `json:"founded"`
		OfficialLangs []string          `json:"official_languages"`
		WorkingLangs  []string          `json:"working_languages"`
		Translations  []string          `json:"translation_languages"`
		Memberships   []sourceMember    `json:"memberships"`
		Bodies        []sourceBody      `json:"bodies"`
	} `json:"organizations"`
}

type sourceMember struct {
	State  string  `json:"state"`
	Status string  `json:"status"`
	Since  *string `json:"since"`
}

type sourceBody struct {
	Code     string            `json:"code"`
	Names    map[string]string `json:"names"`
	Meetings []sourceMeeting   `json:"meetings"`
}

type sourceMeeting struct {
	Number int               `json:"number"`
	Date   string            `json:"date"`
	City   *string           `json:"city"`
	Venue  string            `json:"venue"`
	Format string            `json:"format"`
	Host   string            `json:"host"`
	Chair  string            `json:"chair"`
	Theme  map[string]string `json:"theme"`
	Note   string            `json:"note"`
}

// loader carries the store and the running report through one load.
type loader struct {
	store  accord.Store
	today  accord.Date
	opts   options
	report Report
}

// Load puts the demo data into store. today decides which meetings are past
// (concluded) and which are still planned. With WithClock, the Bishkek
// documents are published on their real dates.
func Load(ctx context.Context, store accord.Store, today accord.Date, opts ...Option) (Report, error) {
	var src source
	if err := json.Unmarshal(organizationsJSON, &src); err != nil {
		return Report{}, fmt.Errorf("demo: read organizations.json: %w", err)
	}
	l := &loader{store: store, today: today, opts: newOptions(opts)}
	if err := l.load(ctx, &src); err != nil {
		return l.report, fmt.Errorf("demo: %w", err)
	}
	return l.report, nil
}

// keep counts a create's outcome, treating "already exists" as success: that
// is what makes a second load a no-op.
func (l *loader) keep(err error) error {
	switch accord.ErrorCode(err) {
	case "":
		l.report.Created++
		return nil
	case accord.ECONFLICT:
		l.report.Existing++
		return nil
	default:
		return err
	}
}

func (l *loader) load(ctx context.Context, src *source) error {
	for _, s := range src.States {
		st := &accord.State{Code: s.Code, Names: withExtra(languageNames(s.Names), extraStateNames[s.Code]), TimeZone: timeZones[s.Code]}
		if err := l.keep(l.store.CreateState(ctx, st)); err != nil {
			return fmt.Errorf("state %s: %w", s.Code, err)
		}
	}
	for _, o := range src.Organizations {
		founded, err := accord.ParseDate(o.Founded)
		if err != nil {
			return fmt.Errorf("organization %s: founded: %w", o.Code, err)
		}
		names := languageNames(o.Names)
		if clean, ok := organizationNames[o.Code]; ok {
			names = clean
		}
		org := &accord.Organization{Code: o.Code, Names: names, Founded: founded, OfficialLanguages: o.OfficialLangs, WorkingLanguages: o.WorkingLangs,
			TranslationLanguages: o.Translations}
		if err := l.keep(l.store.CreateOrganization(ctx, org)); err != nil {
			return fmt.Errorf("organization %s: %w", o.Code, err)
		}
		for _, m := range o.Memberships {
			ms := &accord.Membership{Organization: o.Code, State: m.State, Status: accord.MembershipStatus(m.Status)}
			if m.Since != nil {
				if ms.From, err = accord.ParseDate(*m.Since); err != nil {
					return fmt.Errorf("membership %s in %s: %w", m.State, o.Code, err)
				}
			}
			if err := l.keep(l.store.AddMembership(ctx, ms)); err != nil {
				return fmt.Errorf("membership %s in %s: %w", m.State, o.Code, err)
			}
		}
		for _, organ := range organs[o.Code] {
			if err := l.keep(l.store.CreateOrgan(ctx, &organ)); err != nil {
				return fmt.Errorf("organ %s: %w", organ.Code, err)
			}
		}
		for _, b := range o.Bodies {
			if err := l.loadBody(ctx, o.Code, b); err != nil {
				return fmt.Errorf("body %s %s: %w", o.Code, b.Code, err)
			}
		}
	}
	if err := l.loadBishkek(ctx); err != nil {
		return fmt.Errorf("Bishkek meetings: %w", err)
	}
	return nil
}

func (l *loader) loadBody(ctx context.Context, org string, b sourceBody) error {
	body := &accord.Body{Organization: org, Code: b.Code, Names: withExtra(languageNames(b.Names), extraBodyNames[org+"/"+b.Code])}
	if err := l.keep(l.store.CreateBody(ctx, body)); err != nil {
		return err
	}
	var meetings []*accord.Meeting
	for _, sm := range b.Meetings {
		m, err := l.meeting(org, b.Code, sm)
		if err != nil {
			return fmt.Errorf("meeting %d: %w", sm.Number, err)
		}
		if m, err = l.ensureMeeting(ctx, m); err != nil {
			return fmt.Errorf("meeting %d: %w", sm.Number, err)
		}
		meetings = append(meetings, m)
	}
	if err := l.loadRule(ctx, org, b.Code); err != nil {
		return fmt.Errorf("rotation rule: %w", err)
	}
	return l.loadChairs(ctx, org, b.Code, meetings)
}

func (l *loader) meeting(org, body string, sm sourceMeeting) (*accord.Meeting, error) {
	date, err := accord.ParseDate(sm.Date)
	if err != nil {
		return nil, err
	}
	m := &accord.Meeting{
		Organization: org, Body: body, Number: sm.Number, Host: sm.Host,
		Start: date, End: date, Format: accord.InPerson, Status: accord.Concluded,
		Theme: withExtra(languageNames(sm.Theme), extraThemes[fmt.Sprintf("%s/%s/%d", org, body, sm.Number)]),
		// The host chairs the meeting it hosts in both organizations.
		Chair: cmp.Or(sm.Chair, sm.Host),
		Note:  sm.Note,
	}
	if sm.City != nil {
		m.City = withExtra(accord.Text{"en": *sm.City}, cityNames[*sm.City])
	}
	if sm.Venue != "" {
		m.Venue = withExtra(accord.Text{"en": sm.Venue}, venueNames[sm.Venue])
	}
	if sm.Format == "videoconference" {
		m.Format = accord.Video
	}
	if !date.Before(l.today) {
		m.Status = accord.Planned
	}
	return m, nil
}

// ensureMeeting creates m, or returns the stored meeting of that number.
func (l *loader) ensureMeeting(ctx context.Context, m *accord.Meeting) (*accord.Meeting, error) {
	if err := l.keep(l.store.CreateMeeting(ctx, m)); err != nil {
		return nil, err
	}
	if m.ID != 0 {
		return m, nil
	}
	return l.store.FindMeeting(ctx, m.Organization, m.Body, m.Number)
}

// loadChairs records the chairmanship that the meetings show: the chair of
// meeting N held the chair from the handover at meeting N-1. Where meeting
// N-1 is not in the record, the term is recorded from meeting N itself, so
// that a gap stays visible instead of being filled by a guess.
func (l *loader) loadChairs(ctx context.Context, org, body string, meetings []*accord.Meeting) error {
	for i, m := range meetings {
		if m.Status != accord.Concluded {
			continue
		}
		term := &accord.ChairTerm{Organization: org, Body: body, State: m.Chair, From: m.Start, Until: m.End, Basis: accord.ByRule}
		// The chair of the last meeting holds it until a handover is
		// recorded: its term stays open when the record names no successor.
		if i == len(meetings)-1 || meetings[i+1].Status != accord.Concluded {
			if _, named := nextChairs[org+"/"+body]; !named {
				term.Until = accord.Date{}
			}
		}
		if i > 0 && meetings[i-1].Number == m.Number-1 {
			term.From, term.FromMeetingID = meetings[i-1].End, meetings[i-1].ID
		} else {
			term.Note = accord.ChairNoteStartUnknown
		}
		if org == "OTS" {
			term.Basis, term.Note = accord.ByDecision, "the chair passes to the host of the summit"
		}
		if err := l.keep(l.store.AddChairTerm(ctx, term)); err != nil {
			return fmt.Errorf("chair term of %s from %s: %w", term.State, term.From, err)
		}
	}
	// The chair handed over at the last concluded meeting, if the record
	// names its successor.
	if len(meetings) == 0 {
		return nil
	}
	last := meetings[len(meetings)-1]
	if next, ok := nextChairs[org+"/"+body]; ok && last.Status == accord.Concluded {
		term := &accord.ChairTerm{Organization: org, Body: body, State: next, From: last.End, FromMeetingID: last.ID, Basis: accord.ByRule}
		if err := l.keep(l.store.AddChairTerm(ctx, term)); err != nil {
			return fmt.Errorf("chair term of %s from %s: %w", next, last.End, err)
		}
	}
	return nil
}

// languageNames keeps the entries of a source names map that are language
// tags; the source also holds official long forms ("ru_official") and
// markers such as "unverified", which are not names.
func languageNames(in map[string]string) accord.Text {
	out := accord.Text{}
	for k, v := range in {
		if accord.ValidateLanguageTag("", k) == nil && v != "unverified" {
			out[k] = v
		}
	}
	return out
}

func withExtra(t accord.Text, extra accord.Text) accord.Text {
	for k, v := range extra {
		if _, ok := t[k]; !ok {
			t[k] = v
		}
	}
	return t
}

// paragraphs joins lines into a body text.
func paragraphs(lines ...string) string { return strings.Join(lines, "\n\n") }
