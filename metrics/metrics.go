// Package metrics is Accord's Prometheus adapter: it turns what the server,
// the store, the log and sign-in report into metrics, and serves them on
// the operator's own listener (accord serve --metrics-addr).
//
// It holds no global state: each Metrics has its own registry, so that
// tests and several servers in one process do not share counters.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/accord-org/accord/sqlstore"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics collects Accord's metrics. Its methods implement
// http.Observer and sqlstore.Observer.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	retries  *prometheus.CounterVec
	cosigns  *prometheus.CounterVec
	signIns  *prometheus.CounterVec
}

// New makes a registry with the process's and Go's own collectors and
// Accord's metrics.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accord_http_requests_total",
		Help: "HTTP requests by route name, method and status."}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "accord_http_request_duration_seconds",
		Help: "HTTP request latency by route name and method.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
		[]string{"route", "method"})
	m.retries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accord_db_transaction_retries_total",
		Help: "Transactions run again after a serialization failure or a deadlock, by operation and SQLSTATE."}, []string{"op", "sqlstate"})
	m.cosigns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accord_witness_cosignings_total",
		Help: "Checkpoints submitted to witnesses, by witness and result (cosigned or refused)."}, []string{"witness", "result"})
	m.signIns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accord_signin_failures_total",
		Help: "Refused sign-in steps (password, second factor, passkey), by route."}, []string{"route"})
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, m.retries, m.cosigns, m.signIns)
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// signInRoutes are the routes whose refusals are failed sign-ins.
var signInRoutes = map[string]bool{"login": true, "totp": true, "passkey_login_finish": true, "totp_setup": true}

// ObserveRequest counts a request and its latency; a refused sign-in step
// also counts as a sign-in failure.
func (m *Metrics) ObserveRequest(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
	if method == http.MethodPost && signInRoutes[route] && status >= 400 && status < 500 {
		m.signIns.WithLabelValues(route).Inc()
	}
}

// TxRetried counts a retried transaction.
func (m *Metrics) TxRetried(op, sqlstate string) { m.retries.WithLabelValues(op, sqlstate).Inc() }

// Cosigned counts a witness's answer to a checkpoint.
func (m *Metrics) Cosigned(witness string, err error) {
	result := "cosigned"
	if err != nil {
		result = "refused"
	}
	m.cosigns.WithLabelValues(witness, result).Inc()
}

// WatchPools reports the connection pools' statistics (open, in use, idle,
// waits), each pool under its role.
func (m *Metrics) WatchPools(pools map[string]*sql.DB) {
	for name, db := range pools {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
}

// LogSource reads the log's status: sqlstore.DB.
type LogSource interface {
	LogStatus(ctx context.Context) (sqlstore.LogStatus, error)
}

// WatchLog reports the log's size and the age of its latest checkpoint,
// read from the database at each scrape, so that every instance reports
// the shared log and not just what it signed itself.
func (m *Metrics) WatchLog(src LogSource, now func() time.Time) {
	m.reg.MustRegister(&logCollector{src: src, now: now})
}

var (
	logSizeDesc = prometheus.NewDesc("accord_log_size", "Entries in the transparency log.", nil, nil)
	cpSizeDesc  = prometheus.NewDesc("accord_log_checkpoint_size", "Size of the latest signed checkpoint.", nil, nil)
	cpAgeDesc   = prometheus.NewDesc("accord_log_checkpoint_age_seconds", "Age of the latest signed checkpoint.", nil, nil)
)

type logCollector struct {
	src LogSource
	now func() time.Time
}

func (c *logCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- logSizeDesc
	ch <- cpSizeDesc
	ch <- cpAgeDesc
}

// Collect leaves the log's metrics out while the database does not answer,
// rather than reporting zeros that would look like an empty log.
func (c *logCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := c.src.LogStatus(ctx)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(logSizeDesc, prometheus.GaugeValue, float64(st.Size))
	if st.CheckpointAt.IsZero() {
		return
	}
	ch <- prometheus.MustNewConstMetric(cpSizeDesc, prometheus.GaugeValue, float64(st.CheckpointSize))
	ch <- prometheus.MustNewConstMetric(cpAgeDesc, prometheus.GaugeValue, c.now().Sub(st.CheckpointAt).Seconds())
}

// Argon2Queue is a password hasher with a bounded budget of concurrent
// argon2 computations (auth.Service).
type Argon2Queue interface {
	// Argon2Stats returns the computations running and those waiting.
	Argon2Stats() (running, waiting int)
}

var (
	argonRunningDesc = prometheus.NewDesc("accord_argon2_running", "Password hashes being computed.", nil, nil)
	argonWaitingDesc = prometheus.NewDesc("accord_argon2_waiting", "Sign-ins waiting for the argon2 budget.", nil, nil)
)

// WatchArgon2 reports the argon2 queue.
func (m *Metrics) WatchArgon2(q Argon2Queue) { m.reg.MustRegister(argonCollector{q}) }

type argonCollector struct{ q Argon2Queue }

func (c argonCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- argonRunningDesc
	ch <- argonWaitingDesc
}

func (c argonCollector) Collect(ch chan<- prometheus.Metric) {
	running, waiting := c.q.Argon2Stats()
	ch <- prometheus.MustNewConstMetric(argonRunningDesc, prometheus.GaugeValue, float64(running))
	ch <- prometheus.MustNewConstMetric(argonWaitingDesc, prometheus.GaugeValue, float64(waiting))
}
