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
		err := followup.CheckStatusList(accord.StatusList{Statuses: c.list, Labels: labelsOf(c.list)})
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.field != "" && (accord.ErrorCode(err) != accord.EINVALID || err.(*accord.Error).Field != c.field):
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
}

// labelsOf names each status of the council's own in the three
// languages, so that the cases above test the names alone.
func labelsOf(list []accord.FollowUpStatus) map[accord.FollowUpStatus]accord.Text {
	out := map[accord.FollowUpStatus]accord.Text{}
	for _, s := range list {
		if !followup.Builtin(s) {
			out[s] = accord.Text{"en": string(s) + " en", "ru": string(s) + " ru", "zh": string(s) + " zh"}
		}
	}
	return out
}

func TestCheckStatusLabels(t *testing.T) {
	list := []accord.FollowUpStatus{accord.StatusNotStarted, accord.StatusImplemented, "referred", "deferred"}
	good := func() map[accord.FollowUpStatus]accord.Text {
		return map[accord.FollowUpStatus]accord.Text{
			"referred": {"en": "referred to parliament", "ru": "передано в парламент", "zh": "已提交议会"},
			"deferred": {"en": "deferred", "ru": "отложено", "zh": "推迟", "kk": "кейінге қалдырылды"},
		}
	}
	for _, c := range []struct {
		name   string
		change func(map[accord.FollowUpStatus]accord.Text)
		field  string // "" when accepted
	}{
		{"every label given", func(map[accord.FollowUpStatus]accord.Text) {}, ""},
		{"no Chinese label", func(l map[accord.FollowUpStatus]accord.Text) { delete(l["referred"], "zh") }, "labels.referred.zh"},
		{"a blank Russian label", func(l map[accord.FollowUpStatus]accord.Text) { l["deferred"]["ru"] = "  " }, "labels.deferred.ru"},
		{"no labels at all", func(l map[accord.FollowUpStatus]accord.Text) { delete(l, "referred") }, "labels.referred.en"},
		{"a label one character too long", func(l map[accord.FollowUpStatus]accord.Text) {
			l["referred"]["zh"] = strings.Repeat("议", accord.MaxStatusLabel+1)
		}, "labels.referred.zh"},
		{"a label of the longest length", func(l map[accord.FollowUpStatus]accord.Text) {
			l["referred"]["zh"] = strings.Repeat("议", accord.MaxStatusLabel)
		}, ""},
		{"a label on two lines", func(l map[accord.FollowUpStatus]accord.Text) { l["referred"]["en"] = "referred\nto parliament" }, "labels.referred.en"},
		{"a label with a trailing space", func(l map[accord.FollowUpStatus]accord.Text) { l["referred"]["en"] = "referred " }, "labels.referred.en"},
		{"an empty label in another language", func(l map[accord.FollowUpStatus]accord.Text) { l["deferred"]["kk"] = "" }, "labels.deferred.kk"},
		{"a bad language tag", func(l map[accord.FollowUpStatus]accord.Text) { l["deferred"]["not a tag"] = "x" }, "labels.deferred.not a tag"},
		{"two statuses named alike", func(l map[accord.FollowUpStatus]accord.Text) { l["deferred"]["en"] = "Referred to parliament" }, "labels.deferred.en"},
		{"a label on a built-in status", func(l map[accord.FollowUpStatus]accord.Text) { l[accord.StatusImplemented] = accord.Text{"en": "done"} }, "labels.implemented"},
		{"a label on a status not in the list", func(l map[accord.FollowUpStatus]accord.Text) { l["gone"] = accord.Text{"en": "gone"} }, "labels.gone"},
	} {
		labels := good()
		c.change(labels)
		err := followup.CheckStatusList(accord.StatusList{Statuses: list, Labels: labels})
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.field != "" && accord.ErrorField(err) != c.field:
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
	labels := map[accord.FollowUpStatus]accord.Text{"referred": {"en": "referred to parliament", "ru": "передано в парламент", "zh": "已提交议会"}}
	for _, c := range []struct {
		lang, want string
		s          accord.FollowUpStatus
		ok         bool
	}{
		{"ru", "передано в парламент", "referred", true},
		{"zh-Hant", "已提交议会", "referred", true},
		{"kk", "referred to parliament", "referred", true},
		{"ru", "", accord.StatusImplemented, false},
		{"ru", "", "unlabelled", false},
	} {
		if got, ok := followup.Label(labels, c.lang, c.s); got != c.want || ok != c.ok {
			t.Errorf("Label(%s, %s) = %q %v, want %q %v", c.lang, c.s, got, ok, c.want, c.ok)
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
