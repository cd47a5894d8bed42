package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublicURL(t *testing.T) {
	any4 := &net.TCPAddr{IP: net.IPv4zero, Port: 9000}
	cases := []struct {
		env  map[string]string
		args []string
		got  *net.TCPAddr
		want string
	}{
		{nil, nil, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://localhost:8080"},
		{nil, []string{"--addr", ":9000"}, &net.TCPAddr{IP: net.IPv6unspecified, Port: 9000}, "http://localhost:9000"},
		{nil, []string{"--addr", "0.0.0.0:9000"}, any4, "http://localhost:9000"},
		{nil, []string{"--addr", "[::]:9000"}, &net.TCPAddr{IP: net.IPv6unspecified, Port: 9000}, "http://localhost:9000"},
		{nil, []string{"--addr", "accord.internal:80"}, &net.TCPAddr{IP: net.IPv4(10, 0, 0, 7), Port: 80}, "http://accord.internal:80"},
		{nil, []string{"--addr", "127.0.0.1:0"}, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}, "http://127.0.0.1:41234"},
		{nil, []string{"--addr", "localhost:0"}, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}, "http://localhost:41234"},
		{map[string]string{"ACCORD_PUBLIC_URL": "https://accord.example.org"}, []string{"--addr", ":9000"}, any4, "https://accord.example.org"},
		{map[string]string{"ACCORD_PUBLIC_URL": "https://accord.example.org"}, []string{"--public-url", "https://other.example.org"}, any4, "https://other.example.org"},
	}
	for _, tc := range cases {
		fs := newFlagSet("t", "", io.Discard)
		cfg := bindServerConfig(fs, func(k string) string { return tc.env[k] }).cfg
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if got := publicURL(cfg.PublicURL, cfg.Addr, tc.got); got != tc.want {
			t.Errorf("env %v, args %v: public URL %q, want %q", tc.env, tc.args, got, tc.want)
		}
	}
}

// TestPublicURLOfPortZero: a server asked to listen on port 0 hands out
// links with the port it got, never ":0".
func TestPublicURLOfPortZero(t *testing.T) {
	dir := t.TempDir()
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "accord.db"), DataDir: dir, Migrate: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if strings.HasSuffix(m.publicURL, ":0") || m.publicURL != m.URL() {
		t.Fatalf("public URL %q, server at %q", m.publicURL, m.URL())
	}
}
