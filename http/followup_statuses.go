package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/accord-org/accord"
)

// followUpStatusRoutes show and set a council's controlled list of
// follow-up statuses. The API sets it with PUT; a form, which cannot,
// posts.
func (s *Server) followUpStatusRoutes() []Route {
	const p = "/organizations/{org}/follow-up/statuses"
	return []Route{
		{Method: "GET", Pattern: p, Name: "follow_up_statuses", Template: "followup_statuses.html", view: func(r *http.Request) (view, error) { return s.statusesPage(r, Form{}) }},
		{Method: "PUT", Pattern: p, Name: "follow_up_statuses_set", Template: "followup_statuses.html", action: s.setStatuses, page: s.statusesPage},
		{Method: "POST", Pattern: p, Name: "follow_up_statuses_form", Template: "followup_statuses.html", action: s.setStatuses, page: s.statusesPage},
	}
}

// statusesView is a council's list, in the order the matrix shows it.
type statusesView struct {
	Organization *accord.Organization    `json:"organization"`
	Statuses     []accord.FollowUpStatus `json:"statuses"`
	CanEdit      bool                    `json:"can_edit"`
	Form         Form                    `json:"-"`
}

func (v statusesView) title(lang string) string {
	return Tf(lang, "%s: statuses of the follow-up of measures", v.Organization.Code)
}
func (v statusesView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Organization.Code, Href: orgPath(v.Organization.Code)}}
}

// Lines is the list as the form's text area shows it, one a line: what
// was submitted after a refusal, else the list.
func (v statusesView) Lines() string {
	if v.Form.Values != nil {
		return strings.Join(v.Form.Values["statuses"], "\n")
	}
	names := make([]string, len(v.Statuses))
	for i, s := range v.Statuses {
		names[i] = string(s)
	}
	return strings.Join(names, "\n")
}

func (s *Server) statusesPage(r *http.Request, f Form) (view, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	list, err := s.store.FollowUpStatuses(r.Context(), org.Code)
	if err != nil {
		return nil, err
	}
	v := statusesView{Organization: org, Statuses: list, Form: f}
	v.CanEdit = accord.Authorize(actor(r), accord.ActUpdate, accord.Resource{Kind: accord.KindFollowUpStatuses, Organizations: []string{org.Code}}).Allow
	return v, nil
}

// setStatuses replaces the council's list with statuses: a JSON array, or
// the form's text area, one a line.
func (s *Server) setStatuses(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindFollowUpStatuses, Organizations: []string{org.Code}}, "follow-up statuses"); err != nil {
		return outcome{}, err
	}
	var list []accord.FollowUpStatus
	for _, v := range in["statuses"] {
		for line := range strings.Lines(v) {
			if line = strings.TrimSpace(line); line != "" {
				list = append(list, accord.FollowUpStatus(line))
			}
		}
		if len(list) > accord.MaxFollowUpStatuses {
			break
		}
	}
	if err := s.store.SetFollowUpStatuses(r.Context(), org.Code, list); err != nil {
		return outcome{}, err
	}
	v, err := s.statusesPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, status: http.StatusOK, redirect: orgPath(org.Code) + "/follow-up/statuses"}, nil
}
