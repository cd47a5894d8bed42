package http

import (
	"net/http"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// termRow is a term as the chairs page shows it. A term without a recorded
// start carries its meeting's dates, so that both columns would show the
// same day: the row says instead that the start is not recorded and which
// meeting the chair held.
func termRow(lang string, t *accord.ChairTerm, names accord.Text, numbers map[int64]int, meetings []*accord.Meeting, h *handoverCheck) chairTermRow {
	row := chairTermRow{ChairTerm: t, Names: names, FromMeeting: numbers[t.FromMeetingID], Handover: h}
	if row.FromMeeting > 0 {
		row.MeetingText = " (" + i18n.MeetingNumberText(lang, row.FromMeeting) + ")"
		if lang == "zh" {
			row.MeetingText = "（" + i18n.MeetingNumberText(lang, row.FromMeeting) + "）"
		}
	}
	if t.FromMeetingID == 0 && (t.Note == accord.ChairNoteStartUnknown || t.From == t.Until) {
		row.StartUnknown = true
		for _, m := range meetings {
			if m.Start == t.From {
				row.HeldMeeting = i18n.ClauseSep(lang) + i18n.HeldMeeting(lang, m.Number)
				break
			}
		}
	} else if !t.Until.IsZero() && t.From == t.Until {
		row.OneDay = true
	}
	return row
}

// noteText is a term's note for the page: the note that says the start is
// not recorded is the row's own words already.
func (r chairTermRow) NoteText() string {
	if r.Note == accord.ChairNoteStartUnknown {
		return ""
	}
	return r.Note
}

// ruleText says rule in the reader's language, with the states' names.
func (s *Server) ruleText(r *http.Request, rule *accord.RotationRule) (string, error) {
	names, err := s.stateNames(r.Context())
	if err != nil {
		return "", err
	}
	return i18n.DescribeRule(i18n.RequestLanguage(r), rule, names), nil
}
