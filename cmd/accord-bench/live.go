package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
	"github.com/accord-org/accord/demo"
	accordhttp "github.com/accord-org/accord/http"
	"github.com/accord-org/accord/sqlstore"
)

// accord-bench live: the push of a meeting in session (issue 13). The
// server runs as a child process of the benchmark (the same binary, in
// mode live-server), so that its RSS and CPU are its own and not the load
// generator's; -instances 2 starts two on one PostgreSQL, and the
// clients are split between them. N clients follow meeting XXII's
// stream over raw keep-alive connections; the chair then changes the
// speaker every second (a request for the floor, then the floor given
// half a second later: two events), and halfway through 10% of the clients are cut and
// reconnect with Last-Event-ID. For each event the benchmark records
// when the last client received it, and counts the events any client
// missed.
//
// Each connection is a file descriptor on both sides: the benchmark
// raises its RLIMIT_NOFILE to the hard limit, and its children inherit
// it.
func benchLive(args []string) error {
	fs := flag.NewFlagSet("live", flag.ExitOnError)
	n := fs.Int("n", 10000, "concurrent SSE clients")
	duration := fs.Duration("d", time.Minute, "how long the chair changes the speaker, once a second")
	instances := fs.Int("instances", 1, "server instances, clients split between them; more than one needs -db postgres://")
	dsn := fs.String("db", "", "a postgres:// URL (a schema of its own is made); empty for SQLite in a temporary folder")
	reconnect := fs.Float64("reconnect", 0.1, "the share of clients cut halfway and reconnected with Last-Event-ID")
	heapProfile := fs.String("heapprofile", "", "write each instance's heap profile, once the clients are connected, to this file (.1, .2 for each instance)")
	cpuProfile := fs.String("cpuprofile", "", "profile each instance's CPU while the chair changes the speaker, into this file (.1, .2 for each instance; .bench for the load generator)")
	fs.Parse(args)
	if *instances > 1 && !strings.HasPrefix(*dsn, "postgres") {
		return errors.New("-instances above 1 needs -db postgres://")
	}
	limit, err := raiseFileLimit()
	if err != nil {
		return err
	}
	// The limit is per process: the benchmark holds a descriptor for
	// each client, and each instance one for each of its clients, plus
	// a few for files and the database.
	if need := uint64(*n) + 200; limit < need {
		return fmt.Errorf("RLIMIT_NOFILE is %d, below the %d that %d clients need: raise the hard limit (ulimit -Hn)", limit, need, *n)
	}
	ctx := context.Background()
	db, token, meeting, cleanup, err := prepareLive(ctx, *dsn)
	if err != nil {
		return err
	}
	defer cleanup()

	var servers []*liveServer
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for range *instances {
		s, err := startLiveServer(db)
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	path := "/api/v1/organizations/SCO/bodies/PGM/meetings/22"
	chair := servers[0].url + path + "/sitting"
	if err := command(chair, token, `{"kind":"session_opened"}`, nil); err != nil {
		return err
	}
	if err := command(chair, token, fmt.Sprintf(`{"kind":"item_opened","item":%d}`, meeting.item), nil); err != nil {
		return err
	}
	time.Sleep(time.Second) // the feeds settle
	before := make([]procStat, len(servers))
	for i, s := range servers {
		before[i] = readProc(s.pid)
	}

	// The clients connect, split between the instances.
	clients := make([]*sseClient, *n)
	var connected sync.WaitGroup
	start := time.Now()
	for i := range clients {
		c := &sseClient{addr: strings.TrimPrefix(servers[i%len(servers)].url, "http://"), path: path + "/live"}
		clients[i] = c
		connected.Add(1)
		go c.run(&connected)
		if i%200 == 199 {
			time.Sleep(20 * time.Millisecond) // not a SYN flood
		}
	}
	connected.Wait()
	stats := liveStats(clients)
	fmt.Printf("%d clients connected in %s\n", *n, time.Since(start).Round(time.Millisecond))
	time.Sleep(2 * time.Second)
	after := make([]procStat, len(servers))
	for i, s := range servers {
		after[i] = readProc(s.pid)
	}
	if *heapProfile != "" {
		for i, s := range servers {
			if err := s.heapProfile(fmt.Sprintf("%s.%d", *heapProfile, i+1)); err != nil {
				return err
			}
		}
	}

	// The chair changes the speaker every second (a state asks for the
	// floor, and half a second later has it); halfway, 10% of the
	// clients are cut.
	states := meeting.states
	sent := map[int64]time.Time{}
	// commands are the chair's round trips, which the time to all
	// clients includes: the change is stored before it is sent.
	var commands []time.Duration
	tick := time.NewTicker(time.Second / 2)
	cpuStart := make([]procStat, len(servers))
	for i, s := range servers {
		cpuStart[i] = readProc(s.pid)
	}
	if *cpuProfile != "" {
		for i, s := range servers {
			if err := s.request(fmt.Sprintf("cpu %s.%d", *cpuProfile, i+1)); err != nil {
				return err
			}
		}
		f, err := os.Create(*cpuProfile + ".bench")
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	runStart := time.Now()
	seconds := int(duration.Seconds())
	for i := range seconds {
		<-tick.C
		if i == seconds/2 {
			cut := int(float64(*n) * *reconnect)
			for _, c := range clients[:cut] {
				c.cut()
			}
			fmt.Printf("cut %d clients, which reconnect with Last-Event-ID\n", cut)
		}
		state := states[i%len(states)]
		t0 := time.Now()
		var v struct{ Sitting accord.Sitting }
		if err := command(chair, token, `{"kind":"floor_requested","state":"`+state+`"}`, &v); err != nil {
			return err
		}
		sent[v.Sitting.Version] = t0
		commands = append(commands, time.Since(t0))
		req := v.Sitting.LastRequest
		// The floor is given half a second after it was asked for, as
		// in a hall: each event then reaches the clients on its own,
		// and the figure is an event's, not the sum of two sent at once.
		<-tick.C
		t0 = time.Now()
		if err := command(chair, token, fmt.Sprintf(`{"kind":"floor_given","request":%d,"limit":60}`, req), &v); err != nil {
			return err
		}
		sent[v.Sitting.Version] = t0
		commands = append(commands, time.Since(t0))
	}
	tick.Stop()
	wall := time.Since(runStart)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
		for _, s := range servers {
			if err := s.request("cpustop"); err != nil {
				return err
			}
		}
	}
	cpuEnd := make([]procStat, len(servers))
	for i, s := range servers {
		cpuEnd[i] = readProc(s.pid)
	}
	// Let the last events arrive: the wait ends as soon as every client
	// has every event, or after 10 s.
	versions := slices.Sorted(mapKeys(sent))
	lastVersion := versions[len(versions)-1]
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if stats.count(lastVersion) >= *n {
			break
		}
	}

	var lat []time.Duration
	incomplete := 0
	for _, v := range versions {
		got, at := stats.get(v)
		if got < *n {
			incomplete++
			continue
		}
		lat = append(lat, at.Sub(sent[v]))
	}
	lost := int64(0)
	reconnects := int64(0)
	for _, c := range clients {
		c.close()
		lost += c.lost.Load() + int64(max(0, int(lastVersion-c.last.Load())))
		reconnects += c.reconnects.Load()
	}
	slices.Sort(lat)
	fmt.Printf("\naccord-bench live: %d clients on %d instance(s) (%s), %d events over %s\n", *n, len(servers), db, len(versions), wall.Round(time.Second))
	if len(lat) > 0 {
		fmt.Printf("time to all clients: p50 %s  p99 %s  max %s  (%d events reached every client, %d did not)\n",
			pct(lat, 50), pct(lat, 99), lat[len(lat)-1], len(lat), incomplete)
	} else {
		fmt.Printf("no event reached every client (%d events)\n", incomplete)
	}
	for i := range servers {
		rss := after[i].rss - before[i].rss
		per := rss / max(1, uint64(*n/len(servers)))
		cpu := float64(cpuEnd[i].cpu-cpuStart[i].cpu) / float64(wall)
		// The RSS just after the clients connected still holds the
		// heap their requests used and the runtime has not yet given
		// back; the RSS at the end of the run is the steady state.
		steady := (cpuEnd[i].rss - min(cpuEnd[i].rss, before[i].rss)) / max(1, uint64(*n/len(servers)))
		fmt.Printf("instance %d: RSS %d MiB with its clients, %d KiB before them: %.1f KB per connection once connected, %.1f KB at the end of the run (%d MiB); CPU %.0f%% of a core\n",
			i+1, after[i].rss>>20, before[i].rss>>10, float64(per)/1000, float64(steady)/1000, cpuEnd[i].rss>>20, cpu*100)
	}
	slices.Sort(commands)
	if len(commands) > 0 {
		fmt.Printf("the chair's command (included above): p50 %s  p99 %s\n", pct(commands, 50), pct(commands, 99))
	}
	fmt.Printf("events lost: %d (reconnections: %d)\n", lost, reconnects)
	fmt.Printf("RLIMIT_NOFILE raised to %d\n", limit)
	return nil
}

// pct is the p-th percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// raiseFileLimit sets the soft RLIMIT_NOFILE to the hard one, which the
// children started after inherit, and returns it.
func raiseFileLimit() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, err
	}
	l.Cur = l.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, err
	}
	return l.Cur, nil
}

type liveMeeting struct {
	item   int64
	states []string
}

// prepareLive loads the demo into a database of its own and makes a
// secretariat token for the chair's commands.
func prepareLive(ctx context.Context, dsn string) (string, string, liveMeeting, func(), error) {
	var lm liveMeeting
	dsn, remove, err := benchDatabase(dsn)
	if err != nil {
		return "", "", lm, nil, err
	}
	db, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		remove()
		return "", "", lm, nil, err
	}
	defer db.Close()
	fail := func(err error) (string, string, liveMeeting, func(), error) { remove(); return "", "", lm, nil, err }
	if _, err := db.Migrate(ctx); err != nil {
		return fail(err)
	}
	actx := accord.WithActor(ctx, &accord.Actor{Label: "demo"})
	if _, err := demo.Load(actx, db, accord.DateOf(time.Now())); err != nil {
		return fail(err)
	}
	a := auth.New(db, nil)
	if _, err := demo.LoadAccounts(actx, db, a); err != nil {
		return fail(err)
	}
	u, err := db.FindUserByEmail(actx, "secretariat@demo.accord")
	if err != nil {
		return fail(err)
	}
	token, _, err := a.CreateToken(actx, u, "bench", accord.ScopeWrite, 1)
	if err != nil {
		return fail(err)
	}
	m, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
	if err != nil {
		return fail(err)
	}
	agenda, err := db.ListAgenda(ctx, m.ID)
	if err != nil {
		return fail(err)
	}
	dels, err := db.ListDelegations(ctx, m.ID)
	if err != nil {
		return fail(err)
	}
	lm.item = agenda[0].ID
	for _, d := range dels {
		if d.State != "" {
			lm.states = append(lm.states, d.State)
		}
	}
	return dsn, token, lm, remove, nil
}

// command sends one command of the chair and decodes the console.
func command(u, token, body string, out any) error {
	req, err := http.NewRequest("POST", u, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		return fmt.Errorf("%s: %s %.300s", body, res.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// liveServer is one instance, a child process.
type liveServer struct {
	url  string
	pid  int
	cmd  *exec.Cmd
	stop func()
	// ask sends the child a line on its stdin; answer reads its reply.
	ask    io.Writer
	answer *bufio.Reader
}

// heapProfile has the child write its heap profile to file, and waits
// until it has.
func (s *liveServer) heapProfile(file string) error { return s.request("heap " + file) }

// request sends the child one line and waits for its "ok".
func (s *liveServer) request(line string) error {
	if _, err := io.WriteString(s.ask, line+"\n"); err != nil {
		return err
	}
	answer, err := s.answer.ReadString('\n')
	if err != nil {
		return err
	}
	if answer = strings.TrimSpace(answer); answer != "ok" {
		return fmt.Errorf("%s: %s", line, answer)
	}
	return nil
}

func startLiveServer(dsn string) (*liveServer, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "live-server", dsn)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("live server: %w", err)
	}
	s := &liveServer{url: strings.TrimSpace(line), pid: cmd.Process.Pid, cmd: cmd, ask: stdin, answer: out}
	s.stop = func() { stdin.Close(); cmd.Wait() }
	return s, nil
}

// liveServerMain is the child: the server and its feed on dsn, until its
// stdin closes.
func liveServerMain(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: accord-bench live-server DSN")
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, args[0], nil)
	if err != nil {
		return err
	}
	defer db.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := accordhttp.New(accordhttp.Config{Store: db, Logger: quiet})
	if err != nil {
		return err
	}
	last, err := db.LastSittingEvent(ctx)
	if err != nil {
		return err
	}
	hub := h.Hub()
	hub.Resume(last)
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	go db.FollowSittings(fctx, last, hub.Publish, func(err error) { fmt.Fprintln(os.Stderr, "feed:", err) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(hub.Close)
	go srv.Serve(ln)
	fmt.Println("http://" + ln.Addr().String())
	// Each line on stdin is a request of the benchmark: "heap FILE"
	// writes the heap profile, "cpu FILE" starts a CPU profile and
	// "cpustop" ends it. Stdin's end is the end of the run.
	in := bufio.NewScanner(os.Stdin)
	var cpu *os.File
	for in.Scan() {
		line := in.Text()
		if file, ok := strings.CutPrefix(line, "heap "); ok {
			fmt.Println(cmp.Or(writeHeapProfile(file), "ok"))
		} else if file, ok := strings.CutPrefix(line, "cpu "); ok {
			f, err := os.Create(file)
			if err == nil {
				err = pprof.StartCPUProfile(f)
			}
			if err != nil {
				fmt.Println(err)
				continue
			}
			cpu = f
			fmt.Println("ok")
		} else if line == "cpustop" && cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
			cpu = nil
			fmt.Println("ok")
		} else {
			fmt.Println("unknown request")
		}
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// writeHeapProfile writes the live heap, after a collection, to file; it
// answers "" or what failed.
func writeHeapProfile(file string) string {
	f, err := os.Create(file)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		return err.Error()
	}
	// What the heap profile does not show: the stacks, and the memory
	// the heap holds but no longer uses.
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	summary := fmt.Sprintf("goroutines %d\nstack in use %d KiB\nheap in use %d KiB\nheap idle %d KiB\nheap released %d KiB\nheap objects %d\nsys %d KiB\n",
		runtime.NumGoroutine(), m.StackInuse>>10, m.HeapInuse>>10, m.HeapIdle>>10, m.HeapReleased>>10, m.HeapObjects, m.Sys>>10)
	if err := os.WriteFile(file+".txt", []byte(summary), 0o644); err != nil {
		return err.Error()
	}
	return ""
}

// procStat is a process's resident memory and CPU time so far.
type procStat struct {
	rss uint64
	cpu time.Duration
}

func readProc(pid int) procStat {
	var p procStat
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				p.rss = kb << 10
			}
		}
	}
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		// The fields after the command's name, which is in parentheses.
		if i := strings.LastIndexByte(string(b), ')'); i > 0 {
			f := strings.Fields(string(b)[i+2:])
			if len(f) > 13 {
				ut, _ := strconv.ParseInt(f[11], 10, 64)
				st, _ := strconv.ParseInt(f[12], 10, 64)
				p.cpu = time.Duration(ut+st) * time.Second / 100 // USER_HZ
			}
		}
	}
	return p
}

// liveStats records, for each event (by the sitting's version), how many
// clients received it and when the last did. Each client keeps its own
// arrivals and the benchmark merges them when it reads: 10,000 clients
// taking one lock for each event would make the load generator, not the
// server, what the figure measures.
type liveStats []*sseClient

// arrival is one event as one client saw it.
type arrival struct {
	version int64
	at      time.Time
}

// get counts the clients that received version, and when the last did.
func (s liveStats) get(version int64) (int, time.Time) {
	n, last := 0, time.Time{}
	for _, c := range s {
		if at, ok := c.arrivedAt(version); ok {
			n++
			if at.After(last) {
				last = at
			}
		}
	}
	return n, last
}

func (s liveStats) count(version int64) int { n, _ := s.get(version); return n }

// sseClient follows the stream on one connection, reconnecting with the
// id of the last event it saw when the connection ends.
type sseClient struct {
	addr, path string
	mu         sync.Mutex
	conn       net.Conn
	closed     atomic.Bool
	// last is the last version seen, lastID the last event id; lost
	// counts the versions skipped.
	last, lastID, lost, reconnects atomic.Int64
	// arrived holds the events this client saw, in order of version.
	amu     sync.Mutex
	arrived []arrival
}

func (c *sseClient) arrive(version int64, at time.Time) {
	c.amu.Lock()
	c.arrived = append(c.arrived, arrival{version, at})
	c.amu.Unlock()
}

// arrivedAt is when the client saw version, found by binary search: the
// versions arrive in rising order.
func (c *sseClient) arrivedAt(version int64) (time.Time, bool) {
	c.amu.Lock()
	defer c.amu.Unlock()
	i, ok := slices.BinarySearchFunc(c.arrived, version, func(a arrival, v int64) int { return cmp.Compare(a.version, v) })
	if !ok {
		return time.Time{}, false
	}
	return c.arrived[i].at, true
}

func (c *sseClient) run(connected *sync.WaitGroup) {
	first := true
	for !c.closed.Load() {
		err := c.follow(func() {
			if first {
				first = false
				connected.Done()
			}
		})
		if first {
			// Could not connect: try again shortly, still counted as
			// not connected.
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if c.closed.Load() {
			return
		}
		_ = err
		c.reconnects.Add(1)
	}
	if first {
		connected.Done()
	}
}

func (c *sseClient) follow(ready func()) error {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.conn = conn
	c.mu.Unlock()
	defer conn.Close()
	req := "GET " + c.path + " HTTP/1.1\r\nHost: " + c.addr + "\r\nAccept: text/event-stream\r\n"
	if id := c.lastID.Load(); id > 0 {
		req += "Last-Event-ID: " + strconv.FormatInt(id, 10) + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		return err
	}
	r := bufio.NewReaderSize(conn, 1024)
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("stream: %s", res.Status)
	}
	ready()
	body := bufio.NewReaderSize(res.Body, 1024)
	for {
		line, err := body.ReadSlice('\n')
		if err != nil {
			return err
		}
		data, ok := bytes.CutPrefix(line, []byte("data: "))
		if !ok {
			continue
		}
		now := time.Now()
		// Two numbers of a frame the server encoded: read by a scan,
		// since decoding the whole event for 10,000 clients would be the
		// load generator's work counted as the server's latency.
		id, ok1 := jsonInt(data, `"id":`)
		version, ok2 := jsonInt(data, `"version":`)
		if !ok1 || !ok2 {
			continue
		}
		e := struct{ ID, Version int64 }{id, version}
		last := c.last.Load()
		switch {
		case e.Version <= last:
			continue // a second delivery
		case last > 0 && e.Version > last+1:
			c.lost.Add(e.Version - last - 1)
		}
		c.last.Store(e.Version)
		c.lastID.Store(e.ID)
		c.arrive(e.Version, now)
	}
}

// cut closes the connection, as a network would: the client reconnects.
func (c *sseClient) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		c.conn.Close()
	}
}

func (c *sseClient) close() {
	c.closed.Store(true)
	c.cut()
}

// jsonInt reads the integer after key in an event's JSON: the events are
// flat objects of the server's own encoding, whose keys appear once.
func jsonInt(data []byte, key string) (int64, bool) {
	i := bytes.Index(data, []byte(key))
	if i < 0 {
		return 0, false
	}
	rest := data[i+len(key):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	n, err := strconv.ParseInt(string(rest[:j]), 10, 64)
	return n, err == nil
}
