package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Cancelling a meeting. The secretariat calls a planned meeting off, with
// a reason it may give, after ticking a box: subscribers' calendars and the
// delegations are told at once. The meeting stays, marked cancelled, in
// its lists, calendars (STATUS:CANCELLED) and feeds.
//
// A cancelled meeting can be reinstated: a cancellation entered by mistake
// or reversed by the council must be undone under the same identity, so
// that calendars update the event they hold (the same UID, a higher
// SEQUENCE) instead of keeping a cancelled ghost beside a new meeting.
// The audit trail keeps both acts.

// meetingForCancel is findMeeting for the cancellation's page and actions,
// which only the secretariat may use.
func (s *Server) meetingForCancel(r *http.Request) (*accord.Organization, *accord.Body, *accord.Meeting, error) {
	org, body, m, res, err := s.findMeeting(r)
	if err == nil {
		err = authorize(r, accord.ActCancel, res, "meeting")
	}
	return org, body, m, err
}

// meetingCancelPage offers what the meeting's state allows: the cancel
// form for a meeting that stands, the reinstate form for a cancelled one.
func (s *Server) meetingCancelPage(r *http.Request, f Form) (view, error) {
	org, body, m, err := s.meetingForCancel(r)
	if err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	crumbs := meetingCrumbs(lang, org, body, m)
	if m.Cancelled != nil {
		return editView{Title: i18n.Tf(lang, "Reinstate meeting %s", m.Numeral()), Crumbs: crumbs, Record: m,
			Forms: []formSpec{fill(r, formSpec{Action: meetingPath(m) + "/reinstate", Submit: i18n.T(lang, "Reinstate the meeting"), Fields: []field{
				{Name: "confirm", Label: i18n.T(lang, "I confirm that the meeting takes place again as recorded, and that calendars will show it so"), Type: "checkbox", Required: true},
			}}, nil, f)}}, nil
	}
	spec := formSpec{Action: meetingPath(m) + "/cancel", Submit: i18n.T(lang, "Cancel the meeting"), Danger: true, Fields: []field{
		{Name: "reason", Label: i18n.T(lang, "Reason"), Type: "text", Hint: i18n.T(lang, "Shown on the meeting's page; may be left out.")},
		{Name: "confirm", Label: i18n.T(lang, "I confirm that the meeting is called off, and that calendars and feeds will show it as cancelled"), Type: "checkbox", Required: true},
	}}
	if err := m.CanCancel(); err != nil {
		// A meeting in session or concluded took place: the page says so
		// rather than offer a button that can only be refused.
		spec.Error, spec.Fields, spec.Submit = i18n.ErrorText(lang, err), nil, ""
	}
	return editView{Title: i18n.Tf(lang, "Cancel meeting %s", m.Numeral()), Crumbs: crumbs, Record: m, Forms: []formSpec{fill(r, spec, nil, f)}}, nil
}

// confirmedCancel asks a person on a page to tick the box first.
func confirmedCancel(r *http.Request, in url.Values) error {
	if confirmed(r, in) {
		return nil
	}
	return accord.Invalid("confirm", "tick the box to confirm: calendars and feeds show the change at once")
}

func (s *Server) cancelMeeting(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	return s.changeCancellation(r, in, func(ctx context.Context, id int64) error {
		return s.store.CancelMeeting(ctx, id, strings.TrimSpace(in.Get("reason")))
	})
}

func (s *Server) reinstateMeeting(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	return s.changeCancellation(r, in, s.store.ReinstateMeeting)
}

// changeCancellation runs act, a cancellation or a reinstatement, on the
// request's meeting once the person has confirmed it.
func (s *Server) changeCancellation(r *http.Request, in url.Values, act func(ctx context.Context, id int64) error) (outcome, error) {
	_, _, m, err := s.meetingForCancel(r)
	if err != nil {
		return outcome{}, err
	}
	if err := confirmedCancel(r, in); err != nil {
		return outcome{}, err
	}
	if err := act(r.Context(), m.ID); err != nil {
		return outcome{}, err
	}
	return s.meetingChanged(r, m)
}

// meetingChanged answers with the meeting as stored now, and sends a page
// back to the meeting.
func (s *Server) meetingChanged(r *http.Request, m *accord.Meeting) (outcome, error) {
	after, err := s.store.FindMeetingByID(r.Context(), m.ID)
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: record{after}, redirect: meetingPath(after)}, nil
}
