package openapi

// bundleSchemas are the signed document's bundle in full, nested objects
// included, as docs/formats.md section 8 specifies it: an independent
// verifier can be generated from them.
func bundleSchemas() js {
	entry := obj(js{
		"index":   integer("The entry's index in the log."),
		"data":    str("The entry's bytes as logged: JSON, in the clear or sealed (a commitment)."),
		"proof":   str("The entry's C2SP tlog-proof against the bundle's checkpoint."),
		"details": str("For a sealed entry: the details it commits to."),
		"salt":    js{"type": "string", "contentEncoding": "base16", "description": "For a sealed entry of version 2: the 32-byte salt, in hex."},
	}, "index", "data", "proof")
	return js{
		"BundleEntry": entry,
		"BundleVersion": obj(js{
			"lang":      str("The version's language tag."),
			"revision":  integer("Its revision, from 1."),
			"authentic": boolean("Whether the version is authentic, or a translation."),
			"title":     str("Its title."),
			"body":      str("Its body; the canonical bytes are the title, a blank line, the body and a final newline."),
			"details":   str("Bundles of format v1 only: the entry's details."),
			"entry":     desc(ref("BundleEntry"), "The version's document_version entry."),
		}, "lang", "revision", "authentic", "title", "body", "entry"),
		"BundleStatement": obj(js{
			"text":  str("The signing statement."),
			"entry": desc(ref("BundleEntry"), "Its signing_statement entry."),
		}, "text", "entry"),
		"BundleSignature": obj(js{
			"state": str("The state that signed."),
			"note":  str("The signed note: the statement and the signature line."),
			"entry": desc(ref("BundleEntry"), "Its signature entry."),
		}, "state", "note", "entry"),
		"BundleRevision": obj(js{
			"number": integer("The circulated revision's number, from 1."),
			"sha256": str("The SHA-256 of its canonical bytes, which its entry commits to."),
			"entry":  desc(ref("BundleEntry"), "Its draft_revision entry."),
		}, "number", "sha256", "entry"),
		"Bundle": obj(js{
			"format":      str("The bundle format: accord-bundle/v2."),
			"origin":      str("The log's origin, its key name."),
			"document_id": js{"type": "integer", "format": "int64", "description": "The document."},
			"reference":   str("Its reference."),
			"versions":    arr(ref("BundleVersion")),
			"statement":   ref("BundleStatement"),
			"signatures":  arr(ref("BundleSignature")),
			"keys":        arr(desc(ref("BundleEntry"), "The key_enrolment entry of a key that signed, and its key_revocation when revoked.")),
			"completion":  desc(ref("BundleEntry"), "The signing_complete entry, once signed by all."),
			"revisions":   desc(arr(ref("BundleRevision")), "For a document negotiated as a draft: every circulated revision, the adopted one among them."),
			"checkpoint":  str("The (cosigned) checkpoint every proof is against."),
		}, "format", "origin", "document_id", "reference", "versions", "statement", "signatures", "keys", "checkpoint"),
	}
}
