package http

import (
	"net/http"
	"net/url"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/cldr"
	"github.com/accord-org/accord/i18n"
)

// The pages of states: registering one with its names, which CLDR
// proposes and the administrator or a secretariat may override (a council
// says Кыргызстан where CLDR says Киргизия), and a state's own page.

func (s *Server) stateRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/states/new", Name: "state_new", Template: "state_new.html", view: formView(s.stateNewPage)},
		{Method: "GET", Pattern: "/states/{state}", Name: "state", Public: true, Template: "state.html", view: s.stateView},
	}
}

func statePath(code string) string { return "/states/" + url.PathEscape(code) }

// stateNewView is the registration form, after a form that looks up the
// CLDR names of a code without JavaScript.
type stateNewView struct {
	Title string   `json:"-"`
	Code  string   `json:"code,omitempty"`
	Form  formSpec `json:"-"`
	// CLDR are the names the form proposes, for the code asked.
	CLDR accord.Text `json:"cldr,omitempty"`
}

func (v stateNewView) title(string) string { return v.Title }
func (v stateNewView) crumbs(lang string) []crumb {
	return []crumb{{i18n.T(lang, "Organizations"), "/organizations"}}
}

// stateNewPage proposes CLDR's names of ?code= in en, ru and zh; a refused
// submission shows what was sent instead.
func (s *Server) stateNewPage(r *http.Request, f Form) (view, error) {
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindState}, "state"); err != nil {
		return nil, err
	}
	lang := i18n.RequestLanguage(r)
	v := stateNewView{Title: i18n.T(lang, "New state"), Code: f.Values.Get("code")}
	values := url.Values{"code": {v.Code}}
	if accord.ValidateStateCode("code", v.Code) == nil {
		if names, ok := cldr.StateNames(v.Code); ok {
			v.CLDR = names
			textValues(values, "names", names)
		}
	}
	names := textField(lang, "names", i18n.T(lang, "Names"), nil, nil, false)
	names.Hint = i18n.T(lang, "CLDR's names are proposed; change any your council writes otherwise. A code with a suffix (CY-N) needs all three.")
	fields := []field{
		{Name: "code", Label: i18n.T(lang, "Code"), Type: "text", Required: true, Hint: i18n.T(lang, "ISO 3166-1 alpha-2, such as KG; or two letters and a suffix, such as CY-N.")},
		names,
	}
	v.Form = fill(r, formSpec{Action: "/states", Submit: i18n.T(lang, "Register state"), Fields: fields}, values, f)
	return v, nil
}

// stateView is a state with its names, beside CLDR's where it has them, so
// that a council's own names show as such.
type stateView struct {
	State *accord.State `json:"state"`
	CLDR  accord.Text   `json:"cldr"`
	// Languages are the languages the page lists, the interface's first.
	Languages []string `json:"-"`
}

func (v stateView) title(lang string) string { return v.State.Names.Get(lang) }
func (v stateView) crumbs(lang string) []crumb {
	return []crumb{{i18n.T(lang, "Organizations"), "/organizations"}}
}

func (s *Server) stateView(r *http.Request) (view, error) {
	st, err := s.store.FindState(r.Context(), r.PathValue("state"))
	if err != nil {
		return nil, err
	}
	names, _ := cldr.StateNames(st.Code)
	if names == nil {
		names = accord.Text{}
	}
	return stateView{State: st, CLDR: names, Languages: stateNameLanguages}, nil
}
