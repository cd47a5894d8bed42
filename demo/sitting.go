package demo

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
)

// loadDemoSitting gives the invented meeting XXIII what a sitting needs:
// an agenda of two items and the delegations of the member states, so
// that the demo can put it in session and run its speakers list. Like the
// meeting, they are an illustration: the heads are named by title only.
func (l *loader) loadDemoSitting(ctx context.Context, m *accord.Meeting) error {
	agenda, err := l.store.ListAgenda(ctx, m.ID)
	if err != nil {
		return err
	}
	if len(agenda) == 0 {
		for i, title := range []accord.Text{
			{"en": "Demo item: opening of the meeting", "ru": "Демонстрационный пункт: открытие совещания", "zh": "演示项目：会议开幕"},
			{"en": "Demo item: exchange of experience", "ru": "Демонстрационный пункт: обмен опытом", "zh": "演示项目：经验交流"},
		} {
			item := &accord.AgendaItem{MeetingID: m.ID, Position: i + 1, Kind: accord.AgendaOther, Title: title}
			if err := l.keep(l.store.AddAgendaItem(ctx, item)); err != nil {
				return fmt.Errorf("agenda item %d: %w", i+1, err)
			}
		}
	}
	members, err := l.store.MembersOn(ctx, m.Organization, m.Start, accord.Member)
	if err != nil {
		return err
	}
	for _, ms := range members {
		d := &accord.Delegation{MeetingID: m.ID, State: ms.State, Head: accord.Person{Title: prosecutorGeneral(ms.State), Affiliation: ms.State}}
		if err := l.keep(l.store.CreateDelegation(ctx, d)); err != nil {
			return fmt.Errorf("delegation of %s: %w", ms.State, err)
		}
	}
	return nil
}
