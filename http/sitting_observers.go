package http

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// Observers and guests in a sitting (issue 13, item 2): whether the
// delegation of a state that is not a member on the meeting's date asks for
// the floor is the body's setting, which the policy reads from the
// resource. Only the pages that judge ActAsk pay for the members' query.

// askResource adds to a sitting's resource what the policy needs to judge a
// request for the floor: the member states on the meeting's first day
// (today for a meeting whose days are not known) and the body's setting.
func (s *Server) askResource(ctx context.Context, body *accord.Body, m *accord.Meeting, res accord.Resource) (accord.Resource, error) {
	day := m.Start
	if !day.Exact() {
		day = accord.DateOf(s.now())
	}
	members, err := s.store.MembersOn(ctx, m.Organization, day, accord.Member)
	if err != nil {
		return res, err
	}
	res.Members = make([]string, 0, len(members))
	for _, ms := range members {
		res.Members = append(res.Members, ms.State)
	}
	res.ObserversMayAsk = body.ObserversMayAsk
	return res, nil
}

// noDelegationFirst tells a state with no delegation at the meeting so,
// where the policy refused it as an observer: it is not a member either,
// but no setting would let it ask, and the engine says so to the others.
func (s *Server) noDelegationFirst(ctx context.Context, m *accord.Meeting, state string, err error) error {
	if e, ok := errors.AsType[*accord.Error](err); !ok || e.Message != accord.ObserversAskRule {
		return err
	}
	dels, lerr := s.store.ListDelegations(ctx, m.ID)
	if lerr != nil {
		return lerr
	}
	if !slices.ContainsFunc(accord.Attending(dels), func(d *accord.Delegation) bool { return d.State == state }) {
		return accord.Invalid("state", "has no delegation at the meeting")
	}
	return err
}

// bodySettingField is the body form's choice of whether observers and
// guests ask: a select rather than a tick box, so that a form or a JSON
// object that leaves it out keeps the setting.
func bodySettingField(lang string) field {
	return field{Name: "observers_may_ask", Label: i18n.T(lang, "Observers and guests ask for the floor"), Type: "select", Required: true,
		Options: []option{{"false", i18n.T(lang, "No: only member states ask")}, {"true", i18n.T(lang, "Yes, in the body's sittings")}},
		Hint:    i18n.T(lang, "Observer states and guests are the delegations of states that are not members on a meeting's first day.")}
}

func bodySettingValue(b *accord.Body) string {
	if b.ObserversMayAsk {
		return "true"
	}
	return "false"
}

// boolean sets *dst from "true" or "false", when sent.
func (b *binder) boolean(key string, dst *bool) {
	if !b.has(key) {
		return
	}
	switch strings.TrimSpace(b.in.Get(key)) {
	case "true":
		*dst = true
	case "false":
		*dst = false
	default:
		b.fail(accord.Invalid(key, "%q is not true or false", b.in.Get(key)))
	}
}
