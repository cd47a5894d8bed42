package main

import "net"

// publicURL is PublicURL, or else the listening address as a browser on the
// same machine reaches it: a host left out or unspecified ("", 0.0.0.0,
// ::) is localhost, which, unlike an address, can carry passkeys.
func (c *Config) publicURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://" + c.Addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
