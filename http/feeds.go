package http

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/atom"
	"github.com/accord-org/accord/i18n"
	"github.com/accord-org/accord/ical"
)

// The public's feeds: iCalendar files of meetings and Atom feeds of
// documents and meetings, one per interface language. The handlers read
// through the store and the policy and hand the records to packages ical
// and atom, which hold the formats' rules.

const (
	mediaCalendar = "text/calendar; charset=utf-8"
	mediaAtom     = "application/atom+xml; charset=utf-8"
	// maxFeedEntries bounds an Atom feed: readers poll it for news, and
	// the archive is in the lists.
	maxFeedEntries = 100
)

func (s *Server) feedRoutes() []Route {
	const (
		org     = "/organizations/{org}"
		body    = org + "/bodies/{body}"
		meeting = body + "/meetings/{number}"
	)
	return []Route{
		{Method: "GET", Pattern: "/calendar.ics", Name: "calendar", handler: s.calendar},
		{Method: "GET", Pattern: org + "/calendar.ics", Name: "org_calendar", handler: s.calendar},
		{Method: "GET", Pattern: body + "/calendar.ics", Name: "body_calendar", handler: s.calendar},
		{Method: "GET", Pattern: meeting + "/event.ics", Name: "meeting_event", handler: s.meetingEvent},
		{Method: "GET", Pattern: org + "/press/atom/{lang}", Name: "press_feed", handler: s.pressFeed},
		{Method: "GET", Pattern: body + "/atom/{lang}", Name: "body_feed", handler: s.bodyFeed},
		{Method: "GET", Pattern: meeting + "/atom/{lang}", Name: "meeting_feed", handler: s.meetingFeed},
	}
}

// calendarLang is the language a calendar is written in: ?lang=, which must
// be one of the interface's when given, else the reader's.
func calendarLang(r *http.Request) (string, error) {
	if l := r.URL.Query().Get("lang"); l != "" && !i18n.IsInterfaceLanguage(l) {
		return "", accord.Invalid("lang", "%q is not a language of the feeds: use en, ru or zh", l)
	}
	return i18n.RequestLanguage(r), nil
}

// feedLang is the {lang} of an Atom feed's path; an unknown one is a feed
// that does not exist.
func feedLang(r *http.Request) (string, error) {
	l := r.PathValue("lang")
	if !i18n.IsInterfaceLanguage(l) {
		return "", accord.NotFound("feed language", l)
	}
	return l, nil
}

// calendar serves the meetings of every organization, of one, or of one
// body, as the path says. Meetings known only to the month or the year are
// left out: a calendar cannot hold them without inventing days.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang, err := calendarLang(r)
	if err != nil {
		return err
	}
	f := accord.MeetingFilter{Organization: r.PathValue("org"), Body: r.PathValue("body")}
	name := "Accord"
	if f.Body != "" {
		_, b, err := s.findBody(r)
		if err != nil {
			return err
		}
		name = f.Organization + " · " + b.Names.Get(lang)
	} else if f.Organization != "" {
		o, err := s.store.FindOrganization(ctx, f.Organization)
		if err != nil {
			return err
		}
		name = o.Names.Get(lang)
	}
	ms, err := s.store.ListMeetings(ctx, f)
	if err != nil {
		return err
	}
	cal, err := s.calendarOf(r, lang, name, ms)
	if err != nil {
		return err
	}
	return s.writeCalendar(w, r, cal, "calendar.ics")
}

func (s *Server) meetingEvent(w http.ResponseWriter, r *http.Request) error {
	lang, err := calendarLang(r)
	if err != nil {
		return err
	}
	number, err := parseMeetingNumber(r.PathValue("number"))
	if err != nil {
		return err
	}
	if _, _, err := s.findBody(r); err != nil {
		return err
	}
	m, err := s.store.FindMeeting(r.Context(), r.PathValue("org"), r.PathValue("body"), number)
	if err != nil {
		return err
	}
	if !m.Start.Exact() || !m.End.Exact() {
		return accord.Errorf(accord.ENOTFOUND, "meeting %s is known only to the month or the year, so it has no calendar event", m.Numeral())
	}
	cal, err := s.calendarOf(r, lang, "", []*accord.Meeting{m})
	if err != nil {
		return err
	}
	return s.writeCalendar(w, r, cal, fmt.Sprintf("%s-%s-%d.ics", m.Organization, m.Body, m.Number))
}

func (s *Server) calendarOf(r *http.Request, lang, name string, ms []*accord.Meeting) (ical.Calendar, error) {
	ctx := r.Context()
	cal := ical.Calendar{ProdID: "-//Accord//Accord calendar//EN", Name: name}
	bodies := map[string]*accord.Body{}
	states := map[string]*accord.State{}
	for _, m := range ms {
		if !m.Start.Exact() || !m.End.Exact() {
			continue
		}
		if !may(r, accord.ActRead, accord.Resource{Kind: accord.KindMeeting, Organizations: []string{m.Organization}, Body: m.Body}) {
			continue
		}
		key := m.Organization + "/" + m.Body
		if bodies[key] == nil {
			b, err := s.store.FindBody(ctx, m.Organization, m.Body)
			if err != nil {
				return cal, err
			}
			bodies[key] = b
		}
		if states[m.Host] == nil {
			st, err := s.store.FindState(ctx, m.Host)
			if err != nil {
				return cal, err
			}
			states[m.Host] = st
		}
		cal.Events = append(cal.Events, meetingEvent(s.absoluteURL(r, meetingPath(m)), lang, bodies[key], states[m.Host], m))
	}
	return cal, nil
}

// meetingEvent is the calendar's view of m: its times in the host state's
// zone (its capital's, which is the host city's for every council Accord
// knows; a state without one gets all-day dates).
func meetingEvent(url, lang string, b *accord.Body, host *accord.State, m *accord.Meeting) ical.Event {
	e := ical.Event{
		UID:      atom.URN(fmt.Sprintf("meeting/%d", m.ID)),
		Sequence: m.Sequence, Status: calendarStatus(m),
		Summary: i18n.MeetingName(lang, b, m.Number), Lang: lang, URL: url,
		Start: m.Start.Time(), End: m.End.Time(), LastModified: m.Modified,
	}
	var place []string
	for _, t := range []accord.Text{m.Venue, m.City, host.Names} {
		if v := t.Get(lang); v != "" {
			place = append(place, v)
		}
	}
	e.Location = strings.Join(place, ", ")
	e.Description = m.Theme.Get(lang)
	if m.Cancelled != nil {
		// STATUS says it to calendars; the summary says it to the many
		// that show subscribed events without their status.
		e.Summary = i18n.T(lang, "Cancelled:") + " " + e.Summary
		if r := m.Cancelled.Reason; r != "" {
			e.Description = strings.TrimSpace(r + "\n" + e.Description)
		}
	}
	if host.TimeZone != "" {
		if loc, err := time.LoadLocation(host.TimeZone); err == nil {
			e.Zone = loc
		}
	}
	return e
}

// calendarStatus: a cancelled meeting stays in the calendar as cancelled,
// so that subscribers' copies are marked rather than left standing; a
// planned meeting whose record notes an uncertainty is tentative; the rest
// are confirmed.
func calendarStatus(m *accord.Meeting) ical.Status {
	if m.Cancelled != nil {
		return ical.Cancelled
	}
	if m.Status == accord.Planned && m.Note != "" {
		return ical.Tentative
	}
	return ical.Confirmed
}

func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, cal ical.Calendar, filename string) error {
	var b bytes.Buffer
	if err := ical.Encode(&b, cal); err != nil {
		return accord.Wrap("encode calendar", err)
	}
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	return s.writePublic(w, r, mediaCalendar, b.Bytes())
}

// writePublic writes a body the public may cache: with its ETag, and 304
// to a request that names it. A signed-in reader's answer stays no-store,
// since it can hold what only they may read.
func (s *Server) writePublic(w http.ResponseWriter, r *http.Request, media string, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", media)
	if actor(r).User == nil && currentSession(r) == nil {
		etag := etagOf(body)
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	_, err := w.Write(body)
	return err
}

// etagMatches reads If-None-Match as RFC 9110 §13.1.2 does: a list of
// tags, weak ones compared weakly, or *.
func etagMatches(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

func (s *Server) pressFeed(w http.ResponseWriter, r *http.Request) error {
	lang, err := feedLang(r)
	if err != nil {
		return err
	}
	o, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return err
	}
	docs, err := s.readableDocuments(r, accord.DocumentFilter{Organization: o.Code, Kind: accord.DocPressRelease, Limit: maxFeedEntries})
	if err != nil {
		return err
	}
	f := s.feedOf(r, lang, "press/"+o.Code, o.Names.Get(lang)+" · "+i18n.T(lang, "Press releases"), orgPath(o.Code)+"/press", o.Names.Get(lang))
	f.Entries = documentEntries(s.absoluteURL(r, ""), lang, docs)
	return s.writeFeed(w, r, f)
}

func (s *Server) bodyFeed(w http.ResponseWriter, r *http.Request) error {
	lang, err := feedLang(r)
	if err != nil {
		return err
	}
	o, b, err := s.findBody(r)
	if err != nil {
		return err
	}
	ms, err := s.store.ListMeetings(r.Context(), accord.MeetingFilter{Organization: o.Code, Body: b.Code})
	if err != nil {
		return err
	}
	docs, err := s.readableDocuments(r, accord.DocumentFilter{Organization: o.Code, Limit: maxFeedEntries})
	if err != nil {
		return err
	}
	ofBody := map[int64]bool{}
	for _, m := range ms {
		ofBody[m.ID] = true
	}
	docs = slices.DeleteFunc(docs, func(d *accord.DocumentSummary) bool {
		return !slices.ContainsFunc(d.Links, func(l accord.DocumentLink) bool { return ofBody[l.MeetingID] })
	})
	f := s.feedOf(r, lang, "body/"+o.Code+"/"+b.Code, b.Names.Get(lang), bodyPath(o.Code, b.Code), o.Names.Get(lang))
	base := s.absoluteURL(r, "")
	slices.Reverse(ms) // newest first
	for _, m := range ms[:min(len(ms), maxFeedEntries)] {
		f.Entries = append(f.Entries, meetingEntry(base, lang, b, m))
	}
	f.Entries = append(f.Entries, documentEntries(base, lang, docs)...)
	return s.writeFeed(w, r, f)
}

func (s *Server) meetingFeed(w http.ResponseWriter, r *http.Request) error {
	lang, err := feedLang(r)
	if err != nil {
		return err
	}
	number, err := parseMeetingNumber(r.PathValue("number"))
	if err != nil {
		return err
	}
	o, b, err := s.findBody(r)
	if err != nil {
		return err
	}
	m, err := s.store.FindMeeting(r.Context(), o.Code, b.Code, number)
	if err != nil {
		return err
	}
	docs, err := s.readableDocuments(r, accord.DocumentFilter{MeetingID: m.ID, Limit: maxFeedEntries})
	if err != nil {
		return err
	}
	f := s.feedOf(r, lang, fmt.Sprintf("meeting/%d", m.ID), i18n.MeetingName(lang, b, m.Number), meetingPath(m), o.Names.Get(lang))
	f.Entries = documentEntries(s.absoluteURL(r, ""), lang, docs)
	return s.writeFeed(w, r, f)
}

// readableDocuments are the documents of f that the reader may read, by
// the policy's reading rule as the database applies it.
func (s *Server) readableDocuments(r *http.Request, f accord.DocumentFilter) ([]*accord.DocumentSummary, error) {
	readers := accord.ReadersOf(actor(r))
	f.Readers = &readers
	return s.store.ListDocumentSummaries(r.Context(), f)
}

func (s *Server) feedOf(r *http.Request, lang, key, title, page, author string) atom.Feed {
	return atom.Feed{
		Lang: lang, ID: atom.URN("feed/" + key + "/" + lang), Title: atom.Text{Lang: lang, Value: title},
		Authors: []atom.Person{{Name: author}},
		Links: []atom.Link{
			{Rel: "self", Type: "application/atom+xml", Href: s.absoluteURL(r, r.URL.Path)},
			{Rel: "alternate", Type: "text/html", Href: s.absoluteURL(r, page+"?lang="+lang)},
		},
	}
}

func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, f atom.Feed) error {
	var b bytes.Buffer
	// A feed with no entries is as old as the organizations it covers.
	if err := atom.Encode(&b, f, time.Date(2001, 6, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		return accord.Wrap("encode feed", err)
	}
	return s.writePublic(w, r, mediaAtom, b.Bytes())
}

// documentEntries are documents as entries: the title in the feed's
// language, else the fallback, labelled with its own; published is when
// the document became public (a press release's embargo's end, else when
// it was stored), and updated that or its withdrawal, the changes an entry
// shows. A release written on Monday under embargo until Wednesday is
// news on Wednesday: its writing time would file it among Monday's
// entries, below what readers have already seen.
func documentEntries(base, lang string, docs []*accord.DocumentSummary) []atom.Entry {
	out := make([]atom.Entry, 0, len(docs))
	for _, d := range docs {
		titles := accord.Text{}
		for _, t := range d.Titles {
			titles[t.Lang] = t.Title
		}
		title, tl := titles.In(lang)
		published := d.Published()
		updated := published
		if d.Withdrawn() {
			updated = d.WithdrawnAt
			title = i18n.T(lang, "Withdrawn:") + " " + title
		}
		out = append(out, atom.Entry{
			ID: atom.URN(fmt.Sprintf("document/%d", d.ID)), Title: atom.Text{Lang: cmp.Or(tl, lang), Value: cmp.Or(title, d.Reference)},
			Updated: atom.Time(updated), Published: atom.Time(published),
			Links:      []atom.Link{{Rel: "alternate", Type: "text/html", Href: fmt.Sprintf("%s/documents/%d?lang=%s", base, d.ID, lang)}},
			Categories: []atom.Category{{Term: string(d.Kind), Label: i18n.Enum(lang, d.Kind)}},
			Summary:    &atom.Text{Lang: lang, Value: d.Reference},
		})
	}
	return out
}

func meetingEntry(base, lang string, b *accord.Body, m *accord.Meeting) atom.Entry {
	summary := i18n.FormatDateRange(lang, m.Start, m.End)
	if c := m.City.Get(lang); c != "" {
		summary = c + i18n.ListSep(lang) + summary
	}
	updated := m.Modified
	if updated.IsZero() {
		updated = m.Start.Time()
	}
	title := i18n.MeetingName(lang, b, m.Number)
	// A body without a name in lang is named in its fallback (OTS's
	// council has no Chinese name in the demo), and the title says so.
	_, titleLang := b.Names.In(lang)
	if m.Cancelled != nil {
		// The entry is updated, not removed: a reader's feed shows the
		// change under the same id.
		title = i18n.T(lang, "Cancelled:") + " " + title
		if r := m.Cancelled.Reason; r != "" {
			summary += i18n.ListSep(lang) + r
		}
	}
	return atom.Entry{
		ID: atom.URN(fmt.Sprintf("meeting/%d", m.ID)), Title: atom.Text{Lang: cmp.Or(titleLang, lang), Value: title},
		Updated: atom.Time(updated),
		Links:   []atom.Link{{Rel: "alternate", Type: "text/html", Href: base + meetingPath(m) + "?lang=" + lang}},
		Summary: &atom.Text{Lang: lang, Value: summary},
	}
}
