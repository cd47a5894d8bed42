// Command accord-bench measures Accord's read path: it starts the real
// server on the demo data (SQLite in a temporary folder), drives it with
// concurrent keep-alive clients, and reports requests per second and p50/p99
// latency for the XXII meeting page (HTML and JSON) and the home page. In the
// same run it measures a bare net/http handler that writes a fixed page of
// the meeting page's size, the baseline the targets are relative to.
//
// Usage: go run ./cmd/accord-bench [-c 64] [-d 10s]
//
// accord-bench write measures the write path instead (see write.go), and
// accord-bench live the push of a meeting in session (live.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "live" || os.Args[1] == "live-server") {
		run := benchLive
		if os.Args[1] == "live-server" {
			run = liveServerMain
		}
		if err := run(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "accord-bench:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "write" {
		os.Exit(writeMain(os.Args[2:]))
	}
	// Modes other than the default read benchmark: lists, cache and
	// signed-in (reads.go).
	if len(os.Args) > 1 && readMode(os.Args[1]) != nil {
		if err := readMode(os.Args[1])(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "accord-bench:", err)
			os.Exit(1)
		}
		return
	}
	conns := flag.Int("c", 64, "concurrent connections")
	duration := flag.Duration("d", 10*time.Second, "how long to drive each target")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run (server and clients) to this file")
	flag.Parse()
	stop := func() {}
	if *cpuProfile != "" {
		var err error
		if stop, err = startProfile(*cpuProfile); err != nil {
			fmt.Fprintln(os.Stderr, "accord-bench:", err)
			os.Exit(1)
		}
		defer stop()
	}
	if err := run(*conns, *duration); err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "accord-bench:", err)
		os.Exit(1)
	}
}

// startProfile writes a CPU profile to path until the returned function
// is called.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// result is what one target measured.
type result struct {
	name      string
	conns     int
	requests  int
	errors    int64
	status5xx int64
	rps       float64
	p50, p99  time.Duration
	bytes     int
	// reads are the read transactions and statements per request, where
	// the store was counted (benchEnv.drive).
	reads *readsPerRequest
}

type readsPerRequest struct{ transactions, statements float64 }

func run(conns int, duration time.Duration) error {
	e, err := newEnv(context.Background(), "", 0)
	if err != nil {
		return err
	}
	defer e.close()
	accordURL := e.urls[0]

	meetingPath := "/organizations/SCO/bodies/PGM/meetings/22"
	page, err := fetch(accordURL + meetingPath)
	if err != nil {
		return err
	}
	fixed := []byte(page)
	baseURL, stopBase, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(fixed)
	}))
	if err != nil {
		return err
	}
	defer stopBase()

	fmt.Printf("accord-bench: %d connections, %s per target, SQLite, GOMAXPROCS=%d\n\n", conns, duration, runtime.GOMAXPROCS(0))
	targets := []struct{ name, url string }{
		{"baseline (fixed page)", baseURL + "/"},
		{"meeting XXII, HTML", accordURL + meetingPath},
		{"meeting XXII, JSON", accordURL + "/api/v1" + meetingPath},
		{"home page, HTML", accordURL + "/"},
	}
	var results []result
	for _, t := range targets {
		r, err := drive(t.name, t.url, conns, duration)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\terrors\treq/s\tp50\tp99\tbytes\tvs baseline\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%d\t%.0f%%\t\n", r.name, r.requests, r.errors, r.rps,
			r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.bytes, 100*r.rps/results[0].rps)
	}
	tw.Flush()
	return judge(results)
}

// judge checks the targets of the read path on the meeting page (the
// second result) against the baseline (the first), and fails the run on a
// miss or on any failed request, so that a script can rely on the exit
// status.
func judge(results []result) error {
	meeting, baseline := results[1], results[0]
	ratio := meeting.rps / baseline.rps
	fmt.Printf("\nmeeting page: %.0f%% of the baseline's req/s (target at least 40%%), p99 %s (target under 50ms)\n",
		100*ratio, meeting.p99.Round(10*time.Microsecond))
	misses := failedRequests(results)
	if ratio < 0.4 {
		misses = append(misses, "req/s below 40% of the baseline")
	}
	if meeting.p99 >= 50*time.Millisecond {
		misses = append(misses, "p99 of 50ms or more")
	}
	return verdict(misses)
}

// serve starts h on a loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func fetch(url string) (string, error) {
	res, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		return "", fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return string(b), err
}

// drive sends requests to url from conns goroutines, each with its own
// keep-alive connection, for duration, and records every latency.
func drive(name, url string, conns int, duration time.Duration) (result, error) {
	return driveRequests(name, conns, duration, func(int) (*http.Request, error) { return http.NewRequest("GET", url, nil) })
}

// driveRequests is drive with each request made by next, given a number
// unique within the run, and answered 200 OK.
func driveRequests(name string, conns int, duration time.Duration, next func(n int) (*http.Request, error)) (result, error) {
	return driveStatus(name, http.StatusOK, conns, duration, next)
}

// driveStatus is driveRequests with want the status of a success. The
// first request is checked before the clock starts; a run fails with it.
func driveStatus(name string, want, conns int, duration time.Duration, next func(n int) (*http.Request, error)) (result, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	var seq atomic.Int64
	first, err := next(int(seq.Add(1)))
	if err != nil {
		return result{}, err
	}
	res, err := client.Do(first)
	if err != nil {
		return result{}, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != want {
		return result{}, fmt.Errorf("%s: %s %v: %.200s", name, res.Status, err, b)
	}
	body := string(b)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      atomic.Int64
		fivexx    atomic.Int64
		firstErr  atomic.Value
		wg        sync.WaitGroup
	)
	deadline := time.Now().Add(duration)
	start := time.Now()
	for range conns {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				req, err := next(int(seq.Add(1)))
				if err != nil {
					errs.Add(1)
					continue
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != want {
					errs.Add(1)
					if res.StatusCode >= 500 {
						fivexx.Add(1)
					}
					firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %.200s", res.Status, b))
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if e := firstErr.Load(); e != nil {
		fmt.Fprintf(os.Stderr, "accord-bench: %s, at %d clients, first failure: %s\n", name, conns, e)
	}
	if len(latencies) == 0 {
		return result{}, fmt.Errorf("%s: no successful request", name)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	return result{name: name, conns: conns, requests: len(latencies), errors: errs.Load(), status5xx: fivexx.Load(),
		rps: float64(len(latencies)) / elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99), bytes: len(body)}, nil
}
