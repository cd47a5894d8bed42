package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

func invited(meetingID int64, states ...string) []*accord.Delegation {
	var ds []*accord.Delegation
	for _, s := range states {
		ds = append(ds, &accord.Delegation{MeetingID: meetingID, State: s, Head: accord.InvitedHead(s, en("Head of delegation")), Members: []accord.Person{}})
	}
	return ds
}

// TestCreateDelegationsAllOrNone registers several delegations at once and
// shows each refusal leaving the database as it was, the first good
// states of a refused batch included.
func TestCreateDelegationsAllOrNone(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		f := seed(t, db)
		ctx := t.Context()
		before := snapshot(t, db, f)
		for _, c := range []struct {
			name   string
			ds     []*accord.Delegation
			code   string
			inText string
		}{
			{"none", nil, accord.EINVALID, "at least one"},
			// Türkiye is in the table of states but not in the SCO.
			{"state not on the roll", invited(f.sco22.ID, "CN", "TR"), accord.EINVALID, "Türkiye is not a member"},
			// Belarus became a member on 4 July 2024, and was an observer
			// before; Afghanistan's start is unknown, so not on the roll.
			{"state whose start is unknown", invited(f.sco22.ID, "CN", "AF"), accord.EINVALID, "Afghanistan is not a member"},
			{"state registered already", invited(f.sco22.ID, "CN", "KG"), accord.ECONFLICT, "Kyrgyzstan already has a delegation at meeting XXII"},
			{"state named twice", invited(f.sco22.ID, "CN", "CN"), accord.EINVALID, "CN is named twice"},
			{"unknown state", invited(f.sco22.ID, "CN", "FR"), accord.EINVALID, "FR does not exist"},
			{"another meeting's delegation", invited(f.ots3.ID, "AZ"), accord.EINVALID, "one meeting"},
			{"head without name or title", []*accord.Delegation{{MeetingID: f.sco22.ID, State: "CN", Members: []accord.Person{}}}, accord.EINVALID, "title"},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.CreateDelegations(ctx, f.sco22.ID, c.ds)
				if accord.ErrorCode(err) != c.code || !strings.Contains(accord.ErrorMessage(err), c.inText) {
					t.Errorf("got %v (%s), want %s containing %q", err, accord.ErrorCode(err), c.code, c.inText)
				}
				if after := snapshot(t, db, f); after != before {
					t.Errorf("the database changed:\n%s\n%s", before, after)
				}
			})
		}
		if err := db.CreateDelegations(ctx, 99999, invited(99999, "CN")); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("unknown meeting: %v", err)
		}

		ok(t, db.CreateDelegations(ctx, f.sco22.ID, invited(f.sco22.ID, "CN", "BY", "IN", "KZ", "PK", "RU")))
		ds, err := db.ListDelegations(ctx, f.sco22.ID)
		ok(t, err)
		var got []string
		for _, d := range ds {
			got = append(got, d.State+":"+d.Head.Title.Get("en"))
		}
		if want := "KG:Prosecutor General of the Kyrgyz Republic CN:Head of delegation BY:Head of delegation IN:Head of delegation KZ:Head of delegation PK:Head of delegation RU:Head of delegation"; strings.Join(got, " ") != want {
			t.Errorf("delegations: %s\nwant %s", strings.Join(got, " "), want)
		}
		if recs, _, err := db.ListAudit(ctx, accord.AuditFilter{Action: "delegation.create"}); err != nil || len(recs) != 8 {
			t.Errorf("audit: %v, %d records of delegation.create, want 8 (2 seeded, 6 now)", err, len(recs))
		}

		// The officer's answer names the head and adds the members in one
		// transaction; a refused answer changes nothing.
		var cn *accord.Delegation
		for _, d := range ds {
			if d.State == "CN" {
				cn = d
			}
		}
		before = snapshot(t, db, f)
		for _, c := range []struct {
			name  string
			a     accord.DelegationAnswer
			code  string
			field string
		}{
			{"head without a name", accord.DelegationAnswer{Head: accord.Person{Title: en("Procurator-General")}}, accord.EINVALID, "head.name"},
			{"member without name or title", accord.DelegationAnswer{Head: accord.Person{Name: "Example Name"}, Members: []accord.Person{{Name: "A. Adviser"}, {}}}, accord.EINVALID, "members[1].title"},
			{"too many members", accord.DelegationAnswer{Head: accord.Person{Name: "Example Name"}, Members: make([]accord.Person, accord.MaxAnswerMembers+1)}, accord.EINVALID, "members"},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.AnswerDelegation(ctx, cn.ID, &c.a)
				if accord.ErrorCode(err) != c.code || accord.ErrorField(err) != c.field {
					t.Errorf("got %v, want %s on %s", err, c.code, c.field)
				}
				if after := snapshot(t, db, f); after != before {
					t.Errorf("the database changed:\n%s\n%s", before, after)
				}
			})
		}
		if err := db.AnswerDelegation(ctx, 99999, &accord.DelegationAnswer{Head: accord.Person{Name: "X"}}); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("unknown delegation: %v", err)
		}
		ok(t, db.AnswerDelegation(ctx, cn.ID, &accord.DelegationAnswer{Head: accord.Person{Name: "Example Name", Title: en("Procurator-General")},
			Members: []accord.Person{{Name: "A. Adviser", Title: en("Adviser")}, {Title: en("Interpreter")}}}))
		d, err := db.FindDelegation(ctx, cn.ID)
		ok(t, err)
		if d.Head.Label("en") != "Example Name, Procurator-General" || len(d.Members) != 2 || d.Members[1].Label("en") != "Interpreter" || d.Members[0].Affiliation != "CN" {
			t.Errorf("answered delegation: %+v", d)
		}
		if rec := lastAudit(t, db, "delegation.answer"); !strings.Contains(rec.Before, "Head of delegation") || !strings.Contains(rec.After, "Example Name") {
			t.Errorf("audit of the answer: %+v", rec)
		}
		if d.Invitation != accord.InvitationAccepted {
			t.Errorf("answered delegation's invitation: %q", d.Invitation)
		}
		// Declining is audited with where the invitation stood; an unknown
		// delegation is not found, and one registered by hand has nothing
		// to answer and stays as it was.
		ok(t, db.DeclineDelegation(ctx, cn.ID))
		if d, err := db.FindDelegation(ctx, cn.ID); err != nil || d.Invitation != accord.InvitationDeclined {
			t.Errorf("declined delegation: %v %+v", err, d)
		}
		if rec := lastAudit(t, db, "delegation.decline"); !strings.Contains(rec.Before, "accepted") || !strings.Contains(rec.After, "declined") {
			t.Errorf("audit of the decline: %+v", rec)
		}
		if err := db.DeclineDelegation(ctx, 99999); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("declining an unknown delegation: %v", err)
		}
		xxii, err := db.FindMeeting(ctx, "SCO", "PGM", 22)
		ok(t, err)
		seeded, err := db.ListDelegations(ctx, xxii.ID)
		ok(t, err)
		byHand := seeded[0]
		before = snapshot(t, db, f)
		if err := db.DeclineDelegation(ctx, byHand.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("declining a delegation registered by hand: %v", err)
		}
		if after := snapshot(t, db, f); after != before {
			t.Errorf("the refused decline changed the database")
		}
	})
}
