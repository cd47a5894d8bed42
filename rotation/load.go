package rotation

import (
	"context"

	"github.com/accord-org/accord"
)

// Record is what the engine needs of one body, read from a store.
type Record struct {
	Body     *accord.Body
	Engine   *Engine
	Terms    []*accord.ChairTerm
	Meetings []*accord.Meeting
}

// Load reads a body's rule, memberships, chair terms and meetings, and
// builds the engine. A body without a rule has a nil Engine, and its terms
// and meetings all the same.
func Load(ctx context.Context, store accord.Store, org, body string) (*Record, error) {
	b, err := store.FindBody(ctx, org, body)
	if err != nil {
		return nil, err
	}
	rec := &Record{Body: b}
	switch rule, err := store.FindRotationRule(ctx, org, body); accord.ErrorCode(err) {
	case accord.ENOTFOUND:
	case "":
		members, err := store.ListMemberships(ctx, org)
		if err != nil {
			return nil, err
		}
		if rec.Engine, err = New(rule, members); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	if rec.Terms, err = store.ListChairTerms(ctx, org, body); err != nil {
		return nil, err
	}
	if rec.Meetings, err = store.ListMeetings(ctx, accord.MeetingFilter{Organization: org, Body: body}); err != nil {
		return nil, err
	}
	return rec, nil
}
