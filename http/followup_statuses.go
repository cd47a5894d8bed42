package http

import (
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
	"github.com/accord-org/accord/i18n"
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

// statusLabels are a council's words for its own statuses. Every page
// that shows a status names it through Name, so that a status of the
// council's own reads in the reader's language wherever it appears, and
// colours it through Tone, beside the name and never instead of it.
type statusLabels map[accord.FollowUpStatus]accord.Text

// Name is s in lang: a built-in status by the catalogs, one of the
// council's own by its label (in English, then any language, when it has
// none in lang), one without a label by its code.
func (l statusLabels) Name(lang string, s accord.FollowUpStatus) string {
	if x, ok := i18n.FollowUpEnum(lang, string(s)); ok {
		return x
	}
	if x, ok := followup.Label(l, lang, s); ok {
		return x
	}
	return string(s)
}

// ownTones is how many colours the statuses of a council's own take.
const ownTones = 4

// Tone is the class of s's colour: a built-in status has its own; a
// council's own takes one of ownTones by its code, so that it keeps its
// colour when the list is reordered.
func (l statusLabels) Tone(s accord.FollowUpStatus) string {
	if followup.Builtin(s) {
		return "st-" + string(s)
	}
	h := fnv.New32a()
	h.Write([]byte(s))
	return "st-own" + string(rune('0'+h.Sum32()%ownTones))
}

// statusesView is a council's list, in the order the matrix shows it.
type statusesView struct {
	Organization *accord.Organization    `json:"organization"`
	Statuses     []accord.FollowUpStatus `json:"statuses"`
	Labels       statusLabels            `json:"labels"`
	CanEdit      bool                    `json:"can_edit"`
	Form         Form                    `json:"-"`
}

func (v statusesView) title(lang string) string {
	return i18n.Tf(lang, "%s: statuses of the follow-up of measures", v.Organization.Code)
}
func (v statusesView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Organization.Code, Href: orgPath(v.Organization.Code)}}
}

// blankStatusRows are the empty lines the form offers for new statuses.
const blankStatusRows = 3

// statusRow is one line of the form: a status and, for one of the
// council's own, its labels in StatusLabelLanguages. Field is the name
// the store's errors give the line's code, so that the page marks the
// input at fault.
type statusRow struct {
	N, Line int
	Code    accord.FollowUpStatus
	Builtin bool
	Labels  map[string]string
	Field   string
}

// LabelField is the name the store's errors give the line's label in
// lang.
func (r statusRow) LabelField(lang string) string { return "labels." + string(r.Code) + "." + lang }

// Languages are the languages the form asks labels in.
func (v statusesView) Languages() []string { return accord.StatusLabelLanguages }

// Rows are the form's lines: what was submitted after a refusal, else the
// list, then blankStatusRows empty lines.
func (v statusesView) Rows() []statusRow {
	var rows []statusRow
	add := func(code string, labels map[string]string) {
		r := statusRow{N: len(rows), Line: len(rows) + 1, Code: accord.FollowUpStatus(code), Builtin: followup.Builtin(accord.FollowUpStatus(code)), Labels: labels}
		rows = append(rows, r)
	}
	if v.Form.Values != nil {
		for i, code := range v.Form.Values["statuses"] {
			labels := map[string]string{}
			for _, l := range accord.StatusLabelLanguages {
				labels[l] = nth(v.Form.Values["label."+l], i)
			}
			add(strings.TrimSpace(code), labels)
		}
	} else {
		for _, s := range v.Statuses {
			labels := map[string]string{}
			for _, l := range accord.StatusLabelLanguages {
				labels[l] = v.Labels[s][l]
			}
			add(string(s), labels)
		}
		for range blankStatusRows {
			add("", map[string]string{})
		}
	}
	// The list is the lines with a code, so a blank line between two
	// does not shift the index an error names.
	n := 0
	for i := range rows {
		if rows[i].Code != "" {
			rows[i].Field = "statuses[" + strconv.Itoa(n) + "]"
			n++
		}
	}
	return rows
}

func nth(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
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
	v := statusesView{Organization: org, Statuses: list.Statuses, Labels: list.Labels, Form: f}
	v.CanEdit = accord.Authorize(actor(r), accord.ActUpdate, accord.Resource{Kind: accord.KindFollowUpStatuses, Organizations: []string{org.Code}}).Allow
	return v, nil
}

// setStatuses replaces the council's list with statuses and their labels:
// from the API, a JSON array and an object of labels by status and
// language (labels.<status>.<lang>); from the page's form, one line a
// status, its labels in the fields label.<lang> of the same line.
func (s *Server) setStatuses(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindFollowUpStatuses, Organizations: []string{org.Code}}, "follow-up statuses"); err != nil {
		return outcome{}, err
	}
	l := accord.StatusList{Labels: map[accord.FollowUpStatus]accord.Text{}}
	if _, form := in["label.en"]; form {
		for i, v := range in["statuses"] {
			code := accord.FollowUpStatus(strings.TrimSpace(v))
			if code == "" {
				continue
			}
			l.Statuses = append(l.Statuses, code)
			labels := accord.Text{}
			for _, lang := range accord.StatusLabelLanguages {
				if x := strings.TrimSpace(nth(in["label."+lang], i)); x != "" {
					labels[lang] = x
				}
			}
			if len(labels) > 0 {
				l.Labels[code] = labels
			}
			if len(l.Statuses) > accord.MaxFollowUpStatuses {
				break
			}
		}
	} else {
		for _, v := range in["statuses"] {
			for line := range strings.Lines(v) {
				if line = strings.TrimSpace(line); line != "" {
					l.Statuses = append(l.Statuses, accord.FollowUpStatus(line))
				}
			}
			if len(l.Statuses) > accord.MaxFollowUpStatuses {
				break
			}
		}
		for k, vs := range in {
			rest, ok := strings.CutPrefix(k, "labels.")
			if !ok {
				continue
			}
			code, lang, ok := strings.Cut(rest, ".")
			if !ok {
				return outcome{}, accord.Invalid(k, "give a label by status and language, such as labels.%s.en", rest)
			}
			if len(l.Labels) > accord.MaxFollowUpStatuses {
				return outcome{}, accord.Invalid("labels", "a council keeps 1 to %d statuses", accord.MaxFollowUpStatuses)
			}
			if l.Labels[accord.FollowUpStatus(code)] == nil {
				l.Labels[accord.FollowUpStatus(code)] = accord.Text{}
			}
			l.Labels[accord.FollowUpStatus(code)][lang] = vs[0]
		}
	}
	if err := s.store.SetFollowUpStatuses(r.Context(), org.Code, l); err != nil {
		return outcome{}, err
	}
	v, err := s.statusesPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: v, status: http.StatusOK, redirect: orgPath(org.Code) + "/follow-up/statuses"}, nil
}
