package openapi

import "github.com/accord-org/accord"

// setupOperationDocs describe the routes that set up a platform: states
// and accounts.
func setupOperationDocs() map[string]operationDoc {
	const tagSetup = "Setup"
	return map[string]operationDoc{
		"state_create": {Tag: tagSetup, Summary: "Register a state", Access: needsSignIn, Status: 201,
			Description: "The names in en, ru and zh default to CLDR's; any sent replaces CLDR's in its language (Кыргызстан, where CLDR says Киргизия). A code with a suffix (CY-N) has no CLDR names and needs all three.",
			Body: obj(js{
				"code":  str("ISO 3166-1 alpha-2 (KG), or two letters and a suffix (CY-N)."),
				"names": text("Names that replace CLDR's, by language."),
			}, "code"),
			Response: ref("State"),
			Errors: map[int]string{400: "The code is malformed or names no country, or a name is missing.", 401: "Sign in first.",
				403: "Only the administrator or a secretariat registers a state.", 409: "The state is registered already."}},
		"user_create": {Tag: tagSetup, Summary: "Make an account", Access: needsSignIn, Status: 201,
			Description: "The answer carries the one-time password and, for an account with a role, the authenticator key and recovery codes: they are shown once. The administrator makes any account; a secretariat, those of its organization.",
			Body: obj(js{
				"name":         str("The full name."),
				"email":        str("The e-mail address, in lower case."),
				"lang":         oneOf("The interface language; en when not sent.", "en", "ru", "zh"),
				"role":         oneOf("The one role; none for a public account.", enumOf(accord.Roles...)...),
				"organization": str("The organization of the role; none for press and administrator."),
				"body":         str("The body of a chair officer."),
				"state":        str("The state of a chair officer, delegation officer or head of delegation."),
			}, "name", "email"),
			Response: obj(js{
				"user":              ref("User"),
				"password":          str("The one-time password."),
				"authenticator_key": str("The TOTP key, for an account with a role."),
				"recovery_codes":    arr(str("A recovery code; each works once.")),
			}, "user", "password"),
			Errors: map[int]string{400: "A field is missing or malformed, or the role's scope is wrong.", 401: "Sign in first.",
				403: "Only the administrator, or the organization's secretariat, makes its accounts.", 409: "An account with this e-mail address exists."}},
	}
}
