package http

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/cldr"
	"github.com/accord-org/accord/i18n"
)

// setupRoutes are what a new platform needs before any council works in
// it: the states organizations draw their members from, and accounts made
// by the administrator (the first secretariat of a new organization) or by
// an organization's secretariat. Both are API actions; the one-time secrets
// of an account are shown in the answer and never again.
func (s *Server) setupRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/states", Name: "state_create", Template: "state_new.html", action: s.createState, page: s.stateNewPage},
		{Method: "POST", Pattern: "/users", Name: "user_create", Template: "done.html", action: s.createUser},
	}
}

// stateNameLanguages are the languages a state must be named in: those of
// the interface, which is also what rotation rules sort by.
var stateNameLanguages = []string{"en", "ru", "zh"}

// createState registers a state. Its names default to CLDR's, and any sent
// replaces CLDR's in its language: a council may call a state otherwise.
func (s *Server) createState(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindState}, "state"); err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	st := &accord.State{}
	b.str("code", &st.Code)
	sent := accord.Text{}
	b.text("names", &sent)
	if b.err != nil {
		return outcome{}, b.err
	}
	if err := accord.ValidateStateCode("code", st.Code); err != nil {
		return outcome{}, err
	}
	names, known := cldr.StateNames(st.Code)
	if !known && len(st.Code) == 2 {
		return outcome{}, accord.Invalid("code", "%q is not an ISO 3166-1 country code", st.Code)
	}
	if names == nil {
		names = accord.Text{}
	}
	for lang, name := range sent {
		names[lang] = name
	}
	for _, lang := range stateNameLanguages {
		if names[lang] == "" {
			return outcome{}, accord.Invalid("names."+lang, "is required: CLDR has no name for %s", st.Code)
		}
	}
	st.Names = names
	if _, err := s.store.FindState(r.Context(), st.Code); err == nil {
		e := accord.Errorf(accord.ECONFLICT, "This state is registered already.")
		e.Field = "code"
		return outcome{}, e
	} else if accord.ErrorCode(err) != accord.ENOTFOUND {
		return outcome{}, err
	}
	if err := s.store.CreateState(r.Context(), st); err != nil {
		return outcome{}, err
	}
	return created(record{st}, statePath(st.Code)), nil
}

// createUser makes an account with one role, as `accord user add` does,
// and answers its one-time password, authenticator key and recovery codes.
// The administrator may make any account, an organization's secretariat
// those of its organization.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	b := &binder{in: in}
	u := &accord.User{Lang: "en"}
	var g accord.Grant
	var role string
	b.str("name", &u.Name)
	b.str("email", &u.Email)
	b.str("lang", &u.Lang)
	b.str("role", &role)
	b.str("organization", &g.Organization)
	b.str("body", &g.Body)
	b.str("state", &g.State)
	if b.err != nil {
		return outcome{}, b.err
	}
	res := accord.Resource{Kind: accord.KindUser}
	if g.Organization != "" {
		res.Organizations = []string{g.Organization}
	}
	if err := authorize(r, accord.ActCreate, res, "account"); err != nil {
		return outcome{}, err
	}
	if role != "" {
		g.Role = accord.Role(role)
		if err := g.Validate(); err != nil {
			return outcome{}, err
		}
		// Only an administrator makes another: the secretariat's right
		// to make accounts is scoped to its organization, and this role
		// has none.
		if g.Role == accord.RoleAdministrator {
			if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindUser}, "account"); err != nil {
				return outcome{}, err
			}
		}
		u.Grants = []accord.Grant{g}
	}
	e, err := s.auth.Enrol(r.Context(), u, nil)
	if err != nil {
		var ae *accord.Error
		if errors.As(err, &ae) && ae.Code == accord.ECONFLICT && ae.Field == "" {
			ae.Field = "email"
		}
		return outcome{}, err
	}
	return outcome{view: enrolmentView{e}, status: http.StatusCreated}, nil
}

// enrolmentView answers the new account with its secrets; its page says
// only that it was done, since a page may be cached or shared on screen.
type enrolmentView struct{ *auth.Enrolment }

func (v enrolmentView) title(lang string) string { return i18n.T(lang, "Done") }
func (v enrolmentView) crumbs(string) []crumb    { return nil }

// Status is what done.html shows.
func (v enrolmentView) Status() string { return "user_created" }
