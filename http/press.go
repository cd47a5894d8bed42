package http

import (
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// The press room: an organization's press releases, newest first, and the
// public statements and outcome documents of each meeting, with the feeds
// and calendars an agency subscribes to. What it lists is what the reader
// may read, by the policy's reading rule as the database applies it.

func (s *Server) pressRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/organizations/{org}/press", Name: "press", Public: true, Template: "press.html", view: s.pressView},
	}
}

// pressKinds are the documents of a meeting the press room lists besides
// its releases: what was said in public and what the meeting adopted.
var pressKinds = []accord.DocumentKind{accord.DocStatement, accord.DocVideoMessage, accord.DocProtocol, accord.DocDeclaration}

// maxPressDocuments bounds what the page reads of the archive.
const maxPressDocuments = 200

type pressView struct {
	Organization *accord.Organization `json:"organization"`
	Releases     []pressRelease       `json:"releases"`
	Meetings     []pressMeeting       `json:"meetings"`
	// Feeds and Calendars are the page's subscriptions, for its links.
	Feeds     []feedLink    `json:"feeds"`
	Calendars calendarLinks `json:"calendar"`
}

type pressRelease struct {
	documentSummary
	Published accord.Date `json:"published"`
	// EmbargoUntil is set, for the secretariat, on a release it has
	// scheduled and no one else sees yet.
	EmbargoUntil time.Time         `json:"embargo_until,omitzero"`
	Meetings     []pressMeetingRef `json:"meetings"`
	// Photos and Files are the release's standing attachments: its
	// photos, which the room shows the first of, and its other files.
	Photos []accord.Attachment `json:"photos"`
	Files  []accord.Attachment `json:"files"`
}

// Photo is the release's first photo, for the room's list, described in
// lang or the nearest language.
func (r pressRelease) Photo(lang string) *photoOf {
	if len(r.Photos) == 0 {
		return nil
	}
	alt, altLang := r.Photos[0].Alt.In(lang)
	return &photoOf{Attachment: &r.Photos[0], URL: attachmentPath(&r.Photos[0]), Alt: alt, AltLang: altLang}
}

// pressMeetingRef is a meeting with its name in the reader's language.
type pressMeetingRef struct {
	meetingRef
	Name string `json:"name"`
}

type pressMeeting struct {
	Meeting   pressMeetingRef   `json:"meeting"`
	Documents []documentSummary `json:"documents"`
}

// feedLink is one Atom feed, in one language.
type feedLink struct {
	Lang string `json:"lang"`
	Href string `json:"href"`
}

// calendarLinks are a calendar's https address and its webcal:// twin,
// which calendar programs open as a subscription. Webcal is a
// template.URL because html/template lets only http, https and mailto
// through and wrote "#ZgotmplZ" in its place; it is this server's own
// address with the scheme swapped, never a reader's text.
type calendarLinks struct {
	HTTPS  string       `json:"https"`
	Webcal template.URL `json:"webcal"`
}

func (v pressView) title(lang string) string {
	return i18n.T(lang, "Press room") + " · " + v.Organization.Names.Get(lang)
}
func (v pressView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: i18n.T(lang, "Organizations"), Href: "/organizations"}, {Label: v.Organization.Names.Get(lang), Href: orgPath(v.Organization.Code)}}
}

func (s *Server) pressView(r *http.Request) (view, error) {
	ctx := r.Context()
	o, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	ms, err := s.store.ListMeetings(ctx, accord.MeetingFilter{Organization: o.Code})
	if err != nil {
		return nil, err
	}
	bodies, err := s.store.ListBodies(ctx, o.Code)
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	byCode := map[string]*accord.Body{}
	for _, b := range bodies {
		byCode[b.Code] = b
	}
	byID := map[int64]pressMeetingRef{}
	for _, m := range ms {
		if b := byCode[m.Body]; b != nil {
			byID[m.ID] = pressMeetingRef{meetingRef{Meeting: m, Path: meetingPath(m), Names: b.Names}, i18n.MeetingName(lang, b, m.Number)}
		}
	}
	docs, err := s.readableDocuments(r, accord.DocumentFilter{Organization: o.Code, Limit: maxPressDocuments})
	if err != nil {
		return nil, err
	}
	v := pressView{Organization: o, Releases: []pressRelease{}, Meetings: []pressMeeting{}, Calendars: s.calendarLinks(r, orgPath(o.Code)+"/calendar.ics")}
	for _, l := range i18n.Languages {
		v.Feeds = append(v.Feeds, feedLink{Lang: l, Href: orgPath(o.Code) + "/press/atom/" + l})
	}
	perMeeting := map[int64][]documentSummary{}
	for _, d := range docs { // newest first
		switch {
		case d.Kind == accord.DocPressRelease:
			rel := pressRelease{documentSummary: summaryOf(d), Published: accord.DateOf(d.Published()), Meetings: []pressMeetingRef{},
				Photos: []accord.Attachment{}, Files: []accord.Attachment{}}
			if !d.EmbargoUntil.IsZero() && actor(r).At.Before(d.EmbargoUntil) {
				rel.EmbargoUntil = d.EmbargoUntil
			}
			for _, l := range d.Links {
				if m, ok := byID[l.MeetingID]; ok {
					rel.Meetings = append(rel.Meetings, m)
				}
			}
			v.Releases = append(v.Releases, rel)
		case slices.Contains(pressKinds, d.Kind) && !d.Withdrawn():
			for _, l := range d.Links {
				if _, ok := byID[l.MeetingID]; ok {
					perMeeting[l.MeetingID] = append(perMeeting[l.MeetingID], summaryOf(d))
				}
			}
		}
	}
	if err := s.releaseFiles(r, v.Releases); err != nil {
		return nil, err
	}
	for _, m := range slices.Backward(ms) { // the latest meeting first
		if ds := perMeeting[m.ID]; len(ds) > 0 {
			slices.Reverse(ds) // in the order they were stored
			v.Meetings = append(v.Meetings, pressMeeting{Meeting: byID[m.ID], Documents: ds})
		}
	}
	return v, nil
}

// calendarLinks are path's calendar addresses on this server.
func (s *Server) calendarLinks(r *http.Request, path string) calendarLinks {
	https := s.absoluteURL(r, path)
	webcal := https
	for _, scheme := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(https, scheme); ok {
			webcal = "webcal://" + rest
		}
	}
	return calendarLinks{HTTPS: https, Webcal: template.URL(webcal)}
}

// releaseFiles gives each release its photos and files, read in one query
// for the page: the releases were judged readable already.
func (s *Server) releaseFiles(r *http.Request, rels []pressRelease) error {
	if len(rels) == 0 {
		return nil
	}
	ids := make([]int64, len(rels))
	at := map[int64]int{}
	for i, rel := range rels {
		ids[i], at[rel.ID] = rel.ID, i
	}
	as, err := s.store.ListAttachments(r.Context(), ids)
	if err != nil {
		return err
	}
	for _, a := range as {
		rel := &rels[at[a.DocumentID]]
		if ft := accord.FileTypeOf(a.MediaType); ft != nil && ft.Photo {
			rel.Photos = append(rel.Photos, a)
		} else {
			rel.Files = append(rel.Files, a)
		}
	}
	return nil
}
