package followup_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/followup"
)

func TestCheckStatusList(t *testing.T) {
	long := make([]accord.FollowUpStatus, accord.MaxFollowUpStatuses+1)
	for i := range long {
		long[i] = accord.FollowUpStatus("s" + strings.Repeat("x", i))
	}
	long[0] = accord.StatusNotStarted
	for _, c := range []struct {
		name  string
		list  []accord.FollowUpStatus
		field string // "" when accepted
	}{
		{"the default list", accord.DefaultFollowUpStatuses, ""},
		{"a short list of the council's own", []accord.FollowUpStatus{"not_started", "under_review", "done2"}, ""},
		{"empty", nil, "statuses"},
		{"too long", long, "statuses"},
		{"a name with a space", []accord.FollowUpStatus{"not_started", "under review"}, "statuses[1]"},
		{"a capital", []accord.FollowUpStatus{"not_started", "Done"}, "statuses[1]"},
		{"a leading digit", []accord.FollowUpStatus{"not_started", "2done"}, "statuses[1]"},
		{"empty name", []accord.FollowUpStatus{"not_started", ""}, "statuses[1]"},
		{"a name of 41 bytes", []accord.FollowUpStatus{"not_started", accord.FollowUpStatus(strings.Repeat("a", 41))}, "statuses[1]"},
		{"a name twice", []accord.FollowUpStatus{"not_started", "done", "done"}, "statuses[2]"},
		{"without not_started", []accord.FollowUpStatus{"in_progress", "done"}, "statuses"},
	} {
		err := followup.CheckStatusList(c.list)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.field != "" && (accord.ErrorCode(err) != accord.EINVALID || err.(*accord.Error).Field != c.field):
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
}

func TestRemoved(t *testing.T) {
	for _, c := range []struct {
		before, after, want []accord.FollowUpStatus
	}{
		{accord.DefaultFollowUpStatuses, accord.DefaultFollowUpStatuses, nil},
		{[]accord.FollowUpStatus{"a", "b", "c"}, []accord.FollowUpStatus{"c", "d"}, []accord.FollowUpStatus{"a", "b"}},
		{nil, []accord.FollowUpStatus{"a"}, nil},
	} {
		if got := followup.Removed(c.before, c.after); !slices.Equal(got, c.want) {
			t.Errorf("Removed(%v, %v) = %v, want %v", c.before, c.after, got, c.want)
		}
	}
}
