package openapi

import "github.com/accord-org/accord"

func invitationSchema() js {
	return obj(js{
		"id":           integer("The invitation's id."),
		"organization": str("The organization that invites."),
		"name":         str("The person's full name."),
		"email":        js{"type": "string", "format": "email"},
		"lang":         str("The interface language of the account."),
		"invited_by":   integer("The account that made the invitation."),
		"created_at":   stamp(""),
		"expires_at":   stamp("After this the link works no more: 7 days after it was made."),
		"used_at":      stamp("When the person accepted it; absent until then."),
		"user_id":      integer("The account made by accepting it."),
	}, "id", "organization", "name", "email", "lang", "created_at", "expires_at")
}

func keySubmissionSchema() js {
	return obj(js{
		"id":           integer("The submission's id."),
		"organization": str("The organization the key signs in."),
		"state":        str("The state whose delegation the holder heads."),
		"user_id":      integer("The holder's account."),
		"person":       str("The holder, as the account names them."),
		"vkey":         str("The public key, in signed-note verifier form."),
		"fingerprint":  str("What the holder reads to the secretariat."),
		"submitted_at": stamp(""),
		"confirmed_at": stamp("When the secretariat confirmed it; absent while it waits."),
		"key_id":       integer("The enrolled signing key, once confirmed."),
	}, "id", "organization", "state", "user_id", "person", "vkey", "fingerprint", "submitted_at")
}

// accountOperationDocs describe the administration of an organization's
// accounts, the invitation link, and the head's key submission.
func accountOperationDocs() map[string]operationDoc {
	const (
		tag       = "Account administration"
		signIn    = "Sign in first."
		forbidden = "Only the organization's secretariat, or the administrator, manages its accounts."
		noAccount = "No such organization, or no such account in it, or the reader may not see its accounts."
		noInvite  = "No such invitation."
		used      = "The invitation was used already, or has expired."
	)
	orgAccounts := obj(js{
		"organization": ref("Organization"),
		"accounts":     arr(ref("User")),
		"invitations":  arr(ref("Invitation")),
		"invitation":   desc(ref("Invitation"), "The invitation just made."),
		"link":         str("The one-time invitation link, shown only in the answer that made it."),
	}, "organization", "accounts", "invitations")
	account := obj(js{"user": desc(ref("User"), "The account as it is now.")}, "user")
	return map[string]operationDoc{
		"org_accounts": {Tag: tag, Summary: "An organization's accounts and invitations", Access: needsSignIn,
			Response: orgAccounts, Errors: map[int]string{404: noAccount}},
		"invitation_create": {Tag: tag, Summary: "Invite a person", Access: needsSignIn, Status: 201,
			Description: "Makes a one-time link, valid 7 days, that the person opens to set a password and an authenticator app. No mail is sent: the link is in the answer, to copy, and is never shown again.",
			Body: obj(js{
				"name":  str("The person's full name."),
				"email": str("Their e-mail address; it must have no account yet."),
				"lang":  oneOf("The interface language; en when not sent.", "en", "ru", "zh"),
			}, "name", "email"),
			Response: orgAccounts,
			Errors: map[int]string{400: "A field is missing or malformed.", 401: signIn, 403: forbidden, 404: "No such organization.",
				409: "An account with this e-mail address exists (field email)."}},
		"org_account": {Tag: tag, Summary: "An account, with its roles and sessions", Access: needsSignIn,
			Response: obj(js{
				"organization": ref("Organization"),
				"user":         ref("User"),
				"sessions": arr(obj(js{
					"id": integer(""), "mfa": boolean("The second factor was given."), "created_at": stamp(""), "last_seen_at": stamp(""),
					"revoked_at": stamp("When it ended; absent while open."), "ip": str(""), "user_agent": str(""),
				}, "id", "mfa", "created_at", "last_seen_at", "ip", "user_agent")),
			}, "organization", "user", "sessions"),
			Errors: map[int]string{400: "The id is not a number.", 404: noAccount}},
		"grant_create": {Tag: tag, Summary: "Grant a role in the organization", Access: needsSignIn, Status: 201,
			Body: obj(js{
				"role":         oneOf("The role.", enumOf(accord.RoleHeadOfDelegation, accord.RoleDelegationOfficer, accord.RoleChairOfficer, accord.RoleObserver, accord.RoleSecretariat)...),
				"organization": str("The organization of the route, if sent at all: a grant in another is refused (403)."),
				"state":        str("The state, for a head of delegation, a delegation officer or a chair officer."),
				"body":         str("The body, for a chair officer."),
			}, "role"),
			Response: account,
			Errors: map[int]string{400: "The role, state or body is unknown or does not fit the role (the field is named).", 401: signIn,
				403: forbidden + " Or the grant is outside the organization.", 404: noAccount, 409: "The account has this role already."}},
		"grant_revoke": {Tag: tag, Summary: "Revoke a role", Access: needsSignIn, Response: account,
			Errors: map[int]string{400: "The grant id is not a number.", 401: signIn, 403: forbidden, 404: noAccount + " Or the grant is not one of the organization's."}},
		"account_disable": {Tag: tag, Summary: "Disable an account", Access: needsSignIn, Response: account,
			Description: "Its sessions and personal access tokens end at once, in the same transaction; it opens no new ones.",
			Errors:      map[int]string{401: signIn, 403: forbidden + " Only an administrator disables an administrator.", 404: noAccount, 409: "The account is disabled already."}},
		"account_totp_reset": {Tag: tag, Summary: "Reset an account's second factor", Access: needsSignIn, Response: account,
			Description: "Removes the authenticator app and recovery codes and ends the account's sessions: the person sets up a new app at the next sign-in.",
			Errors:      map[int]string{401: signIn, 403: forbidden, 404: noAccount}},
		"invitation": {Tag: tag, Summary: "Open an invitation link",
			Description: "Offers a new authenticator key at each visit, kept with the invitation, so that whoever opened the link before the person does not know the key they confirm.",
			Response: obj(js{
				"organization": str(""), "name": str(""), "email": str(""), "expires_at": stamp(""),
				"authenticator_key": str("The TOTP key to add to an app, base32."), "otpauth_url": str("The otpauth:// URL an app scans."),
			}, "organization", "name", "email", "expires_at", "authenticator_key", "otpauth_url"),
			Errors: map[int]string{404: noInvite, 409: used}},
		"invitation_accept": {Tag: tag, Summary: "Accept an invitation", Status: 201,
			Description: "Makes the account with the password and the authenticator key the link offered last, confirmed by a code of the app, marks the invitation used, and signs the person in (the session cookie). The recovery codes are in the answer, once.",
			Body: obj(js{
				"password": str("The new password, 12 characters or more."),
				"code":     str("The 6-digit code the app shows for the offered key."),
			}, "password", "code"),
			Response: obj(js{"user": ref("User"), "recovery_codes": arr(str("A recovery code; each works once.")), "next": str("Where to go next.")}, "user", "recovery_codes"),
			Errors:   map[int]string{400: "The password is too short, or the code does not match.", 404: noInvite, 409: used + " Or an account with its e-mail address exists."}},
		"signing_key_submit": {Tag: tagSigningKeys, Summary: "Submit your public signing key", Access: needsSession, Status: 201,
			Description: "A head of delegation submits the public key 'accord key new' printed; the secretariat enrols it once the head reads it the fingerprint.",
			Body: obj(js{
				"vkey":         str("The public key."),
				"organization": str("The organization, when the head heads delegations in several."),
			}, "vkey"),
			Response: obj(js{"submission": ref("KeySubmission")}, "submission"),
			Errors: map[int]string{400: "The key is missing or malformed.", 401: signIn, 403: "Only a head of delegation submits a key, from a browser session.",
				409: "The key is submitted or enrolled already."}},
		"signing_key_confirm": {Tag: tagSigningKeys, Summary: "Confirm a submitted key by its fingerprint", Access: needsSignIn, Status: 201,
			Description: "The fingerprint typed must be the key's, as the holder read it: a wrong one enrols nothing.",
			Body: obj(js{
				"fingerprint": str("The fingerprint the holder read aloud."),
				"valid_from":  formDate("The first day it may sign; today when absent."),
				"valid_until": formDate("The last day it may sign."),
			}, "fingerprint"),
			Response: obj(js{"key": ref("SigningKey")}, "key"),
			Errors: map[int]string{400: "The fingerprint does not match, or a date is malformed.", 401: signIn, 403: "Only the organization's secretariat enrols keys.",
				404: "No such organization, or no such submission in it.", 409: "The submission was confirmed already."}},
	}
}

// tagSigningKeys groups the key routes with the other signing ones.
const tagSigningKeys = "Signing"
