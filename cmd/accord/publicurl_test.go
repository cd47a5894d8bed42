package main

import (
	"io"
	"testing"
)

func TestPublicURL(t *testing.T) {
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, "http://localhost:8080"},
		{nil, []string{"--addr", ":9000"}, "http://localhost:9000"},
		{nil, []string{"--addr", "0.0.0.0:9000"}, "http://localhost:9000"},
		{nil, []string{"--addr", "[::]:9000"}, "http://localhost:9000"},
		{nil, []string{"--addr", "accord.internal:80"}, "http://accord.internal:80"},
		{map[string]string{"ACCORD_PUBLIC_URL": "https://accord.example.org"}, []string{"--addr", ":9000"}, "https://accord.example.org"},
		{map[string]string{"ACCORD_PUBLIC_URL": "https://accord.example.org"}, []string{"--public-url", "https://other.example.org"}, "https://other.example.org"},
	}
	for _, tc := range cases {
		fs := newFlagSet("t", "", io.Discard)
		cfg := bindServerConfig(fs, func(k string) string { return tc.env[k] }).cfg
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if got := cfg.publicURL(); got != tc.want {
			t.Errorf("env %v, args %v: public URL %q, want %q", tc.env, tc.args, got, tc.want)
		}
	}
}
