package main

import (
	"errors"
	"net/http"
	"time"

	"github.com/accord-org/accord/metrics"
)

// newMetrics wires the metrics into the store, the log and sign-in. Run
// calls it after the database and the log exist.
func (m *Main) newMetrics() *metrics.Metrics {
	mt := metrics.New()
	m.DB.SetObserver(mt)
	mt.WatchPools(m.DB.Pools())
	mt.WatchLog(m.DB, time.Now)
	m.Log.Cosigned = mt.Cosigned
	mt.WatchArgon2(m.Auth)
	return mt
}

// serveMetrics serves /metrics on its own listener, so that the metrics
// stay off the public address.
func (m *Main) serveMetrics() error {
	ln, err := listen("metrics-addr", m.Config.MetricsAddr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Metrics.Handler())
	m.metricsLn = ln
	m.metricsServer = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := m.metricsServer.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Config.Logger.Error("metrics listener stopped", "err", err)
		}
	}()
	return nil
}

// MetricsURL is where the running server's metrics are, "" when off.
func (m *Main) MetricsURL() string {
	if m.metricsLn == nil {
		return ""
	}
	return "http://" + m.metricsLn.Addr().String() + "/metrics"
}
