package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-org/accord/sqlstore/sqltest"
)

// probeWriter is the demo's standard output: when the demo reports its
// first data, loading is under way, and the probe asks /healthz and
// /readyz then; when it says it is serving, it asks again and stops it.
type probeWriter struct {
	t      *testing.T
	url    string
	stop   context.CancelFunc
	mu     sync.Mutex
	out    strings.Builder
	during []int
	after  []int
}

func (p *probeWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out.Write(b)
	probe := func() []int {
		var got []int
		for _, path := range []string{"/healthz", "/readyz"} {
			res, err := http.Get(p.url + path)
			if err != nil {
				p.t.Errorf("GET %s: %v", path, err)
				return nil
			}
			res.Body.Close()
			got = append(got, res.StatusCode)
		}
		return got
	}
	s := string(b)
	if strings.Contains(s, "Demo data:") && p.during == nil {
		p.during = probe()
	}
	if strings.Contains(s, "Press Ctrl-C") {
		p.after = probe()
		p.stop()
	}
	return len(b), nil
}

// TestDemoReadyWhenLoaded runs `accord demo` and asks whether it is ready
// while it is loading: a script that waits for /readyz or /healthz must
// not go on to read a half-loaded database.
func TestDemoReadyWhenLoaded(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := ln.Addr().String()
			ln.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			p := &probeWriter{t: t, url: "http://" + addr, stop: cancel}
			var stderr strings.Builder
			code := run(ctx, []string{"demo", "--db", sqltest.DSN(t, engine), "--addr", addr, "--data", t.TempDir()}, func(string) string { return "" }, p, &stderr)
			if code != 0 {
				t.Fatalf("demo: exit %d\n%s\n%s", code, p.out.String(), stderr.String())
			}
			if len(p.during) != 2 || p.during[0] != 503 || p.during[1] != 503 {
				t.Errorf("while loading, /healthz and /readyz answered %v, want [503 503]", p.during)
			}
			if len(p.after) != 2 || p.after[0] != 200 || p.after[1] != 200 {
				t.Errorf("once loaded, /healthz and /readyz answered %v, want [200 200]", p.after)
			}
		})
	}
}
