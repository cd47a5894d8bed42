package http

import (
	"context"
	"net/http"
	"net/url"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Feedback after an action (issue 15): every form that changes something
// says that it worked, on the page it leads to. An action answered with a
// redirect leaves the name of its route in a short-lived cookie, and the
// next page shows that route's confirmation once and clears the cookie; an
// action that shows its result at once shows it there. The cookie holds a
// route name, never a text, so that nothing a client sets reaches a page:
// a name without a confirmation shows nothing.

const flashCookie = "accord_flash"

// Confirmation is exported for the tests of every route's text.
func Confirmation(lang, route string) string { return confirmation(lang, route) }

// confirmation is the text a page shows after route's action, in lang:
// what the action did. Every action route has one
// (TestEveryActionConfirms); "" for any other name.
func confirmation(lang, route string) string {
	switch route {
	case "invitation_create":
		return i18n.T(lang, "The invitation is made: send its link to the person.")
	case "grant_create":
		return i18n.T(lang, "The role is granted.")
	case "grant_revoke":
		return i18n.T(lang, "The role is revoked.")
	case "account_disable":
		return i18n.T(lang, "The account is disabled.")
	case "account_totp_reset":
		return i18n.T(lang, "The account's authenticator app is reset.")
	case "invitation_accept":
		return i18n.T(lang, "Your account is ready.")
	case "signing_key_submit":
		return i18n.T(lang, "Your public key is sent to the secretariat.")
	case "signing_key_confirm":
		return i18n.T(lang, "The signing key is confirmed.")
	case "chair_rule_set":
		return i18n.T(lang, "The rotation rule is saved.")
	case "chair_rule_form":
		return i18n.T(lang, "The rotation rule is checked: see the preview.")
	case "chair_term_create":
		return i18n.T(lang, "The term in office is recorded.")
	case "chair_terms_import":
		return i18n.T(lang, "The terms in office are imported.")
	case "chair_handover":
		return i18n.T(lang, "The chair is handed over.")
	case "draft_create":
		return i18n.T(lang, "Drafting has started.")
	case "segment_create":
		return i18n.T(lang, "The segment is added.")
	case "segment_update":
		return i18n.T(lang, "The segment is saved.")
	case "segment_text_set":
		return i18n.T(lang, "The text is saved.")
	case "revision_circulate":
		return i18n.T(lang, "The revision is circulated.")
	case "amendment_create":
		return i18n.T(lang, "The amendment is proposed.")
	case "amendment_support":
		return i18n.T(lang, "Your state's support is recorded.")
	case "amendment_objection":
		return i18n.T(lang, "Your state's objection is recorded.")
	case "amendment_decision":
		return i18n.T(lang, "The decision on the amendment is recorded.")
	case "document_create":
		return i18n.T(lang, "The document is created.")
	case "document_update":
		return i18n.T(lang, "The document is saved.")
	case "document_version_add":
		return i18n.T(lang, "The version is stored.")
	case "document_link":
		return i18n.T(lang, "The document is added to the meeting.")
	case "document_unlink":
		return i18n.T(lang, "The document is removed from the meeting.")
	case "document_withdraw":
		return i18n.T(lang, "The document is withdrawn.")
	case "attachment_upload":
		return i18n.T(lang, "The file is uploaded.")
	case "photo_upload":
		return i18n.T(lang, "The photo is added, without its camera data.")
	case "attachment_withdraw":
		return i18n.T(lang, "The file is withdrawn.")
	case "login":
		return i18n.T(lang, "You are signed in.")
	case "totp":
		return i18n.T(lang, "You are signed in.")
	case "passkey_login_begin":
		return i18n.T(lang, "Use your passkey now.")
	case "passkey_login_finish":
		return i18n.T(lang, "You are signed in.")
	case "logout":
		return i18n.T(lang, "You are signed out.")
	case "logout_everywhere":
		return i18n.T(lang, "You are signed out on every device.")
	case "totp_setup":
		return i18n.T(lang, "Two-step sign-in is set up.")
	case "token_create":
		return i18n.T(lang, "The access token is made: copy it now, it is shown only once.")
	case "token_revoke":
		return i18n.T(lang, "The access token is revoked.")
	case "passkey_begin":
		return i18n.T(lang, "Use your passkey now.")
	case "passkey_finish":
		return i18n.T(lang, "The passkey is added.")
	case "passkey_delete":
		return i18n.T(lang, "The passkey is removed.")
	case "password":
		return i18n.T(lang, "Your password is changed.")
	case "language":
		return i18n.T(lang, "The language is changed.")
	case "signing_open":
		return i18n.T(lang, "The document is open for signature.")
	case "signature_add":
		return i18n.T(lang, "Your signature is recorded.")
	case "signing_key_enrol":
		return i18n.T(lang, "The signing key is enrolled.")
	case "signing_key_revoke":
		return i18n.T(lang, "The signing key is revoked.")
	case "adoption_open":
		return i18n.T(lang, "The adoption procedure is open.")
	case "adoption_position":
		return i18n.T(lang, "Your state's position is recorded.")
	case "adoption_close":
		return i18n.T(lang, "The adoption procedure is closed.")
	case "state_create":
		return i18n.T(lang, "The state is added.")
	case "user_create":
		return i18n.T(lang, "The account is created.")
	case "organization_create":
		return i18n.T(lang, "The organization is created.")
	case "organization_update":
		return i18n.T(lang, "The organization is saved.")
	case "membership_create":
		return i18n.T(lang, "The membership is recorded.")
	case "membership_update":
		return i18n.T(lang, "The membership is saved.")
	case "membership_end":
		return i18n.T(lang, "The membership is ended.")
	case "body_create":
		return i18n.T(lang, "The body is created.")
	case "body_update":
		return i18n.T(lang, "The body is saved.")
	case "meeting_create":
		return i18n.T(lang, "The meeting is created.")
	case "meeting_update":
		return i18n.T(lang, "The meeting is saved.")
	case "meeting_cancel":
		return i18n.T(lang, "The meeting is cancelled. Calendars and feeds show it as cancelled.")
	case "meeting_reinstate":
		return i18n.T(lang, "The meeting is reinstated. Calendars and feeds show it as planned again.")
	case "agenda_item_create":
		return i18n.T(lang, "The agenda item is added.")
	case "agenda_items_create":
		return i18n.T(lang, "The agenda items are added.")
	case "agenda_item_update":
		return i18n.T(lang, "The agenda item is saved.")
	case "agenda_item_delete":
		return i18n.T(lang, "The agenda item is removed.")
	case "agenda_item_move":
		return i18n.T(lang, "The agenda item is moved.")
	case "delegation_create":
		return i18n.T(lang, "The delegation is registered.")
	case "delegations_bulk_create":
		return i18n.T(lang, "The delegations are registered: each delegation officer now names the head and the members.")
	case "delegation_answer":
		return i18n.T(lang, "Your answer is recorded: the head and the members are named.")
	case "delegation_decline":
		return i18n.T(lang, "Your answer is recorded: the invitation is declined. You may still accept it until the meeting.")
	case "participant_add":
		return i18n.T(lang, "The participant is added.")
	case "participant_update":
		return i18n.T(lang, "The participant is saved.")
	case "sitting_change":
		return i18n.T(lang, "The sitting is updated.")
	case "measure_create":
		return i18n.T(lang, "The measure is recorded.")
	case "measure_import":
		return i18n.T(lang, "The measures are imported.")
	case "report_create":
		return i18n.T(lang, "Your state's report is submitted.")
	case "assessment_create":
		return i18n.T(lang, "The assessment is recorded.")
	case "round_open":
		return i18n.T(lang, "The reporting round is open.")
	case "round_close":
		return i18n.T(lang, "The reporting round is closed: reports from now on are marked late.")
	case "follow_up_statuses_set", "follow_up_statuses_form":
		return i18n.T(lang, "The council's statuses are saved.")
	case "follow_up_summary":
		return i18n.T(lang, "The summing-up is made and put on the next meeting's agenda.")
	case "assessment_import":
		return i18n.T(lang, "The assessments are imported.")
	case "participant_remove":
		return i18n.T(lang, "The participant is removed.")
	}
	return ""
}

type flashKey struct{}

// withConfirmation marks r as the request whose action route just did its
// work, for a result shown at once rather than after a redirect.
func withConfirmation(r *http.Request, route string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), flashKey{}, route))
}

// confirmAfterRedirect leaves route's confirmation for the next page.
func confirmAfterRedirect(w http.ResponseWriter, r *http.Request, route string) {
	if confirmation("en", route) == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: route, Path: "/", MaxAge: 120, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// hasConfirmation tells whether a confirmation waits for r's page; such a
// page is the reader's own and never served from or put in the cache.
func hasConfirmation(r *http.Request) bool {
	c, err := r.Cookie(flashCookie)
	return err == nil && c.Value != ""
}

// confirmedRoute is the route whose confirmation r's page shows, or "":
// for a page that shows it by the section the action belongs to.
func confirmedRoute(r *http.Request) string {
	if route, ok := r.Context().Value(flashKey{}).(string); ok {
		return route
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		return c.Value
	}
	return ""
}

// takeConfirmation is the confirmation r's page shows, in lang: the one
// of the action just done, else the one a redirect left, which it clears.
func takeConfirmation(w http.ResponseWriter, r *http.Request, lang string) string {
	if route, ok := r.Context().Value(flashKey{}).(string); ok {
		return confirmation(lang, route)
	}
	c, err := r.Cookie(flashCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	return confirmation(lang, c.Value)
}

// rememberLanguage keeps the language a reader chose by a link (?lang=zh)
// in the "lang" cookie, so that the next link they follow stays in it; the
// link itself stays a plain GET that the cache and search engines can keep.
func rememberLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if r.Method != http.MethodGet || isAPI(r) || !i18n.IsInterfaceLanguage(lang) {
		return
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == lang {
		return
	}
	setLanguageCookie(w, r, lang)
}

func setLanguageCookie(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

// langLink is one entry of the language switch.
type langLink struct {
	Code    string
	Href    string
	Current bool
}

// languageLinks are the links to this page in each interface language:
// the same path and query, lang replaced, so that a filter or a page
// number survives the switch. Parameters named like a credential are left
// out: a page must never repeat one that a link put in its URL.
func languageLinks(r *http.Request, current string) []langLink {
	out := make([]langLink, 0, len(i18n.Languages))
	for _, code := range i18n.Languages {
		q := r.URL.Query()
		for k := range q {
			if credentialParams[k] {
				q.Del(k)
			}
		}
		q.Set("lang", code)
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		out = append(out, langLink{Code: code, Href: u.String(), Current: code == current})
	}
	return out
}

// confirmed tells whether a person acting from a page ticked the box that
// confirms what cannot be undone, which works without JavaScript. An API
// client has made its choice by calling.
func confirmed(r *http.Request, in url.Values) bool {
	return isAPI(r) || in.Get("confirm") == "yes"
}

// confirmedWithdrawal asks a person withdrawing a document or a file to
// confirm it: a withdrawal cannot be undone.
func confirmedWithdrawal(r *http.Request, in url.Values) error {
	if confirmed(r, in) {
		return nil
	}
	return accord.Invalid("confirm", "tick the box to confirm: a withdrawal cannot be undone")
}

// IsAction tells whether the route changes something (and so confirms it).
func (rt Route) IsAction() bool { return rt.action != nil }

var credentialParams = map[string]bool{"secret": true, "token": true, "code": true, "password": true, "key": true}
