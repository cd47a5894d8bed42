package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accord-org/accord/sqlstore/sqltest"
	"github.com/pquerna/otp/totp"
)

// initSecrets are what accord init prints once.
var (
	initPassword = regexp.MustCompile(`Password \(shown once\): (\S+)`)
	initKey      = regexp.MustCompile(`Authenticator key \(add it to an authenticator app\): (\S+)`)
	initCodes    = regexp.MustCompile(`Recovery codes \(each works once\): (\S+( \S+)+)`)
)

// TestInit starts a platform from an empty database with accord init, and
// its administrator then registers a council, a state with the council's
// own Russian name and the council's first secretariat account through the
// API alone. A second init refuses.
func TestInit(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn, data := sqltest.DSN(t, engine), t.TempDir()
			code, stdout, stderr := runCLI(t, "init", "--db", dsn, "--data", data, "--email", "admin@example.org", "--name", "Platform Administrator")
			if code != 0 {
				t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
			}
			pw, key, codes := initPassword.FindStringSubmatch(stdout), initKey.FindStringSubmatch(stdout), initCodes.FindStringSubmatch(stdout)
			if pw == nil || key == nil || codes == nil || len(strings.Fields(codes[1])) < 8 {
				t.Fatalf("init does not print the password, key and recovery codes:\n%s", stdout)
			}
			code, stdout2, stderr := runCLI(t, "init", "--db", dsn, "--data", data, "--email", "other@example.org", "--name", "Someone Else")
			if code != 1 || !strings.Contains(stderr, "has an administrator already") || strings.Contains(stdout2, "Password") {
				t.Errorf("second init: exit %d, stdout %q, stderr %q", code, stdout2, stderr)
			}
			code, list, _ := runCLI(t, "user", "list", "--db", dsn, "--data", data)
			if code != 0 || strings.Contains(list, "other@example.org") || !strings.Contains(list, "administrator") {
				t.Errorf("user list after the refused init: exit %d\n%s", code, list)
			}

			m := NewMain(Config{Addr: "127.0.0.1:0", DB: dsn, DataDir: data, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			t.Cleanup(func() { m.Close() })
			if err := m.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			c := newAPIClient(t, m.URL())
			c.login("admin@example.org", pw[1], key[1])
			c.call("POST", "/organizations", `{"code":"OTS","names":{"en":"Organization of Turkic States"},"founded":"2009-10-03"}`, 201, nil)
			var kg struct {
				Code  string
				Names map[string]string
			}
			c.call("POST", "/states", `{"code":"KG","names":{"ru":"Кыргызстан"}}`, 201, &kg)
			if kg.Names["ru"] != "Кыргызстан" || kg.Names["en"] != "Kyrgyzstan" || kg.Names["zh"] == "" {
				t.Errorf("state KG: %v", kg.Names)
			}
			var sec struct {
				Password         string
				AuthenticatorKey string   `json:"authenticator_key"`
				RecoveryCodes    []string `json:"recovery_codes"`
			}
			c.call("POST", "/users", `{"name":"OTS Secretary","email":"secretary@ots.example.org","role":"secretariat","organization":"OTS"}`, 201, &sec)
			if sec.Password == "" || sec.AuthenticatorKey == "" || len(sec.RecoveryCodes) == 0 {
				t.Fatalf("the secretariat account's secrets: %+v", sec)
			}
			// The new secretariat works in its organization, and cannot
			// make an administrator.
			s := newAPIClient(t, m.URL())
			s.login("secretary@ots.example.org", sec.Password, sec.AuthenticatorKey)
			s.call("POST", "/organizations/OTS/memberships", `{"state":"KG","status":"member","from":"2009-10-03"}`, 201, nil)
			s.call("POST", "/users", `{"name":"Second Admin","email":"admin2@example.org","role":"administrator"}`, 403, nil)
		})
	}
}

// apiClient is a signed-in browser, as far as the API can tell.
type apiClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func newAPIClient(t *testing.T, base string) *apiClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (c *apiClient) login(email, password, key string) {
	c.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	c.call("POST", "/login", string(body), 200, nil)
	code, err := totp.GenerateCode(key, time.Now())
	if err != nil {
		c.t.Fatal(err)
	}
	c.call("POST", "/login/totp", `{"code":"`+code+`"}`, 200, nil)
}

func (c *apiClient) call(method, path, body string, status int, v any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+"/api/v1"+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		c.t.Fatalf("%s %s: %d, want %d\n%s", method, path, res.StatusCode, status, b)
	}
	if v != nil {
		decode(c.t, string(b), v)
	}
}
