package rotation

import (
	"context"

	"github.com/accord-org/accord"
)

// Record is what the engine needs of one body, read from a store.
type Record struct {
	Body *accord.Body
	// Rules are every version of the body's rule, nil when it has none;
	// Engine is the version in force on the day Load was given (or the
	// first, when none is in force yet), nil likewise.
	Rules    *Rules
	Engine   *Engine
	Terms    []*accord.ChairTerm
	Meetings []*accord.Meeting
}

// Load reads a body's rule versions, memberships, chair terms and meetings,
// and builds the engines. A body without a rule has nil Rules and Engine,
// and its terms and meetings all the same.
func Load(ctx context.Context, store accord.Store, org, body string, today accord.Date) (*Record, error) {
	b, err := store.FindBody(ctx, org, body)
	if err != nil {
		return nil, err
	}
	rec := &Record{Body: b}
	versions, err := store.ListRotationRules(ctx, org, body)
	if err != nil {
		return nil, err
	}
	if len(versions) > 0 {
		members, err := store.ListMemberships(ctx, org)
		if err != nil {
			return nil, err
		}
		if rec.Rules, err = NewRules(versions, members); err != nil {
			return nil, err
		}
		rec.Engine = rec.Rules.Current(today)
	}
	if rec.Terms, err = store.ListChairTerms(ctx, org, body); err != nil {
		return nil, err
	}
	if rec.Meetings, err = store.ListMeetings(ctx, accord.MeetingFilter{Organization: org, Body: body}); err != nil {
		return nil, err
	}
	return rec, nil
}
