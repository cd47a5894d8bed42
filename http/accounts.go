package http

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// accountRoutes are the administration of an organization's accounts by
// its secretariat (and the platform's administrator): invitations, grants,
// disabling, second-factor resets; the invitation link the person opens;
// and the head of delegation's key, submitted from the account page and
// confirmed on the signing-keys page.
func (s *Server) accountRoutes() []Route {
	const (
		accounts = "/organizations/{org}/accounts"
		account  = accounts + "/{id}"
	)
	return []Route{
		{Method: "GET", Pattern: accounts, Name: "org_accounts", Template: "accounts.html", view: formView(s.orgAccountsPage)},
		{Method: "POST", Pattern: "/organizations/{org}/invitations", Name: "invitation_create", Template: "accounts.html", action: s.createInvitation, page: s.orgAccountsPage},
		{Method: "GET", Pattern: account, Name: "org_account", Template: "account_admin.html", view: formView(s.orgAccountPage)},
		{Method: "POST", Pattern: account + "/grants", Name: "grant_create", Template: "account_admin.html", action: s.createGrant, page: s.orgAccountPage},
		{Method: "POST", Pattern: account + "/grants/{grant}/revoke", Name: "grant_revoke", Template: "account_admin.html", action: s.revokeGrant, page: s.orgAccountPage},
		{Method: "POST", Pattern: account + "/disable", Name: "account_disable", Template: "account_admin.html", action: s.disableAccount, page: s.orgAccountPage},
		{Method: "POST", Pattern: account + "/totp/reset", Name: "account_totp_reset", Template: "account_admin.html", action: s.resetAccountTOTP, page: s.orgAccountPage},
		{Method: "GET", Pattern: "/invitations/{token}", Name: "invitation", Template: "invitation.html", view: formView(s.invitationPage)},
		{Method: "POST", Pattern: "/invitations/{token}", Name: "invitation_accept", Template: "invitation.html", action: s.acceptInvitation, page: s.invitationPage},
		{Method: "POST", Pattern: "/account/signing-keys", Name: "signing_key_submit", Template: "account.html", action: s.submitKey, page: s.accountPage},
		{Method: "POST", Pattern: "/organizations/{org}/signing-keys/submissions/{id}/confirm", Name: "signing_key_confirm", Template: "keys.html", action: s.confirmKey, page: s.keysPage},
	}
}

// accountsResource is an organization's accounts, to the policy.
func accountsResource(org string, owner int64) accord.Resource {
	return accord.Resource{Kind: accord.KindUser, Organizations: []string{org}, OwnerID: owner}
}

// orgAccountsView lists an organization's accounts and invitations, with
// the form that invites a person and, right after, the link to give them.
type orgAccountsView struct {
	Organization *accord.Organization `json:"organization"`
	Accounts     []*accord.User       `json:"accounts"`
	Invitations  []*accord.Invitation `json:"invitations"`
	// Invitation and Link are the invitation just made and its one-time
	// link, shown only in the answer that made it.
	Invitation *accord.Invitation `json:"invitation,omitempty"`
	Link       string             `json:"link,omitempty"`
	Invite     *formSpec          `json:"-"`
	Error      string             `json:"-"`
	Now        time.Time          `json:"-"`
}

func (v orgAccountsView) title(lang string) string {
	return i18n.Tf(lang, "Accounts of %s", v.Organization.Code)
}
func (v orgAccountsView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Organization.Code, Href: orgPath(v.Organization.Code)}}
}

func (s *Server) orgAccountsPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	if err := authorize(r, accord.ActRead, accountsResource(org.Code, 0), "accounts"); err != nil {
		return nil, err
	}
	v := orgAccountsView{Organization: org, Now: s.now()}
	if v.Accounts, err = s.store.ListOrganizationUsers(ctx, org.Code); err != nil {
		return nil, err
	}
	if v.Invitations, err = s.store.ListInvitations(ctx, org.Code); err != nil {
		return nil, err
	}
	invite := fill(r, formSpec{Heading: i18n.T(lang, "Invite a person"), Action: orgPath(org.Code) + "/invitations", Submit: i18n.T(lang, "Make an invitation link"),
		Fields: []field{
			{Name: "name", Label: i18n.T(lang, "Full name"), Type: "text", Required: true},
			{Name: "email", Label: i18n.T(lang, "E-mail"), Type: "email", Required: true},
			{Name: "lang", Label: i18n.T(lang, "Language"), Type: "select", Options: []option{{"en", "English"}, {"ru", "Русский"}, {"zh", "中文"}}},
		}}, url.Values{"lang": {lang}}, f)
	v.Invite = &invite
	v.Error = pageError(r, f, v.Invite)
	return v, nil
}

// createInvitation makes a one-time invitation link for a person to join
// the organization.
func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActCreate, accountsResource(org.Code, 0), "invitation"); err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	inv := &accord.Invitation{Organization: org.Code, Lang: "en"}
	b.str("name", &inv.Name)
	b.str("email", &inv.Email)
	b.str("lang", &inv.Lang)
	if b.err != nil {
		return outcome{}, b.err
	}
	if err := knownLanguage("lang", inv.Lang); err != nil {
		return outcome{}, err
	}
	token, err := s.auth.Invite(ctx, inv)
	if err != nil {
		return outcome{}, err
	}
	page, err := s.orgAccountsPage(r, Form{})
	if err != nil {
		return outcome{}, err
	}
	v := page.(orgAccountsView)
	v.Invitation, v.Link = inv, s.absoluteURL(r, "/invitations/"+token)
	return outcome{view: v, status: http.StatusCreated}, nil
}

// absoluteURL is path on the server's public address: the configured one,
// else the one the request came to.
func (s *Server) absoluteURL(r *http.Request, path string) string {
	if s.publicURL != "" {
		return strings.TrimSuffix(s.publicURL, "/") + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// orgAccountView is one account as its organization's secretariat sees it:
// its grants, its sessions, and what may be done to it.
type orgAccountView struct {
	Organization *accord.Organization `json:"organization"`
	User         *accord.User         `json:"user"`
	Sessions     []sessionRow         `json:"sessions"`
	Grant        *formSpec            `json:"-"`
	Error        string               `json:"-"`
}

// sessionRow is a session without its secrets.
type sessionRow struct {
	ID         int64     `json:"id"`
	MFA        bool      `json:"mfa"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
}

func (v orgAccountView) title(lang string) string { return v.User.Name }
func (v orgAccountView) crumbs(lang string) []crumb {
	return []crumb{homeCrumb, {Label: v.Organization.Code, Href: orgPath(v.Organization.Code)},
		{Label: i18n.T(lang, "Accounts"), Href: orgPath(v.Organization.Code) + "/accounts"}}
}

// orgAccount loads the organization and account of the route after asking
// the policy whether the actor may act on the organization's accounts: an
// account of another organization is not found. Only an administrator acts
// on an administrator's account.
func (s *Server) orgAccount(r *http.Request, act accord.Action) (*accord.Organization, *accord.User, error) {
	ctx := r.Context()
	org, err := s.store.FindOrganization(ctx, r.PathValue("org"))
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(r, act, accountsResource(org.Code, 0), "account"); err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, accord.Invalid("id", "%q is not an account id", r.PathValue("id"))
	}
	u, err := s.store.FindUser(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	orgs, err := s.store.UserOrganizations(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !slices.Contains(orgs, org.Code) {
		return nil, nil, accord.NotFound("user", id)
	}
	// A denied read is told as the missing user above is.
	if err := authorize(r, act, accountsResource(org.Code, u.ID), "user "+strconv.FormatInt(u.ID, 10)); err != nil {
		return nil, nil, err
	}
	if act != accord.ActRead && holds(u, accord.RoleAdministrator) && !holds(actor(r).User, accord.RoleAdministrator) {
		return nil, nil, accord.Errorf(accord.EFORBIDDEN, "Only an administrator changes an administrator's account.")
	}
	return org, u, nil
}

func holds(u *accord.User, role accord.Role) bool {
	return u != nil && slices.ContainsFunc(u.Grants, func(g accord.Grant) bool { return g.Role == role })
}

// grantRoles are the roles an organization's secretariat grants.
var grantRoles = []accord.Role{accord.RoleHeadOfDelegation, accord.RoleDelegationOfficer, accord.RoleChairOfficer, accord.RoleObserver, accord.RoleSecretariat}

func (s *Server) orgAccountPage(r *http.Request, f Form) (view, error) {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	org, u, err := s.orgAccount(r, accord.ActRead)
	if err != nil {
		return nil, err
	}
	v := orgAccountView{Organization: org, User: u, Sessions: []sessionRow{}}
	sessions, err := s.store.ListSessions(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, ss := range sessions {
		v.Sessions = append(v.Sessions, sessionRow{ss.ID, ss.MFA, ss.CreatedAt, ss.LastSeenAt, ss.RevokedAt, ss.IP, ss.UserAgent})
	}
	states, err := s.stateOptions(ctx, lang, nil)
	if err != nil {
		return nil, err
	}
	bodies, err := s.store.ListBodies(ctx, org.Code)
	if err != nil {
		return nil, err
	}
	bodyOptions := []option{{"", i18n.T(lang, "None")}}
	for _, b := range bodies {
		bodyOptions = append(bodyOptions, option{b.Code, b.Names.Get(lang) + " (" + b.Code + ")"})
	}
	grant := fill(r, formSpec{Heading: i18n.T(lang, "Grant a role"), Action: orgPath(org.Code) + "/accounts/" + strconv.FormatInt(u.ID, 10) + "/grants", Submit: i18n.T(lang, "Grant"),
		Fields: []field{
			{Name: "role", Label: i18n.T(lang, "Role"), Type: "select", Options: enumOptions(lang, grantRoles...), Required: true},
			{Name: "state", Label: i18n.T(lang, "State"), Type: "select", Options: append([]option{{"", i18n.T(lang, "None")}}, states...),
				Hint: i18n.T(lang, "For a head of delegation, a delegation officer or a chair officer.")},
			{Name: "body", Label: i18n.T(lang, "Body"), Type: "select", Options: bodyOptions, Hint: i18n.T(lang, "For a chair officer.")},
		}}, nil, f)
	v.Grant = &grant
	v.Error = pageError(r, f, v.Grant)
	return v, nil
}

// accountDone is the answer of a change to an account: the account as it
// is now.
type accountDone struct {
	User *accord.User `json:"user"`
}

func (v accountDone) title(lang string) string { return v.User.Name }
func (v accountDone) crumbs(string) []crumb    { return []crumb{homeCrumb} }

// changedAccount answers a change with the account reloaded, and sends a
// page back to the account's page.
func (s *Server) changedAccount(r *http.Request, org string, id int64, status int) (outcome, error) {
	u, err := s.store.FindUser(r.Context(), id)
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: accountDone{u}, status: status, redirect: orgPath(org) + "/accounts/" + strconv.FormatInt(id, 10)}, nil
}

// createGrant gives the account a role in the organization of the route;
// a grant in another organization is refused as outside the granter's.
func (s *Server) createGrant(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, u, err := s.orgAccount(r, accord.ActCreate)
	if err != nil {
		return outcome{}, err
	}
	b := &binder{in: in}
	var role, other string
	g := accord.Grant{UserID: u.ID, Organization: org.Code}
	b.str("role", &role)
	b.str("organization", &other)
	b.str("state", &g.State)
	b.str("body", &g.Body)
	if b.err != nil {
		return outcome{}, b.err
	}
	if other != "" && other != org.Code {
		return outcome{}, &accord.Error{Code: accord.EFORBIDDEN, Field: "organization", Message: "You may grant roles only in the organization whose accounts these are."}
	}
	g.Role = accord.Role(role)
	if !slices.Contains(grantRoles, g.Role) {
		return outcome{}, accord.Invalid("role", "%q is not a role of an organization: use head_of_delegation, delegation_officer, chair_officer, observer or secretariat", role)
	}
	if err := g.Validate(); err != nil {
		return outcome{}, err
	}
	if err := s.store.AddGrant(r.Context(), &g); err != nil {
		return outcome{}, err
	}
	return s.changedAccount(r, org.Code, u.ID, http.StatusCreated)
}

func (s *Server) revokeGrant(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, u, err := s.orgAccount(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("grant"), 10, 64)
	if err != nil {
		return outcome{}, accord.Invalid("grant", "%q is not a grant id", r.PathValue("grant"))
	}
	// Only the organization's own grants are its secretariat's to take.
	if !slices.ContainsFunc(u.Grants, func(g accord.Grant) bool { return g.ID == id && g.Organization == org.Code }) {
		return outcome{}, accord.NotFound("grant", id)
	}
	if err := s.store.RevokeGrant(r.Context(), u.ID, id); err != nil {
		return outcome{}, err
	}
	return s.changedAccount(r, org.Code, u.ID, http.StatusOK)
}

func (s *Server) disableAccount(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, u, err := s.orgAccount(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.DisableUser(r.Context(), u.ID); err != nil {
		return outcome{}, err
	}
	return s.changedAccount(r, org.Code, u.ID, http.StatusOK)
}

func (s *Server) resetAccountTOTP(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, u, err := s.orgAccount(r, accord.ActUpdate)
	if err != nil {
		return outcome{}, err
	}
	if err := s.store.ResetTOTP(r.Context(), u.ID); err != nil {
		return outcome{}, err
	}
	return s.changedAccount(r, org.Code, u.ID, http.StatusOK)
}

// invitationView is what the invitation link shows: whom it invites, and
// the form that sets the password and the authenticator app.
type invitationView struct {
	Organization string       `json:"organization"`
	Name         string       `json:"name"`
	Email        string       `json:"email"`
	ExpiresAt    time.Time    `json:"expires_at"`
	Secret       string       `json:"authenticator_key"`
	URL          string       `json:"otpauth_url"`
	QR           template.URL `json:"-"`
	Form         Form         `json:"-"`
}

func (v invitationView) title(lang string) string { return i18n.T(lang, "Set up your account") }
func (v invitationView) crumbs(string) []crumb    { return []crumb{homeCrumb} }

func (s *Server) invitationPage(r *http.Request, f Form) (view, error) {
	fresh := r.Method != http.MethodPost
	inv, e, err := s.auth.OfferInvitation(r.Context(), r.PathValue("token"), fresh)
	if err != nil {
		return nil, err
	}
	return invitationView{Organization: inv.Organization, Name: inv.Name, Email: inv.Email, ExpiresAt: inv.ExpiresAt,
		Secret: e.Secret, URL: e.URL, QR: qrDataURL(e.URL), Form: f}, nil
}

// acceptInvitation makes the account, signs it in, and shows its recovery
// codes once.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	a, err := s.auth.AcceptInvitation(r.Context(), r.PathValue("token"), in.Get("password"), in.Get("code"), clientIP(r), r.UserAgent())
	if err != nil {
		return outcome{}, err
	}
	s.setSessionCookie(w, r, a.Token)
	return outcome{view: acceptedView{User: a.User, recoveryView: recoveryView{Codes: a.RecoveryCodes, Next: "/account"}},
		status: http.StatusCreated, template: "recovery.html"}, nil
}

// acceptedView is the new account with its recovery codes.
type acceptedView struct {
	User *accord.User `json:"user"`
	recoveryView
}

// keyFor is the organization and state a head of delegation submits a key
// for: the one of their grants, or the one of organization when they head
// delegations in several.
func keyFor(u *accord.User, organization string) (org, state string) {
	for _, g := range u.Grants {
		if g.Role == accord.RoleHeadOfDelegation && (organization == "" || g.Organization == organization) {
			return g.Organization, g.State
		}
	}
	return organization, ""
}

// submitKey takes a head's public key, for the secretariat to confirm.
func (s *Server) submitKey(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	u, err := signedIn(r)
	if err != nil {
		return outcome{}, err
	}
	org, state := keyFor(u, in.Get("organization"))
	if err := authorize(r, accord.ActCreate, accord.Resource{Kind: accord.KindSigningKey, Organizations: []string{org}, State: state, OwnerID: u.ID}, "signing key"); err != nil {
		return outcome{}, err
	}
	k := &accord.KeySubmission{Organization: org, State: state, UserID: u.ID, Person: u.Name, VKey: in.Get("vkey")}
	if strings.TrimSpace(k.VKey) == "" {
		return outcome{}, accord.Invalid("vkey", "is required: paste the key that 'accord key new' printed")
	}
	if err := s.store.SubmitKey(r.Context(), k); err != nil {
		return outcome{}, err
	}
	return outcome{view: submissionResult{k}, status: http.StatusCreated, redirect: "/account"}, nil
}

type submissionResult struct {
	Submission *accord.KeySubmission `json:"submission"`
}

func (v submissionResult) title(lang string) string { return i18n.T(lang, "Signing key") }
func (v submissionResult) crumbs(string) []crumb    { return []crumb{homeCrumb} }

// accountKeys are the key submissions of the account page, and the
// organizations its user may submit a key for.
func (s *Server) accountKeys(r *http.Request, u *accord.User) ([]*accord.KeySubmission, []string, error) {
	var orgs []string
	for _, g := range u.Grants {
		if g.Role == accord.RoleHeadOfDelegation {
			orgs = append(orgs, g.Organization)
		}
	}
	subs, err := s.store.ListKeySubmissions(r.Context(), "", u.ID)
	return subs, orgs, err
}

// fingerprintMatches compares the fingerprint the holder read aloud, as
// typed (any case, spaces for dashes), with the key's.
func fingerprintMatches(typed, fingerprint string) bool {
	return strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(typed)), " ", "-") == fingerprint
}

// confirmKey enrols a submitted key once the fingerprint the head read to
// the secretariat is typed in and matches.
func (s *Server) confirmKey(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	ctx := r.Context()
	org, id, err := s.keyRoute(r, accord.ActCreate)
	if err != nil {
		return outcome{}, err
	}
	sub, err := s.store.FindKeySubmission(ctx, id)
	if err != nil {
		return outcome{}, err
	}
	if sub.Organization != org.Code {
		return outcome{}, accord.NotFound("key submission", id)
	}
	if !fingerprintMatches(in.Get("fingerprint"), sub.Fingerprint) {
		return outcome{}, accord.Invalid("fingerprint", "the fingerprint does not match the key: do not enrol it until the holder confirms it")
	}
	k := &accord.SigningKey{ValidFrom: accord.DateOf(s.now())}
	b := &binder{in: in}
	b.date("valid_from", &k.ValidFrom)
	b.date("valid_until", &k.ValidUntil)
	if b.err != nil {
		return outcome{}, b.err
	}
	if k.ValidFrom.IsZero() {
		k.ValidFrom = accord.DateOf(s.now())
	}
	if err := s.store.ConfirmKeySubmission(ctx, id, k); err != nil {
		return outcome{}, err
	}
	return outcome{view: keyResult{k}, status: http.StatusCreated, redirect: orgPath(org.Code) + "/signing-keys"}, nil
}

// keyRoute is the organization and id of a signing-key route, once the
// policy lets the actor act on the organization's keys.
func (s *Server) keyRoute(r *http.Request, act accord.Action) (*accord.Organization, int64, error) {
	org, err := s.store.FindOrganization(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(r, act, keyResource(org.Code), "signing key"); err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, 0, accord.Invalid("id", "%q is not an id", r.PathValue("id"))
	}
	return org, id, nil
}

// pendingKeys are an organization's submissions still to confirm.
func (s *Server) pendingKeys(r *http.Request, org string) ([]*accord.KeySubmission, error) {
	subs, err := s.store.ListKeySubmissions(r.Context(), org, 0)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(subs, func(k *accord.KeySubmission) bool { return !k.ConfirmedAt.IsZero() }), nil
}

// keyFormLists fills the signing-keys page's lists for the secretariat:
// the keys waiting for confirmation, the organization's member states and
// the accounts that sign for one, so that neither is typed as a code.
func (s *Server) keyFormLists(r *http.Request, v *keysView) error {
	ctx := r.Context()
	lang := i18n.RequestLanguage(r)
	var err error
	if v.Pending, err = s.pendingKeys(r, v.Organization.Code); err != nil {
		return err
	}
	members, err := s.store.ListMemberships(ctx, v.Organization.Code)
	if err != nil {
		return err
	}
	member := map[string]bool{}
	for _, m := range members {
		member[m.State] = true
	}
	v.States, err = s.stateOptions(ctx, lang, func(code string) bool { return member[code] })
	if err != nil {
		return err
	}
	users, err := s.store.ListOrganizationUsers(ctx, v.Organization.Code)
	if err != nil {
		return err
	}
	for _, u := range users {
		for _, g := range u.Grants {
			if g.Organization == v.Organization.Code && g.State != "" {
				v.People = append(v.People, option{strconv.FormatInt(u.ID, 10), u.Name + " · " + i18n.Enum(lang, g.Role) + " · " + g.State})
				break
			}
		}
	}
	return nil
}

// personOf names the holder of an account chosen from the list, as the
// account names them; an account of another organization is bad input.
func (s *Server) personOf(ctx context.Context, org string, userID int64) (string, error) {
	orgs, err := s.store.UserOrganizations(ctx, userID)
	if accord.ErrorCode(err) == accord.ENOTFOUND || (err == nil && !slices.Contains(orgs, org)) {
		return "", accord.Invalid("user_id", "the account chosen is not an account of the %s", org)
	}
	if err != nil {
		return "", err
	}
	u, err := s.store.FindUser(ctx, userID)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}
