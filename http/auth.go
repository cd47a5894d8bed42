package http

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"html/template"
	"image/png"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/i18n"
	"github.com/pquerna/otp"
)

// pendingKey carries a session that has passed the password but still owes
// the second factor; only the second-factor routes look at it.
type pendingKey struct{}

type pending struct {
	session *accord.Session
	user    *accord.User
}

// authenticate finds who is acting: a bearer token, a session cookie, or
// nobody. A bad token is refused outright, since a script that sent one
// wants to know; a stale cookie just means the public.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*http.Request, error) {
	ip := clientIP(r)
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		value, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return r, accord.Errorf(accord.EUNAUTHORIZED, "The Authorization header must be \"Bearer <token>\".")
		}
		a, err := s.auth.TokenActor(ctx, strings.TrimSpace(value), ip)
		if err != nil {
			return r, err
		}
		a.At = s.now()
		return r.WithContext(accord.WithActor(ctx, a)), nil
	}
	// One moment for the whole request: the policy, the lists and the
	// change version judge embargoes at it (accord.Actor.At).
	at := s.now()
	actor := &accord.Actor{Label: "public", IP: ip, At: at}
	if c, err := r.Cookie(auth.SessionCookie); err == nil {
		v := s.prefetchVersion(r)
		// The version counts the embargoes ended by the request's moment,
		// which the store reads from the actor.
		sess, u, err := s.auth.Session(accord.WithActor(ctx, actor), c.Value, v)
		switch accord.ErrorCode(err) {
		case "":
			actor = s.auth.Actor(sess, u, ip)
			if actor.User == nil {
				ctx = context.WithValue(ctx, pendingKey{}, &pending{sess, u})
			}
			ctx = context.WithValue(ctx, sessionKey{}, sess)
			if v != nil {
				ctx = context.WithValue(ctx, versionKey{}, pageVersion{v.Scopes, v.Version})
			}
		case accord.EUNAUTHORIZED:
			s.clearSessionCookie(w, r)
		default:
			return r, err
		}
	}
	actor.At = at
	return r.WithContext(accord.WithActor(ctx, actor)), nil
}

type sessionKey struct{}

func currentSession(r *http.Request) *accord.Session {
	sess, _ := r.Context().Value(sessionKey{}).(*accord.Session)
	return sess
}

func pendingSession(r *http.Request) *pending {
	p, _ := r.Context().Value(pendingKey{}).(*pending)
	return p
}

// clientIP is the peer's address. Behind a proxy this is the proxy's; a
// deployment that trusts a proxy's X-Forwarded-For must say so (later).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.auth.Policy.SessionMax.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// actor is who acts on r.
func actor(r *http.Request) *accord.Actor { return accord.ActorFrom(r.Context()) }

// authorize asks the policy. A denied read answers 404, so that what exists
// is not revealed; a denied change is 401 for the public, 403 otherwise.
func authorize(r *http.Request, act accord.Action, res accord.Resource, what string) error {
	a := actor(r)
	d := accord.Authorize(a, act, res)
	if d.Allow {
		return nil
	}
	err := &accord.Error{Code: accord.EFORBIDDEN, Message: "You may not do this.", Op: string(act) + " " + what + ": " + d.Reason}
	switch {
	case act == accord.ActRead:
		return readRefusal(what, err.Op)
	case a.User == nil:
		err.Code, err.Message = accord.EUNAUTHORIZED, "Sign in first."
	case d.Field != "":
		told := accord.Refusal(d.Field, d.Reason)
		told.Op = err.Op
		return told
	}
	return err
}

// readRefusal is a denied read told as the record's absence, in the very
// words a missing record gets (accord.NotFound), in every language and in
// the JSON message, so that no answer tells a record one may not read
// from one that does not exist. what is "kind key" ("document 3") for a
// record, the store's own not-found key, or a kind alone for a list.
func readRefusal(what, op string) *accord.Error {
	var nf *accord.Error
	if i := strings.LastIndexByte(what, ' '); i > 0 {
		if id, err := strconv.ParseInt(what[i+1:], 10, 64); err == nil {
			nf = accord.NotFound(what[:i], id)
		}
	}
	if nf == nil {
		nf = &accord.Error{Code: accord.ENOTFOUND, Message: what + " not found"}
	}
	nf.Op = op
	return nf
}

// signedIn returns the acting user, or EUNAUTHORIZED.
func signedIn(r *http.Request) (*accord.User, error) {
	if u := actor(r).User; u != nil {
		return u, nil
	}
	return nil, accord.Errorf(accord.EUNAUTHORIZED, "Sign in first.")
}

// loginView is the sign-in form.
type loginView struct {
	Form Form   `json:"-"`
	Next string `json:"next,omitempty"`
}

func (v loginView) title(lang string) string { return i18n.T(lang, "Sign in") }
func (v loginView) crumbs(string) []crumb    { return []crumb{homeCrumb} }

func (s *Server) loginPage(r *http.Request, f Form) (view, error) {
	return loginView{Form: f, Next: safeRedirect(cmp.Or(f.Get("next"), r.URL.Query().Get("next")))}, nil
}

// loginResult tells an API client what comes next.
type loginResult struct {
	Status string       `json:"status"` // signed_in, totp_required, totp_setup_required
	User   *accord.User `json:"user,omitempty"`
	Next   string       `json:"next,omitempty"`
}

func (v loginResult) title(lang string) string { return i18n.T(lang, "Signed in") }
func (v loginResult) crumbs(string) []crumb    { return nil }

func (s *Server) login(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	l, err := s.auth.Login(r.Context(), in.Get("email"), in.Get("password"), clientIP(r), r.UserAgent())
	if err != nil {
		return outcome{}, err
	}
	s.setSessionCookie(w, r, l.Token)
	next := signInTarget(in.Get("next"))
	switch {
	case l.NeedsEnrollment:
		return outcome{view: loginResult{Status: "totp_setup_required", Next: "/account/totp"}, redirect: "/account/totp?next=" + url.QueryEscape(next)}, nil
	case l.NeedsTOTP:
		return outcome{view: loginResult{Status: "totp_required", Next: "/login/totp"}, redirect: "/login/totp?next=" + url.QueryEscape(next)}, nil
	}
	return outcome{view: loginResult{Status: "signed_in", User: l.User}, redirect: next}, nil
}

// totpView is the second-factor form.
type totpView struct {
	Form Form   `json:"-"`
	Next string `json:"next,omitempty"`
}

func (v totpView) title(lang string) string { return i18n.T(lang, "Second factor") }
func (v totpView) crumbs(string) []crumb    { return []crumb{homeCrumb} }

func (s *Server) totpPage(r *http.Request, f Form) (view, error) {
	if pendingSession(r) == nil {
		return nil, accord.Errorf(accord.EUNAUTHORIZED, "Sign in with your password first.")
	}
	return totpView{Form: f, Next: safeRedirect(cmp.Or(f.Get("next"), r.URL.Query().Get("next")))}, nil
}

func (s *Server) verifyTOTP(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	p := pendingSession(r)
	if p == nil {
		return outcome{}, accord.Errorf(accord.EUNAUTHORIZED, "Sign in with your password first.")
	}
	token, _, err := s.auth.SecondFactor(r.Context(), p.session, p.user, in.Get("code"), clientIP(r), r.UserAgent())
	if err != nil {
		return outcome{}, err
	}
	s.setSessionCookie(w, r, token)
	return outcome{view: loginResult{Status: "signed_in", User: p.user}, redirect: signInTarget(in.Get("next"))}, nil
}

// totpSetupView offers a new TOTP secret, as text and as a QR code.
// Replacing says the user has a second factor already, which the setup
// replaces only with the password and a current code.
type totpSetupView struct {
	Form      Form         `json:"-"`
	Secret    string       `json:"secret"`
	URL       string       `json:"otpauth_url"`
	QR        template.URL `json:"-"`
	Next      string       `json:"next,omitempty"`
	Replacing bool         `json:"replacing"`
}

func (v totpSetupView) title(lang string) string { return i18n.T(lang, "Set up the authenticator app") }
func (v totpSetupView) crumbs(string) []crumb    { return []crumb{homeCrumb} }

// enrollingUser is the user who may set up TOTP: a user signed in through
// a session, or one whose password session waits for a first setup. A
// pending session of a user who has a second factor owes that factor: it
// may not set up another instead.
func enrollingUser(r *http.Request) (*accord.User, *pending, error) {
	if u := actor(r).User; u != nil && actor(r).Scope == "" {
		return u, nil, nil
	}
	if p := pendingSession(r); p != nil && !p.user.TOTPEnabled {
		return p.user, p, nil
	}
	return nil, nil, accord.Errorf(accord.EUNAUTHORIZED, "Sign in first.")
}

func (s *Server) totpSetupPage(r *http.Request, f Form) (view, error) {
	u, _, err := enrollingUser(r)
	if err != nil {
		return nil, err
	}
	e, err := s.auth.OfferTOTP(r.Context(), currentSession(r), u)
	if err != nil {
		return nil, err
	}
	return totpSetupView{Form: f, Secret: e.Secret, URL: e.URL, QR: qrDataURL(e.URL), Replacing: u.TOTPEnabled,
		Next: safeRedirect(cmp.Or(f.Get("next"), r.URL.Query().Get("next")))}, nil
}

// qrDataURL renders the otpauth URL as a PNG for the phone to scan; the
// page carries it inline so that the secret never appears in a URL the
// server logs.
func qrDataURL(otpauth string) template.URL {
	key, err := otp.NewKeyFromURL(otpauth)
	if err != nil {
		return ""
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return ""
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return ""
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
}

// recoveryView shows the recovery codes, once.
type recoveryView struct {
	Codes []string `json:"recovery_codes"`
	Next  string   `json:"next"`
}

func (v recoveryView) title(lang string) string { return i18n.T(lang, "Recovery codes") }
func (v recoveryView) crumbs(string) []crumb    { return nil }

func (s *Server) confirmTOTP(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, p, err := enrollingUser(r)
	if err != nil {
		return outcome{}, err
	}
	next := signInTarget(in.Get("next"))
	if p == nil {
		codes, err := s.auth.SetupTOTP(r.Context(), currentSession(r), u, auth.TOTPChange{Code: in.Get("code"),
			Password: in.Get("current_password"), Current: in.Get("current_code")}, clientIP(r))
		return outcome{view: recoveryView{Codes: codes, Next: next}, template: "recovery.html"}, err
	}
	codes, token, _, err := s.auth.CompleteEnrollment(r.Context(), p.session, p.user, in.Get("code"), clientIP(r), r.UserAgent())
	if err != nil {
		return outcome{}, err
	}
	s.setSessionCookie(w, r, token)
	return outcome{view: recoveryView{Codes: codes, Next: next}, template: "recovery.html"}, nil
}

// done is the result of an action that has nothing more to say.
type done struct {
	Status string `json:"status"`
}

func (v done) title(lang string) string { return i18n.T(lang, "Done") }
func (v done) crumbs(string) []crumb    { return nil }

func (s *Server) logout(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	sess := currentSession(r)
	if sess == nil {
		return outcome{}, accord.Errorf(accord.EUNAUTHORIZED, "You are not signed in.")
	}
	if err := s.auth.Logout(r.Context(), sess); err != nil {
		return outcome{}, err
	}
	s.clearSessionCookie(w, r)
	return outcome{view: done{"signed_out"}, redirect: "/"}, nil
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, err := signedIn(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
		return outcome{}, err
	}
	// Tokens too: whoever took a session may have made one.
	if err := s.store.RevokeUserSessions(r.Context(), u.ID, true); err != nil {
		return outcome{}, err
	}
	s.clearSessionCookie(w, r)
	return outcome{view: done{"signed_out_everywhere"}, redirect: "/"}, nil
}

// accountView is the signed-in user's own page: grants, sessions, tokens.
type accountView struct {
	Form     Form              `json:"-"`
	User     *accord.User      `json:"user"`
	Sessions []*accord.Session `json:"-"`
	Tokens   []*accord.Token   `json:"tokens"`
	Passkeys []*accord.Passkey `json:"passkeys"`
	// NewToken is shown once, right after it is made.
	NewToken     string `json:"token,omitempty"`
	MaxTokenDays int    `json:"-"`
	// Keys are the signing keys the user submitted; KeyOrgs the
	// organizations they head a delegation in, and may submit one for.
	Keys    []*accord.KeySubmission `json:"signing_keys,omitempty"`
	KeyOrgs []string                `json:"-"`
}

func (v accountView) title(lang string) string { return i18n.T(lang, "Your account") }
func (v accountView) crumbs(string) []crumb    { return []crumb{homeCrumb} }

func (s *Server) accountPage(r *http.Request, f Form) (view, error) {
	u, err := signedIn(r)
	if err != nil {
		return nil, err
	}
	if err := authorize(r, accord.ActRead, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
		return nil, err
	}
	v := accountView{Form: f, User: u, MaxTokenDays: s.auth.Policy.TokenMaxDays}
	if v.Sessions, err = s.store.ListSessions(r.Context(), u.ID); err != nil {
		return nil, err
	}
	live := v.Sessions[:0]
	for _, sess := range v.Sessions {
		if sess.RevokedAt.IsZero() && s.now().Sub(sess.LastSeenAt) < s.auth.Policy.SessionIdle {
			live = append(live, sess)
		}
	}
	v.Sessions = live
	if v.Passkeys, err = s.store.ListPasskeys(r.Context(), u.ID); err != nil {
		return nil, err
	}
	if v.Keys, v.KeyOrgs, err = s.accountKeys(r, u); err != nil {
		return nil, err
	}
	v.Tokens, err = s.store.ListTokens(r.Context(), u.ID)
	return v, err
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, err := signedIn(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
		return outcome{}, err
	}
	days, err := strconv.Atoi(cmp.Or(in.Get("expires_in_days"), "90"))
	if err != nil {
		return outcome{}, accord.Invalid("expires_in_days", "must be a whole number of days, at most %d", s.auth.Policy.TokenMaxDays)
	}
	value, _, err := s.auth.CreateToken(r.Context(), u, in.Get("name"), accord.TokenScope(cmp.Or(in.Get("scope"), "read")), days)
	if err != nil {
		return outcome{}, err
	}
	page, err := s.accountPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	v := page.(accountView)
	v.NewToken = value
	return outcome{view: v, status: http.StatusCreated}, nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, err := signedIn(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
		return outcome{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return outcome{}, accord.Invalid("id", "%q is not a token id", r.PathValue("id"))
	}
	if err := s.store.RevokeToken(r.Context(), u.ID, id); err != nil {
		return outcome{}, err
	}
	return outcome{view: done{"revoked"}, redirect: "/account"}, nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, err := signedIn(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
		return outcome{}, err
	}
	if err := s.auth.ChangePassword(r.Context(), u, in.Get("current_password"), in.Get("new_password"), clientIP(r)); err != nil {
		return outcome{}, err
	}
	// Every session ended with the old password, this one too; a new one
	// carries on without asking for the second factor again.
	token, _, err := s.auth.StartSession(r.Context(), u, true, clientIP(r), r.UserAgent())
	if err != nil {
		return outcome{}, err
	}
	s.setSessionCookie(w, r, token)
	return outcome{view: done{"password_changed"}, redirect: "/account"}, nil
}

func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	lang := in.Get("lang")
	if !i18n.IsInterfaceLanguage(lang) {
		return outcome{}, accord.Invalid("lang", "%q is not an interface language: use en, ru or zh", lang)
	}
	if u := actor(r).User; u != nil {
		if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindAccount, OwnerID: u.ID}, "account"); err != nil {
			return outcome{}, err
		}
		if err := s.store.SetUserLanguage(r.Context(), u.ID, lang); err != nil {
			return outcome{}, err
		}
	}
	setLanguageCookie(w, r, lang)
	return outcome{view: done{"language_set"}, redirect: safeRedirect(in.Get("next"))}, nil
}
