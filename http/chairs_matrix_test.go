package http_test

// chairsMatrix says who may use the routes that set up a chairmanship:
// anyone reads the rule and previews a handover; only the organization's
// secretariat sets the rule and records terms (a bad body reaches
// validation: 400).
func chairsMatrix() map[string][]matrixCase {
	const pgm = "/organizations/SCO/bodies/PGM"
	secretariat := func(status int) map[string]int { return every(403, rolePublic, 401, roleSecretariat, status) }
	return map[string][]matrixCase{
		"chair_rule":             {{path: pgm + "/rule", want: every(200)}},
		"chair_rule_set":         {{method: "PUT", path: pgm + "/rule", body: `{"kind":"lottery"}`, want: secretariat(400)}},
		"chair_rule_form":        {{method: "POST", path: pgm + "/rule", body: `{"kind":"lottery"}`, want: secretariat(400)}},
		"chair_term_create":      {{method: "POST", path: pgm + "/chairs", body: `{"state":"KZ","from":"2001-06-15","basis":"chance"}`, want: secretariat(400)}},
		"chair_terms_import":     {{method: "POST", path: pgm + "/chairs/import", body: `{"csv":"KZ,2001-06-15,,,chance,"}`, want: secretariat(400)}},
		"chair_handover_preview": {{path: pgm + "/chairs/handover/preview?meeting=22", want: every(200)}},
	}
}
