package main

import (
	"fmt"
	"net"
)

// publicURL is the configured public URL, or else where a browser on the
// same machine reaches a listener asked for at listenAddr that got the
// address got: by the name it was given (localhost, which passkeys need,
// rather than the 127.0.0.1 it resolved to), with the port the kernel gave
// (--addr localhost:0); a host left out or unspecified ("", 0.0.0.0, ::)
// is localhost.
func publicURL(configured, listenAddr string, got *net.TCPAddr) string {
	if configured != "" {
		return configured
	}
	host := got.IP.String()
	if h, _, err := net.SplitHostPort(listenAddr); err == nil && h != "" && net.ParseIP(h) == nil {
		host = h
	}
	if got.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(got.Port))
}
