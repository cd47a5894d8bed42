package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/demo"
	"github.com/pquerna/otp/totp"
)

// runNegotiation plays a whole negotiation of an outcome document (issue
// 11) through the JSON API of a server it starts on a throwaway database
// with the demo data: a draft in the authentic languages, revisions,
// amendments of two delegations, a silence broken by an objection, a
// second silence that passes, adoption, a signature by every head of
// delegation with `accord sign`, and `accord verify` of the bundle.
//
// A silence runs at least 72 hours, and production has no way to shorten
// it. This command's server alone runs on a clock the command moves on, so
// that the rule stays as it is and the play takes seconds.
func runNegotiation(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("negotiation", "Plays a whole negotiation of an outcome document through the JSON API, on a server it starts\nwith the demo data and a clock it moves on past each silence's deadline, and verifies the signed bundle.\n", stderr)
	dsn := fs.String("db", "", "database: a postgres:// URL, or a SQLite file (default: one in --data)")
	data := fs.String("data", "", "folder for the server's data, the keys, the bundle and the trust file (default: a temporary one, removed after)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" {
		dir, err := os.MkdirTemp("", "accord-negotiation-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*data = dir
	}
	clock := &movingClock{}
	m := NewMain(Config{Addr: "127.0.0.1:0", DB: *dsn, DataDir: *data, Migrate: true, Now: clock.now,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	defer m.Close()
	if err := m.Run(ctx); err != nil {
		return err
	}
	accounts, err := loadDemo(ctx, m, io.Discard)
	if err != nil {
		return err
	}
	n := &negotiation{ctx: ctx, base: m.URL(), clock: clock, out: stdout, data: *data, env: env, stderr: stderr,
		tokens: map[string]string{}, accounts: accounts}
	fmt.Fprintf(stdout, "Server with the demo data on %s.\n", m.URL())
	if err := n.play(); err != nil {
		return err
	}
	trust := filepath.Join(*data, "negotiation-trust.txt")
	if err := os.WriteFile(trust, fmt.Appendf(nil, "log %s\nquorum none\n", m.Log.Signer.VKey()), 0o644); err != nil {
		return err
	}
	return n.verify(trust)
}

// loadDemo loads the demo data, draft, accounts and signatures into m's
// database, reporting to w, and returns the demo accounts. opts go to the
// loaders of dated records (demo.WithClock).
func loadDemo(ctx context.Context, m *Main, w io.Writer, opts ...demo.Option) ([]demo.Account, error) {
	ctx = accord.WithActor(ctx, &accord.Actor{Label: "demo"})
	report, err := demo.Load(ctx, m.DB, accord.DateOf(m.Config.Now()), opts...)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "Demo data: %s.\n", report)
	if report, err = demo.LoadDraft(ctx, m.DB, accord.DateOf(m.Config.Now())); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "Demo draft of meeting XXIII: %s.\n", report)
	if report, err = demo.LoadFollowUp(ctx, m.DB, m.Config.Now()); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "Demo follow-up of the XXII protocol: %s.\n", report)
	accounts, err := demo.LoadAccounts(ctx, m.DB, m.Auth)
	if err != nil {
		return nil, err
	}
	printDemoAccounts(w, accounts)
	signing, err := demo.LoadSignatures(ctx, m.DB, m.Log, m.Config.DataDir, opts...)
	if err != nil {
		return nil, err
	}
	printDemoSigning(w, signing)
	return accounts, nil
}

// movingClock is the real time plus an offset that only grows.
type movingClock struct{ offset atomic.Int64 }

func (c *movingClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *movingClock) move(d time.Duration) {
	c.offset.Add(int64(d))
}

// negotiation is the play's state: who is signed in, with which token, and
// what was made.
type negotiation struct {
	ctx    context.Context
	base   string
	clock  *movingClock
	out    io.Writer
	stderr io.Writer
	env    func(string) string
	data   string
	// tokens are the write tokens by actor: "secretariat", "chair", or a
	// state's code for its head (India's delegation officer is "IN-officer").
	tokens   map[string]string
	accounts []demo.Account
	members  []string
	doc      string
	bundle   string
}

// call sends a JSON request as who and decodes the answer into v; an answer
// other than want is an error that quotes it.
func (n *negotiation) call(who, method, path string, body any, want int, v any) error {
	return n.send(who, method, "/api/v1"+path, body, want, v)
}

// send is call for any path, such as the statement's and the bundle's,
// which are served outside the API as files.
func (n *negotiation) send(who, method, path string, body any, want int, v any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(n.ctx, method, n.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if t := n.tokens[who]; t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return err
	}
	fmt.Fprintf(n.out, "  %-12s %-4s %s → %d\n", who, method, path, res.StatusCode)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s as %s: %d, want %d: %s", method, path, who, res.StatusCode, want, bytes.TrimSpace(raw))
	}
	if v != nil {
		if s, ok := v.(*string); ok {
			*s = string(raw)
			return nil
		}
		return json.Unmarshal(raw, v)
	}
	return nil
}

// signIn signs in with the password and the authenticator's code at the
// server's time, and keeps a write token for who.
func (n *negotiation) signIn(who, email, password, secret string) error {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return err
	}
	c := &http.Client{Jar: jar, Timeout: time.Minute}
	post := func(path string, body map[string]any, v any) error {
		b, _ := json.Marshal(body)
		req, err := http.NewRequestWithContext(n.ctx, "POST", n.base+"/api/v1"+path, bytes.NewReader(b))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := c.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		if res.StatusCode >= 300 {
			return fmt.Errorf("sign-in of %s at %s: %d %s", email, path, res.StatusCode, bytes.TrimSpace(raw))
		}
		if v != nil {
			return json.Unmarshal(raw, v)
		}
		return nil
	}
	if err := post("/login", map[string]any{"email": email, "password": password}, nil); err != nil {
		return err
	}
	code, err := totp.GenerateCode(secret, n.clock.now())
	if err != nil {
		return err
	}
	if err := post("/login/totp", map[string]any{"code": code}, nil); err != nil {
		return err
	}
	var tok struct{ Token string }
	if err := post("/account/tokens", map[string]any{"name": "negotiation", "scope": "write", "expires_in_days": "30"}, &tok); err != nil {
		return err
	}
	n.tokens[who] = tok.Token
	fmt.Fprintf(n.out, "  %-12s signed in as %s\n", who, email)
	return nil
}

func (n *negotiation) step(format string, args ...any) {
	fmt.Fprintf(n.out, "\n%s\n", fmt.Sprintf(format, args...))
}

// texts is a segment's or an amendment's text in the authentic languages.
func texts(ru, zh string) map[string]string { return map[string]string{"ru": ru, "zh": zh} }

// negotiationSegments are the draft's segments, labelled as an
// illustration: nothing in them was said by any government.
var negotiationSegments = []struct {
	kind   string
	ru, zh string
}{
	{"heading", "[ИЛЛЮСТРАЦИЯ] Декларация о сотрудничестве в обмене опытом", "【示例】关于经验交流合作的宣言"},
	{"preamble", "Участники рассмотрели пример текста для демонстрации.", "与会者审议了用于演示的示例案文。"},
	{"operative", "Участники договорились обмениваться опытом.", "与会者商定交流经验。"},
	{"operative", "Участники поручили рабочей группе подготовить доклад.", "与会者责成工作组编写报告。"},
}

func (n *negotiation) play() error {
	n.step("1. The secretariat, Pakistan's chair officer and head, and India's delegation officer sign in; the secretariat makes an account for every other head of delegation.")
	as := map[string]string{"secretariat@demo.accord": "secretariat", "chair@demo.accord": "chair", "delegation@demo.accord": "IN-officer", "head@demo.accord": "PK"}
	for _, a := range n.accounts {
		if who, ok := as[a.Email]; ok {
			if err := n.signIn(who, a.Email, demo.Password, a.TOTPSecret); err != nil {
				return err
			}
		}
	}
	var meeting struct {
		Meeting accord.Meeting `json:"meeting"`
	}
	if err := n.call("secretariat", "GET", "/organizations/SCO/bodies/PGM/meetings/23", nil, 200, &meeting); err != nil {
		return err
	}
	var members struct {
		Members []accord.MemberState `json:"members"`
	}
	if err := n.call("secretariat", "GET", "/organizations/SCO/members?on="+meeting.Meeting.Start.String(), nil, 200, &members); err != nil {
		return err
	}
	for _, ms := range members.Members {
		n.members = append(n.members, ms.State)
	}
	slices.Sort(n.members)
	for _, st := range n.members {
		if st == "PK" {
			continue
		}
		var e struct {
			Password string
			Key      string `json:"authenticator_key"`
		}
		email := "head-" + strings.ToLower(st) + "@negotiation.demo.accord"
		if err := n.call("secretariat", "POST", "/users", map[string]string{"name": "Head of delegation " + st + " (illustration)", "email": email,
			"role": "head_of_delegation", "organization": "SCO", "state": st}, 201, &e); err != nil {
			return err
		}
		if err := n.signIn(st, email, e.Password, e.Key); err != nil {
			return err
		}
	}

	n.step("2. The chair files an outcome document of meeting XXIII (Islamabad, chaired by Pakistan) and drafts it in Russian and Chinese.")
	var created struct {
		Document accord.Document `json:"document"`
	}
	if err := n.call("chair", "POST", "/documents", map[string]any{"meeting_id": fmt.Sprint(meeting.Meeting.ID), "reference": "SCO/PGM/XXIII/DECLARATION/ILLUSTRATION",
		"kind": "declaration", "classification": "restricted", "author": "chair", "lang": "ru", "title": "[ИЛЛЮСТРАЦИЯ] Декларация",
		"body": "Текст согласуется в проекте."}, 201, &created); err != nil {
		return err
	}
	n.doc = fmt.Sprintf("/documents/%d", created.Document.ID)
	draft := n.doc + "/draft"
	if err := n.call("chair", "POST", draft, map[string]string{"drafting_lang": "ru", "languages": "ru, zh"}, 201, nil); err != nil {
		return err
	}
	after := ""
	for i, s := range negotiationSegments {
		if err := n.call("chair", "POST", draft+"/segments", map[string]any{"kind": s.kind, "after": after, "texts": texts(s.ru, s.zh)}, 201, nil); err != nil {
			return err
		}
		after = fmt.Sprint(i + 1)
	}
	if err := n.finalAll(); err != nil {
		return err
	}

	n.step("3. The chair circulates revision 1; India proposes an amendment to paragraph 1, Russia one to paragraph 2; Kazakhstan supports India's, China objects to Russia's.")
	if err := n.call("chair", "POST", draft+"/revisions", nil, 201, nil); err != nil {
		return err
	}
	if err := n.call("IN-officer", "POST", n.doc+"/amendments", map[string]any{"segment_id": "3", "revision": "1", "op": "replace",
		"texts": texts("Участники договорились регулярно обмениваться опытом.", "与会者商定定期交流经验。"), "justification": "Регулярность (иллюстрация)."}, 201, nil); err != nil {
		return err
	}
	if err := n.call("RU", "POST", n.doc+"/amendments", map[string]any{"segment_id": "4", "revision": "1", "op": "replace",
		"texts": texts("Участники поручили рабочей группе подготовить доклад за месяц.", "与会者责成工作组在一个月内编写报告。"), "justification": "Срок (иллюстрация)."}, 201, nil); err != nil {
		return err
	}
	if err := n.call("KZ", "POST", n.doc+"/amendments/1/support", nil, 200, nil); err != nil {
		return err
	}
	if err := n.call("CN", "POST", n.doc+"/amendments/2/objection", map[string]string{"text": "Срок слишком короток (иллюстрация)."}, 200, nil); err != nil {
		return err
	}

	n.step("4. The chair accepts India's amendment and rejects Russia's, brings every text to final, and circulates revision 2.")
	if err := n.call("chair", "POST", n.doc+"/amendments/1/decision", map[string]string{"outcome": "accept"}, 200, nil); err != nil {
		return err
	}
	if err := n.call("chair", "POST", n.doc+"/amendments/2/decision", map[string]string{"outcome": "reject", "reason": "Китай возражает (иллюстрация)."}, 200, nil); err != nil {
		return err
	}
	if err := n.finalAll(); err != nil {
		return err
	}
	if err := n.call("chair", "POST", draft+"/revisions", nil, 201, nil); err != nil {
		return err
	}
	var diff string
	if err := n.call("RU", "GET", draft+"/revisions/2/diff?against=1", nil, 200, &diff); err != nil {
		return err
	}
	if !strings.Contains(diff, "регулярно") {
		return fmt.Errorf("the diff of revision 2 against 1 does not show India's amendment: %.500s", diff)
	}

	n.step("5. The chair puts revision 2 to a silence procedure of 72 hours; India objects, which breaks the silence.")
	if err := n.call("chair", "POST", n.doc+"/adoption", map[string]string{"method": "silence"}, 201, nil); err != nil {
		return err
	}
	if err := n.call("IN-officer", "POST", n.doc+"/adoption/positions", map[string]string{"state": "IN", "kind": "objection",
		"text": "Нужно уточнить пункт 2 (иллюстрация).", "lang": "ru"}, 200, nil); err != nil {
		return err
	}
	if err := n.expectAdoption(accord.NotAdopted, "IN"); err != nil {
		return err
	}

	n.step("6. Back to negotiation: the chair amends paragraph 2 as India asked, and circulates revision 3.")
	if err := n.call("chair", "POST", draft+"/segments/4", map[string]any{"texts": texts("Участники поручили рабочей группе подготовить доклад к следующему совещанию.",
		"与会者责成工作组在下次会议前编写报告。")}, 200, nil); err != nil {
		return err
	}
	if err := n.finalAll(); err != nil {
		return err
	}
	if err := n.call("chair", "POST", draft+"/revisions", nil, 201, nil); err != nil {
		return err
	}

	n.step("7. A second silence on revision 3: Russia records no objection, Kazakhstan an interpretative statement; nobody objects, and the clock passes the deadline.")
	if err := n.call("chair", "POST", n.doc+"/adoption", map[string]string{"method": "silence", "revision": "3"}, 201, nil); err != nil {
		return err
	}
	if err := n.call("RU", "POST", n.doc+"/adoption/positions", map[string]string{"kind": "no_objection"}, 200, nil); err != nil {
		return err
	}
	if err := n.call("KZ", "POST", n.doc+"/adoption/positions", map[string]string{"kind": "interpretative_statement",
		"text": "Доклад понимается как информационный (иллюстрация).", "lang": "ru"}, 200, nil); err != nil {
		return err
	}
	n.clock.move(72*time.Hour + time.Minute)
	fmt.Fprintf(n.out, "  the server's clock moves on 72 hours and 1 minute, to %s\n", n.clock.now().UTC().Format(time.RFC3339))
	if err := n.expectAdoption(accord.Adopted, ""); err != nil {
		return err
	}

	n.step("8. The secretariat opens the adopted text for signature; every head of delegation signs the statement with `accord sign` and submits it.")
	if err := n.call("secretariat", "POST", n.doc+"/signing", nil, 201, nil); err != nil {
		return err
	}
	var statement string
	if err := n.send("PK", "GET", n.doc+"/statement", nil, 200, &statement); err != nil {
		return err
	}
	fmt.Fprintf(n.out, "  the statement names the adopted revision: %s\n", lineWith(statement, "adopted revision"))
	if !strings.Contains(statement, "adopted revision 3 silence") {
		return fmt.Errorf("the signing statement does not name adopted revision 3:\n%s", statement)
	}
	stFile := filepath.Join(n.data, "negotiation-statement.txt")
	if err := os.WriteFile(stFile, []byte(statement), 0o644); err != nil {
		return err
	}
	env := func(k string) string {
		if k == "ACCORD_PASSPHRASE" {
			return demo.Password
		}
		return n.env(k)
	}
	for _, st := range n.members {
		var signed, errOut bytes.Buffer
		key := filepath.Join(n.data, "demo-keys", strings.ToLower(st)+".key")
		if code := run(n.ctx, []string{"sign", "--key", key, stFile}, env, &signed, &errOut); code != 0 {
			return fmt.Errorf("accord sign for %s: exit %d: %s", st, code, errOut.String())
		}
		fmt.Fprintf(n.out, "  accord sign --key %s → exit 0\n", filepath.Join("demo-keys", strings.ToLower(st)+".key"))
		if err := n.call(st, "POST", n.doc+"/signatures", map[string]string{"signature": signed.String()}, 201, nil); err != nil {
			return err
		}
	}
	var bundle string
	if err := n.send("secretariat", "GET", n.doc+"/bundle", nil, 200, &bundle); err != nil {
		return err
	}
	n.bundle = filepath.Join(n.data, "negotiation.bundle.json")
	return os.WriteFile(n.bundle, []byte(bundle), 0o644)
}

// finalAll marks every text of every live segment final, as the
// translators and the legal check would.
func (n *negotiation) finalAll() error {
	var v struct {
		Draft accord.Draft `json:"draft"`
	}
	if err := n.call("chair", "GET", n.doc+"/draft", nil, 200, &v); err != nil {
		return err
	}
	for _, s := range v.Draft.Segments {
		if s.Deleted {
			continue
		}
		for _, l := range v.Draft.Languages {
			t := s.Texts[l]
			if t == nil || (t.State == accord.TextFinal && !t.NeedsReview) {
				continue
			}
			if err := n.call("chair", "POST", fmt.Sprintf("%s/draft/segments/%d/texts/%s", n.doc, s.ID, l), map[string]string{"text": t.Text, "state": "final"}, 200, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// expectAdoption reads the adoption and checks its latest procedure's
// result, and who broke the silence.
func (n *negotiation) expectAdoption(result accord.AdoptionResult, brokenBy string) error {
	var v struct {
		Adoption accord.Adoption `json:"adoption"`
		Deadline string          `json:"deadline"`
	}
	if err := n.call("PK", "GET", n.doc+"/adoption", nil, 200, &v); err != nil {
		return err
	}
	a := v.Adoption
	fmt.Fprintf(n.out, "  adoption of revision %d by %s: %s (deadline %s)\n", a.Revision, a.Method, cmp.Or(string(a.Result), "running"), v.Deadline)
	if a.Result != result || a.BrokenBy != brokenBy {
		return fmt.Errorf("the adoption is %q broken by %q, want %q broken by %q", a.Result, a.BrokenBy, result, brokenBy)
	}
	return nil
}

func (n *negotiation) verify(trust string) error {
	n.step("9. accord verify %s --trust %s", filepath.Base(n.bundle), filepath.Base(trust))
	code := run(n.ctx, []string{"verify", n.bundle, "--trust", trust}, n.env, n.out, n.stderr)
	if code != 0 {
		return fmt.Errorf("accord verify: exit %d", code)
	}
	return nil
}

func lineWith(s, prefix string) string {
	for l := range strings.SplitSeq(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
