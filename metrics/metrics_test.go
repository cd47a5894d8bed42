package metrics_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord/metrics"
)

type queue struct{ running, waiting int }

func (q queue) Argon2Stats() (int, int) { return q.running, q.waiting }

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// Refused sign-in steps count as failed sign-ins; other refusals, reads of
// the sign-in form and successes do not.
func TestSignInFailuresAndQueue(t *testing.T) {
	m := metrics.New()
	m.WatchArgon2(queue{running: 2, waiting: 5})
	for _, r := range []struct {
		route, method string
		status        int
	}{
		{"login", "POST", 401}, {"login", "POST", 429}, {"login", "POST", 303}, {"login_form", "GET", 200},
		{"totp", "POST", 401}, {"document_create", "POST", 403},
	} {
		m.ObserveRequest(r.route, r.method, r.status, time.Millisecond)
	}
	m.TxRetried("create document", "40P01")
	m.Cosigned("kz-witness", nil)
	m.Cosigned("kz-witness", errors.New("refused"))
	body := scrape(t, m)
	for _, want := range []string{
		`accord_signin_failures_total{route="login"} 2`,
		`accord_signin_failures_total{route="totp"} 1`,
		"accord_argon2_running 2",
		"accord_argon2_waiting 5",
		`accord_db_transaction_retries_total{op="create document",sqlstate="40P01"} 1`,
		`accord_witness_cosignings_total{result="cosigned",witness="kz-witness"} 1`,
		`accord_witness_cosignings_total{result="refused",witness="kz-witness"} 1`,
	} {
		// Whole lines: a count of 20 must not pass for 2.
		if !strings.Contains("\n"+body, "\n"+want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, `accord_signin_failures_total{route="document_create"}`) {
		t.Errorf("a refused document counts as a failed sign-in")
	}
}
