package http

import (
	"net/url"
	"unicode/utf8"
)

// safeRedirect keeps a "next" parameter on this site, so that the sign-in
// forms and the language switch cannot be used to send people elsewhere.
// Every place that redirects to a "next" goes through it.
//
// Only a local path passes: one "/" followed by anything but "/" or "\",
// with no control character. Browsers drop tabs and line breaks from a
// Location and read "\" as "/", so "/\t/evil.example" would reach
// //evil.example; the check runs on the value as sent and once more after
// percent-decoding, so that an encoded form of either cannot slip through.
// Anything else goes home.
func safeRedirect(next string) string {
	decoded, err := url.PathUnescape(next)
	if err != nil || !localPath(next) || !localPath(decoded) {
		return "/"
	}
	return next
}

func localPath(p string) bool {
	if p == "" || p[0] != '/' || !utf8.ValidString(p) {
		return false
	}
	if len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	return true
}
