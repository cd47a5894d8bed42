package accord

import (
	"fmt"
	"strings"
	"testing"
)

func TestInviteesAndCheckInvited(t *testing.T) {
	roll := []*MemberState{
		{Membership: Membership{State: "CN", Status: Member}, Names: Text{"en": "China"}},
		{Membership: Membership{State: "IN", Status: Member}, Names: Text{"en": "India"}},
		{Membership: Membership{State: "MN", Status: Observer}, Names: Text{"en": "Mongolia"}},
		{Membership: Membership{State: "KG", Status: Member}, Names: Text{"en": "Kyrgyzstan"}},
	}
	registered := []*Delegation{{State: "KG"}, {Organ: "SEC"}}
	var got []string
	for _, in := range Invitees(roll, registered) {
		got = append(got, fmt.Sprintf("%s:%t", in.State, in.Preselected))
	}
	if s := strings.Join(got, " "); s != "CN:true IN:true MN:false" {
		t.Errorf("invitees %s: the registered state must be left out, only members preselected", s)
	}
	name := func(code string) string { return map[string]string{"KG": "Kyrgyzstan", "TR": "Türkiye"}[code] }
	for _, c := range []struct {
		states []string
		want   string // joined states, or the error
	}{
		{[]string{"CN", "MN"}, "CN MN"},
		{[]string{"CN", "CN", "IN"}, "CN IN"},
		{nil, "states: choose at least one state"},
		{[]string{"TR"}, "states: Türkiye is not a member, observer or partner of the organization on the meeting's date"},
		{[]string{"CN", "KG"}, "states: Kyrgyzstan has a delegation at this meeting already"},
		{[]string{"cn"}, `states: "cn" is not a state code such as KG or CY-N`},
		{make([]string, MaxBulkDelegations+1), "states: choose at most 200 states at once"},
	} {
		out, err := CheckInvited(c.states, roll, registered, name)
		s := strings.Join(out, " ")
		if err != nil {
			s = err.Error()
		}
		if s != c.want {
			t.Errorf("CheckInvited(%v) = %s, want %s", c.states, s, c.want)
		}
	}
	if ErrorCode(func() error { _, err := CheckInvited([]string{"KG"}, roll, registered, name); return err }()) != ECONFLICT {
		t.Errorf("a registered state is a conflict")
	}
	a := DelegationAnswer{Head: Person{Title: Text{"en": "Head of delegation"}}}
	if err := a.Validate(); ErrorField(err) != "head.name" {
		t.Errorf("an answer must name the head: %v", err)
	}
}
