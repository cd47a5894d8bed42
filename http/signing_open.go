package http

import (
	"net/http"
	"net/url"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Opening a document for signature cannot be undone: it freezes the
// versions and fixes the signatories (issue 15, item 7). So the page shows
// the signatories it would fix before it opens, and opening from a page
// needs the box ticked that says they were checked, which works without
// JavaScript. An API client has made its choice by calling.

// signingPreview fills v with what opening would fix, for the person who
// may open it; a document that cannot be opened yet says why instead.
func (s *Server) signingPreview(r *http.Request, v *signingView) error {
	p, err := s.store.PreviewSigning(r.Context(), v.Document.ID)
	switch accord.ErrorCode(err) {
	case "":
	case accord.EINVALID:
		v.CanOpen, v.Unopenable = false, i18n.ErrorText(i18n.RequestLanguage(r), err)
		return nil
	default:
		return err
	}
	v.Preview = p
	return nil
}

// confirmedOpening refuses an opening from a page without its box ticked.
func confirmedOpening(r *http.Request, in url.Values) error {
	if confirmed(r, in) {
		return nil
	}
	return accord.Invalid("confirm", "tick the box to confirm: the signatories and the versions are fixed once the document is open")
}
