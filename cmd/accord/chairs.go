package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/rotation"
)

const chairsUsage = `Usage: accord chairs <forecast|check|handover> [flags]

  forecast   print the next chairs of a body, by its rotation rule
  check      replay the recorded chairmanship against each body's rule
  handover   close the chair's term in office and open the next one

Run 'accord chairs <command> -h' for its flags.
`

func runChairs(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	subs := map[string]func(context.Context, []string, func(string) string, io.Writer, io.Writer) error{
		"forecast": runChairsForecast, "check": runChairsCheck, "handover": runChairsHandover,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, chairsUsage)
			return flag.ErrHelp
		}
		fmt.Fprint(stderr, chairsUsage)
		return errUsage
	}
	return subs[args[0]](ctx, args[1:], env, stdout, stderr)
}

// chairsFlags are the flags the chairs commands share.
type chairsFlags struct {
	cfg             *Config
	org, body, lang string
}

func newChairsFlags(name, extra string, env func(string) string, stderr io.Writer) (*flag.FlagSet, *chairsFlags) {
	fs := newFlagSet("chairs "+name, extra, stderr)
	c := &chairsFlags{cfg: bindConfig(fs, env)}
	c.cfg.Now = time.Now
	fs.StringVar(&c.org, "org", "", "organization code, such as SCO")
	fs.StringVar(&c.body, "body", "", "body code, such as PGM")
	fs.StringVar(&c.lang, "lang", "en", "language of the state names printed")
	return fs, c
}

func (c *chairsFlags) required() error {
	if c.org == "" {
		return accord.Invalid("org", "is required, such as --org SCO")
	}
	if c.body == "" {
		return accord.Invalid("body", "is required, such as --body PGM")
	}
	return nil
}

func runChairsForecast(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs, c := newChairsFlags("forecast", "Prints the next chairs of a body: the chair in office, then the rule's choices.\n", env, stderr)
	n := fs.Int("n", 10, "how many chairs to forecast (1 to 100)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := c.required(); err != nil {
		return err
	}
	if *n < 1 || *n > 100 {
		return accord.Invalid("n", "must be between 1 and 100, got %d", *n)
	}
	db, err := openDB(ctx, c.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	rec, err := rotation.Load(ctx, db, c.org, c.body, accord.DateOf(c.cfg.Now()))
	if err != nil {
		return err
	}
	if rec.Engine == nil {
		return accord.NotFound("rotation rule of", c.org+" "+c.body)
	}
	rule := rec.Engine.Rule()
	turns, err := rec.Rules.Forecast(rec.Terms, rec.Meetings, accord.DateOf(c.cfg.Now()), *n)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Chairs of %s (%s %s)\nRule: %s\n", rec.Body.Names.Get(c.lang), c.org, c.body, rule.Describe())
	for i, t := range turns {
		if t.Decision {
			about := ""
			if t.Estimated {
				about = "about "
			}
			fmt.Fprintf(stdout, "%3d. chosen by decision, from %s%s\n", i+1, about, t.From)
			continue
		}
		when := "from " + t.From.String()
		switch {
		case t.InOffice:
			when = "in office since " + t.From.String()
		case t.Overdue && t.Estimated:
			when = "handover overdue: due about " + t.From.String()
		case t.Overdue:
			when = "handover overdue: due " + t.From.String()
		case t.Estimated:
			when = "from about " + t.From.String() + " (estimated)"
		}
		meeting := ""
		if t.Meeting > 0 {
			meeting = "chairs " + accord.Roman(t.Meeting)
		}
		fmt.Fprintf(stdout, "%3d. %-14s %-5s %-14s %s\n", i+1, t.Names.Get(c.lang), t.State, meeting, when)
	}
	if len(turns) > 0 && turns[len(turns)-1].Decision {
		fmt.Fprintln(stdout, "The next chair is chosen by decision, so later chairs cannot be forecast.")
	}
	return nil
}

func runChairsCheck(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs, c := newChairsFlags("check", "Replays each body's recorded chairmanship against its rotation rule (every body with a rule,\nor the one named) and lists the handovers that deviate from it.\n", env, stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, c.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	type key struct{ org, body string }
	var bodies []key
	if c.org != "" && c.body != "" {
		bodies = append(bodies, key{c.org, c.body})
	} else {
		orgs, err := db.ListOrganizations(ctx)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if c.org != "" && o.Code != c.org {
				continue
			}
			bs, err := db.ListBodies(ctx, o.Code)
			if err != nil {
				return err
			}
			for _, b := range bs {
				if c.body == "" || b.Code == c.body {
					bodies = append(bodies, key{o.Code, b.Code})
				}
			}
		}
	}
	checked := 0
	for _, b := range bodies {
		rec, err := rotation.Load(ctx, db, b.org, b.body, accord.DateOf(c.cfg.Now()))
		if err != nil {
			return err
		}
		if rec.Engine == nil {
			continue // a body with no rule has nothing to check against
		}
		findings, err := rec.Rules.Check(rec.Terms, rec.Meetings)
		if err != nil {
			return err
		}
		checked++
		rule := rec.Engine.Rule()
		fmt.Fprintf(stdout, "%s %s: %s\n", b.org, b.body, rule.Describe())
		if versions := rec.Rules.Versions(); len(versions) > 1 {
			for _, v := range versions {
				from := "the beginning"
				if !v.EffectiveFrom.IsZero() {
					from = v.EffectiveFrom.String()
				}
				fmt.Fprintf(stdout, "  rule in force from %s: %s\n", from, v.Describe())
			}
		}
		printFindings(stdout, rec, findings, c.lang)
	}
	if checked == 0 {
		return accord.Errorf(accord.ENOTFOUND, "no body with a rotation rule was found")
	}
	return nil
}

func printFindings(w io.Writer, rec *rotation.Record, findings []rotation.Finding, lang string) {
	e := rec.Rules
	// chair names a state with the numeral of the meeting it chaired.
	chair := func(meeting int, state string) string {
		if meeting > 0 {
			return accord.Roman(meeting) + " " + e.Names(state).Get(lang)
		}
		return e.Names(state).Get(lang)
	}
	basis := func(t *accord.ChairTerm) string {
		if t.Basis == accord.ByDecision {
			return "by decision: " + t.Note
		}
		return "by the rule"
	}
	if len(rec.Terms) > 0 {
		first := rec.Terms[0]
		meeting := 0
		for _, m := range rec.Meetings {
			if m.ID == first.FromMeetingID {
				meeting = m.Number
			}
		}
		fmt.Fprintf(w, "  first     %s from %s, %s\n", chair(meeting, first.State), first.From, basis(first))
	}
	counts := map[rotation.Verdict]int{}
	for _, f := range findings {
		counts[f.Verdict]++
		switch f.Verdict {
		case rotation.Gap:
			before, after, missing := 0, 0, "nothing is recorded between "+f.Outgoing.Until.String()+" and "+f.Incoming.From.String()
			if f.MissingFrom > 0 {
				before, after, missing = f.MissingFrom-1, f.MissingTo+1, "nothing is known of meeting "+accord.Roman(f.MissingFrom)
				if f.MissingTo > f.MissingFrom {
					missing = "nothing is known of meetings " + accord.Roman(f.MissingFrom) + "–" + accord.Roman(f.MissingTo)
				}
			}
			fmt.Fprintf(w, "  gap       %s … %s: %s\n", chair(before, f.Outgoing.State), chair(after, f.Incoming.State), missing)
		case rotation.Follows:
			fmt.Fprintf(w, "  follows   %s → %s\n", chair(f.Meeting, f.Outgoing.State), chair(nextMeeting(f.Meeting), f.Incoming.State))
		case rotation.Extends:
			fmt.Fprintf(w, "  extension %s keeps the chair%s, %s: %s\n", e.Names(f.Incoming.State).Get(lang), atMeeting(f.Meeting), f.Incoming.From, f.Reason)
		case rotation.Decided:
			why := map[rotation.Why]string{rotation.ByDecisionRule: "the chair passes by decision", rotation.NoneEligible: "no other state was eligible",
				rotation.NoRule: "no rule was in force"}[f.Why]
			fmt.Fprintf(w, "  decision  %s → %s%s, %s (%s): %s\n", e.Names(f.Outgoing.State).Get(lang), e.Names(f.Incoming.State).Get(lang),
				atMeeting(f.Meeting), f.Incoming.From, why, f.Reason)
		default:
			reason := "no reason recorded"
			if f.Reason != "" {
				reason = "reason recorded: " + f.Reason
			}
			fmt.Fprintf(w, "  DEVIATES  %s → %s, where the rule gave %s; %s\n",
				chair(f.Meeting, f.Outgoing.State), chair(nextMeeting(f.Meeting), f.Incoming.State), e.Names(f.RuleGave).Get(lang), reason)
		}
	}
	fmt.Fprintf(w, "  %d terms; %d handovers replayed: %d follow the rule, %d deviate, %d by decision, %d extensions; %d gaps in the record.\n",
		len(rec.Terms), len(findings)-counts[rotation.Gap], counts[rotation.Follows], counts[rotation.Deviates], counts[rotation.Decided], counts[rotation.Extends], counts[rotation.Gap])
}

// atMeeting names the meeting of a handover, when recorded.
func atMeeting(n int) string {
	if n == 0 {
		return ""
	}
	return " at meeting " + accord.Roman(n)
}

// nextMeeting is the number of the meeting after n, when n is known.
func nextMeeting(n int) int {
	if n == 0 {
		return 0
	}
	return n + 1
}

func runChairsHandover(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs, c := newChairsFlags("handover", "Closes the term of the chair in office and opens the next one, in one transaction:\nby the rule, or by a decision (--to with --reason).\n", env, stderr)
	h := &accord.Handover{}
	fs.StringVar(&h.To, "to", "", "incoming state, for a handover by decision (default: the rule's choice)")
	fs.StringVar(&h.Reason, "reason", "", "the decision's reason, required when --to differs from the rule")
	fs.Int64Var(&h.SourceDocumentID, "source-document", 0, "id of the document that records the decision")
	atMeeting := fs.Int("at-meeting", 0, "number of the meeting at which the chair is handed over")
	day := fs.String("date", "", "handover day, YYYY-MM-DD (default: the meeting's last day, or today)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := c.required(); err != nil {
		return err
	}
	h.Organization, h.Body, h.To, h.Reason = c.org, c.body, strings.ToUpper(h.To), strings.TrimSpace(h.Reason)
	if *day != "" {
		d, err := accord.ParseDate(*day)
		if err != nil {
			return accord.Invalid("date", "%q is not a date of the form YYYY-MM-DD", *day)
		}
		h.Date = d
	}
	db, err := openDB(ctx, c.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if *atMeeting != 0 {
		m, err := db.FindMeeting(ctx, c.org, c.body, *atMeeting)
		if err != nil {
			return accord.Invalid("at-meeting", "%s", accord.ErrorMessage(err))
		}
		h.MeetingID = m.ID
	}
	// The operator at the terminal acts on the database directly; the audit
	// trail names them as the command line.
	res, err := db.Handover(accord.WithActor(ctx, &accord.Actor{Label: "cli"}), h)
	if err != nil {
		return err
	}
	basis := "by the rule"
	if res.Opened.Basis == accord.ByDecision {
		basis = "by decision: " + res.Opened.Note
	}
	if res.Opened.State == res.Closed.State {
		fmt.Fprintf(stdout, "The term of %s in the chair of %s %s was extended on %s, %s.\n", res.Opened.State, c.org, c.body, res.Opened.From, basis)
		return nil
	}
	fmt.Fprintf(stdout, "The chair of %s %s passed from %s to %s on %s, %s.\n", c.org, c.body, res.Closed.State, res.Opened.State, res.Opened.From, basis)
	if res.RuleGave != "" && res.RuleGave != res.Opened.State {
		fmt.Fprintf(stdout, "The rule gave %s; the deviation is recorded and the rotation continues from %s.\n", res.RuleGave, res.Opened.State)
	}
	return nil
}
