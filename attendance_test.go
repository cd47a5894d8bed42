package accord

import (
	"slices"
	"testing"
)

func TestAttends(t *testing.T) {
	for _, c := range []struct {
		state InvitationState
		want  bool
	}{
		{NotInvited, true},
		{InvitationSent, true},
		{InvitationAccepted, true},
		{InvitationDeclined, false},
	} {
		if got := c.state.Attends(); got != c.want {
			t.Errorf("%q attends: %v, want %v", c.state, got, c.want)
		}
		if got := (&Delegation{Invitation: c.state}).Attends(); got != c.want {
			t.Errorf("a delegation %q attends: %v, want %v", c.state, got, c.want)
		}
	}
}

func TestAttending(t *testing.T) {
	d := func(party string, inv InvitationState) *Delegation {
		if len(party) == 2 {
			return &Delegation{State: party, Invitation: inv}
		}
		return &Delegation{Organ: party, Invitation: inv}
	}
	for _, c := range []struct {
		name string
		in   []*Delegation
		want []string
	}{
		{"none", nil, nil},
		{"all attend, order kept", []*Delegation{d("PK", InvitationAccepted), d("CN", NotInvited), d("SEC", InvitationSent)}, []string{"PK", "CN", "SEC"}},
		{"a declined one left out", []*Delegation{d("PK", InvitationAccepted), d("IN", InvitationDeclined), d("KZ", InvitationSent)}, []string{"PK", "KZ"}},
		{"all declined", []*Delegation{d("IN", InvitationDeclined), d("SEC", InvitationDeclined)}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			orig := slices.Clone(c.in)
			var got []string
			for _, x := range Attending(c.in) {
				got = append(got, x.Party())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			// The caller's list is left as it was.
			if !slices.Equal(orig, c.in) {
				t.Errorf("Attending changed its argument")
			}
		})
	}
}

func TestSignatories(t *testing.T) {
	member := func(st string) *MemberState {
		return &MemberState{Membership: Membership{State: st, Status: Member}, Names: Text{"en": st}}
	}
	head := func(st string, inv InvitationState) *Delegation {
		return &Delegation{State: st, Invitation: inv, Head: Person{Title: Text{"en": "Prosecutor General of " + st}, Affiliation: st}}
	}
	members := []*MemberState{member("RU"), member("CN"), member("IN"), member("KZ")}
	for _, c := range []struct {
		name  string
		ds    []*Delegation
		want  []string
		heads map[string]string
	}{
		{"no delegations recorded: every member signs", nil, []string{"CN", "IN", "KZ", "RU"}, map[string]string{}},
		{"heads named from their delegations", []*Delegation{head("RU", NotInvited), head("IN", InvitationAccepted)},
			[]string{"CN", "IN", "KZ", "RU"}, map[string]string{"RU": "Prosecutor General of RU", "IN": "Prosecutor General of IN"}},
		{"an invitation not answered yet signs", []*Delegation{head("KZ", InvitationSent)}, []string{"CN", "IN", "KZ", "RU"}, map[string]string{"KZ": "Prosecutor General of KZ"}},
		{"a declined state does not sign", []*Delegation{head("IN", InvitationDeclined), head("CN", InvitationAccepted)},
			[]string{"CN", "KZ", "RU"}, map[string]string{"CN": "Prosecutor General of CN"}},
		{"a delegation of a non-member adds no signatory", []*Delegation{head("MN", InvitationAccepted)}, []string{"CN", "IN", "KZ", "RU"}, map[string]string{}},
		{"all declined: nobody", []*Delegation{head("RU", InvitationDeclined), head("CN", InvitationDeclined), head("IN", InvitationDeclined), head("KZ", InvitationDeclined)}, nil, map[string]string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Signatories(members, c.ds)
			var states []string
			for _, s := range got {
				states = append(states, s.State)
				if s.Head != c.heads[s.State] {
					t.Errorf("%s's head: %q, want %q", s.State, s.Head, c.heads[s.State])
				}
			}
			if !slices.Equal(states, c.want) {
				t.Errorf("signatories %v, want %v", states, c.want)
			}
		})
	}
}
