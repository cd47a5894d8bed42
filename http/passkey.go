package http

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/i18n"
)

// DefaultPublicURL is the address passkeys are bound to when the caller
// names none: that of `accord serve` with its default --addr.
const DefaultPublicURL = "http://localhost:8080"

// Cookies that carry the key of a passkey ceremony from its begin request
// to its finish request. They are HttpOnly, so that a script injected into
// a page cannot read the key, and SameSite=Strict, since only this site's
// own script ever sends them back.
const (
	passkeyLoginCookie    = "accord_passkey_login"
	passkeyRegisterCookie = "accord_passkey_register"
)

func (s *Server) setCeremonyCookie(w http.ResponseWriter, r *http.Request, name, key string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: key, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int(auth.CeremonyTTL.Seconds())})
}

// ceremonyKey returns the key of a ceremony, and clears its cookie: a key
// is good for one finish, successful or not.
func (s *Server) ceremonyKey(w http.ResponseWriter, r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	return c.Value
}

// newPasskeys builds the relying party for publicURL, or none, with a
// warning, when the URL cannot carry passkeys: the rest of the server works
// without them.
func (s *Server) newPasskeys(publicURL string) *auth.Passkeys {
	pk, err := auth.NewPasskeys(s.auth, cmp.Or(publicURL, DefaultPublicURL))
	if err != nil {
		s.log.Warn("passkeys disabled", "err", accord.ErrorMessage(err))
		return nil
	}
	return pk
}

// passkeysOn returns the relying party, or says why there is none.
func (s *Server) passkeysOn() (*auth.Passkeys, error) {
	if s.passkeys == nil {
		return nil, accord.Errorf(accord.ENOTIMPLEMENTED, "Passkeys are not available on this server: it needs a public URL with a domain name.")
	}
	return s.passkeys, nil
}

// passkeyChallenge is what navigator.credentials.create or .get is called
// with, under "options"; the ceremony's key travels in a cookie.
type passkeyChallenge struct {
	Options any `json:"options"`
}

func (v passkeyChallenge) title(lang string) string { return i18n.T(lang, "Passkey") }
func (v passkeyChallenge) crumbs(string) []crumb    { return nil }

// passkeyView is a passkey just added.
type passkeyView struct {
	Passkey *accord.Passkey `json:"passkey"`
}

func (v passkeyView) title(lang string) string { return i18n.T(lang, "Passkey added") }
func (v passkeyView) crumbs(string) []crumb    { return nil }

// Without script a form post to a begin route cannot go further; it goes
// back to the page it came from rather than showing raw options.

func (s *Server) beginPasskeyLogin(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	pk, err := s.passkeysOn()
	if err != nil {
		return outcome{}, err
	}
	c, err := pk.BeginLogin(r.Context(), clientIP(r))
	if err != nil {
		return outcome{}, err
	}
	s.setCeremonyCookie(w, r, passkeyLoginCookie, c.Key)
	return outcome{view: passkeyChallenge{c.Options}, redirect: "/login"}, nil
}

// finishPasskeyLogin opens a full session. The session the request came
// with, if any (a password-only one, say), is ended: the sign-in rotates the
// session id, so that an id planted before it is worth nothing after.
func (s *Server) finishPasskeyLogin(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	pk, err := s.passkeysOn()
	if err != nil {
		return outcome{}, err
	}
	l, err := pk.FinishLogin(r.Context(), s.ceremonyKey(w, r, passkeyLoginCookie), in.Get("credential"), clientIP(r), r.UserAgent())
	if err != nil {
		return outcome{}, err
	}
	// The user who just proved who they are ends the old session, whoever
	// it belonged to, so that is who the audit trail names.
	if old := currentSession(r); old != nil {
		actx := accord.WithActor(r.Context(), &accord.Actor{User: l.User, IP: clientIP(r)})
		if err := s.auth.Logout(actx, old); err != nil {
			return outcome{}, err
		}
	}
	s.setSessionCookie(w, r, l.Token)
	next := signInTarget(in.Get("next"))
	return outcome{view: loginResult{Status: "signed_in", User: l.User, Next: next}, redirect: next}, nil
}

// passkeyOwner is the user who may manage their passkeys: signed in
// through a session that has passed its second factor (or needs none). A
// token cannot, and neither can a session still owing the second factor,
// or a stolen password would be enough to add a passkey that then counts as
// two factors.
func passkeyOwner(r *http.Request, act accord.Action) (*accord.User, error) {
	u, err := signedIn(r)
	if err != nil {
		return nil, err
	}
	if err := authorize(r, act, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
		return nil, err
	}
	if sess := currentSession(r); sess == nil || !sess.MFA {
		return nil, accord.Errorf(accord.EFORBIDDEN, "Sign in with your second factor before you manage passkeys.")
	}
	return u, nil
}

func (s *Server) beginPasskeyRegistration(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	pk, err := s.passkeysOn()
	if err != nil {
		return outcome{}, err
	}
	u, err := passkeyOwner(r, accord.ActCreate)
	if err != nil {
		return outcome{}, err
	}
	c, err := pk.BeginRegistration(r.Context(), u)
	if err != nil {
		return outcome{}, err
	}
	s.setCeremonyCookie(w, r, passkeyRegisterCookie, c.Key)
	return outcome{view: passkeyChallenge{c.Options}, redirect: "/account"}, nil
}

func (s *Server) finishPasskeyRegistration(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	pk, err := s.passkeysOn()
	if err != nil {
		return outcome{}, err
	}
	u, err := passkeyOwner(r, accord.ActCreate)
	if err != nil {
		return outcome{}, err
	}
	p, err := pk.FinishRegistration(r.Context(), u, s.ceremonyKey(w, r, passkeyRegisterCookie), in.Get("name"), in.Get("credential"))
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: passkeyView{p}, status: http.StatusCreated, redirect: "/account"}, nil
}

func (s *Server) deletePasskey(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, err := passkeyOwner(r, accord.ActDelete)
	if err != nil {
		return outcome{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return outcome{}, accord.Invalid("id", "%q is not a passkey id", r.PathValue("id"))
	}
	if err := s.store.DeletePasskey(r.Context(), u.ID, id); err != nil {
		return outcome{}, err
	}
	return outcome{view: done{"deleted"}, redirect: "/account"}, nil
}
