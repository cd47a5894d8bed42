package openapi

// documentPDFOperationDocs describe the PDF of a document (documentPDFRoutes),
// served the same at its page's address and under the API's.
func documentPDFOperationDocs() map[string]operationDoc {
	const (
		noDoc = "The document does not exist, or the reader may not read it: a restricted document is as missing as an absent one. Or it is neither an outcome document (protocol, declaration) nor a press release."
		about = "For printing and for the archive, in A4, its fonts embedded as subsets. The texts are those frozen for signature when the document was opened for it, else the latest in each authentic language, " +
			"else every latest version; the authentic texts are set side by side (?layout=parallel, the default) or one after the other (?layout=sequential). " +
			"A document opened for signature adds its signatories, who has signed, and a verification block: the SHA-256 of each version, the log indexes, the log's latest checkpoint and a QR code to the signing page. " +
			"The labels are in the reader's language."
	)
	layout := param{"layout", "How the texts in several languages are set: side by side or one after the other.", oneOf("", "parallel", "sequential")}
	doc := operationDoc{Tag: "Documents", Summary: "A document as PDF", Description: about, Media: []string{"application/pdf"}, Query: []param{layout},
		Response: js{"type": "string", "contentMediaType": "application/pdf", "description": "The PDF, served inline with a file name made of the reference."},
		Errors: map[int]string{400: "The id is not a document id, or layout is neither parallel nor sequential, or the document is too long to print.", 404: noDoc,
			503: "PDFs cannot be made on this server: the fonts they need are not installed."}}
	api := doc
	api.Summary = "A document as PDF (the API's address)"
	return map[string]operationDoc{"document_pdf": doc, "document_pdf_api": api}
}
